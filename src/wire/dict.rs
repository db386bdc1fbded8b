//! What a tape's reader keeps from one tape to the next: static strings,
//! struct shapes and static lists. Each is given a number the first time it
//! is written, defined once — in the definitions of the first tape handed to
//! the reader that uses it ([`Dict::commit`]) — and referred to by number
//! afterwards, so that a result carries only its values.

/// Kinds of definition, the first slot of each.
pub(crate) mod def {
    /// `[1, id, address, byte length]`: a string in static memory.
    pub const STATIC_STR: u8 = 1;
    /// `[2, id, byte offset, byte length]`: a string in the side buffer.
    pub const STR: u8 = 2;
    /// `[3, id, name, count, ...keys]` (string numbers): a struct shape.
    pub const SHAPE: u8 = 3;
    /// `[4, id, count, ...strings]` (string numbers): a static list.
    pub const LIST: u8 = 4;
}

/// One interned string: where it is, and its text when it is not in
/// static memory (only in native builds, where nothing is).
#[derive(Debug, Clone, Copy)]
struct Interned {
    at: usize,
    len: usize,
    text: Option<&'static str>,
}

/// The dictionary of a tape writer.
#[derive(Debug, Default, Clone)]
pub(crate) struct Dict {
    strs: Vec<Interned>,
    /// `strs` by (address, length).
    index: Slots,
    /// Shapes: struct name and field names, compared by address (equal
    /// strings at two addresses only make a second, equivalent shape).
    shape_names: Vec<&'static str>,
    shape_spans: Vec<(u32, u32)>,
    shape_keys: Vec<&'static str>,
    /// Static lists by key (the list's address), as string numbers.
    list_keys: Vec<f64>,
    list_spans: Vec<(u32, u32)>,
    list_strs: Vec<u32>,
    /// How many of each the reader has been given.
    strs_sent: usize,
    shapes_sent: usize,
    lists_sent: usize,
}

/// Where a string at `at` of `len` bytes starts its search in a
/// [`Slots`] index.
fn slot_of(at: usize, len: usize) -> usize {
    // Fibonacci hashing of the address, mixed with the length.
    (at.wrapping_mul(0x9E37_79B9) ^ len.wrapping_mul(0x85EB_CA6B)) >> 7
}

/// An open-addressing index of numbered entries, searched from a slot
/// hash the caller gives (any bits: it is masked here): 0 is empty, else
/// the entry's number + 1. A power of two long, at least twice the
/// entries, made on first use.
#[derive(Debug, Default, Clone)]
pub(crate) struct Slots(Vec<u32>);

impl Slots {
    pub(crate) const fn new() -> Self {
        Slots(Vec::new())
    }

    #[cfg(feature = "tables")]
    pub(crate) fn clear(&mut self) {
        self.0.clear();
    }

    /// The entry found from `hash` for which `is` holds, or the empty slot
    /// where it would go.
    #[inline]
    pub(crate) fn find(&mut self, hash: usize, is: impl Fn(u32) -> bool) -> Result<u32, usize> {
        if self.0.is_empty() {
            self.0 = vec![0; 64];
        }
        let mask = self.0.len() - 1;
        let mut i = hash & mask;
        loop {
            match self.0[i] {
                0 => return Err(i),
                n if is(n - 1) => return Ok(n - 1),
                _ => i = (i + 1) & mask,
            }
        }
    }

    /// Puts entry `id` in `slot` (from [`Slots::find`]). With `count`
    /// entries written now, grows when more than half full and places
    /// every entry again: entry `k` from `hash_of(k)` (`None`: not in the
    /// index).
    pub(crate) fn put(&mut self, slot: usize, id: u32, count: usize, hash_of: impl Fn(usize) -> Option<usize>) {
        self.0[slot] = id + 1;
        if count * 2 > self.0.len() {
            let size = self.0.len() * 2;
            self.0 = vec![0; size];
            let mask = size - 1;
            for k in 0..count {
                if let Some(h) = hash_of(k) {
                    let mut i = h & mask;
                    while self.0[i] != 0 {
                        i = (i + 1) & mask;
                    }
                    self.0[i] = k as u32 + 1;
                }
            }
        }
    }
}

impl Dict {
    pub(crate) const fn new() -> Self {
        Dict {
            strs: Vec::new(),
            index: Slots::new(),
            shape_names: Vec::new(),
            shape_spans: Vec::new(),
            shape_keys: Vec::new(),
            list_keys: Vec::new(),
            list_spans: Vec::new(),
            list_strs: Vec::new(),
            strs_sent: 0,
            shapes_sent: 0,
            lists_sent: 0,
        }
    }

    /// The number of the string at `at` of `len` bytes, interned if new.
    #[inline]
    pub(crate) fn string(&mut self, at: usize, len: usize, text: Option<&'static str>) -> u32 {
        let strs = &self.strs;
        let slot = match self.index.find(slot_of(at, len), |n| strs[n as usize].at == at && strs[n as usize].len == len) {
            Ok(n) => return n,
            Err(slot) => slot,
        };
        let id = self.strs.len() as u32;
        self.strs.push(Interned { at, len, text });
        let strs = &self.strs;
        self.index.put(slot, id, strs.len(), |k| Some(slot_of(strs[k].at, strs[k].len)));
        id
    }

    fn static_string(&mut self, s: &'static str) -> u32 {
        self.string(s.as_ptr() as usize, s.len(), Some(s))
    }

    /// The number of the shape of struct `name` with fields `keys`.
    #[inline]
    pub(crate) fn shape(&mut self, name: &'static str, keys: &[&'static str]) -> u32 {
        for (i, (&n, &(a, b))) in self.shape_names.iter().zip(&self.shape_spans).enumerate() {
            if std::ptr::eq(n, name) {
                let k = &self.shape_keys[a as usize..b as usize];
                if k.len() == keys.len() && k.iter().zip(keys).all(|(&x, &y)| std::ptr::eq(x, y)) {
                    return i as u32;
                }
            }
        }
        let a = self.shape_keys.len() as u32;
        self.shape_keys.extend_from_slice(keys);
        self.shape_names.push(name);
        self.shape_spans.push((a, self.shape_keys.len() as u32));
        self.shape_names.len() as u32 - 1
    }

    /// The number of the static list with `key`, if it is known.
    #[inline]
    pub(crate) fn known_list(&self, key: f64) -> Option<u32> {
        self.list_keys.iter().position(|&k| k == key).map(|i| i as u32)
    }

    /// Defines the static list `key` of interned strings `strs`.
    pub(crate) fn list(&mut self, key: f64, strs: &[u32]) -> u32 {
        let a = self.list_strs.len() as u32;
        self.list_strs.extend_from_slice(strs);
        self.list_keys.push(key);
        self.list_spans.push((a, self.list_strs.len() as u32));
        self.list_keys.len() as u32 - 1
    }

    /// Writes into `defs` what the reader has not been given yet, and
    /// counts it as given: strings (static ones by address, others copied
    /// into `strings`), then shapes, then lists.
    pub(crate) fn commit(&mut self, defs: &mut Vec<f64>, strings: &mut Vec<u8>, is_static: impl Fn(usize, usize) -> bool) {
        defs.clear();
        // The names of new shapes, as strings first.
        let mut shape_ids = Vec::new();
        for i in self.shapes_sent..self.shape_names.len() {
            let (a, b) = self.shape_spans[i];
            shape_ids.push(self.static_string(self.shape_names[i]));
            for k in a..b {
                shape_ids.push(self.static_string(self.shape_keys[k as usize]));
            }
        }
        for (id, s) in self.strs.iter().enumerate().skip(self.strs_sent) {
            if is_static(s.at, s.len) {
                defs.extend([def::STATIC_STR as f64, id as f64, s.at as f64, s.len as f64]);
            } else {
                // Only strings with a text are interned outside static memory.
                let text = s.text.unwrap_or("");
                defs.extend([def::STR as f64, id as f64, strings.len() as f64, text.len() as f64]);
                strings.extend_from_slice(text.as_bytes());
            }
        }
        let mut ids = shape_ids.iter();
        for i in self.shapes_sent..self.shape_names.len() {
            let (a, b) = self.shape_spans[i];
            defs.extend([def::SHAPE as f64, i as f64]);
            defs.extend(ids.next().map(|&n| n as f64));
            defs.push((b - a) as f64);
            defs.extend(ids.by_ref().take((b - a) as usize).map(|&n| n as f64));
        }
        for i in self.lists_sent..self.list_keys.len() {
            let (a, b) = self.list_spans[i];
            defs.extend([def::LIST as f64, i as f64, (b - a) as f64]);
            defs.extend(self.list_strs[a as usize..b as usize].iter().map(|&n| n as f64));
        }
        self.strs_sent = self.strs.len();
        self.shapes_sent = self.shape_names.len();
        self.lists_sent = self.list_keys.len();
    }

    /// A new reader, which has been given nothing.
    pub(crate) fn reset(&mut self) {
        self.strs_sent = 0;
        self.shapes_sent = 0;
        self.lists_sent = 0;
    }

    /// For tests: the text of string `id` (native builds, where strings
    /// are interned with their text or are `&'static` test data).
    #[cfg(test)]
    pub(crate) fn text(&self, id: u32) -> &'static str {
        let s = self.strs[id as usize];
        s.text.unwrap_or_else(|| {
            // SAFETY: in tests every string interned without a text is a
            // string literal of the test binary (static data).
            unsafe { std::str::from_utf8_unchecked(std::slice::from_raw_parts(s.at as *const u8, s.len)) }
        })
    }

    /// For tests: the field names of shape `id`.
    #[cfg(test)]
    pub(crate) fn keys(&self, id: u32) -> &[&'static str] {
        let (a, b) = self.shape_spans[id as usize];
        &self.shape_keys[a as usize..b as usize]
    }

    /// For tests: the strings of list `id`.
    #[cfg(test)]
    pub(crate) fn list_texts(&self, id: u32) -> Vec<&'static str> {
        let (a, b) = self.list_spans[id as usize];
        self.list_strs[a as usize..b as usize].iter().map(|&n| self.text(n)).collect()
    }
}

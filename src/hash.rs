//! A fast hasher for the engine's own hash maps (group keys, dictionary
//! encoding), where SipHash's resistance to chosen keys costs more than it
//! protects: the keys are the caller's own data, and a collision only costs
//! time. The multiply–rotate hash of rustc (`FxHasher`, from Firefox), with
//! a final mix (as rustc-hash 2 adds a final rotation).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// The Fx hasher: `h = (h.rotate_left(5) ^ word) · K` per word.
#[derive(Default, Clone, Copy)]
pub struct FxHasher(u64);

const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(K);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]));
        }
        // The tail (short ids end here) as one word, read in 4-, 2- and
        // 1-byte pieces rather than copied through a buffer.
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let (mut w, mut at) = (0u64, 0);
            if rest.len() >= 4 {
                w = u32::from_le_bytes([rest[0], rest[1], rest[2], rest[3]]) as u64;
                at = 4;
            }
            if rest.len() - at >= 2 {
                w |= (u16::from_le_bytes([rest[at], rest[at + 1]]) as u64) << (8 * at);
                at += 2;
            }
            if rest.len() > at {
                w |= (rest[at] as u64) << (8 * at);
            }
            self.add(w);
        }
    }
    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(i as u64);
    }
    #[inline]
    fn write_u16(&mut self, i: u16) {
        self.add(i as u64);
    }
    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.add(i as u64);
    }
    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }
    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
    /// The state mixed by MurmurHash3's finaliser: a product's low
    /// bits depend only on the word's low bits, which are all 0 for the f64
    /// bits of whole numbers (ids from a `Float64Array`), and the map picks
    /// buckets by the low bits; unmixed, every such key would fall in one
    /// bucket.
    #[inline]
    fn finish(&self) -> u64 {
        mix(self.0)
    }
}

/// MurmurHash3's finaliser (fmix64): every bit of the result depends on
/// every bit of `h`. A product alone does not do that: its bits depend only
/// on the factor's bits at and below them, so keys that differ only in
/// their last bytes (`2026-W01`, `2026-W02`, … read as little-endian
/// words) would agree in every bit below the 48th.
#[inline]
pub fn mix(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

/// A `HashMap` with the Fx hasher.
pub type FxHashMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// An empty [`FxHashMap`].
pub fn map<K, V>() -> FxHashMap<K, V> {
    FxHashMap::default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::BuildHasher;

    #[test]
    fn bytes_hash_as_little_endian_words_zero_padded() {
        // The tail read in pieces is the zero-padded little-endian word.
        let data: Vec<u8> = (1..=23u8).map(|b| b.wrapping_mul(37)).collect();
        for len in 0..=data.len() {
            let mut h = FxHasher::default();
            h.write(&data[..len]);
            let mut want = FxHasher::default();
            for c in data[..len].chunks(8) {
                let mut w = [0u8; 8];
                w[..c.len()].copy_from_slice(c);
                want.add(u64::from_le_bytes(w));
            }
            assert_eq!(h.0, want.0, "{len} bytes");
        }
    }

    #[test]
    fn whole_numbers_as_f64_bits_spread_over_buckets() {
        // The low 10 bits pick one of 1 024 buckets: the f64 bits of 0..4096
        // must use most of them (unrotated, all of them hash to bucket 0).
        let b = BuildHasherDefault::<FxHasher>::default();
        let mut used = std::collections::HashSet::new();
        for i in 0..4096u32 {
            used.insert(b.hash_one(f64::from(i).to_bits()) & 1023);
        }
        assert!(used.len() > 900, "{} buckets of 1024", used.len());
    }
}

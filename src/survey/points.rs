//! Values per scale point (counts, a distribution), kept inline for scales
//! of up to 11 points — NPS 0–10 and every usual CSAT and CES scale — so
//! that tallying a small sample allocates nothing.

use serde::{Serialize, Serializer};
use std::ops::{Deref, DerefMut};

/// Most points kept inline.
const INLINE: usize = 11;

/// One value per scale point.
#[derive(Clone)]
pub enum Points {
    /// Up to [`INLINE`] values.
    Inline {
        /// Number of points.
        len: u8,
        /// The values (`len` of them used).
        values: [f64; INLINE],
    },
    /// More.
    Heap(Vec<f64>),
}

impl Points {
    /// `n` zeros.
    #[inline]
    pub fn zeros(n: usize) -> Self {
        if n <= INLINE {
            Points::Inline { len: n as u8, values: [0.0; INLINE] }
        } else {
            Points::Heap(vec![0.0; n])
        }
    }
}

impl Deref for Points {
    type Target = [f64];
    #[inline]
    fn deref(&self) -> &[f64] {
        match self {
            Points::Inline { len, values } => &values[..*len as usize],
            Points::Heap(v) => v,
        }
    }
}

impl DerefMut for Points {
    #[inline]
    fn deref_mut(&mut self) -> &mut [f64] {
        match self {
            Points::Inline { len, values } => &mut values[..*len as usize],
            Points::Heap(v) => v,
        }
    }
}

impl FromIterator<f64> for Points {
    fn from_iter<I: IntoIterator<Item = f64>>(iter: I) -> Self {
        let v: Vec<f64> = iter.into_iter().collect();
        Points::from(v.as_slice())
    }
}

impl From<&[f64]> for Points {
    fn from(v: &[f64]) -> Self {
        let mut p = Points::zeros(v.len());
        p.copy_from_slice(v);
        p
    }
}

impl std::fmt::Debug for Points {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.deref().fmt(f)
    }
}

impl PartialEq for Points {
    fn eq(&self, other: &Points) -> bool {
        self.deref() == other.deref()
    }
}

impl PartialEq<Vec<f64>> for Points {
    fn eq(&self, other: &Vec<f64>) -> bool {
        self.deref() == other.as_slice()
    }
}

impl Serialize for Points {
    /// An array of numbers.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_and_heap_read_the_same() {
        for n in [0, 1, 5, 11, 12, 101] {
            let mut p = Points::zeros(n);
            assert_eq!(p.len(), n);
            assert_eq!(matches!(p, Points::Inline { .. }), n <= INLINE);
            for (i, v) in p.iter_mut().enumerate() {
                *v = i as f64;
            }
            let want: Vec<f64> = (0..n).map(|i| i as f64).collect();
            assert_eq!(p, want);
            assert_eq!(Points::from(want.as_slice()), p);
            assert_eq!(want.iter().copied().collect::<Points>(), p);
        }
    }
}

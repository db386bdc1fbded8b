// A deterministic PRNG (xorshift32) for reproducible property tests:
// returns a function giving numbers in [0, 1).
export function rng(seed) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 4294967296;
  };
}

//! Runs under `cargo test --target wasm32-unknown-unknown` (Node, through
//! wasm-bindgen-test-runner): the SIMD byte-counting kernel against a plain
//! count, on the same code path the npm package uses.
#![cfg(target_arch = "wasm32")]

use cx_metrics::survey::{nps, tally, InvalidPolicy, NpsOptions, Scale, Scores};
use wasm_bindgen_test::wasm_bindgen_test;

fn data(n: usize, seed: u32, modulo: u32) -> Vec<u8> {
    let mut x = seed;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            (x % modulo) as u8
        })
        .collect()
}

#[wasm_bindgen_test]
fn simd_counts_equal_plain_counts() {
    for (n, seed) in [(0, 1), (1, 2), (15, 3), (16, 4), (17, 5), (4079, 6), (4080, 7), (4081, 8), (100_003, 9), (1_000_000, 10)] {
        let d = data(n, seed, 11);
        let mut want = vec![0.0; 11];
        for &b in &d {
            want[b as usize] += 1.0;
        }
        let t = tally(Scores::U8(&d), None, Scale::NPS, InvalidPolicy::Error).unwrap();
        assert_eq!(t.counts, want, "n = {n}");
    }
}

#[wasm_bindgen_test]
fn simd_path_finds_invalid_bytes() {
    let mut d = data(50_000, 77, 11);
    d[31_337] = 11;
    d[40_000] = 255;
    let e = tally(Scores::U8(&d), None, Scale::NPS, InvalidPolicy::Error).unwrap_err();
    assert_eq!((e.code(), e.index()), ("SCORE_OUT_OF_RANGE", Some(31_337)));
    let t = tally(Scores::U8(&d), None, Scale::NPS, InvalidPolicy::Skip).unwrap();
    assert_eq!(t.skipped, 2);
    assert_eq!(t.responses, 49_998);
}

#[wasm_bindgen_test]
fn simd_window_with_offset_scale() {
    // CSAT 1–5 through the same kernel (window starting at 1).
    let d = data(10_007, 5, 7);
    let scale = Scale::new(1.0, 5.0, "CSAT").unwrap();
    let t = tally(Scores::U8(&d), None, scale, InvalidPolicy::Skip).unwrap();
    let bad = d.iter().filter(|&&b| !(1..=5).contains(&b)).count() as u64;
    assert_eq!(t.skipped, bad);
    for k in 1..=5u8 {
        assert_eq!(t.counts[(k - 1) as usize], d.iter().filter(|&&b| b == k).count() as f64);
    }
    let r = nps(Scores::U8(&[10, 9, 8, 6, 10]), None, &NpsOptions::default()).unwrap();
    assert_eq!(r.score, Some(40.0));
}

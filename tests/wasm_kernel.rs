//! Runs under `cargo test --target wasm32-unknown-unknown` (Node, through
//! wasm-bindgen-test-runner): the SIMD kernels (byte counting, the span of a
//! column) against plain loops, on the same code path the npm package uses,
//! and the allocator's geometric growth of the memory.
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

#[wasm_bindgen_test]
fn simd_span_equals_a_plain_scan() {
    use cx_metrics::table::{span_in, span_within};
    let specials = [f64::NAN, f64::INFINITY, f64::NEG_INFINITY, -0.0, 0.5, -7.0, 1e15, 8.64e15, -8.64e15, 9e15];
    for (n, seed) in [(0usize, 1u32), (1, 2), (2, 3), (3, 4), (101, 5), (10_000, 6)] {
        let mut x = seed;
        let v: Vec<f64> = (0..n)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                if x % 7 == 0 {
                    specials[(x as usize / 7) % specials.len()]
                } else {
                    f64::from(x % 100_000) - 50_000.0
                }
            })
            .collect();
        for (min, max) in [(f64::NEG_INFINITY, f64::INFINITY), (-8.64e15, 8.64e15), (-100.0, 100.0), (1.0, 0.0)] {
            let within: Vec<f64> = v.iter().copied().filter(|x| (min..=max).contains(x)).collect();
            let lo = within.iter().copied().fold(f64::INFINITY, |a, b| if b < a { b } else { a });
            let hi = within.iter().copied().fold(f64::NEG_INFINITY, |a, b| if b > a { b } else { a });
            let whole = within.iter().all(|x| *x == x.trunc());
            let (l, h, w) = span_within(&v, min, max);
            assert_eq!((l.to_bits(), h.to_bits(), w), (lo.to_bits(), hi.to_bits(), whole), "n = {n}, {min}..={max}");
            // span_in: the same span (by a plain minimum and maximum when
            // they are within), and whether every value is within; with
            // the specials and without them.
            for v in [v.clone(), v.iter().copied().filter(|x| x.is_finite()).collect()] {
                let within: Vec<f64> = v.iter().copied().filter(|x| (min..=max).contains(x)).collect();
                let lo = within.iter().copied().fold(f64::INFINITY, |a, b| if b < a { b } else { a });
                let hi = within.iter().copied().fold(f64::NEG_INFINITY, |a, b| if b > a { b } else { a });
                assert_eq!(span_in(&v, min, max), (lo, hi, within.len() == v.len()), "n = {n}, {min}..={max}");
            }
        }
    }
}

#[wasm_bindgen_test]
fn simd_locator_equals_a_binary_search() {
    use cx_metrics::time::{Bucketer, Period, Periods};
    // The loop of its own that groupKpis counts with: instants within the
    // span, on and next to every boundary (Lord Howe's 30-minute clock
    // changes), two at a time and one at a time.
    let tz = jiff::tz::TimeZone::get("Australia/Lord_Howe").unwrap();
    let (lo, hi) = (1_711_756_800_000.0, 1_793_577_600_000.0); // 2024-03-30, 2026-11-02
    for every in [Period::Hour, Period::Week, Period::Month] {
        let b = Bucketer::new(&Periods::new(every, 10.0, tz.clone()).unwrap(), false, lo, hi).unwrap();
        let at = b.locator().unwrap();
        let last = b.ids.len() - 1;
        let mut t: Vec<f64> = b.starts.iter().flat_map(|&s| [s - 1.0, s, s + 0.5, s + 1.0]).collect();
        let mut x = 5u64;
        t.extend((0..4001).map(|_| {
            x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            lo + (x >> 11) as f64 / (1u64 << 53) as f64 * (hi - lo)
        }));
        t.retain(|&ms| ms >= b.starts[0] && ms < b.starts[last + 1]);
        let want = |ms: f64| b.starts[..=last].partition_point(|&s| s <= ms).saturating_sub(1) as u32;
        for p in t.chunks(2) {
            if let [a, c] = *p {
                assert_eq!(at.at2(a, c), (want(a), want(c)), "{every:?} at {a}, {c}");
            }
            assert_eq!(at.at(p[0]), want(p[0]), "{every:?} at {}", p[0]);
        }
    }
}

#[wasm_bindgen_test]
fn memory_grows_geometrically() {
    // 64 MiB in 500,000 small blocks, kept: dlmalloc alone grows the memory
    // by 64 KiB at a time, a thousand times here; the package's allocator
    // reserves half as much again as the module has each time it grows.
    use core::arch::wasm32::memory_size;
    let mut grows = 0;
    let mut pages = memory_size(0);
    let mut keep: Vec<Vec<u8>> = Vec::with_capacity(500_000);
    for i in 0..500_000usize {
        keep.push(vec![(i % 251) as u8; 128]);
        if memory_size(0) != pages {
            grows += 1;
            pages = memory_size(0);
        }
    }
    assert!(keep.iter().enumerate().all(|(i, b)| b.len() == 128 && b[127] == (i % 251) as u8));
    assert!(grows <= 16, "the memory grew {grows} times");
    // About 84 MiB live (blocks with their headers, and the list): at most
    // half as much again once reserved, and the reserves are reused, not
    // leaked.
    assert!(pages * 65_536 < 140 << 20, "{} MiB for 84 MiB live", pages * 65_536 >> 20);
}

#[wasm_bindgen_test]
fn simd_period_indices_equal_a_binary_search() {
    use cx_metrics::time::{Bucketer, Period, Periods};
    // Clock changes of 30 minutes (Lord Howe), instants on and next to every
    // boundary, odd and even lengths (the last instant alone), before and
    // after the span, and outside the supported range in either lane.
    let tz = jiff::tz::TimeZone::get("Australia/Lord_Howe").unwrap();
    let (lo, hi) = (1_711_756_800_000.0, 1_793_577_600_000.0); // 2024-03-30, 2026-11-02
    for every in [Period::Hour, Period::Week, Period::Month, Period::FiscalQuarter] {
        let b = Bucketer::new(&Periods::new(every, 10.0, tz.clone()).unwrap(), false, lo, hi).unwrap();
        let last = b.ids.len() - 1;
        let mut t: Vec<f64> = b.starts.iter().flat_map(|&s| [s - 1.0, s, s + 1.0, s + 0.5]).collect();
        let mut x = 99u64;
        t.extend((0..4001).map(|_| {
            x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            lo - 3e9 + (x >> 11) as f64 / (1u64 << 53) as f64 * (hi - lo + 6e9)
        }));
        // Each row's code, times 1000, is added to its period.
        let codes: Vec<u32> = (0..t.len() as u32).map(|i| 7 + i).collect();
        let out_of = |i: usize| codes[i];
        for len in [t.len(), t.len() - 1, 1, 0] {
            let mut out = vec![0u32; len];
            assert!(b.indices(&t[..len], &mut out, Some((&codes[..len], 1000))), "{every:?}");
            for (i, (&ms, &k)) in t.iter().zip(&out).enumerate() {
                let want = b.starts[..=last].partition_point(|&s| s <= ms).saturating_sub(1) as u32;
                assert_eq!((k, b.index(ms)), (out_of(i) * 1000 + want, want), "{every:?} at {ms}");
            }
        }
        for at in 0..3 {
            for bad in [f64::NAN, f64::INFINITY, -f64::INFINITY, 253_402_207_200_001.0] {
                let mut v = [lo, hi, lo];
                v[at] = bad;
                assert!(!b.indices(&v, &mut [0; 3], None), "{every:?} {bad} at {at}");
            }
        }
    }
}

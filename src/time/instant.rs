//! Timestamp syntax: reading and writing RFC 3339 / ISO 8601 instants.
//!
//! Only the *syntax* of an instant with an explicit UTC offset is handled
//! here (proleptic Gregorian arithmetic, days from civil by H. Hinnant's
//! algorithm, "chrono-Compatible Low-Level Date Algorithms", 2013). Time-zone
//! rules are jiff's. Kept separate from jiff's general-purpose parser to keep
//! the WebAssembly module small.

/// Days from 1970-01-01 to a proleptic Gregorian date.
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m as i64 + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The proleptic Gregorian date of a day count from 1970-01-01.
pub fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + if m <= 2 { 1 } else { 0 }, m, d)
}

fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        _ => 28,
    }
}

fn digits(b: &[u8], at: usize, n: usize) -> Option<u32> {
    let s = b.get(at..at + n)?;
    s.iter().try_fold(0u32, |acc, &c| c.is_ascii_digit().then(|| acc * 10 + (c - b'0') as u32))
}

/// A local date and time as written, before any offset.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LocalTime {
    /// The year (proleptic Gregorian; 0000–9999, or ±999999 expanded).
    pub year: i64,
    /// 1–12.
    pub month: u32,
    /// 1–31 (a day the month has).
    pub day: u32,
    /// 0–23.
    pub hour: u32,
    /// 0–59.
    pub minute: u32,
    /// 0–59 (a leap second, 60, reads as 59: the last moment of its
    /// minute, as RFC 3339 consumers such as JavaScript's Temporal do).
    pub second: u32,
    /// The fraction of the second, in milliseconds (its first 9 digits).
    pub fraction_ms: f64,
}

/// Reads the local date and time at the start of `b`:
/// `YYYY-MM-DD`, then `T`, `t` or a space and `HH:MM[:SS[.fraction]]` (the
/// fraction after `.` or `,`). The year may also be written expanded, as a
/// sign and six digits (`+275760`, `-000001`; not `-000000`), as
/// `Date.prototype.toISOString` writes years outside 0000–9999 (ECMA-262
/// §21.4.1.32.1; ISO 8601 §4.1.2.4). The time may be left out only where
/// `date_only`: midnight. Returns it and where it ends; `None` for anything
/// else, or a date or time that does not exist on the calendar.
pub fn parse_local_time(b: &[u8], date_only: bool) -> Option<(LocalTime, usize)> {
    // `o`: how far an expanded year moves the rest.
    let (y, o) = match b.first()? {
        &sign @ (b'+' | b'-') => {
            let y = digits(b, 1, 6)? as i64;
            if sign == b'-' && y == 0 {
                return None;
            }
            (if sign == b'-' { -y } else { y }, 3)
        }
        _ => (digits(b, 0, 4)? as i64, 0),
    };
    let (mo, d) = (digits(b, o + 5, 2)?, digits(b, o + 8, 2)?);
    if b[o + 4] != b'-' || b[o + 7] != b'-' {
        return None;
    }
    let mut t = LocalTime { year: y, month: mo, day: d, hour: 0, minute: 0, second: 0, fraction_ms: 0.0 };
    let valid = |t: &LocalTime| (1..=12).contains(&t.month) && t.day >= 1 && t.day <= days_in_month(t.year, t.month);
    if b.len() == o + 10 && date_only {
        return valid(&t).then_some((t, o + 10));
    }
    if !matches!(b.get(o + 10)?, b'T' | b't' | b' ') {
        return None;
    }
    let (h, mi) = (digits(b, o + 11, 2)?, digits(b, o + 14, 2)?);
    if b[o + 13] != b':' {
        return None;
    }
    let mut at = o + 16;
    let mut sec = 0u32;
    let mut frac_ms = 0.0;
    if b.get(at) == Some(&b':') {
        sec = digits(b, at + 1, 2)?;
        at += 3;
        if matches!(b.get(at), Some(b'.') | Some(b',')) {
            at += 1;
            let start = at;
            let mut scale = 100.0;
            while let Some(c) = b.get(at).filter(|c| c.is_ascii_digit()) {
                if at - start < 9 {
                    frac_ms += (c - b'0') as f64 * scale;
                    scale /= 10.0;
                }
                at += 1;
            }
            if at == start {
                return None;
            }
        }
    }
    if h > 23 || mi > 59 || sec > 60 {
        return None;
    }
    (t.hour, t.minute, t.second, t.fraction_ms) = (h, mi, sec.min(59), frac_ms);
    valid(&t).then_some((t, at))
}

/// Parses `YYYY-MM-DDTHH:MM[:SS[.fraction]]` ([`parse_local_time`])
/// followed by `Z` or an offset `±HH:MM` (also `±HHMM`, `±HH`), optionally
/// followed by an RFC 9557 bracketed annotation such as
/// `[America/Sao_Paulo]` (the offset decides the instant). Returns epoch
/// milliseconds (fractions below a millisecond are kept).
///
/// A string without an offset is rejected: its instant depends on a time
/// zone it does not name.
pub fn parse_instant(s: &str) -> Option<f64> {
    let b = s.as_bytes();
    if b.len() < 17 {
        return None;
    }
    let (t, mut at) = parse_local_time(b, false)?;
    let LocalTime { year: y, month: mo, day: d, hour: h, minute: mi, second: sec, fraction_ms: frac_ms } = t;
    let offset_min: i64 = match b.get(at)? {
        b'Z' | b'z' => {
            at += 1;
            0
        }
        &sign @ (b'+' | b'-') => {
            let oh = digits(b, at + 1, 2)? as i64;
            at += 3;
            let om = if b.get(at) == Some(&b':') {
                at += 3;
                digits(b, at - 2, 2)? as i64
            } else if let Some(v) = digits(b, at, 2) {
                at += 2;
                v as i64
            } else {
                0
            };
            if oh > 23 || om > 59 {
                return None;
            }
            let total = oh * 60 + om;
            if sign == b'-' { -total } else { total }
        }
        _ => return None,
    };
    match b.get(at) {
        None => {}
        Some(b'[') if b.last() == Some(&b']') && !s[at + 1..s.len() - 1].contains(']') => {}
        _ => return None,
    }
    let days = days_from_civil(y, mo, d);
    let secs = days * 86_400 + (h * 3600 + mi * 60 + sec) as i64 - offset_min * 60;
    Some(with_fraction(secs as f64 * 1000.0, frac_ms))
}

/// The instant `second_ms + fraction_ms` (`second_ms` a whole second,
/// 0 ≤ `fraction_ms` < 1000), kept inside that second: the sum is rounded
/// to a double, which next to 1000 can be the next second (…59.9999999Z
/// was the next day, or month, or year), so it is the last double below
/// the next second then. (JavaScript's Date keeps the whole millisecond,
/// …59.999.)
pub(crate) fn with_fraction(second_ms: f64, fraction_ms: f64) -> f64 {
    let next = second_ms + 1000.0;
    let v = second_ms + fraction_ms;
    if v < next {
        v
    } else if next > 0.0 {
        f64::from_bits(next.to_bits() - 1)
    } else if next < 0.0 {
        f64::from_bits(next.to_bits() + 1)
    } else {
        -f64::from_bits(1)
    }
}

/// Formats epoch milliseconds as `YYYY-MM-DDTHH:MM:SS[.mmm[uuu]]Z`: to the
/// microsecond (rounded), so that two instants in one millisecond read
/// apart in a message.
pub fn format_instant(ms: f64) -> String {
    if !ms.is_finite() {
        return crate::error::num(ms);
    }
    // Whole microseconds (display only; exact for any instant of this era).
    let micros = (ms * 1000.0).round() as i64;
    let (total, micro) = (micros.div_euclid(1000), micros.rem_euclid(1000));
    let (days, rem) = (total.div_euclid(86_400_000), total.rem_euclid(86_400_000));
    let (y, m, d) = civil_from_days(days);
    let (h, mi, s, milli) = (rem / 3_600_000, rem / 60_000 % 60, rem / 1000 % 60, rem % 1000);
    // A year before 1 BC is a sign and four digits ("-0001").
    let mut out = if y < 0 { format!("{y:05}") } else { format!("{y:04}") };
    out.push_str(&format!("-{m:02}-{d:02}T{h:02}:{mi:02}:{s:02}"));
    if micro != 0 {
        out.push_str(&format!(".{milli:03}{micro:03}"));
    } else if milli != 0 {
        out.push_str(&format!(".{milli:03}"));
    }
    out.push('Z');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_rfc3339_forms() {
        let base = 1_772_829_000_000.0; // 2026-03-06T20:30:00Z
        assert_eq!(parse_instant("2026-03-06T20:30:00Z"), Some(base));
        assert_eq!(parse_instant("2026-03-06T17:30:00-03:00"), Some(base));
        assert_eq!(parse_instant("2026-03-06t17:30-0300"), Some(base));
        assert_eq!(parse_instant("2026-03-06 17:30:00-03"), Some(base));
        assert_eq!(parse_instant("2026-03-07T02:00:00+05:30"), Some(base));
        assert_eq!(parse_instant("2026-03-06T17:30:00-03:00[America/Sao_Paulo]"), Some(base));
        assert_eq!(parse_instant("2026-03-06T20:30:00.25Z"), Some(base + 250.0));
        assert_eq!(parse_instant("2026-03-06T20:30:00,123456789Z"), Some(base + 123.456789));
        assert_eq!(parse_instant("1969-12-31T23:59:59Z"), Some(-1000.0));
        assert!(parse_instant("2024-02-29T00:00:00Z").is_some());
        // Expanded years, as toISOString writes them: Date.parse's values.
        assert_eq!(parse_instant("+275760-09-13T00:00:00.000Z"), Some(8_640_000_000_000_000.0));
        assert_eq!(parse_instant("-000001-01-01T00:00:00Z"), Some(-62_198_755_200_000.0));
        assert_eq!(parse_instant("+002026-03-06T20:30:00Z"), Some(base));
        assert_eq!(parse_instant("-271821-04-20T00:00:00Z"), Some(-8_640_000_000_000_000.0));
    }

    #[test]
    fn rejects_what_is_not_an_instant() {
        for bad in [
            "2026-03-06T17:30:00",     // no offset
            "2026-03-06",              // a date
            "2023-02-29T00:00:00Z",    // not a leap year
            "2026-13-01T00:00:00Z",
            "2026-03-06T24:00:00Z",
            "2026-03-06T17:30:00+24:00",
            "2026-03-06T17:30:00Zjunk",
            "-000000-01-01T00:00:00Z", // no negative zero year
            "+02026-03-06T20:30:00Z",  // an expanded year has six digits
            "+2026-03-06T20:30:00Z",
            "06/03/2026 17:30",
            "2026-03-06T17:30:00.Z",
            "",
            "yesterday",
        ] {
            assert_eq!(parse_instant(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_fraction_stays_in_its_second() {
        // 2026-04-01T00:00:00Z is 1 775 001 600 000 ms: seven nines of a
        // second rounded into it (the next month, for a grouping).
        let april = 1_775_001_600_000.0;
        let last = parse_instant("2026-03-31T23:59:59.9999999Z").unwrap();
        assert!(last < april && last > april - 0.001, "{last}");
        assert_eq!(parse_instant("2026-03-31T23:59:59.999999999Z").unwrap(), last);
        // Sub-millisecond parts are kept where they fit.
        assert_eq!(parse_instant("2026-03-31T23:59:59.5Z").unwrap(), april - 500.0);
        assert_eq!(parse_instant("1969-12-31T23:59:59.9996Z").unwrap(), -1000.0 + 999.6);
        // Before 1970 (negative instants) and at 0.
        assert!(parse_instant("1969-12-31T23:59:59.99999999999Z").unwrap() < 0.0);
        assert_eq!(with_fraction(-1000.0, 1000.0), -f64::from_bits(1));
        assert_eq!(with_fraction(-2000.0, 999.999_999_999_999_9), f64::from_bits((-1000.0f64).to_bits() + 1));
    }

    #[test]
    fn civil_round_trip() {
        for z in [-719_468, -1, 0, 1, 10_957, 20_517, 2_932_896] {
            let (y, m, d) = civil_from_days(z);
            assert_eq!(days_from_civil(y, m, d), z);
        }
        assert_eq!(format_instant(1_772_829_000_000.0), "2026-03-06T20:30:00Z");
        assert_eq!(format_instant(-1.0), "1969-12-31T23:59:59.999Z");
        // To the microsecond, rounded (carried into the next millisecond).
        assert_eq!(format_instant(-1.25e-271), "1970-01-01T00:00:00Z");
        assert_eq!(format_instant(0.5), "1970-01-01T00:00:00.000500Z");
        assert_eq!(format_instant(-0.0004), "1970-01-01T00:00:00Z");
        assert_eq!(format_instant(1.9996), "1970-01-01T00:00:00.002Z");
        assert_eq!(format_instant(1_772_829_000_000.25), "2026-03-06T20:30:00.000250Z");
    }

    #[test]
    #[cfg(feature = "tz")]
    fn agrees_with_jiff() {
        for s in ["2026-03-06T17:30:00-03:00", "1999-12-31T23:59:59.999+14:00", "2000-02-29T12:00:00Z", "1900-01-01T00:00:00-00:30"] {
            let j = s.parse::<jiff::Timestamp>().unwrap().as_millisecond() as f64;
            assert_eq!(parse_instant(s), Some(j), "{s}");
            assert_eq!(format_instant(j).parse::<jiff::Timestamp>().unwrap().as_millisecond() as f64, j);
        }
    }
}

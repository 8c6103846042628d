//! RFC 3339 timestamps, parsed strictly so a CMS's "29.08.2021" or
//! "yesterday" is reported instead of silently shown as a wrong date.

/// A point in time plus the UTC offset the publisher wrote it with, so the
/// reader sees the date the publisher printed, not the date in their own zone.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Timestamp {
    /// Milliseconds since the Unix epoch, UTC.
    pub epoch_ms: i64,
    /// The publisher's offset from UTC, in minutes.
    pub offset_minutes: i32,
}

impl Timestamp {
    /// Milliseconds to hand to a formatter working in UTC so that it prints
    /// the publisher's wall-clock date.
    pub fn local_epoch_ms(&self) -> i64 {
        self.epoch_ms + i64::from(self.offset_minutes) * 60_000
    }
}

/// Parses `YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)`; `t`, `z` and a space
/// separator are accepted as RFC 3339 §5.6 allows.
pub fn parse_rfc3339(input: &str) -> Option<Timestamp> {
    let s = input.trim().as_bytes();
    let num = |from: usize, len: usize| -> Option<i64> {
        let digits = s.get(from..from + len)?;
        digits.iter().try_fold(0i64, |acc, &d| {
            d.is_ascii_digit().then(|| acc * 10 + i64::from(d - b'0'))
        })
    };
    let year = num(0, 4)?;
    let month = num(5, 2)?;
    let day = num(8, 2)?;
    let hour = num(11, 2)?;
    let minute = num(14, 2)?;
    let second = num(17, 2)?;
    let separators_ok = s.get(4) == Some(&b'-')
        && s.get(7) == Some(&b'-')
        && matches!(s.get(10), Some(b'T' | b't' | b' '))
        && s.get(13) == Some(&b':')
        && s.get(16) == Some(&b':');
    if !separators_ok
        || !(1..=12).contains(&month)
        || day < 1
        || day > days_in_month(year, month)
        || hour > 23
        || minute > 59
        || second > 60
    {
        return None;
    }
    let mut pos = 19;
    let mut millis = 0;
    if s.get(pos) == Some(&b'.') {
        pos += 1;
        let start = pos;
        while s.get(pos).is_some_and(u8::is_ascii_digit) {
            pos += 1;
        }
        if pos == start {
            return None;
        }
        let len = (pos - start).min(3);
        millis = num(start, len)? * 10i64.pow(3 - len as u32);
    }
    let offset_minutes = match s.get(pos..)? {
        [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), _, _, b':', _, _] => {
            let (h, m) = (num(pos + 1, 2)?, num(pos + 4, 2)?);
            if h > 23 || m > 59 {
                return None;
            }
            let minutes = i32::try_from(h * 60 + m).ok()?;
            if *sign == b'-' {
                -minutes
            } else {
                minutes
            }
        }
        _ => return None,
    };
    let days = days_from_civil(year, month, day);
    let local_seconds = days * 86_400 + hour * 3600 + minute * 60 + second.min(59);
    let epoch_ms = (local_seconds - i64::from(offset_minutes) * 60) * 1000 + millis;
    Some(Timestamp {
        epoch_ms,
        offset_minutes,
    })
}

/// Parses an RFC 822 / RFC 2822 date, as RSS writes `pubDate`:
/// `[Sun, ]29 Aug 2021 10:15[:00] +0300`, the zone also `GMT`, `UT`, `Z` or
/// a North American name (`EST`, `PDT`, …).
pub fn parse_rfc822(input: &str) -> Option<Timestamp> {
    let rest = match input.split_once(',') {
        Some((_, rest)) => rest,
        None => input,
    };
    let mut parts = rest.split_ascii_whitespace();
    let day: i64 = parts.next()?.parse().ok()?;
    let month_name = parts.next()?;
    let month = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ]
    .iter()
    .position(|m| {
        month_name
            .get(..3)
            .is_some_and(|n| n.eq_ignore_ascii_case(m))
    })? as i64
        + 1;
    let year: i64 = match parts.next()?.parse().ok()? {
        y @ 0..=49 => y + 2000,
        y @ 50..=99 => y + 1900,
        y => y,
    };
    let mut clock = parts.next()?.split(':');
    let mut field = |max: i64| -> Option<i64> {
        match clock.next() {
            None => Some(0),
            Some(n) => n.parse().ok().filter(|n| (0..=max).contains(n)),
        }
    };
    let (hour, minute, second) = (field(23)?, field(59)?, field(60)?);
    let offset_minutes = match parts.next().unwrap_or("GMT") {
        "GMT" | "UT" | "UTC" | "Z" => 0,
        "EDT" => -4 * 60,
        "EST" | "CDT" => -5 * 60,
        "CST" | "MDT" => -6 * 60,
        "MST" | "PDT" => -7 * 60,
        "PST" => -8 * 60,
        zone => {
            let (sign, digits) = zone.split_at_checked(1)?;
            let n: i32 = (digits.len() == 4 && digits.bytes().all(|b| b.is_ascii_digit()))
                .then(|| digits.parse().ok())??;
            let minutes = n / 100 * 60 + n % 100;
            match sign {
                "+" => minutes,
                "-" => -minutes,
                _ => return None,
            }
        }
    };
    if year < 1000 || day < 1 || day > days_in_month(year, month) {
        return None;
    }
    let local =
        days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second.min(59);
    Some(Timestamp {
        epoch_ms: (local - i64::from(offset_minutes) * 60) * 1000,
        offset_minutes,
    })
}

fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 (Howard Hinnant's algorithm).
pub fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rss_dates_in_rfc_822() {
        let seed = parse_rfc3339("2021-08-29T10:15:00+03:00");
        assert_eq!(parse_rfc822("Sun, 29 Aug 2021 10:15:00 +0300"), seed);
        assert_eq!(parse_rfc822("29 Aug 2021 10:15 +0300"), seed);
        assert_eq!(
            parse_rfc822("Sun, 29 Aug 2021 07:15:00 GMT").map(|t| t.epoch_ms),
            seed.map(|t| t.epoch_ms)
        );
        assert_eq!(
            parse_rfc822("Sat, 28 Aug 2021 23:15:00 PST").map(|t| (t.epoch_ms, t.offset_minutes)),
            seed.map(|t| (t.epoch_ms, -480))
        );
        assert_eq!(
            parse_rfc822("Mon, 01 Jan 24 00:00:00 Z").map(|t| t.epoch_ms),
            parse_rfc3339("2024-01-01T00:00:00Z").map(|t| t.epoch_ms)
        );
        for bad in [
            "",
            "yesterday",
            "31 Feb 2021 10:00 GMT",
            "29 Foo 2021 10:00 GMT",
            "29 Aug 2021 25:00 GMT",
            "29 Aug 2021 10:00 +3",
            "29 Aug 2021 10:00 XYZ",
        ] {
            assert_eq!(parse_rfc822(bad), None, "{bad}");
        }
    }

    #[test]
    fn parses_the_seed_date_with_its_offset() {
        let t = parse_rfc3339("2021-08-29T10:15:00+03:00").unwrap();
        assert_eq!(t.epoch_ms, 1_630_221_300_000);
        assert_eq!(t.offset_minutes, 180);
        // 00:30 in Moscow is still the 29th for the publisher, though UTC says the 28th.
        let late = parse_rfc3339("2021-08-29T00:30:00+03:00").unwrap();
        assert_eq!(late.local_epoch_ms().div_euclid(86_400_000), 18_868);
    }

    #[test]
    fn accepts_the_forms_rfc3339_allows() {
        for ok in [
            "1970-01-01T00:00:00Z",
            "2021-08-29t10:15:00z",
            "2021-08-29 10:15:00.123456-05:30",
            "2024-02-29T23:59:60Z",
        ] {
            assert!(parse_rfc3339(ok).is_some(), "{ok}");
        }
        assert_eq!(
            parse_rfc3339("1970-01-01T00:00:00.5Z").unwrap().epoch_ms,
            500
        );
        assert_eq!(
            parse_rfc3339("1969-12-31T23:59:59Z").unwrap().epoch_ms,
            -1000
        );
    }

    #[test]
    fn rejects_what_is_not_a_real_date() {
        for bad in [
            "",
            "29.08.2021",
            "2021-08-29",
            "2021-08-29T10:15:00",
            "2021-02-29T10:15:00Z",
            "2021-13-01T00:00:00Z",
            "2021-08-32T00:00:00Z",
            "2021-08-29T24:00:00Z",
            "2021-08-29T10:15:00+24:00",
            "2021-08-29T10:15:00.Z",
            "2021-08-29T10:15:00Zjunk",
            "２０２１-08-29T10:15:00Z",
        ] {
            assert_eq!(parse_rfc3339(bad), None, "{bad}");
        }
    }
}

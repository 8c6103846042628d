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
    let offset_minutes = zone_minutes(parts.next().unwrap_or("GMT"))?;
    timestamp([year, month, day, hour, minute, second], offset_minutes)
}

/// A checked wall-clock time (`[year, month, day, hour, minute, second]`)
/// at `offset_minutes` from UTC.
fn timestamp(
    [year, month, day, hour, minute, second]: [i64; 6],
    offset_minutes: i32,
) -> Option<Timestamp> {
    if year < 1000
        || !(1..=12).contains(&month)
        || day < 1
        || day > days_in_month(year, month)
        || !(0..24).contains(&hour)
        || !(0..60).contains(&minute)
        || !(0..=60).contains(&second)
    {
        return None;
    }
    let local =
        days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second.min(59);
    Some(Timestamp {
        epoch_ms: (local - i64::from(offset_minutes) * 60) * 1000,
        offset_minutes,
    })
}

/// Month names (and their abbreviations) by the prefix they begin with, in
/// English, Portuguese, Spanish, French, German, Italian, Dutch, Swedish and
/// Russian, accents folded (`mär` is `mar`, `août` is `aout`).
const MONTHS: [(&str, i64); 48] = [
    ("jan", 1),
    ("ene", 1),
    ("gen", 1),
    ("янв", 1),
    ("feb", 2),
    ("fev", 2),
    ("фев", 2),
    ("mar", 3),
    ("mrz", 3),
    ("mrt", 3),
    ("мар", 3),
    ("apr", 4),
    ("abr", 4),
    ("avr", 4),
    ("апр", 4),
    ("may", 5),
    ("mai", 5),
    ("mag", 5),
    ("mei", 5),
    ("maj", 5),
    ("мая", 5),
    ("май", 5),
    ("jun", 6),
    ("juin", 6),
    ("giu", 6),
    ("июн", 6),
    ("jul", 7),
    ("juil", 7),
    ("lug", 7),
    ("июл", 7),
    ("aug", 8),
    ("ago", 8),
    ("aou", 8),
    ("авг", 8),
    ("sep", 9),
    ("set", 9),
    ("сен", 9),
    ("oct", 10),
    ("okt", 10),
    ("out", 10),
    ("ott", 10),
    ("окт", 10),
    ("nov", 11),
    ("ноя", 11),
    ("dec", 12),
    ("dez", 12),
    ("dic", 12),
    ("дек", 12),
];

/// A date as feed readers read one: RFC 3339 or RFC 822 as specified, else
/// their common variants, read as tokens in any order — a numeric
/// `2020/1/10 14:33:00` or `2022-09-03 09:37:11+03:00`, ISO 8601 without
/// seconds or offset, month names in the languages of `MONTHS` (`Seg, 24
/// Set 2018`), the month before the day (`Sat, Dec 16 2023 02:02:33 PM`),
/// JavaScript's `Sat Oct 06 2018 00:00:00 GMT`; no offset is UTC, and a
/// weekday in any language is skipped.
pub fn parse_feed_date(input: &str) -> Option<Timestamp> {
    parse_rfc3339(input)
        .or_else(|| parse_rfc822(input))
        .or_else(|| loose(input))
}

fn loose(input: &str) -> Option<Timestamp> {
    let (mut ymd, mut clock, mut offset, mut pm) = ([None::<i64>; 3], None, 0, None);
    let number = |t: &str| -> Option<i64> {
        (!t.is_empty() && t.len() <= 4 && t.bytes().all(|b| b.is_ascii_digit()))
            .then(|| t.parse().ok())?
    };
    for token in input
        .split([' ', ',', '\t', '\n', '\r'])
        .flat_map(|t| {
            t.split_once('T')
                .filter(|(d, _)| d.len() >= 8)
                .map_or([t, ""], |(d, c)| [d, c])
        })
        // `3.` (a German day), `juil.` (an abbreviation).
        .map(|t| t.trim_end_matches('.'))
        .filter(|t| !t.is_empty())
    {
        let parts: Vec<&str> = token.split(['-', '/']).collect();
        if let [y, m, d] = parts.as_slice() {
            ymd = [number(y).filter(|_| y.len() == 4), number(m), number(d)];
        } else if token.contains(':') {
            // The time, an offset maybe attached: `08:00`, `09:37:11+03:00`, `10:00Z`.
            let (time, zone) = match token.get(1..).and_then(|t| t.find(['+', '-'])) {
                Some(at) => token.split_at(at + 1),
                None => (token.trim_end_matches(['Z', 'z']), ""),
            };
            clock = Some(time);
            if !zone.is_empty() {
                offset = zone_minutes(zone)?;
            }
        } else if let Some(minutes) = zone_minutes(token) {
            offset = minutes;
        } else if token.eq_ignore_ascii_case("pm") || token.eq_ignore_ascii_case("am") {
            pm = Some(token.eq_ignore_ascii_case("pm"));
        } else if let Some(n) = number(token) {
            match (token.len(), ymd) {
                (4, _) => ymd[0] = Some(n),
                (_, [_, _, None]) => ymd[2] = Some(n),
                _ => {}
            }
        } else {
            // Lower case by hand for the letters month names use: Rust's
            // full Unicode case tables would cost the wasm kilobytes.
            let folded: String = token
                .chars()
                .map(|c| match c {
                    'А'..='Я' => char::from_u32(c as u32 + 0x20).unwrap_or(c),
                    'ä' | 'à' | 'â' | 'Ä' | 'À' | 'Â' => 'a',
                    'é' | 'è' | 'ê' | 'É' | 'È' | 'Ê' => 'e',
                    'û' | 'ü' | 'ù' | 'Û' | 'Ü' | 'Ù' => 'u',
                    c => c.to_ascii_lowercase(),
                })
                .collect();
            // The last month name wins: a Spanish weekday `mar` comes first.
            if let Some((_, month)) = MONTHS.iter().find(|(m, _)| folded.starts_with(m)) {
                ymd[1] = Some(*month);
            }
        }
    }
    // Seconds may carry a fraction: it is dropped.
    let mut hms = clock
        .unwrap_or("0:0")
        .split(':')
        .map(|n| number(n.split('.').next().unwrap_or(n)));
    let (mut hour, minute) = (hms.next()??, hms.next()??);
    let second = hms.next().unwrap_or(Some(0))?;
    match pm {
        Some(true) if hour < 12 => hour += 12,
        Some(false) if hour == 12 => hour = 0,
        _ => {}
    }
    let [year, month, day] = ymd;
    timestamp([year?, month?, day?, hour, minute, second], offset)
}

/// An offset: `GMT`, `UTC`, `UT`, `Z`, a North American zone name, or
/// `±HHMM`, `±HH:MM`, `±HH`, maybe after `GMT` (JavaScript's `GMT+0300`).
fn zone_minutes(zone: &str) -> Option<i32> {
    let zone = match zone
        .strip_prefix("GMT")
        .or_else(|| zone.strip_prefix("UTC"))
    {
        Some(rest) if !rest.is_empty() => rest,
        _ => zone,
    };
    Some(match zone {
        "GMT" | "UT" | "UTC" | "Z" => 0,
        "EDT" => -4 * 60,
        "EST" | "CDT" => -5 * 60,
        "CST" | "MDT" => -6 * 60,
        "MST" | "PDT" => -7 * 60,
        "PST" => -8 * 60,
        _ => {
            let (sign, digits) = zone.split_at_checked(1)?;
            // `HH`, `HHMM` or `HH:MM`, read digit by digit.
            let mut count = 0;
            let mut n = 0i32;
            for b in digits.bytes().filter(|b| *b != b':') {
                if !b.is_ascii_digit() || count == 4 {
                    return None;
                }
                n = n * 10 + i32::from(b - b'0');
                count += 1;
            }
            let minutes = match count {
                2 => n * 60,
                4 => n / 100 * 60 + n % 100,
                _ => return None,
            };
            match sign {
                "+" => minutes,
                "-" => -minutes,
                _ => return None,
            }
        }
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

/// Year, month, day of a day count from 1970-01-01 (Howard Hinnant's
/// `civil_from_days`, the inverse of [`days_from_civil`]).
pub fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
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

    #[test]
    fn feed_dates_are_read_as_feed_readers_read_them() {
        let utc = |y: i64, mo: i64, d: i64, h: i64, mi: i64, s: i64| {
            days_from_civil(y, mo, d) * 86_400_000 + (h * 3600 + mi * 60 + s) * 1000
        };
        for (text, epoch_ms, offset_minutes) in [
            // From real feeds (../shared/corpora/feeds).
            ("Sat Oct 06 2018 00:00:00 GMT", utc(2018, 10, 6, 0, 0, 0), 0),
            (
                "Sat Oct 06 2018 03:00:00 GMT+0300 (Moscow Standard Time)",
                utc(2018, 10, 6, 0, 0, 0),
                180,
            ),
            (
                "Seg, 24 Set 2018 19:42:40 -0300",
                utc(2018, 9, 24, 22, 42, 40),
                -180,
            ),
            (
                "Sat, Dec 16 2023 02:02:33 PM",
                utc(2023, 12, 16, 14, 2, 33),
                0,
            ),
            ("2020/1/10 14:33:00", utc(2020, 1, 10, 14, 33, 0), 0),
            ("2018-01-06T08:00", utc(2018, 1, 6, 8, 0, 0), 0),
            ("2022-07-26 13:01:01", utc(2022, 7, 26, 13, 1, 1), 0),
            ("2022-09-03 09:37:11+03:00", utc(2022, 9, 3, 6, 37, 11), 180),
            // Other languages and forms.
            (
                "mar, 24 sep 2018 10:00:00 +0200",
                utc(2018, 9, 24, 8, 0, 0),
                120,
            ),
            ("29 августа 2021 10:15", utc(2021, 8, 29, 10, 15, 0), 0),
            (
                "Mo, 3. Mär 2025 12:00:00 +01",
                utc(2025, 3, 3, 11, 0, 0),
                60,
            ),
            ("12 juil. 2024 12:00 AM", utc(2024, 7, 12, 0, 0, 0), 0),
            (
                "2024-02-29T23:59:59.123-05:00",
                utc(2024, 3, 1, 4, 59, 59) + 123,
                -300,
            ),
        ] {
            let parsed = parse_feed_date(text);
            assert_eq!(
                parsed.map(|t| (t.epoch_ms, t.offset_minutes)),
                Some((epoch_ms, offset_minutes)),
                "{text}"
            );
        }
        for nonsense in [
            "",
            "yesterday",
            "2021-02-30",
            "31 Apr 2021",
            "10:15",
            "Sep 2021",
            "2021-13-01 10:00",
            "25:00 1 Jan 2020",
        ] {
            assert_eq!(parse_feed_date(nonsense), None, "{nonsense}");
        }
    }
}

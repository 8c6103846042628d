//! Retry timing as plain data: how long each attempt may take, how long to
//! wait between attempts, and when to give up, so a reader sees the article
//! or the error within about twice the timeout (20 s with the defaults).

use article_embed_core::date::days_from_civil;

/// Shortest attempt worth starting; with less time left we give up.
const MIN_ATTEMPT_MS: f64 = 1_000.0;

/// Wait before retry number `attempt` (1-based): 500 ms, 1 s, 2 s, … capped at 8 s.
pub(super) fn backoff_ms(attempt: u32) -> u32 {
    500u32.saturating_mul(1 << attempt.saturating_sub(1).min(4))
}

/// Tracks attempts against a total deadline.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct RetryBudget {
    deadline_ms: f64,
    timeout_ms: u32,
    max_retries: u32,
    attempts: u32,
}

impl RetryBudget {
    /// A budget starting `now_ms`: `max_retries` retries after the first attempt,
    /// all within twice `timeout_ms`.
    pub(super) fn new(now_ms: f64, timeout_ms: u32, max_retries: u32) -> Self {
        RetryBudget {
            deadline_ms: now_ms + 2.0 * f64::from(timeout_ms),
            timeout_ms,
            max_retries,
            attempts: 0,
        }
    }

    /// Starts an attempt; returns how long it may take.
    pub(super) fn attempt_timeout(&mut self, now_ms: f64) -> u32 {
        self.attempts += 1;
        let left = (self.deadline_ms - now_ms).max(MIN_ATTEMPT_MS);
        (f64::from(self.timeout_ms).min(left)) as u32
    }

    /// How many attempts were started.
    pub(super) fn attempts(&self) -> u32 {
        self.attempts
    }

    /// Whether to retry after waiting `wait_ms`, and for how long to wait;
    /// `None` when retries or time are used up.
    pub(super) fn next_wait(&self, now_ms: f64, wait_ms: u32) -> Option<u32> {
        let retries_left = self.attempts <= self.max_retries;
        let time_left = self.deadline_ms - now_ms - f64::from(wait_ms);
        (retries_left && time_left >= MIN_ATTEMPT_MS).then_some(wait_ms)
    }
}

/// `Retry-After` as milliseconds to wait: delta-seconds or an IMF-fixdate
/// (`Wed, 21 Oct 2015 07:28:00 GMT`). Unreadable values are ignored.
pub(super) fn parse_retry_after(value: &str, now_ms: f64) -> Option<u32> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u32>() {
        return Some(seconds.saturating_mul(1000));
    }
    let parts: Vec<&str> = value.split([' ', ':']).collect();
    let [_, day, month, year, hour, minute, second, "GMT"] = parts.as_slice() else {
        return None;
    };
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let month = MONTHS.iter().position(|m| m == month)? as i64 + 1;
    let n = |s: &str| s.parse::<i64>().ok();
    let days = days_from_civil(n(year)?, month, n(day)?);
    let at_ms = ((days * 86_400 + n(hour)? * 3600 + n(minute)? * 60 + n(second)?) * 1000) as f64;
    Some((at_ms - now_ms).clamp(0.0, f64::from(u32::MAX)) as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_caps() {
        let waits: Vec<u32> = (1..=7).map(backoff_ms).collect();
        assert_eq!(waits, [500, 1000, 2000, 4000, 8000, 8000, 8000]);
    }

    #[test]
    fn a_reader_never_waits_much_more_than_twice_the_timeout() {
        // Worst case: every attempt hangs until its timeout.
        let mut now = 0.0;
        let mut budget = RetryBudget::new(now, 10_000, 3);
        loop {
            now += f64::from(budget.attempt_timeout(now));
            match budget.next_wait(now, backoff_ms(budget.attempts())) {
                Some(wait) => now += f64::from(wait),
                None => break,
            }
        }
        assert!(now <= 21_000.0, "gave up after {now} ms");
        assert!(budget.attempts() >= 2);
    }

    #[test]
    fn fast_failures_use_every_retry_then_stop() {
        let mut budget = RetryBudget::new(0.0, 10_000, 3);
        let mut now = 0.0;
        let mut tries = 0;
        loop {
            budget.attempt_timeout(now);
            tries += 1;
            now += 50.0;
            match budget.next_wait(now, backoff_ms(budget.attempts())) {
                Some(wait) => now += f64::from(wait),
                None => break,
            }
        }
        assert_eq!(tries, 4);
    }

    #[test]
    fn retry_after_longer_than_the_budget_gives_up() {
        let mut budget = RetryBudget::new(0.0, 10_000, 3);
        budget.attempt_timeout(0.0);
        assert_eq!(budget.next_wait(100.0, 2_000), Some(2_000));
        assert_eq!(budget.next_wait(100.0, 60_000), None);
    }

    #[test]
    fn retry_after_forms() {
        assert_eq!(parse_retry_after("3", 0.0), Some(3000));
        assert_eq!(parse_retry_after(" 0 ", 0.0), Some(0));
        let now = 1_445_412_478_000.0; // 2015-10-21T07:27:58Z
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now),
            Some(2000)
        );
        assert_eq!(parse_retry_after("soon", now), None);
        assert_eq!(parse_retry_after("-1", now), None);
    }
}

//! Per-client limits over a sliding window: at most `limit` events in any
//! `window`, exactly, as the configuration says ("60 a minute" is never 60
//! at once and then one a second, as a token bucket allows).
//!
//! Each client keeps the instants of its events within the window (a log:
//! `limit` instants at most). Memory is bounded: clients whose last event
//! left the window are pruned once per window, and past
//! [`MAX_INSTANTS`] instants kept in all the log starts again empty (every
//! client gets its budget back: only an attacker holding that many
//! clients' worth of events at once can cause it, and it gains one window).

use std::collections::{HashMap, VecDeque};
use std::hash::Hash;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Instants kept in all, across clients: 4 M × 16 bytes, 64 MB at most.
pub const MAX_INSTANTS: usize = 4 << 20;

/// A sliding-window limit per key.
pub struct SlidingWindow<K> {
    limit: usize,
    window: Duration,
    state: Mutex<State<K>>,
}

struct State<K> {
    clients: HashMap<K, VecDeque<Instant>>,
    instants: usize,
    pruned: Instant,
}

impl<K: Hash + Eq + Clone> SlidingWindow<K> {
    /// At most `limit` events per key in any `window`.
    pub fn new(limit: u32, window: Duration) -> SlidingWindow<K> {
        SlidingWindow {
            limit: usize::try_from(limit).unwrap_or(usize::MAX).max(1),
            window,
            state: Mutex::new(State {
                clients: HashMap::new(),
                instants: 0,
                pruned: Instant::now(),
            }),
        }
    }

    /// Records an event of `key` if it is within the limit; otherwise, how
    /// long until it would be (the `Retry-After`).
    pub fn check(&self, key: &K) -> Result<(), Duration> {
        self.check_at(key, Instant::now())
    }

    fn check_at(&self, key: &K, now: Instant) -> Result<(), Duration> {
        let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        let state = &mut *state;
        if now.saturating_duration_since(state.pruned) >= self.window {
            let window = self.window;
            state.clients.retain(|_, log| {
                log.back()
                    .is_some_and(|last| now.saturating_duration_since(*last) < window)
            });
            state.instants = state.clients.values().map(VecDeque::len).sum();
            state.pruned = now;
        }
        if state.instants >= MAX_INSTANTS {
            state.clients.clear();
            state.instants = 0;
        }
        let log = state.clients.entry(key.clone()).or_default();
        while log
            .front()
            .is_some_and(|first| now.saturating_duration_since(*first) >= self.window)
        {
            log.pop_front();
            state.instants = state.instants.saturating_sub(1);
        }
        if log.len() >= self.limit {
            let oldest = log.front().copied().unwrap_or(now);
            return Err(self
                .window
                .saturating_sub(now.saturating_duration_since(oldest)));
        }
        log.push_back(now);
        state.instants += 1;
        Ok(())
    }

    /// Clients with events in the window (for tests and metrics).
    pub fn clients(&self) -> usize {
        let state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        state.clients.len()
    }
}

/// Whole seconds to wait, at least one: a `Retry-After` value.
pub fn retry_seconds(wait: Duration) -> u64 {
    wait.as_secs() + u64::from(wait.subsec_nanos() > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_window_of_the_length_ever_holds_more_than_the_limit() {
        let limiter = SlidingWindow::new(60, Duration::from_secs(60));
        let start = Instant::now();
        // A client trying every 100 ms for ten minutes.
        let mut allowed = Vec::new();
        for tenth in 0..6_000u64 {
            let at = start + Duration::from_millis(tenth * 100);
            if limiter.check_at(&1u8, at).is_ok() {
                allowed.push(at);
            }
        }
        // 60 in each minute, not 60 at once and one a second after (a token
        // bucket's 600 in ten minutes).
        assert_eq!(allowed.len(), 600);
        for (n, first) in allowed.iter().enumerate() {
            let within = allowed[n..]
                .iter()
                .take_while(|at| at.duration_since(*first) < Duration::from_secs(60))
                .count();
            assert!(within <= 60, "{within} within a minute of event {n}");
        }
    }

    #[test]
    fn the_wait_is_until_the_oldest_event_leaves_the_window() {
        let limiter = SlidingWindow::new(2, Duration::from_secs(10));
        let start = Instant::now();
        assert!(limiter.check_at(&"a", start).is_ok());
        assert!(limiter
            .check_at(&"a", start + Duration::from_secs(4))
            .is_ok());
        assert_eq!(
            limiter.check_at(&"a", start + Duration::from_secs(5)),
            Err(Duration::from_secs(5))
        );
        // Others are not held back by one client.
        assert!(limiter
            .check_at(&"b", start + Duration::from_secs(5))
            .is_ok());
        assert!(limiter
            .check_at(&"a", start + Duration::from_secs(10))
            .is_ok());
        assert_eq!(retry_seconds(Duration::from_millis(1_200)), 2);
        assert_eq!(retry_seconds(Duration::from_secs(3)), 3);
    }

    #[test]
    fn clients_gone_quiet_are_pruned() {
        let limiter = SlidingWindow::new(5, Duration::from_secs(1));
        let start = Instant::now();
        for n in 0..10_000u32 {
            assert!(limiter.check_at(&n, start).is_ok());
        }
        assert_eq!(limiter.clients(), 10_000);
        assert!(limiter.check_at(&0, start + Duration::from_secs(2)).is_ok());
        assert_eq!(limiter.clients(), 1);
    }
}

//! What a batch of views does, worked out in plain Rust before any
//! statement: which views are new readers' (each once, within what their
//! address may still add), what each article grows by, and what the daily
//! tables gain. Both stores commit what this says.

use std::collections::{HashMap, HashSet};

use super::{Counted, Pending};

/// Which views of a batch are new readers' (each new reader's first view
/// in the batch), and per article, sorted: its base and the views to add.
pub(super) struct Tally<'a> {
    pub(super) new: Vec<bool>,
    pub(super) articles: Vec<(&'a str, i64, i64)>,
}

/// An address's key on a day, and how many new readers it brings.
pub(super) type AddressCount = ((i64, [u8; 32]), i64);

/// The readers a batch brings per address (each new reader once), sorted
/// by address: two instances lock the same rows in the same order.
pub(super) fn newcomers(
    batch: &[Pending],
    inserted: &HashSet<(i64, Vec<u8>)>,
) -> Vec<AddressCount> {
    let mut once = HashSet::new();
    let mut by_address: HashMap<(i64, [u8; 32]), i64> = HashMap::new();
    for p in batch {
        let key = (p.day, p.visitor.to_vec());
        if inserted.contains(&key) && once.insert(key) {
            *by_address.entry((p.day, p.address)).or_default() += 1;
        }
    }
    let mut sorted: Vec<AddressCount> = by_address.into_iter().collect();
    sorted.sort_unstable();
    sorted
}

/// What each address may still add in this batch, from its readers before
/// (`after` − what this batch added): up to `cap` in all.
pub(super) fn budgets(
    added: &[AddressCount],
    after: &HashMap<(i64, Vec<u8>), i64>,
    cap: i64,
) -> HashMap<(i64, [u8; 32]), i64> {
    added
        .iter()
        .map(|(key, n)| {
            let total = after.get(&(key.0, key.1.to_vec())).copied().unwrap_or(*n);
            let before = total - n;
            (*key, (cap - before).clamp(0, *n))
        })
        .collect()
}

impl<'a> Tally<'a> {
    pub(super) fn of(
        batch: &'a [Pending],
        inserted: &HashSet<(i64, Vec<u8>)>,
        mut budgets: HashMap<(i64, [u8; 32]), i64>,
    ) -> Tally<'a> {
        let mut counted_once = HashSet::new();
        let new: Vec<bool> = batch
            .iter()
            .map(|p| {
                let key = (p.day, p.visitor.to_vec());
                if !(inserted.contains(&key) && counted_once.insert(key)) {
                    return false;
                }
                // A new reader, counted while its address has readers left.
                match budgets.get_mut(&(p.day, p.address)) {
                    Some(left) if *left > 0 => {
                        *left -= 1;
                        true
                    }
                    _ => false,
                }
            })
            .collect();
        let mut added: HashMap<&str, (i64, i64)> = HashMap::new();
        for (p, new) in batch.iter().zip(&new) {
            let entry = added.entry(p.article.as_str()).or_insert((p.base, 0));
            entry.1 += i64::from(*new);
        }
        // Sorted: two instances lock the same rows in the same order.
        let mut articles: Vec<(&str, i64, i64)> = added
            .into_iter()
            .map(|(a, (base, n))| (a, base, n))
            .collect();
        articles.sort_unstable();
        Tally { new, articles }
    }

    /// The articles that grow, their bases and their additions.
    pub(super) fn growing(&self) -> (Vec<&'a str>, Vec<i64>, Vec<i64>) {
        let mut out = (Vec::new(), Vec::new(), Vec::new());
        for (article, base, n) in self.articles.iter().filter(|(_, _, n)| *n > 0) {
            out.0.push(*article);
            out.1.push(*base);
            out.2.push(*n);
        }
        out
    }

    /// Each view's answer: the count as of its place in the batch (the rows
    /// were locked, no other instance's view came between), walking back
    /// from `after`, the counts once committed.
    pub(super) fn answers(
        self,
        batch: &[Pending],
        mut after: HashMap<String, i64>,
    ) -> Vec<Counted> {
        let mut results: Vec<Counted> = batch
            .iter()
            .zip(self.new)
            .rev()
            .map(|(p, new)| {
                let count = after.get(&p.article).copied().unwrap_or(p.base).max(0) as u64;
                if new {
                    if let Some(before) = after.get_mut(&p.article) {
                        *before -= 1;
                    }
                    Counted::New(count)
                } else {
                    Counted::Seen(count)
                }
            })
            .collect();
        results.reverse();
        results
    }
}

/// What a batch's counted views add to the daily tables, each list sorted
/// by its key (two instances lock the same rows in the same order) and
/// each key once (PostgreSQL updates a row once per statement).
#[derive(Debug, Default, PartialEq)]
pub(super) struct Daily<'a> {
    /// (day, views) in all.
    pub(super) site: Vec<(i64, i64)>,
    /// (article, day, views).
    pub(super) articles: Vec<(&'a str, i64, i64)>,
    /// (partner, day, views).
    pub(super) partners: Vec<(&'a str, i64, i64)>,
    /// (article, partner, day, views).
    pub(super) pairs: Vec<(&'a str, &'a str, i64, i64)>,
}

impl<'a> Daily<'a> {
    /// The counted views of `batch` (those `new` marks).
    pub(super) fn of(batch: &'a [Pending], new: &[bool]) -> Daily<'a> {
        fn sorted<K: Ord>(counts: HashMap<K, i64>) -> Vec<(K, i64)> {
            let mut rows: Vec<(K, i64)> = counts.into_iter().collect();
            rows.sort_unstable_by(|a, b| a.0.cmp(&b.0));
            rows
        }
        let mut site: HashMap<i64, i64> = HashMap::new();
        let mut articles: HashMap<(&str, i64), i64> = HashMap::new();
        let mut partners: HashMap<(&str, i64), i64> = HashMap::new();
        let mut pairs: HashMap<(&str, &str, i64), i64> = HashMap::new();
        for p in batch
            .iter()
            .zip(new)
            .filter(|(_, new)| **new)
            .map(|(p, _)| p)
        {
            *site.entry(p.day).or_default() += 1;
            *articles.entry((p.article.as_str(), p.day)).or_default() += 1;
            *partners.entry((p.partner.as_str(), p.day)).or_default() += 1;
            *pairs
                .entry((p.article.as_str(), p.partner.as_str(), p.day))
                .or_default() += 1;
        }
        Daily {
            site: sorted(site),
            articles: sorted(articles)
                .into_iter()
                .map(|((a, d), n)| (a, d, n))
                .collect(),
            partners: sorted(partners)
                .into_iter()
                .map(|((p, d), n)| (p, d, n))
                .collect(),
            pairs: sorted(pairs)
                .into_iter()
                .map(|((a, p, d), n)| (a, p, d, n))
                .collect(),
        }
    }

    pub(super) fn is_empty(&self) -> bool {
        self.site.is_empty()
    }
}

//! Responsive image sources: the candidates of a `srcset`, from untrusted
//! markup or from the contract's `images[].srcset`. Every candidate's URL
//! passes the same http(s) check as `src`; the browser then picks the one
//! that fits the reader's screen, and the lightbox shows the largest.
//!
//! ```
//! use article_embed_core::srcset::{largest, parse, serialize};
//! let base = "https://p.example/news/1.json";
//! let candidates = parse("/a-300.jpg 300w, javascript:x 600w, /a-1200.jpg 1200w", base);
//! assert_eq!(
//!     serialize(&candidates),
//!     "https://p.example/a-300.jpg 300w, https://p.example/a-1200.jpg 1200w"
//! );
//! assert_eq!(largest(&candidates), Some("https://p.example/a-1200.jpg"));
//! ```

use crate::urls::resolve_image;

/// Candidates past this count are dropped: no CMS emits more.
pub const MAX_CANDIDATES: usize = 16;
/// Widths and densities past this are broken data.
const MAX_WIDTH: u32 = 100_000;

/// One candidate of a `srcset`: a checked URL and what it is for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate {
    /// Absolute http(s) URL.
    pub src: String,
    /// Its width or density.
    pub descriptor: Descriptor,
}

/// What a candidate is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Descriptor {
    /// `300w`: the image is this many pixels wide.
    Width(u32),
    /// `1.5x`, in thousandths (1500): for this pixel density.
    Density(u32),
}

/// The candidates of a `srcset` attribute (the WHATWG parsing rules, minus
/// the future `h` descriptor), each URL resolved against `base` and checked.
/// A candidate with an unusable URL or descriptor is dropped, as a browser
/// drops it; so is one repeating an earlier descriptor.
pub fn parse(raw: &str, base: &str) -> Vec<Candidate> {
    let mut out: Vec<Candidate> = Vec::new();
    let mut rest = raw;
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_ascii_whitespace() || c == ',');
        if rest.is_empty() || out.len() == MAX_CANDIDATES {
            return out;
        }
        let url_end = rest
            .find(|c: char| c.is_ascii_whitespace())
            .unwrap_or(rest.len());
        let (url, after) = rest.split_at_checked(url_end).unwrap_or((rest, ""));
        let (url, descriptors, after) = match url.strip_suffix(',') {
            // `a.jpg,b.jpg`: a URL ending in commas has no descriptors.
            Some(_) => (url.trim_end_matches(','), "", after),
            None => {
                let end = descriptors_end(after);
                let (descriptors, after) = after.split_at_checked(end).unwrap_or((after, ""));
                (url, descriptors, after)
            }
        };
        rest = after;
        let Some(descriptor) = descriptor(descriptors) else {
            continue;
        };
        if out.iter().any(|c| c.descriptor == descriptor) {
            continue;
        }
        if let Some(src) = resolve_image(base, url).filter(|s| is_listable(s)) {
            out.push(Candidate { src, descriptor });
        }
    }
}

/// Where a candidate's descriptors end: at the first comma outside
/// parentheses.
fn descriptors_end(text: &str) -> usize {
    let mut depth = 0usize;
    for (i, c) in text.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => return i,
            _ => {}
        }
    }
    text.len()
}

fn descriptor(text: &str) -> Option<Descriptor> {
    let mut words = text
        .split_ascii_whitespace()
        .filter(|w| w.strip_suffix('h').and_then(whole).is_none());
    let word = match words.next() {
        None => return Some(Descriptor::Density(1000)),
        Some(word) => word,
    };
    if words.next().is_some() {
        return None;
    }
    if let Some(n) = word.strip_suffix('w') {
        return whole(n)
            .filter(|n| (1..=MAX_WIDTH).contains(n))
            .map(Descriptor::Width);
    }
    let n = word.strip_suffix('x')?;
    let (int, frac) = n.split_once('.').unwrap_or((n, ""));
    if int.is_empty() && frac.is_empty() || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let int = if int.is_empty() { Some(0) } else { whole(int) }?;
    // Thousandths from up to three fraction digits, without a float parser.
    let thousandths = frac
        .bytes()
        .chain(std::iter::repeat(b'0'))
        .take(3)
        .fold(0, |n, b| n * 10 + u32::from(b - b'0'));
    let density = int.checked_mul(1000)?.checked_add(thousandths)?;
    (1..=100_000)
        .contains(&density)
        .then_some(Descriptor::Density(density))
}

fn whole(digits: &str) -> Option<u32> {
    (!digits.is_empty() && digits.len() <= 9 && digits.bytes().all(|b| b.is_ascii_digit()))
        .then(|| digits.parse().ok())
        .flatten()
}

/// A URL a `srcset` can hold unambiguously.
fn is_listable(src: &str) -> bool {
    !src.ends_with(',') && !src.contains(|c: char| c.is_ascii_whitespace())
}

/// The `srcset` attribute for these candidates ("" for none).
pub fn serialize(candidates: &[Candidate]) -> String {
    let mut out = String::new();
    for c in candidates.iter().filter(|c| is_listable(&c.src)) {
        if !out.is_empty() {
            out.push_str(", ");
        }
        out.push_str(&c.src);
        out.push(' ');
        match c.descriptor {
            Descriptor::Width(w) => {
                out.push_str(&w.to_string());
                out.push('w');
            }
            Descriptor::Density(d) => {
                out.push_str(&(d / 1000).to_string());
                let frac = d % 1000;
                if frac != 0 {
                    let digits = (1000 + frac).to_string();
                    out.push('.');
                    out.push_str(digits.get(1..).unwrap_or_default().trim_end_matches('0'));
                }
                out.push('x');
            }
        }
    }
    out
}

/// The largest candidate: the widest when widths are given, else the
/// densest above 1x. `None` when `src` itself is as large as it gets.
pub fn largest(candidates: &[Candidate]) -> Option<&str> {
    let key = |c: &&Candidate| match c.descriptor {
        // A width always beats a density: they are not meant to be mixed.
        Descriptor::Width(w) => u64::from(w) << 32,
        Descriptor::Density(d) => u64::from(d),
    };
    candidates
        .iter()
        .filter(|c| c.descriptor != Descriptor::Density(1000))
        .max_by_key(key)
        .map(|c| c.src.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = "https://p.example/news/1.json";

    fn listed(raw: &str) -> String {
        serialize(&parse(raw, BASE))
    }

    #[test]
    fn widths_densities_and_bare_urls() {
        assert_eq!(
            listed("a.jpg 480w,\n b.jpg 1024w"),
            "https://p.example/news/a.jpg 480w, https://p.example/news/b.jpg 1024w"
        );
        assert_eq!(
            listed("/a.jpg, /a@2x.jpg 2x, /a@1.5.jpg 1.50x"),
            "https://p.example/a.jpg 1x, https://p.example/a@2x.jpg 2x, https://p.example/a@1.5.jpg 1.5x"
        );
        // A comma ends a URL only when whitespace or a descriptor follows.
        assert_eq!(
            listed("https://cdn.example/w_300,h_200/a.jpg 300w"),
            "https://cdn.example/w_300,h_200/a.jpg 300w"
        );
        assert_eq!(
            listed("/a.jpg,/b.jpg 2x"),
            "https://p.example/a.jpg,/b.jpg 2x"
        );
        assert_eq!(
            listed("/a.jpg, /b.jpg 2x"),
            "https://p.example/a.jpg 1x, https://p.example/b.jpg 2x"
        );
    }

    #[test]
    fn hostile_or_broken_candidates_are_dropped() {
        assert_eq!(
            listed("javascript:alert(1) 2x, data:image/png;base64,AAAA 1x"),
            ""
        );
        assert_eq!(listed(" jAvA\tscript:x 100w"), "");
        // Bad descriptors: negative, zero, floats for widths, two of them,
        // garbage; a repeated descriptor keeps the first.
        assert_eq!(
            listed("/a.jpg -1w, /b.jpg 0w, /c.jpg 1.5w, /d.jpg 1x 2x, /e.jpg huge, /f.jpg 100w, /g.jpg 100w"),
            "https://p.example/f.jpg 100w"
        );
        assert_eq!(listed("/a.jpg 99999999999w, /b.jpg 0x, /c.jpg .x"), "");
        // Parentheses keep a comma inside the descriptors.
        assert_eq!(
            listed("/a.jpg 2x (x, y), /b.jpg 3x"),
            "https://p.example/b.jpg 3x"
        );
        assert_eq!(listed(",,, ,"), "");
        let many: Vec<String> = (1..100).map(|i| format!("/{i}.jpg {i}w")).collect();
        assert_eq!(parse(&many.join(", "), BASE).len(), MAX_CANDIDATES);
    }

    #[test]
    fn the_largest_is_the_widest_or_the_densest() {
        let c = parse("/s.jpg 300w, /l.jpg 1600w, /m.jpg 800w", BASE);
        assert_eq!(largest(&c), Some("https://p.example/l.jpg"));
        let c = parse("/a.jpg, /c.jpg 3x, /b.jpg 2x", BASE);
        assert_eq!(largest(&c), Some("https://p.example/c.jpg"));
        assert_eq!(largest(&parse("/a.jpg 1x", BASE)), None);
        assert_eq!(largest(&[]), None);
    }

    #[test]
    fn serialized_candidates_parse_back_to_themselves() {
        for raw in [
            "/a.jpg 1x, /b.jpg 1.25x, /c.jpg 3x",
            "/a.jpg 1w, /b.jpg 100000w",
            "https://cdn.example/a,b.jpg 2x",
        ] {
            let once = parse(raw, BASE);
            assert_eq!(parse(&serialize(&once), BASE), once, "{raw}");
        }
    }
}

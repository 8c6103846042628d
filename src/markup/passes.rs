//! Clean-up passes over a cleaned tree: adjacent text merged, inline runs
//! grouped into paragraphs, headings levelled.

use super::node::{element, is_blank, is_inline, SafeNode, SafeTag};

/// Adjacent text nodes as one; empty ones dropped.
pub fn merge_adjacent_text(nodes: Vec<SafeNode>) -> Vec<SafeNode> {
    let mut out: Vec<SafeNode> = Vec::with_capacity(nodes.len());
    for node in nodes {
        match (out.last_mut(), node) {
            (_, SafeNode::Text(t)) if t.is_empty() => {}
            (Some(SafeNode::Text(prev)), SafeNode::Text(t)) => prev.push_str(&t),
            (_, node) => out.push(node),
        }
    }
    out
}

/// Top-level runs of inline content (a CMS that separates paragraphs with
/// `<br><br>`, or text dropped out of a `<div>`) become paragraphs, so the
/// body always reads as blocks with the widget's spacing.
pub fn group_inline_runs(nodes: Vec<SafeNode>) -> Vec<SafeNode> {
    let mut out = Vec::new();
    let mut run: Vec<SafeNode> = Vec::new();
    let flush = |run: &mut Vec<SafeNode>, out: &mut Vec<SafeNode>| {
        if run.iter().any(|n| !is_blank(n)) {
            out.push(element(SafeTag::P, Vec::new(), std::mem::take(run)));
        }
        run.clear();
    };
    for node in nodes {
        if is_inline(&node) {
            run.push(node);
        } else {
            flush(&mut run, &mut out);
            out.push(node);
        }
    }
    flush(&mut run, &mut out);
    out
}

/// Headings never skip a level (after the embed's own h2 headline comes an
/// h3, then at most one level deeper each time), so the outline a screen
/// reader lists has no holes. The author's deeper levels are kept where
/// they follow in order.
pub fn level_headings(nodes: &mut [SafeNode], previous: &mut u8) {
    const LEVELS: [SafeTag; 4] = [SafeTag::H3, SafeTag::H4, SafeTag::H5, SafeTag::H6];
    for node in nodes {
        match node {
            SafeNode::Element { tag, children, .. } => {
                if let Some(index) = LEVELS.iter().position(|l| l == tag) {
                    let wanted = index as u8 + 3;
                    let level = wanted.min(*previous + 1);
                    *tag = LEVELS
                        .get(usize::from(level - 3))
                        .copied()
                        .unwrap_or(SafeTag::H6);
                    *previous = level;
                } else {
                    level_headings(children, previous);
                }
            }
            SafeNode::Link { children, .. } => level_headings(children, previous),
            _ => {}
        }
    }
}

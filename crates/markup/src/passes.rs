//! Clean-up passes over a cleaned tree: adjacent text merged, inline runs
//! grouped into paragraphs, headings levelled, images in running text kept
//! in their line.

use super::node::{element, is_blank, is_inline, Flow, SafeNode, SafeTag};

/// Images wider than this (as the markup declares them) are photos even
/// in a line of text.
const MAX_IN_TEXT_WIDTH: u32 = 320;

/// Images in running text stay in their line. The rule, whole:
/// - an image the author aligned (`alignright`, `align`, a float) is a
///   photo, floated beside its text;
/// - an emoji or icon (WordPress's `emoji`/`wp-smiley` classes, or declared
///   48 px or less both ways) is a glyph, one line high (`picture`);
/// - a formula image (drawn by a math renderer, or with TeX as its text)
///   stays in the text even alone on a line (`picture`);
/// - any other image with text beside it on the same line (no `<br>` or
///   block between them), not declared wider than 320 px,
///   is part of the sentence (here);
/// - everything else is a photo: a block of its own, in the lightbox.
///
/// Images that are part of the text never join the lightbox.
pub(crate) fn mark_inline_images(nodes: &mut [SafeNode]) {
    for line in nodes.split_mut(is_line_end) {
        if line.iter().any(has_words) {
            line.iter_mut().for_each(keep_in_line);
        }
    }
}

/// A line ends at a `<br>` or at a block.
fn is_line_end(node: &SafeNode) -> bool {
    matches!(
        node,
        SafeNode::Element {
            tag: SafeTag::Br,
            ..
        }
    ) || !is_inline(node)
}

/// Text other than spaces, here or in an inline element or link.
fn has_words(node: &SafeNode) -> bool {
    match node {
        SafeNode::Text(t) => !t.trim().is_empty(),
        SafeNode::Link { children, .. } | SafeNode::Element { children, .. } => {
            is_inline(node) && children.iter().any(has_words)
        }
        _ => false,
    }
}

fn keep_in_line(node: &mut SafeNode) {
    let inline = is_inline(node);
    match node {
        SafeNode::Image(picture)
            if picture.flow == Flow::Block
                && picture.align.is_none()
                && picture.width.is_none_or(|w| w <= MAX_IN_TEXT_WIDTH) =>
        {
            picture.flow = Flow::InText;
        }
        SafeNode::Link { children, .. } | SafeNode::Element { children, .. } if inline => {
            children.iter_mut().for_each(keep_in_line);
        }
        _ => {}
    }
}

/// Adjacent text nodes as one; empty ones dropped.
pub(crate) fn merge_adjacent_text(nodes: Vec<SafeNode>) -> Vec<SafeNode> {
    let mut out: Vec<SafeNode> = Vec::with_capacity(nodes.len());
    for node in nodes {
        push_merging_text(&mut out, node);
    }
    out
}

/// `node` pushed onto `nodes`, text joining the text before it: a pass
/// that moves nodes (strays into a list item) keeps the tree as cleaning
/// it again would leave it, so cleaning stays idempotent.
pub(crate) fn push_merging_text(nodes: &mut Vec<SafeNode>, node: SafeNode) {
    match (nodes.last_mut(), node) {
        (_, SafeNode::Text(t)) if t.is_empty() => {}
        (Some(SafeNode::Text(prev)), SafeNode::Text(t)) => prev.push_str(&t),
        (_, node) => nodes.push(node),
    }
}

/// Top-level runs of inline content (a CMS that separates paragraphs with
/// `<br><br>`, or text dropped out of a `<div>`) become paragraphs, so the
/// body always reads as blocks with the widget's spacing.
pub(crate) fn group_inline_runs(nodes: Vec<SafeNode>) -> Vec<SafeNode> {
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
pub(crate) fn level_headings(nodes: &mut [SafeNode], previous: &mut u8) {
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

//! CMS galleries in a body become the widget's thumbnail grid instead of a
//! column of full-width images.
//!
//! A gallery is a block that holds nothing but images, each maybe in its own
//! figure (with its caption), list item, paragraph or link:
//! - *marked*: the CMS's class says so (WordPress `wp-block-gallery`,
//!   `.gallery`, `blocks-gallery-grid`, Jetpack `tiled-gallery`, Ghost
//!   `kg-gallery-card`, Bitrix `news-detail-gallery`/`photo-gallery`). One
//!   image is enough, and a link around an image is dropped: in a gallery it
//!   leads to the photo or its attachment page, and the lightbox shows it.
//! - *unmarked*: any figure, paragraph or list with three images or more in
//!   a row and nothing else. A link around one of them must point at an
//!   image file, so a row of linked thumbnails to other pages stays links.

use super::node::{is_blank, Flow, GalleryItem, Picture, SafeNode, SafeTag};

/// Images in a row that make an unmarked block a gallery.
pub(crate) const MIN_IMAGES: usize = 3;

/// Classes of the blocks CMSs publish their galleries in.
pub(crate) const GALLERY_CLASSES: [&str; 7] = [
    "wp-block-gallery",
    "gallery",
    "blocks-gallery-grid",
    "tiled-gallery",
    "kg-gallery-card",
    "news-detail-gallery",
    "photo-gallery",
];

/// The gallery in a cleaned block, if it is one (see the module's rules);
/// otherwise the block, unchanged.
///
/// The block is first checked by reference, then taken apart: nothing in it
/// is copied (a tree's clone code cost the widget 0.8 KB of brotli).
pub(crate) fn gallery(block: SafeNode, marked: bool) -> Result<SafeNode, SafeNode> {
    let mut images = 0;
    let enough = if marked { 1 } else { MIN_IMAGES };
    if !only_images(&block, marked, &mut images) || images < enough {
        return Err(block);
    }
    let mut items = Vec::new();
    let mut caption = Vec::new();
    take_images(block, &mut items, &mut caption);
    Ok(SafeNode::Gallery { items, caption })
}

/// Every unmarked gallery in a cleaned body, the outermost block first.
pub(crate) fn group_galleries(nodes: Vec<SafeNode>) -> Vec<SafeNode> {
    nodes
        .into_iter()
        .map(|node| {
            let candidate = matches!(
                &node,
                SafeNode::Element {
                    tag: SafeTag::Figure | SafeTag::P | SafeTag::Ul | SafeTag::Ol,
                    ..
                }
            );
            let node = if candidate {
                match gallery(node, false) {
                    Ok(gallery) => return gallery,
                    Err(node) => node,
                }
            } else {
                node
            };
            match node {
                SafeNode::Element {
                    tag,
                    attrs,
                    children,
                } => SafeNode::Element {
                    tag,
                    attrs,
                    children: group_galleries(children),
                },
                other => other,
            }
        })
        .collect()
}

/// Whether `node` holds nothing but images (in figures with their
/// captions, list items, paragraphs, links), counting them into `images`.
fn only_images(node: &SafeNode, marked: bool, images: &mut usize) -> bool {
    match node {
        SafeNode::Image(picture) if picture.flow == Flow::Block => *images += 1,
        // A marked block inside (WordPress's list inside its figure).
        SafeNode::Gallery { items, .. } => *images += items.len(),
        SafeNode::Link { href, children, .. } => match only_picture(children) {
            Some(_) if marked || is_image_file(href) => *images += 1,
            _ => return false,
        },
        SafeNode::Element {
            tag: SafeTag::Figure,
            children,
            ..
        } => {
            return children
                .iter()
                .all(|c| is_figcaption(c) || only_images(c, marked, images))
        }
        SafeNode::Element {
            tag: SafeTag::P | SafeTag::Li | SafeTag::Ul | SafeTag::Ol | SafeTag::Dl | SafeTag::Dt,
            children,
            ..
        } => return children.iter().all(|c| only_images(c, marked, images)),
        // A caption: a classic WordPress gallery's `dl > dt > img` + `dd`.
        SafeNode::Element {
            tag: SafeTag::Dd | SafeTag::Figcaption,
            ..
        } => {}
        other => return is_blank(other),
    }
    true
}

fn is_figcaption(node: &SafeNode) -> bool {
    matches!(
        node,
        SafeNode::Element {
            tag: SafeTag::Figcaption,
            ..
        }
    )
}

/// Moves the images of `node`, which [`only_images`] accepted, into
/// `items`. A figure of one image gives it its caption; a figure of several
/// gives its caption to the gallery.
fn take_images(node: SafeNode, items: &mut Vec<GalleryItem>, caption: &mut Vec<SafeNode>) {
    let photo = |picture| GalleryItem {
        picture,
        caption: Vec::new(),
    };
    match node {
        SafeNode::Image(picture) => items.push(photo(picture)),
        SafeNode::Gallery {
            items: inner,
            caption: inner_caption,
        } => {
            items.extend(inner);
            caption.extend(inner_caption);
        }
        SafeNode::Link { children, .. } => {
            items.extend(children.into_iter().filter_map(|child| match child {
                SafeNode::Image(picture) => Some(photo(picture)),
                _ => None,
            }))
        }
        SafeNode::Element {
            tag: SafeTag::Figure,
            children,
            ..
        } => {
            let (captions, rest): (Vec<SafeNode>, Vec<SafeNode>) =
                children.into_iter().partition(is_figcaption);
            let before = items.len();
            for child in rest {
                take_images(child, items, caption);
            }
            let own: Vec<SafeNode> = captions
                .into_iter()
                .flat_map(|c| match c {
                    SafeNode::Element { children, .. } => children,
                    _ => Vec::new(),
                })
                .collect();
            match (items.len() - before, items.last_mut()) {
                (1, Some(item)) if item.caption.is_empty() => item.caption = own,
                _ => caption.extend(own),
            }
        }
        SafeNode::Element {
            tag: SafeTag::Dd | SafeTag::Figcaption,
            children,
            ..
        } => match items.last_mut() {
            Some(item) if item.caption.is_empty() => item.caption = children,
            _ => caption.extend(children),
        },
        SafeNode::Element { children, .. } => {
            for child in children {
                take_images(child, items, caption);
            }
        }
        // Blank text between the images.
        _ => {}
    }
}

/// The one image a link holds, if it holds nothing else.
fn only_picture(nodes: &[SafeNode]) -> Option<&Picture> {
    let mut shown = nodes.iter().filter(|n| !is_blank(n));
    match (shown.next(), shown.next()) {
        (Some(SafeNode::Image(picture)), None) if picture.flow == Flow::Block => Some(picture),
        _ => None,
    }
}

/// A URL whose path ends like an image file's.
fn is_image_file(url: &str) -> bool {
    let path = url
        .split(['?', '#'])
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    [".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif"]
        .iter()
        .any(|ext| path.ends_with(ext))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::node::plain_text;
    use crate::node::test_element as el;
    use crate::{clean, CleanLimits, RawNode, Urls};

    fn run(nodes: Vec<RawNode>) -> Vec<SafeNode> {
        clean(
            &nodes,
            Urls {
                base: "https://p.example/api/1.json",
                page: "https://p.example/news/1",
            },
            CleanLimits::default(),
        )
    }

    fn img(src: &str) -> RawNode {
        el("img", &[("src", src), ("alt", src)], vec![])
    }

    fn text(t: &str) -> RawNode {
        RawNode::Text(t.into())
    }

    /// (sources, captions as text, gallery caption) of each gallery.
    fn galleries(nodes: &[SafeNode]) -> Vec<(Vec<String>, Vec<String>, String)> {
        let mut out = Vec::new();
        for node in nodes {
            match node {
                SafeNode::Gallery { items, caption } => out.push((
                    items
                        .iter()
                        .map(|i| {
                            i.picture
                                .src
                                .rsplit('/')
                                .next()
                                .unwrap_or_default()
                                .to_owned()
                        })
                        .collect(),
                    items.iter().map(|i| plain_text(&i.caption)).collect(),
                    plain_text(caption),
                )),
                SafeNode::Element { children, .. } => out.extend(galleries(children)),
                _ => {}
            }
        }
        out
    }

    #[test]
    fn a_wordpress_gallery_block_with_attachment_links_and_captions() {
        // The shape of wp:gallery (WordPress 5.x), from the Theme Test Data.
        let item = |src: &str, caption: &str| {
            el(
                "li",
                &[("class", "blocks-gallery-item")],
                vec![el(
                    "figure",
                    &[],
                    vec![
                        el(
                            "a",
                            &[("href", "https://p.example/post/attachment/")],
                            vec![img(src)],
                        ),
                        el(
                            "figcaption",
                            &[("class", "blocks-gallery-item__caption")],
                            vec![text(caption)],
                        ),
                    ],
                )],
            )
        };
        let out = run(vec![el(
            "figure",
            &[("class", "wp-block-gallery columns-3 is-cropped")],
            vec![
                el(
                    "ul",
                    &[("class", "blocks-gallery-grid")],
                    vec![item("/a.jpg", "A"), text("\n"), item("/b.jpg", "B")],
                ),
                el(
                    "figcaption",
                    &[("class", "blocks-gallery-caption")],
                    vec![text("Two photos")],
                ),
            ],
        )]);
        assert_eq!(
            galleries(&out),
            [(
                vec!["a.jpg".to_owned(), "b.jpg".to_owned()],
                vec!["A".to_owned(), "B".to_owned()],
                "Two photos".to_owned()
            )]
        );
    }

    #[test]
    fn a_classic_wordpress_gallery_shortcode() {
        // What [gallery] renders: dl.gallery-item per image.
        let item = |src: &str, caption: &str| {
            el(
                "dl",
                &[("class", "gallery-item")],
                vec![
                    el(
                        "dt",
                        &[("class", "gallery-icon landscape")],
                        vec![el("a", &[("href", "/attachment/1/")], vec![img(src)])],
                    ),
                    el(
                        "dd",
                        &[("class", "wp-caption-text gallery-caption")],
                        vec![text(caption)],
                    ),
                ],
            )
        };
        let out = run(vec![el(
            "div",
            &[
                ("id", "gallery-1"),
                (
                    "class",
                    "gallery galleryid-555 gallery-columns-3 gallery-size-thumbnail",
                ),
            ],
            vec![
                item("/1.jpg", "One"),
                item("/2.jpg", "Two"),
                el("br", &[("style", "clear: both")], vec![]),
            ],
        )]);
        assert_eq!(
            galleries(&out),
            [(
                vec!["1.jpg".to_owned(), "2.jpg".to_owned()],
                vec!["One".to_owned(), "Two".to_owned()],
                String::new()
            )]
        );
    }

    #[test]
    fn a_ghost_gallery_card_of_rows() {
        let image = |src: &str| el("div", &[("class", "kg-gallery-image")], vec![img(src)]);
        let out = run(vec![el(
            "figure",
            &[("class", "kg-card kg-gallery-card kg-width-wide")],
            vec![
                el(
                    "div",
                    &[("class", "kg-gallery-container")],
                    vec![
                        el(
                            "div",
                            &[("class", "kg-gallery-row")],
                            vec![image("/1.jpg"), image("/2.jpg")],
                        ),
                        el("div", &[("class", "kg-gallery-row")], vec![image("/3.jpg")]),
                    ],
                ),
                el("figcaption", &[], vec![text("Rows")]),
            ],
        )]);
        let found = galleries(&out);
        assert_eq!(found.len(), 1);
        assert_eq!(found.first().map(|g| g.0.len()), Some(3));
        assert_eq!(found.first().map(|g| g.2.as_str()), Some("Rows"));
    }

    #[test]
    fn three_images_in_a_row_are_a_gallery_without_a_class() {
        // A Bitrix-style block of photos, and a paragraph of them.
        let out = run(vec![
            el(
                "div",
                &[],
                vec![
                    img("/1.jpg"),
                    img("/2.jpg"),
                    el("br", &[], vec![]),
                    img("/3.jpg"),
                ],
            ),
            el(
                "p",
                &[],
                vec![img("/4.jpg"), text(" "), img("/5.jpg"), img("/6.jpg")],
            ),
        ]);
        assert_eq!(galleries(&out).len(), 2);
    }

    #[test]
    fn what_is_not_a_gallery_stays_as_written() {
        let out = run(vec![
            // Two images: a pair, not a gallery.
            el("p", &[], vec![img("/1.jpg"), img("/2.jpg")]),
            // Text among the images.
            el(
                "p",
                &[],
                vec![img("/1.jpg"), text("and"), img("/2.jpg"), img("/3.jpg")],
            ),
            // Thumbnails linking to other articles stay links.
            el(
                "ul",
                &[],
                ["/a", "/b", "/c"]
                    .iter()
                    .map(|h| {
                        el(
                            "li",
                            &[],
                            vec![el("a", &[("href", h)], vec![img("/t.jpg")])],
                        )
                    })
                    .collect(),
            ),
            // Separate figures, one after another, are the author's column.
            el("figure", &[], vec![img("/1.jpg")]),
            el("figure", &[], vec![img("/2.jpg")]),
            el("figure", &[], vec![img("/3.jpg")]),
            // A marked block with prose in it is not a gallery either.
            el(
                "div",
                &[("class", "gallery")],
                vec![el("p", &[], vec![text("Soon")])],
            ),
        ]);
        assert_eq!(galleries(&out), []);
        assert!(out.iter().any(|n| matches!(
            n,
            SafeNode::Element {
                tag: SafeTag::Ul,
                ..
            }
        )));
    }

    #[test]
    fn links_to_the_image_files_open_the_lightbox_in_an_unmarked_gallery() {
        let linked = |src: &str| el("a", &[("href", &format!("{src}?w=2000"))], vec![img(src)]);
        let out = run(vec![el(
            "p",
            &[],
            vec![linked("/1.jpg"), linked("/2.PNG"), linked("/3.webp")],
        )]);
        assert_eq!(galleries(&out).first().map(|g| g.0.len()), Some(3));
    }
}

//! Every photo a reader can enlarge, in reading order and each once: the
//! body's images first (as they appear), then the article's `images[]` that
//! the body does not already show. The grid under the article shows only
//! those; the lightbox pages through all of them.
//!
//! ```
//! use article_embed_core::contract::Image;
//! use article_embed::render::photos::Photos;
//! let image = |src: &str| Image::new(src.into());
//! let body = [image("https://p.example/a.jpg")];
//! let photos = Photos::plan(&body, &[image("https://p.example/a.jpg"), image("https://p.example/b.jpg")]);
//! assert_eq!(photos.all.len(), 2);
//! assert_eq!(photos.grid, vec![1]);
//! ```

use article_embed_core::contract::Image;
use article_embed_markup::{collapse_whitespace, plain_text, Flow, Picture};
use article_embed_markup::{SafeNode, SafeTag};

#[derive(Clone, Debug, Default, PartialEq, Eq)]
/// The article's photos: `images[]` and the body's images, each once.
pub struct Photos {
    /// Every photo, in the lightbox's order.
    pub all: Vec<Image>,
    /// Indices into `all` of the photos the grid shows (those not in the body).
    pub grid: Vec<usize>,
}

impl Photos {
    /// `body` are the body's enlargeable images in reading order
    /// ([`body_images`]); `images` the article's `images[]`. An entry of
    /// `images[]` showing the same picture as a body image completes it: the
    /// article's alt text, caption, size and srcset win where given.
    pub fn plan(body: &[Image], images: &[Image]) -> Photos {
        let mut all: Vec<Image> = Vec::new();
        for shown in body {
            if all.iter().any(|p| p.src == shown.src) {
                continue;
            }
            let photo = match images.iter().find(|i| i.src == shown.src) {
                Some(described) => {
                    let mut photo = described.clone();
                    if photo.alt.is_empty() {
                        photo.alt.clone_from(&shown.alt);
                    }
                    if photo.caption.is_none() {
                        photo.caption.clone_from(&shown.caption);
                    }
                    if photo.width.is_none() || photo.height.is_none() {
                        (photo.width, photo.height) = (shown.width, shown.height);
                    }
                    if photo.srcset.is_empty() {
                        photo.srcset.clone_from(&shown.srcset);
                    }
                    photo
                }
                None => shown.clone(),
            };
            all.push(photo);
        }
        let mut grid = Vec::new();
        for image in images {
            if all.iter().any(|p| p.src == image.src) {
                continue;
            }
            grid.push(all.len());
            all.push(image.clone());
        }
        Photos { all, grid }
    }

    /// The lightbox position of the photo with this source.
    pub fn index_of(&self, src: &str) -> Option<usize> {
        self.all.iter().position(|p| p.src == src)
    }
}

/// The images a reader can enlarge in a cleaned body, in reading order:
/// every image not inside a link (a linked image follows its link), and
/// every photo of a gallery. A figure's or gallery item's caption becomes
/// the photo's caption in the lightbox.
pub fn body_images(nodes: &[SafeNode]) -> Vec<Image> {
    let mut out = Vec::new();
    collect(nodes, &mut out);
    out
}

fn collect(nodes: &[SafeNode], out: &mut Vec<Image>) {
    for node in nodes {
        match node {
            // Images in a line of text (formulas, emoji) are not photos.
            SafeNode::Image(picture) if picture.flow == Flow::Block => {
                out.push(photo(picture, &[]));
            }
            SafeNode::Gallery { items, .. } => {
                out.extend(items.iter().map(|i| photo(&i.picture, &i.caption)));
            }
            SafeNode::Element {
                tag: SafeTag::Figure,
                children,
                ..
            } => {
                let before = out.len();
                collect(children, out);
                // One photo with a caption: the caption is the photo's.
                let caption = children.iter().find_map(|c| match c {
                    SafeNode::Element {
                        tag: SafeTag::Figcaption,
                        children,
                        ..
                    } => Some(children),
                    _ => None,
                });
                if let (1, Some(caption), Some(last)) =
                    (out.len() - before, caption, out.last_mut())
                {
                    last.caption = text_of(caption);
                }
            }
            SafeNode::Element { children, .. } => collect(children, out),
            _ => {}
        }
    }
}

fn photo(picture: &Picture, caption: &[SafeNode]) -> Image {
    Image {
        src: picture.src.clone(),
        alt: picture.alt.clone(),
        caption: text_of(caption),
        width: picture.width,
        height: picture.height,
        srcset: picture.srcset.clone(),
    }
}

/// A caption as the lightbox shows it: its text, spaces collapsed.
fn text_of(nodes: &[SafeNode]) -> Option<String> {
    let text = collapse_whitespace(&plain_text(nodes));
    (!text.is_empty()).then_some(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use article_embed_markup::{clean, CleanLimits, RawNode, Urls};

    fn image(src: &str, caption: Option<&str>) -> Image {
        Image {
            src: src.into(),
            alt: format!("alt {src}"),
            caption: caption.map(str::to_owned),
            width: Some(800),
            height: Some(600),
            srcset: Vec::new(),
        }
    }

    #[test]
    fn the_body_comes_first_and_no_photo_is_shown_twice() {
        let body: Vec<Image> = ["b", "x", "b"]
            .iter()
            .map(|s| Image {
                alt: format!("body {s}"),
                ..Image::new(s.to_string())
            })
            .collect();
        let images = [image("a", None), image("b", Some("B")), image("c", None)];
        let photos = Photos::plan(&body, &images);
        let order: Vec<_> = photos.all.iter().map(|p| p.src.as_str()).collect();
        assert_eq!(order, ["b", "x", "a", "c"]);
        // A body image takes the caption and size images[] gives it.
        assert_eq!(
            photos.all.first().and_then(|p| p.caption.as_deref()),
            Some("B")
        );
        assert_eq!(photos.grid, vec![2, 3]);
        assert_eq!(photos.index_of("c"), Some(3));
        // A body image nobody else describes keeps its own alt text.
        assert_eq!(photos.all.get(1).map(|p| p.alt.as_str()), Some("body x"));
        // All in the body: no grid.
        assert!(Photos::plan(&[Image::new("a".into())], &[image("a", None)])
            .grid
            .is_empty());
    }

    #[test]
    fn linked_images_follow_their_link_and_are_not_enlarged() {
        let el = RawNode::html;
        let nodes = clean(
            &[
                el("p", &[], vec![el("img", &[("src", "/1.jpg")], vec![])]),
                el(
                    "a",
                    &[("href", "/x")],
                    vec![el("img", &[("src", "/2.jpg")], vec![])],
                ),
                el("figure", &[], vec![el("img", &[("src", "/3.jpg")], vec![])]),
            ],
            Urls {
                base: "https://p.example/api/a.json",
                page: "https://p.example/a",
            },
            CleanLimits::default(),
        );
        let sources: Vec<_> = body_images(&nodes)
            .into_iter()
            .map(|photo| photo.src)
            .collect();
        assert_eq!(
            sources,
            ["https://p.example/1.jpg", "https://p.example/3.jpg"]
        );
    }
}

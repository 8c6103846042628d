//! Every photo a reader can enlarge, in reading order and each once: the
//! body's images first (as they appear), then the article's `images[]` that
//! the body does not already show. The grid under the article shows only
//! those; the lightbox pages through all of them.
//!
//! ```
//! use article_embed::contract::Image;
//! use article_embed::photos::Photos;
//! let image = |src: &str| Image { src: src.into(), alt: String::new(), caption: None, width: None, height: None };
//! let body = [("https://p.example/a.jpg".to_owned(), "A".to_owned())];
//! let photos = Photos::plan(&body, &[image("https://p.example/a.jpg"), image("https://p.example/b.jpg")]);
//! assert_eq!(photos.all.len(), 2);
//! assert_eq!(photos.grid, vec![1]);
//! ```

use crate::contract::Image;
use crate::markup::SafeNode;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Photos {
    /// Every photo, in the lightbox's order.
    pub all: Vec<Image>,
    /// Indices into `all` of the photos the grid shows (those not in the body).
    pub grid: Vec<usize>,
}

impl Photos {
    /// `body` are the `(source, alt)` of the body's enlargeable images in
    /// reading order; `images` the article's `images[]`, whose caption and
    /// size complete a body image with the same source.
    pub fn plan(body: &[(String, String)], images: &[Image]) -> Photos {
        let mut all: Vec<Image> = Vec::new();
        for (src, alt) in body {
            if all.iter().any(|p| p.src == *src) {
                continue;
            }
            let mut photo = images
                .iter()
                .find(|i| i.src == *src)
                .cloned()
                .unwrap_or_else(|| Image {
                    src: src.clone(),
                    alt: String::new(),
                    caption: None,
                    width: None,
                    height: None,
                });
            if photo.alt.is_empty() {
                photo.alt = alt.clone();
            }
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

/// The `(source, alt)` of the images a reader can enlarge in a cleaned
/// body, in reading order: every image that is not inside a link (a linked
/// image follows its link).
pub fn body_images(nodes: &[SafeNode]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    collect(nodes, &mut out);
    out
}

fn collect(nodes: &[SafeNode], out: &mut Vec<(String, String)>) {
    for node in nodes {
        match node {
            SafeNode::Image { src, alt, .. } => out.push((src.clone(), alt.clone())),
            SafeNode::Element { children, .. } => collect(children, out),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markup::{clean, CleanLimits, Urls};

    fn image(src: &str, caption: Option<&str>) -> Image {
        Image {
            src: src.into(),
            alt: format!("alt {src}"),
            caption: caption.map(str::to_owned),
            width: Some(800),
            height: Some(600),
        }
    }

    #[test]
    fn the_body_comes_first_and_no_photo_is_shown_twice() {
        let body: Vec<(String, String)> = ["b", "x", "b"]
            .iter()
            .map(|s| (s.to_string(), format!("body {s}")))
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
        assert!(
            Photos::plan(&[("a".into(), String::new())], &[image("a", None)])
                .grid
                .is_empty()
        );
    }

    #[test]
    fn linked_images_follow_their_link_and_are_not_enlarged() {
        use crate::markup::clean::test_element as el;
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
            .map(|(src, _)| src)
            .collect();
        assert_eq!(
            sources,
            ["https://p.example/1.jpg", "https://p.example/3.jpg"]
        );
    }
}

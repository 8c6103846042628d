//! A cleaned tree back into raw form, for the property tests (cleaning what
//! was cleaned changes nothing). Nothing in the widget calls it: the linker
//! leaves it out of the wasm.

use super::node::{Flow, MathElement, MathNode, Picture, RawNode, SafeNode};
use article_embed_core::srcset::serialize;

/// Turns a safe tree back into raw form; used to check that cleaning is
/// idempotent (cleaning what we already cleaned changes nothing).
pub fn to_raw(nodes: &[SafeNode]) -> Vec<RawNode> {
    nodes
        .iter()
        .map(|node| match node {
            SafeNode::Text(t) => RawNode::Text(t.clone()),
            SafeNode::Element {
                tag,
                attrs,
                children,
            } => {
                let attrs = attrs
                    .iter()
                    .map(|a| {
                        let (name, value) = a.name_value(*tag);
                        (name.to_owned(), value)
                    })
                    .collect();
                raw(tag.name(), attrs, to_raw(children))
            }
            SafeNode::Link {
                href,
                fragment,
                id,
                children,
            } => {
                let mut attrs = vec![(
                    "href".into(),
                    fragment
                        .as_ref()
                        .map_or_else(|| href.clone(), |f| format!("#{f}")),
                )];
                attrs.extend(id.iter().map(|i| ("id".to_owned(), i.clone())));
                raw("a", attrs, to_raw(children))
            }
            SafeNode::Image(picture) => picture_to_raw(picture),
            SafeNode::Math(math) => math_to_raw(math),
            SafeNode::Gallery { items, caption } => {
                let mut figures: Vec<RawNode> = items
                    .iter()
                    .map(|item| {
                        let mut kids = vec![picture_to_raw(&item.picture)];
                        if !item.caption.is_empty() {
                            kids.push(raw("figcaption", vec![], to_raw(&item.caption)));
                        }
                        raw("figure", vec![], kids)
                    })
                    .collect();
                if !caption.is_empty() {
                    figures.push(raw("figcaption", vec![], to_raw(caption)));
                }
                let class = vec![("class".to_owned(), "wp-block-gallery".to_owned())];
                raw("figure", class, figures)
            }
            SafeNode::Media {
                kind,
                sources,
                poster,
            } => {
                let name = kind.name();
                let attrs = poster
                    .iter()
                    .map(|p| ("poster".to_owned(), p.clone()))
                    .collect();
                let children = sources
                    .iter()
                    .map(|(src, kind)| {
                        let mut attrs = vec![("src".to_owned(), src.clone())];
                        attrs.extend(kind.iter().map(|k| ("type".to_owned(), k.clone())));
                        raw("source", attrs, vec![])
                    })
                    .collect();
                raw(name, attrs, children)
            }
            // A card with a poster came from a video with nothing playable.
            SafeNode::MediaCard {
                title,
                poster: Some(poster),
                ..
            } => {
                let mut attrs = vec![("poster".to_owned(), poster.clone())];
                attrs.extend(title.iter().map(|t| ("title".to_owned(), t.clone())));
                raw("video", attrs, vec![])
            }
            SafeNode::MediaCard { url, title, .. } => {
                let mut attrs = vec![("src".to_owned(), url.clone())];
                attrs.extend(title.iter().map(|t| ("title".to_owned(), t.clone())));
                raw("iframe", attrs, vec![])
            }
            SafeNode::Unloaded { alt } => raw(
                "img",
                vec![("src".into(), "data:,".into()), ("alt".into(), alt.clone())],
                vec![],
            ),
        })
        .collect()
}

fn math_to_raw(math: &MathElement) -> RawNode {
    RawNode::Element {
        name: math.name.to_owned(),
        html_namespace: false,
        attrs: math
            .attrs
            .iter()
            .map(|(name, value)| ((*name).to_owned(), value.clone()))
            .collect(),
        children: math
            .children
            .iter()
            .map(|child| match child {
                MathNode::Text(t) => RawNode::Text(t.clone()),
                MathNode::Element(e) => math_to_raw(e),
            })
            .collect(),
    }
}

fn picture_to_raw(p: &Picture) -> RawNode {
    let mut attrs = vec![("src".into(), p.src.clone()), ("alt".into(), p.alt.clone())];
    attrs.extend(p.align.map(|a| ("class".to_owned(), a.class().to_owned())));
    if p.flow == Flow::Glyph {
        attrs.push(("class".to_owned(), "emoji".to_owned()));
    }
    attrs.extend(p.width.map(|w| ("width".to_owned(), w.to_string())));
    attrs.extend(p.height.map(|h| ("height".to_owned(), h.to_string())));
    if !p.srcset.is_empty() {
        attrs.push(("srcset".to_owned(), serialize(&p.srcset)));
    }
    let img = raw("img", attrs, vec![]);
    if p.sources.is_empty() {
        return img;
    }
    let mut children: Vec<RawNode> = p
        .sources
        .iter()
        .map(|s| {
            let mut attrs = vec![("srcset".to_owned(), serialize(&s.srcset))];
            attrs.extend(s.media.iter().map(|m| ("media".to_owned(), m.clone())));
            attrs.extend(s.mime.iter().map(|t| ("type".to_owned(), t.clone())));
            raw("source", attrs, vec![])
        })
        .collect();
    children.push(img);
    raw("picture", vec![], children)
}

fn raw(name: &str, attrs: Vec<(String, String)>, children: Vec<RawNode>) -> RawNode {
    RawNode::Element {
        name: name.into(),
        html_namespace: true,
        attrs,
        children,
    }
}

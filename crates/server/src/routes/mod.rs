//! The public routes, grouped by the resource they answer for; each file
//! has its handlers and the `routes()` that mounts them. `crate::app`
//! composes them with the layers they share.
//!
//! | route | file | answer |
//! |---|---|---|
//! | `GET /api/articles/{source}?item=…` | `articles` | the item (the first without `item`) as contract v1, with `views` and `views_url` |
//! | `POST /api/views/{source}?item=…` | `views` | registers a view (its body: the embedding page's origin): `{"views": n}` once stored |
//! | `GET /oembed?url=…` | `oembed` | oEmbed (JSON or XML, rich) for an article's page URL: a headline and a frame, or the element |
//! | `GET /a/{source}?item=…`, `GET /card.css` | `pages` | the article's page to share: OpenGraph and Twitter tags, canonical, oEmbed discovery, a card with no script |
//! | `GET /frame.html?src=…` | `pages` | the widget's frame, its policy naming this server, the card of its own articles in it |
//! | `GET /go?to=…` | `pages` | a link a sandboxed frame's host follows: an archived article's page (302), else a page to click through |
//! | `GET /healthz`, `GET /readyz` | `health` | alive; the database answers |

pub(crate) mod articles;
pub(crate) mod health;
pub(crate) mod oembed;
pub(crate) mod pages;
pub(crate) mod views;

use serde::Deserialize;

/// The `?item=` of an article's routes.
#[derive(Deserialize)]
pub(crate) struct Item {
    pub(crate) item: Option<String>,
}

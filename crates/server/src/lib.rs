//! article-embed-server: the publisher's half of article-embed.
//!
//! Reads what the CMS publishes (WordPress REST, Ghost, JSON Feed, RSS and
//! Atom, 1C-Bitrix's exports among them, or the contract itself), answers
//! one article as contract v1 through the same Rust mapping the widget runs
//! in the browser (`article-embed-core`), counts views durably, and serves
//! the widget's files with the headers partners need.
//!
//! Modules, bottom-up: [`config`], [`xml`], [`absolute`], [`limiter`], [`spelling`], [`db`] →
//! [`platform`], [`contract_json`], [`metrics`], [`error`], [`html`], [`client`], [`partner`], [`upstream`],
//! [`views`], [`archive`] → [`articles`], [`oembed`], [`static_files`], [`dashboard`], [`go`], [`card`] → [`app`], [`serve`]
//! (connections within limits); [`check`] (a deployment's headers) stands apart.

pub mod absolute;
pub mod app;
pub mod archive;
pub mod articles;
pub mod card;
pub mod check;
pub mod client;
pub mod config;
pub mod contract_json;
pub mod dashboard;
pub mod db;
pub mod error;
pub mod go;
pub mod html;
pub mod import;
pub mod limiter;
pub mod metrics;
pub mod oembed;
pub mod partner;
pub mod platform;
mod routes;
pub mod serve;
pub mod spelling;
pub mod state;
pub mod static_files;
pub mod upstream;
pub mod views;
pub mod xml;

//! Entry point of the wasm build: registers `<article-embed>`.
fn main() {
    article_embed::start();
}

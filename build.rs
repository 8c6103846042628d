//! Minifies style/embed.css into OUT_DIR: the stylesheet ships inside the
//! wasm, so its comments and indentation would count against the size budget.

use std::{env, fs, path::Path};

fn main() {
    println!("cargo:rerun-if-changed=style/embed.css");
    let css = fs::read_to_string("style/embed.css").unwrap_or_default();
    let out = env::var("OUT_DIR").unwrap_or_else(|_| ".".into());
    let _ = fs::write(Path::new(&out).join("embed.min.css"), minify(&css));
}

/// Drops comments and collapses whitespace. Strings in our CSS never contain
/// `/*` or significant runs of spaces, so this simple pass is enough.
fn minify(css: &str) -> String {
    let mut without_comments = String::with_capacity(css.len());
    let mut rest = css;
    while let Some((before, after)) = rest.split_once("/*") {
        without_comments.push_str(before);
        rest = after.split_once("*/").map_or("", |(_, tail)| tail);
    }
    without_comments.push_str(rest);
    let collapsed = without_comments
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let mut out = collapsed;
    for punct in ["{", "}", ";", ",", ">"] {
        out = out
            .replace(&format!(" {punct}"), punct)
            .replace(&format!("{punct} "), punct);
    }
    out.replace(";}", "}")
}

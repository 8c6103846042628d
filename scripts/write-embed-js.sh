#!/bin/sh
# Trunk post_build hook: writes embed.js, the fixed-name entry point partners
# load with <script type="module" src=".../embed.js">. It imports the hashed
# glue relative to its own URL (import.meta.url), so dist/ works from any CDN
# folder or origin, and it starts the wasm once however often it is included.
set -eu
dir="${TRUNK_STAGING_DIR:?run by trunk}"
glue=$(cd "$dir" && ls article-embed-*.js 2>/dev/null | grep -v '_bg' | head -n 1)
wasm=$(cd "$dir" && ls article-embed-*_bg.wasm 2>/dev/null | head -n 1)
[ -n "$glue" ] && [ -n "$wasm" ] || { echo "write-embed-js: glue or wasm not found in $dir" >&2; exit 1; }
cat > "$dir/embed.js" <<JS
// article-embed loader (generated at build time; see scripts/write-embed-js.sh).
const key = Symbol.for("article-embed.loader");
if (!globalThis[key] && !customElements.get("article-embed")) {
  globalThis[key] = import(new URL("./$glue", import.meta.url).href)
    .then((glue) => glue.default({ module_or_path: new URL("./$wasm", import.meta.url) }))
    .catch((error) => console.error("article-embed: could not start", error));
}
JS

#!/bin/sh
# Trunk post_build hook: writes dist/embed.js, the fixed-name entry point
# partners load, from src/embed.js with this build's hashed glue and wasm
# names filled in (both are loaded relative to embed.js's own URL, so dist/
# works from any CDN folder or origin).
set -eu
dir="${TRUNK_STAGING_DIR:?run by trunk}"
glue=$(cd "$dir" && ls article-embed-*.js 2>/dev/null | grep -v '_bg' | head -n 1)
wasm=$(cd "$dir" && ls article-embed-*_bg.wasm 2>/dev/null | head -n 1)
[ -n "$glue" ] && [ -n "$wasm" ] || { echo "write-embed-js: glue or wasm not found in $dir" >&2; exit 1; }
# The glue's snippet modules, as a JS array of relative paths.
snippets=$(cd "$dir" && find snippets -name '*.js' 2>/dev/null | sort | sed 's|.*|"./&"|' | paste -sd, -)
# Whole-line comments are for readers of src/, not for partners' bandwidth:
# ours, and wasm-bindgen's in the glue (no line of a string in any of them
# starts with //).
# Indentation goes too, unless a template literal spans lines (a line with
# an odd number of backticks), where it would be part of a string.
strip_comments='/^[[:space:]]*\/\//d'
# esbuild (npm, pinned in package.json; scripts/setup.sh installs it) minifies
# for real: names, whitespace, syntax, 1.2 KB brotli less than the fallback
# below (docs/performance.md). Without node_modules (a bare `trunk build`),
# the fallback still works, only larger.
esbuild="${TRUNK_SOURCE_DIR:-.}/node_modules/.bin/esbuild"
minify() {
  if [ -x "$esbuild" ]; then
    # wasm-bindgen names element.js twice in the glue's import object (one per
    # extern block, the same module both times): a harmless duplicate key.
    "$esbuild" "$1" --minify --format=esm --log-level=warning --log-override:duplicate-object-key=silent \
      --allow-overwrite --outfile="$1"
    return
  fi
  if awk '{ n = gsub(/`/, "`"); if (n % 2) odd = 1 } END { exit !odd }' "$1"; then
    sed -i -e "$strip_comments" "$1"
  else
    sed -i -e "$strip_comments" -e 's/^[[:space:]]*//' "$1"
  fi
}
# The imports' names, short in both the wasm and the glue (before the glue
# is minified: its import object is still wasm-bindgen's).
node "${TRUNK_SOURCE_DIR:-.}/scripts/short-imports.mjs" "$dir/$glue" "$dir/$wasm"
sed -e "s|__GLUE__|$glue|g" -e "s|__WASM__|$wasm|g" -e "s|__SNIPPETS__|[$snippets]|g" \
  "${TRUNK_SOURCE_DIR:-.}/src/embed.js" > "$dir/embed.js"
minify "$dir/embed.js"
minify "$dir/$glue"
for snippet in $(find "$dir/snippets" -name '*.js'); do minify "$snippet"; done

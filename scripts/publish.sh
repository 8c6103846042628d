#!/usr/bin/env bash
# One command for a publisher with only a feed (RSS or Atom — 1C-Bitrix's
# rss.php among them, in windows-1251 or UTF-8 —, a JSON Feed, WordPress REST,
# Ghost or contract JSON): builds the widget and the publisher's server, and
# serves both from one address:
#
#   /api/articles/news?item=<guid or URL>   one item as the contract, CORS open
#   /api/views/news?item=…                  views, counted in data/views.db
#   /embed.js, the wasm, /builder.html      the widget, with the right headers
#
#   bash scripts/publish.sh https://publisher.example/bitrix/rss.php \
#        [--public-url https://embed.publisher.example] [--listen 0.0.0.0:8787]
#
# --public-url is where readers reach this server (your CDN in front of it);
# by default http://<listen>. Then open <public-url>/builder.html, pick the
# item, and paste the snippet on the partner's page. Ctrl+C stops the server
# after it has stored every view it acknowledged.
set -euo pipefail
cd "$(dirname "$0")/.."

usage() { sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
feed="" listen="127.0.0.1:8787" public_url=""
while [ $# -gt 0 ]; do
  case $1 in
    --public-url) public_url=$2; shift 2 ;;
    --listen) listen=$2; shift 2 ;;
    -h|--help) usage ;;
    *) [ -z "$feed" ] || usage; feed=$1; shift ;;
  esac
done
[ -n "$feed" ] || usage
case $feed in http://*|https://*) ;; *) echo "the feed must be an http(s) URL: $feed" >&2; exit 2 ;; esac
public_url=${public_url:-http://$listen}
public_url=${public_url%/}

bash scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PATH"
echo "[publish] building the widget (trunk build --release) and the server (cargo build --release)"
trunk build --release >/dev/null
cargo build --quiet --release -p article-embed-server
mkdir -p data
config=data/publish.toml
cat > "$config" <<TOML
# Written by scripts/publish.sh; crates/server/server.example.toml lists every key.
listen = "$listen"
public_url = "$public_url"
database = "data/views.db"
dist = "dist"

[[source]]
name = "news"
url = "$feed"
TOML
echo "[publish] the first item:  $public_url/api/articles/news"
echo "[publish] the builder:     $public_url/builder.html?src=$public_url/api/articles/news"
echo "[publish] configuration:   $config (edit it and run target/release/article-embed-server serve --config $config)"
exec target/release/article-embed-server serve --config "$config"

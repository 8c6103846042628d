#!/usr/bin/env bash
# Sets up what is missing, then serves the demo: the seed article embedded in
# a partner page, at http://127.0.0.1:8080/ (partner.html shows isolation),
# with the publisher's server (crates/server) behind /publisher/, counting
# the views of the front page and counted.html in data/demo-views.db.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PATH"
port="${PORT:-8080}"

echo "[demo] building the publisher's server (crates/server)"
cargo build --quiet -p article-embed-server
mkdir -p data
# Its CMS is this demo's own copy of the seed (served by trunk below).
cat > data/demo-server.toml <<TOML
listen = "127.0.0.1:8787"
public_url = "http://127.0.0.1:$port/publisher"
database = "data/demo-views.db"
trusted_proxies = ["127.0.0.1"]

# The publisher's dashboard, on an address of its own: open
# http://127.0.0.1:8788/dashboard/ and sign in with this demo's token.
[dashboard]
token = "demo-dashboard-token"
listen = "127.0.0.1:8788"

[[source]]
name = "seed"
url = "http://127.0.0.1:$port/api/articles/opening-asia-for-russia.json"

[[source]]
name = "news"
url = "http://127.0.0.1:$port/api/feeds/news.rss"
TOML
# The back catalogue: an article from 2019 the live feed no longer lists
# (archived.html embeds it). Importing again changes nothing.
target/debug/article-embed-server import --config data/demo-server.toml --source news \
  fixtures/api/feeds/archive.rss >/dev/null
echo "[demo] the publisher's dashboard: http://127.0.0.1:8788/dashboard/ (token: demo-dashboard-token)"
target/debug/article-embed-server serve --config data/demo-server.toml &
server=$!
# SIGTERM: the server commits every queued view before it exits.
trap 'kill -TERM "$server" 2>/dev/null; wait "$server" 2>/dev/null || true' EXIT INT TERM
trunk serve --address 127.0.0.1 --port "$port" "$@"

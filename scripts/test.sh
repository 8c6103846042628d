#!/usr/bin/env bash
# Sets up what is missing, then runs every test: formatting and lints, native
# unit and property tests, the release build, its size budget, a scan of what
# dist/ ships, the browser tests in headless Chromium, and the core suite in
# Firefox ESR and WebKitGTK.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --tests
export PATH="$HOME/.cargo/bin:$PATH"

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "cargo fmt --check"
cargo fmt --all --check
step "cargo clippy (no unwrap/expect/panic/indexing outside tests)"
# The server (crates/server) is native only.
cargo clippy --quiet --workspace --exclude article-embed-server --target wasm32-unknown-unknown -- -D warnings
cargo clippy --quiet --workspace --all-targets -- -D warnings
step "a throwaway PostgreSQL for the server's tests (scripts/postgres.sh)"
# Stopped at the end if this command started it: nothing the tests started
# keeps running after them (an idle server on a machine that times tasks).
if ! bash scripts/postgres.sh running; then
  trap 'bash scripts/postgres.sh stop || true' EXIT
fi
AE_TEST_POSTGRES=$(bash scripts/postgres.sh start)
export AE_TEST_POSTGRES
step "no import cycle in any crate, no import against the widget's layers; docs/development.md's module map drawn from the code (scripts/modules.py)"
python3 scripts/modules.py cycles
python3 scripts/modules.py layers
python3 scripts/modules.py map --check
step "native tests (the widget, the core crate, the server on real SQLite files and PostgreSQL)"
cargo test --quiet --workspace
step "docs (cargo doc, warnings as errors: every intra-doc link resolves)"
RUSTDOCFLAGS="-D warnings" cargo doc --quiet --workspace --no-deps
step "release build (trunk build --release)"
trunk build --release
step "size budget"
node scripts/size.mjs dist --budget-kb 130
step "shipped files: no inline scripts, no eval"
node scripts/check-dist.mjs dist
step "fixtures against the JSON Schema"
node --test tests/schema/
step "the publisher's server for the browser tests (target/debug)"
cargo build --quiet -p article-embed-server
step "browser tests (Playwright + /usr/bin/chromium; the publisher's server on a fresh SQLite file)"
CI=1 npx playwright test
step "core suite in Firefox ESR and WebKitGTK (WebDriver)"
node --test tests/engines/

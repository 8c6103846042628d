#!/usr/bin/env bash
# Installs what building (and, with --tests, testing) article-embed needs on a
# fresh Debian machine with rustup, cargo, node and npm. Every step is a no-op
# when its tool is already there at the right version. Nothing is downloaded
# except through rustup, cargo, apt and npm.
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
WASM_OPT_VERSION=0.116.1
GECKODRIVER_VERSION=0.37.1
# wasm-bindgen-cli must match the wasm-bindgen in Cargo.lock exactly.
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)

say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }
export PATH="$HOME/.cargo/bin:$PATH"

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if [ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]; then
  say "installing trunk $TRUNK_VERSION (a few minutes, once)"
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi

if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WASM_BINDGEN_VERSION" ]; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (matches Cargo.lock)"
  # Without --locked: with it, a dependency pinned in its lockfile is missing from the registry.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

# Debian's binaryen (108) produces wasm that fails at runtime; use the crate.
if ! wasm-opt --version 2>/dev/null | grep -q "version 116"; then
  say "installing wasm-opt $WASM_OPT_VERSION (a few minutes, once)"
  cargo install wasm-opt --version "$WASM_OPT_VERSION" --locked
fi

# Trunk builds offline; fetch the crates it will need first.
cargo fetch --quiet

if [ "${1:-}" = "--tests" ]; then
  # Three engines: Chromium (Playwright), Firefox ESR and WebKitGTK (WebDriver;
  # MiniBrowser has no headless mode, so it runs on an Xvfb display).
  missing=""
  command -v chromium >/dev/null || missing="$missing chromium"
  command -v chromedriver >/dev/null || missing="$missing chromium-driver"
  command -v firefox-esr >/dev/null || missing="$missing firefox-esr"
  command -v WebKitWebDriver >/dev/null || missing="$missing webkit2gtk-driver"
  command -v Xvfb >/dev/null || missing="$missing xvfb"
  # The server's tests run against a real PostgreSQL (scripts/postgres.sh).
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$missing postgresql"
  # The dashboard's browser test checks its figures against the SQLite file.
  command -v sqlite3 >/dev/null || missing="$missing sqlite3"
  # WordPress's own oEmbed consumer runs on the server's answers (php-cli, and
  # Debian's wordpress package unpacked below, never installed).
  command -v php >/dev/null || missing="$missing php-cli"
  if [ -n "$missing" ]; then
    say "installing from apt:$missing"
    sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
    $sudo_cmd env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    # shellcheck disable=SC2086
    $sudo_cmd env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing
  fi
  if [ "$(geckodriver --version 2>/dev/null | awk 'NR==1 {print $2}')" != "$GECKODRIVER_VERSION" ]; then
    say "installing geckodriver $GECKODRIVER_VERSION (about 4 minutes, once)"
    cargo install geckodriver --version "$GECKODRIVER_VERSION" --locked
  fi
  if [ ! -f target/wordpress/usr/share/wordpress/wp-includes/embed.php ]; then
    say "unpacking Debian's wordpress package into target/wordpress (its oEmbed consumer, for tests)"
    rm -rf target/wordpress-deb && mkdir -p target/wordpress-deb target/wordpress
    (cd target/wordpress-deb && apt-get download wordpress >/dev/null 2>&1)
    dpkg -x target/wordpress-deb/wordpress_*.deb target/wordpress
    rm -rf target/wordpress-deb
  fi
fi

# The npm packages: esbuild, which minifies the widget's JS at build time
# (demo and tests), and the browser tests' Playwright, ajv and axe.
stamp=node_modules/.package-lock.json
if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ]; then
  say "installing npm packages (npm ci)"
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund
fi

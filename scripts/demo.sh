#!/usr/bin/env bash
# Sets up what is missing, then serves the demo: the seed article embedded in
# a partner page, at http://127.0.0.1:8080/ (partner.html shows isolation).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PATH"
exec trunk serve --address 127.0.0.1 --port "${PORT:-8080}" "$@"

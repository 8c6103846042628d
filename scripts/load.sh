#!/usr/bin/env bash
# The server's load test on loopback (not part of the test command): the
# release binary on SQLite and on a throwaway PostgreSQL, cached article
# reads and views, answers/s and p50/p99, stored counts checked against the
# acknowledged views. Arguments go to the load generator, e.g.
#   bash scripts/load.sh --seconds 10 --connections 64
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
AE_TEST_POSTGRES=$(bash scripts/postgres.sh start)
export AE_TEST_POSTGRES
cargo bench --quiet -p article-embed-server --bench load -- "$@"

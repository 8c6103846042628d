#!/usr/bin/env bash
# The dashboard on a year of data (not part of the test command): the release
# binary on SQLite and on a throwaway PostgreSQL, each screen and API table
# timed; fails past 200 ms. Arguments go to the bench, e.g.
#   bash scripts/dashboard-bench.sh --articles 10000 --days-read 365
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
AE_TEST_POSTGRES=$(bash scripts/postgres.sh start)
export AE_TEST_POSTGRES
cargo bench --quiet -p article-embed-server --bench dashboard -- "$@"

#!/usr/bin/env bash
# The long fuzzing and fault profile (CI runs the same tests with a smaller, fixed sample):
# 10,000 valid households per entry point (both engines, planner, renderers, graph, HTTP
# service; 5,000 through the store on SQLite and on PostgreSQL), 12,000 mutated households,
# 6,000 mutated rule files, 40 killed imports per database and 4 processes x 1,000
# concurrent saves per database. Prints the tallies. Takes about an hour on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
source tools/_venv.sh
export GEZINSPLAN_FUZZ=full GEZINSPLAN_REQUIRE_POSTGRES=1
"$VENV"/bin/python -m pytest -s -p no:cacheprovider --hypothesis-show-statistics \
  tests/test_fuzz.py tests/test_fuzz_mutations.py tests/store/test_fuzz_store.py \
  tests/store/test_faults.py "$@"

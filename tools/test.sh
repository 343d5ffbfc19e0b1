#!/usr/bin/env bash
# Create the environment (.venv) and run the whole test suite: ruff, mypy --strict, pytest.
# Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
source tools/_venv.sh
source tools/browser.sh
echo "== ruff"
"$VENV"/bin/ruff check .
"$VENV"/bin/ruff format --check .
echo "== mypy --strict"
"$VENV"/bin/mypy
echo "== pytest"
"$VENV"/bin/python -m pytest "$@"

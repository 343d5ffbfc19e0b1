#!/usr/bin/env bash
# Create the environment (.venv) and run the main job on the embedded default
# (SQLite store, shipped example households). Extra arguments go to `gezinsplan demo`.
set -euo pipefail
cd "$(dirname "$0")/.."
source tools/_venv.sh
"$VENV"/bin/gezinsplan demo "$@"

#!/usr/bin/env bash
# Smoke run on the other Pythons the project claims (3.12, 3.13): install from scratch
# into .venv-<version>, run the main job on the embedded default in a scratch folder, and a
# fast subset of the suite (model, rules, engines, I/O, command line).
# Usage: bash tools/smoke.sh [3.12 3.13]
set -euo pipefail
cd "$(dirname "$0")/.."
versions=("$@")
[ ${#versions[@]} -gt 0 ] || versions=(3.12 3.13)
find_python() {
  local v="$1"
  if command -v "python$v" >/dev/null 2>&1 && "python$v" --version >/dev/null 2>&1; then
    echo "python$v"; return
  fi
  local root
  root="$(pyenv root 2>/dev/null || echo "$HOME/.pyenv")"
  for candidate in "$root"/versions/"$v".*/bin/python"$v"; do
    if [ -x "$candidate" ]; then echo "$candidate"; return; fi
  done
  return 1
}
for v in "${versions[@]}"; do
  if ! py="$(find_python "$v")"; then
    echo "== Python $v: not found on this machine" >&2
    exit 1
  fi
  echo "== Python $v ($py)"
  (
    export PYTHON="$py" VENV=".venv-$v"
    source tools/_venv.sh
    scratch="$(mktemp -d)"
    trap 'rm -rf "$scratch"' EXIT
    (cd "$scratch" && "$OLDPWD/$VENV/bin/gezinsplan" demo >/dev/null)
    echo "demo: ok"
    "$VENV"/bin/python -m pytest -q -p no:cacheprovider -m "not slow" \
      tests/model tests/rules tests/engines tests/test_io.py tests/cli tests/test_assessor.py
  )
done

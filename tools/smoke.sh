#!/usr/bin/env bash
# Smoke run on the other Pythons the project claims (3.12, 3.13):
# 1. a user's plain install: `pip install .` into a fresh venv (no build flags), then
#    `gezinsplan signals` with the default engine (on 3.13 durable_rules' C extension does
#    not load unpatched: the library must fall back to the reference engine with one
#    notice), and `gezinsplan demo` refusing clearly until the monitor extra is installed;
# 2. the project's own environment (.venv-<version>, durable_rules built with the flag 3.13
#    needs): the main job in a scratch folder and a fast subset of the suite (model, rules,
#    engines, I/O, command line).
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
    plain="$(mktemp -d)"
    trap 'rm -rf "$plain"' EXIT
    "$py" -m venv "$plain/venv"
    "$plain/venv/bin/python" -m pip install --quiet --disable-pip-version-check . >&2
    (
      cd "$plain"
      example="$("$plain/venv/bin/gezinsplan" examples --path households)/02_multiprobleemgezin.json"
      "$plain/venv/bin/gezinsplan" signals "$example" --peildatum 2026-11-23 >signals.txt 2>notice.txt
      grep -q "signal(s) at 2026-11-23" signals.txt
      if [ -s notice.txt ]; then
        [ "$(wc -l <notice.txt)" -eq 1 ] && grep -q "^notice: .*using the 'python' engine" notice.txt
        echo "plain install: signals ok ($(cat notice.txt | cut -c1-60)...)"
      else
        echo "plain install: signals ok (durable_rules)"
      fi
      if "$plain/venv/bin/gezinsplan" demo >demo.txt 2>&1; then
        echo "plain install: the demo ran without the monitor extra" >&2; exit 1
      fi
      grep -q "pip install 'gezinsplan\[monitor\]'" demo.txt
      [ ! -e gezinsplan.sqlite ] && [ ! -e monitor ]
      echo "plain install: demo asks for the monitor extra, wrote nothing"
    )
  )
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

# Sourced by tools/*.sh: create .venv once and install the project with its dev extras.
PYTHON_BIN="${PYTHON:-}"
if [ -z "$PYTHON_BIN" ]; then
  for candidate in python3.11 python3.12 python3; do
    if command -v "$candidate" >/dev/null 2>&1; then PYTHON_BIN="$candidate"; break; fi
  done
fi
if [ ! -x .venv/bin/python ]; then
  echo "== creating .venv with $PYTHON_BIN" >&2
  "$PYTHON_BIN" -m venv .venv
fi
if [ ! -f .venv/.installed ] || [ pyproject.toml -nt .venv/.installed ]; then
  echo "== installing gezinsplan and its dependencies into .venv" >&2
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip >&2
  # durable_rules 2.0.28 calls PyEval_CallObject, which Python 3.13 removed: map it to
  # PyObject_CallObject (same signature) when its C extension is built (harmless before
  # 3.13); built without pip's wheel cache so that no wheel built without the flag is reused
  CPPFLAGS="${CPPFLAGS:-} -DPyEval_CallObject=PyObject_CallObject" \
    .venv/bin/python -m pip install --quiet --disable-pip-version-check --no-cache-dir \
    "durable-rules==2.0.28" >&2
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -e '.[dev]' >&2
  touch .venv/.installed
fi

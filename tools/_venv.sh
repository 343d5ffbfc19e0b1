# Sourced by tools/*.sh: create the environment once and install the project with its dev
# extras. $PYTHON picks the interpreter (default: python3.11, python3.12, python3), $VENV
# the folder (default: .venv).
VENV="${VENV:-.venv}"
PYTHON_BIN="${PYTHON:-}"
if [ -z "$PYTHON_BIN" ]; then
  for candidate in python3.11 python3.12 python3; do
    if command -v "$candidate" >/dev/null 2>&1; then PYTHON_BIN="$candidate"; break; fi
  done
fi
if [ ! -x "$VENV"/bin/python ]; then
  echo "== creating $VENV with $PYTHON_BIN" >&2
  "$PYTHON_BIN" -m venv "$VENV"
fi
if [ ! -f "$VENV"/.installed ] || [ pyproject.toml -nt "$VENV"/.installed ]; then
  echo "== installing gezinsplan and its dependencies into $VENV" >&2
  "$VENV"/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip >&2
  # durable_rules 2.0.28 calls PyEval_CallObject, which Python 3.13 removed: map it to
  # PyObject_CallObject (same signature) when its C extension is built (harmless before
  # 3.13); built without pip's wheel cache so that no wheel built without the flag is reused
  CPPFLAGS="${CPPFLAGS:-} -DPyEval_CallObject=PyObject_CallObject" \
    "$VENV"/bin/python -m pip install --quiet --disable-pip-version-check --no-cache-dir \
    "durable-rules==2.0.28" >&2
  "$VENV"/bin/python -m pip install --quiet --disable-pip-version-check -e '.[dev]' >&2
  touch "$VENV"/.installed
fi

"""Where durable_rules' C extension cannot load (Python 3.13 without the build flag), the
library falls back to the reference evaluator by default, with one notice line.

The failure is reproduced in a child process by a ``durable_rules_engine`` module that
raises the ImportError Python 3.13 gives (``undefined symbol: PyEval_CallObject``).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from gezinsplan.engines import available_engines, default_engine, fallback_notice

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "households" / "02_multiprobleemgezin.json"
BROKEN = (
    "raise ImportError('durable_rules_engine.cpython-313-x86_64-linux-gnu.so: "
    "undefined symbol: PyEval_CallObject')\n"
)


def _run(tmp_path: Path, *args: str, broken: bool) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    paths = [str(ROOT)]
    if broken:
        shadow = tmp_path / "shadow"
        shadow.mkdir(exist_ok=True)
        (shadow / "durable_rules_engine.py").write_text(BROKEN, encoding="utf-8")
        paths.insert(0, str(shadow))
    env["PYTHONPATH"] = os.pathsep.join(paths)
    return subprocess.run(
        [sys.executable, "-m", "gezinsplan", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
        check=False,
    )


def test_here_the_default_is_durable_rules_without_a_notice() -> None:
    assert default_engine() == "durable"
    assert fallback_notice() is None
    assert available_engines() == ("durable", "python")


def test_signals_fall_back_to_the_reference_engine_with_one_notice(tmp_path: Path) -> None:
    args = ("signals", str(EXAMPLE), "--peildatum", "2026-11-23", "--format", "json")
    broken = _run(tmp_path, *args, broken=True)
    assert broken.returncode == 0, broken.stderr
    notices = [line for line in broken.stderr.splitlines() if line.strip()]
    assert len(notices) == 1, broken.stderr
    assert notices[0].startswith("notice: the durable_rules engine cannot be loaded")
    assert "using the 'python' engine" in notices[0]
    assert "Traceback" not in broken.stderr
    fine = _run(tmp_path, *args, broken=False)
    assert fine.returncode == 0, fine.stderr
    assert fine.stderr == ""
    # the same signals as durable_rules gives where it loads
    assert json.loads(broken.stdout) == json.loads(fine.stdout)


def test_asking_for_durable_where_it_cannot_load_is_one_clear_error(tmp_path: Path) -> None:
    args = ("signals", str(EXAMPLE), "--peildatum", "2026-11-23", "--engine", "durable")
    proc = _run(tmp_path, *args, broken=True)
    assert proc.returncode == 1
    assert "durable_rules engine cannot be loaded" in proc.stderr
    assert "CPPFLAGS=-DPyEval_CallObject=PyObject_CallObject" in proc.stderr
    assert "Traceback" not in proc.stderr


@pytest.mark.slow
def test_rules_check_runs_the_cases_on_the_engines_that_load(tmp_path: Path) -> None:
    proc = _run(tmp_path, "rules", "check", str(ROOT / "rules"), broken=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stderr.count("notice:") == 1
    runs = int(proc.stdout.rsplit(" rules, ", 1)[1].split(" case runs")[0])
    fine = _run(tmp_path, "rules", "check", str(ROOT / "rules"), broken=False)
    both = int(fine.stdout.rsplit(" rules, ", 1)[1].split(" case runs")[0])
    assert runs * 2 == both  # every case once (python) instead of twice

"""The notebook-style example runs from top to bottom and writes its report."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).parents[2] / "examples" / "monitor_notebook.py"


def test_the_notebook_example_runs(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "800", str(tmp_path / "nb")],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Monitor(households=800" in done.stdout
    assert f"report: {tmp_path / 'nb' / 'monitor.html'}" in done.stdout
    assert (tmp_path / "nb" / "tables" / "regions.parquet").exists()
    assert "Monitor sociaal domein" in (tmp_path / "nb" / "monitor.html").read_text("utf-8")

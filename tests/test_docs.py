"""The Python examples in the README and docs/embedding.md run as written."""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BLOCK = re.compile(r"```python\n(.*?)```", re.S)


def blocks(name: str) -> list[str]:
    return BLOCK.findall((ROOT / name).read_text(encoding="utf-8"))


def test_the_readme_python_example_runs() -> None:
    code = blocks("README.md")[0]
    out = io.StringIO()
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        with contextlib.redirect_stdout(out):
            exec(compile(code, "README.md", "exec"), {})
    finally:
        os.chdir(cwd)
    text = out.getvalue()
    assert "triage.meervoudig" in text
    assert "# " in text  # the rendered plan


def test_the_readme_monitor_example_runs(tmp_path: Path) -> None:
    from gezinsplan.caseload.convert import generate_caseload

    generate_caseload(300, 7, tmp_path / "c", peildatum=date(2026, 11, 23), workers=1)
    code = blocks("README.md")[1].replace("out/c100k", str(tmp_path / "c"))
    code = code.replace('"out/monitor"', repr(str(tmp_path / "m")))
    namespace: dict[str, object] = {"date": date}
    exec(compile(code, "README.md", "exec"), namespace)
    assert (tmp_path / "m" / "regions.parquet").exists()
    assert "from gezinsplan.monitor import" in code


def test_the_embedding_intake_example_runs() -> None:
    code = blocks("docs/embedding.md")[0]
    namespace: dict[str, object] = {}
    exec(compile(code, "docs/embedding.md", "exec"), namespace)
    data = json.loads((ROOT / "examples/households/02_multiprobleemgezin.json").read_text())
    answer = namespace["on_intake"](data, date(2026, 11, 23))  # type: ignore[operator]
    assert answer["plan"]["outcome"] == "plan"
    assert answer["signals"]


def test_nothing_cites_files_outside_the_repository() -> None:
    """Sources are laws, published policy texts and datasets a reader can look up."""
    texts = [ROOT / "README.md"]
    for folder, pattern in (("docs", "*.md"), ("rules", "*.yaml"), ("gezinsplan", "*.py")):
        texts += sorted((ROOT / folder).rglob(pattern))
    citing = [
        str(p.relative_to(ROOT)) for p in texts if "domain.md" in p.read_text(encoding="utf-8")
    ]
    assert len(texts) > 100
    assert citing == []

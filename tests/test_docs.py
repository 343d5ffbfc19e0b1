"""The code in README.md and docs/*.md runs as written, so the documentation cannot drift.

Every ```python block runs, in order per file and in one namespace (later blocks build on
earlier ones), in a temporary working directory holding a copy of ``examples/`` and
``rules/``. Every ```bash / ```console / ```sh block runs with bash in such a directory, in
order per file, each under ``set -e``: every command must exit 0 (a ```console block runs
the lines after its ``$`` prompts).

A block that cannot run (an illustrative fragment, a server, an install, a benchmark) is
preceded by ``<!-- not-tested: reason -->``; :data:`SKIPPED` lists those blocks, so a new
skip is a visible change of this test. The only changes made to the commands themselves
are the sizes in :data:`SIZES`; inputs a file's code expects from an earlier step that is
not shown (or skipped) are made by the commands in :data:`PYTHON_SETUP` and
:data:`SHELL_SETUP`.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from gezinsplan.cli import main

ROOT = Path(__file__).resolve().parents[1]
DOCS = ["README.md", *sorted(f"docs/{p.name}" for p in (ROOT / "docs").glob("*.md"))]
SHELL = ("bash", "console", "sh")
MARKER = re.compile(r"^<!--\s*not-tested:\s*(.+?)\s*-->$")
FENCE = re.compile(r"^(\s*)```(\S*)\s*$")

#: Sizes of generated caseloads in shell blocks, made small: (as written, as run).
SIZES: tuple[tuple[str, str], ...] = (
    ("--households 100000", "--households 300"),
    ("--households 1000 ", "--households 300 "),
)

#: Inputs the Python blocks of a file read, made first: ``mkdir -p`` or ``gezinsplan``.
PYTHON_SETUP: dict[str, list[str]] = {
    # the README's shell block makes out/c100k (100,000 households there)
    "README.md": [
        "mkdir -p out",
        "gezinsplan generate --households 300 --seed 7 --format parquet --out out/c100k"
        " --peildatum 2026-11-23 --workers 1",
    ],
    "docs/caseload.md": [
        "gezinsplan generate --households 300 --seed 7 --format parquet --out caseload/"
        " --peildatum 2026-11-23 --workers 1",
    ],
    "docs/monitor.md": [
        "mkdir -p out",
        "gezinsplan generate --households 300 --seed 7 --format parquet --out out/c100k"
        " --peildatum 2026-11-23 --workers 1",
    ],
    "docs/variants.md": [
        "gezinsplan generate --households 300 --seed 7 --out caseload.jsonl --peildatum 2026-11-23",
    ],
}

#: Shell commands run before a file's shell blocks, standing in for a skipped step.
SHELL_SETUP: dict[str, list[str]] = {
    # `bash tools/demo.sh` (skipped) leaves the example households in ./gezinsplan.sqlite,
    # which `store letter vb-02 --db sqlite:///gezinsplan.sqlite` reads
    "README.md": ["gezinsplan demo --monitor-households 0 --db sqlite:///gezinsplan.sqlite"],
}

#: Every block marked not-tested: (file, language, first line of the block).
SKIPPED: set[tuple[str, str, str]] = {
    ("README.md", "bash", "bash tools/demo.sh"),
    ("README.md", "bash", ".venv/bin/gezinsplan serve --port 8000"),
    ("docs/caseload.md", "bash", "pip install 'gezinsplan[caseload]'"),
    ("docs/embedding.md", "python", "from concurrent.futures import ProcessPoolExecutor"),
    ("docs/embedding.md", "python", "from gezinsplan.engines import EngineSpec, register_engine"),
    ("docs/embedding.md", "bash", "pip install 'gezinsplan[service]'"),
    (
        "docs/embedding.md",
        "bash",
        "CPPFLAGS=-DPyEval_CallObject=PyObject_CallObject pip install --no-binary :all:",
    ),
    (
        "docs/embedding.md",
        "bash",
        "curl -s -X POST http://127.0.0.1:8000/v1/assess -H 'content-type: application/json'",
    ),
    ("docs/monitor.md", "bash", "bash tools/demo.sh"),
    ("docs/monitor.md", "python", "from distributed import Client, LocalCluster"),
    ("docs/store.md", "bash", "gezinsplan store upgrade [--db URL]"),
    ("docs/store.md", "python", "from alembic import command"),
    ("docs/zgw.md", "bash", "pip install 'gezinsplan[zgw]'"),
    (
        "docs/zgw.md",
        "bash",
        "gezinsplan zgw push HOUSEHOLD [--db URL] [--config FILE] [--with-bsn MEMBER|all]... "
        "[--dry-run]",
    ),
}


@dataclass(frozen=True)
class Block:
    doc: str
    line: int  # of the opening fence, 1-based
    lang: str
    code: str
    skip: str | None  # the reason, when marked not-tested

    @property
    def key(self) -> tuple[str, str, str]:
        first = self.code.strip().splitlines()[0]
        return (self.doc, self.lang, first.split(" #")[0].rstrip(" \\"))


def doc_blocks(doc: str, text: str | None = None) -> list[Block]:
    """The fenced code blocks of ``doc``, with the not-tested reason of each."""
    if text is None:
        text = (ROOT / doc).read_text(encoding="utf-8")
    lines = text.splitlines()
    found: list[Block] = []
    i = 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        indent, lang, start = m.group(1), m.group(2), i
        i += 1
        body: list[str] = []
        while i < len(lines) and lines[i].strip() != "```":
            body.append(lines[i][len(indent) :] if lines[i].startswith(indent) else lines[i])
            i += 1
        i += 1
        if not lang:  # a plain block: output or a layout, never run
            continue
        before = [x.strip() for x in lines[:start] if x.strip()]
        marker = MARKER.match(before[-1]) if before else None
        found.append(
            Block(doc, start + 1, lang, "\n".join(body) + "\n", marker and marker.group(1))
        )
    return found


def _blocks(langs: tuple[str, ...]) -> dict[str, list[Block]]:
    per_doc: dict[str, list[Block]] = {}
    for doc in DOCS:
        chosen = [b for b in doc_blocks(doc) if b.lang in langs]
        if chosen:
            per_doc[doc] = chosen
    return per_doc


PYTHON = _blocks(("python",))
SHELLS = _blocks(SHELL)


def _workdir(tmp_path: Path) -> Path:
    work = tmp_path / "work"
    work.mkdir()
    for folder in ("examples", "rules"):
        shutil.copytree(ROOT / folder, work / folder)
    return work


def test_blocks_marked_not_tested_are_the_listed_ones() -> None:
    marked = {b.key: b.skip for doc in DOCS for b in doc_blocks(doc) if b.skip}
    assert set(marked) == SKIPPED, "update SKIPPED (and say why in the doc's marker)"
    assert all(len(reason) > 10 for reason in marked.values())
    ran = [b for bs in (*PYTHON.values(), *SHELLS.values()) for b in bs if not b.skip]
    print(f"\n{len(ran)} blocks run, {len(marked)} skipped:")
    for key, reason in sorted(marked.items()):
        print(f"  {key[0]} ({key[1]}) {key[2]!r}: {reason}")


def test_the_collector_reads_markers_and_indented_blocks() -> None:
    text = (
        "Intro\n\n```python\nx = 1\n```\n\n<!-- not-tested: a fragment of something -->\n"
        "```bash\nserve\n```\n\n- item\n  ```sh\n  echo a\n  ```\n\n```\nplain\n```\n"
        "```console\n$ gezinsplan --version\ngezinsplan 0.1.0\n```\n"
    )
    blocks = doc_blocks("x.md", text)
    assert [(b.lang, b.code, b.skip) for b in blocks] == [
        ("python", "x = 1\n", None),
        ("bash", "serve\n", "a fragment of something"),
        ("sh", "echo a\n", None),
        ("console", "$ gezinsplan --version\ngezinsplan 0.1.0\n", None),
    ]
    assert [b.line for b in blocks] == [3, 8, 13, 20]
    assert _substitute(blocks[3]) == "gezinsplan --version\n"


def test_every_doc_with_code_is_collected() -> None:
    """The collector finds the blocks it should (a broken fence would hide them)."""
    assert {"README.md", "docs/caseload.md", "docs/store.md", "docs/variants.md"} <= set(PYTHON)
    assert {"README.md", "docs/caseload.md", "docs/variants.md", "docs/monitor.md"} <= set(SHELLS)
    for blocks in (*PYTHON.values(), *SHELLS.values()):
        for b in blocks:
            assert "```" not in b.code, f"{b.doc}:{b.line}: unclosed fence"


@pytest.mark.parametrize("doc", sorted(PYTHON))
def test_python_blocks_run(doc: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    work = _workdir(tmp_path)
    monkeypatch.chdir(work)
    monkeypatch.delenv("GEZINSPLAN_DB", raising=False)
    for command in PYTHON_SETUP.get(doc, []):
        program, *args = shlex.split(command)
        if program == "mkdir":
            (work / args[-1]).mkdir(parents=True, exist_ok=True)
            continue
        assert program == "gezinsplan", command
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 0, result.output
    namespace: dict[str, object] = {"__name__": f"doc_{Path(doc).stem}"}
    blocks = [b for b in PYTHON[doc] if not b.skip]
    for b in blocks:
        out = io.StringIO()
        # the block's line numbers in tracebacks are the doc's
        code = "\n" * b.line + b.code
        try:
            with contextlib.redirect_stdout(out):
                exec(compile(code, doc, "exec"), namespace)
        except Exception as e:  # pragma: no cover - the failure message
            pytest.fail(f"{doc}:{b.line}: the Python block fails: {type(e).__name__}: {e}")


def test_the_readme_python_example_prints_signals_and_a_plan(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(_workdir(tmp_path))
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(PYTHON["README.md"][0].code, "README.md", "exec"), {})
    assert "triage.complex" in out.getvalue()  # a multiprobleemgezin: complex, not meervoudig
    assert "# " in out.getvalue()  # the rendered plan


def test_the_embedding_intake_example_answers() -> None:
    namespace: dict[str, object] = {}
    exec(compile(PYTHON["docs/embedding.md"][0].code, "docs/embedding.md", "exec"), namespace)
    data = json.loads((ROOT / "examples/households/02_multiprobleemgezin.json").read_text())
    answer = namespace["on_intake"](data, date(2026, 11, 23))  # type: ignore[operator]
    assert answer["plan"]["outcome"] == "plan"
    assert answer["signals"]


def _shell_env(work: Path) -> dict[str, str]:
    """``gezinsplan`` and ``.venv/bin/gezinsplan`` run this checkout's code."""
    bin_dir = work.parent / "bin"
    bin_dir.mkdir()
    wrapper = f'#!/bin/sh\nexec "{sys.executable}" -m gezinsplan "$@"\n'
    for folder in (bin_dir, work / ".venv" / "bin"):
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "gezinsplan").write_text(wrapper, encoding="utf-8")
        (folder / "gezinsplan").chmod(0o755)
    env = {k: v for k, v in os.environ.items() if not k.startswith("GEZINSPLAN_")}
    env["PATH"] = f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"
    env["PYTHONPATH"] = str(ROOT)
    return env


def _substitute(block: Block) -> str:
    code = block.code
    if block.lang == "console":  # the commands are the lines after a "$ " prompt
        code = "".join(line[2:] + "\n" for line in code.splitlines() if line.startswith("$ "))
    for written, run in SIZES:
        code = code.replace(written, run)
    return code


def test_sizes_are_only_made_smaller() -> None:
    for written, run in SIZES:
        assert int(written.split()[1]) > int(run.split()[1])


@pytest.mark.slow
@pytest.mark.parametrize("doc", sorted(SHELLS))
def test_shell_blocks_run(doc: str, tmp_path: Path) -> None:
    work = _workdir(tmp_path)
    env = _shell_env(work)
    steps = [(f"{doc} (setup)", cmd) for cmd in SHELL_SETUP.get(doc, [])]
    steps += [(f"{doc}:{b.line}", _substitute(b)) for b in SHELLS[doc] if not b.skip]
    for where, code in steps:
        script = "set -euo pipefail\ntrap 'echo \"failed: $BASH_COMMAND\" >&2' ERR\n" + code
        started = time.monotonic()
        done = subprocess.run(
            ["bash", "-c", script],
            cwd=work,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert done.returncode == 0, (
            f"{where}: exit {done.returncode} after {time.monotonic() - started:.1f} s\n"
            f"{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
        )


@pytest.mark.slow
def test_the_variants_worked_example_gives_the_numbers_it_shows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The commands of docs/variants.md's worked example print the numbers of its prose."""
    text = (ROOT / "docs/variants.md").read_text(encoding="utf-8")
    example = text.split("## Worked example")[1].split("\n## ")[0]
    (block,) = [b for b in SHELLS["docs/variants.md"] if "--households 2000" in b.code]
    monkeypatch.chdir(_workdir(tmp_path))
    output = ""
    for command in block.code.replace("\\\n", " ").splitlines():
        program, *args = shlex.split(command, comments=True)
        assert program == "gezinsplan"
        result = CliRunner().invoke(main, [*args, "--workers", "1"] if "diff" in args else args)
        assert result.exit_code == 0, result.output
        output += result.output
    prose = " ".join(example.split())
    for shown, printed in (
        ("437 households get other signals", "437 with other signals"),
        ("aparte_intake_per_wet` goes from 351 households to 0", "aparte_intake_per_wet: 351 -> 0"),
        ("reintegratie_alleen_met_uitkering` from 135 to 0", "met_uitkering: 135 -> 0"),
        ("signals 5,341 → 4,850", "signals 5341 -> 4850"),
        ("costs of provisions EUR +0 a year", "EUR +0, 0 onbekend"),
        ("touches 350 households with a multiple question (of 351", " 350  351 "),
        ("rule 52 (of 133)", "  52  133 "),
        ("rule 1 (of 4)", "   1    4 "),
    ):
        assert shown in prose
        assert printed in output, f"docs/variants.md shows {shown!r}; the commands print:\n{output}"


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

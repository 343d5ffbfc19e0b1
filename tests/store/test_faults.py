"""The store under faults and load: bad URLs, killed imports and exports, races.

Every test runs real processes against a real SQLite file and a real PostgreSQL
server. The number of trials and saves is the CI profile; ``tools/fuzz.sh`` sets
``GEZINSPLAN_FUZZ=full`` for the full one.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import random
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from gezinsplan.cli import main
from gezinsplan.errors import ConcurrentEditError
from gezinsplan.generate import generate_households
from gezinsplan.io import write_caseload
from gezinsplan.store.db import open_store, store
from gezinsplan.store.repository import (
    count_households,
    household_version,
    load_household,
    save_household,
)
from gezinsplan.store.transfer import import_file
from tests.conftest import PLANTED_ADDRESS, PLANTED_NAME

FULL_PROFILE = os.environ.get("GEZINSPLAN_FUZZ") == "full"
PEIL = date(2026, 11, 23)
ROOT = Path(__file__).resolve().parents[2]


def gezinsplan_cli(*args: str, capture: bool = True) -> subprocess.Popen[bytes]:
    stream = subprocess.PIPE if capture else subprocess.DEVNULL
    return subprocess.Popen(
        [sys.executable, "-m", "gezinsplan", *args], cwd=ROOT, stdout=stream, stderr=stream
    )


# -- unusable databases: one line each --------------------------------------------------


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("nonsense", "not a database URL"),
        ("sqlite:///{tmp}/missing/x.sqlite", "does not exist; create it first"),
        ("postgresql://nobody:s3cr3t@127.0.0.1:1/x", "cannot connect to the database"),
        ("mysql://u@h/db", "the database driver is not installed"),
        ("foo://x", "unknown database kind 'foo'"),
    ],
)
def test_an_unusable_database_is_one_clear_line(tmp_path: Path, url: str, expected: str) -> None:
    url = url.replace("{tmp}", str(tmp_path))
    for args in (
        ["store", "export", "--out", str(tmp_path / "out.jsonl")],
        ["store", "history", "h1"],
        ["store", "upgrade"],
        ["demo"],
    ):
        result = CliRunner().invoke(main, [*args, "--db", url])
        assert result.exit_code != 0, args
        assert result.exception is None or isinstance(result.exception, SystemExit)
        lines = [ln for ln in result.output.splitlines() if ln.strip()]
        assert len(lines) == 1, (args, result.output)
        assert expected in lines[0], (args, lines)
        assert "s3cr3t" not in result.output
        assert "Traceback" not in result.output
    assert not (tmp_path / "out.jsonl").exists()


# -- re-import -----------------------------------------------------------------------


def test_reimporting_an_unchanged_file_creates_no_version(db_url: str, tmp_path: Path) -> None:
    households = list(generate_households(60, seed=5, peildatum=PEIL))
    src = tmp_path / "c.jsonl"
    write_caseload(households, src)
    with store(db_url) as factory:
        assert import_file(factory, src) == 60
        assert import_file(factory, src) == 60
        changed = [h.model_copy(update={"wijk": "Anders"}) for h in households[:10]]
        write_caseload(changed + households[10:], src)
        assert import_file(factory, src) == 60
        with factory() as s:
            versions = [household_version(s, h.id) for h in households]
            assert versions == [2] * 10 + [1] * 50
            assert load_household(s, households[0].id).wijk == "Anders"
            assert load_household(s, households[10].id) == households[10]


# -- two imports at once, first migration races ----------------------------------------


def test_concurrent_first_imports_of_one_file(db_url: str, tmp_path: Path) -> None:
    households = list(generate_households(300, seed=6, peildatum=PEIL))
    planted = households[0].model_copy(update={"address": PLANTED_ADDRESS})
    src = tmp_path / "same.jsonl"
    write_caseload([planted, *households[1:]], src)
    procs = [gezinsplan_cli("store", "import", str(src), "--db", db_url) for _ in range(4)]
    results = [(p.wait(timeout=300), *p.communicate()) for p in procs]
    for code, out, err in results:
        text = (out + err).decode()
        assert "Traceback" not in text, text
        assert PLANTED_ADDRESS not in text
        if code != 0:  # the loser is told what happened and what to do
            assert "at the same time" in text, text
            assert "run the import again" in text, text
    assert any(code == 0 for code, _, _ in results)
    with store(db_url) as factory, factory() as s:
        assert count_households(s) == 300
        assert load_household(s, planted.id) == planted


def _open(url: str) -> None:
    factory = open_store(url)
    factory.kw["bind"].dispose()


def test_first_opens_of_a_new_database_race_safely(db_url: str) -> None:
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(4) as pool:
        pool.map(_open, [db_url] * 4)
    with store(db_url) as factory, factory() as s:
        assert count_households(s) == 0


# -- killed imports and exports ---------------------------------------------------------


def test_an_import_killed_at_random_points_leaves_nothing_half(db_url: str, tmp_path: Path) -> None:
    trials = 40 if FULL_PROFILE else 20
    size = 1000
    rng = random.Random(17)
    with store(db_url) as factory, factory() as s:
        assert count_households(s) == 0
    expected = 0
    outcomes = {"killed before commit": 0, "complete": 0}
    for trial in range(trials):
        src = tmp_path / f"c{trial}.jsonl"
        write_caseload(generate_households(size, seed=1000 + trial, peildatum=PEIL), src)
        proc = gezinsplan_cli("store", "import", str(src), "--db", db_url, capture=False)
        time.sleep(rng.uniform(0.3, 2.5))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        with store(db_url) as factory, factory() as s:
            count = count_households(s)
        assert count in (expected, expected + size), (trial, count)
        outcomes["complete" if count > expected else "killed before commit"] += 1
        expected = count
        src.unlink()
    assert outcomes["killed before commit"] > 0


def _big_store(tmp_path: Path, n: int) -> str:
    url = f"sqlite:///{tmp_path / 'big.sqlite'}"
    src = tmp_path / "big.jsonl"
    write_caseload(generate_households(n, seed=8, peildatum=PEIL), src)
    with store(url) as factory:
        import_file(factory, src)
    return url


def _wait_for(path_glob: str, folder: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not list(folder.glob(path_glob)):
        if time.monotonic() > deadline:
            raise AssertionError(f"no {path_glob} appeared")
        time.sleep(0.002)


def test_an_interrupted_export_leaves_no_file(tmp_path: Path) -> None:
    url = _big_store(tmp_path, 4000)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    out = out_dir / "export.jsonl"
    # SIGTERM: the exporter removes its own temporary file
    proc = gezinsplan_cli("store", "export", "--out", str(out), "--db", url, capture=False)
    _wait_for(".export.jsonl.*.part", out_dir)
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=60) != 0
    assert list(out_dir.iterdir()) == []
    # SIGKILL: nothing can clean up at once; the next export removes the leftover
    proc = gezinsplan_cli("store", "export", "--out", str(out), "--db", url, capture=False)
    _wait_for(".export.jsonl.*.part", out_dir)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=60)
    leftovers = list(out_dir.glob(".export.jsonl.*.part"))
    assert len(leftovers) == 1
    assert oct(leftovers[0].stat().st_mode & 0o777) == "0o600"  # owner only meanwhile
    result = CliRunner().invoke(main, ["store", "export", "--out", str(out), "--db", url])
    assert result.exit_code == 0, result.output
    assert [p.name for p in out_dir.iterdir()] == ["export.jsonl"]
    assert out.read_text(encoding="utf-8").count("\n") == 4000


def test_a_key_file_pseudonymizes_the_export(tmp_path: Path, full: dict[str, Any]) -> None:
    url = f"sqlite:///{tmp_path / 's.sqlite'}"
    src = tmp_path / "h.json"
    src.write_text(json.dumps(full), encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(main, ["store", "import", str(src), "--db", url]).exit_code == 0
    key = tmp_path / "key"
    key.write_text("geheim\n", encoding="utf-8")
    out = tmp_path / "p.jsonl"
    result = runner.invoke(
        main,
        ["store", "export", "--out", str(out), "--db", url, "--key-file", str(key)],
        env={"GEZINSPLAN_PSEUDONYM_KEY": ""},
    )
    assert result.exit_code == 0, result.output
    record = json.loads(out.read_text(encoding="utf-8"))
    assert PLANTED_NAME not in out.read_text(encoding="utf-8")
    assert record["id"] != full["id"]
    assert all(len(p["start"]) == 7 for p in record["provisions"])  # dates to the month


# -- concurrent saves -------------------------------------------------------------------

HOT_IDS = 4


def _saver(args: tuple[str, int, int]) -> list[tuple[str, int, str]]:
    """Load, change and save hot households; return every successful save."""
    url, worker, saves = args
    rng = random.Random(worker)
    done: list[tuple[str, int, str]] = []
    factory = open_store(url)
    try:
        ids = [f"gen-9-{i}" for i in range(HOT_IDS)]
        own = f"gen-9-{HOT_IDS + worker}"  # one household only this worker saves
        for i in range(saves):
            hid = own if i % 5 == 0 else rng.choice(ids)
            with factory() as s:
                current = load_household(s, hid)
                version = household_version(s, hid)
            mark = f"w{worker}-{i}"
            try:
                with factory() as s, s.begin():
                    new = save_household(
                        s, current.model_copy(update={"wijk": mark}), expected_version=version
                    )
            except ConcurrentEditError:
                continue
            done.append((hid, new, mark))
    finally:
        factory.kw["bind"].dispose()
    return done


@pytest.mark.slow
def test_concurrent_saves_lose_no_update(db_url: str, tmp_path: Path) -> None:
    workers = 4
    saves = 1000 if FULL_PROFILE else 150
    src = tmp_path / "hot.jsonl"
    write_caseload(generate_households(HOT_IDS + workers, seed=9, peildatum=PEIL), src)
    with store(db_url) as factory:
        import_file(factory, src)
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(workers) as pool:
        results = pool.map(_saver, [(db_url, w, saves) for w in range(workers)])
    successes = [s for r in results for s in r]
    assert len(successes) > saves  # conflicts happen, but most saves land
    with store(db_url) as factory, factory() as s:
        for hid in {h for h, _, _ in successes}:
            mine = sorted((v, mark) for h, v, mark in successes if h == hid)
            versions = [v for v, _ in mine]
            # a serial replay: every success got the next version, none was lost
            assert versions == list(range(2, 2 + len(mine))), hid
            assert household_version(s, hid) == versions[-1]
            assert load_household(s, hid).wijk == mine[-1][1]
    own = [(h, v) for r in results for h, v, _ in r if int(h.rsplit("-", 1)[1]) >= HOT_IDS]
    assert len(own) == workers * len(range(0, saves, 5))  # uncontended saves never conflict

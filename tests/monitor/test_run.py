"""The monitor run: sources, executors (a Dask cluster), resuming after a kill, bad input."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from gezinsplan.caseload import convert_caseload
from gezinsplan.errors import GezinsplanError, HouseholdValidationError, InputError
from gezinsplan.generate import generate_households, write_generated
from gezinsplan.monitor import Monitor, run_monitor

P = date(2026, 11, 23)


def _same(a: Monitor, b: Monitor) -> None:
    assert a.summary["households"] == b.summary["households"]
    for name in a.tables:
        pd.testing.assert_frame_equal(a.tables[name], b.tables[name], check_dtype=True)


@pytest.fixture(scope="module")
def caseload(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("monitor") / "caseload.jsonl"
    with path.open("w", encoding="utf-8") as f:
        write_generated(3000, 17, f, peildatum=P)
    return path


@pytest.fixture(scope="module")
def reference(caseload: Path) -> Monitor:
    return run_monitor(caseload, P, chunk_size=1000, workers=2)


def test_json_lines_columnar_and_households_give_the_same_tables(
    caseload: Path, reference: Monitor, tmp_path: Path
) -> None:
    folder = tmp_path / "columnar"
    convert_caseload(caseload, folder)
    columnar = run_monitor(folder, P, chunk_size=700, workers=2)
    assert columnar.summary["plans_built"]
    _same(reference, columnar)
    from gezinsplan.io import iter_caseload

    _same(reference, run_monitor(list(iter_caseload(caseload)), P, workers=1))


def test_a_columnar_caseload_without_documents_gives_no_plan_figures(
    caseload: Path, reference: Monitor, tmp_path: Path
) -> None:
    import shutil

    folder = tmp_path / "columnar"
    convert_caseload(caseload, folder)
    shutil.rmtree(folder / "documents")
    m = run_monitor(folder, P, workers=1)
    assert not m.summary["plans_built"]
    assert "JSON Lines" in m.summary["plans_note"]
    pl = m.tables["plans"]
    assert set(pl[pl["outcome"] == "plan"]["regisseur"]) == {"onbekend", "Totaal"}
    assert m.tables["goals"].empty
    _same_signals = ["regions", "signals", "stapeling", "transitions", "professionals"]
    for name in _same_signals:
        pd.testing.assert_frame_equal(m.tables[name], reference.tables[name])


def test_the_store_as_source(caseload: Path, reference: Monitor, tmp_path: Path) -> None:
    from gezinsplan.store.db import close_store, open_store
    from gezinsplan.store.transfer import import_file

    url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    factory = open_store(url)
    try:
        import_file(factory, caseload, caseworker="test")
    finally:
        close_store(factory)
    m = run_monitor(url, P, chunk_size=1000, workers=2)
    # the store hands households out in id order: other household numbers, same figures
    _same(reference, m)


def test_a_dask_cluster_runs_the_chunks(caseload: Path, reference: Monitor) -> None:
    from distributed import Client, LocalCluster

    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        m = run_monitor(caseload, P, chunk_size=1000, executor=client.get_executor())
        assert len(client.scheduler_info()["workers"]) == 2
    _same(reference, m)


def _monitor_process(source: Path, out: Path, peildatum: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gezinsplan",
            "monitor",
            str(source),
            "--peildatum",
            peildatum,
            "--out",
            str(out),
            "--chunk-size",
            "150",
            "--workers",
            "1",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _kill_after_chunks(proc: subprocess.Popen[bytes], work: Path, n: int) -> None:
    deadline = time.monotonic() + 300
    while len(list(work.glob("chunk-*"))) < n:
        if proc.poll() is not None:
            _, err = proc.communicate()
            raise AssertionError(f"the run ended before it could be stopped: {err.decode()}")
        assert time.monotonic() < deadline
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.communicate()


def test_a_killed_run_resumes_with_the_finished_chunks(
    caseload: Path, reference: Monitor, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    proc = _monitor_process(caseload, out, "2026-11-23")
    _kill_after_chunks(proc, out / ".work", 3)
    finished = {p.name: p.stat().st_mtime_ns for p in (out / ".work").glob("chunk-*")}
    assert 3 <= len(finished) < 20
    assert not (out / "regions.parquet").exists()
    seen: list[int] = []
    m = run_monitor(
        caseload, P, out=out, chunk_size=150, workers=1, keep_work=True, progress=seen.append
    )
    for name, mtime in finished.items():  # skipped, not computed again
        assert (out / ".work" / name).stat().st_mtime_ns == mtime
    assert sum(seen) == 3000
    assert len(list((out / ".work").glob("chunk-*"))) == 20
    _same(reference, m)
    assert (out / "regions.parquet").exists()
    assert pd.read_parquet(out / "regions.parquet").equals(m.tables["regions"])


def test_another_peildatum_starts_afresh(caseload: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    proc = _monitor_process(caseload, out, "2027-01-15")
    _kill_after_chunks(proc, out / ".work", 2)
    stale = {p.name for p in (out / ".work").glob("chunk-*")}
    m = run_monitor(caseload, P, out=out, chunk_size=150, workers=1, keep_work=True)
    assert m.summary["peildatum"] == "2026-11-23"
    fresh = {p.name: p.stat().st_mtime_ns for p in (out / ".work").glob("chunk-*")}
    assert stale <= set(fresh)
    assert len(fresh) == 20


def test_a_bad_line_names_the_line_and_leaves_earlier_results(tmp_path: Path) -> None:
    good = tmp_path / "good.jsonl"
    with good.open("w", encoding="utf-8") as f:
        write_generated(60, 3, f, peildatum=P)
    out = tmp_path / "out"
    run_monitor(good, P, out=out, workers=1)
    before = (out / "regions.parquet").read_bytes()
    lines = good.read_text(encoding="utf-8").splitlines()
    lines[6] = lines[6].replace('"role":', '"rol":', 1)
    bad = tmp_path / "bad.jsonl"
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(HouseholdValidationError) as e:
        run_monitor(bad, P, out=out, chunk_size=20, workers=2)
    assert f"{bad}:7" in str(e.value)
    assert (out / "regions.parquet").read_bytes() == before


@pytest.mark.parametrize(
    ("source", "kwargs", "message"),
    [
        ("/nonexistent/caseload.jsonl", {}, "no such caseload"),
        ("HERE", {"chunk_size": 0}, "chunk_size"),
        ("HERE", {"min_cell": 0}, "min_cell"),
    ],
)
def test_clear_errors(caseload: Path, source: str, kwargs: dict[str, int], message: str) -> None:
    with pytest.raises(InputError, match=message):
        run_monitor(caseload if source == "HERE" else source, P, **kwargs)  # type: ignore[arg-type]


def test_a_household_id_twice_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "twice.jsonl"
    with source.open("w", encoding="utf-8") as f:
        write_generated(5, 3, f, peildatum=P)
    lines = source.read_text(encoding="utf-8").splitlines()
    source.write_text("\n".join([*lines, lines[1]]) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"appears twice \(lines 2 and 6\)"):
        run_monitor(source, P, workers=1)


def test_peildatum_must_be_a_date(caseload: Path) -> None:
    with pytest.raises(GezinsplanError, match="peildatum"):
        run_monitor(caseload, "2026-11-23", workers=1)  # type: ignore[arg-type]


def test_a_store_that_does_not_exist_is_not_created(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'typo.sqlite'}"
    with pytest.raises(InputError, match="no such store"):
        run_monitor(url, P, workers=1)
    assert not (tmp_path / "typo.sqlite").exists()


def test_a_folder_that_is_no_caseload(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not a columnar caseload"):
        run_monitor(tmp_path, P, workers=1)


def test_an_empty_caseload(tmp_path: Path) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_text("", encoding="utf-8")
    m = run_monitor(empty, P, workers=1)
    assert m.summary["households"] == 0
    assert all(frame.empty or frame["level"].eq("totaal").all() for frame in m.tables.values())


def test_generated_households_in_memory(reference: Monitor) -> None:
    hs = list(generate_households(10, seed=1, peildatum=P))
    m = run_monitor(hs, P, workers=1)
    assert m.summary["households"] == 10
    assert "households=10" in repr(m)

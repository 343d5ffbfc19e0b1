"""The caseload monitor over 100,000 generated households, plans included.

Target: at most 60 s on the 2-core development machine, memory flat. The baseline of the
same run is one signals-only pass of the SQL engine over the same caseload
(``caseload.assess``): ``extra_info`` gives the monitor's time as a ratio to it, and the
peak memory of a child process (``monitor_memory.py``) at 20k and at 100k households, whose
ratio shows whether memory grows with the caseload. A million households: set
``GEZINSPLAN_BENCH_1M`` to a folder made with
``gezinsplan generate --households 1000000 --format parquet --peildatum 2026-11-23``.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from gezinsplan.caseload import assess
from gezinsplan.caseload.convert import generate_caseload
from gezinsplan.generate import write_generated
from gezinsplan.monitor import run_monitor

PEIL = date(2026, 11, 23)
HERE = Path(__file__).parent


@pytest.fixture(scope="module")
def sources(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("monitor")
    generate_caseload(100_000, 7, root / "c100k", peildatum=PEIL, workers=2)
    generate_caseload(20_000, 7, root / "c20k", peildatum=PEIL, workers=2)
    write_generated(100_000, 7, root / "c100k.jsonl", peildatum=PEIL)
    out = {"c100k": root / "c100k", "c20k": root / "c20k", "jsonl": root / "c100k.jsonl"}
    if os.environ.get("GEZINSPLAN_BENCH_1M"):
        out["c1m"] = Path(os.environ["GEZINSPLAN_BENCH_1M"])
    return out


def _signals_only(source: Path) -> float:
    t = time.perf_counter()
    assess(source, peildatum=PEIL)
    return time.perf_counter() - t


def _child(source: Path) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, str(HERE / "monitor_memory.py"), str(source), PEIL.isoformat()],
        capture_output=True,
        text=True,
        check=True,
    )
    households, seconds, main_mb, worker_mb = done.stdout.split()
    return {
        "households": int(households),
        "seconds": float(seconds),
        "main_mb": round(float(main_mb)),
        "worker_mb": round(float(worker_mb)),
    }


@pytest.mark.parametrize("kind", ["c100k", "jsonl"])
def test_monitor_100k(benchmark: Any, sources: dict[str, Path], kind: str) -> None:
    baseline = _signals_only(sources["c100k"])
    m = benchmark.pedantic(
        run_monitor,
        args=(sources[kind], PEIL),
        rounds=1,
        iterations=1,
    )
    assert m.summary["households"] == 100_000
    assert m.summary["plans_built"]
    seconds = benchmark.stats.stats.min
    benchmark.extra_info.update(
        {
            "seconds": round(seconds, 1),
            "signals_only_s": round(baseline, 2),
            "monitor_over_signals_only": round(seconds / baseline, 1),
            "households_per_s": round(100_000 / seconds),
            "with_plan": m.summary["with_plan"],
        }
    )


def test_monitor_memory_is_flat(benchmark: Any, sources: dict[str, Path]) -> None:
    small = _child(sources["c20k"])
    large = benchmark.pedantic(_child, args=(sources["c100k"],), rounds=1, iterations=1)
    assert large["households"] == 100_000
    info: dict[str, Any] = {
        "20k": small,
        "100k": large,
        "main_peak_100k_over_20k": round(large["main_mb"] / small["main_mb"], 2),
        "worker_peak_100k_over_20k": round(large["worker_mb"] / small["worker_mb"], 2),
    }
    if "c1m" in sources:
        huge = _child(sources["c1m"])
        info["1M"] = huge
        info["main_peak_1m_over_100k"] = round(huge["main_mb"] / large["main_mb"], 2)
    benchmark.extra_info.update(info)

"""The SQL caseload engine: DuckDB over Parquet against the per-household reference engine.

Caseloads are generated once per session into a temporary folder (10k and 100k; 1M when
``GEZINSPLAN_BENCH_1M`` names a folder made with
``gezinsplan generate --households 1000000 --format parquet --peildatum 2026-11-23``, since
generating it takes minutes). Ratios in ``extra_info`` compare with the reference engine
over two processes, extrapolated from a 5,000-household sample measured in the same run.
Peak memory is measured in a child process (``caseload_memory.py``).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from gezinsplan.assessor import Assessor
from gezinsplan.caseload import assess
from gezinsplan.caseload.convert import generate_caseload
from gezinsplan.generate import generate_households
from gezinsplan.rules.ruleset import default_rules

PEIL = date(2026, 11, 23)
SEED = 7
SAMPLE = 5_000
HERE = Path(__file__).parent


@pytest.fixture(scope="module")
def folders(tmp_path_factory: pytest.TempPathFactory) -> dict[int, Path]:
    root = tmp_path_factory.mktemp("caseloads")
    out: dict[int, Path] = {}
    for n in (10_000, 100_000):
        out[n] = root / f"c{n}"
        generate_caseload(n, SEED, out[n], peildatum=PEIL, workers=2)
    big = os.environ.get("GEZINSPLAN_BENCH_1M")
    if big:
        out[1_000_000] = Path(big)
    return out


def _reference_chunk(start: int) -> float:
    """Seconds the reference engine needs for SAMPLE/2 households (facts + rules + signals)."""
    assessor = Assessor(default_rules(), engine="python")
    hs = list(generate_households(SAMPLE // 2, SEED, start_index=start, peildatum=PEIL))
    t = time.perf_counter()
    for h in hs:
        assessor.assess(h, PEIL)
    return time.perf_counter() - t


@pytest.fixture(scope="module")
def reference_per_household() -> float:
    """Seconds per household of the reference engine with two processes (wall clock)."""
    with ProcessPoolExecutor(max_workers=2) as pool:
        times = list(pool.map(_reference_chunk, [0, SAMPLE // 2]))
    return max(times) / SAMPLE


def _peak_memory_mb(folder: Path, *limit: str) -> float:
    proc = subprocess.run(
        [sys.executable, str(HERE / "caseload_memory.py"), str(folder), PEIL.isoformat(), *limit],
        capture_output=True,
        text=True,
        check=True,
    )
    return float(proc.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("n", [10_000, 100_000, 1_000_000])
def test_duckdb_signals(
    benchmark: Any, folders: dict[int, Path], reference_per_household: float, n: int
) -> None:
    if n not in folders:
        pytest.skip("set GEZINSPLAN_BENCH_1M to a generated 1M-household caseload folder")
    rules = default_rules()
    assess(folders[n], rules, PEIL)  # warm: compiled rules cached on the rule set
    table = benchmark.pedantic(assess, args=(folders[n], rules, PEIL), rounds=3, iterations=1)
    assert table.num_rows > n
    median = benchmark.stats.stats.median
    reference = reference_per_household * n
    benchmark.extra_info.update(
        {
            "households": n,
            "signals": table.num_rows,
            "households_per_second": round(n / median),
            "reference_2_processes_s (extrapolated)": round(reference, 1),
            "speedup_vs_reference": round(reference / median, 1),
            "peak_memory_mb": round(_peak_memory_mb(folders[n])),
            "peak_memory_mb_with_limit_1500MB": round(_peak_memory_mb(folders[n], "1500MB")),
        }
    )


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    pyspark_sql = pytest.importorskip("pyspark.sql")
    session = (
        pyspark_sql.SparkSession.builder.master("local[2]")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def test_spark_local_against_duckdb_100k(
    benchmark: Any, folders: dict[int, Path], spark: Any
) -> None:
    from gezinsplan.caseload.backends import SparkBackend

    rules = default_rules()
    t = time.perf_counter()
    duck = assess(folders[100_000], rules, PEIL)
    duck_s = time.perf_counter() - t
    table = benchmark.pedantic(
        assess,
        args=(folders[100_000], rules, PEIL),
        kwargs={"backend": SparkBackend(spark)},
        rounds=1,
        iterations=1,
    )
    assert table.equals(duck)
    benchmark.extra_info.update(
        {
            "duckdb_s": round(duck_s, 2),
            "spark_over_duckdb": round(benchmark.stats.stats.median / duck_s, 1),
        }
    )

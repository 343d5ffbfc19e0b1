"""The variant diff against one single run over the same caseload (ratio in the same run).

Target: a diff of the signals costs at most 2.2x one run. Signals only over a
100k-household columnar caseload (a variant that switches rules off, one that changes
parameters); with plans (rebuilt per changed household) over the same
folder (from its documents) and over a 20k-household JSON Lines caseload.
"""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from gezinsplan.caseload import assess
from gezinsplan.caseload.convert import generate_caseload
from gezinsplan.generate import write_generated
from gezinsplan.monitor import run_monitor
from gezinsplan.rules.ruleset import default_rules
from gezinsplan.variant import diff, load_variant

PEIL = date(2027, 2, 1)
VARIANTS = Path(__file__).parents[1] / "examples" / "variants"
VARIANT = VARIANTS / "een_toegang"


@pytest.fixture(scope="module")
def sources(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("variant")
    generate_caseload(100_000, 7, root / "c100k", peildatum=date(2026, 11, 23), workers=2)
    write_generated(20_000, 7, root / "c20k.jsonl", peildatum=date(2026, 11, 23))
    return {"folder": root / "c100k", "jsonl": root / "c20k.jsonl"}


def _monitor(source: Path) -> float:
    t = time.perf_counter()
    run_monitor(source, PEIL)
    return time.perf_counter() - t


def _single(source: Path) -> float:
    t = time.perf_counter()
    assess(source, default_rules(), PEIL)
    return time.perf_counter() - t


@pytest.mark.parametrize("name", ["een_toegang", "jongeren_zonder_zoektermijn"])
def test_diff_signals_100k(benchmark: Any, sources: dict[str, Path], name: str) -> None:
    """een_toegang switches rules off (the variant's signals are the baseline's, less two
    rules); jongeren_zonder_zoektermijn changes parameters (three rules run and are finished
    again, and merged with the others)."""
    variant, _ = load_variant(VARIANTS / name)
    single = min(_single(sources["folder"]) for _ in range(2))
    result = benchmark.pedantic(
        diff,
        args=(sources["folder"], variant, PEIL),
        kwargs={"plans": False},
        rounds=2,
        iterations=1,
    )
    assert result.summary["households_changed"] > 0
    benchmark.extra_info.update(
        {
            "single_run_s": round(single, 2),
            "diff_over_single": round(benchmark.stats.stats.min / single, 2),
            "households_changed": result.summary["households_changed"],
        }
    )


def test_diff_with_plans_100k_folder(benchmark: Any, sources: dict[str, Path]) -> None:
    """Plans rebuilt for every household whose signals changed, from the folder's
    documents, on 2 processes; against a signals-only run and against the monitor (one
    run that gives plan figures for the whole caseload, set-wise), both measured here."""
    variant, _ = load_variant(VARIANT)
    single = min(_single(sources["folder"]) for _ in range(2))
    monitor = min(_monitor(sources["folder"]) for _ in range(2))
    result = benchmark.pedantic(
        diff,
        args=(sources["folder"], variant, PEIL),
        kwargs={"workers": 2},
        rounds=1,
        iterations=1,
    )
    assert result.summary["plans_rebuilt"] == result.summary["households_changed"] > 0
    benchmark.extra_info.update(
        {
            "single_run_s": round(single, 2),
            "diff_over_single": round(benchmark.stats.stats.min / single, 2),
            "monitor_run_s": round(monitor, 2),
            "diff_over_monitor": round(benchmark.stats.stats.min / monitor, 2),
            "plans_rebuilt": result.summary["plans_rebuilt"],
        }
    )


def test_diff_with_plans_20k_jsonl(benchmark: Any, sources: dict[str, Path]) -> None:
    variant, _ = load_variant(VARIANT)
    single = _single(sources["jsonl"])
    result = benchmark.pedantic(
        diff,
        args=(sources["jsonl"], variant, PEIL),
        kwargs={"workers": 2},
        rounds=1,
        iterations=1,
    )
    benchmark.extra_info.update(
        {
            "single_run_s": round(single, 2),
            "diff_over_single": round(benchmark.stats.stats.min / single, 2),
            "households_changed": result.summary["households_changed"],
            "households_with_plan_change": result.summary["households_with_plan_change"],
        }
    )

"""The columnar generator against the document generator (ratio in the same run).

Target: 1M households in at most 120 s on 2 processes (aim 60 s), peak memory ≤ 1 GB.
Here 20k households on 2 processes: the document generator (``--generator documents``)
is timed once as the baseline, the columnar one (the default of
``generate --format parquet``) by pytest-benchmark; ``extra_info`` holds the ratio.
"""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path
from typing import Any

from gezinsplan.caseload.convert import generate_caseload

PEIL = date(2026, 11, 23)
N = 20_000


def _generate(out: Path, generator: Any) -> None:
    generate_caseload(N, 7, out, peildatum=PEIL, workers=2, replace=True, generator=generator)


def test_generate_columnar_20k(benchmark: Any, tmp_path: Path) -> None:
    t = time.perf_counter()
    _generate(tmp_path / "documents", "documents")
    baseline = time.perf_counter() - t
    benchmark.pedantic(_generate, args=(tmp_path / "columnar", "columnar"), rounds=3, iterations=1)
    benchmark.extra_info.update(
        {
            "documents_generator_s": round(baseline, 2),
            "speedup": round(baseline / benchmark.stats.stats.min, 1),
            "households": N,
        }
    )

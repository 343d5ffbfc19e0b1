"""The monitor's tables are the same whether its plans are built one by one or set-wise."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pyarrow as pa
import pytest

from gezinsplan.caseload import convert_caseload
from gezinsplan.caseload.documents import DOCUMENTS
from gezinsplan.costs.tariffs import load_tariffs
from gezinsplan.generate import write_generated
from gezinsplan.io import iter_caseload
from gezinsplan.monitor.chunks import ChunkJob, monitor_chunk
from gezinsplan.rules.ruleset import default_rules

P = date(2026, 11, 23)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("plans")
    source = root / "caseload.jsonl"
    with source.open("w", encoding="utf-8") as f:
        write_generated(2000, 23, f, peildatum=P)
    convert_caseload(source, root / "columnar", chunk_size=1000)
    return root


def _same(old: dict[str, pa.Table], new: dict[str, pa.Table]) -> None:
    assert set(old) == set(new)
    for name in old:
        assert old[name].schema == new[name].schema, name
        assert old[name].equals(new[name]), name


@pytest.mark.parametrize("peildatum", [P, date(2027, 5, 1)])
def test_set_wise_plans_give_the_same_tables(folder: Path, peildatum: date) -> None:
    rules, tariffs = default_rules(), load_tariffs()
    parts = sorted(p.name for p in (folder / "columnar" / DOCUMENTS).glob("*.parquet"))
    start = 0
    for i, part in enumerate(parts):
        job = ChunkJob(i, start, "c", folder=str(folder / "columnar"), parts=(part,))
        old = monitor_chunk(job, rules, peildatum, tariffs, per_household=True)
        new = monitor_chunk(job, rules, peildatum, tariffs)
        _same(old, new)
        assert new["goals"].num_rows > 500
        assert set(new["households"].column("regisseur").to_pylist()) >= {
            "member",
            "professional",
            "geen",
        }
        start += new["households"].num_rows
    households = tuple(iter_caseload(folder / "caseload.jsonl"))[:500]
    job = ChunkJob(0, 0, "h", households=households)
    _same(
        monitor_chunk(job, rules, peildatum, per_household=True),
        monitor_chunk(job, rules, peildatum),
    )

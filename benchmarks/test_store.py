"""Store benchmarks: bulk import into SQLite, and loading one household with its latest plan.

The 100k-household import is measured by `python benchmarks/store_import.py 100000`
(one run, wall time); here a 2,000-household import keeps the suite short.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from gezinsplan.assessor import assess
from gezinsplan.generate import generate_households, write_generated
from gezinsplan.io import write_caseload
from gezinsplan.plan.builder import build_plan
from gezinsplan.rules.ruleset import load_rules
from gezinsplan.store.db import store
from gezinsplan.store.repository import latest_plan, load_household, save_case
from gezinsplan.store.transfer import import_file

PEIL = date(2026, 11, 23)


@pytest.mark.benchmark(group="store-import")
def test_import_2000_households_into_sqlite(benchmark: Any, tmp_path: Path) -> None:
    src = tmp_path / "c.jsonl"
    write_generated(2000, 5, src)
    counter = iter(range(10**6))

    def run() -> int:
        with store(f"sqlite:///{tmp_path / f'db{next(counter)}.sqlite'}") as factory:
            return import_file(factory, src)

    assert benchmark.pedantic(run, rounds=3, iterations=1) == 2000


def _two_versions(tmp_path: Path) -> tuple[Path, Path]:
    households = list(generate_households(2000, seed=5, peildatum=PEIL))
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    write_caseload([h.model_copy(update={"wijk": "A"}) for h in households], a)
    write_caseload([h.model_copy(update={"wijk": "B"}) for h in households], b)
    return a, b


@pytest.mark.benchmark(group="store-import")
def test_reimport_2000_changed_households_into_sqlite(benchmark: Any, tmp_path: Path) -> None:
    """The update path: every household changed (target: within 2x the insert path)."""
    a, b = _two_versions(tmp_path)
    files = iter([b, a] * 10)
    with store(f"sqlite:///{tmp_path / 'db.sqlite'}") as factory:
        import_file(factory, a)
        assert benchmark.pedantic(lambda: import_file(factory, next(files)), rounds=3) == 2000


@pytest.mark.benchmark(group="store-import")
def test_reimport_2000_unchanged_households_into_sqlite(benchmark: Any, tmp_path: Path) -> None:
    a, _ = _two_versions(tmp_path)
    with store(f"sqlite:///{tmp_path / 'db.sqlite'}") as factory:
        import_file(factory, a)
        assert benchmark.pedantic(lambda: import_file(factory, a), rounds=3) == 2000


def test_load_household_with_latest_plan(benchmark: Any, tmp_path: Path) -> None:
    rules = load_rules()
    src = tmp_path / "c.jsonl"
    write_generated(500, 6, src)
    with store(f"sqlite:///{tmp_path / 'db.sqlite'}") as factory:
        import_file(factory, src)
        with factory() as session:
            h = load_household(session, "gen-6-250")
        plan = build_plan(h, assess(h, rules, PEIL), PEIL)
        with factory() as session, session.begin():
            save_case(
                session,
                h,
                [],
                plan,
                caseworker="b",
                reason="b",
                rules_version=rules.version,
                peildatum=PEIL,
                now=datetime(2026, 11, 23, tzinfo=UTC),
            )

        def load() -> Any:
            with factory() as session:
                return load_household(session, "gen-6-250"), latest_plan(session, "gen-6-250")

        household, latest = benchmark(load)
        assert household == h
        assert latest == plan

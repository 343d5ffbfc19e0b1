"""The same compiled rules on a real PostgreSQL server and on Apache Spark (local[2]):
signal by signal equal to the reference evaluator on 5,000 generated households."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from gezinsplan.caseload import assess, render_signals
from gezinsplan.caseload.convert import generate_caseload
from gezinsplan.caseload.engine import fact_tables
from gezinsplan.errors import EngineError
from gezinsplan.generate import generate_households
from gezinsplan.model.household import Household
from gezinsplan.rules.ruleset import default_rules
from tests.caseload.differential import (
    Key,
    explain_difference,
    fact_differences,
    reference_keys,
    sql_keys,
)
from tests.pg import PostgresServer, require_postgres

PEIL = date(2026, 11, 23)
N = 5000
RULES = default_rules()


@pytest.fixture(scope="module")
def caseload(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Household], set[Key]]:
    folder = tmp_path_factory.mktemp("caseload") / "c"
    generate_caseload(N, 21, folder, peildatum=PEIL, workers=2, chunk_size=1000)
    households = list(generate_households(N, 21, peildatum=PEIL))
    return folder, households, reference_keys(households, RULES, PEIL)


@pytest.mark.postgres
def test_postgresql_gives_the_reference_signals(
    postgres_server: PostgresServer | str,
    caseload: tuple[Path, list[Household], set[Key]],
) -> None:
    url = require_postgres(postgres_server).new_database()
    folder, households, want = caseload
    table = assess(folder, RULES, PEIL, backend="postgres", url=url)
    got = sql_keys(table)
    assert got == want, explain_difference(got, want)
    assert table.num_rows > N  # every household gets at least its triage signal
    sample = households[:300]
    facts = fact_tables(sample, PEIL, RULES, backend="postgres", url=url)
    problems = fact_differences(sample, {t: x.to_pylist() for t, x in facts.items()}, PEIL)
    assert not problems, "\n".join(problems[:20])


@pytest.mark.postgres
def test_postgresql_connection_errors_are_clear() -> None:
    with pytest.raises(EngineError, match="cannot connect to PostgreSQL"):
        assess([], RULES, PEIL, backend="postgres", url="postgresql://nobody@127.0.0.1:1/x")


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    pyspark_sql = pytest.importorskip("pyspark.sql")
    session = (
        pyspark_sql.SparkSession.builder.master("local[2]")
        .appName("gezinsplan-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.mark.slow
def test_spark_gives_the_reference_signals(
    spark: Any, caseload: tuple[Path, list[Household], set[Key]]
) -> None:
    from gezinsplan.caseload.backends import SparkBackend

    folder, households, want = caseload
    table = assess(folder, RULES, PEIL, backend=SparkBackend(spark))
    got = sql_keys(table)
    assert got == want, explain_difference(got, want)
    sample = [h.id for h in households[:40]]
    rendered = render_signals(table, folder, RULES, households=sample)
    assert {s.household_id for s in rendered} == set(sample)

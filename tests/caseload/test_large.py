"""100,000 generated households: the SQL fact views equal ``build_facts`` field by field,
and at two peildata the DuckDB SQL engine gives exactly the reference evaluator's signals
(the reference and the fact comparison run in two processes, chunk by chunk)."""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from datetime import date

import pyarrow as pa
import pytest

from gezinsplan.caseload import assess
from gezinsplan.caseload.engine import fact_tables
from gezinsplan.caseload.tables import TABLES, to_arrow
from gezinsplan.generate import generate_households
from gezinsplan.rules.ruleset import default_rules
from tests.caseload.differential import (
    Key,
    explain_difference,
    fact_differences,
    reference_keys,
    sql_keys,
)

N = 100_000
CHUNK = 5_000
SEED = 2026
# blokkades.tegenprestatie_ondanks_mantelzorg turns off on 2027-01-01
PEILDATA = (date(2026, 11, 23), date(2027, 2, 1))


def _chunk(start: int) -> tuple[dict[str, pa.Table], list[set[Key]], list[str]]:
    """One chunk: its tables, the reference signals at both peildata, and every field
    where the SQL facts differ from ``build_facts`` at the first peildatum."""
    rules = default_rules()
    hs = list(generate_households(CHUNK, SEED, start_index=start, peildatum=PEILDATA[0]))
    tables = to_arrow(hs, start)
    facts = fact_tables(tables, PEILDATA[0], rules)
    problems = fact_differences(hs, {t: x.to_pylist() for t, x in facts.items()}, PEILDATA[0])
    return tables, [reference_keys(hs, rules, day) for day in PEILDATA], problems[:5]


@pytest.mark.slow
def test_100k_generated_households_at_two_peildata() -> None:
    parts: list[dict[str, pa.Table]] = []
    want: list[set[Key]] = [set(), set()]
    problems: list[str] = []
    with ProcessPoolExecutor(max_workers=2) as pool:
        for tables, keys, bad in pool.map(_chunk, range(0, N, CHUNK)):
            parts.append(tables)
            problems += bad
            for i, k in enumerate(keys):
                want[i] |= k
    assert not problems, "\n".join(problems[:20])  # the facts, field by field
    caseload = {t: pa.concat_tables([p[t] for p in parts]) for t in TABLES}
    assert caseload["households"].num_rows == N
    rules = default_rules()
    counts = []
    for day, expected in zip(PEILDATA, want, strict=True):
        table = assess(caseload, rules, day)
        got = sql_keys(table)
        assert got == expected, explain_difference(got, expected)
        counts.append(len(got))
    assert counts[0] != counts[1]

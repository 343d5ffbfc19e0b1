"""100,000 generated households at two peildata: the DuckDB SQL engine gives exactly the
reference evaluator's signals (the reference runs in two processes)."""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from datetime import date

import pyarrow as pa
import pytest

from gezinsplan.caseload import assess
from gezinsplan.caseload.tables import TABLES, to_arrow
from gezinsplan.generate import generate_households
from gezinsplan.rules.ruleset import default_rules
from tests.caseload.differential import Key, explain_difference, reference_keys, sql_keys

N = 100_000
CHUNK = 5_000
SEED = 2026
# blokkades.tegenprestatie_ondanks_mantelzorg turns off on 2027-01-01
PEILDATA = (date(2026, 11, 23), date(2027, 2, 1))


def _chunk(start: int) -> tuple[dict[str, pa.Table], list[set[Key]]]:
    rules = default_rules()
    hs = list(generate_households(CHUNK, SEED, start_index=start, peildatum=PEILDATA[0]))
    return to_arrow(hs), [reference_keys(hs, rules, day) for day in PEILDATA]


@pytest.mark.slow
def test_100k_generated_households_at_two_peildata() -> None:
    parts: list[dict[str, pa.Table]] = []
    want: list[set[Key]] = [set(), set()]
    with ProcessPoolExecutor(max_workers=2) as pool:
        for tables, keys in pool.map(_chunk, range(0, N, CHUNK)):
            parts.append(tables)
            for i, k in enumerate(keys):
                want[i] |= k
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

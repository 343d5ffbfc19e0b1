"""The columnar generator: valid documents, tables equal to ``to_arrow`` of them, the
same signals as the reference evaluator, deterministic per seed."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.dataset as ds
import pytest
from click.testing import CliRunner

from gezinsplan.caseload import assess
from gezinsplan.caseload.convert import generate_caseload
from gezinsplan.caseload.documents import DOCUMENTS, read_documents
from gezinsplan.caseload.engine import fact_tables
from gezinsplan.caseload.synth import BLOCK, generate_tables
from gezinsplan.caseload.synth.days import (
    add_months,
    age_at,
    birthday,
    end_of_quarter,
    first_of_next_month,
    from_dates,
    to_dates,
)
from gezinsplan.caseload.tables import SCHEMAS, TABLES, to_arrow
from gezinsplan.cli import main
from gezinsplan.io import parse_household
from gezinsplan.model import dates
from gezinsplan.model.household import Household
from gezinsplan.rules.ruleset import default_rules
from tests.caseload.differential import (
    explain_difference,
    fact_differences,
    reference_keys,
    sql_keys,
)

PEIL = date(2026, 11, 23)


def _households(tables: dict[str, pa.Table]) -> list[Household]:
    docs = tables[DOCUMENTS].column("document").to_pylist()
    return [parse_household(json.loads(d), source="documents") for d in docs]


def test_the_column_dates_follow_the_model_dates() -> None:
    days = [
        date(2000, 1, 1) + (date(2000, 1, 2) - date(2000, 1, 1)) * k for k in range(0, 12000, 7)
    ]
    days += [date(2008, 2, 29), date(2012, 2, 29), date(1999, 12, 31)]
    col = from_dates(days)
    peil = from_dates([date(2026, 2, 28)] * len(days))
    assert to_dates(birthday(col, 18)) == [dates.birthday(d, 18) for d in days]
    assert to_dates(add_months(col, -12)) == [dates.add_months(d, -12) for d in days]
    assert to_dates(end_of_quarter(col)) == [dates.end_of_quarter(d) for d in days]
    assert to_dates(first_of_next_month(col)) == [dates.first_of_next_month(d) for d in days]
    assert age_at(col, peil).tolist() == [dates.age_at(d, date(2026, 2, 28)) for d in days]


@pytest.mark.parametrize("peildatum", [PEIL, date(2028, 2, 29)])
def test_the_tables_equal_to_arrow_of_the_validated_documents(peildatum: date) -> None:
    tables = generate_tables(5, 0, 3000, peildatum)
    households = _households(tables)
    assert [h.id for h in households] == [f"gen-5-{i}" for i in range(3000)]
    reference = to_arrow(households)
    for name in TABLES:
        assert tables[name].schema == SCHEMAS[name]
        assert tables[name].equals(reference[name]), name
    assert all(not h.peildatum_problems(peildatum) for h in households)


def test_the_sql_engine_gives_the_reference_signals(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    generate_caseload(2000, 21, folder, peildatum=PEIL, workers=2, generator="columnar")
    households = read_documents(folder, list(range(2000)))
    rules = default_rules()
    got = sql_keys(assess(folder, rules, PEIL))
    want = reference_keys(households, rules, PEIL)
    assert got == want, explain_difference(got, want)
    sample = households[:300]
    facts = fact_tables(sample, PEIL, rules)
    problems = fact_differences(sample, {t: x.to_pylist() for t, x in facts.items()}, PEIL)
    assert not problems, "\n".join(problems[:20])


def _folder_bytes(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*.*"))}


def test_same_seed_same_bytes_whatever_the_workers(tmp_path: Path) -> None:
    n = 2 * BLOCK + 300
    for name, workers in (("a", 1), ("b", 2)):
        generate_caseload(
            n, 3, tmp_path / name, peildatum=PEIL, workers=workers, generator="columnar"
        )
    assert _folder_bytes(tmp_path / "a") == _folder_bytes(tmp_path / "b")
    generate_caseload(n, 4, tmp_path / "c", peildatum=PEIL, generator="columnar")
    assert _folder_bytes(tmp_path / "a") != _folder_bytes(tmp_path / "c")
    # another chunk size: other part files, the same rows
    generate_caseload(
        n, 3, tmp_path / "d", peildatum=PEIL, chunk_size=3 * BLOCK, generator="columnar"
    )
    for name in (*TABLES, DOCUMENTS):
        a = ds.dataset(tmp_path / "a" / name, format="parquet").to_table()
        d = ds.dataset(tmp_path / "d" / name, format="parquet").to_table()
        assert a.equals(d), name


def test_a_block_depends_on_the_seed_and_its_number_only() -> None:
    whole = generate_tables(8, 0, 2 * BLOCK, PEIL)
    second = generate_tables(8, BLOCK, BLOCK, PEIL)
    for name in ("members", DOCUMENTS):
        keys = whole[name].column("hkey").to_numpy()
        assert whole[name].filter(pa.array(keys >= BLOCK)).equals(second[name])
    with pytest.raises(ValueError, match="multiple"):
        generate_tables(8, 10, 5, PEIL)
    with pytest.raises(ValueError, match="peildatum"):
        generate_tables(8, 0, 5, date(1990, 1, 1))


def test_an_empty_caseload_has_every_table(tmp_path: Path) -> None:
    tables = generate_tables(1, 0, 0, PEIL)
    assert all(t.num_rows == 0 for t in tables.values())
    generate_caseload(0, 1, tmp_path / "c", generator="columnar")
    assert json.loads((tmp_path / "c" / "_caseload.json").read_text())["households"] == 0


def test_cli_generates_columnar_by_default_and_documents_on_request(tmp_path: Path) -> None:
    for name, extra in (("c", []), ("d", ["--generator", "documents"])):
        result = CliRunner().invoke(
            main,
            [
                *("generate", "--households", "30", "--seed", "2", "--format", "parquet"),
                *("--out", str(tmp_path / name), "--workers", "1", *extra),
            ],
        )
        assert result.exit_code == 0, result.output
    columnar = ds.dataset(tmp_path / "c" / "members", format="parquet").to_table()
    documents = ds.dataset(tmp_path / "d" / "members", format="parquet").to_table()
    assert columnar.schema == documents.schema == SCHEMAS["members"]
    assert not columnar.equals(documents)  # other households, the same form
    assert np.unique(columnar.column("hkey").to_numpy()).tolist() == list(range(30))
    result = CliRunner().invoke(
        main,
        ["generate", "--households", "3", "--generator", "columnar", "--out", "x.jsonl"],
    )
    assert result.exit_code == 2
    assert "parquet only" in result.output


def test_the_monitor_over_the_folder_equals_the_monitor_over_its_documents(
    tmp_path: Path,
) -> None:
    import pandas as pd

    from gezinsplan.monitor import run_monitor

    folder = tmp_path / "c"
    generate_caseload(1500, 12, folder, peildatum=PEIL, generator="columnar")
    households = read_documents(folder, list(range(1500)))
    columnar = run_monitor(folder, PEIL, chunk_size=700, workers=1)
    reference = run_monitor(households, PEIL, workers=1)
    assert columnar.summary["plans_built"]
    assert columnar.summary["households"] == reference.summary["households"] == 1500
    for name in reference.tables:
        pd.testing.assert_frame_equal(columnar.tables[name], reference.tables[name])


def test_every_word_the_documents_quote_needs_no_escaping() -> None:
    from gezinsplan.caseload.synth import tables, vocab

    words = [
        *vocab.GEMEENTE_NAMES,
        *vocab.WIJKEN,
        *vocab.ORG_IDS,
        *vocab.ORG_NAMES,
        *vocab.DOMAINS,
        *vocab.WETTEN,
        *(p.name for p in vocab.PRODUCTS),
        *(p.code or "" for p in vocab.PRODUCTS),
        *tables.HOUSING,
        *tables.PHASES,
        *tables.VEILIG_THUIS,
        *tables.INFORMAL,
    ]
    assert all(json.dumps(w, ensure_ascii=False) == f'"{w}"' for w in words)

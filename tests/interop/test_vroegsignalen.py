"""The import of vroegsignalen (DDAS exchange model v0.9).

The shared official schema validates the sample delivery; the code lists of the package
equal the schema's enumerations; the import reads the sample, refuses a broken delivery
whole with file and JSON path, writes no personal data of the delivery, and the households
it makes fire the vroegsignalen rules on both engines and in SQL alike.
"""

from __future__ import annotations

import copy
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from gezinsplan.assessor import assess
from gezinsplan.caseload import assess as assess_caseload
from gezinsplan.caseload.engine import fact_tables
from gezinsplan.cli import main
from gezinsplan.errors import InputError
from gezinsplan.interop.vroegsignalen import (
    DeliveryError,
    attach_signals,
    codes,
    import_vroegsignalen,
    person_key,
    read_delivery,
    read_delivery_data,
)
from gezinsplan.io import iter_caseload, parse_household
from gezinsplan.model.enums import ArrearKind
from gezinsplan.rules.ruleset import default_rules
from tests.caseload.differential import (
    explain_difference,
    fact_differences,
    reference_keys,
    sql_keys,
)

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared" / "interop" / "vroegsignalering"
SAMPLES = ROOT / "examples" / "import"
DELIVERY = SAMPLES / "vroegsignalen-2026-11.json"
HOUSEHOLDS = SAMPLES / "huishoudens.jsonl"
KEY = (SAMPLES / "voorbeeld.key").read_bytes().strip()
PEIL = date(2026, 11, 23)
RULES = default_rules()
PERSONAL = [
    "999990007",
    "999990019",
    "999990020",
    "999990032",
    "Verzonnen",
    "Bedacht",
    "Voorbeeldstraat",
    "6200AA",
    "1991-03-02",
    "VS-0001",
    "A. Voorbeeld",
]


def _schema() -> dict[str, Any]:
    path = SHARED / "ddas-uitwisselmodel-v0.9.schema.json"
    if not path.is_file():
        pytest.fail(f"the official DDAS schema is missing: {path}")
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def _sample() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(DELIVERY.read_text(encoding="utf-8"))
    return data


def test_the_code_lists_are_the_schemas_enumerations() -> None:
    defs = _schema()["$defs"]
    cl = codes()
    assert cl["version"] == "0.9"
    assert list(cl["signaalpartner"]) == defs["EnumSignaalpartner"]["enum"]
    assert list(cl["signaalstatus"]) == defs["EnumSignaalstatus"]["enum"]
    assert list(cl["eindresultaat"]) == defs["EnumEindresultaat"]["enum"]
    assert cl["contactsoort"] == defs["EnumContactsoort"]["enum"]
    assert cl["dagdeel"] == defs["EnumDagdeel"]["enum"]
    assert {ArrearKind(v) for v in cl["signaalpartner"].values()} == set(ArrearKind)
    assert set(cl["signaalstatus"].values()) <= {"keep", "drop"}
    assert set(cl["eindresultaat"].values()) <= {"keep", "drop", "contact"}


def test_the_official_schema_validates_the_sample_delivery() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    validator = jsonschema.Draft202012Validator(
        _schema(), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    assert [e.message for e in validator.iter_errors(_sample())] == []


def test_the_sample_is_read_pseudonymised() -> None:
    d = read_delivery(DELIVERY, key=KEY)
    assert (d.start, d.end, d.gemeenten) == (date(2026, 10, 1), date(2026, 11, 20), ("0935",))
    assert d.dropped == 1  # VS-0005: a repeated signal
    kinds = sorted(s.arrear.kind.value for s in d.signals)
    assert kinds == ["energie", "huur", "water", "zorgverzekering", "zorgverzekering"]
    by_kind = {s.arrear.kind.value: s.arrear for s in d.signals}
    assert by_kind["huur"].amount_cents == 124000
    assert by_kind["huur"].since == date(2026, 8, 1)
    assert by_kind["energie"].crisis is True
    assert by_kind["water"].contact_made is True  # reached on the phone
    assert by_kind["water"].contact_attempts == 1
    assert {s.person for s in d.signals} >= {person_key(KEY, "999990007")}
    text = json.dumps([s.as_dict() for s in d.signals])
    for value in PERSONAL:
        assert value not in text
    # the same key gives the same pseudonyms, another key others
    again = read_delivery(DELIVERY, key=KEY)
    other = read_delivery(DELIVERY, key=b"another key of sixteen bytes")
    assert [s.arrear.id for s in again.signals] == [s.arrear.id for s in d.signals]
    assert not {s.arrear.id for s in other.signals} & {s.arrear.id for s in d.signals}


def _broken() -> dict[str, Any]:
    data = copy.deepcopy(_sample())
    lev = data["leveringen"][0]
    lev["vroegsignalen"][0]["signaaldatum"] = "2026-13-01"
    lev["vroegsignalen"][1]["signaalpartner"]["type"] = "Telefonie"
    lev["vroegsignalen"][2]["client"]["Burgerservicenummer"] = "999990008"
    lev["vroegsignalen"][3]["bedrag"] = "87"
    lev["vroegsignalen"][4]["ontstaansdatum"] = "2026-12-01"
    lev["vroegsignaalzaken"][0]["vroegsignalen"][0]["ID"] = "VS-9999"
    lev["vroegsignaalzaken"][1]["contactpogingen"][0]["bereikt"] = "ja"
    del lev["gemeentecode"]
    data["extra"] = 1
    return data


def test_a_broken_delivery_is_refused_whole_with_file_and_path(tmp_path: Path) -> None:
    src = tmp_path / "kapot.json"
    src.write_text(json.dumps(_broken()), encoding="utf-8")
    out = tmp_path / "uit.jsonl"
    out.write_text("earlier\n", encoding="utf-8")
    with pytest.raises(DeliveryError) as info:
        import_vroegsignalen(src, out, key=KEY, households=HOUSEHOLDS)
    lines = [str(p) for p in info.value.problems]
    v = "$.leveringen[0].vroegsignalen"
    z = "$.leveringen[0].vroegsignaalzaken"
    expected = [
        f"{src}: $.extra: unknown field (not in the exchange model)",
        f"{src}: $.leveringen[0].gemeentecode: missing (required)",
        f"{src}: {v}[0].signaaldatum: not a calendar date",
        f"{src}: {v}[1].signaalpartner.type: not a value of the exchange model's code list",
        f"{src}: {v}[2].client.Burgerservicenummer: not a valid BSN (nine digits that pass "
        "the elfproef)",
        f"{src}: {v}[3].bedrag: expected a whole number",
        f"{src}: {v}[4].ontstaansdatum: lies after the signaaldatum",
        f"{src}: {z}[0].vroegsignalen[0].ID: names no signal of this levering",
        f"{src}: {z}[1].contactpogingen[0].bereikt: expected true or false",
    ]
    assert sorted(lines) == sorted(expected)
    assert out.read_text(encoding="utf-8") == "earlier\n"  # nothing written
    for value in ["999990008", "Telefonie", "2026-13-01", *PERSONAL]:
        assert value not in str(info.value)


@pytest.mark.parametrize(
    ("change", "path"),
    [
        (lambda d: d.pop("startdatumLevering"), "$.startdatumLevering"),
        (lambda d: d.update(aanleverdatumEnTijd="21-11-2026"), "$.aanleverdatumEnTijd"),
        (lambda d: d.update(leveringen=[]), "$.leveringen"),
        (lambda d: d.pop("leveringen"), "$.leveringen"),
        (lambda d: d["leveringen"][0]["vroegsignalen"][0].pop("client"), ".client"),
        (lambda d: d["leveringen"][0]["vroegsignalen"][0].pop("signaaldatum"), ".signaaldatum"),
        (lambda d: d["leveringen"][0]["vroegsignalen"][1].update(ID="VS-0001"), "[1].ID"),
        (lambda d: d["leveringen"][0]["vroegsignalen"][0].update(status="Open"), ".status"),
        (lambda d: d["leveringen"][0].update(gemeentecode="935"), ".gemeentecode"),
    ],
)
def test_each_problem_is_one_line(change: Any, path: str) -> None:
    data = _sample()
    change(data)
    with pytest.raises(DeliveryError) as info:
        read_delivery_data(data, key=KEY, source="levering.json")
    assert len(info.value.problems) == 1, info.value
    assert str(info.value.problems[0]).startswith("levering.json: $")
    assert path in info.value.problems[0].path


def test_invalid_json_is_refused_with_its_line(tmp_path: Path) -> None:
    src = tmp_path / "x.json"
    src.write_text('{\n  "a": 1,\n  "a": 2\n}', encoding="utf-8")
    with pytest.raises(DeliveryError, match="duplicate key"):
        read_delivery(src, key=KEY)
    src.write_text("{\n  oops\n}", encoding="utf-8")
    with pytest.raises(DeliveryError, match=r"x\.json:2: invalid JSON"):
        read_delivery(src, key=KEY)


def _imported(tmp_path: Path) -> list[Any]:
    out = tmp_path / "huishoudens.jsonl"
    result = import_vroegsignalen(DELIVERY, out, key=KEY, households=HOUSEHOLDS)
    assert (result.signals, result.attached, result.unmatched, result.dropped) == (5, 4, 1, 1)
    assert (result.households, result.written) == (3, 3)
    return list(iter_caseload(out))


def test_the_households_fire_the_rules_on_both_engines_and_in_sql(tmp_path: Path) -> None:
    hs = _imported(tmp_path)
    want = {
        "hh-a": {
            "bestaanszekerheid.vroegsignaal_zonder_contact",
            "bestaanszekerheid.vroegsignaal_crisis",
            "bestaanszekerheid.vroegsignalen_meerdere_schuldeisers",
        },
        "hh-b": {"bestaanszekerheid.beschermingsbewind_vroegsignaal"},
        "hh-c": set(),
    }
    for h in hs:
        for engine in ("python", "durable"):
            got = {s.rule_id for s in assess(h, RULES, PEIL, engine=engine)}
            vroeg = {r for r in got if "vroegsigna" in r or "huurachterstand" in r}
            assert vroeg == want[h.id], (h.id, engine)
    tables = {t: v.to_pylist() for t, v in fact_tables(hs, PEIL, RULES).items()}
    assert len(tables["arrear"]) == 4
    problems = fact_differences(hs, tables, PEIL)
    assert not problems, "\n".join(problems[:20])
    got_sql = sql_keys(assess_caseload(hs, RULES, PEIL))
    want_ref = reference_keys(hs, RULES, PEIL)
    assert got_sql == want_ref, explain_difference(got_sql, want_ref)


def test_attaching_twice_gives_the_same_households(tmp_path: Path) -> None:
    hs = _imported(tmp_path)
    d = read_delivery(DELIVERY, key=KEY)
    again, result = attach_signals(hs, d.signals, key=KEY)
    assert again == hs
    assert result.attached == 4


def test_a_household_of_the_istandaarden_import_is_found_by_its_id() -> None:
    h = parse_household(
        {
            "id": "h-" + person_key(KEY, "999990032"),
            "gemeente": "0935",
            "members": [{"id": "m1", "role": "ouder", "birth_date": "1970-01-01"}],
        }
    )
    d = read_delivery(DELIVERY, key=KEY)
    (out,), result = attach_signals([h], d.signals, key=KEY)
    assert result.attached == 1
    assert out.finances is not None
    (arrear,) = out.finances.arrears
    assert (arrear.kind, arrear.member, arrear.amount_cents) == (
        ArrearKind.ZORGVERZEKERING,
        "m1",
        23000,
    )


def test_the_command_writes_signals_or_households_and_refuses_broken_files(
    tmp_path: Path,
) -> None:
    key_file = SAMPLES / "voorbeeld.key"
    runner = CliRunner()
    out = tmp_path / "signalen.jsonl"
    r = runner.invoke(
        main,
        ["import", "vroegsignalen", str(DELIVERY), "--key-file", str(key_file), "--out", str(out)],
    )
    assert r.exit_code == 0, r.output
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 5
    for value in PERSONAL:
        assert value not in out.read_text(encoding="utf-8")
    out2 = tmp_path / "hh.jsonl"
    r = runner.invoke(
        main,
        [
            "import",
            "vroegsignalen",
            str(DELIVERY),
            "--households",
            str(HOUSEHOLDS),
            "--key-file",
            str(key_file),
            "--out",
            str(out2),
        ],
    )
    assert r.exit_code == 0, r.output
    assert "4 of 5 signal(s) attached to 3 household(s), 1 without a household" in r.output
    bad = tmp_path / "kapot.json"
    bad.write_text(json.dumps(_broken()), encoding="utf-8")
    out3 = tmp_path / "nee.jsonl"
    r = runner.invoke(
        main,
        ["import", "vroegsignalen", str(bad), "--key-file", str(key_file), "--out", str(out3)],
    )
    assert r.exit_code == 1
    assert f"{bad}: $.leveringen[0].vroegsignalen[0].signaaldatum: not a calendar date" in r.output
    assert "nothing was written" in r.output
    assert not out3.exists()
    for value in PERSONAL:
        assert value not in r.output


def test_a_columnar_caseload_takes_the_signals_in_a_new_folder(tmp_path: Path) -> None:
    from gezinsplan.caseload.convert import convert_caseload
    from gezinsplan.io import write_caseload

    # households as the iStandaarden import writes them: id h- and the person key
    hs = [
        parse_household(
            {
                "id": "h-" + person_key(KEY, bsn),
                "gemeente": "0935",
                "members": [{"id": "m1", "role": "ouder", "birth_date": "1980-01-01"}],
                **extra,
            }
        )
        for bsn, extra in (
            ("999990007", {}),
            ("999990019", {"finances": {"beschermingsbewind": True}}),
            ("999990044", {}),
        )
    ]
    jsonl = tmp_path / "hs.jsonl"
    write_caseload(hs, jsonl)
    folder = tmp_path / "caseload"
    convert_caseload(jsonl, folder, chunk_size=2)
    out = tmp_path / "met-signalen"
    result = import_vroegsignalen(DELIVERY, out, key=KEY, households=folder)
    assert (result.attached, result.unmatched, result.households, result.written) == (3, 2, 2, 3)
    # the same as attaching to the households and converting them
    d = read_delivery(DELIVERY, key=KEY)
    attached, _ = attach_signals(hs, d.signals, key=KEY)
    got_sql = sql_keys(assess_caseload(out, RULES, PEIL))
    want_ref = reference_keys(attached, RULES, PEIL)
    assert got_sql == want_ref, explain_difference(got_sql, want_ref)
    assert any("vroegsigna" in key[1] for key in want_ref)
    with pytest.raises(InputError, match="exists"):
        import_vroegsignalen(DELIVERY, out, key=KEY, households=folder)

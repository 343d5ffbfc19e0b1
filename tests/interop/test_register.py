"""Import of register extracts: the example, refused files, no personal values in any
output or problem, and nothing lost (every row ends up in a household or the report)."""

from __future__ import annotations

import json
import shutil
import tempfile
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gezinsplan.cli import main
from gezinsplan.interop.register.importer import (
    RegisterResult,
    import_register,
    person_id,
)
from gezinsplan.interop.register.layout import FILES, read_table
from gezinsplan.io import iter_caseload, parse_household
from gezinsplan.model.bsn import is_valid_bsn

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "import" / "register"
KEY = b"test-key"
FILES_OF_EXAMPLE = ("personen", "uitkeringen", "onderwijs", "professionals")


def bsns(n: int, start: int = 0) -> list[str]:
    """``n`` synthetic BSNs (starting 9999) that pass the elfproef."""
    out: list[str] = []
    i = start
    while len(out) < n:
        candidate = f"9999{i:05d}"
        if is_valid_bsn(candidate):
            out.append(candidate)
        i += 1
    return out


def args_for_example(out: Path, *extra: str) -> list[str]:
    args = ["import", "register"]
    for name in FILES_OF_EXAMPLE:
        args += [f"--{name}", str(EXAMPLE / f"{name}.csv")]
    args += ["--voorzieningen", str(EXAMPLE / "voorzieningen.jsonl")]
    return [*args, "--key-file", str(EXAMPLE / "sleutel"), "--out", str(out), *extra]


def run(args: list[str]) -> Any:
    return CliRunner().invoke(main, args, catch_exceptions=False)


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def all_rows(*tables: tuple[str, Path]) -> set[tuple[str, int | str]]:
    out: set[tuple[str, int | str]] = set()
    for name, path in tables:
        t = read_table(path, FILES[name])
        assert t.problems == []
        out |= {(str(path), r.line) for r in t.rows}
    return out


def output_text(out: Path) -> str:
    """Everything an output holds, as text (parquet decoded, every table)."""
    if out.is_file():
        return out.read_text(encoding="utf-8")
    parts = []
    for f in sorted(out.rglob("*")):
        if f.suffix == ".parquet":
            parts.append(json.dumps(pq.read_table(f).to_pylist(), default=str))
        elif f.is_file():
            parts.append(f.read_text(encoding="utf-8", errors="replace"))
    return "\n".join(parts)


# -- the example ---------------------------------------------------------------------------
def test_the_example_imports_and_monitor_and_assess_run_on_it(tmp_path: Path) -> None:
    out = tmp_path / "caseload"
    result = run(args_for_example(out))
    assert result.exit_code == 0, result.output
    assert "4 household(s) with 8 member(s) and 7 provision(s)" in result.output
    assert "3 imported provision(s)" in result.output
    assert "0 not placed" in result.output
    assess = run(
        [
            "caseload",
            "assess",
            str(out),
            "--peildatum",
            "2026-11-23",
            "--out",
            str(tmp_path / "signalen.parquet"),
        ]
    )
    assert assess.exit_code == 0, assess.output
    assert pq.read_table(tmp_path / "signalen.parquet").num_rows > 0
    monitor = run(
        ["monitor", str(out), "--peildatum", "2026-11-23", "--out", str(tmp_path / "monitor")]
    )
    assert monitor.exit_code == 0, monitor.output
    assert "4 households" in monitor.output


def test_the_example_as_json_lines_joins_everything(tmp_path: Path) -> None:
    out = tmp_path / "c.jsonl"
    assert run(args_for_example(out, "--format", "jsonl")).exit_code == 0
    households = {h.id: h for h in iter_caseload(out)}
    members = {m.id: (h, m) for h in households.values() for m in h.members}
    key = (EXAMPLE / "sleutel").read_bytes().strip()
    mother, moeder_m = members[person_id(key, "bsn", "999900006")]
    # the provisions of import istandaarden found their person through the BSN pseudonym
    assert sorted(p.id for p in mother.provisions if p.member == moeder_m.id) == [
        "wmo-0363-300.201",
        "wmo-0363-300.202",
        "wmo-0384-101",
    ]
    assert [m.role.value for m in mother.members] == ["ouder", "partner", "kind"]
    assert mother.gemeente == "Amsterdam"
    assert mother.wijk == "Burgwallen-Oude Zijde"
    h, thuiszitter = members[person_id(key, "bsn", "999990032")]
    assert thuiszitter.school_absence is not None
    assert thuiszitter.school_absence.thuiszitter
    assert thuiszitter.education is not None
    assert thuiszitter.education.value == "geen_school"
    (coach,) = [p for p in h.professionals if p.role.value == "wijkcoach"]
    assert len(coach.serves) == 2
    assert coach.is_casemanager
    assert sorted(w.value for w in coach.wetten) == ["jeugdwet", "wmo"]
    _, klant = members[person_id(key, "persoonssleutel", "klant-7731")]
    assert [(o.kind.value, o.exempt) for o in klant.obligations] == [
        ("arbeidsverplichting", False),
        ("tegenprestatie", False),
    ]
    alone, _ = members[person_id(key, "bsn", "999990056")]
    assert len(alone.members) == 1
    # parents from the register: in the household, or living elsewhere, with gezag
    mother_id = person_id(key, "bsn", "999990020")
    links = sorted((x.child, x.parent or "", x.lives_elsewhere, x.gezag) for x in h.parent_links)
    younger = person_id(key, "bsn", "999990044")
    assert links == sorted(
        [
            (thuiszitter.id, mother_id, False, True),
            (thuiszitter.id, "", True, True),
            (younger, mother_id, False, True),
            (younger, "", True, False),
        ]
    )
    assert h.member(mother_id).has_ouderlijk_gezag


def test_the_example_loses_nothing(tmp_path: Path) -> None:
    result = import_register(
        EXAMPLE / "personen.csv",
        tmp_path / "c.jsonl",
        key=KEY,
        uitkeringen=EXAMPLE / "uitkeringen.csv",
        onderwijs=EXAMPLE / "onderwijs.csv",
        professionals=EXAMPLE / "professionals.csv",
        fmt="jsonl",
    )
    rows = all_rows(*((n, EXAMPLE / f"{n}.csv") for n in FILES_OF_EXAMPLE))
    assert set(result.placed) == rows
    assert result.unplaced == []


# -- refused files -------------------------------------------------------------------------
PERSONEN = (
    "bsn;geboortedatum;huishouden;relatie;gemeentecode\n"
    "999990007;1980-01-31;a1;ouder;0363\n"
    "999990019;2012-07-04;a1;kind;0363\n"
)


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        (
            PERSONEN.replace(";relatie", "").replace(";ouder", "").replace(";kind", ""),
            "personen.csv:1: relatie",
            "required column is missing",
        ),
        (
            PERSONEN.replace("1980-01-31", "1980-02-30"),
            "personen.csv:2: geboortedatum",
            "no such day",
        ),
        (
            PERSONEN.replace("2012-07-04", "04-07-2012"),
            "personen.csv:3: geboortedatum",
            "not a date",
        ),
        (PERSONEN.replace("999990019", "999990018"), "personen.csv:3: bsn", "elfproef"),
        (PERSONEN.replace(";kind;", ";stiefkind;"), "personen.csv:3: relatie", "not one of"),
        (
            PERSONEN.replace("999990019", "999990007"),
            "personen.csv:3: bsn",
            "the same person as row 2",
        ),
        (PERSONEN.replace(";0363\n", ";GM363\n", 1), "personen.csv:2: gemeentecode", "CBS"),
        (
            PERSONEN.replace("gemeentecode", "gemeentecode;ouder1;gezag_minderjarige")
            .replace("ouder;0363", "ouder;0363;999990007;")
            .replace("kind;0363", "kind;0363;;1"),
            "personen.csv:2: ouder1",
            "a person cannot be its own parent",
        ),
        (
            PERSONEN.replace("gemeentecode", "gemeentecode;ouder1;gezag_minderjarige")
            .replace("ouder;0363", "ouder;0363;;")
            .replace("kind;0363", "kind;0363;;1"),
            "personen.csv:3: gezag_minderjarige",
            "gives gezag to ouder1, who is not given",
        ),
        (
            PERSONEN.replace("0363\n999990019", "0363\n999990019").replace(
                "kind;0363", "kind;0384"
            ),
            "personen.csv:3: gemeentecode",
            "differs from row 2 of the same huishouden",
        ),
        (
            PERSONEN.replace("gemeentecode", "gemeentecode;naam").replace(
                "0363\n", "0363;Jansen\n"
            ),
            "personen.csv:1: column 6",
            "not a column of the personen file",
        ),
    ],
)
def test_a_bad_personen_file_is_refused_with_file_row_and_column(
    tmp_path: Path, text: str, where: str, message: str
) -> None:
    personen = write(tmp_path / "personen.csv", text)
    out = tmp_path / "caseload"
    result = run(
        [
            "import",
            "register",
            "--personen",
            str(personen),
            "--key-file",
            str(EXAMPLE / "sleutel"),
            "--out",
            str(out),
        ]
    )
    assert result.exit_code == 1
    lines = [line.strip() for line in result.output.splitlines()]
    assert any(line.startswith(str(tmp_path / where)) and message in line for line in lines), (
        result.output
    )
    assert "nothing written" in result.output
    assert not out.exists()
    for value in ("999990007", "999990018", "1980-01-31", "1980-02-30", "04-07-2012", "Jansen"):
        assert value not in result.output


def test_problems_of_the_other_files_name_file_row_and_column(tmp_path: Path) -> None:
    personen = write(tmp_path / "personen.csv", PERSONEN)
    uitkeringen = write(
        tmp_path / "uitkeringen.csv",
        "bsn,ingangsdatum,einddatum\n999990007,2025-01-01,2024-12-31\n999990007,2025-13-01,\n",
    )
    onderwijs = write(
        tmp_path / "onderwijs.csv",
        "bsn;ingeschreven;verzuim\n999990019;ja;absoluut\n999990019;misschien;\n",
    )
    professionals = write(
        tmp_path / "professionals.csv",
        "bsn;organisatie;rol;wet\n999990019;Wijkteam;tovenaar;wmo\n",
    )
    result = import_register(
        personen,
        tmp_path / "c.jsonl",
        key=KEY,
        uitkeringen=uitkeringen,
        onderwijs=onderwijs,
        professionals=professionals,
        fmt="jsonl",
    )
    problems = sorted(str(p) for t in result.refused for p in t.problems)
    assert not result.written
    assert not (tmp_path / "c.jsonl").exists()
    assert f"{onderwijs}:3: ingeschreven: not ja or nee" in problems
    assert f"{professionals}:2: rol: not one of: " in "".join(problems)
    assert f"{uitkeringen}:3: ingangsdatum: not a date (no such day)" in problems
    # cross-row checks run on a file whose values are all well formed
    fixed = write(
        tmp_path / "uitkeringen.csv",
        "bsn,ingangsdatum,einddatum\n999990007,2025-01-01,2024-12-31\n",
    )
    result = import_register(personen, tmp_path / "c.jsonl", key=KEY, uitkeringen=fixed)
    (t,) = result.refused
    assert [str(p) for p in t.problems] == [f"{fixed}:2: einddatum: lies before the ingangsdatum"]


# -- no personal values anywhere -------------------------------------------------------------
NAME = "Xantippe Bakkerszoon"


def test_no_bsn_name_or_birth_date_reaches_an_output_or_a_message(tmp_path: Path) -> None:
    people = bsns(6)
    births = ["1971-03-05", "1973-10-12", "2009-06-30", "1990-12-01", "2011-04-17", "1944-08-09"]
    personen = write(
        tmp_path / "personen.csv",
        "bsn;geboortedatum;huishouden;relatie;gemeentecode;wijkcode\n"
        + "".join(
            f"{b};{d};{hh};{r};0363;WK036301\n"
            for b, d, hh, r in zip(
                people[:5],
                births,
                ["x1", "x1", "x1", "x2", "x2"],
                ["ouder", "partner", "kind", "ouder", "kind"],
                strict=False,
            )
        ),
    )
    # rows naming a person who is not in personen (people[5]): reported by pseudonym
    uitkeringen = write(
        tmp_path / "uitkeringen.csv",
        f"bsn;ingangsdatum;einddatum\n{people[0]};2024-01-01;\n{people[5]};2023-02-01;\n",
    )
    professionals = write(
        tmp_path / "professionals.csv",
        f"bsn;organisatie;rol;wet\n{people[2]};Wijkteam;wijkcoach;jeugdwet\n"
        f"{people[5]};Wijkteam;wijkcoach;wmo\n",
    )
    voorzieningen = tmp_path / "v.jsonl"
    from gezinsplan.interop.istandaarden.archive import client_household_id

    lines = []
    for b, born in ((people[1], births[1]), (people[5], births[5])):
        lines.append(
            json.dumps(
                {
                    "id": client_household_id(KEY, b),
                    "gemeente": "0363",
                    "members": [{"id": "m1", "role": "ouder", "birth_date": born, "name": NAME}],
                    "provisions": [
                        {
                            "id": "wmo-0363-1",
                            "member": "m1",
                            "wet": "wmo",
                            "kind": "maatwerkvoorziening",
                            "product": "begeleiding",
                            "start": "2025-01-01",
                        }
                    ],
                }
            )
        )
    voorzieningen.write_text("\n".join(lines) + "\n")
    key = write(tmp_path / "sleutel", KEY.decode() + "\n")
    for fmt, out in (("parquet", tmp_path / "caseload"), ("jsonl", tmp_path / "c.jsonl")):
        result = run(
            [
                "import",
                "register",
                "--personen",
                str(personen),
                "--uitkeringen",
                str(uitkeringen),
                "--professionals",
                str(professionals),
                "--voorzieningen",
                str(voorzieningen),
                "--key-file",
                str(key),
                "--format",
                fmt,
                "--out",
                str(out),
                "--report",
                str(tmp_path / f"report-{fmt}.csv"),
            ]
        )
        assert result.exit_code == 1  # something was not placed
        report = (tmp_path / f"report-{fmt}.csv").read_text()
        assert report.count("\n") == 4  # the header and the three rows not placed
        for secret in [*people, NAME, *births]:
            assert secret not in report
        assert "3 not placed" in result.output, result.output
        assert person_id(KEY, "bsn", people[5]) in result.output
        text = output_text(out)
        for secret in [*people, *(b[1:] for b in people), NAME, *births]:
            assert secret not in result.output
            if secret not in births:
                assert secret not in text
        if fmt == "jsonl":
            # birth dates are kept, in the members' birth_date only (ages drive the rules)
            for h in iter_caseload(out):
                data = json.loads(json.dumps(h.model_dump(mode="json")))
                for m in data["members"]:
                    m.pop("birth_date")
                for born in births:
                    assert born not in json.dumps(data)
    # bad files: the planted values are not repeated either
    bad = write(
        tmp_path / "bad.csv",
        "bsn;geboortedatum;huishouden;relatie;gemeentecode\n"
        f"123456789;{births[0]};x1;{NAME};0363\n"
        f"{people[0]};31-12-1970;{births[1]};ouder;0363\n"
        f"{people[0]};{births[2]};x1;ouder;{people[1]}\n",
    )
    result = run(
        [
            "import",
            "register",
            "--personen",
            str(bad),
            "--key-file",
            str(key),
            "--out",
            str(tmp_path / "nothing"),
        ]
    )
    assert result.exit_code == 1
    assert result.output.count(str(bad) + ":") >= 5
    for secret in [*people, "123456789", NAME, *births, "31-12-1970"]:
        assert secret not in result.output


def test_keep_bsn_keeps_the_bsn_only_when_asked(tmp_path: Path) -> None:
    personen = write(tmp_path / "personen.csv", PERSONEN)
    key = str(EXAMPLE / "sleutel")
    base = ["import", "register", "--personen", str(personen), "--key-file", key]
    result = run([*base, "--keep-bsn", "--out", str(tmp_path / "c")])
    assert result.exit_code == 2
    assert "--keep-bsn needs --format jsonl" in result.output
    assert run([*base, "--format", "jsonl", "--out", str(tmp_path / "a.jsonl")]).exit_code == 0
    assert "999990007" not in (tmp_path / "a.jsonl").read_text()
    kept = run([*base, "--format", "jsonl", "--keep-bsn", "--out", str(tmp_path / "b.jsonl")])
    assert kept.exit_code == 0
    assert "999990007" in (tmp_path / "b.jsonl").read_text()
    assert "999990007" not in kept.output


# -- nothing lost ------------------------------------------------------------------------------
ROLES = ("ouder", "partner", "kind", "pleegkind", "inwonend_familielid", "overig")


@st.composite
def registers(draw: st.DrawFn) -> dict[str, Any]:
    n = draw(st.integers(1, 8))
    people = bsns(n + 3)
    known, unknown = people[:n], people[n:]
    base = date(1950, 1, 1)
    persons = [
        {
            "bsn": b,
            "born": base + timedelta(days=draw(st.integers(0, 25_000))),
            "hh": draw(st.sampled_from(["", "a1", "a2", "a3"])),
            "role": draw(st.sampled_from(ROLES)),
            "parent": draw(st.sampled_from(["", *(x for x in people if x != b)])),
            "gezag": draw(st.sampled_from(["", "1", "D"])),
        }
        for b in known
    ]
    anyone = st.sampled_from(known + unknown)
    day = st.integers(0, 30_000).map(lambda d: base + timedelta(days=d))
    benefits = draw(st.lists(st.tuples(anyone, day), max_size=6, unique_by=lambda t: (t[0], t[1])))
    school = draw(st.lists(st.tuples(anyone, st.booleans()), max_size=5, unique_by=lambda t: t[0]))
    profs = draw(st.lists(st.tuples(anyone, st.sampled_from(["A", "B"])), max_size=5))
    provisions = draw(st.lists(st.tuples(anyone, day), max_size=5))
    return {
        "persons": persons,
        "benefits": benefits,
        "school": school,
        "profs": profs,
        "provisions": provisions,
    }


def write_register(folder: Path, reg: dict[str, Any]) -> dict[str, Path]:
    from gezinsplan.interop.istandaarden.archive import client_household_id

    paths = {
        "personen": write(
            folder / "personen.csv",
            "bsn;geboortedatum;huishouden;relatie;gemeentecode;ouder1;gezag_minderjarige\n"
            + "".join(
                f"{p['bsn']};{p['born']};{p['hh']};{p['role']};0363;{p['parent']};"
                f"{p['gezag'] if p['parent'] or p['gezag'] == 'D' else ''}\n"
                for p in reg["persons"]
            ),
        ),
        "uitkeringen": write(
            folder / "uitkeringen.csv",
            "bsn;ingangsdatum;einddatum\n" + "".join(f"{b};{d};\n" for b, d in reg["benefits"]),
        ),
        "onderwijs": write(
            folder / "onderwijs.csv",
            "bsn;ingeschreven\n"
            + "".join(f"{b};{'ja' if i else 'nee'}\n" for b, i in reg["school"]),
        ),
        "professionals": write(
            folder / "professionals.csv",
            "bsn;organisatie;rol;wet\n"
            + "".join(f"{b};{o};wijkcoach;wmo\n" for b, o in reg["profs"]),
        ),
    }
    lines = []
    for i, (b, start) in enumerate(reg["provisions"]):
        lines.append(
            json.dumps(
                {
                    "id": client_household_id(KEY, b),
                    "gemeente": "0363",
                    "members": [{"id": "m1", "role": "ouder", "birth_date": "1950-01-01"}],
                    "provisions": [
                        {
                            "id": f"wmo-0363-{i}",
                            "member": "m1",
                            "wet": "wmo",
                            "kind": "maatwerkvoorziening",
                            "product": "begeleiding",
                            "start": str(start),
                        }
                    ],
                }
            )
        )
    paths["voorzieningen"] = write(folder / "v.jsonl", "".join(x + "\n" for x in lines))
    return paths


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(registers())
def test_every_row_ends_up_in_a_household_or_in_the_report(reg: dict[str, Any]) -> None:
    folder = Path(tempfile.mkdtemp())
    try:
        paths = write_register(folder, reg)
        out = folder / "c.jsonl"
        result: RegisterResult = import_register(
            paths["personen"],
            out,
            key=KEY,
            uitkeringen=paths["uitkeringen"],
            onderwijs=paths["onderwijs"],
            professionals=paths["professionals"],
            voorzieningen=paths["voorzieningen"],
            fmt="jsonl",
        )
        assert result.refused == []
        rows = all_rows(*((n, p) for n, p in paths.items() if n != "voorzieningen"))
        provisions = {
            (str(paths["voorzieningen"]), f"{h.id}/{p.id}")
            for line in paths["voorzieningen"].read_text().splitlines()
            for h in [parse_household(json.loads(line))]
            for p in h.provisions
        }
        unplaced = [(u.source, u.line if u.line is not None else u.key) for u in result.unplaced]
        assert len(unplaced) == len(set(unplaced))
        assert set(result.placed).isdisjoint(unplaced)
        assert set(result.placed) | set(unplaced) == rows | provisions
        # placed means: in that household of the output
        written = {h.id: h for h in iter_caseload(out)}
        assert set(result.placed.values()) <= set(written)
        assert result.members == sum(len(h.members) for h in written.values())
        placed_people = sum(
            1 for (src, _), _h in result.placed.items() if src == str(paths["personen"])
        )
        assert placed_people == result.members
    finally:
        shutil.rmtree(folder)


def test_a_household_that_does_not_validate_is_reported_whole(tmp_path: Path) -> None:
    personen = write(tmp_path / "personen.csv", PERSONEN)
    # the child's benefit starts before its birth: the household cannot be built
    uitkeringen = write(
        tmp_path / "uitkeringen.csv", "bsn;ingangsdatum;einddatum\n999990019;2011-01-01;\n"
    )
    result = import_register(
        personen, tmp_path / "c.jsonl", key=KEY, uitkeringen=uitkeringen, fmt="jsonl"
    )
    assert result.placed == {}
    assert sorted((Path(u.source).name, u.line) for u in result.unplaced) == [
        ("personen.csv", 2),
        ("personen.csv", 3),
        ("uitkeringen.csv", 2),
    ]
    assert all(
        "provisions[0].start: lies before the member's birth date" in u.reason
        for u in result.unplaced
    )
    assert (tmp_path / "c.jsonl").read_text() == ""


def test_a_file_without_its_header_row_names_no_value(tmp_path: Path) -> None:
    personen = write(tmp_path / "personen.csv", PERSONEN.split("\n", 1)[1])
    result = import_register(personen, tmp_path / "c.jsonl", key=KEY)
    (t,) = result.refused
    (problem,) = t.problems
    assert "is the header row missing?" in str(problem)
    assert "999990007" not in str(problem)
    assert "1980-01-31" not in str(problem)


def test_a_byte_order_mark_commas_quotes_and_case_are_read(tmp_path: Path) -> None:
    personen = tmp_path / "personen.csv"
    personen.write_bytes(
        "\ufeffBSN,Geboortedatum,Huishouden,Relatie,Gemeentecode,Gemeentenaam\r\n"
        '999990007,19800131,a1,Ouder,GM0363,"Amsterdam, gemeente"\r\n'.encode()
    )
    result = import_register(personen, tmp_path / "c.jsonl", key=KEY, fmt="jsonl")
    assert result.refused == []
    (h,) = iter_caseload(tmp_path / "c.jsonl")
    assert h.gemeente == "Amsterdam, gemeente"
    assert h.members[0].birth_date == date(1980, 1, 31)


def test_an_unclosed_quote_and_a_short_row_name_their_row(tmp_path: Path) -> None:
    personen = write(
        tmp_path / "personen.csv",
        PERSONEN + "999990020;1990-01-01;a2\n" + '999990032;"2000-01-01;a3;kind;0363\n',
    )
    result = import_register(personen, tmp_path / "c.jsonl", key=KEY)
    (t,) = result.refused
    assert [str(p) for p in t.problems] == [
        f"{personen}:4: 3 value(s), the header has 5",
        f"{personen}:5: not valid CSV (an unclosed quote?); the rest of the file is not read",
    ]


def test_a_row_is_joined_by_either_of_its_keys(tmp_path: Path) -> None:
    personen = write(
        tmp_path / "personen.csv",
        "bsn;persoonssleutel;geboortedatum;huishouden;relatie;gemeentecode\n"
        ";k-1;1980-01-31;a1;ouder;0363\n",
    )
    uitkeringen = write(
        tmp_path / "uitkeringen.csv",
        "bsn;persoonssleutel;ingangsdatum;einddatum\n999990007;k-1;2024-01-01;\n",
    )
    result = import_register(personen, tmp_path / "c.jsonl", key=KEY, uitkeringen=uitkeringen)
    assert result.unplaced == []
    assert result.provisions == 1


def test_provisions_come_from_a_caseload_folder_too_and_need_the_same_key(
    tmp_path: Path,
) -> None:
    from gezinsplan.interop.register.importer import write_caseload

    folder = tmp_path / "voorzieningen"
    write_caseload(list(iter_caseload(EXAMPLE / "voorzieningen.jsonl")), folder, "parquet")
    key = (EXAMPLE / "sleutel").read_bytes().strip()
    for used, placed in ((key, 3), (b"another key", 0)):
        result = import_register(
            EXAMPLE / "personen.csv",
            tmp_path / f"c{placed}.jsonl",
            key=used,
            voorzieningen=folder,
            fmt="jsonl",
        )
        assert result.imported == 3
        assert result.provisions == placed
        assert len(result.unplaced) == 3 - placed
        assert all("matched on BSN" in u.reason for u in result.unplaced)


def test_verzuim_columns_are_checked_together(tmp_path: Path) -> None:
    personen = write(tmp_path / "personen.csv", PERSONEN)
    onderwijs = write(
        tmp_path / "onderwijs.csv",
        "bsn;ingeschreven;verzuim;verzuim_sinds;verzuim_tot;thuiszitter\n"
        "999990019;ja;;;;nee\n"
        "999990007;nee;;2026-01-05;;ja\n",
    )
    result = import_register(personen, tmp_path / "c.jsonl", key=KEY, onderwijs=onderwijs)
    (t,) = result.refused
    assert [str(p) for p in t.problems] == [
        f"{onderwijs}:3: verzuim_sinds: given without verzuim",
        f"{onderwijs}:3: thuiszitter: ja without verzuim",
    ]
    onderwijs = write(
        tmp_path / "onderwijs.csv",
        "bsn;ingeschreven;verzuim;verzuim_sinds;verzuim_tot\n"
        "999990019;ja;relatief;;\n"
        "999990007;nee;relatief;2026-01-05;2025-12-01\n",
    )
    result = import_register(personen, tmp_path / "c.jsonl", key=KEY, onderwijs=onderwijs)
    (t,) = result.refused
    assert [str(p) for p in t.problems] == [
        f"{onderwijs}:2: verzuim_sinds: required when verzuim is given",
        f"{onderwijs}:3: verzuim_tot: lies before verzuim_sinds",
    ]

"""``gezinsplan import register``: register extracts (CSV) → households → a caseload.

The files are checked first (:mod:`~gezinsplan.interop.register.layout`); a file with
any problem is refused whole and nothing is written. Then every person becomes a member
of the household its ``huishouden`` key names (a person without one: a household of
one), and the rows of the other files and the provisions of an ``import istandaarden``
caseload join their person on the pseudonymised person key. Every input row ends up in
a household or in :attr:`RegisterResult.unplaced` (with its row number or pseudonymous
key and the reason, never a personal value).

BSNs and the municipality's own person and household keys are replaced by keyed
HMAC-SHA256 pseudonyms (the key of ``store export`` and ``import istandaarden``) before
anything is written. A person identified by BSN gets the member id ``p-X`` where
``h-X`` is the household id ``import istandaarden`` gives the same BSN with the same
key: that is how the provisions find their person.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal

from pydantic import ValidationError

from gezinsplan.errors import InputError, Problem
from gezinsplan.interop._write import write_caseload
from gezinsplan.interop.register.layout import (
    FILES,
    ONDERWIJS,
    PERSONEN,
    PROFESSIONALS,
    UITKERINGEN,
    Row,
    Table,
    read_table,
)
from gezinsplan.io import problems_from_validation_error
from gezinsplan.model.household import Household, Provision
from gezinsplan.outfile import atomic_output
from gezinsplan.store.pseudonymize import pseudonym

__all__ = ["RegisterResult", "Unplaced", "import_register", "person_id", "write_report"]

_LETTERS = str.maketrans("0123456789", "ghijklmnop")
VOORZIENINGEN = "voorzieningen"


def _opaque(key: bytes, kind: str, value: str) -> str:
    """A keyed pseudonym in letters only (no digits: it can never read as a date)."""
    return pseudonym(key, kind, value).translate(_LETTERS)


def person_id(key: bytes, kind: str, value: str) -> str:
    """The member id of a person named by ``kind`` (``bsn`` or ``persoonssleutel``)."""
    return "p-" + _opaque(key, kind, value)


@dataclass(frozen=True)
class Unplaced:
    """An input row or provision that is in no household, and why."""

    source: str
    """The file (or the voorzieningen caseload) it comes from."""
    line: int | None
    """Its row (line number) in a CSV file."""
    key: str
    """The pseudonymous person key, or ``household/provision`` ids of a provision."""
    reason: str

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line is not None else self.source
        return f"{where}: {self.key}: {self.reason}"


@dataclass
class RegisterResult:
    """What an import read, refused, placed and wrote."""

    refused: list[Table] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)
    """Rows read per file (by layout name)."""
    imported: int = 0
    """Provisions read from the ``import istandaarden`` caseload."""
    households: int = 0
    members: int = 0
    provisions: int = 0
    placed: dict[tuple[str, int | str], str] = field(default_factory=dict)
    """``(source, line)`` of a CSV row or ``(source, "household/provision")`` of an imported
    provision → the id of the household it is in."""
    unplaced: list[Unplaced] = field(default_factory=list)
    written: bool = False


@dataclass
class _Person:
    row: Row
    id: str
    bsn: str | None
    household: str
    attached: list[tuple[str, int | str]] = field(default_factory=list)
    benefits: list[Row] = field(default_factory=list)
    school: Row | None = None
    professionals: list[Row] = field(default_factory=list)
    provisions: list[Provision] = field(default_factory=list)


# -- checks across the rows of a file ----------------------------------------------------
_HOUSEHOLD_COLUMNS = ("gemeentecode", "gemeentenaam", "wijkcode", "wijknaam", "kern")


def _check_personen(table: Table, key: bytes) -> dict[tuple[str, str], str]:
    """Duplicates, codes that do not nest, households whose members disagree; returns
    ``(kind, value)`` → member id for every way a row names its person."""
    names: dict[tuple[str, str], tuple[str, int]] = {}
    households: dict[str, Row] = {}
    for row in table.rows:
        pid = person_id(key, *row.person)
        for kind in ("bsn", "persoonssleutel"):
            value = row.get(kind)
            if value is None:
                continue
            if (kind, value) in names:
                table.problems.append(
                    Problem(
                        table.source,
                        kind,
                        f"the same person as row {names[kind, value][1]} (a person appears once)",
                        row.line,
                    )
                )
            else:
                names[kind, value] = (pid, row.line)
        parents = [row.get("ouder1"), row.get("ouder2")]
        for col, parent in zip(("ouder1", "ouder2"), parents, strict=True):
            if parent is not None and parent in (
                ("bsn", row.get("bsn")),
                ("persoonssleutel", row.get("persoonssleutel")),
            ):
                table.problems.append(
                    Problem(table.source, col, "a person cannot be its own parent", row.line)
                )
        if parents[0] is not None and parents[0] == parents[1]:
            table.problems.append(
                Problem(table.source, "ouder2", "the same person as ouder1", row.line)
            )
        indicatie = row.get("gezag_minderjarige") or ""
        for n, parent in zip("12", parents, strict=True):
            if n in indicatie and parent is None:
                table.problems.append(
                    Problem(
                        table.source,
                        "gezag_minderjarige",
                        f"gives gezag to ouder{n}, who is not given",
                        row.line,
                    )
                )
        gm, wk, bu = row.get("gemeentecode"), row.get("wijkcode"), row.get("buurtcode")
        if wk is not None and wk[2:6] != gm:
            table.problems.append(
                Problem(table.source, "wijkcode", "does not lie in the gemeentecode", row.line)
            )
        if bu is not None and wk is not None and bu[2:8] != wk[2:8]:
            table.problems.append(
                Problem(table.source, "buurtcode", "does not lie in the wijkcode", row.line)
            )
        hh = row.get("huishouden")
        if hh is None:
            continue
        first = households.setdefault(hh, row)
        for col in _HOUSEHOLD_COLUMNS:
            if first.get(col) != row.get(col):
                table.problems.append(
                    Problem(
                        table.source,
                        col,
                        f"differs from row {first.line} of the same huishouden",
                        row.line,
                    )
                )
    return {k: v[0] for k, v in names.items()}


def _check_uitkeringen(table: Table) -> None:
    seen: dict[tuple[Any, ...], int] = {}
    for row in table.rows:
        end = row.get("einddatum")
        if end is not None and end < row.get("ingangsdatum"):
            table.problems.append(
                Problem(table.source, "einddatum", "lies before the ingangsdatum", row.line)
            )
        same = (row.person, row.get("ingangsdatum"), row.get("soort", "bijstand"))
        if same in seen:
            table.problems.append(
                Problem(
                    table.source,
                    "ingangsdatum",
                    f"the same benefit (person, soort, ingangsdatum) as row {seen[same]}",
                    row.line,
                )
            )
        seen.setdefault(same, row.line)


def _check_onderwijs(table: Table) -> None:
    seen: dict[tuple[str, str], int] = {}

    def problem(column: str, message: str, line: int) -> None:
        table.problems.append(Problem(table.source, column, message, line))

    for row in table.rows:
        if row.person in seen:
            problem(row.person[0], f"the same person as row {seen[row.person]}", row.line)
        seen.setdefault(row.person, row.line)
        verzuim, since, until = row.get("verzuim"), row.get("verzuim_sinds"), row.get("verzuim_tot")
        if verzuim is None:
            for col in ("verzuim_sinds", "verzuim_tot"):
                if row.get(col) is not None:
                    problem(col, "given without verzuim", row.line)
            if row.get("thuiszitter"):
                problem("thuiszitter", "ja without verzuim", row.line)
            continue
        if since is None:
            problem("verzuim_sinds", "required when verzuim is given", row.line)
        elif until is not None and until < since:
            problem("verzuim_tot", "lies before verzuim_sinds", row.line)
        if verzuim == "absoluut" and row.get("ingeschreven"):
            problem("verzuim", "absoluut verzuim of a pupil who is ingeschreven", row.line)


# -- the imported provisions -------------------------------------------------------------
def _read_caseload(path: Path) -> Iterator[Household]:
    if not path.exists():
        raise InputError(f"{path}: not found")
    if path.is_dir():
        import pyarrow.parquet as pq

        from gezinsplan.caseload.documents import DOCUMENTS
        from gezinsplan.io import parse_household

        files = sorted((path / DOCUMENTS).glob("*.parquet"))
        if not files:
            raise InputError(f"{path}: no documents/ in this caseload folder")
        for f in files:
            table = pq.read_table(f, columns=["hkey", "document"]).sort_by("hkey")
            for doc in table.column("document").to_pylist():
                yield parse_household(json.loads(doc), source=str(f))
    else:
        from gezinsplan.io import iter_caseload

        yield from iter_caseload(path)


# -- building households -----------------------------------------------------------------
def _obligations(benefits: list[Row]) -> list[dict[str, Any]]:
    bijstand = [b for b in benefits if b.get("soort", "bijstand") == "bijstand"]
    if not bijstand:
        return []
    latest = max(bijstand, key=lambda r: r.get("ingangsdatum"))
    out = []
    for kind in ("arbeidsverplichting", "tegenprestatie"):
        value = latest.get(kind)
        if value in ("ja", "ontheffing"):
            out.append({"kind": kind, "exempt": value == "ontheffing"})
    return out


def _member(p: _Person, keep_bsn: bool, gezag: set[str]) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": p.id,
        "role": p.row.get("relatie"),
        "birth_date": p.row.get("geboortedatum"),
    }
    if keep_bsn and p.bsn is not None:
        out["bsn"] = p.bsn
    if p.row.get("gezag") or p.id in gezag:
        out["has_ouderlijk_gezag"] = True
    if p.row.get("gezag_minderjarige") == "D":
        out["voogdij"] = True
    obligations = _obligations(p.benefits)
    if obligations:
        out["obligations"] = obligations
    s = p.school
    if s is not None:
        if s.get("startkwalificatie"):
            out["education"] = "startkwalificatie"
        elif s.get("vrijstelling"):
            out["education"] = "vrijstelling"
        else:
            out["education"] = "ingeschreven" if s.get("ingeschreven") else "geen_school"
        if s.get("verzuim") is not None and s.get("verzuim_tot") is None:
            out["school_absence"] = {
                "kind": s.get("verzuim"),
                "thuiszitter": bool(s.get("thuiszitter", False)),
                "since": s.get("verzuim_sinds"),
            }
    return out


def _parent_links(
    persons: list[_Person], names: dict[tuple[str, str], str]
) -> tuple[list[dict[str, Any]], set[str]]:
    """The parent links of the household and the members who hold gezag in it."""
    here = {p.id for p in persons}
    links: list[dict[str, Any]] = []
    gezag: set[str] = set()
    for p in persons:
        indicatie = p.row.get("gezag_minderjarige") or ""
        for n in "12":
            ref = p.row.get(f"ouder{n}")
            if ref is None:
                continue
            parent = names.get(ref)
            link: dict[str, Any] = {"child": p.id, "gezag": n in indicatie}
            if parent is not None and parent in here:
                link["parent"] = parent
                if n in indicatie:
                    gezag.add(parent)
            else:
                link["lives_elsewhere"] = True
            links.append(link)
    return links, gezag


def _household(
    hid: str,
    persons: list[_Person],
    key: bytes,
    keep_bsn: bool,
    names: dict[tuple[str, str], str],
) -> dict[str, Any]:
    first = persons[0].row
    links, gezag = _parent_links(persons, names)
    data: dict[str, Any] = {
        "id": hid,
        "gemeente": first.get("gemeentenaam") or first.get("gemeentecode"),
        "members": [_member(p, keep_bsn, gezag) for p in persons],
    }
    if links:
        data["parent_links"] = links
    wijk = first.get("wijknaam") or first.get("wijkcode")
    if wijk is not None:
        data["wijk"] = wijk
    if first.get("kern") is not None:
        data["kern"] = first.get("kern")
    provisions: list[dict[str, Any]] = []
    organisations: dict[str, dict[str, Any]] = {}
    professionals: dict[str, dict[str, Any]] = {}
    for p in persons:
        for b in p.benefits:
            soort = b.get("soort", "bijstand")
            start: date = b.get("ingangsdatum")
            prov: dict[str, Any] = {
                "id": "pw-" + _opaque(key, "uitkering", f"{p.id}\0{soort}\0{start}")[:12],
                "member": p.id,
                "wet": "participatiewet",
                "kind": "uitkering",
                "product": soort,
                "start": start,
            }
            if b.get("einddatum") is not None:
                prov["end"] = b.get("einddatum")
            provisions.append(prov)
        for pr in p.professionals:
            org_name = pr.get("organisatie")
            oid = "org-" + _opaque(key, "organisatie", org_name.lower())[:12]
            org = organisations.setdefault(oid, {"id": oid, "name": org_name, "wetten": []})
            who = pr.get("medewerker") or pr.get("rol")
            prid = "pr-" + _opaque(key, "medewerker", f"{oid}\0{who}")[:12]
            prof = professionals.setdefault(
                prid,
                {
                    "id": prid,
                    "organisation": oid,
                    "role": pr.get("rol"),
                    "wetten": [],
                    "serves": [],
                    "is_casemanager": False,
                },
            )
            for lst, value in ((org["wetten"], pr.get("wet")), (prof["wetten"], pr.get("wet"))):
                if value not in lst:
                    lst.append(value)
            if p.id not in prof["serves"]:
                prof["serves"].append(p.id)
            prof["is_casemanager"] = prof["is_casemanager"] or bool(pr.get("casemanager"))
        for v in p.provisions:
            provisions.append(v.model_copy(update={"member": p.id}).model_dump(exclude_none=True))
    if provisions:
        data["provisions"] = sorted(provisions, key=lambda x: str(x["id"]))
    if organisations:
        data["organisations"] = list(organisations.values())
    if professionals:
        data["professionals"] = list(professionals.values())
    return data


# -- writing -----------------------------------------------------------------------------


def write_report(unplaced: list[Unplaced], path: Path) -> None:
    """Every unplaced row as CSV (``bestand;rij;sleutel;reden``), written atomically."""
    import csv

    with atomic_output(path) as fh:
        writer = csv.writer(fh, delimiter=";", lineterminator="\n")
        writer.writerow(["bestand", "rij", "sleutel", "reden"])
        for u in unplaced:
            writer.writerow([u.source, "" if u.line is None else u.line, u.key, u.reason])


# -- the import --------------------------------------------------------------------------
def read_register(
    personen: Path,
    *,
    uitkeringen: Path | None = None,
    onderwijs: Path | None = None,
    professionals: Path | None = None,
    key: bytes,
) -> tuple[dict[str, Table], dict[tuple[str, str], str]]:
    """Read and check every file; the tables and how rows name their persons."""
    paths = {
        PERSONEN.name: personen,
        UITKERINGEN.name: uitkeringen,
        ONDERWIJS.name: onderwijs,
        PROFESSIONALS.name: professionals,
    }
    tables: dict[str, Table] = {}
    for name, path in paths.items():
        if path is not None:
            tables[name] = read_table(path, FILES[name])
    names: dict[tuple[str, str], str] = {}
    if not tables[PERSONEN.name].problems:
        names = _check_personen(tables[PERSONEN.name], key)
    if UITKERINGEN.name in tables and not tables[UITKERINGEN.name].problems:
        _check_uitkeringen(tables[UITKERINGEN.name])
    if ONDERWIJS.name in tables and not tables[ONDERWIJS.name].problems:
        _check_onderwijs(tables[ONDERWIJS.name])
    for t in tables.values():
        if t.problems:
            t.rows = []
    return tables, names


def import_register(
    personen: Path,
    out: Path,
    *,
    key: bytes,
    uitkeringen: Path | None = None,
    onderwijs: Path | None = None,
    professionals: Path | None = None,
    voorzieningen: Path | None = None,
    fmt: Literal["parquet", "jsonl"] = "parquet",
    keep_bsn: bool = False,
    replace: bool = False,
) -> RegisterResult:
    """Check the files, join them into households and write them to ``out``.

    When any file is refused nothing is written (``result.refused`` holds the tables
    with their problems). ``keep_bsn`` keeps the BSN on the members of a JSON Lines
    output (a columnar caseload never holds BSNs).
    """
    result = RegisterResult()
    tables, names = read_register(
        personen,
        uitkeringen=uitkeringen,
        onderwijs=onderwijs,
        professionals=professionals,
        key=key,
    )
    result.refused = [t for t in tables.values() if t.problems]
    if result.refused:
        return result
    result.rows = {name: len(t.rows) for name, t in tables.items()}

    persons: dict[str, _Person] = {}
    by_household: dict[str, list[_Person]] = {}
    ptable = tables[PERSONEN.name]
    for row in ptable.rows:
        pid = person_id(key, *row.person)
        hh = row.get("huishouden")
        hid = "hh-" + (
            _opaque(key, "huishouden", hh)[:16]
            if hh is not None
            else _opaque(key, "alleen", pid)[:16]
        )
        person = _Person(row, pid, row.get("bsn"), hid, [(ptable.source, row.line)])
        persons[pid] = person
        by_household.setdefault(hid, []).append(person)

    def find(t: Table, row: Row) -> _Person | None:
        refs = [(kind, row.get(kind)) for kind in ("bsn", "persoonssleutel")]
        pid = next((names[r] for r in refs if r in names), None)
        if pid is None:
            result.unplaced.append(
                Unplaced(
                    t.source,
                    row.line,
                    person_id(key, *row.person),
                    "no person with this key in the personen file",
                )
            )
            return None
        person = persons[pid]
        person.attached.append((t.source, row.line))
        return person

    for name, attr in (
        (UITKERINGEN.name, "benefits"),
        (ONDERWIJS.name, "school"),
        (PROFESSIONALS.name, "professionals"),
    ):
        t = tables.get(name)
        if t is None:
            continue
        for row in t.rows:
            found = find(t, row)
            if found is None:
                continue
            if attr == "school":
                found.school = row
            else:
                getattr(found, attr).append(row)

    if voorzieningen is not None:
        source = str(voorzieningen)
        for h in _read_caseload(voorzieningen):
            client = "p-" + h.id[2:] if h.id.startswith("h-") else None
            single = len(h.members) == 1
            owner = persons.get(client) if client is not None and single else None
            for v in h.provisions:
                result.imported += 1
                where = f"{h.id}/{v.id}"
                if owner is None:
                    reason = (
                        "no person with this key in the personen file (matched on BSN)"
                        if single and client is not None
                        else "not a household of import istandaarden (one client, id h-…)"
                    )
                    result.unplaced.append(Unplaced(source, None, where, reason))
                    continue
                owner.provisions.append(v)
                owner.attached.append((source, where))

    households: list[Household] = []
    for hid, members in by_household.items():
        data = _household(hid, members, key, keep_bsn, names)
        try:
            household = Household.model_validate(data)
        except ValidationError as e:
            problems = problems_from_validation_error(e, source=f"household {hid}")
            reason = "its household does not validate: " + "; ".join(
                f"{p.path}: {p.message}" for p in problems[:3]
            )
            for p in members:
                for src, ref in p.attached:
                    line = ref if isinstance(ref, int) else None
                    shown = p.id if isinstance(ref, int) else str(ref)
                    result.unplaced.append(Unplaced(src, line, shown, reason))
            continue
        households.append(household)
        for p in members:
            for placed in p.attached:
                result.placed[placed] = hid
    households.sort(key=lambda h: h.id)
    result.households = len(households)
    result.members = sum(len(h.members) for h in households)
    result.provisions = sum(len(h.provisions) for h in households)
    write_caseload(households, out, fmt, replace=replace)
    result.written = True
    return result

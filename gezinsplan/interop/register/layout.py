"""The CSV layout of the register extracts and the checks on every file.

Four files, each with a header row; the delimiter is ``;`` or ``,`` (whichever the
header uses), the encoding UTF-8 (a byte order mark is allowed). Column names are
matched without regard to case and surrounding spaces; a column the layout does not
know is refused (leave names, addresses and other columns out of the extract). Empty
values are allowed in optional columns only.

A file is checked whole: every problem is one :class:`~gezinsplan.errors.Problem`
naming the file, the row (the line number in the file; the header is line 1) and the
column. A problem never repeats a value: a value may be a BSN, a name or a birth date.
A file with any problem is refused whole.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from gezinsplan.errors import Problem
from gezinsplan.model.bsn import is_valid_bsn
from gezinsplan.model.enums import AbsenceKind, CareRole, MemberRole, Wet
from gezinsplan.model.household import EARLIEST_DATE, LATEST_DATE, Id

__all__ = [
    "FILES",
    "Column",
    "Layout",
    "Row",
    "Table",
    "read_table",
]

MAX_BYTES = 2_000_000_000
"""A file larger than this is refused (a register extract is far smaller)."""

_ID = TypeAdapter(Id)
_ISO = re.compile(r"^([0-9]{4})-([0-9]{2})-([0-9]{2})$")
_COMPACT = re.compile(r"^([0-9]{4})([0-9]{2})([0-9]{2})$")
_GEMEENTE = re.compile(r"^(?:GM)?([0-9]{4})$")
_WIJK = re.compile(r"^WK([0-9]{6})$")
_BUURT = re.compile(r"^BU([0-9]{8})$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_YES = {"ja": True, "j": True, "nee": False, "n": False}


class CheckError(ValueError):
    """A value that does not fit its column; the message never holds the value."""


Parser = Callable[[str], Any]


def parse_date(value: str) -> date:
    """``YYYY-MM-DD`` or ``YYYYMMDD`` (as the BRP writes it); no incomplete dates."""
    m = _ISO.match(value) or _COMPACT.match(value)
    if m is None:
        raise CheckError("not a date (YYYY-MM-DD or YYYYMMDD)")
    year, month, day = (int(x) for x in m.groups())
    if month == 0 or day == 0:
        raise CheckError("an incomplete date (month or day 00); give the whole date")
    try:
        result = date(year, month, day)
    except ValueError:
        raise CheckError("not a date (no such day)") from None
    if not EARLIEST_DATE <= result <= LATEST_DATE:
        raise CheckError("a date outside 1900-01-01 to 2199-12-31")
    return result


def parse_bsn(value: str) -> str:
    """Nine digits (eight with the leading zero left out) that pass the elfproef."""
    if not (value.isascii() and value.isdigit() and len(value) in (8, 9)):
        raise CheckError("not a BSN (nine digits)")
    if not is_valid_bsn(value):
        raise CheckError("not a BSN (fails the elfproef)")
    return value.zfill(9)


def parse_key(value: str) -> str:
    """An opaque key: letters, digits and ``_ . : -``, at most 64, no BSN or date inside."""
    try:
        return str(_ID.validate_python(value))
    except ValidationError as e:
        kind = e.errors(include_input=False)[0]["type"]
        if kind == "personal_id":
            raise CheckError(
                "a key must not be (or hold) a BSN or a date; use the bsn column for a BSN"
            ) from None
        raise CheckError(
            "not a key (1 to 64 letters, digits and _ . : -, starting with a letter or digit)"
        ) from None


def parse_person(value: str) -> tuple[str, str]:
    """Another person: a BSN (digits) or a persoonssleutel; ``(kind, value)``."""
    if value.isascii() and value.isdigit():
        return "bsn", parse_bsn(value)
    return "persoonssleutel", parse_key(value)


GEZAG = ("1", "2", "12", "1d", "2d", "d")
"""The BRP's indicatie gezag minderjarige: who holds gezag (ouder1, ouder2, a derde)."""


def parse_gezag(value: str) -> str:
    """The BRP's indicatie gezag minderjarige: 1, 2, 12, 1D, 2D or D."""
    if value.lower() not in GEZAG:
        raise CheckError("not an indicatie gezag minderjarige (1, 2, 12, 1D, 2D or D)")
    return value.upper()


def parse_flag(value: str) -> bool:
    """``ja`` or ``nee`` (also ``j``/``n``)."""
    try:
        return _YES[value.lower()]
    except KeyError:
        raise CheckError("not ja or nee") from None


def parse_gemeente(value: str) -> str:
    """A CBS gemeentecode: ``GM0363`` or ``0363``; the four digits are kept."""
    m = _GEMEENTE.match(value.upper())
    if m is None:
        raise CheckError("not a CBS gemeentecode (GM0363 or 0363)")
    return m.group(1)


def parse_wijk(value: str) -> str:
    """A CBS wijkcode: ``WK`` and six digits (gemeente and wijk)."""
    if _WIJK.match(value.upper()) is None:
        raise CheckError("not a CBS wijkcode (WK and six digits, e.g. WK036301)")
    return value.upper()


def parse_buurt(value: str) -> str:
    """A CBS buurtcode: ``BU`` and eight digits (gemeente, wijk and buurt)."""
    if _BUURT.match(value.upper()) is None:
        raise CheckError("not a CBS buurtcode (BU and eight digits, e.g. BU03630101)")
    return value.upper()


def parse_text(value: str) -> str:
    """Text of at most 100 characters without control characters."""
    if len(value) > 100:
        raise CheckError("longer than 100 characters")
    if _CONTROL.search(value):
        raise CheckError("contains a control character")
    return value


def parse_count(value: str) -> int:
    """A whole number from 1 to 99."""
    if not (value.isascii() and value.isdigit()) or not 1 <= int(value) <= 99:
        raise CheckError("not a whole number from 1 to 99")
    return int(value)


def choice(*values: str, mapping: dict[str, str] | None = None) -> Parser:
    """One of ``values`` (lower case), optionally renamed through ``mapping``."""
    allowed = tuple(values)

    def parse(value: str) -> str:
        v = value.lower()
        if v not in allowed:
            raise CheckError(f"not one of: {', '.join(allowed)}")
        return (mapping or {}).get(v, v)

    parse.__doc__ = "One of " + ", ".join(allowed) + "."
    return parse


@dataclass(frozen=True)
class Column:
    """A column of a file: its parser, whether it must be present and whether a value
    may be left empty."""

    name: str
    parse: Parser
    required: bool = False
    """The column must be in the header."""
    filled: bool = False
    """Every row must have a value (only for required columns)."""
    doc: str = ""


@dataclass(frozen=True)
class Layout:
    """The columns of one file."""

    name: str
    columns: tuple[Column, ...]
    person: bool = True
    """Rows name a person by ``bsn`` or ``persoonssleutel`` (at least one per row)."""

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


_PERSON = (
    Column("bsn", parse_bsn, doc="BSN (elfproef); replaced by a keyed pseudonym"),
    Column(
        "persoonssleutel",
        parse_key,
        doc="the municipality's own opaque person key; replaced by a keyed pseudonym",
    ),
)

RELATIES = tuple(r.value for r in MemberRole)
SOORTEN = ("bijstand", "bijzondere_bijstand")
VERPLICHTING = ("ja", "nee", "ontheffing")

PERSONEN = Layout(
    "personen",
    (
        *_PERSON,
        Column("geboortedatum", parse_date, True, True, "YYYY-MM-DD or YYYYMMDD"),
        Column(
            "huishouden",
            parse_key,
            True,
            False,
            "household or address key; empty: a household of one",
        ),
        Column("relatie", choice(*RELATIES), True, True, "relation in the household"),
        Column("gemeentecode", parse_gemeente, True, True, "CBS code: GM0363 or 0363"),
        Column("gemeentenaam", parse_text, doc="name of the gemeente"),
        Column("wijkcode", parse_wijk, doc="CBS wijkcode WK036301"),
        Column("wijknaam", parse_text, doc="name of the wijk"),
        Column("buurtcode", parse_buurt, doc="CBS buurtcode BU03630101"),
        Column("buurtnaam", parse_text, doc="name of the buurt"),
        Column("kern", parse_text, doc="woonkern (village or town within the gemeente)"),
        Column("gezag", parse_flag, doc="ja: holds ouderlijk gezag over a child in the household"),
        Column("ouder1", parse_person, doc="the first parent: BSN or persoonssleutel"),
        Column("ouder2", parse_person, doc="the second parent: BSN or persoonssleutel"),
        Column(
            "gezag_minderjarige",
            parse_gezag,
            doc="who holds gezag over this minor: 1, 2, 12, 1D, 2D or D (as in the BRP)",
        ),
    ),
)

UITKERINGEN = Layout(
    "uitkeringen",
    (
        *_PERSON,
        Column("ingangsdatum", parse_date, True, True, "first day of the benefit"),
        Column("einddatum", parse_date, True, False, "last day; empty while it runs"),
        Column("soort", choice(*SOORTEN), doc="bijstand (default) or bijzondere_bijstand"),
        Column("kostendelers", parse_count, doc="number of kostendelers (1 to 99)"),
        Column("arbeidsverplichting", choice(*VERPLICHTING), doc="ja, nee or ontheffing"),
        Column("tegenprestatie", choice(*VERPLICHTING), doc="ja, nee or ontheffing"),
    ),
)

ONDERWIJS = Layout(
    "onderwijs",
    (
        *_PERSON,
        Column("ingeschreven", parse_flag, True, True, "ja: enrolled at a school"),
        Column("startkwalificatie", parse_flag, doc="ja: has a startkwalificatie"),
        Column("vrijstelling", parse_flag, doc="ja: exempt from leerplicht"),
        Column("verzuim", choice(*(a.value for a in AbsenceKind)), doc="relatief or absoluut"),
        Column("verzuim_sinds", parse_date, doc="first day of the verzuim"),
        Column("verzuim_tot", parse_date, doc="last day of an ended verzuim"),
        Column("thuiszitter", parse_flag, doc="ja: four weeks or more at home"),
    ),
)

PROFESSIONALS = Layout(
    "professionals",
    (
        *_PERSON,
        Column("organisatie", parse_text, True, True, "name of the organisation"),
        Column("rol", choice(*(r.value for r in CareRole)), True, True, "role"),
        Column("wet", choice(*(w.value for w in Wet)), True, True, "the law it works under"),
        Column("medewerker", parse_key, doc="the organisation's opaque key of the professional"),
        Column("casemanager", parse_flag, doc="ja: casemanager or regisseur"),
    ),
)

FILES = {layout.name: layout for layout in (PERSONEN, UITKERINGEN, ONDERWIJS, PROFESSIONALS)}


@dataclass(frozen=True)
class Row:
    """One checked row: its line in the file and its values (absent when empty)."""

    line: int
    values: dict[str, Any]

    def get(self, name: str, default: Any = None) -> Any:
        return self.values.get(name, default)

    @property
    def person(self) -> tuple[str, str]:
        """How the row names its person: ``("bsn", …)`` or ``("persoonssleutel", …)``."""
        if "bsn" in self.values:
            return "bsn", self.values["bsn"]
        return "persoonssleutel", self.values["persoonssleutel"]


@dataclass
class Table:
    """The rows of one file, or the problems that refuse it."""

    source: str
    layout: Layout
    rows: list[Row] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


class _CsvSyntaxError(Exception):
    """CSV that cannot be parsed, from the record starting at ``line``."""

    def __init__(self, line: int) -> None:
        super().__init__(line)
        self.line = line


def _records(text: str) -> Iterator[tuple[int, list[str]]]:
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    start = 1
    while True:
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error:
            raise _CsvSyntaxError(start) from None
        yield start, record
        start = reader.line_num + 1


def read_table(path: Path, layout: Layout) -> Table:
    """Read and check ``path`` against ``layout``: every problem, or every row."""
    source = str(path)
    table = Table(source, layout)

    def problem(line: int | None, column: str, message: str) -> None:
        table.problems.append(Problem(source, column, message, line))

    try:
        size = path.stat().st_size
        if not path.is_file():
            problem(None, "", "not a file")
            return table
        if size > MAX_BYTES:
            problem(None, "", f"larger than {MAX_BYTES} bytes")
            return table
        raw = path.read_bytes()
    except OSError as e:
        problem(None, "", f"cannot be read: {e.strerror}")
        return table
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        problem(line, "", "not UTF-8 text (save the extract as UTF-8)")
        return table
    records = _records(text)
    try:
        header_line, header = next(records, (1, []))
    except _CsvSyntaxError:
        problem(1, "", "the header row is not valid CSV")
        return table
    names = [h.strip().lower() for h in header]
    if not any(names):
        problem(1, "", "empty file: a header row is needed")
        return table
    known = {c.name for c in layout.columns}
    if not known & set(names):
        # a file without its header row would show its first person here: name nothing
        problem(
            header_line,
            "",
            f"the first row names no column of the {layout.name} file: "
            f"is the header row missing? ({', '.join(sorted(known))})",
        )
        return table
    seen: set[str] = set()
    for position, name in enumerate(names, 1):
        if name not in known:
            # by position, not by name: a misplaced value may stand in the header
            problem(
                header_line,
                f"column {position}",
                f"not a column of the {layout.name} file ({', '.join(sorted(known))}); "
                "leave other columns out of the extract",
            )
        elif name in seen:
            problem(header_line, name, "column appears twice")
        seen.add(name)
    for c in layout.columns:
        if c.required and c.name not in seen:
            problem(header_line, c.name, "required column is missing")
    if layout.person and not seen & {"bsn", "persoonssleutel"}:
        problem(header_line, "bsn", "a bsn or persoonssleutel column is required")
    if table.problems:
        return table
    columns = [layout.column(n) for n in names]
    try:
        for line, record in records:
            if not any(v.strip() for v in record):
                continue
            if len(record) != len(columns):
                problem(line, "", f"{len(record)} value(s), the header has {len(columns)}")
                continue
            values: dict[str, Any] = {}
            for col, raw_value in zip(columns, record, strict=True):
                value = raw_value.strip()
                if not value:
                    if col.filled:
                        problem(line, col.name, "value is missing")
                    continue
                try:
                    values[col.name] = col.parse(value)
                except CheckError as e:
                    problem(line, col.name, str(e))
            if (
                layout.person
                and not values.keys() & {"bsn", "persoonssleutel"}
                and not any(p.line == line for p in table.problems)
            ):
                problem(line, "bsn", "the row names no person (bsn or persoonssleutel)")
            table.rows.append(Row(line, values))
    except _CsvSyntaxError as e:
        problem(e.line, "", "not valid CSV (an unclosed quote?); the rest of the file is not read")
    if table.problems:
        table.rows = []
    return table

"""Inhabitants per gemeente, wijk and kern: the denominators of the figures per 1,000.

The table has the layout of CBS *Kerncijfers wijken en buurten* (StatLine 85984NED and
the yearly kwb file): one row per region with its code (``GM…`` gemeente, ``WK…`` wijk,
``BU…`` buurt), name, inhabitants and the five age bands 0-15, 15-25, 25-45, 45-65 and 65+
(CBS writes "0 tot 15 jaar" for ages 0 to 14, and so on). Three spellings of the columns
are read:

============== ============== ================================================= ==========
ours           kwb file        StatLine CSV export (85984NED)                    meaning
============== ============== ================================================= ==========
regiocode      gwb_code_10     Regioaanduiding/Codering (code)                   GM/WK/BU code
regionaam      regio           Wijken en buurten                                 name
soort          recs            Regioaanduiding/Soort regio (omschrijving)        Gemeente/Wijk/Buurt
inwoners       a_inw           Bevolking/Aantal inwoners (aantal)                inhabitants
inwoners_0_15  a_00_14         Bevolking/Leeftijdsgroepen/0 tot 15 jaar (aantal) ages 0-14
inwoners_15_25 a_15_24         …/15 tot 25 jaar (aantal)                         ages 15-24
inwoners_25_45 a_25_44         …/25 tot 45 jaar (aantal)                         ages 25-44
inwoners_45_65 a_45_64         …/45 tot 65 jaar (aantal)                         ages 45-64
inwoners_65_plus a_65_oo       …/65 jaar of ouder (aantal)                       65 and over
gebied         (none)          (none)                                            the caseload's name
============== ============== ================================================= ==========

``regiocode``, ``regionaam`` and ``inwoners`` are required; ``soort`` follows from the
code when absent; the age bands are needed only for the figures per 1,000 minors. A value
``.`` (CBS: unknown or secret) or empty is unknown. Lines starting with ``#`` before the
header are comments; the separator is ``,`` or ``;``.

How rows meet the caseload's names: a gemeente row by its name; a wijk row by its name
without CBS's prefix ("Wijk 03 Overvecht" is ``Overvecht``); or, when the column
``gebied`` is present and filled, by that name, and then buurt rows (and ``Kern`` rows,
for the monitor's kernen) count too, and rows with the same ``gebied`` in one gemeente are
added up. Buurt rows without a ``gebied`` are not used (the monitor has no buurt level).
CBS has no kernen: a ``Kern`` row takes its gemeente's code or the code of a buurt it is
made of.

Minors (0-17) are estimated: CBS gives no 0-17 band, so the 0-15 band (ages 0-14) plus
three tenths of the 15-25 band (ages 15-24; 15, 16 and 17 are three of its ten years,
taken as evenly spread).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from gezinsplan.errors import InputError

__all__ = [
    "AGE_BANDS",
    "MINORS_SHARE_OF_15_25",
    "SYNTHETIC",
    "Area",
    "Population",
    "load_population",
    "read_population",
    "synthetic_population_path",
]

AGE_BANDS = (
    "inwoners_0_15",
    "inwoners_15_25",
    "inwoners_25_45",
    "inwoners_45_65",
    "inwoners_65_plus",
)
MINORS_SHARE_OF_15_25 = 0.3
"""Ages 15, 16 and 17 as a share of the band 15-25 (ages 15-24), taken as evenly spread."""

SYNTHETIC = "synthetic"
"""The name (``--population synthetic``) of the shipped table for the generator's areas."""

_ALIASES: dict[str, tuple[str, ...]] = {
    "regiocode": ("gwb_code_10", "gwb_code", "Regioaanduiding/Codering (code)", "Codering_3"),
    "regionaam": ("regio", "Wijken en buurten", "WijkenEnBuurten"),
    "soort": ("recs", "Regioaanduiding/Soort regio (omschrijving)", "SoortRegio_2"),
    "gemeentenaam": ("gm_naam", "Regioaanduiding/Gemeentenaam (naam)", "Gemeentenaam_1"),
    "inwoners": ("a_inw", "Bevolking/Aantal inwoners (aantal)", "AantalInwoners_5"),
    "inwoners_0_15": ("a_00_14", "Bevolking/Leeftijdsgroepen/0 tot 15 jaar (aantal)"),
    "inwoners_15_25": ("a_15_24", "Bevolking/Leeftijdsgroepen/15 tot 25 jaar (aantal)"),
    "inwoners_25_45": ("a_25_44", "Bevolking/Leeftijdsgroepen/25 tot 45 jaar (aantal)"),
    "inwoners_45_65": ("a_45_64", "Bevolking/Leeftijdsgroepen/45 tot 65 jaar (aantal)"),
    "inwoners_65_plus": ("a_65_oo", "Bevolking/Leeftijdsgroepen/65 jaar of ouder (aantal)"),
    "gebied": (),
}
_REQUIRED = ("regiocode", "regionaam", "inwoners")
_CODE = re.compile(r"^(GM|WK|BU)(\d{4})(\d{2})?(\d{2})?$")
_SOORT = {"GM": "Gemeente", "WK": "Wijk", "BU": "Buurt"}
_LEVEL = {"Gemeente": "gemeente", "Wijk": "wijk", "Buurt": "wijk", "Kern": "kern"}
_WIJK_PREFIX = re.compile(r"^Wijk\s+\d+\s*:?\s*", re.IGNORECASE)


def _clean_name(text: str) -> str:
    return " ".join(text.split())


def wijk_name(regionaam: str) -> str:
    """CBS's wijk name without its prefix: ``Wijk 03 Overvecht`` → ``Overvecht``."""
    return _WIJK_PREFIX.sub("", _clean_name(regionaam))


@dataclass(frozen=True)
class Area:
    """One area of the monitor with its inhabitants (added up over its CBS rows)."""

    level: str
    """``gemeente``, ``wijk`` or ``kern``."""
    gemeente: str
    name: str
    """The area's name as the caseload records it (the gemeente's own name for a
    gemeente)."""
    codes: tuple[str, ...]
    inwoners: int | None
    bands: tuple[int | None, ...] = (None, None, None, None, None)

    @property
    def minors(self) -> float | None:
        """Inhabitants aged 0-17: the 0-15 band plus 3/10 of the 15-25 band (estimated)."""
        young, teen = self.bands[0], self.bands[1]
        if young is None or teen is None:
            return None
        return young + MINORS_SHARE_OF_15_25 * teen


@dataclass
class Population:
    """The areas of a population table, found by level, gemeente and name."""

    source: str
    areas: dict[tuple[str, str, str], Area] = field(default_factory=dict)
    note: str = ""
    """The table's own label (its ``#`` header), for the report."""

    def find(self, level: str, gemeente: str | None, name: str | None) -> Area | None:
        """The area of ``level`` (``gemeente``, ``wijk``, ``kern``) or ``None``."""
        if gemeente is None:
            return None
        key_name = gemeente if level == "gemeente" else name
        if key_name is None:
            return None
        return self.areas.get((level, gemeente, key_name))

    def frame(self) -> Any:
        """The areas as a pandas DataFrame (one row per area)."""
        import pandas as pd

        rows = [
            {
                "level": a.level,
                "gemeente": a.gemeente,
                "gebied": a.name,
                "regiocode": "+".join(a.codes),
                "inwoners": a.inwoners,
                **dict(zip(AGE_BANDS, a.bands, strict=True)),
                "minderjarigen": a.minors,
            }
            for a in self.areas.values()
        ]
        out = pd.DataFrame(rows)
        for col in ("inwoners", *AGE_BANDS):
            if col in out:
                out[col] = out[col].astype("Int64")
        return out


def synthetic_population_path() -> Path:
    """The shipped population table of the generator's gemeenten and wijken (derived
    from CBS Kerncijfers wijken en buurten 2024, see its header)."""
    return Path(str(resources.files("gezinsplan.monitor"))) / "data" / "bevolking-generator.csv"


def load_population(population: Population | str | Path | None) -> Population | None:
    """A population from a :class:`Population`, a file, or ``"synthetic"``."""
    if population is None or isinstance(population, Population):
        return population
    if str(population) == SYNTHETIC:
        return read_population(synthetic_population_path())
    return read_population(Path(population))


def _int(text: str, where: str, column: str) -> int | None:
    value = text.strip()
    if value in ("", "."):
        return None
    try:
        number = int(value)
    except ValueError:
        try:
            real = float(value.replace(",", "."))
        except ValueError:
            raise InputError(f"{where}: {column}: not a number: {value[:20]!r}") from None
        if real != int(real):
            raise InputError(f"{where}: {column}: not a whole number: {value[:20]!r}") from None
        number = int(real)
    if number < 0:
        raise InputError(f"{where}: {column}: negative ({number})")
    return number


def _header(lines: list[str], path: Path) -> tuple[int, str, list[str]]:
    """The line number of the header, the separator and the comment lines before it."""
    notes: list[str] = []
    for i, line in enumerate(lines):
        if line.startswith("#"):
            notes.append(line[1:].strip())
            continue
        if not line.strip():
            continue
        sep = ";" if line.count(";") > line.count(",") else ","
        return i, sep, notes
    raise InputError(f"{path}: no header row")


def _columns(header: list[str], path: Path, line: int) -> dict[str, int]:
    found: dict[str, int] = {}
    names = [h.strip().strip('"') for h in header]
    for ours, aliases in _ALIASES.items():
        for i, name in enumerate(names):
            if name == ours or name in aliases:
                found.setdefault(ours, i)
    missing = [c for c in _REQUIRED if c not in found]
    if missing:
        raise InputError(
            f"{path}:{line}: missing column {missing[0]!r} (the header has: "
            f"{', '.join(n for n in names if n)[:200]})"
        )
    return found


@dataclass
class _Row:
    line: int
    code: str
    soort: str
    gemeentecode: str
    wijkcode: str | None
    naam: str
    gemeentenaam: str | None
    gebied: str | None
    inwoners: int | None
    bands: tuple[int | None, ...]


def read_population(path: str | Path) -> Population:
    """Read a population table (see the module docstring); a bad file is refused with
    ``file:row: column: problem``."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(f"{path}: no such population file") from None
    except UnicodeDecodeError as e:
        raise InputError(f"{path}: not UTF-8 text ({e.reason})") from None
    lines = text.splitlines()
    start, sep, notes = _header(lines, path)
    reader = csv.reader(lines[start:], delimiter=sep)
    header = next(reader)
    cols = _columns(header, path, start + 1)
    rows: list[_Row] = []
    seen: dict[str, int] = {}
    for offset, record in enumerate(reader, start=start + 2):
        if not any(v.strip() for v in record):
            continue
        where = f"{path}:{offset}"
        if len(record) < len(header):
            raise InputError(f"{where}: {len(record)} columns where the header has {len(header)}")

        def get(col: str, record: list[str] = record) -> str:
            return record[cols[col]].strip() if col in cols else ""

        code = get("regiocode").upper()
        if code.startswith(("NL", "LD", "PV")):  # the country or a province: not an area
            continue
        match = _CODE.match(code)
        if match is None:
            raise InputError(f"{where}: regiocode: not a CBS code (GM0344, WK034403, …): {code!r}")
        kind, gm = match.group(1), match.group(2)
        if (kind == "WK" and match.group(3) is None) or (kind == "BU" and match.group(4) is None):
            raise InputError(f"{where}: regiocode: {code!r} is too short for a {_SOORT[kind]}")
        if kind == "GM" and match.group(3) is not None:
            raise InputError(f"{where}: regiocode: {code!r} is too long for a gemeente")
        soort = get("soort").capitalize() or _SOORT[kind]
        if soort not in _LEVEL:
            raise InputError(f"{where}: soort: {soort!r} is not Gemeente, Wijk, Buurt or Kern")
        if soort != "Kern" and soort != _SOORT[kind]:
            raise InputError(f"{where}: soort: {soort} does not match the code {code}")
        if code in seen and soort != "Kern":
            raise InputError(f"{where}: regiocode: {code} appears twice (also row {seen[code]})")
        if soort != "Kern":
            seen.setdefault(code, offset)
        naam = _clean_name(get("regionaam"))
        if not naam:
            raise InputError(f"{where}: regionaam: empty")
        inwoners = _int(get("inwoners"), where, "inwoners")
        bands = tuple(_int(get(b), where, b) for b in AGE_BANDS)
        rows.append(
            _Row(
                offset,
                code,
                soort,
                f"GM{gm}",
                f"WK{gm}{match.group(3)}" if kind in ("WK", "BU") else None,
                naam,
                _clean_name(get("gemeentenaam")) or None,
                _clean_name(get("gebied")) or None,
                inwoners,
                bands,
            )
        )
    if not rows:
        raise InputError(f"{path}: no gemeente, wijk or buurt rows")
    return _areas(rows, path, "gebied" in cols, " ".join(notes))


def _areas(rows: list[_Row], path: Path, named: bool, note: str) -> Population:
    gemeenten = {r.gemeentecode: r for r in rows if r.soort == "Gemeente"}
    population = Population(str(path), note=note)
    parts: dict[tuple[str, str, str], list[_Row]] = {}
    by_wijk_gebied: dict[str, str | None] = {}
    for r in rows:
        gm = gemeenten.get(r.gemeentecode)
        gemeente = gm.naam if gm is not None else r.gemeentenaam
        if gemeente is None:
            raise InputError(
                f"{path}:{r.line}: regiocode: {r.code} has no gemeente row {r.gemeentecode} "
                "(and no gemeentenaam)"
            )
        if r.soort == "Gemeente":
            name = r.naam
        elif r.soort == "Wijk":
            name = r.gebied if named and r.gebied else wijk_name(r.naam)
            by_wijk_gebied[r.code] = name if (named and r.gebied) else None
        elif named and r.gebied:
            name = r.gebied
        else:  # Buurt, Kern: only with a gebied
            continue
        key = (_LEVEL[r.soort], gemeente, name)
        parts.setdefault(key, []).append(r)
    for r in rows:  # a buurt counted in its wijk's gebied as well would count twice
        if (
            r.soort == "Buurt"
            and r.gebied
            and r.wijkcode is not None
            and by_wijk_gebied.get(r.wijkcode) == r.gebied
        ):
            raise InputError(
                f"{path}:{r.line}: gebied: {r.gebied!r} counts both this buurt and its "
                f"wijk {r.wijkcode}"
            )
    for key, group in parts.items():
        level = key[0]
        if level == "gemeente" and len(group) > 1:
            raise InputError(f"{path}:{group[1].line}: regionaam: two gemeenten named {key[1]!r}")
        population.areas[key] = Area(
            level=level,
            gemeente=key[1],
            name=key[2],
            codes=tuple(r.code for r in group),
            inwoners=_sum([r.inwoners for r in group]),
            bands=tuple(_sum([r.bands[i] for r in group]) for i in range(len(AGE_BANDS))),
        )
    return population


def _sum(values: list[int | None]) -> int | None:
    return None if any(v is None for v in values) else sum(v for v in values if v is not None)

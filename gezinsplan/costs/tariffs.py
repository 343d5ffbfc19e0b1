"""Unit tariffs as dated data: what a unit of a provision costs, from which day, and why.

A tariff folder holds one YAML file per tariff (the layout of the rules' dated parameters,
:mod:`gezinsplan.rules.parameters`); its id is the file's path below the folder with dots,
e.g. ``tarieven/wmo/01_uur.yaml`` has id ``wmo.01_uur``. A file holds::

    description: Hulp bij het huishouden, per uur (voorbeeld)
    wet: wmo                 # wmo or jeugdwet
    category: "01"           # iWmo/iJw product category (LDT_ProductCategorie)
    product_code: 45A48      # optional: only provisions with this product code
    unit: uur                # minuut, uur, etmaal, dagdeel, stuks_output,
                             # stuks_inspanning (the iStandaard Eenheid codes 01, 04, 14,
                             # 16, 82, 84 are accepted too), week or maand
    source: Westerveld, Tarieven Wmo 2023
    example: true            # optional: an example figure, not a contract price
    values:                  # euro per unit, from the start date on
      2023-01-01: 32.40
      2024-01-01: {value: 33.10, source: contract 2024, art. 4}

The price in force on a day is the one with the latest start date on or before it. A
tariff in ``week`` or ``maand`` prices the time a provision runs (for provisions granted
without a volume); every other unit prices the provision's volume. Two tariffs of one law,
category, product code and unit are an error. Loading uses YAML safe loading only; every
problem is reported with the file, the line and the field path (:class:`TariffError`).

>>> from decimal import Decimal
>>> t = Tariff(id="x", wet="wmo", category="01", product_code=None, unit="04",
...     description="d", source="s",
...     values={date(2023, 1, 1): Decimal("32.40"), date(2024, 1, 1): Decimal("33.10")})
>>> t.price_at(date(2023, 12, 31)), t.price_at(date(2024, 1, 1))
(Decimal('32.40'), Decimal('33.10'))
>>> t.price_at(date(2022, 12, 31)) is None
True
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from gezinsplan.errors import InputError, Problem
from gezinsplan.model.codelists import CODE_LISTS, LAWS
from gezinsplan.model.enums import Eenheid
from gezinsplan.rules.yamlfile import load_strict_yaml

__all__ = [
    "TIME_UNITS",
    "UNIT_NAMES",
    "Tariff",
    "TariffError",
    "TariffSet",
    "default_tariffs_dir",
    "load_tariffs",
]

UNIT_NAMES: dict[str, str] = {
    "minuut": Eenheid.MINUUT.value,
    "uur": Eenheid.UUR.value,
    "etmaal": Eenheid.ETMAAL.value,
    "dagdeel": Eenheid.DAGDEEL.value,
    "stuks_output": Eenheid.STUKS_OUTPUT.value,
    "stuks_inspanning": Eenheid.STUKS_INSPANNING.value,
}
"""Unit names of a tariff file and their iStandaard Eenheid code (83, euro's, needs no
tariff: such a volume is an amount in eurocent)."""

TIME_UNITS = ("week", "maand")
"""Units that price the time a provision runs, not a volume."""

_ALLOWED_KEYS = {
    "description",
    "wet",
    "category",
    "product_code",
    "unit",
    "source",
    "example",
    "values",
}
MAX_TARIFF_FILE_BYTES = 200_000
"""A tariff file larger than this is refused before it is parsed."""
MAX_DECIMALS = 4
"""A price has at most this many decimals (euro)."""


class TariffError(InputError):
    """A tariff file is invalid; ``problems`` lists every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def default_tariffs_dir() -> Path:
    """The shipped example tariff set (``gezinsplan/costs/tarieven/``): figures from
    published Wmo and Jeugdwet tariffs of several regions and years, not the contract
    prices of any one municipality."""
    return Path(__file__).resolve().parent / "tarieven"


@dataclass(frozen=True)
class Tariff:
    """One dated unit price for a law, product category (and product code) and unit."""

    id: str
    wet: str
    category: str
    product_code: str | None
    unit: str
    """An Eenheid code (``04`` uur …) or ``week``/``maand`` (see :data:`TIME_UNITS`)."""
    description: str
    source: str
    values: Mapping[date, Decimal]
    value_sources: Mapping[date, str] = field(default_factory=dict)
    example: bool = False

    def start_date_at(self, day: date) -> date | None:
        """The start date of the price in force on ``day`` (None before the first)."""
        candidates = [d for d in self.values if d <= day]
        return max(candidates) if candidates else None

    def price_at(self, day: date) -> Decimal | None:
        """The price (euro per unit) in force on ``day``; None before the first value."""
        start = self.start_date_at(day)
        return None if start is None else self.values[start]

    def source_at(self, day: date) -> str:
        """The source of the price in force on ``day`` (falls back to the tariff's)."""
        start = self.start_date_at(day)
        return self.value_sources.get(start, self.source) if start else self.source


class TariffSet(Mapping[str, Tariff]):
    """The tariffs of a folder, by id, with a lookup by law, category, code and unit."""

    def __init__(
        self,
        tariffs: Mapping[str, Tariff],
        *,
        source: str = "",
        content_hash: str = "",
    ) -> None:
        self._tariffs = dict(sorted(tariffs.items()))
        self.source = source
        self.content_hash = content_hash
        self._by_key: dict[tuple[str, str, str | None, str], Tariff] = {
            (t.wet, t.category, t.product_code, t.unit): t for t in self._tariffs.values()
        }
        self._by_code: dict[tuple[str, str, str], Tariff] = {
            (t.wet, t.product_code, t.unit): t
            for t in self._tariffs.values()
            if t.product_code is not None
        }
        self.memo: dict[tuple[object, ...], Any] = {}
        """Costs worked out with these tariffs (see :func:`gezinsplan.costs.price`)."""

    def __getstate__(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if k != "memo"}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self.memo = {}

    def __getitem__(self, key: str) -> Tariff:
        return self._tariffs[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._tariffs)

    def __len__(self) -> int:
        return len(self._tariffs)

    def __repr__(self) -> str:
        return f"TariffSet({len(self)} tariffs)"

    @property
    def example(self) -> bool:
        """True when any tariff is marked as an example (not a contract price)."""
        return any(t.example for t in self._tariffs.values())

    def find(
        self, wet: str, category: str | None, product_code: str | None, unit: str
    ) -> Tariff | None:
        """The tariff of a product code, else of its category, for ``unit``; None when
        there is none. ``category`` None finds only a product code's tariff."""
        if product_code is not None:
            found = (
                self._by_code.get((wet, product_code, unit))
                if category is None
                else self._by_key.get((wet, category, product_code, unit))
            )
            if found is not None:
                return found
        if category is None:
            return None
        return self._by_key.get((wet, category, None, unit))


def _problem(path: Path, field_path: str, message: str, line: int | None = None) -> Problem:
    return Problem(str(path), field_path, message, line)


def _lines(node: yaml.Node | None) -> tuple[dict[str, int], dict[str, int]]:
    """1-based lines of the top-level keys and of the keys under ``values:``."""
    top: dict[str, int] = {}
    values: dict[str, int] = {}
    if not isinstance(node, yaml.MappingNode):
        return top, values
    for key_node, value_node in node.value:
        name = str(getattr(key_node, "value", ""))
        top[name] = key_node.start_mark.line + 1
        if name == "values" and isinstance(value_node, yaml.MappingNode):
            for k, _ in value_node.value:
                values[str(k.value)] = k.start_mark.line + 1
    return top, values


def _price(raw: Any) -> Decimal | None:
    """A price in euro: a number or a text such as ``"32.40"``; not negative, finite, at
    most :data:`MAX_DECIMALS` decimals."""
    if isinstance(raw, bool) or not isinstance(raw, int | float | str):
        return None
    try:
        value = Decimal(str(raw).strip())
    except InvalidOperation:
        return None
    if not value.is_finite() or value < 0:
        return None
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and -exponent > MAX_DECIMALS:
        return None
    return value


def _unit(raw: Any) -> str | None:
    if not isinstance(raw, str):
        return None
    if raw in UNIT_NAMES:
        return UNIT_NAMES[raw]
    if raw in UNIT_NAMES.values() or raw in TIME_UNITS:
        return raw
    return None


def _read(path: Path) -> tuple[Any, yaml.Node | None]:
    try:
        if path.stat().st_size > MAX_TARIFF_FILE_BYTES:
            raise TariffError(
                [_problem(path, "", f"file too large: at most {MAX_TARIFF_FILE_BYTES} bytes")]
            )
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise TariffError([_problem(path, "", "not valid UTF-8")]) from None
    except OSError as e:
        raise TariffError([_problem(path, "", f"cannot read: {e.strerror}")]) from None
    try:
        return load_strict_yaml(text)
    except RecursionError:
        raise TariffError([_problem(path, "", "nested too deeply")]) from None
    except ValueError as e:  # an impossible date such as 2026-13-01
        raise TariffError([_problem(path, "", f"invalid value: {e}")]) from None
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        reason = getattr(e, "problem", None) or "invalid YAML"
        raise TariffError([_problem(path, "", f"YAML syntax error: {reason}", line)]) from None


def parse_tariff_file(path: Path, tariff_id: str) -> Tariff:
    """Parse one tariff file; raises :class:`TariffError` listing every problem."""
    data, node = _read(path)
    if not isinstance(data, dict):
        raise TariffError(
            [_problem(path, "", "expected a mapping with description, wet, category, unit, ...")]
        )
    top, value_lines = _lines(node)
    problems: list[Problem] = []

    def bad(key: str, message: str, line: int | None = None) -> None:
        problems.append(_problem(path, key, message, line if line else top.get(key.split(".")[0])))

    for key in sorted(set(map(str, data)) - _ALLOWED_KEYS):
        bad(key, f"unknown key (allowed: {', '.join(sorted(_ALLOWED_KEYS))})")
    for key in ("description", "source"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            bad(key, "required text")
    wet = data.get("wet")
    if wet not in {w.value for w in LAWS}:
        bad("wet", "required: wmo or jeugdwet")
    category = data.get("category")
    if not isinstance(category, str):
        bad("category", 'required text: a product category code such as "01" (in quotes)')
    elif wet in {w.value for w in LAWS} and category not in CODE_LISTS[wet]["product_category"]:
        bad("category", f"{category!r} is not a product category of the {wet} code list")
    code = data.get("product_code")
    if code is not None and (
        not isinstance(code, str) or not 1 <= len(code) <= 5 or not code.strip()
    ):
        bad("product_code", "one to five characters (LDT_ProductCode), in quotes")
    unit = _unit(data.get("unit"))
    if unit is None:
        allowed = ", ".join([*UNIT_NAMES, *TIME_UNITS])
        bad("unit", f"required: one of {allowed} (or an Eenheid code 01, 04, 14, 16, 82, 84)")
    example = data.get("example", False)
    if not isinstance(example, bool):
        bad("example", "true or false")
    raw_values = data.get("values")
    values: dict[date, Decimal] = {}
    value_sources: dict[date, str] = {}
    if not isinstance(raw_values, dict) or not raw_values:
        bad("values", "required mapping of start date to price (euro per unit)")
    else:
        for key, raw in raw_values.items():
            line = value_lines.get(str(key))
            fp = f"values.{key}"
            if isinstance(key, date) and not hasattr(key, "hour"):
                start = key
            else:
                try:
                    start = date.fromisoformat(str(key))
                except ValueError:
                    bad(fp, "key must be a start date YYYY-MM-DD", line)
                    continue
            src = None
            if isinstance(raw, dict):
                extra = set(map(str, raw)) - {"value", "source"}
                if extra or "value" not in raw:
                    bad(fp, "a dated price mapping takes 'value' and optional 'source'", line)
                    continue
                src = raw.get("source")
                raw = raw["value"]
                if src is not None and (not isinstance(src, str) or not src.strip()):
                    bad(f"{fp}.source", "must be text", line)
                    continue
            price = _price(raw)
            if price is None:
                bad(
                    fp,
                    f"price must be a number of euro, not negative, at most {MAX_DECIMALS} "
                    "decimals",
                    line,
                )
                continue
            values[start] = price
            if src:
                value_sources[start] = src.strip()
    if problems:
        raise TariffError(problems)
    return Tariff(
        id=tariff_id,
        wet=str(wet),
        category=str(category),
        product_code=str(code) if code is not None else None,
        unit=str(unit),
        description=str(data["description"]).strip(),
        source=str(data["source"]).strip(),
        values=dict(sorted(values.items())),
        value_sources=value_sources,
        example=example is True,
    )


def load_tariffs(directory: str | Path | None = None) -> TariffSet:
    """Load every ``*.yaml`` below ``directory`` (default: :func:`default_tariffs_dir`);
    ids are dotted relative paths. Raises :class:`TariffError` with every problem."""
    root = Path(directory) if directory is not None else default_tariffs_dir()
    if not root.is_dir():
        raise TariffError([Problem(str(root), "", "tariff folder not found")])
    tariffs: dict[str, Tariff] = {}
    problems: list[Problem] = []
    seen: dict[tuple[str, str, str | None, str], str] = {}
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*.yaml")):
        tariff_id = ".".join(path.relative_to(root).with_suffix("").parts)
        if not path.is_file():
            problems.append(Problem(str(path), "", "not a regular file (a folder named *.yaml?)"))
            continue
        try:
            tariff = parse_tariff_file(path, tariff_id)
        except TariffError as e:
            problems.extend(e.problems)
            continue
        key = (tariff.wet, tariff.category, tariff.product_code, tariff.unit)
        if key in seen:
            problems.append(
                Problem(
                    str(path),
                    "",
                    f"same law, category, product code and unit as tariff {seen[key]!r}",
                )
            )
            continue
        seen[key] = tariff_id
        tariffs[tariff_id] = tariff
        digest.update(tariff_id.encode() + b"\0" + path.read_bytes() + b"\0")
    if not tariffs and not problems:
        problems.append(Problem(str(root), "", "no tariff files (*.yaml) in the folder"))
    if problems:
        raise TariffError(problems)
    return TariffSet(tariffs, source=str(root), content_hash=digest.hexdigest())

"""Dated parameters: numbers, ages and lists that rules and the planner read at a peildatum.

Each parameter lives in its own YAML file under ``rules/parameters/``; its id is the
file's path below that folder with dots, e.g.
``rules/parameters/transitie/pleegzorg_eindleeftijd.yaml`` has id
``transitie.pleegzorg_eindleeftijd``. A file holds::

    description: Leeftijd tot waar pleegzorg standaard doorloopt.
    source: Jeugdwet art. 1.1 (begrip jeugdige, onder 3°); standaard tot 21 sinds 2018-07-01
    unit: jaar  # optional: jaar, maanden, weken, dagen, werkdagen, aantal, euro, ja/nee, lijst
    example: false                  # optional: true marks an example of a municipal rule
    values:
      2015-01-01: 18
      2018-07-01: 21
      # a value may also carry its own source:
      # 2018-07-01: {value: 21, source: bestuurlijke afspraak van Rijk en VNG}

The value in force at a peildatum is the one with the latest start date on or before it.
Loading uses YAML safe loading only; a malformed file raises :class:`ParameterError`
naming the file, the line where YAML reports one, and the field.

>>> from datetime import date
>>> p = Parameter(id="x", description="d", source="s", values={date(2015, 1, 1): 18,
...     date(2018, 7, 1): 21})
>>> p.value_at(date(2018, 6, 30)), p.value_at(date(2018, 7, 1))
(18, 21)
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from gezinsplan.errors import ParameterError, Problem
from gezinsplan.rules.yamlfile import load_strict_yaml

__all__ = ["Parameter", "ParameterSet", "ParameterValue", "load_parameters"]

ParameterValue = int | float | bool | str | tuple[str, ...]

_ALLOWED_KEYS = {"description", "source", "unit", "values", "reference", "example"}
_UNITS = {
    "jaar",
    "maanden",
    "weken",
    "dagen",
    "werkdagen",
    "aantal",
    "euro",
    "ja/nee",
    "lijst",
    "factor",
}


@dataclass(frozen=True)
class Parameter:
    """One dated parameter."""

    id: str
    description: str
    source: str
    values: Mapping[date, ParameterValue]
    unit: str | None = None
    value_sources: Mapping[date, str] = field(default_factory=dict)
    example: bool = False
    """True for an example of a municipal rule (not an adopted rule of a given
    municipality): set it to the municipality's own rule before relying on it."""

    def start_date_at(self, peildatum: date) -> date:
        """The start date of the value in force at ``peildatum``."""
        candidates = [d for d in self.values if d <= peildatum]
        if not candidates:
            first = min(self.values)
            raise ParameterError(
                [
                    Problem(
                        self.id,
                        "values",
                        f"no value at {peildatum.isoformat()}: first value starts "
                        f"{first.isoformat()}",
                    )
                ]
            )
        return max(candidates)

    def value_at(self, peildatum: date) -> ParameterValue:
        """The value in force at ``peildatum``."""
        return self.values[self.start_date_at(peildatum)]

    def source_at(self, peildatum: date) -> str:
        """The source of the value in force at ``peildatum`` (falls back to the parameter's)."""
        return self.value_sources.get(self.start_date_at(peildatum), self.source)


class ParameterSet(Mapping[str, Parameter]):
    """All parameters of a rule set, by id."""

    def __init__(self, parameters: Mapping[str, Parameter], content_hash: str = "") -> None:
        self._parameters = dict(sorted(parameters.items()))
        self.content_hash = content_hash

    def __getitem__(self, key: str) -> Parameter:
        return self._parameters[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._parameters)

    def __len__(self) -> int:
        return len(self._parameters)

    def __repr__(self) -> str:
        return f"ParameterSet({len(self)} parameters)"

    def value(self, parameter_id: str, peildatum: date) -> ParameterValue:
        """The value of ``parameter_id`` at ``peildatum``; ParameterError when unknown."""
        try:
            parameter = self._parameters[parameter_id]
        except KeyError:
            raise ParameterError([Problem(parameter_id, "", "unknown parameter")]) from None
        return parameter.value_at(peildatum)

    def value_from(self, parameter_id: str, day: date) -> ParameterValue:
        """The value of ``parameter_id`` in force on ``day``; a day before its first value
        reads the first value (a term counted from an event long past)."""
        try:
            parameter = self._parameters[parameter_id]
        except KeyError:
            raise ParameterError([Problem(parameter_id, "", "unknown parameter")]) from None
        return parameter.value_at(max(day, min(parameter.values)))

    def next_change(self, parameter_id: str, day: date) -> tuple[date, ParameterValue] | None:
        """The first value of ``parameter_id`` that starts after ``day`` (its start date and
        value), or None when none is known yet."""
        later = [d for d in self._parameters[parameter_id].values if d > day]
        if not later:
            return None
        first = min(later)
        return first, self._parameters[parameter_id].values[first]

    def at(self, peildatum: date) -> dict[str, ParameterValue]:
        """Every parameter's value at ``peildatum`` (parameters with no value yet are left out)."""
        out: dict[str, ParameterValue] = {}
        for pid, parameter in self._parameters.items():
            if any(d <= peildatum for d in parameter.values):
                out[pid] = parameter.value_at(peildatum)
        return out

    def with_values(self, overrides: Mapping[str, ParameterValue], start: date) -> ParameterSet:
        """A copy where each overridden parameter takes ``value`` from ``start`` on.

        Used to build a variant rule set (a reform) without touching the baseline.
        """
        changed = dict(self._parameters)
        for pid, value in overrides.items():
            if pid not in changed:
                raise ParameterError([Problem(pid, "", "unknown parameter")])
            old = changed[pid]
            values = {d: v for d, v in old.values.items() if d < start}
            values[start] = value
            changed[pid] = Parameter(
                id=old.id,
                description=old.description,
                source=old.source,
                values=values,
                unit=old.unit,
                example=old.example,
                value_sources={d: s for d, s in old.value_sources.items() if d < start},
            )
        return ParameterSet(changed, content_hash="")


def _problem(path: Path, field_path: str, message: str, line: int | None = None) -> Problem:
    return Problem(str(path), field_path, message, line)


def _coerce_value(raw: Any) -> ParameterValue | None:
    if isinstance(raw, bool | int | str):
        return raw
    if isinstance(raw, float):
        return raw if raw == raw and raw not in (float("inf"), float("-inf")) else None
    if isinstance(raw, list) and all(isinstance(v, str) for v in raw):
        return tuple(raw)
    return None


def _value_lines(node: yaml.Node) -> dict[str, int]:
    """Map each key under ``values:`` to its 1-based line number."""
    lines: dict[str, int] = {}
    if not isinstance(node, yaml.MappingNode):
        return lines
    for key_node, value_node in node.value:
        if getattr(key_node, "value", None) == "values" and isinstance(
            value_node, yaml.MappingNode
        ):
            for k, _ in value_node.value:
                lines[str(k.value)] = k.start_mark.line + 1
    return lines


MAX_PARAMETER_FILE_BYTES = 200_000
"""A parameter file larger than this is refused before it is parsed."""


def parse_parameter_file(path: Path, parameter_id: str) -> Parameter:
    """Parse one parameter file; raises ParameterError listing every problem."""
    try:
        if path.stat().st_size > MAX_PARAMETER_FILE_BYTES:
            raise ParameterError(
                [_problem(path, "", f"file too large: at most {MAX_PARAMETER_FILE_BYTES} bytes")]
            )
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ParameterError([_problem(path, "", "not valid UTF-8")]) from None
    except OSError as e:
        raise ParameterError([_problem(path, "", f"cannot read: {e.strerror}")]) from None
    try:
        data, node = load_strict_yaml(text)
    except RecursionError:
        raise ParameterError([Problem(str(path), "", "nested too deeply")]) from None
    except ValueError as e:  # e.g. an impossible date such as 2026-13-01
        raise ParameterError([Problem(str(path), "", f"invalid value: {e}")]) from None
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        reason = getattr(e, "problem", None) or "invalid YAML"
        raise ParameterError([_problem(path, "", f"YAML syntax error: {reason}", line)]) from None
    if not isinstance(data, dict):
        raise ParameterError(
            [_problem(path, "", "expected a mapping with description, source, values")]
        )
    problems: list[Problem] = []
    for key in sorted(set(map(str, data)) - _ALLOWED_KEYS):
        problems.append(
            _problem(path, key, f"unknown key (allowed: {', '.join(sorted(_ALLOWED_KEYS))})")
        )
    description = data.get("description")
    source = data.get("source")
    unit = data.get("unit")
    if not isinstance(description, str) or not description.strip():
        problems.append(_problem(path, "description", "required text"))
    if not isinstance(source, str) or not source.strip():
        problems.append(_problem(path, "source", "required text (law article or policy paragraph)"))
    if unit is not None and unit not in _UNITS:
        problems.append(
            _problem(path, "unit", f"unknown unit {unit!r} (allowed: {', '.join(sorted(_UNITS))})")
        )
    example = data.get("example", False)
    if not isinstance(example, bool):
        problems.append(_problem(path, "example", "true or false"))
    raw_values = data.get("values")
    values: dict[date, ParameterValue] = {}
    value_sources: dict[date, str] = {}
    lines = _value_lines(node) if node is not None else {}
    if not isinstance(raw_values, dict) or not raw_values:
        problems.append(_problem(path, "values", "required mapping of start date to value"))
    else:
        for key, raw in raw_values.items():
            line = lines.get(str(key))
            fp = f"values.{key}"
            if isinstance(key, date) and not hasattr(key, "hour"):
                start = key
            else:
                try:
                    start = date.fromisoformat(str(key))
                except ValueError:
                    problems.append(_problem(path, fp, "key must be a start date YYYY-MM-DD", line))
                    continue
            src = None
            if isinstance(raw, dict):
                extra = set(map(str, raw)) - {"value", "source"}
                if extra or "value" not in raw:
                    problems.append(
                        _problem(
                            path,
                            fp,
                            "a dated value mapping takes 'value' and optional 'source'",
                            line,
                        )
                    )
                    continue
                src = raw.get("source")
                raw = raw["value"]
                if src is not None and not isinstance(src, str):
                    problems.append(_problem(path, f"{fp}.source", "must be text", line))
                    continue
            value = _coerce_value(raw)
            if value is None:
                problems.append(
                    _problem(
                        path, fp, "value must be a number, yes/no, text or a list of texts", line
                    )
                )
                continue
            values[start] = value
            if src:
                value_sources[start] = src
    if problems:
        raise ParameterError(problems)
    return Parameter(
        id=parameter_id,
        description=str(description).strip(),
        source=str(source).strip(),
        values=dict(sorted(values.items())),
        unit=unit,
        value_sources=value_sources,
        example=example is True,
    )


def load_parameters(directory: str | Path) -> ParameterSet:
    """Load every ``*.yaml`` below ``directory``; ids are dotted relative paths."""
    root = Path(directory)
    if not root.is_dir():
        raise ParameterError([Problem(str(root), "", "parameter folder not found")])
    parameters: dict[str, Parameter] = {}
    problems: list[Problem] = []
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*.yaml")):
        rel = path.relative_to(root).with_suffix("")
        if rel.name == "index":
            continue
        parameter_id = ".".join(rel.parts)
        if not path.is_file():
            problems.append(Problem(str(path), "", "not a regular file (a folder named *.yaml?)"))
            continue
        try:
            parameters[parameter_id] = parse_parameter_file(path, parameter_id)
        except ParameterError as e:
            problems.extend(e.problems)
            continue
        digest.update(parameter_id.encode() + b"\0" + path.read_bytes() + b"\0")
    if problems:
        raise ParameterError(problems)
    return ParameterSet(parameters, content_hash=digest.hexdigest())

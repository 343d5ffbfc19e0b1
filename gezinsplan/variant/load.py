"""A variant: a small overlay folder on a base rule set (a Taskforce deregulering scenario).

::

    my_variant/
      variant.yaml          name, description, author, base, disable, tests
      parameters/<group>/<name>.yaml   dated values that override a base parameter
      rules/<folder>/<name>.yaml       rules added, or replacing a base rule with the same id

``variant.yaml``::

    name: Eén toegang
    description: De aparte intake per wet vervalt.
    author: Taskforce deregulering
    base: shipped                     # or a rules folder, relative to this file
    disable: [blokkades.aparte_intake_per_wet]
    tests:                            # cases under the variant
      - name: geen aparte intake meer
        peildatum: 2026-11-23
        household: {...}              # merged onto {id: test, gemeente: Teststad}
        fires: [triage.meervoudig]    # rules that must fire
        not_fires: [blokkades.aparte_intake_per_wet]
        plan: {outcome: gezinsplan}   # optional: the plan under the variant

A parameter override file holds ``values`` (start date -> value, the kind of the base
parameter) and ``source`` (why: the decision or proposal); from its first date on, its
values replace the base values. Everything is checked against the base with the same
strict loader as the base itself; every problem names the file and line.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from gezinsplan.errors import ParameterError, Problem, RuleError
from gezinsplan.resources import default_rules_dir
from gezinsplan.rules.parameters import (
    Parameter,
    ParameterSet,
    ParameterValue,
    load_parameters,
    parse_parameter_file,
)
from gezinsplan.rules.ruleset import (
    FOLDER_CATEGORIES,
    Rule,
    RuleSet,
    _line_index,
    _rule_files,
    load_rule_file,
)
from gezinsplan.rules.ruleset import load_rules as load_base_rules
from gezinsplan.rules.yamlfile import load_strict_yaml

__all__ = ["VariantCase", "VariantInfo", "load_rules", "load_variant"]

_KEYS = {"name", "description", "author", "base", "disable", "tests"}
_CASE_KEYS = {"name", "peildatum", "household", "fires", "not_fires", "plan"}
_PLAN_KEYS = {"outcome", "regisseur"}
_OVERRIDE_KEYS = {"values", "source", "description"}
MAX_FILE_BYTES = 200_000


@dataclass(frozen=True)
class VariantCase:
    """A test case of a variant: what must (not) fire and how the plan turns out."""

    name: str
    peildatum: date
    household: Mapping[str, Any]
    fires: tuple[str, ...] = ()
    not_fires: tuple[str, ...] = ()
    plan: Mapping[str, str] = field(default_factory=dict)
    line: int | None = None


@dataclass(frozen=True)
class VariantInfo:
    """What a variant is and what it changes against its base."""

    path: str
    name: str
    description: str
    author: str
    base: str
    disabled: tuple[str, ...]
    replaced: tuple[str, ...]
    added: tuple[str, ...]
    overridden: tuple[str, ...]
    cases: tuple[VariantCase, ...]
    added_parameters: tuple[str, ...] = ()
    """Parameters the base does not have (full parameter files in the overlay)."""


def _read(path: Path) -> tuple[Any, dict[tuple[Any, ...], int]]:
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise RuleError(
                [Problem(str(path), "", f"file too large: at most {MAX_FILE_BYTES} bytes", 1)]
            )
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise RuleError([Problem(str(path), "", "file not found")]) from None
    except (OSError, UnicodeDecodeError) as e:
        raise RuleError([Problem(str(path), "", f"cannot read: {e}", 1)]) from None
    try:
        data, node = load_strict_yaml(text)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise RuleError(
            [Problem(str(path), "", f"YAML: {getattr(e, 'problem', e)}", line)]
        ) from None
    return data, _line_index(node)


def _ids(value: Any, where: str, path: Path, lines: dict[tuple[Any, ...], int]) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise RuleError([Problem(str(path), where, "a list of rule ids", lines.get((where,)))])
    return list(value)


def _cases(raw: Any, path: Path, lines: dict[tuple[Any, ...], int]) -> tuple[VariantCase, ...]:
    if raw is None:
        return ()
    problems: list[Problem] = []
    if not isinstance(raw, list):
        raise RuleError([Problem(str(path), "tests", "a list of cases", lines.get(("tests",)))])
    out: list[VariantCase] = []
    for i, case in enumerate(raw):
        where = f"tests[{i}]"
        line = lines.get(("tests", i))
        if not isinstance(case, dict):
            problems.append(Problem(str(path), where, "a case is a mapping", line))
            continue
        unknown = sorted(set(case) - _CASE_KEYS)
        if unknown:
            problems.append(
                Problem(str(path), where, f"unknown key(s): {', '.join(unknown)}", line)
            )
        day = case.get("peildatum")
        if isinstance(day, str):
            try:
                day = date.fromisoformat(day)
            except ValueError:
                day = None
        if not isinstance(day, date):
            problems.append(
                Problem(
                    str(path),
                    f"{where}.peildatum",
                    "a date YYYY-MM-DD",
                    lines.get(("tests", i, "peildatum"), line),
                )
            )
            continue
        household = case.get("household")
        if not isinstance(household, dict):
            problems.append(
                Problem(
                    str(path),
                    f"{where}.household",
                    "a mapping",
                    lines.get(("tests", i, "household"), line),
                )
            )
            continue
        plan = case.get("plan") or {}
        if not isinstance(plan, dict) or set(plan) - _PLAN_KEYS:
            problems.append(Problem(str(path), f"{where}.plan", "keys: outcome, regisseur", line))
            continue
        fires = case.get("fires") or []
        not_fires = case.get("not_fires") or []
        if not all(isinstance(x, str) for x in [*fires, *not_fires]):
            problems.append(Problem(str(path), where, "fires/not_fires list rule ids", line))
            continue
        if not (fires or not_fires or plan):
            problems.append(
                Problem(str(path), where, "a case checks fires, not_fires or plan", line)
            )
            continue
        out.append(
            VariantCase(
                name=str(case.get("name") or f"case {i}"),
                peildatum=day,
                household=household,
                fires=tuple(fires),
                not_fires=tuple(not_fires),
                plan={str(k): str(v) for k, v in plan.items()},
                line=line,
            )
        )
    if problems:
        raise RuleError(problems)
    return tuple(out)


def _override(path: Path, base: Parameter) -> Parameter:
    data, lines = _read(path)
    if not isinstance(data, dict):
        raise RuleError(
            [Problem(str(path), "", "an override is a mapping with values and source", 1)]
        )
    problems: list[Problem] = []
    unknown = sorted(set(data) - _OVERRIDE_KEYS)
    if unknown:
        problems.append(
            Problem(
                str(path),
                unknown[0],
                f"unknown key(s): {', '.join(unknown)}",
                lines.get((unknown[0],)),
            )
        )
    source = data.get("source")
    if not isinstance(source, str) or not source.strip():
        problems.append(
            Problem(
                str(path),
                "source",
                "say why (the decision or proposal)",
                lines.get(("source",), 1),
            )
        )
    values = data.get("values")
    if not isinstance(values, dict) or not values:
        problems.append(
            Problem(
                str(path),
                "values",
                "dated values: {YYYY-MM-DD: value}",
                lines.get(("values",), 1),
            )
        )
        raise RuleError(problems)
    kind = type(next(iter(base.values.values())))
    parsed: dict[date, ParameterValue] = {}
    for key, value in values.items():
        line = lines.get(("values", key if isinstance(key, str) else str(key)))
        day = key if isinstance(key, date) else None
        if isinstance(key, str):
            try:
                day = date.fromisoformat(key)
            except ValueError:
                day = None
        if day is None:
            problems.append(Problem(str(path), f"values.{key}", "a date YYYY-MM-DD", line))
            continue
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            value = tuple(value)
        ok = type(value) is kind or (kind is float and type(value) is int)
        if not ok:
            problems.append(
                Problem(
                    str(path),
                    f"values.{key}",
                    f"{base.id} takes {_kind_name(kind)} values, got {value!r}",
                    line,
                )
            )
            continue
        parsed[day] = value
    if problems:
        raise RuleError(problems)
    first = min(parsed)
    merged = {d: v for d, v in base.values.items() if d < first} | parsed
    return Parameter(
        id=base.id,
        description=str(data.get("description") or base.description),
        source=str(source),
        values=dict(sorted(merged.items())),
        unit=base.unit,
        value_sources={d: s for d, s in base.value_sources.items() if d < first}
        | {d: str(source) for d in parsed},
        example=base.example,
    )


def _kind_name(kind: type) -> str:
    return {
        bool: "ja/nee (true/false)",
        int: "whole-number",
        float: "number",
        str: "text",
        tuple: "list",
    }.get(kind, kind.__name__)


def load_variant(
    variant_dir: str | Path, base: str | Path | None = None
) -> tuple[RuleSet, VariantInfo]:
    """The rule set of a variant and what it changes; :class:`RuleError` on any problem.

    ``base`` overrides the base named in ``variant.yaml`` (``shipped`` = the shipped
    catalogue). A ``base`` given here is a path as any other argument (relative to the
    working directory); a ``base`` written in ``variant.yaml`` is relative to the variant
    folder.
    """
    root = Path(variant_dir)
    meta_path = root / "variant.yaml"
    if not root.is_dir():
        raise RuleError([Problem(str(root), "", "variant folder not found")])
    data, lines = _read(meta_path)
    if not isinstance(data, dict):
        raise RuleError(
            [
                Problem(
                    str(meta_path),
                    "",
                    "variant.yaml is a mapping (name, description, author, …)",
                    1,
                )
            ]
        )
    problems: list[Problem] = []
    for key in sorted(set(data) - _KEYS):
        problems.append(Problem(str(meta_path), key, "unknown key", lines.get((key,))))
    for key in ("name", "description", "author"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            problems.append(Problem(str(meta_path), key, "required text", lines.get((key,), 1)))
    if problems:
        raise RuleError(problems)
    base_name = base if base is not None else data.get("base", "shipped")
    base_dir = (
        default_rules_dir()
        if base_name in (None, "shipped")
        else (
            Path(str(base_name))
            if base is not None or Path(str(base_name)).is_absolute()
            else root / str(base_name)
        )
    )
    if not Path(base_dir).is_dir():
        raise RuleError(
            [
                Problem(
                    str(meta_path),
                    "base",
                    f"base rules folder not found: {base_dir}",
                    lines.get(("base",)),
                )
            ]
        )
    base_dir = Path(base_dir)
    disable = _ids(data.get("disable"), "disable", meta_path, lines)
    cases = _cases(data.get("tests"), meta_path, lines)

    try:
        params = (
            load_parameters(base_dir / "parameters")
            if (base_dir / "parameters").is_dir()
            else ParameterSet({})
        )
    except ParameterError as e:
        raise RuleError(e.problems) from None
    merged = dict(params.items())
    overridden: list[str] = []
    new_parameters: list[str] = []
    digest = hashlib.sha256()
    params_dir = root / "parameters"
    if params_dir.is_dir():
        for path in sorted(params_dir.rglob("*.yaml")):
            pid = ".".join(path.relative_to(params_dir).with_suffix("").parts)
            if pid not in params:
                # a new parameter: a full parameter file, as in the base
                try:
                    merged[pid] = parse_parameter_file(path, pid)
                except ParameterError as e:
                    problems.extend(
                        Problem(
                            p.source,
                            p.path,
                            f"{p.message} (a new parameter {pid!r}: the base has none, so "
                            "this is a full parameter file with description, source and values)",
                            p.line if p.line is not None else 1,
                        )
                        for p in e.problems
                    )
                    continue
                new_parameters.append(pid)
                digest.update(pid.encode() + b"\0" + path.read_bytes())
                continue
            try:
                merged[pid] = _override(path, params[pid])
            except RuleError as e:
                problems.extend(e.problems)
                continue
            overridden.append(pid)
            digest.update(pid.encode() + b"\0" + path.read_bytes())
    new_params = ParameterSet(merged, content_hash=params.content_hash + digest.hexdigest())

    own: dict[str, Rule] = {}
    rules_dir = root / "rules"
    if rules_dir.is_dir():
        for path, rule_id, category in _rule_files(rules_dir):
            if category is None:
                problems.append(
                    Problem(
                        str(path),
                        "",
                        "a rule file lives in a category folder: " + ", ".join(FOLDER_CATEGORIES),
                        1,
                    )
                )
                continue
            try:
                rule = load_rule_file(path, new_params, category, rule_id)
            except RuleError as e:
                problems.extend(e.problems)
                continue
            own[rule.id] = rule
            digest.update(path.read_bytes())
    base_rules: dict[str, Rule] = {}
    for path, rule_id, category in _rule_files(base_dir):
        if category is None:
            continue
        try:
            base_rules[rule_id] = load_rule_file(path, new_params, category, rule_id)
        except RuleError as e:
            problems.extend(
                Problem(
                    p.source, p.path, f"{p.message} (with the variant's parameter values)", p.line
                )
                for p in e.problems
            )
    for i, rid in enumerate(disable):
        if rid not in base_rules:
            problems.append(
                Problem(
                    str(meta_path),
                    f"disable[{i}]",
                    f"unknown rule id {rid!r} in the base",
                    lines.get(("disable", i)),
                )
            )
        elif rid in own:
            problems.append(
                Problem(
                    str(meta_path),
                    f"disable[{i}]",
                    f"{rid!r} is both disabled and replaced",
                    lines.get(("disable", i)),
                )
            )
    if problems:
        raise RuleError(problems)
    rules = {rid: r for rid, r in base_rules.items() if rid not in disable} | own
    digest.update(meta_path.read_bytes())
    version = hashlib.sha256(
        (str(sorted(base_rules)) + params.content_hash + digest.hexdigest()).encode()
    ).hexdigest()
    ruleset = RuleSet(
        tuple(sorted(rules.values(), key=lambda r: r.id)), new_params, version, str(base_dir)
    )
    info = VariantInfo(
        path=str(root),
        name=str(data["name"]).strip(),
        description=str(data["description"]).strip(),
        author=str(data["author"]).strip(),
        base=str(base_name or "shipped"),
        disabled=tuple(disable),
        replaced=tuple(sorted(r for r in own if r in base_rules)),
        added=tuple(sorted(r for r in own if r not in base_rules)),
        overridden=tuple(overridden),
        cases=cases,
        added_parameters=tuple(new_parameters),
    )
    _check_own_cases(ruleset, [own[r] for r in sorted(own)])
    return ruleset, info


def _check_own_cases(ruleset: RuleSet, rules: list[Rule]) -> None:
    """The test cases of added and replaced rules must pass (reference engine)."""
    from gezinsplan.cases import run_case

    problems: list[Problem] = []
    for rule in rules:
        lines: dict[tuple[Any, ...], int] | None = None
        for i, case in enumerate(rule.tests):
            result = run_case(ruleset, rule, case, "python")
            if not result.ok:
                if lines is None:
                    lines = _read(Path(rule.path))[1]
                problems.append(
                    Problem(rule.path, f"tests[{i}]", str(result), lines.get(("tests", i), 1))
                )
    if problems:
        raise RuleError(problems)


def load_rules(
    directory: str | Path | None = None, *, variant: str | Path | None = None
) -> RuleSet:
    """Load and validate the rules under ``directory`` (default: the shipped catalogue); with
    ``variant``, the rule set of that variant folder on top of ``directory`` (or of the base
    its ``variant.yaml`` names), which carries the variant's parameters, so plans follow the
    variant's policy. This is ``gezinsplan.load_rules``.
    """
    if variant is None:
        return load_base_rules(directory)
    return load_variant(variant, directory)[0]

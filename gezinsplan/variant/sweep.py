"""A sweep file: parameters at alternative values, candidates for ``variant rank``.

::

    # sweep.yaml
    triage.complex_min_probleemdomeinen: [3, 5]
    blokkades.aparte_intake_per_wet: [false]

Each key is a parameter of the rule set, each value a non-empty list of values of that
parameter's kind (the kind of its first dated value). Every problem names the file and
the line.
"""

from __future__ import annotations

from pathlib import Path

from gezinsplan.errors import Problem, RuleError
from gezinsplan.rules.parameters import ParameterValue
from gezinsplan.rules.ruleset import RuleSet

__all__ = ["load_sweep"]


def load_sweep(path: str | Path, rules: RuleSet) -> list[tuple[str, ParameterValue]]:
    """The (parameter id, value) candidates of a sweep file, in file order;
    :class:`RuleError` (file and line) on any problem."""
    from gezinsplan.variant.load import _kind_name, _read

    where = Path(path)
    data, lines = _read(where)
    if not isinstance(data, dict) or not data:
        raise RuleError(
            [Problem(str(where), "", "a sweep is a mapping {parameter_id: [value, ...]}", 1)]
        )
    problems: list[Problem] = []
    out: list[tuple[str, ParameterValue]] = []
    for pid, values in data.items():
        line = lines.get((pid,))
        if not isinstance(pid, str) or pid not in rules.parameters:
            problems.append(Problem(str(where), str(pid), "unknown parameter", line))
            continue
        if not isinstance(values, list) or not values:
            problems.append(Problem(str(where), pid, "a non-empty list of values", line))
            continue
        base = rules.parameters[pid]
        kind = type(next(iter(base.values.values())))
        for i, value in enumerate(values):
            if isinstance(value, list) and all(isinstance(v, str) for v in value):
                value = tuple(value)
            if not (type(value) is kind or (kind is float and type(value) is int)):
                problems.append(
                    Problem(
                        str(where),
                        f"{pid}[{i}]",
                        f"{pid} takes {_kind_name(kind)} values, got {value!r}",
                        lines.get((pid, i), line),
                    )
                )
                continue
            out.append((pid, value))
    if problems:
        raise RuleError(problems)
    return out

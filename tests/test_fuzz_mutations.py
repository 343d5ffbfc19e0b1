"""Mutation fuzzing: careless and hostile households and rule files.

Real inputs (the example households, the full test household with planted personal
values, the shipped rule files) are mutated at random: values of the wrong type,
impossible dates, hostile ids, duplicated entries, deleted keys, YAML aliases and
tags, shuffled lines. Every mutant must end in the right answer or one clear error:
no traceback, no hang over 10 s, no engine disagreement, no personal value in any
message. CI runs a fixed sample; ``tools/fuzz.sh`` runs 12,000 households and 6,000
rule files and prints the tally.
"""

from __future__ import annotations

import copy
import json
import random
import signal
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from gezinsplan import Assessor, GezinsplanError
from gezinsplan.cases import run_case
from gezinsplan.errors import HouseholdValidationError, RuleError
from gezinsplan.io import parse_household
from gezinsplan.plan.render import render_html, render_markdown
from gezinsplan.resources import default_rules_dir, examples_dir
from gezinsplan.rules.parameters import load_parameters
from gezinsplan.rules.ruleset import FOLDER_CATEGORIES, RuleSet, default_rules, load_rule_file
from tests.conftest import FULL, PLANTED_ADDRESS, PLANTED_BSN, PLANTED_NAME, PLANTED_WORDS
from tests.strategies import FUZZ_FULL

PEIL = date(2026, 11, 23)
HOUSEHOLD_MUTANTS = 12_000 if FUZZ_FULL else 600
RULE_MUTANTS = 6_000 if FUZZ_FULL else 300
HANG_SECONDS = 10
PERSONAL = (PLANTED_NAME, PLANTED_BSN, PLANTED_ADDRESS, PLANTED_WORDS, "1983-07-19")

HOSTILE: list[Any] = [
    0,
    1,
    -1,
    2.0,
    1e308,
    10**30,
    True,
    False,
    None,
    "",
    "yes",
    "on",
    "f",
    "2",
    "9999-12-31",
    "0001-01-01",
    "2026-02-30",
    "1983-07-19T00:00:00",
    "2199-12-31",
    "a:b",
    "huishouden",
    "m1",
    "x/y",
    "Maas\x00tricht",
    "x" * 3000,
    [],
    {},
    [1, 2],
    {"a": 1},
    ["m1", "m1"],
]


class HangError(Exception):
    """An input took longer than HANG_SECONDS."""


@contextmanager
def deadline(seconds: int = HANG_SECONDS) -> Iterator[None]:
    def fire(_signum: int, _frame: Any) -> None:
        raise HangError

    previous = signal.signal(signal.SIGALRM, fire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _paths(value: Any, here: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield here
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _paths(v, (*here, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _paths(v, (*here, i))


def _mutate_data(data: Any, rng: random.Random) -> Any:
    data = copy.deepcopy(data)
    for _ in range(rng.choice((1, 1, 2, 3))):
        paths = [p for p in _paths(data) if p]
        if not paths:
            return data
        path = rng.choice(paths)
        parent = data
        for key in path[:-1]:
            parent = parent[key]
        last = path[-1]
        op = rng.random()
        if op < 0.5:
            parent[last] = rng.choice(HOSTILE)
        elif op < 0.65 and isinstance(parent, dict):
            del parent[last]
        elif op < 0.8 and isinstance(parent, list):
            parent.append(copy.deepcopy(parent[last]))  # an entry twice
        elif op < 0.9 and isinstance(parent, dict):
            parent[f"onbekend_{rng.randint(0, 9)}"] = rng.choice(HOSTILE)
        else:
            parent[last] = [parent[last]]
    return data


def _seeds() -> list[dict[str, Any]]:
    seeds = [
        json.loads(p.read_text(encoding="utf-8")) for p in sorted(examples_dir().glob("*.json"))
    ]
    return [*seeds, copy.deepcopy(FULL)]


def _leaks(text: str) -> list[str]:
    return [v for v in PERSONAL if v in text]


def test_mutated_households_end_in_an_answer_or_a_clear_error() -> None:
    rng = random.Random(20261201)
    rules = default_rules()
    engines = {e: Assessor(rules, engine=e) for e in ("python", "durable")}
    seeds = _seeds()
    tally: Counter[str] = Counter()
    failures: list[str] = []
    for n in range(HOUSEHOLD_MUTANTS):
        data = _mutate_data(rng.choice(seeds), rng)
        try:
            with deadline():
                try:
                    h = parse_household(data)
                except HouseholdValidationError as e:
                    tally["rejected"] += 1
                    if _leaks(str(e)):
                        failures.append(f"#{n}: personal value in {e}")
                    continue
                tally["accepted"] += 1
                try:
                    got = {e: a.assess(h, PEIL) for e, a in engines.items()}
                except GezinsplanError as e:  # e.g. a member born after the peildatum
                    tally["refused at assessment"] += 1
                    if _leaks(str(e)):
                        failures.append(f"#{n}: personal value in {e}")
                    continue
                if got["python"] != got["durable"]:
                    failures.append(f"#{n}: engines disagree on {h.id}")
                    continue
                case = engines["durable"].assess_and_plan(h, PEIL)
                render_markdown(case.plan, h)
                render_html(case.plan, h)
                tally["planned"] += 1
        except HangError:
            failures.append(f"#{n}: no answer within {HANG_SECONDS} s")
        except Exception as e:  # anything else is a crash
            failures.append(f"#{n}: {type(e).__name__} {str(e)[:200]}")
    print(f"\nhouseholds: {HOUSEHOLD_MUTANTS} mutants, {dict(tally)}, failures {len(failures)}")
    assert failures == []
    assert tally["rejected"] > 0
    assert tally["planned"] > 0


# -- rule files ---------------------------------------------------------------------

_SNIPPETS = [
    "x: &a [1, 2]\ny: *a\n",
    "- !!python/object/apply:os.system ['true']\n",
    "id: id\n",
    "\t\n",
    "when: {fact: member}\n",
    "      - fact: member\n        as: m\n",
    "        where: {role: {not_in: [" + ", ".join(f"v{i}" for i in range(600)) + "]}}\n",
    "        where: {id: {ref: m.id}}\n",
    "    not: true\n",
    "deadline: {ref: 1.5}\n",
    "fires: yes\n",
    "peildatum: 2026-13-01\n",
]


def _mutate_text(text: str, rng: random.Random) -> str:
    lines = text.splitlines(keepends=True)
    for _ in range(rng.choice((1, 1, 2))):
        op = rng.random()
        i = rng.randrange(len(lines)) if lines else 0
        if op < 0.2 and lines:
            del lines[i]
        elif op < 0.4 and lines:
            lines.insert(i, lines[i])
        elif op < 0.6:
            lines.insert(i, rng.choice(_SNIPPETS))
        elif op < 0.75 and len(lines) > 1:
            j = rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
        elif lines:
            k = rng.randrange(len(lines[i]) + 1)
            lines[i] = lines[i][:k] + rng.choice("{}[]:-&*!#'\"\x00 ") + lines[i][k:]
    return "".join(lines)


def _mutate_rule(text: str, rng: random.Random) -> str:
    if rng.random() < 0.5:
        return _mutate_text(text, rng)
    data = yaml.safe_load(text)
    return yaml.safe_dump(_mutate_data(data, rng), allow_unicode=True, sort_keys=False)


def test_mutated_rule_files_end_in_a_rule_or_a_file_line_error(tmp_path: Path) -> None:
    rng = random.Random(17)
    root = default_rules_dir()
    params = load_parameters(root / "parameters")
    seeds = [
        (p, p.read_text(encoding="utf-8"))
        for p in sorted(root.glob("*/*.yaml"))
        if p.parent.name in FOLDER_CATEGORIES
    ]
    tally: Counter[str] = Counter()
    failures: list[str] = []
    for n in range(RULE_MUTANTS):
        source, text = rng.choice(seeds)
        folder = source.parent.name
        target = tmp_path / folder / source.name
        target.parent.mkdir(exist_ok=True)
        try:
            mutant = _mutate_rule(text, rng)
        except yaml.YAMLError:
            continue
        target.write_text(mutant, encoding="utf-8")
        rule_id = f"{folder}.{source.stem}"
        try:
            with deadline():
                try:
                    rule = load_rule_file(target, params, FOLDER_CATEGORIES[folder], rule_id)
                except RuleError as e:
                    tally["rejected"] += 1
                    if not all(p.source == str(target) for p in e.problems):
                        failures.append(f"#{n}: a problem that does not name the file: {e}")
                    continue
                tally["loaded"] += 1
                rules = RuleSet((rule,), params, f"fuzz-{n}", str(tmp_path))
                for case in rule.tests:
                    results = [run_case(rules, rule, case, e) for e in ("python", "durable")]
                    if results[0].fired != results[1].fired or results[0].error != results[1].error:
                        failures.append(f"#{n}: engines disagree on {rule.id} case {case.name!r}")
                    tally["cases run"] += 1
        except HangError:
            failures.append(f"#{n}: no answer within {HANG_SECONDS} s ({rule_id})")
        except GezinsplanError as e:
            tally["refused when run"] += 1
            if _leaks(str(e)):
                failures.append(f"#{n}: personal value in {e}")
        except Exception as e:
            failures.append(f"#{n}: {type(e).__name__} {str(e)[:200]} ({rule_id})")
    print(f"\nrule files: {RULE_MUTANTS} mutants, {dict(tally)}, failures {len(failures)}")
    assert failures == []
    assert tally["rejected"] > 0
    assert tally["loaded"] > 0

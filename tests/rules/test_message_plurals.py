"""Singular and plural in rule messages: ``{alias.field|wet|wetten}`` chooses the word by
the count, the loader checks it, and no message of the catalogue says "1 wetten".

The catalogue checks are derived from the templates themselves: every whole-number
placeholder that a word follows, in every message, is rendered with the counts 1 and 2,
so a new message cannot slip through.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from gezinsplan.cases import run_case
from gezinsplan.errors import RuleError
from gezinsplan.resources import default_rules_dir
from gezinsplan.rules.explain import render_message
from gezinsplan.rules.facts import FACT_SCHEMA
from gezinsplan.rules.parameters import ParameterValue
from gezinsplan.rules.ruleset import Rule, RuleSet, load_rules, split_placeholder
from gezinsplan.variant.load import load_variant

PEIL = date(2026, 11, 23)
RULES = load_rules()
VARIANTS = sorted((Path(__file__).resolve().parents[2] / "examples" / "variants").iterdir())
RULE_SETS = [RULES, *(load_variant(v)[0] for v in VARIANTS if (v / "variant.yaml").exists())]
ALL_RULES = {(r.id, r.message): (rs, r) for rs in RULE_SETS for r in rs.rules}
"""Every message of the catalogue and of the example variants, with its rule set."""
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")

COUNT_INVARIANT = frozenset({"jaar", "uur", "keer", "euro"})
"""Dutch words that stay the same after any number ("1 jaar", "2 jaar"): the only words
that may follow a whole number in a message without a count placeholder."""

KNOWN_PLURALS = frozenset(
    {
        "wetten",
        "leden",
        "maanden",
        "professionals",
        "organisaties",
        "vragen",
        "loketten",
        "weken",
        "dagen",
        "werkdagen",
        "jaren",
        "uren",
        "keren",
        "kinderen",
        "hulpverleners",
        "casemanagers",
        "leefgebieden",
        "groepen",
        "betrokkenen",
        "voorzieningen",
        "gezinnen",
        "doelen",
        "signalen",
    }
)


def _count_forms(rules: list[Rule]) -> tuple[set[str], set[str]]:
    """Every singular and plural form the count placeholders use."""
    singular: set[str] = set()
    plural: set[str] = set()
    for rule in rules:
        for placeholder in _PLACEHOLDER.findall(rule.message):
            _, forms = split_placeholder(placeholder)
            if forms is not None:
                singular.add(forms[0])
                plural.add(forms[1])
    return singular - plural, plural


SINGULARS, CATALOGUE_PLURALS = _count_forms([r for _, r in ALL_RULES.values()])
PLURALS = KNOWN_PLURALS | CATALOGUE_PLURALS


def _is_int(rules: RuleSet, rule: Rule, key: str) -> bool:
    if key.startswith("param:"):
        return all(
            isinstance(v, int) and not isinstance(v, bool)
            for v in rules.parameters[key[6:]].values.values()
        )
    alias, _, fld = key.partition(".")
    return FACT_SCHEMA[rule.aliases[alias]][fld][0] == "int"


def _counted(rules: RuleSet, rule: Rule) -> list[tuple[str, str]]:
    """(placeholder key, what follows it) for every plain whole-number placeholder."""
    out = []
    matches = list(_PLACEHOLDER.finditer(rule.message))
    for i, m in enumerate(matches):
        key, forms = split_placeholder(m.group(1))
        if forms is not None or not _is_int(rules, rule, key):
            continue
        end = matches[i + 1].start() if i + 1 < len(matches) else len(rule.message)
        following = rule.message[m.end() : end]
        if not following.strip() and i + 1 < len(matches):
            following = "{" + matches[i + 1].group(1) + "}"
        out.append((key, following))
    return out


def _sample(kind: str, n: int) -> Any:
    return {"int": n, "bool": False, "date": "2027-03-01"}.get(kind, "X")


def _render_with_counts(rules: RuleSet, rule: Rule, n: int) -> str:
    binding = {
        alias: {fld: _sample(kind, n) for fld, (kind, _) in FACT_SCHEMA[fact].items()}
        for alias, fact in rule.aliases.items()
    }
    params: dict[str, ParameterValue] = {}
    for pid in rule.parameters:
        value = rules.parameters.value(pid, PEIL)
        params[pid] = n if isinstance(value, int) and not isinstance(value, bool) else value
    return render_message(rule, binding, params)


def _words_after(number: int, text: str) -> list[str]:
    """The words right after the stand-alone number ``number`` (not inside 2027-01-01)."""
    return re.findall(rf"(?<![\w.,:/-]){number}\s+([^\W\d_]+)", text)


COUNTED_RULES = [(rs, r) for rs, r in ALL_RULES.values() if _counted(rs, r)]


def test_the_catalogue_has_counted_messages_and_plural_forms() -> None:
    """The checks below check something: counts, count placeholders and both forms."""
    assert len(COUNTED_RULES) >= 20
    assert len(RULE_SETS) >= 2  # the catalogue and at least one example variant
    assert any(r.path.startswith(str(VARIANTS[0].parent)) for _, r in COUNTED_RULES)
    assert {"wetten", "leden", "maanden", "dagen", "kinderen"} <= CATALOGUE_PLURALS
    assert {"wet", "lid", "maand", "dag", "kind"} <= SINGULARS


@pytest.mark.parametrize(("rules", "rule"), COUNTED_RULES, ids=lambda x: getattr(x, "id", ""))
def test_a_number_before_a_word_uses_a_count_placeholder(rules: RuleSet, rule: Rule) -> None:
    """Derived from the template: a whole number is followed by its count placeholder, by
    a word that does not change with the number ("jaar", "uur"), or by no word."""
    for key, following in _counted(rules, rule):
        word = re.match(r"\s+([^\W\d_]+)", following)
        if following.startswith("{"):
            next_key, forms = split_placeholder(following[1:-1])
            assert forms is not None, (rule.id, key, following)
            assert next_key == key, f"{rule.id}: {{{key}}} is followed by a count of {next_key}"
        elif word is not None:
            assert word.group(1) in COUNT_INVARIANT, (
                f"{rule.path}: {{{key}}} {word.group(1)}: write "
                f"{{{key}}} {{{key}|<singular>|<plural>}}"
            )


@pytest.mark.parametrize(("rules", "rule"), COUNTED_RULES, ids=lambda x: getattr(x, "id", ""))
def test_every_counted_message_is_right_for_one_and_for_two(rules: RuleSet, rule: Rule) -> None:
    one = _render_with_counts(rules, rule, 1)
    two = _render_with_counts(rules, rule, 2)
    assert not [w for w in _words_after(1, one) if w in PLURALS], one
    assert not [w for w in _words_after(2, two) if w in SINGULARS], two
    for _key, following in _counted(rules, rule):
        if following.startswith("{"):
            singular, plural = split_placeholder(following[1:-1])[1] or ("", "")
            assert f"1 {singular}" in one
            assert f"2 {plural}" in two


@pytest.mark.parametrize("rule", [r for _, r in ALL_RULES.values()], ids=lambda r: r.id)
def test_no_template_says_one_with_a_plural_noun(rule: Rule) -> None:
    """The fixed text of messages and letters ("1 gezin 1 plan") is right too; letters have
    no counts (only {naam} and {datum})."""
    for text in (rule.message, rule.letter):
        literal = _PLACEHOLDER.sub(" ", text)
        assert not [w for w in _words_after(1, literal) if w in PLURALS], text
    assert set(_PLACEHOLDER.findall(rule.letter)) <= {"naam", "datum"}


# -- the syntax, rendered and checked by the loader -----------------------------------

RULE = """\
id: transitie.x
title: Test
severity: low
basis: [{{law: jeugdwet, article: "1.1", valid_from: 2015-01-01}}]
description: test
message: "{message}"
letter: "{{naam}} wordt 18."
parameters: [transitie.horizon_maanden, transitie.zoektermijn_afzien_mogelijk]
wet: jeugdwet
when:
  - fact: member
    as: m
    where:
      months_to_18: {{ge: 0, le: {{param: transitie.horizon_maanden}}}}
tests:
  - name: one month
    peildatum: 2026-11-23
    household:
      members: [{{id: m1, role: kind, birth_date: 2008-12-25}}]
    fires: true
    expect: {{message_contains: ["over 1 maand 18"]}}
  - name: two months
    peildatum: 2026-11-23
    household:
      members: [{{id: m1, role: kind, birth_date: 2009-01-25}}]
    fires: true
    expect: {{message_contains: ["over 2 maanden 18"]}}
  - name: quiet
    peildatum: 2026-11-23
    household:
      members: [{{id: m1, role: kind, birth_date: 2000-02-18}}]
    fires: false
"""
GOOD = "{m.id} wordt over {m.months_to_18} {m.months_to_18|maand|maanden} 18."


def _write(tmp_path: Path, message: str) -> Path:
    root = tmp_path / "rules"
    (root / "transitie").mkdir(parents=True)
    (root / "parameters").symlink_to(default_rules_dir() / "parameters")
    (root / "transitie" / "x.yaml").write_text(RULE.format(message=message), encoding="utf-8")
    return root


def test_a_count_placeholder_renders_singular_for_one_and_plural_otherwise(
    tmp_path: Path,
) -> None:
    rules = load_rules(_write(tmp_path, GOOD))
    (rule,) = rules.rules
    for case in rule.tests:
        for engine in ("python", "durable"):
            result = run_case(rules, rule, case, engine)
            assert result.ok, str(result)
    member = {f: _sample(k, 0) for f, (k, _) in FACT_SCHEMA["member"].items()}
    for n, word in ((0, "maanden"), (1, "maand"), (-1, "maand"), (2, "maanden"), (12, "maanden")):
        text = render_message(rule, {"m": member | {"id": "m1", "months_to_18": n}}, {})
        assert text == f"m1 wordt over {n} {word} 18."


def test_a_count_placeholder_may_choose_a_verb_and_read_a_parameter(tmp_path: Path) -> None:
    message = (
        "{param:transitie.horizon_maanden} {param:transitie.horizon_maanden|maand|maanden} "
        "{m.months_to_18|is|zijn} genoeg."
    )
    rules = load_rules(_write(tmp_path, message))
    (rule,) = rules.rules
    member = {f: _sample(k, 0) for f, (k, _) in FACT_SCHEMA["member"].items()}
    params: dict[str, ParameterValue] = {"transitie.horizon_maanden": 1}
    assert render_message(rule, {"m": member | {"months_to_18": 1}}, params) == (
        "1 maand is genoeg."
    )
    params = {"transitie.horizon_maanden": 6}
    assert render_message(rule, {"m": member | {"months_to_18": 6}}, params) == (
        "6 maanden zijn genoeg."
    )


@pytest.mark.parametrize(
    ("message", "error"),
    [
        ("{m.id|kind|kinderen}", "m.id is not a whole number (int field)"),
        ("{m.months_to_18|maand}", "a count placeholder is {alias.field|singular|plural}"),
        ("{m.months_to_18|maand|maanden|jaren}", "a count placeholder is"),
        ("{m.months_to_18|maand|}", "a count placeholder is"),
        ("{m.months_to_18|1|2}", "a count placeholder is"),
        ("{m.shoe_size|maat|maten}", "placeholder {m.shoe_size|maat|maten} names no alias.field"),
        ("{p.count|x|y}", "names no alias.field"),
        (
            "{param:transitie.zoektermijn_afzien_mogelijk|a|b}",
            "parameter 'transitie.zoektermijn_afzien_mogelijk' is not a whole number",
        ),
        ("{param:transitie.nope|dag|dagen}", "unknown parameter 'transitie.nope'"),
    ],
)
def test_bad_count_placeholders_are_errors_with_file_and_line(
    tmp_path: Path, message: str, error: str
) -> None:
    with pytest.raises(RuleError) as info:
        load_rules(_write(tmp_path, message))
    text = str(info.value)
    assert error in text
    assert "transitie/x.yaml:6: message: rule transitie.x:" in text

"""Rule language v1.2: test-case expectations, shifted deadlines, the funding law, and
example parameters — each checked by the loader and by what a rule produces."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from gezinsplan.assessor import assess
from gezinsplan.cases import run_case
from gezinsplan.errors import RuleError
from gezinsplan.io import parse_household
from gezinsplan.resources import default_rules_dir
from gezinsplan.rules.ruleset import RuleSet, load_rules

RULE = """
id: transitie.x
title: Test
severity: low
basis: [{{law: jeugdwet, article: "1.1", valid_from: 2015-01-01}}]
description: test
message: "{{m.id}} wordt 18"
letter: "{{naam}} wordt 18. Regel dit voor {{datum}}."
parameters: [transitie.horizon_maanden, transitie.vertegenwoordiging_maanden]
wet: {wet}
deadline: {deadline}
when:
  - fact: member
    as: m
    where:
      months_to_18: {{ge: 0, le: {{param: transitie.horizon_maanden}}}}
tests:
  - name: fires
    peildatum: 2026-11-23
    household:
      members: [{{id: m1, role: kind, birth_date: 2009-02-18}}]
    fires: true
{expect}
  - name: quiet
    peildatum: 2026-11-23
    household:
      members: [{{id: m1, role: kind, birth_date: 2000-02-18}}]
    fires: false
"""
OK_DEADLINE = (
    "{ref: m.eighteenth_birthday, months_before: {param: transitie.vertegenwoordiging_maanden}}"
)


def _load(tmp_path: Path, **parts: str) -> RuleSet:
    values = {"wet": "jeugdwet", "deadline": OK_DEADLINE, "expect": ""} | parts
    root = tmp_path / "rules"
    (root / "transitie").mkdir(parents=True)
    (root / "parameters").symlink_to(default_rules_dir() / "parameters")
    (root / "transitie" / "x.yaml").write_text(RULE.format(**values), encoding="utf-8")
    return load_rules(root)


def _result(rules: RuleSet) -> list[str]:
    rule = rules.rule("transitie.x")
    return [
        str(r)
        for r in (run_case(rules, rule, rule.tests[0], e) for e in ("python", "durable"))
        if not r.ok
    ]


def test_a_deadline_can_lie_a_parameter_of_months_before_a_date(tmp_path: Path) -> None:
    rules = _load(tmp_path)
    h = parse_household(
        {
            "id": "h",
            "gemeente": "G",
            "members": [{"id": "m1", "role": "kind", "birth_date": "2009-02-18"}],
        }
    )
    (early,) = assess(h, rules, date(2026, 5, 1))
    assert early.deadline == date(2026, 8, 18)  # 6 months before 2027-02-18, a Tuesday
    assert early.overdue_since is None
    assert early.missed_term == ""
    # at 2026-11-23 that date has passed: a new date 5 working days on (plan.spoed_werkdagen)
    (signal,) = assess(h, rules, date(2026, 11, 23))
    assert signal.deadline == date(2026, 11, 30)
    assert signal.overdue_since == date(2026, 8, 19)
    assert signal.missed_term == (
        "6 maanden vóór de 18e verjaardag 2027-02-18, uiterlijk 2026-08-18"
    )
    assert signal.wet is not None
    assert signal.wet.value == "jeugdwet"


@pytest.mark.parametrize(
    ("expect", "complaint"),
    [
        ("    expect: {members: [m2]}", "expected members ['m2'], got ['m1']"),
        ("    expect: {deadline: 2027-02-18}", "expected deadline 2027-02-18, got 2026-11-30"),
        ("    expect: {message_contains: [Wmo]}", "message lacks ['Wmo']"),
        ("    expect: {message_excludes: [wordt]}", "message holds ['wordt']"),
        ("    expect: {count: 2}", "expected 2 signal(s), got 1"),
    ],
)
def test_a_wrong_expectation_fails_the_case(tmp_path: Path, expect: str, complaint: str) -> None:
    failures = _result(_load(tmp_path, expect=expect))
    assert len(failures) == 2  # both engines
    assert all(complaint in f for f in failures)


def test_a_right_expectation_passes(tmp_path: Path) -> None:
    expect = (
        "    expect: {members: [m1], deadline: 2026-11-30, message_contains: [wordt 18], count: 1}"
    )
    assert _result(_load(tmp_path, expect=expect)) == []


@pytest.mark.parametrize(
    ("parts", "message"),
    [
        ({"wet": "belastingdienst"}, "wet: rule transitie.x: unknown wet 'belastingdienst'"),
        ({"wet": "{ref: m.role}"}, "wet is a Wet value or {ref: alias.wet}"),
        (
            {"deadline": "{ref: m.eighteenth_birthday, months_before: 1, months_after: 2}"},
            "give one of days_before, months_before, werkdagen_before, days_after",
        ),
        (
            {
                "deadline": "{ref: m.eighteenth_birthday, "
                "months_before: {param: transitie.eigen_risico_zvw}}"
            },
            "parameter 'transitie.eigen_risico_zvw' must hold whole maanden (unit maanden)",
        ),
        ({"deadline": "{ref: m.eighteenth_birthday, weeks_before: 2}"}, "deadline.weeks_before"),
        (
            {"expect": "    expect: {colour: red}"},
            "tests[0].expect.colour: rule transitie.x: unknown key",
        ),
        ({"expect": "    expect: {deadline: soon}"}, "tests[0].expect.deadline"),
        ({"expect": "    expect: {count: 0}"}, "must be a whole number of at least 1"),
    ],
)
def test_bad_extensions_are_file_line_errors(
    tmp_path: Path, parts: dict[str, str], message: str
) -> None:
    with pytest.raises(RuleError) as info:
        _load(tmp_path, **parts)
    assert message in str(info.value)
    assert "x.yaml:" in str(info.value)


def test_a_transitie_rule_must_name_its_law(tmp_path: Path) -> None:
    root = tmp_path / "rules"
    (root / "transitie").mkdir(parents=True)
    (root / "parameters").symlink_to(default_rules_dir() / "parameters")
    text = RULE.format(wet="x", deadline=OK_DEADLINE, expect="").replace("wet: x\n", "")
    (root / "transitie" / "x.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(RuleError, match="a transitie rule names the law of its follow-up"):
        load_rules(root)


def test_expect_only_goes_with_a_firing_case(tmp_path: Path) -> None:
    text = RULE.format(wet="jeugdwet", deadline=OK_DEADLINE, expect="")
    text = text.replace("    fires: false\n", "    fires: false\n    expect: {count: 1}\n")
    root = tmp_path / "rules"
    (root / "transitie").mkdir(parents=True)
    (root / "parameters").symlink_to(default_rules_dir() / "parameters")
    (root / "transitie" / "x.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(RuleError, match="expect only goes with fires: true"):
        load_rules(root)


def test_every_firing_case_of_a_transitie_rule_checks_its_deadline_or_message() -> None:
    for rule in load_rules().rules:
        if not rule.id.startswith("transitie."):
            continue
        firing = [c for c in rule.tests if c.fires]
        assert any(c.expect and (c.expect.deadline or c.expect.message_contains) for c in firing), (
            rule.id
        )


def test_example_parameters_are_marked_and_documented() -> None:
    rules = load_rules()
    examples = sorted(p for p in rules.parameters if rules.parameters[p].example)
    assert examples == [
        "bestaanszekerheid.huurachterstand_maanden",
        "bestaanszekerheid.huurachterstand_schuldhulp_maanden",
        "bestaanszekerheid.kostendeler_horizon_maanden",
        "bestaanszekerheid.ontzorgen_huurachterstand_maanden",
        "bestaanszekerheid.vroegsignaal_contact_dagen",
        "bestaanszekerheid.vroegsignaal_schuldeisers",
        "blokkades.aparte_intake_per_wet",
        "blokkades.reintegratie_alleen_met_uitkering",
        "blokkades.tegenprestatie_ondanks_mantelzorg",
        "plan.spoed_werkdagen",
        "schotten.jeugdhulp_toegang_dagen",
        "schotten.respijtzorg_etmalen_per_maand",
        "transitie.einde_zorg_horizon_maanden",
        "transitie.wajong_aanvraag_maanden",
    ]
    text = (Path(__file__).resolve().parents[2] / "docs" / "rules.md").read_text(encoding="utf-8")
    for pid in examples:
        parameters = text.split("\n## Parameters\n", 1)[1]
        section = parameters.split(f"### {pid}\n", 1)[1].split("###", 1)[0]
        assert "*Example.*" in section


def test_the_tegenprestatie_rule_lapses_in_2027() -> None:
    rules = load_rules()
    assert (
        rules.parameters.value("blokkades.tegenprestatie_ondanks_mantelzorg", date(2026, 12, 31))
        is True
    )
    assert (
        rules.parameters.value("blokkades.tegenprestatie_ondanks_mantelzorg", date(2027, 1, 1))
        is False
    )


def test_the_zoektermijn_waiver_starts_in_2026() -> None:
    rules = load_rules()
    pid = "transitie.zoektermijn_afzien_mogelijk"
    assert rules.parameters.value(pid, date(2025, 12, 31)) is False
    assert rules.parameters.value(pid, date(2026, 1, 1)) is True


@pytest.mark.parametrize(
    ("letter", "message"),
    [
        ('"{adres} wordt 18."', "unknown placeholder {adres} (allowed: {naam}, {datum})"),
        ('""', "letter: rule transitie.x: a text of at most 400 characters"),
    ],
)
def test_bad_letter_texts_are_errors(tmp_path: Path, letter: str, message: str) -> None:
    text = RULE.format(wet="jeugdwet", deadline=OK_DEADLINE, expect="")
    text = text.replace('letter: "{naam} wordt 18. Regel dit voor {datum}."', f"letter: {letter}")
    root = tmp_path / "rules"
    (root / "transitie").mkdir(parents=True)
    (root / "parameters").symlink_to(default_rules_dir() / "parameters")
    (root / "transitie" / "x.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(RuleError) as info:
        load_rules(root)
    assert message in str(info.value)


def test_datum_needs_a_deadline(tmp_path: Path) -> None:
    text = RULE.format(wet="jeugdwet", deadline=OK_DEADLINE, expect="")
    text = text.replace(f"deadline: {OK_DEADLINE}\n", "")
    root = tmp_path / "rules"
    (root / "transitie").mkdir(parents=True)
    (root / "parameters").symlink_to(default_rules_dir() / "parameters")
    (root / "transitie" / "x.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(RuleError, match="needs a deadline"):
        load_rules(root)

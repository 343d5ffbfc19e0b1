"""Every rule's own test cases, on both engines: one parametrised hook over the catalogue."""

from __future__ import annotations

import pytest

from gezinsplan.cases import run_case
from gezinsplan.rules.ruleset import Rule, RuleTestCase, load_rules

RULES = load_rules()
CASES = [
    pytest.param(rule, case, id=f"{rule.id}::{case.name}")
    for rule in RULES.rules
    for case in rule.tests
]


@pytest.mark.parametrize(("rule", "case"), CASES)
@pytest.mark.parametrize("engine", ["python", "durable"])
def test_rule_case(rule: Rule, case: RuleTestCase, engine: str) -> None:
    result = run_case(RULES, rule, case, engine)  # type: ignore[arg-type]
    assert result.ok, str(result)


def test_catalogue_size_and_categories() -> None:
    assert len(RULES.rules) >= 25
    folders = {r.id.split(".")[0] for r in RULES.rules}
    assert {
        "triage",
        "veiligheid",
        "bestaanszekerheid",
        "schotten",
        "transitie",
        "blokkades",
    } <= folders
    for rule in RULES.rules:
        assert rule.source
        assert rule.title
        assert rule.description
        assert {c.fires for c in rule.tests} == {True, False}

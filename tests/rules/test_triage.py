"""The triage classes (enkelvoudig, meervoudig, complex) exclude each other, and the plan
builder and the monitor read the same class from the signals."""

from __future__ import annotations

from collections import Counter
from datetime import date

from gezinsplan.assessor import assess
from gezinsplan.generate import generate_households
from gezinsplan.model.enums import Urgency
from gezinsplan.monitor.chunks import klasse
from gezinsplan.plan.builder import COMPLEX_RULES, build_plan, plan_outcome
from gezinsplan.plan.model import PlanOutcome
from gezinsplan.rules.ruleset import default_rules

RULES = default_rules()
PEIL = date(2026, 11, 23)
CLASSES = {
    "triage.enkelvoudig": "enkelvoudig",
    "triage.meervoudig": "meervoudig",
    **dict.fromkeys(COMPLEX_RULES, "complex"),
}


def test_no_generated_household_gets_two_triage_classes() -> None:
    seen: Counter[str] = Counter()
    for h in generate_households(1200, seed=18, peildatum=PEIL):
        signals = assess(h, RULES, PEIL, engine="python")
        rule_ids = {s.rule_id for s in signals}
        classes = {CLASSES[r] for r in rule_ids if r in CLASSES}
        assert len(classes) <= 1, (h.id, sorted(rule_ids & set(CLASSES)))
        monitor = klasse(rule_ids, len(h.questions))
        if classes:
            assert monitor == next(iter(classes)), h.id
            seen[monitor] += 1
        else:
            assert monitor in ("overig", "geen_vraag"), h.id
        acute = any(q.urgency is Urgency.ACUUT for q in h.questions)
        outcome = plan_outcome(
            [(s.rule_id, s.category) for s in signals], questions=bool(h.questions), acute=acute
        )
        assert build_plan(h, signals, PEIL, rules=RULES).outcome is outcome, h.id
        if monitor in ("meervoudig", "complex"):
            assert outcome is PlanOutcome.PLAN, h.id
    # the test checks something: every class occurs among the generated households
    assert set(seen) == {"enkelvoudig", "meervoudig", "complex"}, seen

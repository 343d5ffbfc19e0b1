"""Actions declared in a rule file: who does what, under which law, by when; strict
validation; due dates (lead times, terms, overdue) on the signal; the plan's actions."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from gezinsplan.assessor import Assessor
from gezinsplan.errors import RuleError
from gezinsplan.model.household import Household
from gezinsplan.plan.builder import build_plan
from gezinsplan.resources import default_rules_dir
from gezinsplan.rules.ruleset import default_rules, load_rules
from gezinsplan.signal import Owner

RULE = """id: schotten.x
title: Test
severity: low
basis: [{{law: wmo2015, article: "2.3.5", lid: 2, valid_from: 2015-01-01}}]
description: test
message: "{{q.member}}"
parameters: [schotten.wmo_beschikking_dagen, plan.spoed_werkdagen]
deadline: {{ref: q.aanvraag_on, days_after: {{param: schotten.wmo_beschikking_dagen}}, atw: true}}
when:
  - fact: question
    as: q
    where:
      has_aanvraag: true
tests:
  - name: fires
    peildatum: 2026-12-01
    household:
      members: [{{id: m1, role: ouder, birth_date: 1950-01-01}}]
      questions: [{{id: q1, members: [m1], leefgebied: basale_adl, desk: wmo, aanvraag_on: {on}}}]
    fires: true
  - name: quiet
    peildatum: 2026-12-01
    household:
      members: [{{id: m1, role: ouder, birth_date: 1950-01-01}}]
    fires: false
actions:
  - id: beschikking
    owner: gemeente
    wet: wmo
    text: Neem een besluit op de aanvraag.
    letter: "Uiterlijk {{datum}} hoort u wat we besluiten."
    basis:
      - {{law: wmo2015, article: "2.3.5", lid: 1, valid_from: 2015-01-01}}
{extra}"""


def _rules(tmp_path: Path, extra: str = "", on: str = "2026-11-28"):  # type: ignore[no-untyped-def]
    root = tmp_path / "rules"
    (root / "schotten").mkdir(parents=True)
    (root / "parameters").symlink_to(default_rules_dir() / "parameters")
    (root / "schotten" / "x.yaml").write_text(RULE.format(extra=extra, on=on), encoding="utf-8")
    return load_rules(root)


def _signal(tmp_path: Path, extra: str = "", on: str = "2026-11-28", peil: str = "2026-12-01"):  # type: ignore[no-untyped-def]
    rules = _rules(tmp_path, extra, on)
    h = Household.model_validate(
        {
            "id": "h",
            "gemeente": "Teststad",
            "members": [{"id": "m1", "role": "ouder", "birth_date": "1950-01-01"}],
            "questions": [
                {
                    "id": "q1",
                    "members": ["m1"],
                    "leefgebied": "basale_adl",
                    "desk": "wmo",
                    "aanvraag_on": on,
                }
            ],
        }
    )
    out = {}
    for engine in ("python", "durable"):
        sigs = list(Assessor(rules, engine=engine).assess(h, date.fromisoformat(peil)))
        out[engine] = [s for s in sigs if s.rule_id == "schotten.x"]
    assert out["python"] == out["durable"]
    (sig,) = out["python"]
    return rules, h, sig


def test_an_action_takes_the_rules_deadline_when_it_names_none(tmp_path: Path) -> None:
    _, _, sig = _signal(tmp_path)
    (a,) = sig.actions
    assert a.owner is Owner.GEMEENTE
    assert a.law == "wmo2015"  # "wmo" is the Wmo 2015
    assert a.due == sig.deadline == date(2026, 12, 14)  # Sat 12-12 + Atw: Monday
    assert a.basis[0].citation == "Wmo 2015 art. 2.3.5 lid 1"
    assert a.basis[0].url.startswith("https://wetten.overheid.nl/jci1.3:c:BWBR0035362")


def test_an_action_with_its_own_due_date(tmp_path: Path) -> None:
    extra = """  - id: huisbezoek
    owner: huishouden
    wet: wmo2015
    text: Het huishouden maakt een afspraak voor het onderzoek.
    basis: [{law: wmo2015, article: "2.3.2", lid: 1, valid_from: 2015-01-01}]
    due: {ref: q.aanvraag_on, werkdagen_after: 3, atw: false}
"""
    _, _, sig = _signal(tmp_path, extra)
    due = {a.id: a.due for a in sig.actions}
    assert due == {"beschikking": date(2026, 12, 14), "huisbezoek": date(2026, 12, 2)}


def test_an_overdue_action_names_the_missed_term(tmp_path: Path) -> None:
    # due Friday 2026-11-20, peildatum Tuesday 2026-12-01: 5 working days on is 2026-12-08
    _, _, sig = _signal(tmp_path, on="2026-11-06")
    (a,) = sig.actions
    assert a.due == date(2026, 12, 8)
    assert a.overdue_since == date(2026, 11, 21)
    assert "2026-11-20" in a.missed_term
    assert "de aanvraag" in a.missed_term


def test_the_plan_carries_the_declared_action(tmp_path: Path) -> None:
    rules, h, sig = _signal(tmp_path)
    plan = build_plan(h, [sig], date(2026, 12, 1), rules=rules)
    found = [a for a in plan.transitions if a.rule_id == "schotten.x"]
    assert [a.action_id for a in found] == ["beschikking"]
    assert found[0].owner is Owner.GEMEENTE
    assert found[0].basis
    assert found[0].deadline == date(2026, 12, 14)


@pytest.mark.parametrize(
    ("extra", "where", "message"),
    [
        (
            "  - {id: b, owner: notaris, wet: wmo, text: x, basis: "
            '[{law: wmo2015, article: "1", valid_from: 2015-01-01}]}\n',
            "actions[1].owner",
            "unknown owner 'notaris'",
        ),
        (
            "  - {id: b, owner: svb, wet: kinderbijslag, text: x, basis: "
            '[{law: akw, article: "7", valid_from: 2015-01-01}]}\n',
            "actions[1].wet",
            "unknown law 'kinderbijslag'",
        ),
        (
            "  - {id: b, owner: svb, wet: akw, text: x, basis: "
            '[{law: wmo2015, article: "1", valid_from: 2015-01-01}]}\n',
            "actions[1].basis",
            "cites no article of the action's law 'akw'",
        ),
        (
            "  - {id: beschikking, owner: svb, wet: akw, text: x, basis: "
            '[{law: akw, article: "7", valid_from: 2015-01-01}]}\n',
            "actions[1].id",
            "duplicate action id",
        ),
        (
            "  - {id: b, owner: svb, wet: akw, text: x, letter: 'Hallo {m.id}', basis: "
            '[{law: akw, article: "7", valid_from: 2015-01-01}]}\n',
            "actions[1].letter",
            "unknown placeholder {m.id}",
        ),
        (
            "  - {id: b, owner: svb, wet: akw, text: x, basis: "
            '[{law: akw, article: "7", valid_from: 2015-01-01}], '
            "due: {ref: q.aanvraag_on, days_after: 3}}\n",
            "actions[1].due.days_after",
            "say whether the Algemene termijnenwet",
        ),
        (
            "  - {id: b, owner: svb, text: x, basis: "
            '[{law: akw, article: "7", valid_from: 2015-01-01}]}\n',
            "actions[1]",
            "missing wet",
        ),
        (
            "  - {id: b, owner: svb, wet: akw, text: x, who: y, basis: "
            '[{law: akw, article: "7", valid_from: 2015-01-01}]}\n',
            "actions[1].who",
            "unknown key",
        ),
    ],
)
def test_bad_actions_are_file_line_errors(
    tmp_path: Path, extra: str, where: str, message: str
) -> None:
    with pytest.raises(RuleError) as info:
        _rules(tmp_path, extra)
    text = str(info.value)
    assert f"x.yaml:34: {where}" in text, text
    assert message in text


# -- blockades yield the action that removes them; a variant that lifts one shows ------


def test_a_lifted_blockade_changes_the_plan() -> None:
    from gezinsplan import load_rules as load_with_variant

    base = default_rules()
    variant = load_with_variant(variant=Path("examples/variants/een_toegang"))
    peil = date(2026, 11, 23)
    h = Household.model_validate(
        {
            "id": "h",
            "gemeente": "Teststad",
            "members": [{"id": "m1", "role": "ouder", "birth_date": "1975-01-01"}],
            "questions": [
                {"id": "q1", "members": ["m1"], "leefgebied": "financien", "desk": "participatie"},
                {"id": "q2", "members": ["m1"], "leefgebied": "instrumentele_adl", "desk": "wmo"},
            ],
            "provisions": [
                {
                    "id": "p1",
                    "member": "m1",
                    "wet": "participatiewet",
                    "kind": "uitkering",
                    "product": "bijstand",
                    "start": "2024-01-01",
                },
                {
                    "id": "p2",
                    "member": "m1",
                    "wet": "wmo",
                    "kind": "maatwerkvoorziening",
                    "product": "huishoudelijke_hulp",
                    "start": "2024-01-01",
                },
            ],
        }
    )

    def declared(rules):  # type: ignore[no-untyped-def]
        plan = Assessor(rules, engine="python").assess_and_plan(h, peil).plan
        actions = [a for g in plan.goals for a in g.actions] + list(plan.transitions)
        return {(a.rule_id, a.action_id, a.owner) for a in actions if a.rule_id}

    before, after = declared(base), declared(variant)
    lifted = ("blokkades.aparte_intake_per_wet", "een_gesprek", Owner.GEMEENTE)
    assert lifted in before
    assert lifted not in after


# -- the catalogue ------------------------------------------------------------------------

RULES = default_rules()


def test_every_rule_that_asks_for_work_declares_an_action() -> None:
    from gezinsplan.signal import Category

    missing = [
        r.id
        for r in RULES.rules
        if r.category is not Category.TRIAGE
        and not any(a.owner and a.law and a.basis for a in r.actions)
    ]
    assert missing == []


def test_every_action_citation_names_an_article_that_exists() -> None:
    from tests.rules.test_legal_basis import resolve

    wrong = [
        (r.id, a.id, b.cite(), found)
        for r in RULES.rules
        for a in r.actions
        for b in a.basis
        if (found := resolve(b)) not in ("ok", "no text")
    ]
    assert wrong == []


def test_owners_follow_the_law() -> None:
    """Who acts follows from the law: kinderbijslag by the SVB (AKW), the kindgebonden budget
    by Belastingdienst/Toeslagen, representation by the kantonrechter (BW), Wlz by the CIZ,
    Wajong by UWV, studiefinanciering by DUO, pleegzorg to 21 under the Jeugdwet."""
    owner = {(r.id, a.id): (a.owner.value, a.law) for r in RULES.rules for a in r.actions}
    assert owner[("transitie.kinderbijslag_stopt", "kinderbijslag_einde")] == ("svb", "akw")
    assert owner[("transitie.kindgebonden_budget_stopt", "kgb_stopt")] == ("toeslagen", "wkgb")
    assert owner[("transitie.vertegenwoordiging", "verzoek_kantonrechter")] == (
        "kantonrechter",
        "bw1",
    )
    assert owner[("transitie.wlz_indicatie_voor_18", "aanvraag_ciz")] == ("ciz", "wlz")
    assert owner[("transitie.wajong_18", "beoordeling_uwv")] == ("uwv", "wajong")
    assert owner[("transitie.studiefinanciering_18", "aanvraag_duo")] == ("duo", "wsf2000")
    assert owner[("transitie.pleegzorg", "pleegzorg_tot_21")][1] == "jeugdwet"
    assert owner[("transitie.zorgverzekering_18", "premie_zelf")] == ("huishouden", "zvw")


def _event(h: Household, peildatum: date, rule, signal, due: tuple[str, str]) -> date:  # type: ignore[no-untyped-def]
    """The date the action's due date counts from (the 18th birthday, an eviction …)."""
    from gezinsplan.rules.facts import build_facts

    positive = [p for p in rule.patterns if not p.negated]
    index = next(i for i, p in enumerate(positive) if p.alias == due[0])
    matched = signal.facts[index]
    table = build_facts(h, peildatum)[matched.type]
    fact = next(f for f in table if str(f["id"]) == matched.id)
    return date.fromisoformat(fact[due[1]])


@pytest.mark.parametrize("peildatum", [date(2026, 11, 23), date(2027, 4, 2)])
def test_no_action_is_dated_on_or_after_the_event_it_precedes(peildatum: date) -> None:
    """Over generated households: an action with a lead time lies strictly before its
    event (unless overdue: then it has a new date and names the missed term)."""
    from gezinsplan.generate import generate_households
    from gezinsplan.rules.terms import calendar_from_params

    cal = calendar_from_params(RULES.params_at(peildatum))
    assessor = Assessor(RULES, engine="python")
    seen = late = before = 0
    for h in generate_households(300, seed=5, peildatum=peildatum):
        for s in assessor.assess(h, peildatum):
            rule = RULES.rule(s.rule_id)
            for a, declared in zip(s.actions, rule.actions, strict=True):
                if a.due is None:
                    assert declared.due is None
                    continue
                seen += 1
                if a.overdue_since is not None:
                    late += 1
                    assert a.missed_term
                    assert a.due >= peildatum
                    assert cal.is_working_day(a.due)
                    continue
                assert not a.missed_term
                term = declared.due_term
                if term is not None and term.kind == "before" and declared.due is not None:
                    event = _event(h, peildatum, rule, s, declared.due)
                    assert a.due < event, (s.rule_id, a.id, a.due, event)
                    assert cal.is_working_day(a.due), (s.rule_id, a.id)
                    before += 1
        plan = assessor.assess_and_plan(h, peildatum).plan
        for act in [x for g in plan.goals for x in g.actions] + list(plan.transitions):
            if act.overdue_since is not None:
                assert act.missed_term
    assert seen
    assert before


@pytest.mark.parametrize(
    ("ots", "owner"), [(True, Owner.GECERTIFICEERDE_INSTELLING), (False, Owner.GEMEENTE)]
)
def test_safety_under_a_protection_order_lies_with_the_gecertificeerde_instelling(
    ots: bool, owner: Owner
) -> None:
    provisions = (
        [
            {
                "id": "p1",
                "member": "m2",
                "wet": "jeugdwet",
                "kind": "maatwerkvoorziening",
                "product": "jeugdbescherming",
                "start": "2025-01-01",
            }
        ]
        if ots
        else []
    )
    h = Household.model_validate(
        {
            "id": "h",
            "gemeente": "Teststad",
            "members": [
                {"id": "m1", "role": "ouder", "birth_date": "1985-01-01"},
                {"id": "m2", "role": "kind", "birth_date": "2015-01-01"},
            ],
            "safety_concerns": [{"id": "s1", "members": ["m2"], "recorded_on": "2026-11-01"}],
            "provisions": provisions,
        }
    )
    plan = Assessor(default_rules(), engine="python").assess_and_plan(h, date(2026, 11, 23)).plan
    actions = [a for g in plan.goals for a in g.actions] + list(plan.transitions)
    found = {a.owner for a in actions if a.rule_id == "veiligheid.zorgmelding"}
    assert found == {owner}

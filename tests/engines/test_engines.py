"""The engine interface: registry, agreement on hard cases, limits of durable_rules."""

from __future__ import annotations

import dataclasses
import textwrap
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path

import pytest

from gezinsplan import (
    Assessor,
    EngineError,
    HouseholdValidationError,
    InputError,
    RuleError,
    load_rules,
    parse_household,
)
from gezinsplan.cases import run_cases
from gezinsplan.engines import EngineSpec, compile_rules, engine_names, engine_spec, register_engine
from gezinsplan.engines import base as engines_base
from gezinsplan.engines.base import Facts, Matches, Params
from gezinsplan.engines.reference import ReferenceRules
from gezinsplan.generate import generate_households
from gezinsplan.io import read_household
from gezinsplan.resources import default_rules_dir, examples_dir
from gezinsplan.rules.facts import build_facts
from gezinsplan.rules.ruleset import MAX_IN_VALUES, Rule, RuleSet

PEIL = date(2026, 11, 23)
RULES = load_rules()
TYPICAL = read_household(examples_dir() / "02_multiprobleemgezin.json")


def test_the_registry_names_both_engines_and_refuses_unknown_ones() -> None:
    assert engine_names()[:2] == ("durable", "python")
    with pytest.raises(
        EngineError, match="unknown engine 'drools': use one of 'durable', 'python'"
    ):
        engine_spec("drools")
    with pytest.raises(EngineError, match="already registered"):
        register_engine(EngineSpec("python", "again", ReferenceRules))


class _ReversedFacts:
    """A third engine: the reference evaluator over every fact table in reverse order."""

    def __init__(self, rules: Sequence[Rule]) -> None:
        self._inner = ReferenceRules(rules)

    def evaluate(self, facts: Facts, params: Params) -> Matches:
        return self._inner.evaluate({t: list(reversed(v)) for t, v in facts.items()}, params)


def test_a_new_engine_is_one_registration() -> None:
    register_engine(EngineSpec("reversed", "test engine", _ReversedFacts))
    try:
        assessor = Assessor(RULES, engine="reversed")
        reference = Assessor(RULES, engine="python")
        for h in generate_households(300, seed=5, peildatum=PEIL):
            assert assessor.assess(h, PEIL) == reference.assess(h, PEIL)
    finally:
        engines_base._REGISTRY.pop("reversed")


def test_matches_come_back_keyed_by_rule_id() -> None:
    params = RULES.params_at(PEIL)
    facts = build_facts(TYPICAL, PEIL)
    for name in ("python", "durable"):
        matches = compile_rules(RULES.rules, name).evaluate(facts, params)
        assert set(matches) <= {r.id for r in RULES.rules}
        assert "triage.complex" in matches  # complex, so not also meervoudig


def scaled(factor: int) -> RuleSet:
    rules = tuple(
        dataclasses.replace(r, id=f"{r.id}_{k}") if k else r
        for k in range(factor)
        for r in RULES.rules
    )
    return RuleSet(rules, RULES.parameters, f"{RULES.version}x{factor}")


@pytest.mark.parametrize("factor", [10, 30])
def test_large_catalogues_run_on_durable_rules(factor: int) -> None:
    rules = scaled(factor)
    durable = Assessor(rules, engine="durable")
    python = Assessor(rules, engine="python")
    for h in [TYPICAL, *generate_households(50, seed=2, peildatum=PEIL)]:
        found = durable.assess(h, PEIL)
        assert found == python.assess(h, PEIL)
    assert len(durable.assess(TYPICAL, PEIL)) == factor * len(Assessor(RULES).assess(TYPICAL, PEIL))


def _rules_with(tmp_path: Path, folder: str, name: str, text: str) -> RuleSet:
    root = tmp_path / "rules"
    (root / folder).mkdir(parents=True)
    (root / "parameters").symlink_to(default_rules_dir() / "parameters")
    (root / folder / f"{name}.yaml").write_text(textwrap.dedent(text), encoding="utf-8")
    return load_rules(root)


SELF_JOIN = """
    id: schotten.twee_ouders
    title: Twee volwassenen
    severity: info
    basis: [{law: jeugdwet, article: "1.1", valid_from: 2015-01-01}]
    description: twee verschillende leden van 18 of ouder
    message: "{a.id} en {b.id}"
    when:
      - fact: member
        as: a
        where: {age: {ge: 18}}
      - fact: member
        as: b
        where: {age: {ge: 18}, role: {ref: a.role}}
    tests:
      - name: twee ouders
        peildatum: 2026-11-23
        household:
          members:
            - {id: m1, role: ouder, birth_date: 1980-01-01}
            - {id: m2, role: ouder, birth_date: 1982-01-01}
        fires: true
      - name: één ouder
        peildatum: 2026-11-23
        household:
          members: [{id: m1, role: ouder, birth_date: 1980-01-01}]
        fires: false
"""


def test_a_self_join_pairs_different_facts_on_every_engine(tmp_path: Path) -> None:
    rules = _rules_with(tmp_path, "schotten", "twee_ouders", SELF_JOIN)
    base = {"id": "h", "gemeente": "Teststad"}
    one = parse_household(
        {**base, "members": [{"id": "m1", "role": "ouder", "birth_date": "1980-01-01"}]}
    )
    two = parse_household(
        {
            **base,
            "members": [
                {"id": "m1", "role": "ouder", "birth_date": "1980-01-01"},
                {"id": "m2", "role": "ouder", "birth_date": "1982-01-01"},
            ],
        }
    )
    for engine in ("python", "durable"):
        a = Assessor(rules, engine=engine)
        assert a.assess(one, PEIL) == []
        (pair,) = a.assess(two, PEIL)  # the pair once, not twice, never (m1, m1)
        assert pair.members == ("m1", "m2")


def test_a_duplicate_id_is_the_same_clear_error_on_both_engines() -> None:
    data = TYPICAL.model_dump(mode="json")
    first = data["questions"][0]["members"][0]
    data["questions"][0]["members"] = [first, first]  # a member listed twice
    with pytest.raises(HouseholdValidationError, match=r"questions\[0\]\.members\[1\]: .*twice"):
        parse_household(data)
    # a household built around validation still meets one clear error on every engine
    question = TYPICAL.questions[0]
    twice = question.model_copy(update={"members": (first, first)})
    h = TYPICAL.model_copy(update={"questions": (twice, *TYPICAL.questions[1:])})
    for engine in ("python", "durable"):
        with pytest.raises(InputError, match=r"two question facts share the id '[^']+'"):
            Assessor(RULES, engine=engine).assess(h, PEIL)


LONG_IN = """
    id: triage.lange_lijst
    title: Lange lijst
    severity: info
    basis: [{law: jeugdwet, article: "1.1", valid_from: 2015-01-01}]
    description: test
    message: "{m.id}"
    when:
      - fact: member
        as: m
        where: {role: {in: [VALUES]}}
    tests:
      - name: kind
        peildatum: 2026-11-23
        household: {members: [{id: m1, role: kind, birth_date: 2010-01-01}]}
        fires: true
      - name: ouder
        peildatum: 2026-11-23
        household: {members: [{id: m1, role: ouder, birth_date: 1980-01-01}]}
        fires: false
"""


NEG_IN = """
    id: triage.lange_lijst
    title: Lange lijst
    severity: info
    basis: [{law: jeugdwet, article: "1.1", valid_from: 2015-01-01}]
    description: test
    message: "{m.id}"
    when:
      - fact: member
        as: m
      - fact: member
        not: true
        where: {role: {in: [VALUES]}, id: {ref: m.id}}
    tests:
      - name: kind
        peildatum: 2026-11-23
        household: {members: [{id: m1, role: kind, birth_date: 2010-01-01}]}
        fires: false
      - name: ouder
        peildatum: 2026-11-23
        household: {members: [{id: m1, role: ouder, birth_date: 1980-01-01}]}
        fires: true
"""


@pytest.mark.parametrize("template", [LONG_IN, NEG_IN])
@pytest.mark.parametrize("op", ["in", "not_in"])
def test_an_in_list_beyond_the_limit_is_a_file_line_error(
    tmp_path: Path, template: str, op: str
) -> None:
    values = ", ".join(["kind"] + [f"x{i}" for i in range(MAX_IN_VALUES)])
    text = template.replace("{in:", "{" + op + ":").replace("VALUES", values)
    with pytest.raises(RuleError) as info:
        _rules_with(tmp_path, "triage", "lange_lijst", text)
    (problem,) = info.value.problems
    assert problem.source.endswith("lange_lijst.yaml")
    assert problem.line is not None
    assert f"operator '{op}' takes at most {MAX_IN_VALUES} values, got {MAX_IN_VALUES + 1}" in (
        problem.message
    )


@pytest.mark.parametrize("template", [LONG_IN, NEG_IN])
@pytest.mark.parametrize("op", ["in", "not_in"])
def test_an_in_list_at_the_limit_means_the_same_on_both_engines(
    tmp_path: Path, template: str, op: str
) -> None:
    values = ", ".join(["kind"] + [f"x{i}" for i in range(MAX_IN_VALUES - 1)])
    rules = _rules_with(
        tmp_path,
        "triage",
        "lange_lijst",
        template.replace("{in:", "{" + op + ":").replace("VALUES", values),
    )
    kid = {"id": "m1", "role": "kind", "birth_date": "2010-01-01"}
    parent = {"id": "m2", "role": "ouder", "birth_date": "1980-01-01"}
    h = parse_household({"id": "h", "gemeente": "T", "members": [kid, parent]})
    got = {
        engine: [s.members for s in Assessor(rules, engine=engine).assess(h, PEIL)]
        for engine in ("python", "durable")
    }
    assert got["python"] == got["durable"]
    positive = template is LONG_IN
    kid_matches = (op == "in") == positive
    expected = [("m1",)] if kid_matches else [("m2",)]
    assert got["python"] == expected


def test_in_lists_that_combine_beyond_the_limit_are_refused(tmp_path: Path) -> None:
    twenty = ", ".join(f"x{i}" for i in range(20))
    text = LONG_IN.replace(
        "where: {role: {in: [VALUES]}}",
        f"where: {{role: {{in: [{twenty}]}}}}\n      - fact: member\n        as: n\n"
        f"        where: {{role: {{in: [{twenty}]}}}}",
    ).replace('message: "{m.id}"', 'message: "{m.id} {n.id}"')
    with pytest.raises(RuleError, match=r"combine to 400 alternatives; at most 256"):
        _rules_with(tmp_path, "triage", "lange_lijst", text)


JOINED_IN = """
    id: triage.lange_lijst
    title: Lange lijst
    severity: info
    basis: [{law: jeugdwet, article: "1.1", valid_from: 2015-01-01}]
    description: test
    message: "{m.id} {p.id}"
    when:
      - fact: member
        as: m
        where: {role: {in: [ROLES]}}
      - fact: provision
        as: p
        where: {member: {ref: m.id}, provider: {in: [VALUES]}}
    tests:
      - name: een voorziening van o1
        peildatum: 2026-11-23
        household:
          members: [{id: m1, role: kind, birth_date: 2010-01-01}]
          organisations: [{id: o1, name: Een}]
          provisions: [{id: p1, member: m1, wet: jeugdwet, kind: maatwerkvoorziening,
                        product: jeugdhulp_ambulant, start: 2026-01-01, provider: o1}]
        fires: true
      - name: een voorziening van o2
        peildatum: 2026-11-23
        household:
          members: [{id: m1, role: kind, birth_date: 2010-01-01}]
          organisations: [{id: o2, name: Twee}]
          provisions: [{id: p1, member: m1, wet: jeugdwet, kind: maatwerkvoorziening,
                        product: jeugdhulp_ambulant, start: 2026-01-01, provider: o2}]
        fires: false
"""


@pytest.mark.parametrize(
    ("n_roles", "n_values"), [(1, 50), (1, MAX_IN_VALUES), (16, 16)], ids=["50", "max", "16x16"]
)
def test_long_in_lists_on_a_joined_pattern_run_on_durable_rules(
    tmp_path: Path, n_roles: int, n_values: int
) -> None:
    """Each value of a positive 'in' list is an engine rule of its own; on a joined
    pattern 50 of them in one durable_rules ruleset overflowed the engine's alpha stack
    (``error code 303`` at assertion). They are spread over rulesets: the rule runs on
    both engines and its cases hold."""
    roles = ", ".join(["kind"] + [f"r{i}" for i in range(n_roles - 1)])
    values = ", ".join(["o1"] + [f"x{i}" for i in range(n_values - 1)])
    rules = _rules_with(
        tmp_path,
        "triage",
        "lange_lijst",
        JOINED_IN.replace("ROLES", roles).replace("VALUES", values),
    )
    results = run_cases(rules)
    assert results
    assert all(r.ok for r in results), [
        (r.case.name, r.engine, r.error) for r in results if not r.ok
    ]
    assert {r.engine for r in results} == {"python", "durable"}


def test_one_compiled_engine_serves_many_threads_directly() -> None:
    params = RULES.params_at(PEIL)
    households = list(generate_households(400, seed=9, peildatum=PEIL))
    facts = [build_facts(h, PEIL) for h in households]
    compiled = compile_rules(RULES.rules, "durable")
    expected = [compiled.evaluate(f, params) for f in facts]
    with ThreadPoolExecutor(max_workers=8) as pool:
        got = list(pool.map(lambda f: compiled.evaluate(f, params), facts))
    assert got == expected


def test_equal_rule_sets_share_compiled_programs() -> None:
    from gezinsplan.engines import durable

    Assessor(load_rules(), engine="durable").assess(TYPICAL, PEIL)
    before = len(durable._PROGRAMS)
    for _ in range(20):
        Assessor(load_rules(), engine="durable").assess(TYPICAL, PEIL)
    assert len(durable._PROGRAMS) == before


def test_examples_agree_between_engines() -> None:
    for path in sorted(examples_dir().glob("*.json")):
        h = read_household(path)
        assert Assessor(RULES, engine="durable").assess(h, PEIL) == Assessor(
            RULES, engine="python"
        ).assess(h, PEIL)


def test_a_household_without_any_fact_the_rules_read_is_no_crash() -> None:
    """durable_rules segfaults on an empty batch of facts: the engine never sends one."""
    (rule,) = [r for r in RULES.rules if r.id == "bestaanszekerheid.huisvesting"]
    only = RuleSet((rule,), RULES.parameters, "alleen-huisvesting", RULES.directory)
    h = parse_household(
        {
            "id": "h",
            "gemeente": "T",
            "members": [{"id": "m1", "role": "ouder", "birth_date": "1980-01-01"}],
        }
    )
    for engine in ("python", "durable"):
        assert Assessor(only, engine=engine).assess(h, PEIL) == []


ONLY_A_JOIN = """
    id: schotten.alleen_een_join
    title: Alleen een join
    severity: info
    basis: [{law: jeugdwet, article: "1.1", valid_from: 2015-01-01}]
    description: een patroon waarvan de enige toets een ne-verwijzing is
    message: "{k.member} en {o.member}"
    when:
      - fact: provision
        as: k
        where: {wet: jeugdwet}
      - fact: provision
        as: o
        where: {member: {ne: {ref: k.member}}}
    tests:
      - name: kind en ouder
        peildatum: 2026-11-23
        household:
          members: [{id: m1, role: ouder, birth_date: 1985-01-01}]
        fires: false
      - name: twee
        peildatum: 2026-11-23
        household:
          members: [{id: m1, role: ouder, birth_date: 1985-01-01}]
        fires: true
"""


def test_a_pattern_whose_only_test_is_a_join_runs_on_durable(tmp_path: Path) -> None:
    """durable_rules segfaulted on such a pattern (found by mutating rule files)."""
    rules = _rules_with(tmp_path, "schotten", "alleen_een_join", ONLY_A_JOIN)
    h = parse_household(
        {
            "id": "h",
            "gemeente": "T",
            "members": [
                {"id": "m1", "role": "ouder", "birth_date": "1985-01-01"},
                {"id": "m2", "role": "kind", "birth_date": "2014-01-01"},
            ],
            "provisions": [
                {
                    "id": "p1",
                    "member": "m2",
                    "wet": "jeugdwet",
                    "kind": "maatwerkvoorziening",
                    "product": "jeugd_ggz",
                    "start": "2026-01-01",
                },
                {
                    "id": "p2",
                    "member": "m1",
                    "wet": "wmo",
                    "kind": "maatwerkvoorziening",
                    "product": "begeleiding",
                    "start": "2026-01-01",
                },
            ],
        }
    )
    got = {e: Assessor(rules, engine=e).assess(h, PEIL) for e in ("python", "durable")}
    assert got["python"] == got["durable"]
    assert [s.members for s in got["durable"]] == [("m1", "m2")]


def test_ids_that_collided_once_joined_are_fine_on_both_engines() -> None:
    """Fact ids join ids with '/', which no id may hold: 'a:b' + 'c' and 'a' + 'b:c' differ,
    and a member may be called 'huishouden'."""
    h = parse_household(
        {
            "id": "h",
            "gemeente": "T",
            "members": [
                {"id": "huishouden", "role": "ouder", "birth_date": "1980-01-01"},
                {"id": "c", "role": "kind", "birth_date": "2010-01-01"},
                {"id": "b:c", "role": "kind", "birth_date": "2012-01-01"},
            ],
            "questions": [
                {"id": "a:b", "members": ["c"], "leefgebied": "financien"},
                {"id": "a", "members": ["b:c"], "leefgebied": "huisvesting"},
                {"id": "q", "members": ["huishouden"], "leefgebied": "werk_opleiding"},
            ],
            "assessments": [
                {
                    "member": "huishouden",
                    "leefgebied": "financien",
                    "score": 2,
                    "date": "2026-01-01",
                },
                {"leefgebied": "financien", "score": 3, "date": "2026-01-01"},
            ],
        }
    )
    facts = build_facts(h, PEIL)
    for rows in facts.values():
        ids = [r["id"] for r in rows]
        assert len(ids) == len(set(ids))
    got = {e: Assessor(RULES, engine=e).assess(h, PEIL) for e in ("python", "durable")}
    assert got["python"] == got["durable"]
    assert got["durable"]


HOSTILE = """
    id: schotten.vijandige_waarden
    title: Waarden die op code lijken
    severity: info
    basis: [{law: jeugdwet, article: "1.1", valid_from: 2015-01-01}]
    description: letterlijke waarden met aanhalingstekens en Python-code
    message: "{m.id}"
    when:
      - fact: member
        as: m
        where:
          id:
            in:
              - "m1"
              - "x') or __import__('pathlib').Path('MARKER').touch() or ('"
              - "\\"]; import os #"
    tests:
      - name: m1
        peildatum: 2026-11-23
        household:
          members: [{id: m1, role: ouder, birth_date: 1980-01-01}]
        fires: true
      - name: m2
        peildatum: 2026-11-23
        household:
          members: [{id: m2, role: ouder, birth_date: 1980-01-01}]
        fires: false
"""


def test_rule_values_never_become_code_on_the_reference_engine(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The reference evaluator generates one Python function per rule; the rule's values
    reach it as data (its namespace), never as source text: a value that reads like code
    is only compared."""
    monkeypatch.chdir(tmp_path)
    rules = _rules_with(tmp_path, "schotten", "vijandige_waarden", HOSTILE)
    h = parse_household(
        {
            "id": "h",
            "gemeente": "Teststad",
            "members": [
                {"id": "m1", "role": "ouder", "birth_date": "1980-01-01"},
                {"id": "m2", "role": "ouder", "birth_date": "1982-01-01"},
            ],
        }
    )
    for engine in ("python", "durable"):
        (signal,) = Assessor(rules, engine=engine).assess(h, PEIL)
        assert signal.members == ("m1",)
    assert not (tmp_path / "MARKER").exists()


NON_ASCII = """
    id: schotten.buiten_de_gemeente
    title: Een ouder buiten twee gemeenten met een bijzondere naam
    severity: info
    basis: [{law: jeugdwet, article: "1.1", valid_from: 2015-01-01}]
    description: een waarde met letters buiten ASCII, in de regel en in de feiten
    message: "{m.id}"
    when:
      - fact: member
        as: m
        where: {role: ouder}
      - fact: household
        not: true
        where: {gemeente: {in: ["Súdwest-Fryslân", "Łódź-Śródmieście"]}}
    tests:
      - name: elders
        peildatum: 2026-11-23
        household:
          gemeente: Teststad
          members: [{id: m1, role: ouder, birth_date: 1980-01-01}]
        fires: true
      - name: Súdwest-Fryslân
        peildatum: 2026-11-23
        household:
          gemeente: Súdwest-Fryslân
          members: [{id: m1, role: ouder, birth_date: 1980-01-01}]
        fires: false
"""


def test_values_beyond_ascii_mean_the_same_on_both_engines(tmp_path: Path) -> None:
    """The engine compares strings as sent: the rule's values, the facts and the ids that
    retract them must be sent alike. A fact left behind by a failed retraction would
    block the negated pattern for the next household."""
    rules = _rules_with(tmp_path, "schotten", "buiten_de_gemeente", NON_ASCII)
    names = [
        "Súdwest-Fryslân",
        "Sudwest-Fryslan",
        "Łódź-Śródmieście",
        "Łódź",
        "Súdwest-Fryslân",
        "Teststad",
    ]
    durable = Assessor(rules, engine="durable")
    python = Assessor(rules, engine="python")
    fired = []
    for i, gemeente in enumerate(names):
        h = parse_household(
            {
                "id": f"h{i}",
                "gemeente": gemeente,
                "members": [{"id": "m1", "role": "ouder", "birth_date": "1980-01-01"}],
            }
        )
        got = durable.assess(h, PEIL)
        assert got == python.assess(h, PEIL), gemeente
        fired.append(bool(got))
    assert fired == [False, True, False, True, False, True]


def test_a_household_beyond_orjson_is_encoded_by_the_standard_library() -> None:
    import orjson

    from gezinsplan.engines.durable import DurableRules

    facts = build_facts(TYPICAL, PEIL)
    huge = {k: [dict(f) for f in rows] for k, rows in facts.items()}
    huge["member"][0]["age"] = 2**80  # read by many rules; beyond orjson's 64 bits
    with pytest.raises(TypeError):
        orjson.dumps(huge["member"])
    params = RULES.params_at(PEIL)
    got = DurableRules(RULES.rules).evaluate(huge, params)
    assert got == ReferenceRules(RULES.rules).evaluate(huge, params)
    assert got

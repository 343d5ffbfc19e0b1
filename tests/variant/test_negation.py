"""``enabled_by: {not: p}``: a rule that is on while a switch is nee, the same in the
reference engine, the durable engine and the SQL caseload engine."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from gezinsplan.assessor import Assessor
from gezinsplan.caseload import assess
from gezinsplan.engines import available_engines
from gezinsplan.errors import RuleError
from gezinsplan.generate import generate_households
from gezinsplan.rules.ruleset import default_rules
from gezinsplan.variant import load_variant, rank_switches

BEFORE, AFTER = date(2026, 11, 23), date(2027, 2, 1)
SWITCH = "blokkades.aparte_intake_per_wet"
META = "name: v\ndescription: d\nauthor: a\n"


def _rule(enabled_by: str) -> str:
    src = Path(default_rules().rule("schotten.meerdere_loketten").path).read_text(encoding="utf-8")
    return (
        src.replace("id: schotten.meerdere_loketten", "id: schotten.een_gesprek")
        .replace(
            "parameters: [schotten.meerdere_loketten]",
            f"parameters: [schotten.meerdere_loketten, {SWITCH}]\nenabled_by: {enabled_by}",
        )
        .replace("peildatum: 2026-11-23", "peildatum: 2027-02-01")
    )


def _variant(tmp_path: Path, enabled_by: str) -> Path:
    root = tmp_path / "v"
    (root / "rules" / "schotten").mkdir(parents=True)
    (root / "parameters" / "blokkades").mkdir(parents=True)
    (root / "variant.yaml").write_text(META, encoding="utf-8")
    (root / "rules" / "schotten" / "een_gesprek.yaml").write_text(
        _rule(enabled_by), encoding="utf-8"
    )
    (root / "parameters" / "blokkades" / "aparte_intake_per_wet.yaml").write_text(
        "source: test\nvalues:\n  2027-01-01: false\n", encoding="utf-8"
    )
    return root


def test_a_negated_rule_is_on_while_its_switch_is_nee_in_every_engine(tmp_path: Path) -> None:
    rules, info = load_variant(_variant(tmp_path, f"{{not: {SWITCH}}}"))
    rule = rules.rule("schotten.een_gesprek")
    assert (rule.enabled_by, rule.enabled_when) == (SWITCH, False)
    assert info.added == ("schotten.een_gesprek",)
    hs = list(generate_households(300, seed=23, peildatum=BEFORE))
    for day, on in ((BEFORE, False), (AFTER, True)):
        sql = assess(hs, rules, day)
        by_sql = {
            (h, r)
            for h, r in zip(
                sql.column("household").to_pylist(), sql.column("rule_id").to_pylist(), strict=True
            )
        }
        for engine in available_engines():
            a = Assessor(rules, engine=engine)
            by_engine = {(h.id, s.rule_id) for h in hs for s in a.assess(h, day)}
            assert by_engine == by_sql, (engine, day)
        fired = {h for h, r in by_sql if r == "schotten.een_gesprek"}
        blocked = {h for h, r in by_sql if r == SWITCH}
        assert bool(fired) is on, day
        assert bool(blocked) is not on, day
    assert "durable" in available_engines()


def test_ranking_flips_a_negated_switch_to_ja(tmp_path: Path) -> None:
    rules, _ = load_variant(_variant(tmp_path, f"{{not: {SWITCH}}}"))
    hs = list(generate_households(200, seed=24, peildatum=BEFORE))
    rows = {r["switch"]: r for r in rank_switches(hs, rules, AFTER).to_pylist()}
    # at AFTER the switch is nee: it holds the negated rule on; the candidate sets it ja
    assert rows[SWITCH]["value"] == "true"
    assert rows[SWITCH]["households_changed"] > 0


@pytest.mark.parametrize(
    ("enabled_by", "message"),
    [
        ("{niet: x}", "a parameter id, or {not: <parameter id>}"),
        (f"{{not: {SWITCH}, also: x}}", "a parameter id, or {not: <parameter id>}"),
        ("{not: [a]}", "enabled_by.not: rule schotten.een_gesprek: a parameter id"),
        ("{not: blokkades.bestaat_niet}", "unknown parameter 'blokkades.bestaat_niet'"),
        ("{not: schotten.meerdere_loketten}", "must hold ja/nee"),
    ],
)
def test_a_bad_negation_is_refused_with_file_and_line(
    tmp_path: Path, enabled_by: str, message: str
) -> None:
    with pytest.raises(RuleError) as e:
        load_variant(_variant(tmp_path, enabled_by))
    text = str(e.value)
    assert message in text, text
    assert "een_gesprek.yaml:11: enabled_by" in text
    assert all(p.line is not None for p in e.value.problems), text

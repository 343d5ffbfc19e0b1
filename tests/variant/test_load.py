"""Variants load as overlays, strictly: every problem names the file (and line)."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from gezinsplan import load_rules
from gezinsplan.assessor import Assessor
from gezinsplan.cli import main
from gezinsplan.errors import RuleError
from gezinsplan.generate import generate_households
from gezinsplan.rules.ruleset import default_rules
from gezinsplan.variant import check_variant, load_variant

EXAMPLES = Path(__file__).parents[2] / "examples" / "variants"
PEIL = date(2026, 11, 23)


def _variant(tmp_path: Path, meta: str, files: dict[str, str] | None = None) -> Path:
    root = tmp_path / "v"
    root.mkdir()
    (root / "variant.yaml").write_text(meta, encoding="utf-8")
    for rel, text in (files or {}).items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


META = "name: v\ndescription: d\nauthor: a\n"
BAD_KIND = "source: s\nvalues:\n  2020-01-01: 3\n"


@pytest.mark.parametrize(
    "name",
    [
        "een_toegang",
        "jongeren_zonder_zoektermijn",
        "eerder_regelen",
        "jongerenloket",
        "mantelzorg_zwaar",
    ],
)
def test_the_example_variants_load_and_pass_their_cases(name: str) -> None:
    rules, info = load_variant(EXAMPLES / name)
    assert info.cases
    report = check_variant(rules, info)
    assert report.ok, [r.problems for r in report.variant_results if not r.ok]
    assert load_rules(variant=EXAMPLES / name).version == rules.version


def test_what_a_variant_changes_is_in_its_rule_set() -> None:
    base = default_rules()
    rules, info = load_variant(EXAMPLES / "een_toegang")
    assert info.disabled == ("blokkades.aparte_intake_per_wet",)
    assert "blokkades.aparte_intake_per_wet" not in {r.id for r in rules.rules}
    assert len(rules.rules) == len(base.rules) - 1
    day = date(2027, 2, 1)
    assert base.params_at(day)["blokkades.reintegratie_alleen_met_uitkering"] is True
    assert rules.params_at(day)["blokkades.reintegratie_alleen_met_uitkering"] is False
    assert rules.params_at(PEIL)["blokkades.reintegratie_alleen_met_uitkering"] is True
    added, info2 = load_variant(EXAMPLES / "jongeren_zonder_zoektermijn")
    assert info2.added == ("transitie.inkomen_voor_18_regelen",)
    assert added.rule("transitie.inkomen_voor_18_regelen").wet == "participatiewet"
    assert rules.version != base.version != added.version


def test_a_variant_plans_with_its_own_parameters(tmp_path: Path) -> None:
    root = _variant(
        tmp_path,
        META,
        {"parameters/plan/max_actieve_doelen.yaml": "source: test\nvalues:\n  2020-01-01: 1\n"},
    )
    rules, _ = load_variant(root)
    hs = list(generate_households(300, seed=5, peildatum=PEIL))
    base, variant = Assessor(default_rules(), engine="python"), Assessor(rules, engine="python")
    changed = 0
    for h in hs:
        a, b = base.plan(h, PEIL), variant.plan(h, PEIL)
        assert sum(1 for g in b.goals if g.status == "actief") <= 1
        changed += a != b
    assert changed > 0


@pytest.mark.parametrize(
    ("meta", "files", "message"),
    [
        (
            META + "disable: [triage.bestaat_niet]\n",
            {},
            "variant.yaml:4: disable[0]: unknown rule id",
        ),
        (META + "shoe_size: 42\n", {}, "variant.yaml:4: shoe_size: unknown key"),
        (
            META,
            {"parameters/triage/bestaat_niet.yaml": "source: s\nvalues:\n  2020-01-01: 1\n"},
            "bestaat_niet.yaml:1: description: required text (a new parameter "
            "'triage.bestaat_niet'",
        ),
        ("name: v\n", {}, "variant.yaml:1: description: required text"),
        ("- a\n", {}, "variant.yaml:1: variant.yaml is a mapping"),
        (
            META,
            {"parameters/blokkades/aparte_intake_per_wet.yaml": "- false\n"},
            "aparte_intake_per_wet.yaml:1: an override is a mapping",
        ),
        (
            META,
            {"parameters/blokkades/aparte_intake_per_wet.yaml": "source: s\n"},
            "aparte_intake_per_wet.yaml:1: values: dated values",
        ),
        (
            META,
            {"parameters/blokkades/aparte_intake_per_wet.yaml": "source: s\nvalues: {x: true}\n"},
            "aparte_intake_per_wet.yaml:2: values.x: a date",
        ),
        (
            META,
            {"parameters/blokkades/aparte_intake_per_wet.yaml": "values:\n  2020-01-01: false\n"},
            "aparte_intake_per_wet.yaml:1: source: say why",
        ),
        (
            META,
            {"rules/meerdere_loketten.yaml": "id: x\n"},
            "meerdere_loketten.yaml:1: a rule file lives in a category folder",
        ),
        (
            META + "tests:\n  - name: x\n    peildatum: 2026-11-23\n    household: [1]\n",
            {},
            "variant.yaml:7: tests[0].household: a mapping",
        ),
        (
            META + "tests:\n  - name: x\n    peildatum: gisteren\n    household: {}\n",
            {},
            "variant.yaml:6: tests[0].peildatum",
        ),
        (META + "disable: blokkades.x\n", {}, "variant.yaml:4: disable: a list of rule ids"),
        (
            META + "disable: [blokkades.aparte_intake_per_wet]\n",
            {"rules/blokkades/aparte_intake_per_wet.yaml": "__RULE__"},
            "variant.yaml:4: disable[0]: 'blokkades.aparte_intake_per_wet' is both disabled",
        ),
        (
            META,
            {"parameters/blokkades/aparte_intake_per_wet.yaml": BAD_KIND},
            "aparte_intake_per_wet.yaml:3: values.2020-01-01: "
            "blokkades.aparte_intake_per_wet takes ja/nee",
        ),
        (
            META,
            {"parameters/blokkades/aparte_intake_per_wet.yaml": "values:\n  2020-01-01: false\n"},
            "source: say why",
        ),
        (META + "tests:\n  - name: x\n    household: {}\n", {}, "tests[0].peildatum"),
        (META + "disable: [: bad\n", {}, "variant.yaml:4: YAML"),
    ],
)
def test_bad_variants_name_file_and_line(
    tmp_path: Path, meta: str, files: dict[str, str], message: str
) -> None:
    rule = Path(default_rules().rule("blokkades.aparte_intake_per_wet").path)
    files = {
        k: rule.read_text(encoding="utf-8") if v == "__RULE__" else v for k, v in files.items()
    }
    root = _variant(tmp_path, meta, files)
    with pytest.raises(RuleError) as e:
        load_variant(root)
    assert message in str(e.value), str(e.value)
    assert all(p.line is not None for p in e.value.problems), str(e.value)


def test_a_replaced_rule_whose_tests_fail_is_refused(tmp_path: Path) -> None:
    src = (Path(default_rules().rule("triage.enkelvoudig").path)).read_text(encoding="utf-8")
    broken = src.replace('message_contains: ["korte check"]', 'message_contains: ["lange check"]')
    assert broken != src
    root = _variant(tmp_path, META, {"rules/triage/enkelvoudig.yaml": broken})
    with pytest.raises(
        RuleError, match=r"enkelvoudig\.yaml:\d+: tests\[\d\]: .*message lacks \['lange check'\]"
    ):
        load_variant(root)


def test_a_replaced_rule_replaces_the_base_rule(tmp_path: Path) -> None:
    src = Path(default_rules().rule("triage.enkelvoudig").path).read_text(encoding="utf-8")
    changed = src.replace("title: ", "title: Variant - ", 1)
    root = _variant(tmp_path, META, {"rules/triage/enkelvoudig.yaml": changed})
    rules, info = load_variant(root)
    assert info.replaced == ("triage.enkelvoudig",)
    assert rules.rule("triage.enkelvoudig").title.startswith("Variant - ")
    assert len(rules.rules) == len(default_rules().rules)


def test_rules_check_directory_is_relative_to_the_working_directory(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """DIRECTORY is a path as given, not a folder inside the variant."""
    monkeypatch.chdir(EXAMPLES.parents[1])
    result = CliRunner().invoke(
        main, ["rules", "check", "rules", "--variant", "examples/variants/een_toegang"]
    )
    assert result.exit_code == 0, result.output
    assert "0 failed" in result.output
    # a base written in variant.yaml stays relative to the variant folder
    root = tmp_path / "v"
    shutil.copytree(EXAMPLES / "een_toegang", root)
    shutil.copytree(EXAMPLES.parents[1] / "rules", tmp_path / "base")
    meta = (root / "variant.yaml").read_text(encoding="utf-8")
    (root / "variant.yaml").write_text(
        meta.replace("base: shipped", "base: ../base"), encoding="utf-8"
    )
    rules, info = load_variant(root)
    assert info.base == "../base"
    shipped = load_variant(EXAMPLES / "een_toegang")[0]
    assert [r.id for r in rules.rules] == [r.id for r in shipped.rules]


def test_rules_check_variant_on_the_command_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["rules", "check", "--variant", str(EXAMPLES / "een_toegang")]
    )
    assert result.exit_code == 0, result.output
    assert "0 failed" in result.output
    root = tmp_path / "bad"
    shutil.copytree(EXAMPLES / "een_toegang", root)
    meta = (root / "variant.yaml").read_text(encoding="utf-8")
    (root / "variant.yaml").write_text(
        meta.replace(
            "not_fires: [blokkades.reintegratie_alleen_met_uitkering]",
            "fires: [blokkades.reintegratie_alleen_met_uitkering]",
        ),
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["rules", "check", "--variant", str(root)])
    assert result.exit_code == 1
    assert "variant.yaml:23: case 'werkvraag zonder uitkering" in result.output
    assert "expected blokkades.reintegratie_alleen_met_uitkering to fire" in result.output


NEW_PARAMETER = """description: Vanaf hoeveel loketten de variant één toegang voorschrijft.
source: Voorstel Taskforce deregulering (test)
unit: aantal
values:
  2015-01-01: 2
"""


def test_a_variant_adds_a_parameter_and_a_rule_that_reads_it(tmp_path: Path) -> None:
    src = Path(default_rules().rule("schotten.meerdere_loketten").path).read_text(encoding="utf-8")
    rule = (
        src.replace("id: schotten.meerdere_loketten", "id: schotten.drie_loketten")
        .replace("schotten.meerdere_loketten]", "variant.drie_loketten]")
        .replace("{param: schotten.meerdere_loketten}", "{param: variant.drie_loketten}")
    )
    root = _variant(
        tmp_path,
        META,
        {
            "parameters/variant/drie_loketten.yaml": NEW_PARAMETER,
            "rules/schotten/drie_loketten.yaml": rule,
        },
    )
    rules, info = load_variant(root)
    assert info.added_parameters == ("variant.drie_loketten",)
    assert info.added == ("schotten.drie_loketten",)
    assert rules.params_at(PEIL)["variant.drie_loketten"] == 2
    assert rules.rule("schotten.drie_loketten").parameters == ("variant.drie_loketten",)
    assert check_variant(rules, info).ok

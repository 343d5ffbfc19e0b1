"""Rule file loading: one bad fixture per kind of error, with its message; safe YAML."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gezinsplan.errors import RuleError
from gezinsplan.resources import default_rules_dir
from gezinsplan.rules.ruleset import load_rules

BAD = Path(__file__).parent / "fixtures" / "bad"


@pytest.mark.parametrize(
    ("fixture", "expected"),
    [
        ("syntax", "triage/x.yaml:10: YAML syntax error: did not find expected ',' or ']'"),
        ("unknown_key", "triage/x.yaml:7: colour: rule triage.x: unknown key"),
        (
            "unknown_operator",
            "x.yaml:10: when[0].where.n_members.about: rule triage.x: unknown operator 'about'",
        ),
        ("unknown_fact", "x.yaml:8: when[0].fact: rule triage.x: unknown fact type 'pet'"),
        (
            "unknown_field",
            "x.yaml:10: when[0].where.shoe_size: rule triage.x: fact 'member' "
            "has no field 'shoe_size'",
        ),
        (
            "unknown_param",
            "when[0].where.age.ge.param: rule triage.x: unknown parameter 'triage.nope'",
        ),
        ("id_mismatch", "x.yaml:1: id: rule triage.y: id 'triage.y' does not match the file"),
        ("duplicate", "veiligheid/x.yaml:1: id: rule triage.x: id 'triage.x' does not match"),
        ("bad_date", "triage/x.yaml: invalid value: month must be in 1..12"),
        ("bad_ref", "when[0].where.member.ref: rule triage.x: unknown alias 'm'"),
        ("no_tests", "x.yaml:9: tests: rule triage.x: at least one test case is required"),
        ("wrong_type", "when[0].where.age.lt: rule triage.x: expected a int value, got str"),
        (
            "code",
            "YAML syntax error: could not determine a constructor for the tag "
            "'tag:yaml.org,2002:python/object/apply:os.system'",
        ),
    ],
)
def test_bad_rule_files_give_clear_errors(fixture: str, expected: str) -> None:
    with pytest.raises(RuleError) as info:
        load_rules(BAD / fixture)
    assert expected in str(info.value)


def test_rule_set_version_is_a_content_hash(tmp_path: Path) -> None:
    copy = tmp_path / "rules"
    shutil.copytree(default_rules_dir(), copy)
    a = load_rules(copy)
    assert a.version == load_rules(copy).version
    target = copy / "triage" / "meervoudig.yaml"
    target.write_text(target.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    assert load_rules(copy).version != a.version


def test_missing_folder() -> None:
    with pytest.raises(RuleError, match="rule folder not found"):
        load_rules("/nonexistent/rules")


yaml_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda c: (
        st.lists(c, max_size=3)
        | st.dictionaries(
            st.sampled_from(["id", "title", "when", "fact", "where", "tests", "as", "not", "x"]),
            c,
            max_size=5,
        )
    ),
    max_leaves=20,
)


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(yaml_values)
def test_arbitrary_yaml_gives_only_rule_errors(doc: object) -> None:
    with tempfile.TemporaryDirectory() as d:
        (Path(d) / "triage").mkdir()
        (Path(d) / "triage" / "x.yaml").write_text(yaml.safe_dump(doc), encoding="utf-8")
        try:
            load_rules(d)
        except RuleError as e:
            assert e.problems


@settings(max_examples=100)
@given(st.binary(max_size=200))
def test_arbitrary_bytes_give_only_rule_errors(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as d:
        (Path(d) / "triage").mkdir()
        (Path(d) / "triage" / "x.yaml").write_bytes(data)
        with pytest.raises(RuleError):
            load_rules(d)

"""Dated parameter files: values by peildatum, and one bad fixture per kind of error."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from gezinsplan.errors import ParameterError
from gezinsplan.resources import default_rules_dir
from gezinsplan.rules.parameters import load_parameters, parse_parameter_file

BAD = Path(__file__).parent / "fixtures" / "parameters" / "bad"


def test_shipped_parameters_load_and_pleegzorg_moves_to_21() -> None:
    params = load_parameters(default_rules_dir() / "parameters")
    pid = "transitie.pleegzorg_eindleeftijd"
    assert params.value(pid, date(2018, 6, 30)) == 18
    assert params.value(pid, date(2018, 7, 1)) == 21
    assert params[pid].source
    assert len(params.content_hash) == 64


def test_value_before_first_date_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(
        "description: d\nsource: s\nvalues:\n  2020-01-01: 3\n", encoding="utf-8"
    )
    params = load_parameters(tmp_path)
    with pytest.raises(ParameterError, match="a: values: no value at 2019-12-31"):
        params.value("a", date(2019, 12, 31))
    with pytest.raises(ParameterError, match="unknown parameter"):
        params.value("b", date(2020, 1, 1))
    assert params.at(date(2019, 1, 1)) == {}
    assert params.at(date(2021, 1, 1)) == {"a": 3}


def test_with_values_builds_a_variant_without_touching_the_baseline(tmp_path: Path) -> None:
    (tmp_path / "g").mkdir()
    (tmp_path / "g" / "n.yaml").write_text(
        "description: d\nsource: s\nvalues:\n  2015-01-01: 5\n", encoding="utf-8"
    )
    base = load_parameters(tmp_path)
    variant = base.with_values({"g.n": 3}, date(2026, 1, 1))
    assert base.value("g.n", date(2026, 6, 1)) == 5
    assert variant.value("g.n", date(2026, 6, 1)) == 3
    assert variant.value("g.n", date(2025, 6, 1)) == 5
    with pytest.raises(ParameterError):
        base.with_values({"g.x": 1}, date(2026, 1, 1))


def test_per_value_source(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(
        "description: d\nsource: general\nvalues:\n  2015-01-01: 1\n"
        "  2020-01-01: {value: 2, source: 'Stb. 2019, 1'}\n",
        encoding="utf-8",
    )
    p = parse_parameter_file(path, "p")
    assert p.source_at(date(2016, 1, 1)) == "general"
    assert p.source_at(date(2021, 1, 1)) == "Stb. 2019, 1"
    assert p.value_at(date(2021, 1, 1)) == 2


@pytest.mark.parametrize(
    ("fixture", "expected"),
    [
        ("syntax.yaml", "syntax.yaml:6: YAML syntax error: did not find expected ',' or ']'"),
        ("unknown_key.yaml", "unknown_key.yaml: value: unknown key"),
        ("bad_date.yaml", "bad_date.yaml:5: values.later: key must be a start date YYYY-MM-DD"),
        ("no_source.yaml", "no_source.yaml: source: required text"),
        ("no_values.yaml", "no_values.yaml: values: required mapping of start date to value"),
        ("bad_value.yaml", "bad_value.yaml:4: values.2015-01-01: a dated value mapping takes"),
        ("bad_unit.yaml", "bad_unit.yaml: unit: unknown unit 'lightyears'"),
        ("not_mapping.yaml", "not_mapping.yaml: expected a mapping"),
        ("code.yaml", "code.yaml:2: YAML syntax error"),
    ],
)
def test_bad_parameter_files_name_file_line_and_field(fixture: str, expected: str) -> None:
    with pytest.raises(ParameterError) as info:
        parse_parameter_file(BAD / fixture, fixture.removesuffix(".yaml"))
    assert expected in str(info.value)


def test_loading_a_folder_reports_every_bad_file() -> None:
    with pytest.raises(ParameterError) as info:
        load_parameters(BAD)
    assert len({p.source for p in info.value.problems}) == len(list(BAD.glob("*.yaml")))


def test_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(ParameterError, match="parameter folder not found"):
        load_parameters(tmp_path / "nope")


yaml_scalars = st.none() | st.booleans() | st.integers() | st.text(max_size=10)
yaml_docs = st.recursive(
    yaml_scalars,
    lambda c: st.lists(c, max_size=3) | st.dictionaries(st.text(max_size=8), c, max_size=4),
    max_leaves=15,
)


@given(yaml_docs)
def test_arbitrary_yaml_gives_only_parameter_errors(doc: object) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "x.yaml"
        path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
        try:
            p = parse_parameter_file(path, "x")
        except ParameterError as e:
            assert e.problems
        else:
            assert p.values


@given(st.binary(max_size=120))
def test_arbitrary_bytes_give_only_parameter_errors(data: bytes) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "x.yaml"
        path.write_bytes(data)
        try:
            parse_parameter_file(path, "x")
        except ParameterError as e:
            assert e.problems

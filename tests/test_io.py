"""JSON and JSON Lines interchange: round trips, streaming, and clear errors for any input."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gezinsplan.errors import HouseholdValidationError, Problem
from gezinsplan.io import (
    dumps_household,
    iter_caseload,
    iter_caseload_checked,
    parse_household,
    read_household,
    validate_path,
    write_caseload,
    write_household,
)


def test_json_round_trip_loses_nothing(full: dict[str, Any], tmp_path: Path) -> None:
    h = parse_household(full)
    path = tmp_path / "h.json"
    write_household(h, path)
    again = read_household(path)
    assert again == h
    assert dumps_household(again) == dumps_household(h)
    # every planted personal value survives the round trip (nothing is lost)
    assert again.members[0].name == full["members"][0]["name"]
    assert again.members[0].bsn == full["members"][0]["bsn"]
    assert again.address == full["address"]


def test_jsonl_round_trip_and_streaming(
    full: dict[str, Any], minimal: dict[str, Any], tmp_path: Path
) -> None:
    households = [parse_household(full), parse_household(minimal)]
    path = tmp_path / "c.jsonl"
    assert write_caseload(households, path) == 2
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2
    assert list(iter_caseload(path)) == households
    # streaming: the iterator yields the first household before reading the rest
    stream = iter_caseload(path)
    assert next(stream) == households[0]


def test_jsonl_error_names_line_and_field(
    full: dict[str, Any], minimal: dict[str, Any], tmp_path: Path
) -> None:
    bad = dict(minimal, members=[{"id": "m1", "role": "ouder"}])
    path = tmp_path / "c.jsonl"
    path.write_text(
        json.dumps(full) + "\n\n" + json.dumps(bad) + "\n" + "{not json\n", encoding="utf-8"
    )
    results = list(iter_caseload_checked(path))
    assert [n for n, _ in results] == [1, 3, 4]
    assert not isinstance(results[0][1], list)
    problems = [str(p) for p in validate_path(path)]
    assert problems == [
        f"{path}:3: members[0].birth_date: field required",
        f"{path}:4: invalid JSON: Expecting property name enclosed in double quotes (column 2)",
    ]
    with pytest.raises(HouseholdValidationError, match=":3: members"):
        list(iter_caseload(path))


@pytest.mark.parametrize(
    ("content", "name", "expected"),
    [
        (b"", "empty.json", "empty input, expected a JSON object"),
        (b"   \n", "blank.json", "empty input"),
        (b"", "empty.jsonl", "empty caseload"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe", "junk.json", "not valid UTF-8"),
        ("{}".encode("utf-16"), "utf16.json", "not valid UTF-8"),
        (b"[" * 100_000 + b"]" * 100_000, "deep.json", "nested too deeply"),
        (b"[]", "list.json", "expected a JSON object (one household), got a list"),
        (b'"x"', "str.json", "got str"),
        (b'{"id": NaN}', "nan.json", "NaN is not valid JSON"),
        (b'{"id": "h1"} trailing', "trail.json", "invalid JSON: Extra data"),
    ],
)
def test_any_input_gives_a_clear_problem(
    tmp_path: Path, content: bytes, name: str, expected: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    problems = list(validate_path(path))
    assert problems, "expected at least one problem"
    assert all(isinstance(p, Problem) and p.source == str(path) for p in problems)
    assert expected in str(problems[0])


def test_missing_file_and_directory(tmp_path: Path) -> None:
    assert [p.message for p in validate_path(tmp_path / "nope.json")] == ["no such file"]
    assert [p.message for p in validate_path(tmp_path)] == [
        "not a regular file (a folder, pipe or device)"
    ]


def test_utf8_bom_is_accepted(minimal: dict[str, Any], tmp_path: Path) -> None:
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(minimal).encode())
    assert read_household(path).id == "h-test"


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=5)
    ),
    max_leaves=30,
)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(json_values)
def test_arbitrary_json_gives_only_validation_errors(value: Any) -> None:
    try:
        parse_household(value)
    except HouseholdValidationError as e:
        assert e.problems
        assert all(isinstance(p.message, str) and p.message for p in e.problems)


def _household_like(members: Any, extra: Any) -> dict[str, Any]:
    return {"id": "h1", "gemeente": "Vaals", "members": members, **extra}


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.fixed_dictionaries(
            {"id": st.text(max_size=5), "role": st.sampled_from(["ouder", "kind", "x"])},
            optional={"birth_date": st.text(max_size=12) | st.dates().map(str)},
        ),
        max_size=4,
    ),
    st.dictionaries(
        st.sampled_from(["provisions", "questions", "professionals", "wijk", "bogus"]),
        json_values,
        max_size=2,
    ),
)
def test_near_valid_households_validate_or_fail_cleanly(members: Any, extra: Any) -> None:
    try:
        h = parse_household(_household_like(members, extra))
    except HouseholdValidationError as e:
        for p in e.problems:
            assert p.path == "" or p.path[0].isalpha()
    else:
        assert parse_household(json.loads(dumps_household(h))) == h


@given(st.binary(max_size=200))
def test_arbitrary_bytes_in_a_file_never_crash(data: bytes) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        for name in ("x.json", "x.jsonl"):
            path = Path(d) / name
            path.write_bytes(data)
            for p in validate_path(path):
                assert isinstance(p, Problem)


def test_a_duplicate_key_is_refused_not_last_one_wins(tmp_path: Path) -> None:
    path = tmp_path / "dup.json"
    path.write_text(
        '{"id": "h1", "gemeente": "G", "gemeente": "H", '
        '"members": [{"id": "m1", "role": "ouder", "birth_date": "1980-01-01"}]}',
        encoding="utf-8",
    )
    with pytest.raises(HouseholdValidationError, match="duplicate key 'gemeente'"):
        read_household(path)


def test_pipes_and_devices_are_refused_without_reading(tmp_path: Path) -> None:
    import os

    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)  # opening it for reading would block forever
    for path in (fifo, Path("/dev/zero")):
        with pytest.raises(HouseholdValidationError, match="not a regular file"):
            read_household(path)
        assert [p.message for p in validate_path(path)] == [
            "not a regular file (a folder, pipe or device)"
        ]
    caseload = tmp_path / "pipe.jsonl"
    os.mkfifo(caseload)
    with pytest.raises(HouseholdValidationError, match="not a regular file"):
        list(iter_caseload(caseload))


def test_a_caseload_given_as_one_household_says_what_to_use(
    full: dict[str, Any], tmp_path: Path
) -> None:
    path = tmp_path / "c.jsonl"
    path.write_text(json.dumps(full) + "\n", encoding="utf-8")
    with pytest.raises(HouseholdValidationError, match=r"is a caseload .*store import"):
        read_household(path)


def test_a_huge_line_is_skipped_without_holding_it(
    full: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gezinsplan.io as io_module

    monkeypatch.setattr(io_module, "MAX_LINE_BYTES", 3000)
    path = tmp_path / "c.jsonl"
    good = json.dumps(full)
    assert len(good) < 3000
    path.write_text(good + "\n" + "x" * 9000 + "\n" + good + "\n", encoding="utf-8")
    got = list(iter_caseload_checked(path))
    assert [n for n, _ in got] == [1, 2, 3]
    assert isinstance(got[1][1], list)
    assert "line too long" in got[1][1][0].message
    assert not isinstance(got[2][1], list)
    big = tmp_path / "big.json"
    big.write_text(" " * 4000 + good, encoding="utf-8")
    with pytest.raises(HouseholdValidationError, match="file too large"):
        read_household(big)


def test_a_duplicate_key_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "h.json"
    path.write_text(
        '{\n  "id": "h1",\n  "gemeente": "Teststad",\n'
        '  "members": [{"id": "m1", "role": "ouder", "birth_date": "1980-01-01",\n'
        '               "role": "kind"}],\n'
        '  "id": "h2"\n}\n',
        encoding="utf-8",
    )
    with pytest.raises(HouseholdValidationError) as info:
        read_household(path)
    (problem,) = info.value.problems
    assert problem.line == 5  # the inner object's repeated 'role', found first
    assert "duplicate key 'role'" in problem.message
    path.write_text('{"id": "h1",\n "gemeente": "T",\n "id": "h2"}', encoding="utf-8")
    with pytest.raises(HouseholdValidationError) as info:
        read_household(path)
    assert info.value.problems[0].line == 3
    assert str(info.value).startswith(f"{path}:3:")

"""JSON interchange: one household as JSON, a caseload as JSON Lines (streamed).

Reading never raises anything but :class:`~gezinsplan.errors.HouseholdValidationError`
(or ``OSError`` for a missing file); every problem names the source file, the line
(for JSON Lines) and the field path, never the offending personal value.

>>> from gezinsplan.io import parse_household
>>> h = parse_household({"id": "h1", "gemeente": "Maastricht",
...     "members": [{"id": "m1", "role": "ouder", "birth_date": "1984-05-01"}]})
>>> h.members[0].role.value
'ouder'
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from pydantic import ValidationError

from gezinsplan.errors import HouseholdValidationError, Problem
from gezinsplan.model.household import (
    CROSS_REFERENCE_ERROR,
    Household,
    raw_reference_problems,
)

__all__ = [
    "dumps_household",
    "is_caseload_path",
    "iter_caseload",
    "iter_caseload_checked",
    "iter_caseload_lines",
    "parse_caseload_line",
    "parse_household",
    "problems_from_validation_error",
    "read_household",
    "validate_path",
    "write_caseload",
    "write_household",
]

MAX_LINE_BYTES = 10_000_000
"""A single household line larger than this is refused (protects memory)."""


def _format_loc(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif out:
            out += f".{part}"
        else:
            out = str(part)
    return out


_MESSAGES = {
    "missing": "field required",
    "extra_forbidden": "unknown field",
}


def problems_from_validation_error(
    error: ValidationError, *, source: str = "<input>", line: int | None = None
) -> list[Problem]:
    """Turn a pydantic ``ValidationError`` into problems without any input values."""
    problems: list[Problem] = []
    errors = error.errors(include_url=False, include_input=False)
    # pydantic also reports "too short" on a tuple whose only items failed: noise.
    deeper = {tuple(e["loc"][:i]) for e in errors for i in range(len(e["loc"]))}
    for err in errors:
        loc = tuple(err.get("loc", ()))
        if err["type"] == "too_short" and loc in deeper:
            continue
        if err["type"] == CROSS_REFERENCE_ERROR:
            ctx = err.get("ctx") or {}
            prefix = _format_loc(loc)
            for path, message in ctx.get("problems", ()):
                full = f"{prefix}.{path}" if prefix else path
                problems.append(Problem(source, full, message, line))
            continue
        message = _MESSAGES.get(err["type"], err["msg"])
        problems.append(Problem(source, _format_loc(loc), message, line))
    return problems


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            shown = key if len(key) <= 40 else key[:40] + "…"
            raise ValueError(f"duplicate key {shown!r} in one object")
        out[key] = value
    return out


def _loads(text: str) -> Any:
    return json.loads(text, parse_constant=_reject_constant, object_pairs_hook=_unique_keys)


def _object_keys(text: str, start: int, end: int) -> list[int]:
    """Positions of the keys of the object ``text[start:end]`` (``start`` at its ``{``),
    its own level only."""
    keys: list[int] = []
    depth = 0
    i = start
    expect_key = False
    while i < end:
        ch = text[i]
        if ch == '"':
            close = i + 1
            while text[close] != '"':
                close += 2 if text[close] == "\\" else 1
            if depth == 1 and expect_key:
                keys.append(i)
                expect_key = False
            i = close + 1
            continue
        if ch in "{[":
            depth += 1
            expect_key = ch == "{" and depth == 1
        elif ch in "}]":
            depth -= 1
        elif ch == "," and depth == 1:
            expect_key = True
        i += 1
    return keys


_JSON_OBJECT: Any = json.decoder.JSONObject  # type: ignore[attr-defined]
"""The pure-Python object parser of the standard library (not in its type stubs)."""


def _duplicate_key_line(text: str) -> int | None:
    """The line of the first repeated key (parsing again with the pure-Python scanner,
    which tells where each object starts and ends); None when not found."""
    found: list[int] = []

    def parse_object(s_and_end: tuple[str, int], *args: Any) -> tuple[Any, int]:
        s, after_brace = s_and_end
        pairs, end = _JSON_OBJECT(s_and_end, *args[:3], list, *args[4:])
        names = [key for key, _ in pairs]
        if not found and len(set(names)) != len(names):
            seen: set[str] = set()
            positions = _object_keys(s, after_brace - 1, end)
            for name, pos in zip(names, positions, strict=False):
                if name in seen:
                    found.append(s.count("\n", 0, pos) + 1)
                    break
                seen.add(name)
        return pairs, end

    decoder = json.JSONDecoder(parse_constant=_reject_constant)
    decoder.parse_object = parse_object  # type: ignore[attr-defined]
    decoder.scan_once = json.scanner.py_make_scanner(decoder)  # type: ignore[attr-defined]
    try:
        decoder.decode(text)
    except (ValueError, RecursionError):
        return None
    return found[0] if found else None


def _decode_json(raw: bytes, source: str, line: int | None) -> Any:
    """Decode bytes to a JSON value or raise HouseholdValidationError."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise HouseholdValidationError(
            [Problem(source, "", f"not valid UTF-8 (byte {e.start})", line)]
        ) from None
    if not text.strip():
        raise HouseholdValidationError(
            [Problem(source, "", "empty input, expected a JSON object", line)]
        )
    try:
        return _loads(text)
    except json.JSONDecodeError as e:
        where = line if line is not None else e.lineno
        raise HouseholdValidationError(
            [Problem(source, "", f"invalid JSON: {e.msg} (column {e.colno})", where)]
        ) from None
    except RecursionError:
        raise HouseholdValidationError(
            [Problem(source, "", "invalid JSON: nested too deeply", line)]
        ) from None
    except ValueError as e:
        at = line
        if at is None and str(e).startswith("duplicate key"):
            at = _duplicate_key_line(text)
        raise HouseholdValidationError([Problem(source, "", f"invalid JSON: {e}", at)]) from None


def parse_household(data: Any, *, source: str = "<input>", line: int | None = None) -> Household:
    """Validate a decoded JSON value as a :class:`Household`.

    Raises :class:`HouseholdValidationError` listing every problem.
    """
    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else type(data).__name__
        raise HouseholdValidationError(
            [Problem(source, "", f"expected a JSON object (one household), got {kind}", line)]
        )
    try:
        return Household.model_validate(data)
    except ValidationError as e:
        problems = problems_from_validation_error(e, source=source, line=line)
        if not any(err["type"] == CROSS_REFERENCE_ERROR for err in e.errors()):
            # field errors stop the model's own reference check: report those too
            problems += [
                Problem(source, path, msg, line) for path, msg in raw_reference_problems(data)
            ]
        raise HouseholdValidationError(problems) from None
    except RecursionError:
        raise HouseholdValidationError([Problem(source, "", "nested too deeply", line)]) from None


def _check_regular(p: Path, limit: int | None) -> None:
    """Refuse what is not a regular file (a pipe, a device, a folder) or is too large."""
    source = str(p)
    if not p.exists():
        raise HouseholdValidationError([Problem(source, "", "no such file")])
    if not p.is_file():
        raise HouseholdValidationError(
            [Problem(source, "", "not a regular file (a folder, pipe or device)")]
        )
    if limit is not None and p.stat().st_size > limit:
        raise HouseholdValidationError(
            [
                Problem(
                    source,
                    "",
                    f"file too large for one household (over {limit} bytes); "
                    "a caseload is one household per line in a .jsonl file",
                )
            ]
        )


def read_household(path: str | Path) -> Household:
    """Read one household from a JSON file.

    A ``.jsonl`` caseload, a file that is not regular (a pipe, a device) and a file over
    :data:`MAX_LINE_BYTES` are refused with one clear problem.
    """
    p = Path(path)
    if is_caseload_path(p):
        raise HouseholdValidationError(
            [
                Problem(
                    str(p),
                    "",
                    "a .jsonl file is a caseload (one household per line): validate it with "
                    "`gezinsplan validate`, store it with `gezinsplan store import`, or "
                    "give one household as a .json file",
                )
            ]
        )
    _check_regular(p, MAX_LINE_BYTES)
    raw = p.read_bytes()
    return parse_household(_decode_json(raw, str(p), None), source=str(p))


def dumps_household(household: Household, *, indent: int | None = 2) -> str:
    """Serialise a household to JSON (all fields, stable key order)."""
    return household.model_dump_json(indent=indent, exclude_none=True)


def write_household(household: Household, path: str | Path) -> None:
    """Write one household as a JSON file (UTF-8, trailing newline)."""
    Path(path).write_text(dumps_household(household) + "\n", encoding="utf-8")


def is_caseload_path(path: str | Path) -> bool:
    """True for JSON Lines files (``.jsonl``, ``.ndjson``)."""
    return Path(path).suffix.lower() in {".jsonl", ".ndjson"}


def _iter_lines(handle: IO[bytes]) -> Iterator[tuple[int, bytes | None]]:
    """``(line number, bytes)``; ``None`` for a line over :data:`MAX_LINE_BYTES` (skipped
    without holding it in memory)."""
    number = 0
    while True:
        raw = handle.readline(MAX_LINE_BYTES + 1)
        if not raw:
            return
        number += 1
        if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
            while raw and not raw.endswith(b"\n"):
                raw = handle.readline(1 << 20)
            yield number, None
            continue
        yield number, raw


def iter_caseload_checked(
    path: str | Path,
) -> Iterator[tuple[int, Household | list[Problem]]]:
    """Stream a JSON Lines caseload: ``(line number, household or problems)``.

    Blank lines are skipped. Only one line is in memory at a time.
    """
    p = Path(path)
    source = str(p)
    _check_regular(p, None)
    with p.open("rb") as handle:
        for number, raw in _iter_lines(handle):
            if raw is None:
                yield (
                    number,
                    [Problem(source, "", f"line too long (over {MAX_LINE_BYTES} bytes)", number)],
                )
                continue
            if not raw.strip():
                continue
            try:
                yield (
                    number,
                    parse_household(_decode_json(raw, source, number), source=source, line=number),
                )
            except HouseholdValidationError as e:
                yield number, e.problems


def iter_caseload_lines(path: str | Path) -> Iterator[tuple[int, bytes | None]]:
    """The raw lines of a JSON Lines caseload: ``(line number, bytes)``, ``None`` for a
    line over the size limit; blank lines skipped. For parsing elsewhere (processes)."""
    p = Path(path)
    _check_regular(p, None)
    with p.open("rb") as handle:
        for number, raw in _iter_lines(handle):
            if raw is None or raw.strip():
                yield number, raw


def parse_caseload_line(raw: bytes | None, source: str, line: int) -> Household:
    """One caseload line as a household; :class:`HouseholdValidationError` names the line."""
    if raw is None:
        raise HouseholdValidationError(
            [Problem(source, "", f"line too long (over {MAX_LINE_BYTES} bytes)", line)]
        )
    return parse_household(_decode_json(raw, source, line), source=source, line=line)


def iter_caseload(path: str | Path) -> Iterator[Household]:
    """Stream the households of a JSON Lines file; the first bad line raises."""
    for _, item in iter_caseload_checked(path):
        if isinstance(item, list):
            raise HouseholdValidationError(item)
        yield item


def write_caseload(households: Iterable[Household], path: str | Path | IO[str]) -> int:
    """Write households as JSON Lines; returns how many were written."""
    if isinstance(path, (str, Path)):
        with Path(path).open("w", encoding="utf-8", newline="\n") as handle:
            return write_caseload(households, handle)
    count = 0
    for h in households:
        path.write(dumps_household(h, indent=None))
        path.write("\n")
        count += 1
    return count


def validate_path(path: str | Path) -> Iterator[Problem]:
    """Every problem in a household (.json) or caseload (.jsonl) file."""
    p = Path(path)
    source = str(p)
    try:
        _check_regular(p, None)
        if is_caseload_path(p):
            seen = False
            for _, item in iter_caseload_checked(p):
                seen = True
                if isinstance(item, list):
                    yield from item
            if not seen:
                yield Problem(source, "", "empty caseload, expected one household per line")
            return
        read_household(p)
    except HouseholdValidationError as e:
        yield from e.problems
    except OSError as e:
        yield Problem(source, "", f"cannot read file: {e.strerror or type(e).__name__}")

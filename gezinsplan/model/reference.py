"""Generate the field reference of the household JSON format (docs/format.md).

The page is generated from the pydantic models, so it cannot drift from the code;
a test checks that the checked-in page is current.
"""

from __future__ import annotations

import enum
import types
import typing
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from gezinsplan.model import household as h

__all__ = ["format_reference_markdown", "reference_types"]


def _models() -> list[type[BaseModel]]:
    """Every model reachable from :class:`Household`, depth first in field order."""
    found: list[type[BaseModel]] = []

    def visit(annotation: Any) -> None:
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            if annotation in found:
                return
            found.append(annotation)
            for field in annotation.model_fields.values():
                visit(field.annotation)
            return
        for arg in typing.get_args(annotation):
            visit(arg)

    visit(h.Household)
    return found


#: Fields named in ``PERSONAL_FIELDS`` that are not personal data.
_NOT_PERSONAL = {("Organisation", "name")}
#: Personal fields whose name is not in ``PERSONAL_FIELDS`` (kept, but coarsened on export).
_ALSO_PERSONAL = {("Member", "birth_date")}


def _personal(model: type[BaseModel], name: str) -> bool:
    key = (model.__name__, name)
    if key in _ALSO_PERSONAL:
        return True
    return name in h.PERSONAL_FIELDS and key not in _NOT_PERSONAL


_INTRO = """# The household JSON format

One household is one JSON object (a `.json` file); a caseload is JSON Lines
(`.jsonl`: one household object per line, read as a stream). `gezinsplan schema`
prints the JSON Schema; `gezinsplan validate FILE...` checks files and prints one
line per problem with file, line (JSON Lines) and field path.

Rules of the format:

- Unknown fields are errors (a typo never silently disappears).
- A key may appear only once per object (no "last one wins").
- Ids are short opaque strings (`^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$`), unique per
  kind within the household; every reference (a provision's `member`, a
  professional's `organisation`, `collaborates_with`, …) must point at an existing id,
  and an id list (`members`, `serves`, `supports`, …) names each id once.
- Types are strict: booleans are `true`/`false` (not `"yes"`, `1` or `"on"`), whole
  numbers are JSON integers (not `"2"` or `2.0`), dates are strings written
  `YYYY-MM-DD` (not numbers or date-times), between 1900-01-01 and 2199-12-31 (leave
  an end date out for an open end). Text holds no control characters (such as NUL).
- Dates are consistent: no provision start, assessment or representation lies before
  the member's birth date, and a household is assessed or planned only at a
  peildatum on or after every member's birth. Ages are never stored: they are
  computed at a peildatum passed to the library.
- Sizes are bounded (a longer list is a validation error): {limits}.
- Fields marked **personal** are personal data (AVG/GDPR): they are kept and
  round-tripped exactly, but never appear in reprs, logs or error messages, and
  pseudonymized exports drop or coarsen them.

See `examples/households/` for complete examples.

This page is generated from the models (`python -m gezinsplan.model.reference`).
"""


def _type_name(annotation: Any) -> str:
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        return _type_name(args[0])
    if origin in (typing.Union, types.UnionType):
        names = [_type_name(a) for a in args if a is not type(None)]
        suffix = " or null" if type(None) in args else ""
        return " or ".join(names) + suffix
    if origin is tuple:
        return f"list of {_type_name(args[0])}"
    if origin is typing.Literal:
        return " \\| ".join(f"`{a}`" for a in args)
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return f"[{annotation.__name__}](#{annotation.__name__.lower()})"
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return f"[{annotation.__name__}](#{annotation.__name__.lower()})"
    if isinstance(annotation, type):
        return {"str": "string", "int": "integer", "float": "number", "bool": "boolean"}.get(
            annotation.__name__, annotation.__name__
        )
    return str(annotation)


def _field_doc(model: type[BaseModel], name: str, field: FieldInfo) -> str:
    # whitespace collapsed: Python 3.13 dedents docstrings, 3.11 and 3.12 do not
    return " ".join((field.description or "").split()).replace("|", "\\|")


def _enums() -> list[type[enum.Enum]]:
    found: dict[str, type[enum.Enum]] = {}

    def visit(annotation: Any) -> None:
        if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
            found[annotation.__name__] = annotation
        for arg in typing.get_args(annotation):
            visit(arg)

    for model in _models():
        for field in model.model_fields.values():
            visit(field.annotation)
    return [found[k] for k in sorted(found)]


def _limits() -> str:
    names = {"ids_per_list": "ids in one id list"}
    return ", ".join(f"{names.get(k, k)} ≤ {v}" for k, v in h.LIMITS.items())


def reference_types() -> list[str]:
    """The names of the models and enumerations the page describes."""
    return [m.__name__ for m in _models()] + [e.__name__ for e in _enums()]


def format_reference_markdown() -> str:
    """The Markdown field reference of the household format."""
    out = [_INTRO.replace("{limits}", _limits())]
    for model in _models():
        out.append(f"\n## {model.__name__}\n")
        doc = " ".join((model.__doc__ or "").strip().split("\n\n")[0].split())
        out.append(f"{doc}\n")
        out.append("| field | type | required | notes |")
        out.append("| --- | --- | --- | --- |")
        for name, field in model.model_fields.items():
            required = "yes" if field.is_required() else "no"
            notes = _field_doc(model, name, field)
            if _personal(model, name):
                notes = ("**personal**. " + notes).strip()
            out.append(f"| `{name}` | {_type_name(field.annotation)} | {required} | {notes} |")
    out.append("\n## Enumerations\n")
    for en in _enums():
        out.append(f"### {en.__name__}\n")
        out.append(", ".join(f"`{m.value}`" for m in en) + "\n")
    return "\n".join(out).rstrip() + "\n"


if __name__ == "__main__":  # pragma: no cover
    print(format_reference_markdown(), end="")

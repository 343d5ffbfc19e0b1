import re
from pathlib import Path

from gezinsplan.model.household import Household
from gezinsplan.model.reference import format_reference_markdown, reference_types

DOC = Path(__file__).resolve().parents[2] / "docs" / "format.md"


def test_format_reference_is_current() -> None:
    assert DOC.read_text(encoding="utf-8") == format_reference_markdown(), (
        "docs/format.md is stale: run `python -m gezinsplan.model.reference > docs/format.md`"
    )


def test_format_reference_describes_every_type_of_the_json_schema() -> None:
    """Every model and enumeration the Household JSON Schema reaches has its section."""
    schema = Household.model_json_schema()
    in_schema = {"Household", *schema["$defs"]}
    headings = set(re.findall(r"^#{2,3} (\w+)$", DOC.read_text(encoding="utf-8"), re.M))
    assert in_schema - headings == set()
    assert sorted(reference_types()) == sorted(in_schema)


def test_reference_marks_personal_fields() -> None:
    text = format_reference_markdown()
    assert "| `bsn` | string or null | no | **personal**." in text
    assert "| `email` | string or null | no | **personal**." in text
    assert "| `name` | string or null | no | **personal**." in text
    assert "### Leefgebied" in text
    assert "`opvoeding`" in text
    organisation = text.split("## Organisation\n")[1].split("\n## ")[0]
    assert "**personal**" not in organisation

from pathlib import Path

from gezinsplan.model.reference import format_reference_markdown

DOC = Path(__file__).resolve().parents[2] / "docs" / "format.md"


def test_format_reference_is_current() -> None:
    assert DOC.read_text(encoding="utf-8") == format_reference_markdown(), (
        "docs/format.md is stale: run `python -m gezinsplan.model.reference > docs/format.md`"
    )


def test_reference_marks_personal_fields() -> None:
    text = format_reference_markdown()
    assert "| `bsn` | string or null | no | **personal**." in text
    assert "### Leefgebied" in text
    assert "`opvoeding`" in text

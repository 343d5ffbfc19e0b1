"""Plain summaries of households (counts only, no personal data) for tables and the demo."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from gezinsplan.model.enums import SOCIAL_DOMAIN_WETTEN
from gezinsplan.model.household import Household

__all__ = ["HouseholdSummary", "format_table", "summarise"]


@dataclass(frozen=True)
class HouseholdSummary:
    """Counts that describe a household at a peildatum."""

    household_id: str
    gemeente: str
    members: int
    minors: int
    questions: int
    leefgebieden: int
    wetten: tuple[str, ...]
    professionals: int
    organisations: int
    casemanagers: int


def summarise(household: Household, peildatum: date) -> HouseholdSummary:
    """Summarise ``household`` at ``peildatum``.

    >>> from gezinsplan.io import parse_household
    >>> h = parse_household({"id": "h1", "gemeente": "Vaals",
    ...     "members": [{"id": "m1", "role": "ouder", "birth_date": "1980-01-01"}]})
    >>> summarise(h, date(2026, 1, 1)).members
    1
    """
    active = list(household.active_provisions(peildatum))
    wetten = sorted({p.wet.value for p in active if p.wet in SOCIAL_DOMAIN_WETTEN})
    return HouseholdSummary(
        household_id=household.id,
        gemeente=household.gemeente,
        members=len(household.members),
        minors=sum(1 for m in household.members if m.age(peildatum) < 18),
        questions=len(household.questions),
        leefgebieden=len({q.leefgebied for q in household.questions}),
        wetten=tuple(wetten),
        professionals=len(household.professionals),
        organisations=len({p.organisation for p in household.professionals}),
        casemanagers=sum(1 for p in household.professionals if p.is_casemanager),
    )


def format_table(headers: list[str], rows: list[list[str]]) -> str:
    """A plain-text table with aligned columns.

    >>> print(format_table(["a", "bb"], [["1", "2"]]))
    a  bb
    -  --
    1  2
    """
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines.extend(
        "  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows
    )
    return "\n".join(lines)

"""The plan data model (one plan per household).

Owned by the plan builder; the store persists plans as their JSON form
(``Plan.model_dump(mode="json")``) plus a few summary columns.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

__all__ = ["Plan", "PlanOutcome"]


class PlanOutcome(StrEnum):
    """What the assessment led to."""

    PLAN = "plan"
    """A multiple support question: one full plan with a regisseur."""
    KORTE_CHECK = "korte_check"
    """A single support question: a short check, no full plan."""
    GEEN_VRAAG = "geen_vraag"
    """No support question at all."""


class Plan(BaseModel):
    """One household's plan at a peildatum."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    household_id: str
    peildatum: date
    outcome: PlanOutcome

"""The plan data model (one plan per household).

The store persists plans as their JSON form (``Plan.model_dump(mode="json")``) plus
summary columns (household id, peildatum, outcome).
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from gezinsplan.model.enums import Leefgebied, Product, Wet
from gezinsplan.signal import Citation, Owner

__all__ = ["Action", "Goal", "Plan", "PlanOutcome", "Regisseur", "SupportLevel"]


class PlanOutcome(StrEnum):
    """What the assessment led to."""

    PLAN = "plan"
    """A multiple support question: one full plan with a regisseur."""
    KORTE_CHECK = "korte_check"
    """A single support question: a short check, no full plan."""
    GEEN_VRAAG = "geen_vraag"
    """No support question at all."""


class SupportLevel(StrEnum):
    """The support ladder, lightest first ("filteren van voren naar achteren")."""

    EIGEN_KRACHT = "eigen_kracht"
    NETWERK = "netwerk"
    ALGEMENE_VOORZIENING = "algemene_voorziening"
    LICHTE_ONDERSTEUNING = "lichte_ondersteuning"
    MAATWERK = "maatwerk"
    SPECIALISTISCH = "specialistisch"
    OVERNEMEN = "overnemen"

    @property
    def rank(self) -> int:
        """0 for eigen kracht … 6 for taking over."""
        return _LEVEL_RANK[self]


_LEVEL_RANK = {level: i for i, level in enumerate(SupportLevel)}


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Action(_Frozen):
    """One thing someone does for a goal."""

    actor: Literal["huishouden", "netwerk", "professional", "regisseur"]
    actor_id: str | None = None
    level: SupportLevel
    text: str
    wet: Wet
    """The law that funds it (``geen`` for own strength and network)."""
    deadline: date | None = Field(default=None, repr=False)
    """The date to act by (for an overdue action: the new date)."""
    overdue_since: date | None = Field(default=None, repr=False)
    """When the term was missed: the first day late (``deadline`` is then the new date)."""
    missed_term: str = ""
    """Which term was missed and its due date, in plain Dutch ('' when on time)."""
    members: tuple[str, ...] = ()
    """The members it is about (transitions)."""
    product: Product | None = None
    """The provision it continues (actions of professionals on an existing provision)."""
    letter: str = ""
    """Plain Dutch for the household's letter (``{naam}``/``{datum}`` filled in there)."""
    owner: Owner | None = None
    """Who must act (an action a rule declares): the gemeente, the SVB, the household …"""
    basis: tuple[Citation, ...] = ()
    """The legal ground of the action: citations with their juriconnect links."""
    rule_id: str | None = None
    """The rule that declares the action (None for the plan's own generic actions)."""
    action_id: str | None = None
    """The action's id within its rule."""


class Goal(_Frozen):
    """A goal of the household, in its own words where it gave them."""

    id: str
    leefgebied: Leefgebied
    members: tuple[str, ...]
    title: str
    own_words: str = Field(default="", repr=False)
    basis: Literal["veiligheid", "acuut", "bestaanszekerheid", "eigen_prioriteit"]
    status: Literal["actief", "later"]
    reason: str
    """Why the goal has this place in the order."""
    actions: tuple[Action, ...]
    signals: tuple[str, ...] = ()


class Regisseur(_Frozen):
    """The one coordinator of the plan."""

    kind: Literal["member", "professional", "informal", "toegang"]
    id: str
    reason: str


class Plan(_Frozen):
    """One household's plan at a peildatum."""

    household_id: str
    peildatum: date
    outcome: PlanOutcome
    goals: tuple[Goal, ...] = ()
    regisseur: Regisseur | None = None
    transitions: tuple[Action, ...] = ()
    evaluation_date: date | None = None
    explanations: tuple[str, ...] = ()
    notices: tuple[str, ...] = ()
    """What the household should know besides the goals (e.g. the right to free,
    independent cliëntondersteuning)."""

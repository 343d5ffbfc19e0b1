"""Signals: what a rule found in a household, explained and traceable.

A :class:`Signal` is the output of :func:`gezinsplan.assess` and the input of the
plan builder. It carries the rule id, its category and severity, the members
involved, the facts that matched, the parameter values used, the legal or
policy source and a Dutch message.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from gezinsplan.model.enums import Leefgebied, Wet

__all__ = ["Category", "MatchedFact", "Severity", "Signal"]


class Category(StrEnum):
    """Rule categories (one folder of the rule catalogue each)."""

    TRIAGE = "triage"
    VEILIGHEID = "veiligheid"
    BESTAANSZEKERHEID = "bestaanszekerheid"
    SCHOT = "schot"
    TRANSITIE = "transitie"
    CONFLICT = "conflict"
    BLOKKADE = "blokkade"


class Severity(StrEnum):
    """How serious a signal is; ordered from least to most serious."""

    INFO = "info"
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        """0 for info … 4 for critical."""
        return list(Severity).index(self)


Scalar = str | int | float | bool | None


class MatchedFact(BaseModel):
    """One fact that took part in a match: its type, id and the attributes tested."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    type: str
    id: str
    attributes: dict[str, Scalar] = Field(default_factory=dict)


class Signal(BaseModel):
    """What one rule found in one household at one peildatum."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    rule_id: str
    title: str
    category: Category
    severity: Severity
    household_id: str
    peildatum: date
    members: tuple[str, ...] = ()
    leefgebied: Leefgebied | None = None
    wet: Wet | None = None
    """The law under which the follow-up falls (transitie rules name it)."""
    letter: str = Field(default="", repr=False)
    """The rule's plain-Dutch text for the household (placeholders ``{naam}``, ``{datum}``
    are filled in only in the household's own letter)."""
    deadline: date | None = Field(default=None, repr=False)
    """For transitions: the date by which something must be arranged (often an 18th
    birthday, so it is kept out of the repr)."""
    overdue_since: date | None = Field(default=None, repr=False)
    """When the due date lies before the peildatum: the first day it was late (the day
    after the due date); ``deadline`` is then the new date (``plan.spoed_werkdagen``
    working days after the peildatum)."""
    missed_term: str = Field(default="", repr=False)
    """Which term was missed and its due date, in plain Dutch ('' when not overdue)."""
    facts: tuple[MatchedFact, ...] = ()
    parameters: dict[str, Any] = Field(default_factory=dict)
    """Parameter values (at the peildatum) that the rule used."""
    source: str
    message: str
    """The rendered Dutch message."""
    explanation: str = ""
    """Why it fired: the facts and parameter values, in words."""
    rules_version: str = Field(default="", repr=False)
    """The content hash of the rule set that produced the signal: the planner plans with
    the parameters of that same rule set."""

    def sort_key(self) -> tuple[Any, ...]:
        """Deterministic order: rule id, then members, then the matched fact ids."""
        return (self.rule_id, self.members, tuple((f.type, f.id) for f in self.facts))

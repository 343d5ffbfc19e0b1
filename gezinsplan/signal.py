"""Signals: what a rule found in a household, explained and traceable.

A :class:`Signal` is the output of :func:`gezinsplan.assess` and the input of the
plan builder. It carries the rule id, its category and severity, the members
involved, the facts that matched, the parameter values used, the legal or
policy source and a Dutch message.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field, SerializerFunctionWrapHandler, model_serializer

from gezinsplan.model.enums import Leefgebied, Wet

__all__ = ["Category", "Citation", "MatchedFact", "Owner", "Severity", "Signal", "SignalAction"]

LAZY_FIELDS = ("facts", "parameters", "message", "explanation")
"""The fields of a signal built by an engine that are rendered when first needed (see
:class:`Signal`)."""


class Pending:
    """The recipe of a signal's :data:`LAZY_FIELDS`: ``render()`` gives the values of every
    field (the signal's complete ``__dict__``, in the order its builder serialises them);
    ``fact_keys`` are the (type, id) of the matched facts, for sorting without rendering."""

    __slots__ = ("fact_keys", "render")

    def __init__(
        self, render: Callable[[], dict[str, Any]], fact_keys: tuple[tuple[str, str], ...]
    ) -> None:
        self.render = render
        self.fact_keys = fact_keys


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
        return _SEVERITY_RANK[self]


_SEVERITY_RANK = {level: i for i, level in enumerate(Severity)}


class Owner(StrEnum):
    """Who must act on an action a rule declares (a controlled vocabulary)."""

    GEMEENTE = "gemeente"
    """The municipality: its toegangsteam (or another municipal service)."""
    SVB = "svb"
    UWV = "uwv"
    CIZ = "ciz"
    DUO = "duo"
    RMC = "rmc"
    """The Regionaal Meld- en Coördinatiepunt voortijdig schoolverlaten."""
    GECERTIFICEERDE_INSTELLING = "gecertificeerde_instelling"
    """The jeugdbeschermer or jeugdreclasseerder (Jeugdwet art. 1.1)."""
    VEILIG_THUIS = "veilig_thuis"
    KINDERRECHTER = "kinderrechter"
    FAMILIERECHTER = "familierechter"
    KANTONRECHTER = "kantonrechter"
    ZORGVERZEKERAAR = "zorgverzekeraar"
    TOESLAGEN = "toeslagen"
    """Belastingdienst/Toeslagen."""
    HUISHOUDEN = "huishouden"
    """The household itself (the member the action is about, or a parent)."""
    AANBIEDER = "aanbieder"
    """The provider of the care or help."""
    SCHOOL = "school"
    WONINGCORPORATIE = "woningcorporatie"

    @property
    def words(self) -> str:
        """Who, in plain Dutch for the household's letter (``de SVB``, ``u zelf``)."""
        return _OWNER_WORDS[self]

    @property
    def label(self) -> str:
        """Who, for the caseworker (``Belastingdienst/Toeslagen``)."""
        return _OWNER_LABELS[self]


_OWNER_WORDS = {
    Owner.GEMEENTE: "de gemeente",
    Owner.SVB: "de SVB",
    Owner.UWV: "het UWV",
    Owner.CIZ: "het CIZ",
    Owner.DUO: "DUO",
    Owner.RMC: "het RMC (hulp bij school of werk)",
    Owner.GECERTIFICEERDE_INSTELLING: "de jeugdbeschermer",
    Owner.VEILIG_THUIS: "Veilig Thuis",
    Owner.KINDERRECHTER: "de kinderrechter",
    Owner.FAMILIERECHTER: "de rechter",
    Owner.KANTONRECHTER: "de kantonrechter",
    Owner.ZORGVERZEKERAAR: "de zorgverzekeraar",
    Owner.TOESLAGEN: "de Belastingdienst (Toeslagen)",
    Owner.HUISHOUDEN: "u zelf",
    Owner.AANBIEDER: "de zorgaanbieder",
    Owner.SCHOOL: "de school",
    Owner.WONINGCORPORATIE: "de woningcorporatie",
}
_OWNER_LABELS = {
    Owner.GEMEENTE: "gemeente (toegangsteam)",
    Owner.SVB: "SVB",
    Owner.UWV: "UWV",
    Owner.CIZ: "CIZ",
    Owner.DUO: "DUO",
    Owner.RMC: "RMC",
    Owner.GECERTIFICEERDE_INSTELLING: "gecertificeerde instelling",
    Owner.VEILIG_THUIS: "Veilig Thuis",
    Owner.KINDERRECHTER: "kinderrechter",
    Owner.FAMILIERECHTER: "familierechter",
    Owner.KANTONRECHTER: "kantonrechter",
    Owner.ZORGVERZEKERAAR: "zorgverzekeraar",
    Owner.TOESLAGEN: "Belastingdienst/Toeslagen",
    Owner.HUISHOUDEN: "huishouden",
    Owner.AANBIEDER: "aanbieder",
    Owner.SCHOOL: "school",
    Owner.WONINGCORPORATIE: "woningcorporatie",
}


class Citation(BaseModel):
    """One cited provision of an action's legal ground, in words and as a link."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    law: str
    """A key of :data:`gezinsplan.rules.legal.LAWS`."""
    citation: str
    """``Jeugdwet art. 7.3.1``, ``BW art. 1:431 lid 1``."""
    juriconnect: str
    url: str


class SignalAction(BaseModel):
    """One action a rule declares, with its due date for this signal."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    text: str
    """For the caseworker (Dutch)."""
    letter: str = ""
    """For the household (plain Dutch; ``{naam}``/``{datum}`` filled in in the letter)."""
    owner: Owner
    law: str
    """The law the action falls under: a key of :data:`gezinsplan.rules.legal.LAWS`."""
    basis: tuple[Citation, ...] = ()
    due: date | None = None
    """The date to act by (for an overdue action: the new date)."""
    overdue_since: date | None = None
    missed_term: str = ""


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
    actions: tuple[SignalAction, ...] = ()
    """The actions the rule declares, each with its due date (``actions:`` in the rule)."""
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
        pending = self.__pydantic_private__
        if isinstance(pending, Pending):
            return (self.rule_id, self.members, pending.fact_keys)
        return (self.rule_id, self.members, tuple((f.type, f.id) for f in self.facts))

    # A signal built by an engine (gezinsplan.rules.explain) renders its message, its
    # explanation, its matched facts and its parameter values when one of them is first
    # read, or when the signal is serialised, compared, hashed, copied, pickled or
    # printed: an assessment whose signals are only counted or sorted never renders
    # them. Until then the recipe (a :class:`Pending`) sits where pydantic keeps private
    # attributes (a signal has none); rendering replaces the values whole, in the order
    # signals have always been serialised in (tested). Rendering twice from two threads
    # gives equal values: no lock is needed.

    def _render(self) -> None:
        pending = self.__pydantic_private__
        if not isinstance(pending, Pending):
            return
        object.__setattr__(self, "__dict__", pending.render())
        object.__setattr__(self, "__pydantic_private__", None)

    @model_serializer(mode="wrap")
    def _serialise_rendered(self, handler: SerializerFunctionWrapHandler):  # type: ignore[no-untyped-def]
        # no return annotation: it would replace the schema of the serialised signal
        self._render()
        return handler(self)

    if not TYPE_CHECKING:  # the type checker sees the fields themselves

        def __getattr__(self, name: str) -> Any:
            if name in LAZY_FIELDS and isinstance(self.__pydantic_private__, Pending):
                self._render()
                return self.__dict__[name]
            return super().__getattr__(name)

    def __eq__(self, other: object) -> bool:
        self._render()
        if isinstance(other, Signal):
            other._render()
        return super().__eq__(other)

    def __hash__(self) -> int:
        self._render()
        # as pydantic's own hash of a frozen model: the values of every field
        return hash(tuple(self.__dict__[k] for k in type(self).model_fields))

    def __iter__(self) -> Any:
        self._render()
        return super().__iter__()

    def __repr_args__(self) -> Any:
        self._render()
        return super().__repr_args__()

    def __getstate__(self) -> dict[Any, Any]:
        self._render()
        return super().__getstate__()

    def __copy__(self) -> Signal:
        self._render()
        return super().__copy__()

    def __deepcopy__(self, memo: dict[int, Any] | None = None) -> Signal:
        self._render()
        return super().__deepcopy__(memo)

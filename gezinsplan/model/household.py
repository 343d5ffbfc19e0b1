"""The household model: validated pydantic v2 models of a household and its support.

A :class:`Household` holds its members and everything around them. All
cross-references (a provision's member, a professional's organisation, a
collaboration partner …) are checked when the model is built; an unknown
reference is an error naming the field path and the id, never personal data.

Personal fields (``name``, ``bsn``, ``birth_date``, ``address``, the household's
own words) are excluded from ``repr`` and never appear in error messages.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    Strict,
    StringConstraints,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from gezinsplan.errors import HouseholdValidationError, Problem
from gezinsplan.model.bsn import is_valid_bsn
from gezinsplan.model.codelists import LAWS, code_label, codes
from gezinsplan.model.dates import age_at, eighteenth_birthday, months_to_18
from gezinsplan.model.enums import (
    AbsenceKind,
    ArrearKind,
    CareRole,
    Desk,
    Disability,
    EducationStatus,
    Eenheid,
    Frequentie,
    HousingStatus,
    InformalKind,
    InsuranceStatus,
    JuridischeStatus,
    KostendelerStudy,
    Leefgebied,
    MemberRole,
    ObligationKind,
    Product,
    ProductCategory,
    ProvisionKind,
    ProvisionStatus,
    RedenBeeindiging,
    RentalAgreement,
    RepresentationKind,
    SchuldhulpPhase,
    Urgency,
    VeiligThuisStatus,
    Verwijzer,
    Wet,
)

__all__ = [
    "LIMITS",
    "MAX_AGE",
    "PERSONAL_FIELDS",
    "Arrear",
    "Assessment",
    "Finances",
    "Household",
    "Id",
    "InformalSupport",
    "Member",
    "Obligation",
    "Organisation",
    "ParentLink",
    "Professional",
    "Provision",
    "RegisseurChoice",
    "Representation",
    "SafetyConcern",
    "SchoolAbsence",
    "SupportQuestion",
]

PERSONAL_FIELDS = frozenset(
    {"name", "bsn", "address", "own_words", "description", "supporter_name", "phone", "email"}
)
"""Fields that identify people or hold their words (an organisation's ``name`` is not
personal). Exports and analysis copies leave them out."""

EARLIEST_DATE = date(1900, 1, 1)
"""No date in a household lies before this one."""
LATEST_DATE = date(2199, 12, 31)
"""No date in a household lies after this one (leave an end date out for an open end)."""

LIMITS: dict[str, int] = {
    "members": 50,
    "questions": 200,
    "provisions": 500,
    "organisations": 100,
    "professionals": 200,
    "informal_support": 200,
    "assessments": 1000,
    "safety_concerns": 100,
    "ids_per_list": 50,
    "obligations": 10,
    "representation": 10,
    "parent_links": 200,
    "arrears": 100,
}
"""Documented size limits of one household (a longer list is a validation error)."""
MAX_AGE = 120
"""No member is older than this at a peildatum (an older age is a wrong birth date)."""

_ISO_DAY = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _iso_day(value: Any) -> Any:
    """Dates are written ``YYYY-MM-DD``: no numbers, no date-times, no other spellings."""
    if type(value) is date:
        return value
    if isinstance(value, str) and _ISO_DAY.match(value):
        return value
    raise PydanticCustomError("date_format", "expected a date written as YYYY-MM-DD")


def _in_window(value: date) -> date:
    if not EARLIEST_DATE <= value <= LATEST_DATE:
        raise PydanticCustomError(
            "date_range",
            "date outside the accepted range 1900-01-01 to 2199-12-31",
        )
    return value


def _no_control(value: str) -> str:
    if _CONTROL.search(value):
        raise PydanticCustomError(
            "control_character",
            "text contains a control character (such as NUL); remove it",
        )
    return value


#: A calendar date written YYYY-MM-DD, between 1900-01-01 and 2199-12-31.
Day = Annotated[date, BeforeValidator(_iso_day), AfterValidator(_in_window)]
#: A JSON boolean: ``true`` or ``false`` only (no "yes", 1, "on").
Flag = Annotated[bool, Strict()]
#: A JSON integer: no strings, no fractions, no booleans.
Whole = Annotated[int, Strict()]
_DATE_IN_ID = re.compile(
    r"(?<![0-9])(19|20|21)[0-9]{2}(-(0[1-9]|1[0-2])-|(0[1-9]|1[0-2]))(0[1-9]|[12][0-9]|3[01])(?![0-9])"
)


def _opaque(value: str) -> str:
    """Ids travel through logs, messages and exports: refuse ones that look personal."""
    if value.isdigit() and len(value) in (8, 9) and is_valid_bsn(value.zfill(9)):
        raise PydanticCustomError(
            "personal_id", "an id must not be a BSN: use an opaque id such as 'm1'"
        )
    if _DATE_IN_ID.search(value):
        raise PydanticCustomError(
            "personal_id", "an id must not hold a date (a birth date?): use an opaque id"
        )
    return value


#: Identifiers: short, opaque, never personal data (no BSN, no date inside).
Id = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$"),
    AfterValidator(_opaque),
]
IdList = Annotated[tuple[Id, ...], Field(max_length=LIMITS["ids_per_list"])]


_Clean = AfterValidator(_no_control)
#: An iWmo/iJw product code (``LDT_ProductCode``): one to five characters, not blank.
ProductCode = Annotated[
    str, StringConstraints(min_length=1, max_length=5, pattern=r"^[^\x00-\x1f\x7f]+$")
]
#: A municipality's CBS code: four digits (``LDT_Gemeente``).
GemeenteCode = Annotated[str, StringConstraints(pattern=r"^[0-9]{4}$")]
#: An AGB code: eight digits (``LDT_AgbCode``).
AgbCode = Annotated[str, StringConstraints(pattern=r"^[0-9]{8}$")]
_LIST = {"reden_beeindiging": "reden_beeindiging", "unit": "eenheid", "frequency": "frequentie"}
ShortText = Annotated[str, StringConstraints(max_length=2000), _Clean]
Name = Annotated[str, StringConstraints(min_length=1, max_length=200), _Clean]
PlaceName = Annotated[str, StringConstraints(min_length=1, max_length=100), _Clean]
AreaName = Annotated[str, StringConstraints(max_length=100), _Clean]
AddressText = Annotated[str, StringConstraints(max_length=300), _Clean]
Phone = Annotated[str, StringConstraints(pattern=r"^\+?[0-9][0-9 ()-]{5,19}$")]
Email = Annotated[str, StringConstraints(pattern=r"^[^@\s]{1,64}@[^@\s]{1,180}\.[A-Za-z]{2,24}$")]
CROSS_REFERENCE_ERROR = "cross_reference"


class _Model(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        str_strip_whitespace=True,
        use_enum_values=False,
        validate_default=True,
        use_attribute_docstrings=True,
    )


class Obligation(_Model):
    """A Participatiewet obligation (arbeidsverplichting, tegenprestatie)."""

    kind: ObligationKind
    exempt: Flag = False
    """True when the municipality granted a (temporary) exemption."""


class Representation(_Model):
    """Legal representation arranged for a member (mentorschap, bewind, curatele)."""

    kind: RepresentationKind
    since: Day | None = None
    requested: Flag = False
    """True when requested but not yet granted."""


class SchoolAbsence(_Model):
    """School absence of a member of compulsory school age (Leerplichtwet 1969)."""

    kind: AbsenceKind
    thuiszitter: Flag = False
    """True when the child has been at home without education for four weeks or more."""
    since: Day | None = None


class Member(_Model):
    """A person in the household."""

    id: Id
    role: MemberRole
    birth_date: Day = Field(repr=False)
    name: Name | None = Field(default=None, repr=False)
    bsn: str | None = Field(default=None, repr=False)
    education: EducationStatus | None = None
    startkwalificatie: Flag = False
    """True when the member holds a startkwalificatie (a havo or vwo diploma or an mbo
    diploma from level 2; Leerplichtwet 1969 art. 1 onder f), at school or not."""
    obligations: tuple[Obligation, ...] = Field(default=(), max_length=LIMITS["obligations"])
    representation: tuple[Representation, ...] = Field(
        default=(), max_length=LIMITS["representation"]
    )
    needs_representation: Flag = False
    """True when the member will need a representative as an adult."""
    has_ouderlijk_gezag: Flag = False
    """True for a parent who holds parental authority over a child in the household."""
    disabilities: tuple[Disability, ...] = Field(default=(), max_length=5)
    """Recorded disabilities or conditions (e.g. ``lvb``), each at most once."""
    wlz_indicatie: Flag = False
    """True when the CIZ granted a Wlz indication (Wet langdurige zorg)."""
    insurance: InsuranceStatus | None = None
    """Health insurance status (Zorgverzekeringswet); left out when not known."""
    school_absence: SchoolAbsence | None = None
    """Recorded school absence (Leerplichtwet)."""

    def measures(self) -> frozenset[RepresentationKind]:
        """The protective measures in force (granted, not only requested)."""
        return frozenset(r.kind for r in self.representation if not r.requested)

    @property
    def under_curatele(self) -> bool:
        """True under curatele in force: the curator acts for the member (BW 1:381, 1:386)
        and the member cannot hold parental authority (BW 1:246). Beschermingsbewind (money
        matters, BW 1:431) and mentorschap (care matters, BW 1:450) leave the member the
        regie over everything else."""
        return RepresentationKind.CURATELE in self.measures()

    care_outside_hours: Annotated[float, Strict()] | None = Field(default=None, ge=0, le=168)
    """Hours per week of mantelzorg this member gives to someone outside the household."""
    voogdij: Flag = False
    """True for a minor under voogdij of someone other than a parent (a pleegouder or a
    gecertificeerde instelling)."""
    pleegvergoeding: Flag = False
    """True for a pleegkind for whom the pleegouders in the household receive a
    pleegvergoeding (pleegzorg under the Jeugdwet): then no kinderbijslag and no
    kindgebonden budget for this child (SVB and Belastingdienst practice)."""
    statushouder: Flag = False
    """True for a refugee with a residence permit (inburgeringsplichtig; which law applies
    follows from ``inburgering_sinds``)."""
    inburgering_pip: Flag = False
    """True when the municipality has drawn up the persoonlijk plan inburgering en
    participatie (PIP)."""
    inburgering_sinds: Day | None = None
    """The day the inburgeringsplicht began (lawful residence obtained). A plicht from
    2022-01-01 falls under the Wet inburgering 2021; an earlier one under the former Wet
    inburgering (Wet inburgering 2021 art. 54 lid 1), without a PIP."""
    rental_agreement: RentalAgreement | None = None
    """A written agreement at a commercial price under which this member lives in the home
    (Participatiewet art. 19a lid 1 onder b or c)."""
    close_relative: Flag = False
    """True for a blood or affine relative of the bijstand claimant in the first or second
    degree (parent, child, brother, sister, grandparent, grandchild, or their partners):
    a rental agreement with the claimant does not exempt them (art. 19a lid 1 onder b)."""
    study: KostendelerStudy | None = None
    """Education this member follows that keeps them out of the kostendelersnorm
    (Participatiewet art. 19a lid 1 onder d)."""
    help_refused: Whole = Field(default=0, ge=0, le=100)
    """How often this member refused offered help in the last twelve months."""
    eigen_inkomen: Flag | None = None
    """Whether this member has an income of their own (wages, an uitkering, bijstand,
    studiefinanciering); ``None`` when not recorded. ``False`` records a member without any
    income (e.g. a young adult whose youth care ended)."""
    rechtmatig_verblijf: Flag | None = None
    """Whether this member lives in the Netherlands lawfully (Vreemdelingenwet 2000 art. 8);
    ``None`` when not recorded (a Dutch national need not record it). ``False`` records an
    undocumented member: the koppelingsbeginsel (art. 10) bars most benefits and
    provisions."""

    @field_validator("bsn")
    @classmethod
    def _check_bsn(cls, value: str | None) -> str | None:
        if value is not None and not is_valid_bsn(value):
            raise PydanticCustomError("bsn", "BSN fails the elfproef (11-test)")
        return value

    def age(self, peildatum: date) -> int:
        """Age in whole years at ``peildatum``."""
        return age_at(self.birth_date, peildatum)

    def eighteenth_birthday(self) -> date:
        """The date this member turns (or turned) 18."""
        return eighteenth_birthday(self.birth_date)

    def months_to_18(self, peildatum: date) -> int:
        """Whole months from ``peildatum`` to the 18th birthday (negative once past)."""
        return months_to_18(self.birth_date, peildatum)


class SupportQuestion(_Model):
    """A support question (ondersteuningsvraag) of one or more members."""

    id: Id
    members: IdList = Field(min_length=1)
    leefgebied: Leefgebied
    own_words: ShortText = Field(default="", repr=False)
    """The question in the household's own words (shown in the plan, never logged)."""
    urgency: Urgency = Urgency.NORMAAL
    priority: Whole | None = Field(default=None, ge=1, le=99)
    """The household's own ranking: 1 is most important to the household."""
    desk: Desk = Desk.CENTRALE_TOEGANG
    registered_on: Day | None = None
    aanvraag_on: Day | None = None
    """The day of a formal request (aanvraag) for a Wmo provision, when made."""
    decided_on: Day | None = None
    """The day the municipality decided (beschikking) on the question."""
    asks_for: Product | None = None
    """What the question asks for, when it names a provision (a woningaanpassing, a
    hulpmiddel, dagbesteding …): rules key off it to find the desk that pays for it."""


class Provision(_Model):
    """A provision (voorziening) a member receives."""

    id: Id
    member: Id
    wet: Wet
    kind: ProvisionKind
    product: Product
    category: ProductCategory | None = None
    provider: Id | None = None
    """The organisation that delivers it."""
    start: Day
    """The start date; for a provision that is requested or on a waiting list, the
    planned start."""
    end: Day | None = None
    eigen_bijdrage: Flag = False
    """True when the member pays an own contribution (eigen bijdrage) for it."""
    status: ProvisionStatus | None = None
    """Where it stands; left out, the dates alone decide (running between start and end,
    planned before the start)."""
    product_code: ProductCode | None = None
    """The iWmo/iJw product code (``LDT_ProductCode``: one to five characters, e.g.
    ``45A53``); the municipality's own code within the category."""
    beschikking: Id | None = None
    """The reference of the decision (beschikking) that grants it."""
    verwijzer: Verwijzer | None = None
    """Who referred (for Jeugdwet care: gemeente, huisarts, jeugdarts, …)."""
    toewijzingnummer: Whole | None = Field(default=None, ge=0, le=999_999_999)
    """The ToewijzingNummer of the iWmo/iJw toewijzing (301); unique per law and
    gemeente."""
    gemeente_code: GemeenteCode | None = None
    """The CBS code (four digits) of the municipality that granted it (the 301's
    Afzender)."""
    aanbieder_agb: AgbCode | None = None
    """The AGB code (eight digits) of the provider (aanbieder) in the iWmo/iJw messages."""
    toewijzingsdatum: Day | None = None
    """The day the toewijzing (301) was made."""
    volume: Whole | None = Field(default=None, ge=0, le=99_999_999)
    """The granted volume (Omvang); in eurocent when ``unit`` is ``83`` (euro's)."""
    unit: Eenheid | None = None
    """The unit of ``volume`` (Eenheid code: 01 minuut, 04 uur, 14 etmaal, 16 dagdeel,
    82 stuks output, 83 euro's, 84 stuks inspanning)."""
    frequency: Frequentie | None = None
    """How often ``volume`` is given (Frequentie code: 1 per dag, 2 per week, 4 per maand,
    6 totaal binnen de geldigheidsduur)."""
    budget: Whole | None = Field(default=None, ge=0, le=99_999_999)
    """The granted budget in eurocent."""
    juridische_status: JuridischeStatus | None = None
    """The client's legal status recorded with the toewijzing (04 = ondertoezichtstelling)."""
    delivery_start: Day | None = None
    """The day delivery began (the start message, 305)."""
    delivery_end: Day | None = None
    """The day delivery stopped (the stop message, 307)."""
    reden_beeindiging: RedenBeeindiging | None = None
    """Why delivery stopped (RedenBeeindiging of the 307; its meaning depends on the
    law, see :attr:`reden_beeindiging_label`); 39 is uitstroom naar ander domein."""

    @model_validator(mode="after")
    def _check_period(self) -> Provision:
        if self.end is not None and self.end < self.start:
            raise PydanticCustomError("period", "end date lies before start date")
        if self.status is ProvisionStatus.BEEINDIGD and self.end is None:
            raise PydanticCustomError("period", "an ended provision (beeindigd) needs its end date")
        if self.delivery_end is not None and (
            self.delivery_start is not None and self.delivery_end < self.delivery_start
        ):
            raise PydanticCustomError("period", "delivery_end lies before delivery_start")
        for name, code in (
            ("reden_beeindiging", self.reden_beeindiging),
            ("unit", self.unit),
            ("frequency", self.frequency),
        ):
            if code is None or self.wet not in LAWS:
                continue
            if code.value not in codes(self.wet, _LIST[name]):
                raise PydanticCustomError(
                    "code_list",
                    "{name} {code} is not in the {law} code list",
                    {"name": name, "code": code.value, "law": self.wet.value},
                )
        return self

    @property
    def reden_beeindiging_label(self) -> str | None:
        """The meaning of :attr:`reden_beeindiging` in this provision's law (None when
        there is no reason or the law has no iStandaard)."""
        if self.reden_beeindiging is None or self.wet not in LAWS:
            return None
        return code_label(self.wet, "reden_beeindiging", self.reden_beeindiging.value)

    @property
    def not_granted(self) -> bool:
        """True while requested or on a waiting list: it does not run, whatever its dates."""
        return self.status in (ProvisionStatus.AANGEVRAAGD, ProvisionStatus.WACHTLIJST)

    def active_on(self, peildatum: date) -> bool:
        """True when the provision runs on ``peildatum``."""
        return (
            not self.not_granted
            and self.start <= peildatum
            and (self.end is None or peildatum <= self.end)
        )

    def planned_on(self, peildatum: date) -> bool:
        """True when it does not run yet on ``peildatum`` but is requested, waited for or
        planned to start later (and has not ended)."""
        if self.end is not None and self.end < peildatum:
            return False
        return self.not_granted or self.start > peildatum

    def ended_on(self, peildatum: date) -> bool:
        """True when it ran and ended before ``peildatum``."""
        return not self.not_granted and self.end is not None and self.end < peildatum


class Organisation(_Model):
    """An organisation that employs professionals or delivers provisions."""

    id: Id
    name: Name
    wetten: tuple[Wet, ...] = ()


class Professional(_Model):
    """A professional involved with the household."""

    id: Id
    organisation: Id
    role: CareRole
    wetten: tuple[Wet, ...] = Field(min_length=1)
    serves: IdList = Field(min_length=1)
    """Members this professional works with."""
    is_casemanager: Flag = False
    """True when this professional acts as casemanager or regisseur for (part of) the household."""
    doorzettingsmacht: Flag = False
    """True when this professional may break deadlocks (doorzettingsmacht)."""
    collaborates_with: IdList = ()
    """Professionals this one actually aligns with (symmetric in analysis)."""
    name: Name | None = Field(default=None, repr=False)
    """The professional's name: shown only in the household's own letter."""
    phone: Phone | None = Field(default=None, repr=False)
    """How the household reaches this professional (shown only in the household's letter)."""
    email: Email | None = Field(default=None, repr=False)


class InformalSupport(_Model):
    """Informal support: who supports whom, as what."""

    id: Id
    kind: InformalKind
    supporter_member: Id | None = None
    """Set when the supporter is a member of the household."""
    supporter_name: Name | None = Field(default=None, repr=False)
    supports: IdList = Field(min_length=1)
    leefgebieden: tuple[Leefgebied, ...] = ()
    hours_per_week: Annotated[float, Strict()] | None = Field(default=None, ge=0, le=168)


class Assessment(_Model):
    """A ZRM score (1 acute … 5 volledig zelfredzaam) at a date.

    ``member`` is None for the household-level domains (veiligheid, opvoeding).
    """

    member: Id | None = None
    leefgebied: Leefgebied
    score: Whole = Field(ge=1, le=5)
    date: Day


class SafetyConcern(_Model):
    """A recorded safety concern (zorg over veiligheid) about members."""

    id: Id
    members: IdList = Field(min_length=1)
    recorded_on: Day
    description: ShortText = Field(default="", repr=False)
    meldcode_started: Flag = False
    veilig_thuis: VeiligThuisStatus | None = None
    """Where Veilig Thuis stands with this concern."""
    children_present: Flag = False
    """True when children live in the household where the unsafety happens."""
    huisverbod_until: Day | None = None
    """The last day of a tijdelijk huisverbod (Wet tijdelijk huisverbod), when imposed."""
    safety_plan: Flag = False
    """True when a veiligheidsplan has been made with the household."""


class ParentLink(_Model):
    """A child and one of its parents: in the household or living elsewhere."""

    model_config = ConfigDict(
        json_schema_extra={
            # either a parent in the household or one living elsewhere, never both or neither
            "oneOf": [
                {
                    "required": ["parent"],
                    "properties": {
                        "parent": {"type": "string"},
                        "lives_elsewhere": {"const": False},
                    },
                },
                {
                    "required": ["lives_elsewhere"],
                    "properties": {"parent": {"type": "null"}, "lives_elsewhere": {"const": True}},
                },
            ]
        }
    )

    child: Id
    parent: Id | None = None
    """The parent's member id; left out for a parent living elsewhere."""
    lives_elsewhere: Flag = False
    """True for a parent outside the household (then ``parent`` is left out)."""
    gezag: Flag = False
    """True when this parent holds parental authority (ouderlijk gezag) over the child."""

    @model_validator(mode="after")
    def _check_parent(self) -> ParentLink:
        if (self.parent is None) != self.lives_elsewhere:
            raise PydanticCustomError(
                "parent_link",
                "give either parent (a member) or lives_elsewhere: true",
            )
        return self


class Arrear(_Model):
    """A payment arrear signalled by a creditor (a vroegsignaal under the Wet
    gemeentelijke schuldhulpverlening: rent, energy, water, health insurance …)."""

    id: Id
    """An opaque id of the signal (the import writes a pseudonym of the sender's id)."""
    member: Id | None = None
    """The member the signal is about; left out when it concerns the household."""
    kind: ArrearKind
    amount_cents: Whole = Field(default=0, ge=0, le=1_000_000_000)
    """The amount in arrears, in eurocent (0 when the signal gives none; at most ten
    million euros)."""
    since: Day | None = None
    """The day the arrear arose (ontstaansdatum), when known."""
    signalled_on: Day
    """The day the creditor sent the signal (signaaldatum)."""
    crisis: Flag = False
    """True when the creditor marked it a crisis (eviction, cut-off, termination near)."""
    contact_made: Flag = False
    """True once the municipality reached the resident about it (or a warm handover)."""
    contact_attempts: Whole = Field(default=0, ge=0, le=100)
    """How often the municipality tried to reach the resident about it."""

    @model_validator(mode="after")
    def _check_dates(self) -> Arrear:
        if self.since is not None and self.since > self.signalled_on:
            raise PydanticCustomError("period", "the arrear arose (since) after it was signalled")
        return self


class Finances(_Model):
    """The household's money situation as the toegangsteam records it."""

    debts: Flag = False
    """True when the household has debts it cannot pay off on time (problematic debts)."""
    schuldhulp_requested_on: Day | None = None
    """The day the household asked the municipality for schuldhulpverlening."""
    schuldhulp_phase: SchuldhulpPhase | None = None
    rent_arrears_months: Whole | None = Field(default=None, ge=0, le=120)
    eviction_date: Day | None = None
    """The announced eviction date, when the landlord has one."""
    energy_cutoff: Flag = False
    """True when the energy supplier announced a cut-off."""
    beschermingsbewind: Flag = False
    """True when a beschermingsbewindvoerder manages the money."""
    herstel_toeslagen: Flag = False
    """True when a parent is recognised as gedupeerde in the herstel operation of the
    toeslagen (the kinderopvangtoeslag affair): compensation, debts taken over or waived,
    and brede ondersteuning by the municipality."""
    arrears: tuple[Arrear, ...] = Field(default=(), max_length=LIMITS["arrears"])
    """Payment arrears signalled by creditors (vroegsignalen), one per signal."""


class RegisseurChoice(_Model):
    """The household's own choice of regisseur: a member or a professional."""

    kind: Literal["member", "professional", "informal"]
    id: Id


class Household(_Model):
    """A household with everything the plan needs."""

    id: Id
    gemeente: PlaceName
    wijk: AreaName | None = None
    kern: AreaName | None = None
    address: AddressText | None = Field(default=None, repr=False)
    members: tuple[Member, ...] = Field(min_length=1, max_length=LIMITS["members"])
    questions: tuple[SupportQuestion, ...] = Field(default=(), max_length=LIMITS["questions"])
    provisions: tuple[Provision, ...] = Field(default=(), max_length=LIMITS["provisions"])
    organisations: tuple[Organisation, ...] = Field(default=(), max_length=LIMITS["organisations"])
    professionals: tuple[Professional, ...] = Field(default=(), max_length=LIMITS["professionals"])
    informal_support: tuple[InformalSupport, ...] = Field(
        default=(), max_length=LIMITS["informal_support"]
    )
    assessments: tuple[Assessment, ...] = Field(default=(), max_length=LIMITS["assessments"])
    safety_concerns: tuple[SafetyConcern, ...] = Field(
        default=(), max_length=LIMITS["safety_concerns"]
    )
    regisseur_choice: RegisseurChoice | None = None
    housing: HousingStatus | None = None
    """Where the household lives; left out when not known."""
    finances: Finances | None = None
    parent_links: tuple[ParentLink, ...] = Field(default=(), max_length=LIMITS["parent_links"])
    """Parent-child relations with gezag, including parents who live elsewhere."""

    @model_validator(mode="after")
    def _check_references(self) -> Household:
        problems = list(_reference_problems(self))
        if problems:
            raise PydanticCustomError(
                CROSS_REFERENCE_ERROR,
                "{count} reference problem(s)",
                {"count": len(problems), "problems": tuple(problems)},
            )
        return self

    def peildatum_problems(self, peildatum: date) -> list[tuple[str, str]]:
        """``(field path, message)`` for members born after ``peildatum`` or older than
        :data:`MAX_AGE` at it (empty when none).

        A household can only be assessed or planned at a peildatum on or after every
        member's birth: ages, the 18th birthday and the plan depend on it. A member older
        than :data:`MAX_AGE` is a wrong birth date (a placeholder such as 1900-01-01),
        never a person: ages and every rule on them would be wrong.
        """
        problems: list[tuple[str, str]] = []
        for i, m in enumerate(self.members):
            if m.birth_date > peildatum:
                problems.append(
                    (
                        f"members[{i}].birth_date",
                        "lies after the peildatum; the member is not born yet",
                    )
                )
            elif age_at(m.birth_date, peildatum) > MAX_AGE:
                problems.append(
                    (
                        f"members[{i}].birth_date",
                        f"gives an age over {MAX_AGE} at the peildatum; check the birth date",
                    )
                )
        return problems

    def check_peildatum(self, peildatum: date) -> None:
        """Raise :class:`HouseholdValidationError` when a member is born after ``peildatum``."""
        problems = self.peildatum_problems(peildatum)
        if problems:
            raise HouseholdValidationError(
                [Problem(f"household {self.id}", path, message) for path, message in problems]
            )

    # -- lookups -----------------------------------------------------------------
    def holds_gezag(self, link: ParentLink) -> bool:
        """Whether the parent of ``link`` holds parental authority: recorded gezag, and not
        under curatele (BW 1:246: zij die onder curatele zijn gesteld zijn onbevoegd tot het
        gezag)."""
        if not link.gezag:
            return False
        if link.parent is None:
            return True
        parent = next((m for m in self.members if m.id == link.parent), None)
        return parent is None or not parent.under_curatele

    def member(self, member_id: str) -> Member:
        """The member with ``member_id`` (KeyError naming the id when absent)."""
        for m in self.members:
            if m.id == member_id:
                return m
        raise KeyError(member_id)

    def professional(self, professional_id: str) -> Professional:
        """The professional with ``professional_id``."""
        for p in self.professionals:
            if p.id == professional_id:
                return p
        raise KeyError(professional_id)

    def active_provisions(self, peildatum: date) -> Iterator[Provision]:
        """Provisions running on ``peildatum``."""
        return (p for p in self.provisions if p.active_on(peildatum))

    def latest_scores(self, peildatum: date) -> dict[tuple[str | None, Leefgebied], Assessment]:
        """The most recent assessment per (member, leefgebied) on or before ``peildatum``."""
        latest: dict[tuple[str | None, Leefgebied], Assessment] = {}
        for a in self.assessments:
            if a.date > peildatum:
                continue
            key = (a.member, a.leefgebied)
            if key not in latest or latest[key].date < a.date:
                latest[key] = a
        return latest


def _duplicates(ids: list[tuple[str, str]]) -> Iterator[tuple[str, str]]:
    seen: set[str] = set()
    for path, value in ids:
        if value in seen:
            yield path, "duplicate id: an earlier entry has the same id"
        seen.add(value)


def _twice(path: str, values: list[str]) -> Iterator[tuple[str, str]]:
    seen: set[str] = set()
    for j, value in enumerate(values):
        if value in seen:
            yield f"{path}[{j}]", f"{value!r} listed twice"
        seen.add(value)


def _reference_problems(h: Household) -> Iterator[tuple[str, str]]:
    """Yield ``(field path, message)`` for every broken cross-reference."""
    member_ids = {m.id for m in h.members}
    org_ids = {o.id for o in h.organisations}
    prof_ids = {p.id for p in h.professionals}
    informal_ids = {i.id for i in h.informal_support}

    yield from _duplicates([(f"members[{i}].id", m.id) for i, m in enumerate(h.members)])
    yield from _duplicates([(f"questions[{i}].id", q.id) for i, q in enumerate(h.questions)])
    yield from _duplicates([(f"provisions[{i}].id", p.id) for i, p in enumerate(h.provisions)])
    yield from _duplicates(
        [(f"organisations[{i}].id", o.id) for i, o in enumerate(h.organisations)]
    )
    yield from _duplicates(
        [(f"professionals[{i}].id", p.id) for i, p in enumerate(h.professionals)]
    )
    yield from _duplicates(
        [(f"informal_support[{i}].id", s.id) for i, s in enumerate(h.informal_support)]
    )
    yield from _duplicates(
        [(f"safety_concerns[{i}].id", s.id) for i, s in enumerate(h.safety_concerns)]
    )

    births = {m.id: m.birth_date for m in h.members}

    def unknown_members(path: str, ids: tuple[str, ...]) -> Iterator[tuple[str, str]]:
        seen: set[str] = set()
        for j, mid in enumerate(ids):
            if mid not in member_ids:
                yield f"{path}[{j}]", "unknown member id: no member has this id"
            elif mid in seen:
                yield f"{path}[{j}]", "member listed twice"
            seen.add(mid)

    def before_birth(path: str, member: str | None, day: date | None) -> Iterator[tuple[str, str]]:
        born = births.get(member) if member is not None else None
        if born is not None and day is not None and day < born:
            yield path, "lies before the member's birth date"

    for i, m in enumerate(h.members):
        yield from _twice(f"members[{i}].disabilities", [d.value for d in m.disabilities])
        for j, rep in enumerate(m.representation):
            yield from before_birth(f"members[{i}].representation[{j}].since", m.id, rep.since)

    for i, q in enumerate(h.questions):
        yield from unknown_members(f"questions[{i}].members", q.members)
    for i, p in enumerate(h.provisions):
        if p.member not in member_ids:
            yield f"provisions[{i}].member", "unknown member id: no member has this id"
        yield from before_birth(f"provisions[{i}].start", p.member, p.start)
        if p.provider is not None and p.provider not in org_ids:
            yield (
                f"provisions[{i}].provider",
                "unknown organisation id: no organisation has this id",
            )
    for i, pr in enumerate(h.professionals):
        if pr.organisation not in org_ids:
            yield (
                f"professionals[{i}].organisation",
                "unknown organisation id: no organisation has this id",
            )
        yield from unknown_members(f"professionals[{i}].serves", pr.serves)
        yield from _twice(f"professionals[{i}].wetten", [w.value for w in pr.wetten])
        yield from _twice(f"professionals[{i}].collaborates_with", list(pr.collaborates_with))
        for j, other in enumerate(pr.collaborates_with):
            if other not in prof_ids:
                yield (
                    f"professionals[{i}].collaborates_with[{j}]",
                    "unknown professional id: no professional has this id",
                )
            elif other == pr.id:
                yield (
                    f"professionals[{i}].collaborates_with[{j}]",
                    ("a professional cannot collaborate with itself"),
                )
    for i, s in enumerate(h.informal_support):
        if s.supporter_member is not None and s.supporter_member not in member_ids:
            yield (
                f"informal_support[{i}].supporter_member",
                "unknown member id: no member has this id",
            )
        yield from unknown_members(f"informal_support[{i}].supports", s.supports)
        yield from _twice(f"informal_support[{i}].leefgebieden", [x.value for x in s.leefgebieden])
    for i, o in enumerate(h.organisations):
        yield from _twice(f"organisations[{i}].wetten", [w.value for w in o.wetten])
    for i, a in enumerate(h.assessments):
        if a.member is not None and a.member not in member_ids:
            yield f"assessments[{i}].member", "unknown member id: no member has this id"
        yield from before_birth(f"assessments[{i}].date", a.member, a.date)
    for i, c in enumerate(h.safety_concerns):
        yield from unknown_members(f"safety_concerns[{i}].members", c.members)
    for i, link in enumerate(h.parent_links):
        if link.child not in member_ids:
            yield f"parent_links[{i}].child", "unknown member id: no member has this id"
        if link.parent is not None and link.parent not in member_ids:
            yield f"parent_links[{i}].parent", "unknown member id: no member has this id"
        elif link.parent == link.child:
            yield f"parent_links[{i}].parent", "a member cannot be its own parent"
    arrears = h.finances.arrears if h.finances else ()
    yield from _duplicates([(f"finances.arrears[{i}].id", a.id) for i, a in enumerate(arrears)])
    for i, arrear in enumerate(arrears):
        if arrear.member is not None and arrear.member not in member_ids:
            yield f"finances.arrears[{i}].member", "unknown member id: no member has this id"
    if h.regisseur_choice is not None:
        rc = h.regisseur_choice
        known = {"member": member_ids, "professional": prof_ids, "informal": informal_ids}[rc.kind]
        if rc.id not in known:
            yield "regisseur_choice.id", f"unknown {rc.kind} id: no {rc.kind} has this id"


_REFERENCES: tuple[tuple[str, str, str], ...] = (
    # (collection, field, kind of id it points at)
    ("questions", "members", "member"),
    ("provisions", "member", "member"),
    ("provisions", "provider", "organisation"),
    ("professionals", "organisation", "organisation"),
    ("professionals", "serves", "member"),
    ("professionals", "collaborates_with", "professional"),
    ("informal_support", "supporter_member", "member"),
    ("informal_support", "supports", "member"),
    ("assessments", "member", "member"),
    ("safety_concerns", "members", "member"),
    ("parent_links", "child", "member"),
    ("parent_links", "parent", "member"),
)
_KIND_COLLECTION = {
    "member": "members",
    "organisation": "organisations",
    "professional": "professionals",
}


def raw_reference_problems(data: Any) -> list[tuple[str, str]]:
    """Unknown-id references in an undecoded household document, as far as it can be read.

    Used when a document also has field errors (the model's own reference check runs
    only on a household that validated), so that one pass reports every problem.
    Never raises; never repeats a value (a careless id may be a BSN or a birth date).
    """
    if not isinstance(data, dict):
        return []

    def items(name: str) -> list[Any]:
        value = data.get(name)
        return value if isinstance(value, list) else []

    known = {
        kind: {x["id"] for x in items(name) if isinstance(x, dict) and isinstance(x.get("id"), str)}
        for kind, name in _KIND_COLLECTION.items()
    }
    out: list[tuple[str, str]] = []
    for collection, field, kind in _REFERENCES:
        for i, item in enumerate(items(collection)):
            if not isinstance(item, dict):
                continue
            value = item.get(field)
            refs = list(enumerate(value)) if isinstance(value, list) else [(None, value)]
            for j, ref in refs:
                if isinstance(ref, str) and ref not in known[kind]:
                    path = f"{collection}[{i}].{field}" + ("" if j is None else f"[{j}]")
                    out.append((path, f"unknown {kind} id: no {kind} has this id"))
    return out


def household_json_schema() -> dict[str, Any]:
    """The JSON Schema of one household (the interchange format)."""
    schema = Household.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://gezinsplan.nl/schema/household/v1.json"
    return schema

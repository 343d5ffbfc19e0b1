"""Facts: a household at a peildatum as small, flat fact tables.

Both engines (durable_rules and the plain-Python reference) evaluate rules over the
same facts. Every fact is a flat dict with an ``id`` (unique within the household)
and fields of one declared kind each (``int``, ``str``, ``bool``, ``date``; dates are
ISO strings, only compared for equality or used as deadlines). Aggregates that rules
need (counts over tables) are computed here, once, as fields of the ``household`` and
``member`` facts, so both engines see identical numbers; a later columnar/SQL compiler
computes the same fields as GROUP BY subqueries. No names, BSNs or birth dates appear
in facts (age, months to 18 and the date of the 18th birthday do).

``FACT_SCHEMA`` is the vocabulary rule authors use; docs/facts.md is generated from it.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any, Literal

from gezinsplan.errors import InputError
from gezinsplan.model.dates import (
    add_months,
    age_at,
    birthday,
    end_of_quarter,
    first_of_next_month,
    months_until,
)
from gezinsplan.model.enums import (
    INCOME_PRODUCTS,
    SOCIAL_DOMAIN_WETTEN,
    Disability,
    EducationStatus,
    InformalKind,
    MemberRole,
    ObligationKind,
    ProvisionKind,
    ProvisionStatus,
    RedenBeeindiging,
    RentalAgreement,
)
from gezinsplan.model.household import Household, Member, Provision, SafetyConcern
from gezinsplan.rules.terms import DatedValues

# Codes are read as ``member._value_`` (the plain text of a StrEnum member): on Python 3.11
# ``.value`` is a descriptor call, and facts read about 80 codes per household.

__all__ = [
    "FACT_PARAMETERS",
    "FACT_SCHEMA",
    "KOSTENDELER_AGE",
    "FieldKind",
    "build_facts",
    "connected_components",
    "fact_options",
    "kostendeler_age",
    "kostendeler_exempt",
    "kostendeler_from",
    "kostendeler_next",
    "problem_score",
]

FACT_PARAMETERS = ("triage.probleemscore_grens", "bestaanszekerheid.kostendeler_leeftijd")
"""Parameters the facts read (the highest ZRM score that counts as a problem; the age
from which a housemate is a kostendelende medebewoner)."""

KOSTENDELER_AGE = 27
"""The housemate age of the kostendelersnorm when a rule set has no value (Participatiewet
art. 19a lid 1 since 2023-01-01)."""


def problem_score(params: Mapping[str, Any]) -> int:
    """The highest ZRM score that counts as a problem (2 when the rule set has no value)."""
    value = params.get("triage.probleemscore_grens", 2)
    if type(value) is not int:
        raise InputError("parameter triage.probleemscore_grens must be a whole number")
    return value


def kostendeler_age(params: Mapping[str, Any]) -> int:
    """The age from which a housemate counts as kostendelende medebewoner (parameter
    ``bestaanszekerheid.kostendeler_leeftijd``; 27 when the rule set has no value)."""
    value = params.get("bestaanszekerheid.kostendeler_leeftijd", KOSTENDELER_AGE)
    if type(value) is not int:
        raise InputError("parameter bestaanszekerheid.kostendeler_leeftijd must be a whole number")
    return value


FieldKind = Literal["int", "str", "bool", "date"]

_CONCERN_SCHEMA: dict[str, tuple[FieldKind, str]] = {
    "meldcode_started": ("bool", "the Meldcode steps have started"),
    "veilig_thuis": ("str", "VeiligThuisStatus or '' when not recorded"),
    "children_present": ("bool", "children live where the unsafety happens"),
    "huisverbod_active": ("bool", "a tijdelijk huisverbod runs on the peildatum"),
    "huisverbod_until": ("date", "the last day of the huisverbod ('' when none)"),
    "safety_plan": ("bool", "a veiligheidsplan has been made"),
}

#: fact type -> field -> (kind, description)
FACT_SCHEMA: dict[str, dict[str, tuple[FieldKind, str]]] = {
    "household": {
        "id": ("str", "household id"),
        "gemeente": ("str", "municipality"),
        "n_members": ("int", "number of members"),
        "n_minors": ("int", "members under 18 at the peildatum"),
        "n_questions": ("int", "support questions"),
        "n_question_members": ("int", "distinct members with a question"),
        "n_leefgebieden": ("int", "distinct leefgebieden of the questions"),
        "n_wetten": (
            "int",
            "distinct social-domain wetten (Wmo, Jeugdwet, Participatiewet, "
            "onderwijs) of active provisions and professionals",
        ),
        "n_provisions": ("int", "active provisions"),
        "n_professionals": ("int", "professionals"),
        "n_organisations": ("int", "distinct organisations of the professionals"),
        "n_casemanagers": ("int", "professionals acting as casemanager/regisseur"),
        "n_desks": ("int", "distinct desks where questions came in"),
        "n_problem_domains": (
            "int",
            "distinct leefgebieden with a latest ZRM score <= triage.probleemscore_grens",
        ),
        "n_acute_domains": ("int", "distinct leefgebieden with a latest ZRM score 1"),
        "n_safety_concerns": ("int", "recorded safety concerns"),
        "n_collaboration_groups": (
            "int",
            "groups of professionals that collaborate (connected components; 1 = everyone aligned)",
        ),
        "n_ended_provisions": (
            "int",
            "care and support provisions (not income: no uitkering, bijstand, kinderbijslag, "
            "kindgebonden budget or zorgtoeslag) that ran and ended before the peildatum",
        ),
        "n_members_kostendeler_age": (
            "int",
            "members at or above the housemate age of the kostendelersnorm at the peildatum "
            "(bestaanszekerheid.kostendeler_leeftijd: 21, 27 since 2023-01-01; Participatiewet "
            "art. 19a lid 1)",
        ),
        "n_parents": ("int", "adult members with role ouder or partner"),
        "housing": ("str", "HousingStatus or '' when unknown"),
        "has_debts": ("bool", "the household has problematic debts"),
        "schuldhulp_requested": ("bool", "the household asked for schuldhulpverlening"),
        "days_since_schuldhulp_request": (
            "int",
            "days from the schuldhulp request to the peildatum (-1 when none)",
        ),
        "schuldhulp_requested_on": (
            "date",
            "the day the household asked for schuldhulp ('' when none or after the peildatum)",
        ),
        "schuldhulp_phase": ("str", "SchuldhulpPhase or '' when none"),
        "rent_arrears_months": ("int", "months of rent arrears (0 when none recorded)"),
        "has_eviction_date": (
            "bool",
            "an eviction date is announced and lies on or after the peildatum",
        ),
        "eviction_date": ("date", "the announced eviction date ('' when none)"),
        "days_to_eviction": ("int", "days from the peildatum to the eviction date (-1 when none)"),
        "energy_cutoff": ("bool", "the energy supplier announced a cut-off"),
        "beschermingsbewind": ("bool", "a beschermingsbewindvoerder manages the money"),
        "herstel_toeslagen": (
            "bool",
            "a parent is recognised as gedupeerde in the herstel operation of the toeslagen",
        ),
        "months_in_care": (
            "int",
            "whole months since the earliest start of a care or support provision (not income, "
            "as n_ended_provisions) that has started (0 when none)",
        ),
        "has_regisseur_choice": ("bool", "the household chose its own regisseur"),
        "has_bijstand": ("bool", "a member receives bijstand (Participatiewet)"),
        "has_wmo_eigen_bijdrage": ("bool", "a member pays a Wmo eigen bijdrage"),
        "n_arrears": (
            "int",
            "payment arrears signalled on or before the peildatum (vroegsignalen)",
        ),
        "n_arrear_kinds": ("int", "distinct kinds of those arrears (huur, energie, water, …)"),
        "arrears_euros": ("int", "their total amount in whole euros (the cents of each dropped)"),
        "has_crisis_arrear": ("bool", "one of them is marked a crisis by the creditor"),
        "arrears_contact_made": (
            "bool",
            "the municipality reached the household about at least one of them",
        ),
    },
    "member": {
        "id": ("str", "member id"),
        "role": ("str", "MemberRole"),
        "age": ("int", "age in whole years at the peildatum"),
        "months_to_18": ("int", "whole months until the 18th birthday (negative after)"),
        "eighteenth_birthday": ("date", "date of the 18th birthday (for deadlines)"),
        "education": ("str", "EducationStatus or '' when unknown"),
        "arbeidsverplichting": ("bool", "has a non-exempt arbeidsverplichting"),
        "tegenprestatie": ("bool", "has a non-exempt tegenprestatie"),
        "is_mantelzorger": ("bool", "gives mantelzorg to another member of the household"),
        "mantelzorg_hours": ("int", "hours of mantelzorg per week given in the household"),
        "needs_representation": ("bool", "will need a representative as an adult"),
        "has_representation": ("bool", "mentorschap/bewind/curatele granted or requested"),
        "n_wetten": ("int", "distinct social-domain wetten of this member's active provisions"),
        "n_provisions": ("int", "active provisions of this member"),
        "has_verstandelijke_beperking": (
            "bool",
            "a recorded (licht) verstandelijke beperking (disabilities lvb or verstandelijk)",
        ),
        "has_wlz_indicatie": ("bool", "the CIZ granted a Wlz indication"),
        "n_problem_domains": (
            "int",
            "distinct leefgebieden where this member's latest ZRM score is at or below "
            "triage.probleemscore_grens",
        ),
        "insurance": ("str", "InsuranceStatus or '' when unknown"),
        "school_absence": ("str", "AbsenceKind or '' when none recorded"),
        "thuiszitter": ("bool", "at home without education for four weeks or more"),
        "care_outside_hours": ("int", "hours of mantelzorg per week given outside the household"),
        "mantelzorg_total_hours": (
            "int",
            "hours of mantelzorg per week given in and outside the household",
        ),
        "voogdij": ("bool", "a minor under voogdij of someone other than a parent"),
        "pleegvergoeding": (
            "bool",
            "a pleegkind for whom the pleegouders receive a pleegvergoeding (then no "
            "kinderbijslag and no kindgebonden budget for this child)",
        ),
        "statushouder": ("bool", "a refugee with a residence permit (Wet inburgering 2021)"),
        "inburgering_pip": ("bool", "the persoonlijk plan inburgering en participatie exists"),
        "help_refused": ("int", "times offered help was refused in the last twelve months"),
        "no_income": (
            "bool",
            "recorded without any income of their own (eigen_inkomen false; not when unknown)",
        ),
        "zonder_rechtmatig_verblijf": (
            "bool",
            "recorded without lawful residence (rechtmatig_verblijf false; not when unknown)",
        ),
        "n_gezag_parents": (
            "int",
            "parents (in or outside the household) with gezag over this member",
        ),
        "has_parent_elsewhere": ("bool", "a parent of this member lives outside the household"),
        "months_to_21": ("int", "whole months until the 21st birthday (negative after)"),
        "months_to_23": ("int", "whole months until the 23rd birthday (negative after)"),
        "twenty_first_birthday": ("date", "date of the 21st birthday (for deadlines)"),
        "twenty_third_birthday": ("date", "date of the 23rd birthday (for deadlines)"),
        "kinderbijslag_until": (
            "date",
            "last day of the last quarter with kinderbijslag: the quarter that starts before the "
            "18th birthday (AKW art. 11 lid 2: the first day of the quarter counts)",
        ),
        "month_after_18": ("date", "first day of the month after the 18th birthday"),
        "minors_after_18": (
            "int",
            "other members still under 18 on this member's 18th birthday",
        ),
        "kgb_children_after_18": (
            "int",
            "other children (role kind or pleegkind, no pleegvergoeding) still under 18 on this "
            "member's 18th birthday: the children for whom kindgebonden budget can go on",
        ),
        "age_months": ("int", "age in whole months at the peildatum (-1 before the birth)"),
        "has_startkwalificatie": (
            "bool",
            "holds a startkwalificatie (the member's flag, or education startkwalificatie)",
        ),
        "inburgering_jaar": (
            "int",
            "the year the inburgeringsplicht began (0 when not recorded or after the peildatum)",
        ),
        "n_disabilities": ("int", "recorded disabilities (Disability values)"),
        "has_non_psychiatric_disability": (
            "bool",
            "a recorded disability other than psychisch (a Wlz ground open to minors: "
            "Wlz art. 3.2.1 lid 1 and 6)",
        ),
        "has_dementia": (
            "bool",
            "a recorded psychogeriatric condition such as dementia (psychogeriatrisch)",
        ),
        "kostendelend": (
            "bool",
            "at or above bestaanszekerheid.kostendeler_leeftijd and not exempt under "
            "Participatiewet art. 19a lid 1 onder b-d (commercial written agreement, study)",
        ),
        "kostendeler_birthday": (
            "date",
            "the day a housemate starts to count for the kostendelersnorm by age: the "
            "birthday at bestaanszekerheid.kostendeler_leeftijd, the age read on that day "
            "(a change of the age after the peildatum is followed; for deadlines)",
        ),
        "months_to_kostendeler": (
            "int",
            "whole months until kostendeler_birthday; negative after it, and -1 for a member "
            "exempt under Participatiewet art. 19a lid 1 onder b-d",
        ),
        "partner_group": (
            "str",
            "'ouders' for the members with role ouder or partner (the couple), else the member "
            "id: two members with the same value are partners (art. 19a lid 1 onder a)",
        ),
    },
    "provision": {
        "id": ("str", "provision id"),
        "member": ("str", "member id"),
        "wet": ("str", "Wet"),
        "kind": ("str", "ProvisionKind"),
        "product": ("str", "Product"),
        "category": ("str", "iWmo/iJw product category code or ''"),
        "provider": ("str", "organisation id or ''"),
        "eigen_bijdrage": ("bool", "the member pays an own contribution"),
        "started_before_18": ("bool", "started before the member's 18th birthday"),
        "ends_before_18": ("bool", "has an end date before the member's 18th birthday"),
        "ends_after_18": (
            "bool",
            "has an end date after the member's 18th birthday (e.g. verlengde jeugdhulp decided)",
        ),
        "status": ("str", "'lopend' or 'overbrugging' (bridging care while waiting)"),
        "verwijzer": ("str", "Verwijzer or '' when not recorded"),
        "has_beschikking": ("bool", "a beschikking reference is recorded"),
        "juridische_status": (
            "str",
            "iWmo/iJw JuridischeStatus code of the toewijzing (04 = ots) or ''",
        ),
        "end": ("date", "the end date of the provision or '' when it has none (for deadlines)"),
        "months_to_end": (
            "int",
            "whole months from the peildatum until the end date; -1 when it has none",
        ),
    },
    "planned": {
        "id": ("str", "provision id"),
        "member": ("str", "member id"),
        "wet": ("str", "Wet"),
        "kind": ("str", "ProvisionKind"),
        "product": ("str", "Product"),
        "status": (
            "str",
            "'aangevraagd', 'wachtlijst', or 'gepland' (granted, starts after the peildatum)",
        ),
        "start": ("date", "the (planned) start"),
        "starts_by_18": ("bool", "the (planned) start is on or before the member's 18th birthday"),
    },
    "ended": {
        "id": ("str", "provision id"),
        "member": ("str", "member id"),
        "wet": ("str", "Wet"),
        "kind": ("str", "ProvisionKind"),
        "product": ("str", "Product"),
        "end": ("date", "the last day it ran"),
        "months_since_end": ("int", "whole months from the end to the peildatum"),
        "started_before_18": ("bool", "started before the member's 18th birthday"),
        "ended_after_17": (
            "bool",
            "ended at most a year before the 18th birthday or later (around the transition)",
        ),
        "reden_beeindiging": (
            "str",
            "iWmo/iJw RedenBeeindiging code of the stop (307), or '' when not recorded; "
            "its meaning depends on the law",
        ),
        "uitstroom_ander_domein": (
            "bool",
            "delivery stopped for uitstroom naar ander domein (RedenBeeindiging 39), "
            "e.g. to the Wlz or the Zvw",
        ),
    },
    "question": {
        "id": ("str", "question id + member id (one fact per member of a question)"),
        "question": ("str", "question id"),
        "member": ("str", "member id"),
        "leefgebied": ("str", "Leefgebied"),
        "desk": ("str", "Desk"),
        "urgency": ("str", "Urgency"),
        "asks_for": ("str", "Product the question asks for, or '' when it names none"),
        "days_since_registered": (
            "int",
            "days from the registration (melding) to the peildatum (-1 when not recorded)",
        ),
        "registered_on": ("date", "the day of the melding ('' when not recorded)"),
        "has_aanvraag": ("bool", "a formal request (aanvraag) was made"),
        "days_since_aanvraag": ("int", "days from the aanvraag to the peildatum (-1 when none)"),
        "aanvraag_on": ("date", "the day of the aanvraag ('' when none)"),
        "decided": ("bool", "the municipality decided on or before the peildatum"),
    },
    "professional": {
        "id": ("str", "professional id"),
        "organisation": ("str", "organisation id"),
        "role": ("str", "CareRole"),
        "is_casemanager": ("bool", "acts as casemanager/regisseur"),
        "doorzettingsmacht": ("bool", "has doorzettingsmacht"),
        "n_members": ("int", "members served"),
        "n_collaborators": ("int", "professionals this one collaborates with (either direction)"),
    },
    "serves": {
        "id": ("str", "professional id + member id"),
        "professional": ("str", "professional id"),
        "member": ("str", "member id"),
        "wet": ("str", "one wet of the professional (one fact per wet)"),
        "role": ("str", "CareRole of the professional"),
    },
    "assessment": {
        "id": ("str", "member id (empty for the household) + '/' + leefgebied"),
        "member": ("str", "member id, or '' for a household-level domain"),
        "leefgebied": ("str", "Leefgebied"),
        "score": ("int", "latest ZRM score at the peildatum (1-5)"),
    },
    "safety": {
        "id": ("str", "concern id + member id"),
        "member": ("str", "member id"),
        **_CONCERN_SCHEMA,
    },
    "arrear": {
        "id": (
            "str",
            "arrear (signal) id (one fact per arrear signalled on or before the peildatum)",
        ),
        "member": ("str", "member id, or '' when the signal concerns the household"),
        "kind": ("str", "ArrearKind: huur, hypotheek, energie, water, zorgverzekering, overig"),
        "euros": ("int", "the amount in arrears in whole euros (cents dropped; 0 when not given)"),
        "since": ("date", "the day the arrear arose ('' when not known)"),
        "months_since": (
            "int",
            "whole months from the day the arrear arose to the peildatum (-1 when not known)",
        ),
        "signalled_on": ("date", "the day the creditor sent the signal"),
        "days_since_signal": ("int", "days from the signal to the peildatum"),
        "crisis": ("bool", "the creditor marked it a crisis"),
        "contact_made": ("bool", "the municipality reached the resident about it"),
        "contact_attempts": ("int", "attempts to reach the resident about it"),
    },
    "concern": {
        "id": (
            "str",
            "safety concern id (one fact per concern, recorded on or before the peildatum)",
        ),
        "n_members": ("int", "members the concern is about"),
        **_CONCERN_SCHEMA,
    },
}


def _provision_fields(pv: Provision) -> dict[str, Any]:
    """The fields every provision fact type shares (provision, planned, ended)."""
    return {
        "id": pv.id,
        "member": pv.member,
        "wet": pv.wet._value_,
        "kind": pv.kind._value_,
        "product": pv.product._value_,
    }


def _is_income(pv: Provision) -> bool:
    """Income rather than care or support: an uitkering or an income product."""
    return pv.kind is ProvisionKind.UITKERING or pv.product in INCOME_PRODUCTS


def _concern_fields(c: SafetyConcern, peildatum: date) -> dict[str, Any]:
    """The fields the ``safety`` (per member) and ``concern`` facts share."""
    return {
        "meldcode_started": c.meldcode_started,
        "veilig_thuis": c.veilig_thuis._value_ if c.veilig_thuis else "",
        "children_present": c.children_present,
        "huisverbod_active": c.huisverbod_until is not None and c.huisverbod_until >= peildatum,
        "huisverbod_until": c.huisverbod_until.isoformat() if c.huisverbod_until else "",
        "safety_plan": c.safety_plan,
    }


def kostendeler_exempt(m: Member) -> bool:
    """The member is no kostendelende medebewoner whatever the age (Participatiewet art. 19a
    lid 1): a written agreement at a commercial price with the claimant, not as a relative
    in the first or second degree (onder b; a member with role ``kind`` is a child of the
    household's parents, so always a first-degree relative), or with the same third party
    (onder c), or education that onder d names."""
    agreement = m.rental_agreement
    relative = m.close_relative or m.role is MemberRole.KIND
    return (
        agreement is RentalAgreement.MET_DERDE
        or (agreement is RentalAgreement.MET_AANVRAGER and not relative)
        or m.study is not None
    )


def _days_since(day: date | None, peildatum: date) -> int:
    """Days from ``day`` to ``peildatum``; -1 when there is no such day yet."""
    return (peildatum - day).days if day is not None and day <= peildatum else -1


def _iso(day: date | None, peildatum: date) -> str:
    """``day`` as ISO text when it lies on or before ``peildatum``, else ''."""
    return day.isoformat() if day is not None and day <= peildatum else ""


def connected_components(nodes: list[str], edges: set[tuple[str, str]]) -> int:
    """The number of connected components of an undirected graph (union-find)."""
    parent = {n: n for n in nodes}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in edges:
        parent[find(a)] = find(b)
    return len({find(n) for n in nodes})


def kostendeler_next(params: Mapping[str, Any], peildatum: date) -> tuple[date, int] | None:
    """The next change of the housemate age of the kostendelersnorm after ``peildatum``
    (start date, age), when ``params`` can tell (a rule set's values); else None."""
    found = (
        params.next_change("bestaanszekerheid.kostendeler_leeftijd", peildatum)
        if isinstance(params, DatedValues)
        else None
    )
    if found is None:
        return None
    start, value = found
    if type(value) is not int:
        raise InputError("parameter bestaanszekerheid.kostendeler_leeftijd must be a whole number")
    return start, value


def fact_options(params: Mapping[str, Any], peildatum: date) -> dict[str, Any]:
    """The keyword arguments of :func:`build_facts` (and of the caseload engine's fact
    views) that come from a rule set's parameter values at ``peildatum``."""
    return {
        "problem_score": problem_score(params),
        "kostendeler_age": kostendeler_age(params),
        "kostendeler_change": kostendeler_next(params, peildatum),
    }


def kostendeler_from(birth_date: date, age: int, change: tuple[date, int] | None) -> date:
    """The day a member starts to count as kostendelende medebewoner by age: the birthday
    at ``age`` (the age at the peildatum), or, when that birthday lies on or after the next
    change of the age (``change``: start, new age), the birthday at the new age, and at the
    earliest the day the change takes effect. The age is read on the day itself, not at
    the peildatum.

    >>> kostendeler_from(date(2002, 1, 15), 21, (date(2023, 1, 1), 27))
    datetime.date(2029, 1, 15)
    >>> kostendeler_from(date(1990, 1, 15), 27, (date(2028, 1, 1), 25))
    datetime.date(2017, 1, 15)
    >>> kostendeler_from(date(2002, 6, 1), 27, (date(2028, 1, 1), 25))
    datetime.date(2028, 1, 1)
    """
    day = birthday(birth_date, age)
    if change is None or day < change[0]:
        return day
    return max(birthday(birth_date, change[1]), change[0])


def build_facts(
    household: Household,
    peildatum: date,
    *,
    problem_score: int = 2,
    kostendeler_age: int = KOSTENDELER_AGE,
    kostendeler_change: tuple[date, int] | None = None,
) -> dict[str, list[dict[str, Any]]]:
    """The fact tables of ``household`` at ``peildatum`` (deterministic order).

    ``problem_score`` is the highest latest ZRM score that counts as a problem
    (parameter ``triage.probleemscore_grens``); ``kostendeler_age`` the age from which a
    housemate is a kostendelende medebewoner (``bestaanszekerheid.kostendeler_leeftijd``),
    ``kostendeler_change`` its next change after the peildatum (:func:`kostendeler_next`).
    Fact ids join household ids with ``/``, a character no id may contain, so two facts of
    one household never share an id.
    """
    household.check_peildatum(peildatum)
    return _facts(household, peildatum, problem_score, kostendeler_age, kostendeler_change)


def _facts(
    h: Household,
    peildatum: date,
    problem_score: int,
    kostendeler_age: int,
    kostendeler_change: tuple[date, int] | None = None,
) -> dict[str, list[dict[str, Any]]]:
    """:func:`build_facts` of a household already checked against ``peildatum``."""
    active = [p for p in h.provisions if p.active_on(peildatum)]
    planned = [p for p in h.provisions if p.planned_on(peildatum)]
    ended = [p for p in h.provisions if p.ended_on(peildatum)]
    started = [
        p.start
        for p in h.provisions
        if not p.not_granted and p.start <= peildatum and not _is_income(p)
    ]
    birth18 = {m.id: m.eighteenth_birthday() for m in h.members}
    ages = {m.id: age_at(m.birth_date, peildatum) for m in h.members}
    latest = h.latest_scores(peildatum)
    collab: set[tuple[str, str]] = set()
    for prof in h.professionals:
        for other in prof.collaborates_with:
            collab.add((min(prof.id, other), max(prof.id, other)))

    social = SOCIAL_DOMAIN_WETTEN
    wetten = {p.wet for p in active if p.wet in social}
    wetten |= {w for pr in h.professionals for w in pr.wetten if w in social}

    member_facts: list[dict[str, Any]] = []
    for m in h.members:
        own = [p for p in active if p.member == m.id]
        care = [
            s
            for s in h.informal_support
            if s.kind is InformalKind.MANTELZORGER
            and s.supporter_member == m.id
            and any(x != m.id for x in s.supports)
        ]
        b18 = birth18[m.id]
        b21 = birthday(m.birth_date, 21)
        b23 = birthday(m.birth_date, 23)
        member_facts.append(
            {
                "id": m.id,
                "role": m.role._value_,
                "age": ages[m.id],
                "months_to_18": months_until(peildatum, b18),
                "eighteenth_birthday": b18.isoformat(),
                "education": m.education._value_ if m.education else "",
                "arbeidsverplichting": any(
                    o.kind is ObligationKind.ARBEIDSVERPLICHTING and not o.exempt
                    for o in m.obligations
                ),
                "tegenprestatie": any(
                    o.kind is ObligationKind.TEGENPRESTATIE and not o.exempt for o in m.obligations
                ),
                "is_mantelzorger": bool(care),
                "mantelzorg_hours": int(sum(s.hours_per_week or 0 for s in care)),
                "needs_representation": m.needs_representation,
                "has_representation": bool(m.representation),
                "n_wetten": len({p.wet for p in own if p.wet in social}),
                "n_provisions": len(own),
                "has_verstandelijke_beperking": bool(
                    {Disability.LVB, Disability.VERSTANDELIJK} & set(m.disabilities)
                ),
                "has_wlz_indicatie": m.wlz_indicatie,
                "n_problem_domains": len(
                    {
                        lg
                        for (who, lg), a in latest.items()
                        if who == m.id and a.score <= problem_score
                    }
                ),
                "insurance": m.insurance._value_ if m.insurance else "",
                "school_absence": m.school_absence.kind._value_ if m.school_absence else "",
                "thuiszitter": bool(m.school_absence and m.school_absence.thuiszitter),
                "care_outside_hours": int(m.care_outside_hours or 0),
                "mantelzorg_total_hours": int(
                    sum(s.hours_per_week or 0 for s in care) + (m.care_outside_hours or 0)
                ),
                "voogdij": m.voogdij,
                "pleegvergoeding": m.pleegvergoeding,
                "statushouder": m.statushouder,
                "inburgering_pip": m.inburgering_pip,
                "help_refused": m.help_refused,
                "no_income": m.eigen_inkomen is False,
                "zonder_rechtmatig_verblijf": m.rechtmatig_verblijf is False,
                "n_gezag_parents": sum(
                    1 for k in h.parent_links if k.child == m.id and h.holds_gezag(k)
                ),
                "has_parent_elsewhere": any(
                    k.child == m.id and k.lives_elsewhere for k in h.parent_links
                ),
                "months_to_21": months_until(peildatum, b21),
                "months_to_23": months_until(peildatum, b23),
                "twenty_first_birthday": b21.isoformat(),
                "twenty_third_birthday": b23.isoformat(),
                "kinderbijslag_until": end_of_quarter(b18 - timedelta(days=1)).isoformat(),
                "month_after_18": first_of_next_month(b18).isoformat(),
                "minors_after_18": sum(
                    1 for o in h.members if o.id != m.id and birth18[o.id] > b18
                ),
                "kgb_children_after_18": sum(
                    1
                    for o in h.members
                    if o.id != m.id
                    and birth18[o.id] > b18
                    and o.role in (MemberRole.KIND, MemberRole.PLEEGKIND)
                    and not o.pleegvergoeding
                ),
                "age_months": -1
                if peildatum < m.birth_date
                else months_until(m.birth_date, peildatum),
                "has_startkwalificatie": m.startkwalificatie
                or m.education is EducationStatus.STARTKWALIFICATIE,
                "inburgering_jaar": m.inburgering_sinds.year
                if m.inburgering_sinds is not None and m.inburgering_sinds <= peildatum
                else 0,
                "n_disabilities": len(m.disabilities),
                "has_non_psychiatric_disability": any(
                    d is not Disability.PSYCHISCH for d in m.disabilities
                ),
                "has_dementia": Disability.PSYCHOGERIATRISCH in m.disabilities,
                "kostendelend": ages[m.id] >= kostendeler_age and not kostendeler_exempt(m),
                "kostendeler_birthday": kostendeler_from(
                    m.birth_date, kostendeler_age, kostendeler_change
                ).isoformat(),
                "months_to_kostendeler": -1
                if kostendeler_exempt(m)
                else months_until(
                    peildatum, kostendeler_from(m.birth_date, kostendeler_age, kostendeler_change)
                ),
                "partner_group": "ouders" if m.role._value_ in ("ouder", "partner") else m.id,
            }
        )

    provision_facts = [
        {
            **_provision_fields(pv),
            "category": pv.category._value_ if pv.category else "",
            "provider": pv.provider or "",
            "eigen_bijdrage": pv.eigen_bijdrage,
            "started_before_18": pv.start < birth18[pv.member],
            "ends_before_18": pv.end is not None and pv.end < birth18[pv.member],
            "ends_after_18": pv.end is not None and pv.end > birth18[pv.member],
            "status": "overbrugging" if pv.status is ProvisionStatus.OVERBRUGGING else "lopend",
            "verwijzer": pv.verwijzer._value_ if pv.verwijzer else "",
            "has_beschikking": pv.beschikking is not None,
            "juridische_status": pv.juridische_status._value_ if pv.juridische_status else "",
            "end": pv.end.isoformat() if pv.end else "",
            "months_to_end": months_until(peildatum, pv.end) if pv.end else -1,
        }
        for pv in active
    ]
    planned_facts = [
        {
            **_provision_fields(pv),
            "status": pv.status._value_ if pv.not_granted and pv.status else "gepland",
            "start": pv.start.isoformat(),
            "starts_by_18": pv.start <= birth18[pv.member],
        }
        for pv in planned
    ]
    ended_facts = [
        {
            **_provision_fields(pv),
            "end": pv.end.isoformat(),
            "months_since_end": months_until(pv.end, peildatum),
            "started_before_18": pv.start < birth18[pv.member],
            "ended_after_17": pv.end >= add_months(birth18[pv.member], -12),
            "reden_beeindiging": pv.reden_beeindiging._value_ if pv.reden_beeindiging else "",
            "uitstroom_ander_domein": pv.reden_beeindiging
            is RedenBeeindiging.UITSTROOM_ANDER_DOMEIN,
        }
        for pv in ended
        if pv.end is not None
    ]

    question_facts = []
    for q in h.questions:
        # what every member of the question shares, computed once per question
        shared = {
            "leefgebied": q.leefgebied._value_,
            "desk": q.desk._value_,
            "urgency": q.urgency._value_,
            "asks_for": q.asks_for._value_ if q.asks_for else "",
            "days_since_registered": _days_since(q.registered_on, peildatum),
            "registered_on": _iso(q.registered_on, peildatum),
            "has_aanvraag": q.aanvraag_on is not None and q.aanvraag_on <= peildatum,
            "days_since_aanvraag": _days_since(q.aanvraag_on, peildatum),
            "aanvraag_on": _iso(q.aanvraag_on, peildatum),
            "decided": q.decided_on is not None and q.decided_on <= peildatum,
        }
        for mid in q.members:
            fact: dict[str, Any] = {"id": f"{q.id}/{mid}", "question": q.id, "member": mid}
            fact.update(shared)
            question_facts.append(fact)
    professional_facts = [
        {
            "id": p.id,
            "organisation": p.organisation,
            "role": p.role._value_,
            "is_casemanager": p.is_casemanager,
            "doorzettingsmacht": p.doorzettingsmacht,
            "n_members": len(set(p.serves)),
            "n_collaborators": sum(1 for e in collab if p.id in e),
        }
        for p in h.professionals
    ]
    serves_facts = []
    for p in h.professionals:
        role = p.role._value_
        wets = [w._value_ for w in sorted(set(p.wetten))]
        for mid in sorted(set(p.serves)):
            for wet in wets:
                serves_facts.append(
                    {
                        "id": f"{p.id}/{mid}/{wet}",
                        "professional": p.id,
                        "member": mid,
                        "wet": wet,
                        "role": role,
                    }
                )
    assessment_facts = [
        {
            "id": f"{member or ''}/{lg._value_}",
            "member": member or "",
            "leefgebied": lg._value_,
            "score": a.score,
        }
        for (member, lg), a in sorted(latest.items(), key=lambda kv: (kv[0][0] or "", kv[0][1]))
    ]
    safety_facts = [
        {
            "id": f"{c.id}/{mid}",
            "member": mid,
            **_concern_fields(c, peildatum),
        }
        for c in h.safety_concerns
        if c.recorded_on <= peildatum
        for mid in c.members
    ]
    concern_facts = [
        {
            "id": c.id,
            "n_members": len(c.members),
            **_concern_fields(c, peildatum),
        }
        for c in h.safety_concerns
        if c.recorded_on <= peildatum
    ]
    problem = {lg for (_, lg), a in latest.items() if a.score <= problem_score}
    fin = h.finances
    arrears = [a for a in (fin.arrears if fin else ()) if a.signalled_on <= peildatum]
    arrear_facts = [
        {
            "id": a.id,
            "member": a.member or "",
            "kind": a.kind._value_,
            "euros": a.amount_cents // 100,
            "since": a.since.isoformat() if a.since else "",
            "months_since": months_until(a.since, peildatum) if a.since else -1,
            "signalled_on": a.signalled_on.isoformat(),
            "days_since_signal": (peildatum - a.signalled_on).days,
            "crisis": a.crisis,
            "contact_made": a.contact_made,
            "contact_attempts": a.contact_attempts,
        }
        for a in arrears
    ]
    requested = fin.schuldhulp_requested_on if fin else None
    requested = requested if requested is not None and requested <= peildatum else None
    eviction = fin.eviction_date if fin else None
    acute = {lg for (_, lg), a in latest.items() if a.score == 1}
    household_fact = {
        "id": h.id,
        "gemeente": h.gemeente,
        "n_members": len(h.members),
        "n_minors": sum(1 for age in ages.values() if age < 18),
        "n_questions": len(h.questions),
        "n_question_members": len({mid for q in h.questions for mid in q.members}),
        "n_leefgebieden": len({q.leefgebied for q in h.questions}),
        "n_wetten": len(wetten),
        "n_provisions": len(active),
        "n_professionals": len(h.professionals),
        "n_organisations": len({p.organisation for p in h.professionals}),
        "n_casemanagers": sum(1 for p in h.professionals if p.is_casemanager),
        "n_desks": len({q.desk for q in h.questions}),
        "n_problem_domains": len(problem),
        "n_acute_domains": len(acute),
        "n_safety_concerns": sum(1 for c in h.safety_concerns if c.recorded_on <= peildatum),
        "n_collaboration_groups": connected_components([p.id for p in h.professionals], collab),
        "n_ended_provisions": sum(1 for p in ended if p.end is not None and not _is_income(p)),
        "n_members_kostendeler_age": sum(1 for age in ages.values() if age >= kostendeler_age),
        "n_parents": sum(
            1 for m in h.members if m.role._value_ in ("ouder", "partner") and ages[m.id] >= 18
        ),
        "housing": h.housing._value_ if h.housing else "",
        "has_debts": bool(fin and fin.debts),
        "schuldhulp_requested": requested is not None,
        "days_since_schuldhulp_request": _days_since(requested, peildatum),
        "schuldhulp_requested_on": requested.isoformat() if requested else "",
        "schuldhulp_phase": fin.schuldhulp_phase._value_ if fin and fin.schuldhulp_phase else "",
        "rent_arrears_months": (fin.rent_arrears_months or 0) if fin else 0,
        "has_eviction_date": eviction is not None and eviction >= peildatum,
        "eviction_date": eviction.isoformat() if eviction else "",
        "days_to_eviction": (eviction - peildatum).days
        if eviction and eviction >= peildatum
        else -1,
        "energy_cutoff": bool(fin and fin.energy_cutoff),
        "beschermingsbewind": bool(fin and fin.beschermingsbewind),
        "herstel_toeslagen": bool(fin and fin.herstel_toeslagen),
        "months_in_care": months_until(min(started), peildatum) if started else 0,
        "has_regisseur_choice": h.regisseur_choice is not None,
        "has_bijstand": any(p.product._value_ == "bijstand" for p in active),
        "has_wmo_eigen_bijdrage": any(p.eigen_bijdrage and p.wet._value_ == "wmo" for p in active),
        "n_arrears": len(arrears),
        "n_arrear_kinds": len({a.kind for a in arrears}),
        "arrears_euros": sum(a.amount_cents // 100 for a in arrears),
        "has_crisis_arrear": any(a.crisis for a in arrears),
        "arrears_contact_made": any(a.contact_made for a in arrears),
    }
    tables = {
        "household": [household_fact],
        "member": member_facts,
        "provision": provision_facts,
        "planned": planned_facts,
        "ended": ended_facts,
        "question": question_facts,
        "professional": professional_facts,
        "serves": serves_facts,
        "assessment": assessment_facts,
        "safety": safety_facts,
        "concern": concern_facts,
        "arrear": arrear_facts,
    }
    for fact_type, rows in tables.items():
        ids = [r["id"] for r in rows]
        if len(set(ids)) != len(ids):
            dup = next(i for i in ids if ids.count(i) > 1)
            raise InputError(
                f"household {h.id}: two {fact_type} facts share the id {dup!r} "
                "(an id listed twice); ids must be unique within a household"
            )
    return tables

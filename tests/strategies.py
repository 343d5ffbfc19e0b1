"""Hypothesis strategies for *valid* households, built from the model's own vocabulary.

Every value the model accepts can come out (every enum member, optional fields present
or absent, dates from 1900 up to the peildatum), with the cross-references kept valid,
so a property that fails points at the library and not at the strategy. A test checks
that everything drawn validates.
"""

from __future__ import annotations

import os
from datetime import date, timedelta
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from gezinsplan.model import (
    AbsenceKind,
    ArrearKind,
    CareRole,
    Desk,
    Disability,
    EducationStatus,
    HousingStatus,
    InformalKind,
    InsuranceStatus,
    KostendelerStudy,
    Leefgebied,
    MemberRole,
    ObligationKind,
    Product,
    ProductCategory,
    ProvisionKind,
    ProvisionStatus,
    RentalAgreement,
    RepresentationKind,
    SchuldhulpPhase,
    Urgency,
    VeiligThuisStatus,
    Verwijzer,
    Wet,
)

PEIL = date(2026, 11, 23)

FUZZ_FULL = os.environ.get("GEZINSPLAN_FUZZ") == "full"
"""``tools/fuzz.sh`` sets ``GEZINSPLAN_FUZZ=full``: 10,000 examples per entry point."""

FUZZ_EXAMPLES = 10_000 if FUZZ_FULL else 150

fuzz_settings = settings(
    max_examples=FUZZ_EXAMPLES,
    deadline=None,
    derandomize=not FUZZ_FULL,  # CI: the same examples every run
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _values(enum: Any) -> st.SearchStrategy[str]:
    return st.sampled_from([e.value for e in enum])


def _day(low: date, high: date) -> st.SearchStrategy[str]:
    return st.dates(min_value=low, max_value=max(low, high)).map(date.isoformat)


_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=0, max_size=40)


@st.composite
def households(draw: st.DrawFn, peildatum: date = PEIL) -> dict[str, Any]:
    """A household document (JSON data) that validates and can be assessed at ``peildatum``."""
    n_members = draw(st.integers(1, 6))
    members: list[dict[str, Any]] = []
    for i in range(n_members):
        born = draw(st.dates(min_value=date(1925, 1, 1), max_value=peildatum))
        member: dict[str, Any] = {
            "id": f"m{i + 1}",
            "role": draw(_values(MemberRole)),
            "birth_date": born.isoformat(),
        }
        if draw(st.booleans()):
            member["education"] = draw(_values(EducationStatus))
        if draw(st.booleans()):
            member["obligations"] = [
                {"kind": draw(_values(ObligationKind)), "exempt": draw(st.booleans())}
                for _ in range(draw(st.integers(1, 2)))
            ]
        if draw(st.integers(0, 4)) == 0:
            member["representation"] = [
                {
                    "kind": draw(_values(RepresentationKind)),
                    "since": draw(_day(born, peildatum)),
                    "requested": draw(st.booleans()),
                }
            ]
        member["needs_representation"] = draw(st.booleans())
        member["has_ouderlijk_gezag"] = draw(st.booleans())
        if draw(st.integers(0, 3)) == 0:
            member["name"] = draw(_TEXT.filter(lambda t: 0 < len(t.strip()) <= 200))
        if draw(st.integers(0, 2)) == 0:
            member["disabilities"] = draw(st.lists(_values(Disability), max_size=2, unique=True))
        if draw(st.integers(0, 2)) == 0:
            member["insurance"] = draw(_values(InsuranceStatus))
        if draw(st.integers(0, 3)) == 0:
            member["school_absence"] = {
                "kind": draw(_values(AbsenceKind)),
                "thuiszitter": draw(st.booleans()),
            }
        if draw(st.integers(0, 2)) == 0:
            member["care_outside_hours"] = draw(
                st.floats(0, 168, allow_nan=False, allow_infinity=False)
            )
        for flag in (
            "wlz_indicatie",
            "voogdij",
            "pleegvergoeding",
            "statushouder",
            "inburgering_pip",
            "startkwalificatie",
            "close_relative",
            "eigen_inkomen",
            "rechtmatig_verblijf",
        ):
            if draw(st.integers(0, 3)) == 0:
                member[flag] = draw(st.booleans())
        if draw(st.integers(0, 3)) == 0:
            member["inburgering_sinds"] = draw(_day(born, peildatum))
        if draw(st.integers(0, 3)) == 0:
            member["rental_agreement"] = draw(_values(RentalAgreement))
        if draw(st.integers(0, 3)) == 0:
            member["study"] = draw(_values(KostendelerStudy))
        if draw(st.integers(0, 3)) == 0:
            member["help_refused"] = draw(st.integers(0, 5))
        members.append(member)
    ids = [m["id"] for m in members]
    births = {m["id"]: date.fromisoformat(m["birth_date"]) for m in members}

    def some_members(min_size: int = 1) -> list[str]:
        return draw(st.lists(st.sampled_from(ids), min_size=min_size, max_size=3, unique=True))

    organisations = [
        {"id": f"o{i + 1}", "name": f"Organisatie {i + 1}", "wetten": draw(_wetten(0))}
        for i in range(draw(st.integers(0, 3)))
    ]
    org_ids = [o["id"] for o in organisations]
    professionals: list[dict[str, Any]] = []
    if org_ids:
        n_prof = draw(st.integers(0, 5))
        prof_ids = [f"pr{i + 1}" for i in range(n_prof)]
        for pid in prof_ids:
            others = [p for p in prof_ids if p != pid]
            professionals.append(
                {
                    "id": pid,
                    "organisation": draw(st.sampled_from(org_ids)),
                    "role": draw(_values(CareRole)),
                    "wetten": draw(_wetten(1)),
                    "serves": some_members(),
                    "is_casemanager": draw(st.booleans()),
                    "doorzettingsmacht": draw(st.booleans()),
                    "collaborates_with": draw(
                        st.lists(st.sampled_from(others), max_size=2, unique=True)
                        if others
                        else st.just([])
                    ),
                }
            )
    questions = []
    for i in range(draw(st.integers(0, 5))):
        question: dict[str, Any] = {
            "id": f"q{i + 1}",
            "members": some_members(),
            "leefgebied": draw(_values(Leefgebied)),
            "urgency": draw(_values(Urgency)),
            "desk": draw(_values(Desk)),
        }
        if draw(st.booleans()):
            question["priority"] = draw(st.integers(1, 99))
        if draw(st.booleans()):
            question["registered_on"] = draw(_day(date(2015, 1, 1), peildatum))
        if draw(st.integers(0, 2)) == 0:
            question["aanvraag_on"] = draw(_day(date(2015, 1, 1), peildatum + timedelta(days=30)))
        if draw(st.integers(0, 2)) == 0:
            question["decided_on"] = draw(_day(date(2015, 1, 1), peildatum + timedelta(days=30)))
        if draw(st.integers(0, 2)) == 0:
            question["asks_for"] = draw(_values(Product))
        questions.append(question)
    provisions = []
    for i in range(draw(st.integers(0, 6))):
        member_id = draw(st.sampled_from(ids))
        start = draw(
            st.dates(min_value=births[member_id], max_value=peildatum + timedelta(days=400))
        )
        provision: dict[str, Any] = {
            "id": f"p{i + 1}",
            "member": member_id,
            "wet": draw(_values(Wet)),
            "kind": draw(_values(ProvisionKind)),
            "product": draw(_values(Product)),
            "start": start.isoformat(),
            "eigen_bijdrage": draw(st.booleans()),
        }
        if draw(st.booleans()):
            provision["category"] = draw(_values(ProductCategory))
        if org_ids and draw(st.booleans()):
            provision["provider"] = draw(st.sampled_from(org_ids))
        if draw(st.booleans()):
            provision["end"] = draw(_day(start, start + timedelta(days=3000)))
        if draw(st.integers(0, 2)) == 0:
            status = draw(_values(ProvisionStatus))
            if status != "beeindigd" or "end" in provision:
                provision["status"] = status
        if draw(st.integers(0, 3)) == 0:
            provision["verwijzer"] = draw(_values(Verwijzer))
        if draw(st.integers(0, 3)) == 0:
            provision["beschikking"] = f"B-{i + 1}"
        provisions.append(provision)
    assessments = []
    for _ in range(draw(st.integers(0, 6))):
        who = draw(st.one_of(st.none(), st.sampled_from(ids)))
        low = births[who] if who is not None else date(2015, 1, 1)
        assessment: dict[str, Any] = {
            "leefgebied": draw(_values(Leefgebied)),
            "score": draw(st.integers(1, 5)),
            "date": draw(_day(low, peildatum + timedelta(days=30))),
        }
        if who is not None:
            assessment["member"] = who
        assessments.append(assessment)
    safety = [
        {
            "id": f"s{i + 1}",
            "members": some_members(),
            "recorded_on": draw(_day(date(2015, 1, 1), peildatum + timedelta(days=30))),
            "meldcode_started": draw(st.booleans()),
            "veilig_thuis": draw(_values(VeiligThuisStatus)),
            "children_present": draw(st.booleans()),
            "safety_plan": draw(st.booleans()),
            **(
                {"huisverbod_until": draw(_day(date(2015, 1, 1), peildatum + timedelta(days=28)))}
                if draw(st.booleans())
                else {}
            ),
        }
        for i in range(draw(st.integers(0, 2)))
    ]
    informal = []
    for i in range(draw(st.integers(0, 2))):
        support: dict[str, Any] = {
            "id": f"i{i + 1}",
            "kind": draw(_values(InformalKind)),
            "supports": some_members(),
            "leefgebieden": draw(st.lists(_values(Leefgebied), max_size=2, unique=True)),
        }
        if draw(st.booleans()):
            support["supporter_member"] = draw(st.sampled_from(ids))
        if draw(st.booleans()):
            support["hours_per_week"] = draw(
                st.floats(0, 168, allow_nan=False, allow_infinity=False)
            )
        informal.append(support)
    data: dict[str, Any] = {
        "id": draw(st.from_regex(r"\A[A-Za-z0-9][A-Za-z0-9_.:-]{0,20}\Z").filter(_opaque_id)),
        "gemeente": draw(st.sampled_from(["Maastricht", "Eijsden-Margraten", "Vaals"])),
        "members": members,
        "questions": questions,
        "provisions": provisions,
        "organisations": organisations,
        "professionals": professionals,
        "informal_support": informal,
        "assessments": assessments,
        "safety_concerns": safety,
    }
    if draw(st.booleans()):
        data["housing"] = draw(_values(HousingStatus))
    if draw(st.booleans()):
        finances: dict[str, Any] = {
            "debts": draw(st.booleans()),
            "energy_cutoff": draw(st.booleans()),
            "beschermingsbewind": draw(st.booleans()),
            "herstel_toeslagen": draw(st.booleans()),
        }
        if draw(st.booleans()):
            finances["schuldhulp_requested_on"] = draw(_day(date(2015, 1, 1), peildatum))
        if draw(st.booleans()):
            finances["schuldhulp_phase"] = draw(_values(SchuldhulpPhase))
        if draw(st.booleans()):
            finances["rent_arrears_months"] = draw(st.integers(0, 24))
        if draw(st.booleans()):
            finances["eviction_date"] = draw(
                _day(peildatum - timedelta(days=60), peildatum + timedelta(days=90))
            )
        arrears = []
        for k in range(draw(st.integers(0, 3))):
            signalled = draw(
                st.dates(peildatum - timedelta(days=400), peildatum + timedelta(days=30))
            )
            arrear: dict[str, Any] = {
                "id": f"a{k}",
                "kind": draw(_values(ArrearKind)),
                "amount_cents": draw(st.integers(0, 500_000)),
                "signalled_on": signalled.isoformat(),
                "crisis": draw(st.booleans()),
                "contact_made": draw(st.booleans()),
                "contact_attempts": draw(st.integers(0, 4)),
            }
            if draw(st.booleans()):
                arrear["since"] = draw(_day(signalled - timedelta(days=400), signalled))
            if draw(st.booleans()):
                arrear["member"] = draw(st.sampled_from(ids))
            arrears.append(arrear)
        if arrears:
            finances["arrears"] = arrears
        data["finances"] = finances
    links = []
    for child in ids:
        if draw(st.integers(0, 2)) == 0:
            parent = draw(st.sampled_from(ids))
            if parent != child:
                links.append({"child": child, "parent": parent, "gezag": draw(st.booleans())})
            if draw(st.booleans()):
                links.append(
                    {"child": child, "lives_elsewhere": True, "gezag": draw(st.booleans())}
                )
    if links:
        data["parent_links"] = links
    choices = [("member", i) for i in ids] + [("professional", p["id"]) for p in professionals]
    choices += [("informal", s["id"]) for s in informal]
    if draw(st.booleans()):
        kind, rid = draw(st.sampled_from(choices))
        data["regisseur_choice"] = {"kind": kind, "id": rid}
    return data


def _opaque_id(value: str) -> bool:
    """Ids the model accepts: no BSN and no date inside (see ``model.household``)."""
    from pydantic import TypeAdapter, ValidationError

    from gezinsplan.model.household import Id

    try:
        TypeAdapter(Id).validate_python(value)
    except ValidationError:
        return False
    return True


def _wetten(min_size: int) -> st.SearchStrategy[list[str]]:
    return st.lists(_values(Wet), min_size=min_size, max_size=3, unique=True)

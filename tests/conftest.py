"""Shared fixtures: minimal valid households as plain JSON data."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from tests.pg import postgres_server  # noqa: F401  (a session fixture)

MINIMAL: dict[str, Any] = {
    "id": "h-test",
    "gemeente": "Maastricht",
    "wijk": "Malberg",
    "members": [
        {"id": "m1", "role": "ouder", "birth_date": "1985-04-12"},
        {"id": "m2", "role": "kind", "birth_date": "2009-03-10"},
    ],
}

#: A household that uses every part of the model, with planted personal values.
PLANTED_NAME = "Zwanetta Plantinga"
PLANTED_BSN = "111222333"
PLANTED_BIRTH = "1983-07-19"
PLANTED_ADDRESS = "Kapoenstraat 17, 6211 KW Maastricht"
PLANTED_PHONE = "+31 43 555 0199"
PLANTED_EMAIL = "z.plantinga@voorbeeld.nl"
PLANTED_WORDS = "Ik wil dat mijn zoon weer naar school gaat"

FULL: dict[str, Any] = {
    "id": "h-full",
    "gemeente": "Maastricht",
    "wijk": "Malberg",
    "kern": "Maastricht",
    "address": PLANTED_ADDRESS,
    "members": [
        {
            "id": "m1",
            "role": "ouder",
            "birth_date": PLANTED_BIRTH,
            "name": PLANTED_NAME,
            "bsn": PLANTED_BSN,
            "obligations": [{"kind": "arbeidsverplichting"}],
            "has_ouderlijk_gezag": True,
        },
        {
            "id": "m2",
            "role": "kind",
            "birth_date": "2009-03-10",
            "education": "geen_school",
            "needs_representation": True,
        },
        {
            "id": "m3",
            "role": "inwonend_familielid",
            "birth_date": "1950-01-01",
            "representation": [{"kind": "bewind", "since": "2020-01-01"}],
        },
    ],
    "questions": [
        {
            "id": "q1",
            "members": ["m2"],
            "leefgebied": "werk_opleiding",
            "own_words": PLANTED_WORDS,
            "urgency": "hoog",
            "priority": 1,
            "desk": "jeugd",
            "registered_on": "2026-10-01",
        },
        {"id": "q2", "members": ["m1"], "leefgebied": "financien", "desk": "participatie"},
    ],
    "organisations": [
        {"id": "o1", "name": "Gemeente Maastricht", "wetten": ["participatiewet", "wmo"]},
        {"id": "o2", "name": "Mondriaan", "wetten": ["jeugdwet"]},
    ],
    "provisions": [
        {
            "id": "p1",
            "member": "m1",
            "wet": "participatiewet",
            "kind": "uitkering",
            "product": "bijstand",
            "provider": "o1",
            "start": "2024-01-01",
        },
        {
            "id": "p2",
            "member": "m2",
            "wet": "jeugdwet",
            "kind": "maatwerkvoorziening",
            "product": "jeugd_ggz",
            "category": "54",
            "provider": "o2",
            "start": "2025-06-01",
            "end": "2027-03-09",
        },
    ],
    "professionals": [
        {
            "id": "pr1",
            "organisation": "o1",
            "role": "klantmanager",
            "wetten": ["participatiewet"],
            "serves": ["m1"],
            "collaborates_with": ["pr2"],
            "name": PLANTED_NAME,
            "phone": PLANTED_PHONE,
            "email": PLANTED_EMAIL,
        },
        {
            "id": "pr2",
            "organisation": "o2",
            "role": "behandelaar",
            "wetten": ["jeugdwet"],
            "serves": ["m2"],
            "is_casemanager": True,
        },
    ],
    "informal_support": [
        {
            "id": "i1",
            "kind": "mantelzorger",
            "supporter_member": "m1",
            "supports": ["m3"],
            "leefgebieden": ["basale_adl"],
            "hours_per_week": 12,
        }
    ],
    "assessments": [
        {"member": "m1", "leefgebied": "financien", "score": 2, "date": "2026-10-01"},
        {"leefgebied": "veiligheid", "score": 4, "date": "2026-10-01"},
    ],
    "safety_concerns": [
        {"id": "s1", "members": ["m2"], "recorded_on": "2026-09-01", "description": PLANTED_WORDS}
    ],
    "regisseur_choice": {"kind": "professional", "id": "pr1"},
}


@pytest.fixture
def minimal() -> dict[str, Any]:
    """A fresh copy of the minimal household data."""
    return copy.deepcopy(MINIMAL)


@pytest.fixture
def full() -> dict[str, Any]:
    """A fresh copy of the household data using every part of the model."""
    return copy.deepcopy(FULL)

"""Synthetic caseloads: realistic, deterministic households for tests, benchmarks and analysis.

Every household is derived from ``(seed, index)`` alone, so the same seed gives the
same bytes, a slice can be generated without the households before it
(``start_index``), and nothing is held in memory beyond one household.

The caseload models *households that receive support* in the social domain. The
shares of laws and law combinations, the multi-problem share and the household
composition are calibrated on published figures (SCP 2018, CBS StatLine 85994NED and
85637NED, CBS Jeugdmonitor); the targets
and the measured values are in ``docs/calibration.md`` and are checked by the tests.

>>> hs = list(generate_households(3, seed=1))
>>> [h.id for h in hs]
['gen-1-0', 'gen-1-1', 'gen-1-2']
>>> [h.id for h in generate_households(1, seed=1, start_index=2)] == ['gen-1-2']
True
"""

from __future__ import annotations

import random
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import IO, Any

from gezinsplan.interop.istandaarden.products import GENERATOR_CODES
from gezinsplan.io import dumps_household
from gezinsplan.model.dates import age_at, eighteenth_birthday
from gezinsplan.model.domain import PRODUCT_LEEFGEBIED
from gezinsplan.model.enums import Leefgebied, Product, Wet
from gezinsplan.model.household import Household

__all__ = [
    "CALIBRATION_TARGETS",
    "LAW_COMBINATIONS",
    "CalibrationTarget",
    "generate_households",
    "measure_calibration",
    "write_generated",
]

J, P, W = Wet.JEUGDWET, Wet.PARTICIPATIEWET, Wet.WMO

#: Share of households per combination of the three laws (households with support).
#: Single-law split from Utrecht 2024 (CBS 85994NED: only Wmo 15,310, only
#: Participatiewet 11,835, only Jeugd 8,970 clients); ~18% with two or more laws
#: (SCP 2018: 13%, Maastricht 2019: ~25%), mostly Participatiewet + Wmo; all three
#: 0.5% (Utrecht 235/32,690 = 0.72%, Heerlen 40/11,940 = 0.34%).
LAW_COMBINATIONS: tuple[tuple[frozenset[Wet], float], ...] = (
    (frozenset({W}), 0.82 * 15_310 / 36_115),
    (frozenset({P}), 0.82 * 11_835 / 36_115),
    (frozenset({J}), 0.82 * 8_970 / 36_115),
    (frozenset({P, W}), 0.090),
    (frozenset({J, P}), 0.045),
    (frozenset({J, W}), 0.040),
    (frozenset({J, P, W}), 0.005),
)

#: Share of households with ≥5 problematic life domains (ZRM ≤ 2): ~26,000-37,000
#: multi-problem families (NJi 2016-2017) among ~1.4 million households with support
#: (SCP 2018) ≈ 1.9%-2.6%.
MULTI_PROBLEM_SHARE = 0.023

GEMEENTEN: tuple[tuple[str, tuple[str, ...], float], ...] = (
    (
        "Maastricht",
        ("Malberg", "Wittevrouwenveld", "Heer", "Centrum", "Caberg", "Wyckerpoort"),
        0.30,
    ),
    ("Heerlen", ("Heerlerheide", "Hoensbroek", "Centrum", "Meezenbroek"), 0.22),
    ("Utrecht", ("Overvecht", "Kanaleneiland", "Zuilen", "Leidsche Rijn", "Oost"), 0.30),
    ("Eijsden-Margraten", ("Eijsden", "Margraten", "Cadier en Keer"), 0.05),
    ("Valkenburg aan de Geul", ("Valkenburg", "Schin op Geul"), 0.04),
    ("Meerssen", ("Meerssen", "Bunde"), 0.04),
    ("Gulpen-Wittem", ("Gulpen", "Wittem"), 0.03),
    ("Vaals", ("Vaals", "Lemiers"), 0.02),
)


@dataclass(frozen=True)
class CalibrationTarget:
    """A calibration target: the metric, its target share, tolerance and source."""

    metric: str
    target: float
    tolerance: float
    source: str


CALIBRATION_TARGETS: tuple[CalibrationTarget, ...] = (
    CalibrationTarget(
        "share_only_wmo", 0.82 * 15_310 / 36_115, 0.015, "CBS 85994NED, Utrecht 2024 (clients)"
    ),
    CalibrationTarget(
        "share_only_participatiewet", 0.82 * 11_835 / 36_115, 0.015, "CBS 85994NED, Utrecht 2024"
    ),
    CalibrationTarget(
        "share_only_jeugdwet", 0.82 * 8_970 / 36_115, 0.015, "CBS 85994NED, Utrecht 2024"
    ),
    CalibrationTarget(
        "share_two_or_more_laws", 0.18, 0.015, "SCP 2018 (13%); Maastricht H1 2019 (~25%)"
    ),
    CalibrationTarget(
        "share_all_three_laws", 0.005, 0.002, "CBS 85994NED (0.72%), CBS 85637NED (0.34%)"
    ),
    CalibrationTarget(
        "share_pw_wmo_of_multi_law", 0.09 / 0.18, 0.05, "SCP 2018: mostly Participatiewet + Wmo"
    ),
    CalibrationTarget(
        "share_multi_problem", MULTI_PROBLEM_SHARE, 0.006, "NJi 2016-2017 / SCP 2018"
    ),
)

# (product, iWmo/iJw product category, kind, weight): pleegzorg is a product within
# 43/44 (here 44), jeugdreclassering 47, jeugdbescherming 48, dagbesteding Wmo 07,
# beschermd wonen 15, hulpmiddelen 11-14.
_JEUGD_PRODUCTS = (
    ("jeugdhulp_ambulant", "45", "maatwerkvoorziening", 0.55),
    ("jeugd_ggz", "54", "maatwerkvoorziening", 0.25),
    ("pleegzorg", "44", "verblijf", 0.06),
    ("jeugdbescherming", "48", "maatwerkvoorziening", 0.08),
    ("jeugdhulp_verblijf", "43", "verblijf", 0.04),
    ("jeugdreclassering", "47", "maatwerkvoorziening", 0.02),
)
_WMO_PRODUCTS = (
    ("huishoudelijke_hulp", "01", "maatwerkvoorziening", 0.40),
    ("begeleiding", "02", "maatwerkvoorziening", 0.18),
    ("hulpmiddel", "12", "maatwerkvoorziening", 0.15),
    ("woningaanpassing", "13", "maatwerkvoorziening", 0.07),
    ("vervoer", "08", "maatwerkvoorziening", 0.08),
    ("dagbesteding", "07", "maatwerkvoorziening", 0.06),
    ("arbeidsmatige_dagbesteding", "07", "maatwerkvoorziening", 0.03),
    ("beschermd_wonen", "15", "verblijf", 0.03),
)
#: CBS codes of the generator's municipalities (the Afzender of their 301 messages).
GEMEENTE_CODES: dict[str, str] = {
    "Maastricht": "0935",
    "Heerlen": "0917",
    "Utrecht": "0344",
    "Eijsden-Margraten": "1903",
    "Valkenburg aan de Geul": "0994",
    "Meerssen": "0938",
    "Gulpen-Wittem": "1729",
    "Vaals": "0981",
}
_PW_PRODUCTS = (
    ("bijstand", None, "uitkering", 0.75),
    ("reintegratie", None, "maatwerkvoorziening", 0.15),
    ("bijzondere_bijstand", None, "uitkering", 0.07),
    ("beschut_werk", None, "maatwerkvoorziening", 0.03),
)
_DESK_OF = {J: "jeugd", W: "wmo", P: "participatie"}
_ROLE_OF = {J: "jeugdconsulent", W: "wmo_consulent", P: "klantmanager"}
_ORGS = {
    J: ("Jeugdhulp Zuid", "Mondriaan jeugd", "Pleegzorg Limburg", "Jeugdbescherming Limburg"),
    W: ("Thuiszorg Zuid", "Begeleiding Wijkplus", "Dagbesteding De Werkplaats"),
    P: ("Werkgevers Servicepunt", "Re-integratie Plus"),
}
_ALL_DOMAINS = tuple(Leefgebied)


def _agb(org_id: str, gemeente: str) -> str:
    """A stable eight-digit AGB-like code per provider (not a real register entry)."""
    return f"{42_420_000 + zlib.crc32(f'{gemeente}/{org_id}'.encode()) % 10_000:08d}"


def _toewijzing(
    prov: dict[str, Any],
    rng: random.Random,
    index: int,
    number: int,
    gemeente: str,
    peildatum: date,
) -> None:
    """Add what an iWmo/iJw toewijzing carries to a provision with a product category."""
    product = Product(prov["product"])
    code = GENERATOR_CODES[product][1]
    start: date = prov["start"]
    end: date | None = prov.get("end")
    prov["product_code"] = code
    prov["toewijzingnummer"] = index * 100 + number
    prov["gemeente_code"] = GEMEENTE_CODES[gemeente]
    prov["aanbieder_agb"] = _agb(prov["provider"], gemeente)
    prov["toewijzingsdatum"] = start - timedelta(days=rng.randint(0, 30))
    if product in (Product.HULPMIDDEL, Product.WONINGAANPASSING):
        prov["budget"] = rng.randint(50, 15_000) * 100
    elif prov["kind"] == "verblijf":
        prov.update(volume=rng.randint(28, 31), unit="14", frequency="4")
    elif rng.random() < 0.1:
        prov["budget"] = rng.randint(5, 400) * 1000
    else:
        prov.update(volume=rng.randint(1, 8), unit="04", frequency="2")
    if product is Product.JEUGDBESCHERMING and rng.random() < 0.8:
        prov["juridische_status"] = "04"
    if start <= peildatum:
        begin = start + timedelta(days=rng.randint(0, 14))
        prov["delivery_start"] = min(begin, end) if end is not None else begin
        if end is not None and end < peildatum:
            prov["delivery_end"] = end
            if rng.random() < 0.1:
                prov["reden_beeindiging"] = "39"
            else:
                prov["reden_beeindiging"] = "19" if prov["wet"] == "wmo" else "31"


def _pick(rng: random.Random, options: Iterable[tuple[Any, ...]]) -> tuple[Any, ...]:
    items = list(options)
    weights = [o[-1] for o in items]
    return rng.choices(items, weights=weights, k=1)[0]


def _birth(rng: random.Random, peildatum: date, age_min: int, age_max: int) -> date:
    days = rng.randint(age_min * 365 + 1, age_max * 365 + 364)
    return peildatum - timedelta(days=days)


def _household(seed: int, index: int, peildatum: date) -> dict[str, Any]:
    rng = random.Random(f"gezinsplan:{seed}:{index}")
    # the toewijzing details draw from their own stream: the rest stays as calibrated
    istd = random.Random(f"gezinsplan:{seed}:{index}:toewijzing")
    laws = _pick(rng, LAW_COMBINATIONS)[0]
    # multi-law households are more often multi-problem; the weights average to 1
    multi_problem = rng.random() < MULTI_PROBLEM_SHARE * (2.5 if len(laws) > 1 else 0.67)
    gemeente, wijken, _ = _pick(rng, GEMEENTEN)
    hid = f"gen-{seed}-{index}"

    # composition
    needs_child = J in laws
    if needs_child:
        shape = rng.choices(["gezin", "eenouder"], weights=[0.6, 0.4])[0]
    elif laws == frozenset({W}):
        shape = rng.choices(
            ["alleen", "paar", "gezin", "inwonend"], weights=[0.6, 0.25, 0.1, 0.05]
        )[0]
    else:
        shape = rng.choices(
            ["alleen", "paar", "gezin", "eenouder", "inwonend"], weights=[0.5, 0.1, 0.15, 0.2, 0.05]
        )[0]
    elderly = laws == frozenset({W}) and rng.random() < 0.6
    members: list[dict[str, Any]] = []
    lo, hi = (67, 92) if elderly else (20, 64)
    members.append({"id": "m1", "role": "ouder", "birth_date": _birth(rng, peildatum, lo, hi)})
    if shape in ("paar", "gezin"):
        members.append(
            {"id": "m2", "role": "partner", "birth_date": _birth(rng, peildatum, lo, hi)}
        )
    if shape in ("gezin", "eenouder"):
        for _ in range(rng.choices([1, 2, 3, 4], weights=[0.4, 0.35, 0.18, 0.07])[0]):
            role = "pleegkind" if rng.random() < 0.02 else "kind"
            members.append(
                {
                    "id": f"m{len(members) + 1}",
                    "role": role,
                    "birth_date": _birth(rng, peildatum, 0, 17),
                }
            )
    if shape == "inwonend":
        members.append(
            {
                "id": "m2",
                "role": "inwonend_familielid",
                "birth_date": _birth(rng, peildatum, 70, 95),
            }
        )
    for m in members:
        a = age_at(m["birth_date"], peildatum)
        if m["role"] in ("ouder", "partner") and members[0]["role"] == "ouder":
            m["has_ouderlijk_gezag"] = shape in ("gezin", "eenouder")
        if 12 <= a < 18:
            m["education"] = "geen_school" if rng.random() < 0.06 else "ingeschreven"
        if a < 18 and rng.random() < 0.01:
            m["needs_representation"] = True
    minors = [m for m in members if age_at(m["birth_date"], peildatum) < 18]
    adults = [m for m in members if age_at(m["birth_date"], peildatum) >= 18]
    working_age = [m for m in adults if age_at(m["birth_date"], peildatum) < 67] or adults

    organisations: dict[str, dict[str, Any]] = {
        "o-gem": {
            "id": "o-gem",
            "name": f"Gemeente {gemeente}",
            "wetten": sorted(w.value for w in laws),
        }
    }
    provisions: list[dict[str, Any]] = []
    professionals: list[dict[str, Any]] = []
    domains: dict[tuple[str, str], int] = {}
    questions: list[dict[str, Any]] = []

    def add(wet: Wet, member: dict[str, Any], product: tuple[Any, ...]) -> None:
        name, category, kind, _ = product
        if rng.random() < 0.6 or (wet is P and name == "bijstand"):
            org_id = "o-gem"
        else:
            org_name = rng.choice(_ORGS[wet])
            org_id = "o-" + org_name.lower().replace(" ", "-")[:20]
            organisations.setdefault(
                org_id, {"id": org_id, "name": org_name, "wetten": [wet.value]}
            )
        start = max(peildatum - timedelta(days=rng.randint(20, 1500)), member["birth_date"])
        prov: dict[str, Any] = {
            "id": f"p{len(provisions) + 1}",
            "member": member["id"],
            "wet": wet.value,
            "kind": kind,
            "product": name,
            "provider": org_id,
            "start": start,
        }
        if category:
            prov["category"] = category
        if rng.random() < 0.15:
            prov["end"] = peildatum + timedelta(days=rng.randint(-200, 400))
            prov["end"] = max(prov["end"], start)
        if wet is W and adults and rng.random() < 0.5:
            prov["eigen_bijdrage"] = True
        if category:
            _toewijzing(prov, istd, index, len(provisions) + 1, gemeente, peildatum)
        provisions.append(prov)
        domain = PRODUCT_LEEFGEBIED[Product(name)].value
        domains[(member["id"], domain)] = rng.choice([2, 2, 3, 3, 3]) if not multi_problem else 2
        prof = {
            "id": f"pr{len(professionals) + 1}",
            "organisation": org_id,
            "role": _ROLE_OF[wet] if org_id == "o-gem" else "begeleider",
            "wetten": [wet.value],
            "serves": [member["id"]],
            "is_casemanager": rng.random() < 0.25,
        }
        professionals.append(prof)
        questions.append(
            {
                "id": f"q{len(questions) + 1}",
                "members": [member["id"]],
                "leefgebied": domain,
                "urgency": rng.choices(["laag", "normaal", "hoog"], weights=[0.2, 0.65, 0.15])[0],
                "priority": len(questions) + 1,
                "desk": _DESK_OF[wet],
                "registered_on": start - timedelta(days=rng.randint(7, 60)),
            }
        )

    for wet in sorted(laws):
        if wet is J:
            pool = minors or members
        elif wet is P:
            pool = working_age
        else:
            pool = adults if rng.random() < 0.93 or not minors else minors
        extra = 1 if rng.random() < 0.25 else 0
        for _ in range(1 + extra):
            table = {J: _JEUGD_PRODUCTS, W: _WMO_PRODUCTS, P: _PW_PRODUCTS}[wet]
            add(wet, rng.choice(pool), _pick(rng, table))
    # the juridische status is the client's: a 301 carries it for all its toewijzingen
    ots = {p["member"] for p in provisions if p.get("juridische_status")}
    for p in provisions:
        if p["member"] in ots and p["wet"] == "jeugdwet" and "toewijzingnummer" in p:
            p["juridische_status"] = "04"

    # obligations for bijstand recipients
    for prov in provisions:
        if prov["product"] == "bijstand":
            m = next(x for x in members if x["id"] == prov["member"])
            obligations = []
            if rng.random() < 0.6:
                obligations.append({"kind": "arbeidsverplichting", "exempt": rng.random() < 0.1})
            if rng.random() < 0.2:
                obligations.append({"kind": "tegenprestatie"})
            if obligations:
                m["obligations"] = obligations

    # multi-problem: at least five problematic domains across the household
    if multi_problem:
        extra_domains = rng.sample(_ALL_DOMAINS[:13], k=6)
        for d in extra_domains:
            domains[(rng.choice(members)["id"], d.value)] = rng.choice([1, 2, 2])
        for _ in range(rng.randint(2, 4)):
            wet = rng.choice([J, W, P, Wet.ZVW, Wet.WGS])
            org_name = rng.choice(("GGZ Zuid", "Schuldhulp Regio", "Verslavingszorg", "Wijkteam"))
            org_id = "o-" + org_name.lower().replace(" ", "-")
            organisations.setdefault(
                org_id, {"id": org_id, "name": org_name, "wetten": [wet.value]}
            )
            professionals.append(
                {
                    "id": f"pr{len(professionals) + 1}",
                    "organisation": org_id,
                    "role": "behandelaar",
                    "wetten": [wet.value],
                    "serves": sorted({rng.choice(members)["id"] for _ in range(2)}),
                    "is_casemanager": rng.random() < 0.3,
                }
            )
    # a few more low scores and some healthy ones
    for m in members:
        for d in rng.sample(_ALL_DOMAINS[:13], k=2):
            domains.setdefault((m["id"], d.value), rng.choice([3, 4, 4, 5, 5]))
    if rng.random() < 0.08 and not multi_problem:
        domains[("m1", rng.choice(["financien", "huisvesting"]))] = rng.choice([1, 2])

    # collaboration between professionals
    ids = [p["id"] for p in professionals]
    for i in range(len(ids)):
        for b in ids[i + 1 :]:
            if rng.random() < 0.35:
                professionals[i]["collaborates_with"] = [
                    *professionals[i].get("collaborates_with", []),
                    b,
                ]

    safety: list[dict[str, Any]] = []
    if rng.random() < (0.25 if multi_problem else 0.015):
        victims = sorted({m["id"] for m in rng.sample(members, k=min(len(members), 2))})
        safety.append(
            {
                "id": "s1",
                "members": victims,
                "recorded_on": peildatum - timedelta(days=rng.randint(1, 60)),
            }
        )
        domains[(victims[0], "huiselijke_relaties")] = 1

    informal: list[dict[str, Any]] = []
    if shape == "inwonend" or (elderly and rng.random() < 0.4):
        supported = members[-1]["id"] if shape == "inwonend" else "m1"
        supporter = "m1" if shape == "inwonend" else None
        entry: dict[str, Any] = {
            "id": "i1",
            "kind": "mantelzorger",
            "supports": [supported],
            "leefgebieden": ["basale_adl"],
            "hours_per_week": rng.choice([4, 8, 12, 20, 30]),
        }
        if supporter and supporter != supported:
            entry["supporter_member"] = supporter
        informal.append(entry)
    elif rng.random() < 0.2:
        informal.append(
            {
                "id": "i1",
                "kind": rng.choice(["familie", "buur", "vrijwilliger"]),
                "supports": ["m1"],
            }
        )

    assessment_date = peildatum - timedelta(days=rng.randint(1, 120))
    births = {m["id"]: m["birth_date"] for m in members}
    assessments = [
        {
            "member": mid,
            "leefgebied": d,
            "score": s,
            "date": max(assessment_date, births[mid]) if mid in births else assessment_date,
        }
        for (mid, d), s in sorted(domains.items())
    ]
    data: dict[str, Any] = {
        "id": hid,
        "gemeente": gemeente,
        "wijk": rng.choice(wijken),
        "members": members,
        "questions": questions,
        "provisions": provisions,
        "organisations": sorted(organisations.values(), key=lambda o: o["id"]),
        "professionals": professionals,
        "informal_support": informal,
        "assessments": assessments,
        "safety_concerns": safety,
    }
    _enrich(data, random.Random(f"gezinsplan:records:{seed}:{index}"), peildatum)
    return data


#: Shares of the recorded facts beyond laws and provisions (docs/calibration.md gives the
#: source of each). A separate random stream per household draws them, so the laws,
#: provisions and questions of a household stay exactly what they were without them.
RECORD_SHARES: dict[str, float] = {
    "debts_with_bijstand": 0.35,
    "debts_without_bijstand": 0.08,
    "schuldhulp_requested_of_debts": 0.40,
    "rent_arrears_of_debts": 0.30,
    "eviction_of_rent_arrears": 0.05,
    "energy_cutoff_of_debts": 0.02,
    "wanbetaler_of_adults_with_debts": 0.10,
    "onverzekerd_of_adults": 0.002,
    "dakloos": 0.002,
    "bank_hoppen": 0.002,
    "eigen_woning": 0.30,
    "absence_of_minors_jeugdhulp": 0.04,
    "absence_of_minors": 0.015,
    "thuiszitter_of_absence": 0.20,
    "care_outside_of_adults": 0.25,
    "young_carer_of_minors_10_17": 0.03,
    "lvb_of_members": 0.06,
    "lvb_of_minors_jeugdhulp": 0.12,
    "statushouder_households": 0.01,
    "pip_of_statushouders": 0.70,
    "help_refused_multi_problem": 0.30,
    "parent_elsewhere_eenouder": 0.60,
    "voogdij_of_pleegkinderen": 0.30,
    "huisverbod_of_safety": 0.04,
    "planned_followup_of_jeugdhulp_16_17": 0.30,
    "wmo_request_open": 0.03,
    "wmo_decision_open": 0.03,
}


def _enrich(data: dict[str, Any], rng: random.Random, peildatum: date) -> None:
    """Add the recorded facts of a toegangsteam in the shares of :data:`RECORD_SHARES`."""
    share = RECORD_SHARES
    members = data["members"]
    ages = {m["id"]: age_at(m["birth_date"], peildatum) for m in members}
    adults = [m for m in members if ages[m["id"]] >= 18]
    minors = [m for m in members if ages[m["id"]] < 18]
    provisions = data["provisions"]
    jeugd = {p["member"] for p in provisions if p["wet"] == "jeugdwet"}
    bijstand = any(p["product"] == "bijstand" for p in provisions)

    # housing and money
    u = rng.random()
    if u < share["dakloos"]:
        data["housing"] = "dakloos"
    elif u < share["dakloos"] + share["bank_hoppen"]:
        data["housing"] = "bank_hoppen"
    elif any(p["product"] == "beschermd_wonen" for p in provisions):
        data["housing"] = "beschermd_wonen"
    else:
        data["housing"] = "eigen_woning" if rng.random() < share["eigen_woning"] else "huurwoning"
    debts = rng.random() < share["debts_with_bijstand" if bijstand else "debts_without_bijstand"]
    if debts:
        finances: dict[str, Any] = {"debts": True}
        if rng.random() < share["schuldhulp_requested_of_debts"]:
            finances["schuldhulp_requested_on"] = peildatum - timedelta(days=rng.randint(3, 400))
            finances["schuldhulp_phase"] = rng.choice(
                ["aangemeld", "stabilisatie", "stabilisatie", "schuldregeling", "nazorg"]
            )
        if data["housing"] == "huurwoning" and rng.random() < share["rent_arrears_of_debts"]:
            finances["rent_arrears_months"] = rng.randint(1, 8)
            if rng.random() < share["eviction_of_rent_arrears"]:
                finances["eviction_date"] = peildatum + timedelta(days=rng.randint(7, 60))
        if rng.random() < share["energy_cutoff_of_debts"]:
            finances["energy_cutoff"] = True
        data["finances"] = finances
    for m in adults:
        if debts and rng.random() < share["wanbetaler_of_adults_with_debts"]:
            m["insurance"] = "wanbetaler"
        elif rng.random() < share["onverzekerd_of_adults"]:
            m["insurance"] = "onverzekerd"

    # school, care, disability
    for m in minors:
        a = ages[m["id"]]
        p_absent = share["absence_of_minors_jeugdhulp" if m["id"] in jeugd else "absence_of_minors"]
        if 5 <= a < 18 and rng.random() < p_absent:
            m["school_absence"] = {
                "kind": "relatief" if rng.random() < 0.85 else "absoluut",
                "thuiszitter": rng.random() < share["thuiszitter_of_absence"],
            }
        if 10 <= a < 18 and rng.random() < share["young_carer_of_minors_10_17"]:
            m["care_outside_hours"] = float(rng.choice([2, 4, 6, 10]))
        if m["role"] == "pleegkind" and rng.random() < share["voogdij_of_pleegkinderen"]:
            m["voogdij"] = True
        if m["role"] == "pleegkind" and any(
            p["product"] == "pleegzorg" and p["member"] == m["id"] for p in provisions
        ):
            m["pleegvergoeding"] = True  # pleegzorg with a pleegcontract: a pleegvergoeding
    for m in adults:
        if ages[m["id"]] < 80 and rng.random() < share["care_outside_of_adults"]:
            m["care_outside_hours"] = float(rng.choice([2, 4, 4, 8, 12, 20]))
    for m in members:
        p_lvb = share["lvb_of_minors_jeugdhulp" if m["id"] in jeugd else "lvb_of_members"]
        if ages[m["id"]] >= 5 and rng.random() < p_lvb:
            m["disabilities"] = ["lvb"]
    if adults and rng.random() < share["statushouder_households"]:
        pip = rng.random() < share["pip_of_statushouders"]
        for m in adults:
            m["statushouder"] = True
            m["inburgering_pip"] = pip
            # the plicht began two years ago (under the Wet inburgering 2021); no draw, so
            # the random stream of every other field stays as it was
            m["inburgering_sinds"] = max(peildatum - timedelta(days=730), m["birth_date"])
    lows = sum(1 for a in data["assessments"] if a["score"] <= 2)
    if lows >= 5 and rng.random() < share["help_refused_multi_problem"]:
        rng.choice(adults or members)["help_refused"] = rng.randint(2, 4)

    # parents and gezag
    parents = [m for m in adults if m["role"] in ("ouder", "partner")]
    links: list[dict[str, Any]] = []
    for child in minors:
        if child["role"] == "pleegkind":
            continue
        for parent in parents:
            links.append({"child": child["id"], "parent": parent["id"], "gezag": True})
        if len(parents) == 1 and rng.random() < share["parent_elsewhere_eenouder"]:
            links.append(
                {"child": child["id"], "lives_elsewhere": True, "gezag": rng.random() < 0.8}
            )
    if links:
        data["parent_links"] = links

    # safety detail
    for concern in data["safety_concerns"]:
        concern["children_present"] = bool(minors)
        concern["veilig_thuis"] = rng.choice(
            ["geen", "geen", "advies", "melding", "melding", "onderzoek", "overgedragen"]
        )
        if rng.random() < share["huisverbod_of_safety"]:
            concern["huisverbod_until"] = concern["recorded_on"] + timedelta(days=10)

    # what questions ask for, and Wmo request dates
    asked = {"woningaanpassing", "hulpmiddel", "vervoer", "dagbesteding", "huishoudelijke_hulp"}
    by_domain = {
        (p["member"], PRODUCT_LEEFGEBIED[Product(p["product"])].value): p["product"]
        for p in provisions
        if p["product"] in asked
    }
    for q in data["questions"]:
        product = by_domain.get((q["members"][0], q["leefgebied"]))
        if product is not None:
            q["asks_for"] = product
        registered = q.get("registered_on")
        if q.get("desk") == "wmo" and registered is not None:
            # a melding, then an aanvraag after the investigation, then the beschikking;
            # a small share is still open (that is what the Wmo term rules look for)
            aanvraag = registered + timedelta(days=rng.randint(7, 35))
            decided = aanvraag + timedelta(days=rng.randint(3, 14))
            if aanvraag <= peildatum and rng.random() >= share["wmo_request_open"]:
                q["aanvraag_on"] = aanvraag
                if decided <= peildatum and rng.random() >= share["wmo_decision_open"]:
                    q["decided_on"] = decided

    # a requested follow-up for some youths in jeugdhulp turning 18
    for m in minors:
        if (
            16 <= ages[m["id"]] < 18
            and m["id"] in jeugd
            and rng.random() < share["planned_followup_of_jeugdhulp_16_17"]
        ):
            provisions.append(
                {
                    "id": f"p{len(provisions) + 1}",
                    "member": m["id"],
                    "wet": "wmo",
                    "kind": "maatwerkvoorziening",
                    "product": "begeleiding",
                    "start": eighteenth_birthday(m["birth_date"]),
                    "status": rng.choice(["aangevraagd", "wachtlijst"]),
                }
            )


def generate_households(
    n: int, seed: int, *, start_index: int = 0, peildatum: date = date(2026, 1, 1)
) -> Iterator[Household]:
    """Yield ``n`` synthetic households, deterministically from ``seed``.

    Household ``i`` depends only on ``(seed, i)``; ``start_index`` skips ahead.
    """
    if n < 0:
        raise ValueError("n must be >= 0")
    for index in range(start_index, start_index + n):
        yield Household.model_validate(_household(seed, index, peildatum))


def write_generated(
    n: int,
    seed: int,
    out: str | Path | IO[str],
    *,
    peildatum: date = date(2026, 1, 1),
    progress: Callable[[int], None] | None = None,
) -> int:
    """Write ``n`` generated households as JSON Lines; returns the count."""
    if isinstance(out, (str, Path)):
        with Path(out).open("w", encoding="utf-8", newline="\n") as handle:
            return write_generated(n, seed, handle, peildatum=peildatum, progress=progress)
    count = 0
    for h in generate_households(n, seed, peildatum=peildatum):
        out.write(dumps_household(h, indent=None))
        out.write("\n")
        count += 1
        if progress is not None:
            progress(1)
    return count


def measure_calibration(households: Iterable[Household], peildatum: date) -> dict[str, float]:
    """The calibration metrics of a caseload (shares of households), see CALIBRATION_TARGETS."""
    combos: Counter[frozenset[Wet]] = Counter()
    n = 0
    multi_problem = 0
    minors = 0
    minors_jeugd = 0
    for h in households:
        n += 1
        # granted support only: a requested or waiting follow-up is not yet a law combination
        laws = frozenset(p.wet for p in h.provisions if not p.not_granted) & {J, P, W}
        combos[laws] += 1
        low = {lg for (_, lg), a in h.latest_scores(peildatum).items() if a.score <= 2}
        multi_problem += len(low) >= 5
        jeugd_members = {p.member for p in h.provisions if p.wet is J}
        for m in h.members:
            if m.age(peildatum) < 18:
                minors += 1
                minors_jeugd += m.id in jeugd_members
    if n == 0:
        return {}
    multi = sum(c for k, c in combos.items() if len(k) >= 2)
    return {
        "households": float(n),
        "share_only_wmo": combos[frozenset({W})] / n,
        "share_only_participatiewet": combos[frozenset({P})] / n,
        "share_only_jeugdwet": combos[frozenset({J})] / n,
        "share_two_or_more_laws": multi / n,
        "share_all_three_laws": combos[frozenset({J, P, W})] / n,
        "share_pw_wmo_of_multi_law": combos[frozenset({P, W})] / multi if multi else 0.0,
        "share_multi_problem": multi_problem / n,
        "share_minors_with_jeugdhulp": minors_jeugd / minors if minors else 0.0,
    }

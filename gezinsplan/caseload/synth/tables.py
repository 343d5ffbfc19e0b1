"""A drawn block as the caseload tables (:data:`gezinsplan.caseload.tables.SCHEMAS`).

Every derived column of :func:`gezinsplan.caseload.tables.to_rows` is computed here on
whole columns; the tests check a sample against ``to_arrow`` of the validated documents.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from gezinsplan.caseload.synth import vocab
from gezinsplan.caseload.synth.columns import NA, day, encode, ids, lists, number, text
from gezinsplan.caseload.synth.days import add_months, birthday, end_of_quarter, first_of_next_month
from gezinsplan.caseload.synth.draw import KIND, MAX_MEMBERS, PLEEGKIND, PROF_ROLES, ROLES, Block
from gezinsplan.caseload.tables import SCHEMAS

__all__ = ["HOUSING", "block_tables", "household_ids"]

Arr = npt.NDArray[Any]
HOUSING = ("dakloos", "bank_hoppen", "beschermd_wonen", "eigen_woning", "huurwoning")
PHASES = ("aangemeld", "stabilisatie", "schuldregeling", "nazorg")
EDUCATION = ("ingeschreven", "geen_school")
INSURANCE = ("wanbetaler", "onverzekerd")
ABSENCE = ("relatief", "absoluut")
DESKS = ("jeugd", "participatie", "wmo")
URGENCY = ("laag", "normaal", "hoog")
STATUS = ("aangevraagd", "wachtlijst")
REDEN = ("39", "19", "31")
JURIDISCH = ("04",)
VEILIG_THUIS = ("geen", "advies", "melding", "onderzoek", "overgedragen")
INFORMAL = ("mantelzorger", "familie", "buur", "vrijwilliger")
RENTAL = ("met_aanvrager", "met_derde")


def household_ids(block: Block) -> pa.Array:
    """``gen-<seed>-<number>`` per household of the block."""
    keys = pa.array(np.arange(block.start, block.start + block.n), pa.int64())
    return pc.binary_join_element_wise(f"gen-{block.seed}-", pc.cast(keys, pa.string()), "")


def kostendeler_exempt(role: Arr, agreement: Arr, close_relative: Arr, study: Arr) -> Arr:
    """:func:`gezinsplan.rules.facts.kostendeler_exempt` on columns (agreement codes of
    :data:`RENTAL`, -1 none; study -1 none)."""
    relative = close_relative | (role == KIND)
    out: Arr = (agreement == 1) | ((agreement == 0) & ~relative) | (study >= 0)
    return out


def _table(name: str, columns: dict[str, Any], rows: int) -> pa.Table:
    schema = SCHEMAS[name]
    arrays = []
    for field in schema:
        if field.name in columns:
            arrays.append(pa.array(columns[field.name], field.type))
        elif field.type == pa.bool_():
            arrays.append(pa.array(np.zeros(rows, dtype=bool)))
        else:
            arrays.append(pa.nulls(rows, field.type))
    return pa.Table.from_arrays(arrays, schema=schema)


def block_tables(block: Block) -> dict[str, pa.Table]:
    """The caseload tables of ``block`` (``arrears`` is empty: nothing is drawn for it)."""
    hid = household_ids(block)
    out: dict[str, pa.Table] = {}

    def keyed(h: Arr) -> dict[str, Any]:
        return {"household": hid.take(pa.array(h, pa.int64())), "hkey": block.start + h}

    hh = block.households
    h_all = np.arange(block.n)
    out["households"] = _table(
        "households",
        {
            **keyed(h_all),
            "gemeente": text(vocab.GEMEENTE_NAMES, hh["gemeente"]),
            "wijk": text(vocab.WIJKEN, hh["wijk"]),
            "housing": text(HOUSING, hh["housing"]),
            "debts": hh["debts"],
            "schuldhulp_requested_on": day(hh["schuldhulp_requested"]),
            "schuldhulp_phase": text(PHASES, hh["schuldhulp_phase"]),
            "rent_arrears_months": number(hh["rent_arrears_months"]),
            "eviction_date": day(hh["eviction"]),
            "energy_cutoff": hh["energy_cutoff"],
            **encode("schuldhulp_requested", hh["schuldhulp_requested"], "yoi"),
            **encode("eviction", hh["eviction"], "yoi"),
            "n_collaboration_groups": hh["n_collaboration_groups"],
        },
        block.n,
    )
    out["members"] = _members(block, keyed)
    m = block.members
    mid = m["h"] * MAX_MEMBERS  # member row of (household, position)
    member_row = np.full(block.n * MAX_MEMBERS, -1, dtype=np.int64)
    member_row[mid + m["pos"]] = np.arange(len(m["h"]))
    b18 = birthday(m["birth"], 18)

    q = block.questions
    out["questions"] = _table(
        "questions",
        {
            **keyed(q["h"]),
            "question": ids("q", q["pos"]),
            "member": ids("m", q["mpos"]),
            "leefgebied": text(vocab.DOMAINS, q["domain"]),
            "desk": text(DESKS, q["desk"]),
            "urgency": text(URGENCY, q["urgency"]),
            "priority": q["pos"] + 1,
            "registered_on": day(q["registered"]),
            "aanvraag_on": day(q["aanvraag"]),
            "decided_on": day(q["decided"]),
            "asks_for": text([p.name for p in vocab.PRODUCTS], q["asks_for"]),
            **encode("registered", q["registered"], "yoi"),
            **encode("aanvraag", q["aanvraag"], "yoi"),
            **encode("decided", q["decided"], "y"),
        },
        len(q["h"]),
    )

    p = block.provisions
    pb18 = b18[p["member"]]
    ended = p["end"] != NA
    out["provisions"] = _table(
        "provisions",
        {
            **keyed(p["h"]),
            "provision": ids("p", p["pos"]),
            "member": ids("m", p["mpos"]),
            "wet": text(vocab.WETTEN, p["law"]),
            "kind": text([x.kind for x in vocab.PRODUCTS], p["product"]),
            "product": text([x.name for x in vocab.PRODUCTS], p["product"]),
            "category": text([x.category or "" for x in vocab.PRODUCTS], p["category"]),
            "provider": text(vocab.ORG_IDS, p["provider"]),
            "start": day(p["start"]),
            "end": day(p["end"]),
            "eigen_bijdrage": p["eigen_bijdrage"],
            "status": text(STATUS, p["status"]),
            "juridische_status": text(JURIDISCH, p["juridische_status"]),
            "reden_beeindiging": text(REDEN, p["reden_beeindiging"]),
            **encode("start", p["start"], "ymi"),
            **encode("end", p["end"], "ymi"),
            "not_granted": p["status"] >= 0,
            "started_before_18": p["start"] < pb18,
            "ends_before_18": ended & (p["end"] < pb18),
            "ends_after_18": ended & (p["end"] > pb18),
            "starts_by_18": p["start"] <= pb18,
            "ended_after_17": ended & (p["end"] >= add_months(pb18, -12)),
        },
        len(p["h"]),
    )

    o = block.organisations
    out["organisations"] = _table(
        "organisations",
        {
            **keyed(o["h"]),
            "organisation": text(vocab.ORG_IDS, o["org"]),
            "wetten": organisation_wetten(block),
        },
        len(o["h"]),
    )

    pr = block.professionals
    prof_id = ids("pr", pr["pos"])
    wet = text(vocab.WETTEN, pr["wet"])
    rows = len(pr["h"])
    out["professionals"] = _table(
        "professionals",
        {
            **keyed(pr["h"]),
            "professional": prof_id,
            "organisation": text(vocab.ORG_IDS, pr["organisation"]),
            "role": text(PROF_ROLES, pr["role"]),
            "wetten": lists(np.arange(rows), rows, wet),
            "is_casemanager": pr["is_casemanager"],
            "n_collaborators": pr["n_collaborators"],
        },
        rows,
    )
    out["professional_wetten"] = _table(
        "professional_wetten", {**keyed(pr["h"]), "professional": prof_id, "wet": wet}, rows
    )
    sv = block.serves
    out["serves"] = _table(
        "serves",
        {
            **keyed(sv["h"]),
            "professional": prof_id.take(pa.array(sv["prof"])),
            "member": ids("m", sv["mpos"]),
        },
        len(sv["h"]),
    )
    co = block.collaborations
    out["collaborations"] = _table(
        "collaborations",
        {
            **keyed(co["h"]),
            "professional": prof_id.take(pa.array(co["prof"], pa.int64())),
            "other": prof_id.take(pa.array(co["other"], pa.int64())),
        },
        len(co["h"]),
    )

    i = block.informal
    out["informal_support"] = _table(
        "informal_support",
        {
            **keyed(i["h"]),
            "support": ids("i", np.zeros(len(i["h"]), dtype=np.int64)),
            "kind": text(INFORMAL, i["kind"]),
            "supporter_member": ids("m", i["supporter"]),
            "member": ids("m", i["supports"]),
            "hours_per_week": number(i["hours"], pa.float64()),
        },
        len(i["h"]),
    )

    a = block.assessments
    seq = np.arange(len(a["h"])) - np.searchsorted(a["h"], a["h"])
    out["assessments"] = _table(
        "assessments",
        {
            **keyed(a["h"]),
            "member": ids("m", a["mpos"]),
            "leefgebied": text(vocab.DOMAINS, a["domain"]),
            "score": a["score"],
            "date": day(a["date"]),
            **encode("date", a["date"], "y"),
            "seq": seq,
        },
        len(a["h"]),
    )

    s, sm = block.safety, block.safety_members
    c = sm["concern"]
    out["safety_concerns"] = _table(
        "safety_concerns",
        {
            **keyed(sm["h"]),
            "concern": ids("s", np.zeros(len(c), dtype=np.int64)),
            "member": ids("m", sm["mpos"]),
            "recorded_on": day(s["recorded"][c]),
            "veilig_thuis": text(VEILIG_THUIS, s["veilig_thuis"][c]),
            "children_present": s["children_present"][c],
            "huisverbod_until": day(s["huisverbod"][c]),
            **encode("recorded", s["recorded"][c], "y"),
            **encode("huisverbod", s["huisverbod"][c], "yi"),
        },
        len(c),
    )

    pl = block.parent_links
    out["parent_links"] = _table(
        "parent_links",
        {
            **keyed(pl["h"]),
            "child": ids("m", pl["child"]),
            "parent": ids("m", pl["parent"]),
            "lives_elsewhere": pl["parent"] < 0,
            "gezag": pl["gezag"],
        },
        len(pl["h"]),
    )
    out["arrears"] = SCHEMAS["arrears"].empty_table()
    return {t: out[t] for t in SCHEMAS}


def organisation_wetten(block: Block) -> pa.Array:
    """Per organisation row its laws: the gemeente's are the household's, sorted."""
    o = block.organisations
    gem = vocab.ORG_IDS.index("o-gem")
    gem_row = np.flatnonzero(o["org"] == gem)  # one per household, in household order
    others = np.flatnonzero(o["org"] != gem)
    owner = np.concatenate([gem_row[block.gem_wetten["h"]], others])
    wet = np.concatenate([block.gem_wetten["wet"], o["wet"][others]])
    order = np.argsort(owner, kind="stable")
    return lists(owner[order], len(o["h"]), text(vocab.WETTEN, wet[order]))


def _members(block: Block, keyed: Any) -> pa.Table:
    m = block.members
    h, pos, role, birth = m["h"], m["pos"], m["role"], m["birth"]
    rows = len(h)
    b18 = birthday(birth, 18)
    pad18 = np.full((block.n, MAX_MEMBERS), np.iinfo(np.int64).min, dtype=np.int64)
    pad18[h, pos] = b18
    child = ((role == KIND) | (role == PLEEGKIND)) & ~m["pleegvergoeding"]
    pad_child = np.zeros((block.n, MAX_MEMBERS), dtype=bool)
    pad_child[h, pos] = child
    later = pad18[h] > b18[:, None]
    lvb = m["lvb"]
    none = np.full(rows, -1)
    birth_enc = encode("birth", birth, "ymi")
    return _table(
        "members",
        {
            **keyed(h),
            "member": ids("m", pos),
            "role": text(ROLES, role),
            "birth_date": day(birth),
            "education": text(EDUCATION, m["education"]),
            "needs_representation": m["needs_representation"],
            "has_ouderlijk_gezag": m["gezag"],
            "disabilities": lists(
                np.flatnonzero(lvb), rows, text(["lvb"], np.zeros(int(lvb.sum()), dtype=np.int64))
            ),
            "insurance": text(INSURANCE, m["insurance"]),
            "school_absence": text(ABSENCE, m["school_absence"]),
            "thuiszitter": m["thuiszitter"],
            "care_outside_hours": number(m["care_outside_hours"], pa.float64()),
            "voogdij": m["voogdij"],
            "pleegvergoeding": m["pleegvergoeding"],
            "statushouder": m["statushouder"],
            "inburgering_pip": m["inburgering_pip"],
            "help_refused": m["help_refused"],
            "arbeidsverplichting": m["arbeidsverplichting"] & ~m["arbeid_exempt"],
            "tegenprestatie": m["tegenprestatie"],
            **birth_enc,
            "birth_y": pc.divide(birth_enc["birth_ymd"], 10000),
            "birth_md": pc.subtract(
                birth_enc["birth_ymd"], pc.multiply(pc.divide(birth_enc["birth_ymd"], 10000), 10000)
            ),
            **encode("b18", b18, "ymi"),
            **encode("b21", birthday(birth, 21), "ymi"),
            **encode("b23", birthday(birth, 23), "ymi"),
            "kinderbijslag_until_iso": pc.cast(day(end_of_quarter(b18 - 1)), pa.string()),
            "month_after_18_iso": pc.cast(day(first_of_next_month(b18)), pa.string()),
            "minors_after_18": later.sum(axis=1),
            "kgb_children_after_18": (later & pad_child[h]).sum(axis=1),
            "has_verstandelijke_beperking": lvb,
            "inburgering_sinds": day(m["inburgering_sinds"]),
            **encode("inburgering", m["inburgering_sinds"], "y"),
            "inburgering_y": pc.divide(
                encode("inburgering", m["inburgering_sinds"], "y")["inburgering_ymd"], 10000
            ),
            "n_disabilities": lvb.astype(np.int32),
            "has_non_psychiatric_disability": lvb,
            "kostendeler_exempt": kostendeler_exempt(role, none, np.zeros(rows, bool), none),
        },
        rows,
    )

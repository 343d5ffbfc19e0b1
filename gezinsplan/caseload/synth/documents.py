"""A drawn block as the ``documents`` table: each household's JSON built from the columns.

The same table as :func:`gezinsplan.caseload.documents.to_documents` writes (no personal
fields: the generator draws none), assembled with Arrow string kernels rather than one
household object at a time. Optional fields are left out when empty, as
``exclude_none`` does; the documents validate as :class:`~gezinsplan.model.household.Household`.
Every text quoted comes from the generator's fixed vocabularies, none of which needs JSON
escaping (a test checks them).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from gezinsplan.caseload.documents import DOCUMENT_SCHEMA
from gezinsplan.caseload.synth import vocab
from gezinsplan.caseload.synth.columns import NA, day, ids, lists, text
from gezinsplan.caseload.synth.draw import PROF_ROLES, ROLES, Block
from gezinsplan.caseload.synth.tables import (
    ABSENCE,
    DESKS,
    EDUCATION,
    HOUSING,
    INFORMAL,
    INSURANCE,
    JURIDISCH,
    PHASES,
    REDEN,
    STATUS,
    URGENCY,
    VEILIG_THUIS,
    household_ids,
    organisation_wetten,
)

__all__ = ["block_documents"]

Arr = npt.NDArray[Any]
_NULL = pa.scalar(None, pa.string())


def _cat(*parts: Any) -> pa.Array:
    """Concatenated texts; null when a part is null."""
    return pc.binary_join_element_wise(*parts, "")


def _q(values: pa.Array) -> pa.Array:
    return _cat('"', values, '"')


def _field(key: str, value: pa.Array, quote: bool = True) -> pa.Array:
    """``"key":value`` (null when the value is null)."""
    if quote:
        return _cat(f'"{key}":"', value, '"')
    return _cat(f'"{key}":', value)


def _flag(key: str, mask: Arr) -> pa.Array:
    """``"key":true`` where ``mask``, else null (false is the default)."""
    return pc.if_else(pa.array(mask), pa.scalar(f'"{key}":true'), _NULL)


def _bool(values: Arr) -> pa.Array:
    return pc.if_else(pa.array(values), pa.scalar("true"), pa.scalar("false"))


def _num(values: Arr) -> pa.Array:
    mask = values == NA
    return pc.cast(pa.array(np.where(mask, 0, values), pa.int64(), mask=mask), pa.string())


def _float(values: Arr) -> pa.Array:
    return _cat(_num(values), ".0")


def _iso(values: Arr) -> pa.Array:
    return pc.cast(day(values), pa.string())


def _obj(first: pa.Array, *fields: pa.Array) -> pa.Array:
    """A JSON object of ``first`` (never null) and the non-null ``"key":value`` fields."""
    # null_handling="skip" drops rows where every value is null; ``first`` has none
    body = pc.binary_join_element_wise(first, *fields, ",", null_handling="skip")
    if len(body) != len(first):
        raise AssertionError("a JSON object lost rows")
    return _cat("{", body, "}")


def _array(owner: Arr, count: int, items: pa.Array) -> pa.Array:
    """Per owner ``0 … count-1`` the JSON array of its items (owners sorted)."""
    return _cat("[", pc.binary_join(lists(owner, count, items), ","), "]")


def _members(block: Block) -> pa.Array:
    m = block.members
    arbeid = m["arbeidsverplichting"]
    tegen = m["tegenprestatie"]
    first = _cat('{"kind":"arbeidsverplichting","exempt":', _bool(m["arbeid_exempt"]), "}")
    second = pc.if_else(
        pa.array(arbeid),
        pa.scalar(',{"kind":"tegenprestatie"}'),
        pa.scalar('{"kind":"tegenprestatie"}'),
    )
    obligations = _cat(
        pc.if_else(pa.array(arbeid), first, pa.scalar("")),
        pc.if_else(pa.array(tegen), second, pa.scalar("")),
    )
    absence = _obj(
        _field("kind", text(ABSENCE, np.maximum(m["school_absence"], 0))),
        _cat('"thuiszitter":', _bool(m["thuiszitter"])),
    )
    status = m["statushouder"]
    return _obj(
        _field("id", ids("m", m["pos"])),
        _field("role", text(ROLES, m["role"])),
        _field("birth_date", _iso(m["birth"])),
        _field("education", text(EDUCATION, m["education"])),
        _flag("needs_representation", m["needs_representation"]),
        _flag("has_ouderlijk_gezag", m["gezag"]),
        pc.if_else(pa.array(arbeid | tegen), _cat('"obligations":[', obligations, "]"), _NULL),
        pc.if_else(pa.array(m["lvb"]), pa.scalar('"disabilities":["lvb"]'), _NULL),
        _field("insurance", text(INSURANCE, m["insurance"])),
        pc.if_else(pa.array(m["school_absence"] >= 0), _cat('"school_absence":', absence), _NULL),
        _field("care_outside_hours", _float(m["care_outside_hours"]), quote=False),
        _flag("voogdij", m["voogdij"]),
        _flag("pleegvergoeding", m["pleegvergoeding"]),
        _flag("statushouder", status),
        pc.if_else(
            pa.array(status), _cat('"inburgering_pip":', _bool(m["inburgering_pip"])), _NULL
        ),
        _field("inburgering_sinds", _iso(m["inburgering_sinds"])),
        pc.if_else(
            pa.array(m["help_refused"] > 0),
            _cat('"help_refused":', _num(m["help_refused"])),
            _NULL,
        ),
    )


def _provisions(block: Block) -> pa.Array:
    p = block.provisions
    product = vocab.PRODUCTS
    codes = [x.code or "" for x in product]
    tw = p["toewijzingnummer"] != NA
    unit = p["unit"]
    return _obj(
        _field("id", ids("p", p["pos"])),
        _field("member", ids("m", p["mpos"])),
        _field("wet", text(vocab.WETTEN, p["law"])),
        _field("kind", text([x.kind for x in product], p["product"])),
        _field("product", text([x.name for x in product], p["product"])),
        _field("category", text([x.category or "" for x in product], p["category"])),
        _field("provider", text(vocab.ORG_IDS, p["provider"])),
        _field("start", _iso(p["start"])),
        _field("end", _iso(p["end"])),
        _flag("eigen_bijdrage", p["eigen_bijdrage"]),
        _field("status", text(STATUS, p["status"])),
        _field("product_code", text(codes, np.where(tw, p["product"], -1))),
        _field("toewijzingnummer", _num(p["toewijzingnummer"]), quote=False),
        _field("gemeente_code", text(vocab.GEMEENTE_CBS, np.where(tw, p["gemeente"], -1))),
        _field(
            "aanbieder_agb",
            pa.array([a for row in vocab.AGB for a in row]).take(
                pa.array(p["provider"] * len(vocab.GEMEENTE_NAMES) + p["gemeente"], mask=~tw)
            ),
        ),
        _field("toewijzingsdatum", _iso(p["toewijzingsdatum"])),
        _field("volume", _num(p["volume"]), quote=False),
        _field("unit", text(("14", "04"), unit)),
        _field("frequency", text(("4", "2"), unit)),
        _field("budget", _num(p["budget"]), quote=False),
        _field("juridische_status", text(JURIDISCH, p["juridische_status"])),
        _field("delivery_start", _iso(p["delivery_start"])),
        _field("delivery_end", _iso(p["delivery_end"])),
        _field("reden_beeindiging", text(REDEN, p["reden_beeindiging"])),
    )


def _questions(block: Block) -> pa.Array:
    q = block.questions
    return _obj(
        _field("id", ids("q", q["pos"])),
        _cat('"members":["', ids("m", q["mpos"]), '"]'),
        _field("leefgebied", text(vocab.DOMAINS, q["domain"])),
        _field("urgency", text(URGENCY, q["urgency"])),
        _field("priority", _num(q["pos"] + 1), quote=False),
        _field("desk", text(DESKS, q["desk"])),
        _field("registered_on", _iso(q["registered"])),
        _field("aanvraag_on", _iso(q["aanvraag"])),
        _field("decided_on", _iso(q["decided"])),
        _field("asks_for", text([x.name for x in vocab.PRODUCTS], q["asks_for"])),
    )


def _organisations(block: Block) -> pa.Array:
    o = block.organisations
    gem = vocab.ORG_IDS.index("o-gem")
    names = text(vocab.ORG_NAMES, o["org"])
    gemeente = _cat("Gemeente ", text(vocab.GEMEENTE_NAMES, block.households["gemeente"][o["h"]]))
    wetten = organisation_wetten(block)
    quoted = _cat('"', pc.binary_join(wetten, '","'), '"')
    return _obj(
        _field("id", text(vocab.ORG_IDS, o["org"])),
        _field("name", pc.if_else(pa.array(o["org"] == gem), gemeente, names)),
        _cat('"wetten":[', quoted, "]"),
    )


def _professionals(block: Block) -> pa.Array:
    pr, sv, co = block.professionals, block.serves, block.collaborations
    rows = len(pr["h"])
    prof_id = ids("pr", pr["pos"])
    serves = pc.binary_join(lists(sv["prof"], rows, _q(ids("m", sv["mpos"]))), ",")
    others = _q(prof_id.take(pa.array(co["other"], pa.int64())))
    collab = pc.binary_join(lists(co["prof"], rows, others), ",")
    return _obj(
        _field("id", prof_id),
        _field("organisation", text(vocab.ORG_IDS, pr["organisation"])),
        _field("role", text(PROF_ROLES, pr["role"])),
        _cat('"wetten":["', text(vocab.WETTEN, pr["wet"]), '"]'),
        _cat('"serves":[', serves, "]"),
        _cat('"is_casemanager":', _bool(pr["is_casemanager"])),
        pc.if_else(
            pa.array(np.bincount(co["prof"], minlength=rows) > 0),
            _cat('"collaborates_with":[', collab, "]"),
            _NULL,
        ),
    )


def _informal(block: Block) -> pa.Array:
    i = block.informal
    mantel = i["kind"] == 0
    return _obj(
        _field("id", ids("i", np.zeros(len(i["h"]), dtype=np.int64))),
        _field("kind", text(INFORMAL, i["kind"])),
        _field("supporter_member", ids("m", i["supporter"])),
        _cat('"supports":["', ids("m", i["supports"]), '"]'),
        pc.if_else(pa.array(mantel), pa.scalar('"leefgebieden":["basale_adl"]'), _NULL),
        _field("hours_per_week", _float(i["hours"]), quote=False),
    )


def _assessments(block: Block) -> pa.Array:
    a = block.assessments
    return _obj(
        _field("member", ids("m", a["mpos"])),
        _field("leefgebied", text(vocab.DOMAINS, a["domain"])),
        _field("score", _num(a["score"]), quote=False),
        _field("date", _iso(a["date"])),
    )


def _safety(block: Block) -> pa.Array:
    s, sm = block.safety, block.safety_members
    rows = len(s["h"])
    members = pc.binary_join(lists(sm["concern"], rows, _q(ids("m", sm["mpos"]))), ",")
    return _obj(
        _field("id", ids("s", np.zeros(rows, dtype=np.int64))),
        _cat('"members":[', members, "]"),
        _field("recorded_on", _iso(s["recorded"])),
        _field("veilig_thuis", text(VEILIG_THUIS, s["veilig_thuis"])),
        _cat('"children_present":', _bool(s["children_present"])),
        _field("huisverbod_until", _iso(s["huisverbod"])),
    )


def _parent_links(block: Block) -> pa.Array:
    pl = block.parent_links
    elsewhere = pl["parent"] < 0
    return _obj(
        _field("child", ids("m", pl["child"])),
        _field("parent", ids("m", pl["parent"])),
        _flag("lives_elsewhere", elsewhere),
        _cat('"gezag":', _bool(pl["gezag"])),
    )


def _finances(block: Block) -> pa.Array:
    hh = block.households
    return _obj(
        pa.array(np.full(block.n, '"debts":true')),
        _field("schuldhulp_requested_on", _iso(hh["schuldhulp_requested"])),
        _field("schuldhulp_phase", text(PHASES, hh["schuldhulp_phase"])),
        _field("rent_arrears_months", _num(hh["rent_arrears_months"]), quote=False),
        _field("eviction_date", _iso(hh["eviction"])),
        _flag("energy_cutoff", hh["energy_cutoff"]),
    )


def block_documents(block: Block) -> pa.Table:
    """The ``documents`` table of ``block`` (:data:`DOCUMENT_SCHEMA`)."""
    n = block.n
    hid = household_ids(block)
    hh = block.households

    def listed(key: str, owner: Arr, items: pa.Array, always: bool = True) -> pa.Array:
        body = _cat(f'"{key}":', _array(owner, n, items))
        if always:
            return body
        return pc.if_else(pa.array(np.bincount(owner, minlength=n) > 0), body, _NULL)

    document = _obj(
        _field("id", hid),
        _field("gemeente", text(vocab.GEMEENTE_NAMES, hh["gemeente"])),
        _field("wijk", text(vocab.WIJKEN, hh["wijk"])),
        listed("members", block.members["h"], _members(block)),
        listed("questions", block.questions["h"], _questions(block)),
        listed("provisions", block.provisions["h"], _provisions(block)),
        listed("organisations", block.organisations["h"], _organisations(block)),
        listed("professionals", block.professionals["h"], _professionals(block)),
        listed("informal_support", block.informal["h"], _informal(block)),
        listed("assessments", block.assessments["h"], _assessments(block)),
        listed("safety_concerns", block.safety["h"], _safety(block)),
        _field("housing", text(HOUSING, hh["housing"])),
        pc.if_else(pa.array(hh["debts"]), _cat('"finances":', _finances(block)), _NULL),
        listed("parent_links", block.parent_links["h"], _parent_links(block), always=False),
    )
    keys = pa.array(np.arange(block.start, block.start + n), pa.int64())
    return pa.Table.from_arrays([keys, hid, document], schema=DOCUMENT_SCHEMA)

"""The tables of a columnar caseload and how one household becomes rows.

One table per source of facts, the household id on every row, no personal fields: names,
BSNs, addresses, phone numbers, e-mail addresses, the household's own words and free text
stay out (the birth date stays: ages at any peildatum are computed from it). Every table
has a fixed Arrow schema, so an empty chunk and a full one write the same columns.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pyarrow as pa

from gezinsplan.model.household import Household

__all__ = ["SCHEMAS", "TABLES", "to_arrow", "to_rows"]

_S = pa.string()
_B = pa.bool_()
_I = pa.int32()
_D = pa.date32()
_F = pa.float64()

SCHEMAS: dict[str, pa.Schema] = {
    "households": pa.schema(
        [
            ("household", _S),
            ("gemeente", _S),
            ("wijk", _S),
            ("kern", _S),
            ("housing", _S),
            ("debts", _B),
            ("schuldhulp_requested_on", _D),
            ("schuldhulp_phase", _S),
            ("rent_arrears_months", _I),
            ("eviction_date", _D),
            ("energy_cutoff", _B),
            ("beschermingsbewind", _B),
            ("regisseur_kind", _S),
            ("regisseur_id", _S),
        ]
    ),
    "members": pa.schema(
        [
            ("household", _S),
            ("member", _S),
            ("role", _S),
            ("birth_date", _D),
            ("education", _S),
            ("needs_representation", _B),
            ("has_representation", _B),
            ("has_ouderlijk_gezag", _B),
            ("disabilities", pa.list_(_S)),
            ("wlz_indicatie", _B),
            ("insurance", _S),
            ("school_absence", _S),
            ("thuiszitter", _B),
            ("care_outside_hours", _F),
            ("voogdij", _B),
            ("statushouder", _B),
            ("inburgering_pip", _B),
            ("help_refused", _I),
            ("arbeidsverplichting", _B),
            ("tegenprestatie", _B),
        ]
    ),
    "questions": pa.schema(
        [
            ("household", _S),
            ("question", _S),
            ("member", _S),
            ("leefgebied", _S),
            ("desk", _S),
            ("urgency", _S),
            ("priority", _I),
            ("registered_on", _D),
            ("aanvraag_on", _D),
            ("decided_on", _D),
            ("asks_for", _S),
        ]
    ),
    "provisions": pa.schema(
        [
            ("household", _S),
            ("provision", _S),
            ("member", _S),
            ("wet", _S),
            ("kind", _S),
            ("product", _S),
            ("category", _S),
            ("provider", _S),
            ("start", _D),
            ("end", _D),
            ("eigen_bijdrage", _B),
            ("status", _S),
            ("verwijzer", _S),
        ]
    ),
    "organisations": pa.schema([("household", _S), ("organisation", _S), ("wetten", pa.list_(_S))]),
    "professionals": pa.schema(
        [
            ("household", _S),
            ("professional", _S),
            ("organisation", _S),
            ("role", _S),
            ("wetten", pa.list_(_S)),
            ("is_casemanager", _B),
            ("doorzettingsmacht", _B),
        ]
    ),
    "serves": pa.schema([("household", _S), ("professional", _S), ("member", _S)]),
    "collaborations": pa.schema([("household", _S), ("professional", _S), ("other", _S)]),
    "informal_support": pa.schema(
        [
            ("household", _S),
            ("support", _S),
            ("kind", _S),
            ("supporter_member", _S),
            ("member", _S),
            ("hours_per_week", _F),
        ]
    ),
    "assessments": pa.schema(
        [("household", _S), ("member", _S), ("leefgebied", _S), ("score", _I), ("date", _D)]
    ),
    "safety_concerns": pa.schema(
        [
            ("household", _S),
            ("concern", _S),
            ("member", _S),
            ("recorded_on", _D),
            ("meldcode_started", _B),
            ("veilig_thuis", _S),
            ("children_present", _B),
            ("huisverbod_until", _D),
            ("safety_plan", _B),
        ]
    ),
    "parent_links": pa.schema(
        [("household", _S), ("child", _S), ("parent", _S), ("lives_elsewhere", _B), ("gezag", _B)]
    ),
}
"""Table name -> Arrow schema."""

TABLES = tuple(SCHEMAS)


def _v(value: Any) -> Any:
    return getattr(value, "value", value)


def to_rows(h: Household) -> dict[str, list[dict[str, Any]]]:
    """The rows of one household, per table (no personal fields)."""
    hid = h.id
    fin = h.finances
    rc = h.regisseur_choice
    rows: dict[str, list[dict[str, Any]]] = {t: [] for t in TABLES}
    rows["households"].append(
        {
            "household": hid,
            "gemeente": h.gemeente,
            "wijk": h.wijk,
            "kern": h.kern,
            "housing": _v(h.housing),
            "debts": bool(fin and fin.debts),
            "schuldhulp_requested_on": fin.schuldhulp_requested_on if fin else None,
            "schuldhulp_phase": _v(fin.schuldhulp_phase) if fin else None,
            "rent_arrears_months": fin.rent_arrears_months if fin else None,
            "eviction_date": fin.eviction_date if fin else None,
            "energy_cutoff": bool(fin and fin.energy_cutoff),
            "beschermingsbewind": bool(fin and fin.beschermingsbewind),
            "regisseur_kind": rc.kind if rc else None,
            "regisseur_id": rc.id if rc else None,
        }
    )
    for m in h.members:
        rows["members"].append(
            {
                "household": hid,
                "member": m.id,
                "role": _v(m.role),
                "birth_date": m.birth_date,
                "education": _v(m.education),
                "needs_representation": m.needs_representation,
                "has_representation": bool(m.representation),
                "has_ouderlijk_gezag": m.has_ouderlijk_gezag,
                "disabilities": [_v(d) for d in m.disabilities],
                "wlz_indicatie": m.wlz_indicatie,
                "insurance": _v(m.insurance),
                "school_absence": _v(m.school_absence.kind) if m.school_absence else None,
                "thuiszitter": bool(m.school_absence and m.school_absence.thuiszitter),
                "care_outside_hours": m.care_outside_hours,
                "voogdij": m.voogdij,
                "statushouder": m.statushouder,
                "inburgering_pip": m.inburgering_pip,
                "help_refused": m.help_refused,
                "arbeidsverplichting": any(
                    o.kind.value == "arbeidsverplichting" and not o.exempt for o in m.obligations
                ),
                "tegenprestatie": any(
                    o.kind.value == "tegenprestatie" and not o.exempt for o in m.obligations
                ),
            }
        )
    for q in h.questions:
        for mid in q.members:
            rows["questions"].append(
                {
                    "household": hid,
                    "question": q.id,
                    "member": mid,
                    "leefgebied": _v(q.leefgebied),
                    "desk": _v(q.desk),
                    "urgency": _v(q.urgency),
                    "priority": q.priority,
                    "registered_on": q.registered_on,
                    "aanvraag_on": q.aanvraag_on,
                    "decided_on": q.decided_on,
                    "asks_for": _v(q.asks_for),
                }
            )
    for p in h.provisions:
        rows["provisions"].append(
            {
                "household": hid,
                "provision": p.id,
                "member": p.member,
                "wet": _v(p.wet),
                "kind": _v(p.kind),
                "product": _v(p.product),
                "category": _v(p.category),
                "provider": p.provider,
                "start": p.start,
                "end": p.end,
                "eigen_bijdrage": p.eigen_bijdrage,
                "status": _v(p.status),
                "verwijzer": _v(p.verwijzer),
            }
        )
    for o in h.organisations:
        rows["organisations"].append(
            {"household": hid, "organisation": o.id, "wetten": [_v(w) for w in o.wetten]}
        )
    for pr in h.professionals:
        rows["professionals"].append(
            {
                "household": hid,
                "professional": pr.id,
                "organisation": pr.organisation,
                "role": _v(pr.role),
                "wetten": [_v(w) for w in pr.wetten],
                "is_casemanager": pr.is_casemanager,
                "doorzettingsmacht": pr.doorzettingsmacht,
            }
        )
        rows["serves"] += [
            {"household": hid, "professional": pr.id, "member": mid} for mid in pr.serves
        ]
        rows["collaborations"] += [
            {"household": hid, "professional": pr.id, "other": other}
            for other in pr.collaborates_with
        ]
    for s in h.informal_support:
        rows["informal_support"] += [
            {
                "household": hid,
                "support": s.id,
                "kind": _v(s.kind),
                "supporter_member": s.supporter_member,
                "member": mid,
                "hours_per_week": s.hours_per_week,
            }
            for mid in s.supports
        ]
    for a in h.assessments:
        rows["assessments"].append(
            {
                "household": hid,
                "member": a.member,
                "leefgebied": _v(a.leefgebied),
                "score": a.score,
                "date": a.date,
            }
        )
    for c in h.safety_concerns:
        rows["safety_concerns"] += [
            {
                "household": hid,
                "concern": c.id,
                "member": mid,
                "recorded_on": c.recorded_on,
                "meldcode_started": c.meldcode_started,
                "veilig_thuis": _v(c.veilig_thuis),
                "children_present": c.children_present,
                "huisverbod_until": c.huisverbod_until,
                "safety_plan": c.safety_plan,
            }
            for mid in c.members
        ]
    for k in h.parent_links:
        rows["parent_links"].append(
            {
                "household": hid,
                "child": k.child,
                "parent": k.parent,
                "lives_elsewhere": k.lives_elsewhere,
                "gezag": k.gezag,
            }
        )
    return rows


def to_arrow(households: Iterable[Household]) -> dict[str, pa.Table]:
    """Arrow tables (one per table name) of ``households``."""
    merged: dict[str, list[dict[str, Any]]] = {t: [] for t in TABLES}
    for h in households:
        for table, rows in to_rows(h).items():
            merged[table] += rows
    return {t: pa.Table.from_pylist(merged[t], schema=SCHEMAS[t]) for t in TABLES}

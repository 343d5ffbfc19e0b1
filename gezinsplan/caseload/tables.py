"""The tables of a columnar caseload and how one household becomes rows.

One table per source of facts, the household id on every row, no personal fields: names,
BSNs, addresses, phone numbers, e-mail addresses, the household's own words and free text
stay out (the birth date stays: ages at any peildatum are computed from it). Every table
has a fixed Arrow schema, so an empty chunk and a full one write the same columns.

Besides the recorded values, rows carry what the facts need and what does not depend on
the peildatum, computed once here (see :mod:`gezinsplan.caseload.facts`):

- every date the facts compare or count with as whole numbers, so that one SQL text works
  on every backend without date functions: ``*_ymd`` (``yyyymmdd``, compares like the
  date), ``*_mi`` and ``*_d`` (month index ``year*12 + month - 1`` and day, for whole
  months), ``*_ord`` (day number, for days between) and ``*_iso`` (the ISO text a fact
  shows);
- per member the disability groups the facts ask for and whether an exception of
  Participatiewet art. 19a lid 1 onder b-d keeps the member out of the kostendelersnorm;
- the birthdays at 18, 21 and 23 (29 February turns into 1 March), the last quarter of
  kinderbijslag, the month after 18 and the members still under 18 on someone's 18th
  birthday; per provision where its dates lie against the member's 18th birthday;
- the collaboration groups of the professionals (connected components) and each one's
  collaborators.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

import pyarrow as pa

from gezinsplan.model.dates import add_months, birthday, end_of_quarter, first_of_next_month
from gezinsplan.model.household import Arrear, Household
from gezinsplan.rules.facts import connected_components, kostendeler_exempt

__all__ = ["SCHEMAS", "TABLES", "arrear_rows", "to_arrow", "to_rows"]

_S = pa.string()
_B = pa.bool_()
_I = pa.int32()
_D = pa.date32()
_F = pa.float64()
_K = pa.int64()


def _date_columns(name: str, parts: str) -> list[tuple[str, pa.DataType]]:
    """The encodings of one date: ``parts`` picks from y (ymd), m (mi and d), o, i."""
    out: list[tuple[str, pa.DataType]] = []
    if "y" in parts:
        out.append((f"{name}_ymd", _I))
    if "m" in parts:
        out += [(f"{name}_mi", _I), (f"{name}_d", _I)]
    if "o" in parts:
        out.append((f"{name}_ord", _I))
    if "i" in parts:
        out.append((f"{name}_iso", _S))
    return out


def _enc(name: str, day: date | None, parts: str) -> dict[str, Any]:
    """The values of :func:`_date_columns` for ``day`` (all None when there is no day)."""
    out: dict[str, Any] = {}
    if "y" in parts:
        out[f"{name}_ymd"] = day.year * 10000 + day.month * 100 + day.day if day else None
    if "m" in parts:
        out[f"{name}_mi"] = day.year * 12 + day.month - 1 if day else None
        out[f"{name}_d"] = day.day if day else None
    if "o" in parts:
        out[f"{name}_ord"] = day.toordinal() if day else None
    if "i" in parts:
        out[f"{name}_iso"] = day.isoformat() if day else None
    return out


SCHEMAS: dict[str, pa.Schema] = {
    "households": pa.schema(
        [
            ("household", _S),
            ("hkey", _K),
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
            ("herstel_toeslagen", _B),
            ("regisseur_kind", _S),
            ("regisseur_id", _S),
            *_date_columns("schuldhulp_requested", "yoi"),
            *_date_columns("eviction", "yoi"),
            ("n_collaboration_groups", _I),
        ]
    ),
    "members": pa.schema(
        [
            ("household", _S),
            ("hkey", _K),
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
            ("pleegvergoeding", _B),
            ("statushouder", _B),
            ("inburgering_pip", _B),
            ("help_refused", _I),
            ("no_income", _B),
            ("zonder_rechtmatig_verblijf", _B),
            ("arbeidsverplichting", _B),
            ("tegenprestatie", _B),
            *_date_columns("birth", "ymi"),
            ("birth_y", _I),
            ("birth_md", _I),
            *_date_columns("b18", "ymi"),
            *_date_columns("b21", "ymi"),
            *_date_columns("b23", "ymi"),
            ("kinderbijslag_until_iso", _S),
            ("month_after_18_iso", _S),
            ("minors_after_18", _I),
            ("kgb_children_after_18", _I),
            ("has_verstandelijke_beperking", _B),
            ("startkwalificatie", _B),
            ("inburgering_sinds", _D),
            *_date_columns("inburgering", "y"),
            ("inburgering_y", _I),
            ("n_disabilities", _I),
            ("has_non_psychiatric_disability", _B),
            ("has_dementia", _B),
            ("rental_agreement", _S),
            ("close_relative", _B),
            ("study", _S),
            ("kostendeler_exempt", _B),
        ]
    ),
    "questions": pa.schema(
        [
            ("household", _S),
            ("hkey", _K),
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
            *_date_columns("registered", "yoi"),
            *_date_columns("aanvraag", "yoi"),
            *_date_columns("decided", "y"),
        ]
    ),
    "provisions": pa.schema(
        [
            ("household", _S),
            ("hkey", _K),
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
            ("beschikking", _B),
            ("juridische_status", _S),
            ("reden_beeindiging", _S),
            *_date_columns("start", "ymi"),
            *_date_columns("end", "ymi"),
            ("not_granted", _B),
            ("started_before_18", _B),
            ("ends_before_18", _B),
            ("ends_after_18", _B),
            ("starts_by_18", _B),
            ("ended_after_17", _B),
        ]
    ),
    "organisations": pa.schema(
        [("household", _S), ("hkey", _K), ("organisation", _S), ("wetten", pa.list_(_S))]
    ),
    "professionals": pa.schema(
        [
            ("household", _S),
            ("hkey", _K),
            ("professional", _S),
            ("organisation", _S),
            ("role", _S),
            ("wetten", pa.list_(_S)),
            ("is_casemanager", _B),
            ("doorzettingsmacht", _B),
            ("n_collaborators", _I),
        ]
    ),
    "professional_wetten": pa.schema(
        [("household", _S), ("hkey", _K), ("professional", _S), ("wet", _S)]
    ),
    "serves": pa.schema([("household", _S), ("hkey", _K), ("professional", _S), ("member", _S)]),
    "collaborations": pa.schema(
        [("household", _S), ("hkey", _K), ("professional", _S), ("other", _S)]
    ),
    "informal_support": pa.schema(
        [
            ("household", _S),
            ("hkey", _K),
            ("support", _S),
            ("kind", _S),
            ("supporter_member", _S),
            ("member", _S),
            ("hours_per_week", _F),
        ]
    ),
    "assessments": pa.schema(
        [
            ("household", _S),
            ("hkey", _K),
            ("member", _S),
            ("leefgebied", _S),
            ("score", _I),
            ("date", _D),
            *_date_columns("date", "y"),
            ("seq", _I),
        ]
    ),
    "safety_concerns": pa.schema(
        [
            ("household", _S),
            ("hkey", _K),
            ("concern", _S),
            ("member", _S),
            ("recorded_on", _D),
            ("meldcode_started", _B),
            ("veilig_thuis", _S),
            ("children_present", _B),
            ("huisverbod_until", _D),
            ("safety_plan", _B),
            *_date_columns("recorded", "y"),
            *_date_columns("huisverbod", "yi"),
        ]
    ),
    "parent_links": pa.schema(
        [
            ("household", _S),
            ("hkey", _K),
            ("child", _S),
            ("parent", _S),
            ("lives_elsewhere", _B),
            ("gezag", _B),
        ]
    ),
    "arrears": pa.schema(
        [
            ("household", _S),
            ("hkey", _K),
            ("arrear", _S),
            ("member", _S),
            ("kind", _S),
            ("amount_cents", _K),
            ("euros", _I),
            ("since", _D),
            ("signalled_on", _D),
            ("crisis", _B),
            ("contact_made", _B),
            ("contact_attempts", _I),
            *_date_columns("since", "mi"),
            *_date_columns("signalled", "yoi"),
        ]
    ),
}
"""Table name -> Arrow schema."""

TABLES = tuple(SCHEMAS)


def _v(value: Any) -> Any:
    return getattr(value, "value", value)


def to_rows(h: Household, hkey: int = 0) -> dict[str, list[dict[str, Any]]]:
    """The rows of one household, per table (no personal fields).

    ``hkey`` is the household's number in its caseload (0, 1, …): the engines join and
    group on it rather than on the id text.
    """
    hid = h.id
    fin = h.finances
    rc = h.regisseur_choice
    rows: dict[str, list[dict[str, Any]]] = {t: [] for t in TABLES}
    birth18 = {m.id: birthday(m.birth_date, 18) for m in h.members}
    collab: set[tuple[str, str]] = set()
    for prof in h.professionals:
        for other in prof.collaborates_with:
            collab.add((min(prof.id, other), max(prof.id, other)))
    rows["households"].append(
        {
            "household": hid,
            "hkey": hkey,
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
            "herstel_toeslagen": bool(fin and fin.herstel_toeslagen),
            "regisseur_kind": rc.kind if rc else None,
            "regisseur_id": rc.id if rc else None,
            **_enc("schuldhulp_requested", fin.schuldhulp_requested_on if fin else None, "yoi"),
            **_enc("eviction", fin.eviction_date if fin else None, "yoi"),
            "n_collaboration_groups": connected_components([p.id for p in h.professionals], collab),
        }
    )
    for m in h.members:
        rows["members"].append(
            {
                "household": hid,
                "hkey": hkey,
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
                "pleegvergoeding": m.pleegvergoeding,
                "statushouder": m.statushouder,
                "inburgering_pip": m.inburgering_pip,
                "help_refused": m.help_refused,
                "no_income": m.eigen_inkomen is False,
                "zonder_rechtmatig_verblijf": m.rechtmatig_verblijf is False,
                "arbeidsverplichting": any(
                    o.kind.value == "arbeidsverplichting" and not o.exempt for o in m.obligations
                ),
                "tegenprestatie": any(
                    o.kind.value == "tegenprestatie" and not o.exempt for o in m.obligations
                ),
                **_enc("birth", m.birth_date, "ymi"),
                "birth_y": m.birth_date.year,
                "birth_md": m.birth_date.month * 100 + m.birth_date.day,
                **_enc("b18", birth18[m.id], "ymi"),
                **_enc("b21", birthday(m.birth_date, 21), "ymi"),
                **_enc("b23", birthday(m.birth_date, 23), "ymi"),
                "kinderbijslag_until_iso": end_of_quarter(
                    birth18[m.id] - timedelta(days=1)
                ).isoformat(),
                "month_after_18_iso": first_of_next_month(birth18[m.id]).isoformat(),
                "minors_after_18": sum(
                    1 for o in h.members if o.id != m.id and birth18[o.id] > birth18[m.id]
                ),
                "kgb_children_after_18": sum(
                    1
                    for o in h.members
                    if o.id != m.id
                    and birth18[o.id] > birth18[m.id]
                    and _v(o.role) in ("kind", "pleegkind")
                    and not o.pleegvergoeding
                ),
                "has_verstandelijke_beperking": any(
                    _v(d) in ("lvb", "verstandelijk") for d in m.disabilities
                ),
                "startkwalificatie": m.startkwalificatie,
                "inburgering_sinds": m.inburgering_sinds,
                **_enc("inburgering", m.inburgering_sinds, "y"),
                "inburgering_y": m.inburgering_sinds.year if m.inburgering_sinds else None,
                "n_disabilities": len(m.disabilities),
                "has_non_psychiatric_disability": any(_v(d) != "psychisch" for d in m.disabilities),
                "has_dementia": any(_v(d) == "psychogeriatrisch" for d in m.disabilities),
                "rental_agreement": _v(m.rental_agreement),
                "close_relative": m.close_relative,
                "study": _v(m.study),
                "kostendeler_exempt": kostendeler_exempt(m),
            }
        )
    for q in h.questions:
        for mid in q.members:
            rows["questions"].append(
                {
                    "household": hid,
                    "hkey": hkey,
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
                    **_enc("registered", q.registered_on, "yoi"),
                    **_enc("aanvraag", q.aanvraag_on, "yoi"),
                    **_enc("decided", q.decided_on, "y"),
                }
            )
    for p in h.provisions:
        b18 = birth18[p.member]
        rows["provisions"].append(
            {
                "household": hid,
                "hkey": hkey,
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
                "beschikking": p.beschikking is not None,
                "juridische_status": _v(p.juridische_status),
                "reden_beeindiging": _v(p.reden_beeindiging),
                **_enc("start", p.start, "ymi"),
                **_enc("end", p.end, "ymi"),
                "not_granted": p.not_granted,
                "started_before_18": p.start < b18,
                "ends_before_18": p.end is not None and p.end < b18,
                "ends_after_18": p.end is not None and p.end > b18,
                "starts_by_18": p.start <= b18,
                "ended_after_17": p.end is not None and p.end >= add_months(b18, -12),
            }
        )
    for o in h.organisations:
        rows["organisations"].append(
            {
                "household": hid,
                "hkey": hkey,
                "organisation": o.id,
                "wetten": [_v(w) for w in o.wetten],
            }
        )
    for pr in h.professionals:
        rows["professionals"].append(
            {
                "household": hid,
                "hkey": hkey,
                "professional": pr.id,
                "organisation": pr.organisation,
                "role": _v(pr.role),
                "wetten": [_v(w) for w in pr.wetten],
                "is_casemanager": pr.is_casemanager,
                "doorzettingsmacht": pr.doorzettingsmacht,
                "n_collaborators": sum(1 for e in collab if pr.id in e),
            }
        )
        rows["professional_wetten"] += [
            {"household": hid, "hkey": hkey, "professional": pr.id, "wet": w}
            for w in sorted({_v(w) for w in pr.wetten})
        ]
        rows["serves"] += [
            {"household": hid, "hkey": hkey, "professional": pr.id, "member": mid}
            for mid in pr.serves
        ]
        rows["collaborations"] += [
            {"household": hid, "hkey": hkey, "professional": pr.id, "other": other}
            for other in pr.collaborates_with
        ]
    for s in h.informal_support:
        rows["informal_support"] += [
            {
                "household": hid,
                "hkey": hkey,
                "support": s.id,
                "kind": _v(s.kind),
                "supporter_member": s.supporter_member,
                "member": mid,
                "hours_per_week": s.hours_per_week,
            }
            for mid in s.supports
        ]
    for seq, a in enumerate(h.assessments):
        rows["assessments"].append(
            {
                "household": hid,
                "hkey": hkey,
                "member": a.member,
                "leefgebied": _v(a.leefgebied),
                "score": a.score,
                "date": a.date,
                **_enc("date", a.date, "y"),
                "seq": seq,
            }
        )
    for c in h.safety_concerns:
        rows["safety_concerns"] += [
            {
                "household": hid,
                "hkey": hkey,
                "concern": c.id,
                "member": mid,
                "recorded_on": c.recorded_on,
                "meldcode_started": c.meldcode_started,
                "veilig_thuis": _v(c.veilig_thuis),
                "children_present": c.children_present,
                "huisverbod_until": c.huisverbod_until,
                "safety_plan": c.safety_plan,
                **_enc("recorded", c.recorded_on, "y"),
                **_enc("huisverbod", c.huisverbod_until, "yi"),
            }
            for mid in c.members
        ]
    for k in h.parent_links:
        rows["parent_links"].append(
            {
                "household": hid,
                "hkey": hkey,
                "child": k.child,
                "parent": k.parent,
                "lives_elsewhere": k.lives_elsewhere,
                "gezag": h.holds_gezag(k),  # not under curatele (BW 1:246)
            }
        )
    rows["arrears"] = arrear_rows(hid, hkey, fin.arrears if fin else ())
    return rows


def arrear_rows(household: str, hkey: int, arrears: Iterable[Arrear]) -> list[dict[str, Any]]:
    """The rows of the ``arrears`` table for one household's arrears."""
    return [
        {
            "household": household,
            "hkey": hkey,
            "arrear": arrear.id,
            "member": arrear.member,
            "kind": _v(arrear.kind),
            "amount_cents": arrear.amount_cents,
            "euros": arrear.amount_cents // 100,
            "since": arrear.since,
            "signalled_on": arrear.signalled_on,
            "crisis": arrear.crisis,
            "contact_made": arrear.contact_made,
            "contact_attempts": arrear.contact_attempts,
            **_enc("since", arrear.since, "mi"),
            **_enc("signalled", arrear.signalled_on, "yoi"),
        }
        for arrear in arrears
    ]


def to_arrow(households: Iterable[Household], start: int = 0) -> dict[str, pa.Table]:
    """Arrow tables (one per table name) of ``households``, numbered from ``start``."""
    merged: dict[str, list[dict[str, Any]]] = {t: [] for t in TABLES}
    for i, h in enumerate(households, start):
        for table, rows in to_rows(h, i).items():
            merged[table] += rows
    return {t: pa.Table.from_pylist(merged[t], schema=SCHEMAS[t]) for t in TABLES}

"""The facts of a whole caseload as SQL: one query per fact type over the columnar tables.

This is the SQL definition of what :func:`gezinsplan.rules.facts.build_facts` computes for
one household: the same fact types, fields and values, for every household at once. The
two definitions are proven to agree field by field by a differential test over generated,
fuzzed and example households; ``FACT_SCHEMA`` lists the fields both produce.

Each query is written once, parsed by SQLGlot into an expression tree and rendered per
dialect (DuckDB, PostgreSQL, Spark SQL). The peildatum and the problem score enter as
literals through placeholders (``$p_ymd`` …; the housemate age of the kostendelersnorm as
``$kostendeler_age``), never by pasting text. Dates are compared
and counted with the whole-number encodings written by the conversion
(:mod:`gezinsplan.caseload.tables`), so no dialect's date functions are needed: whole
months between two days are ``(month index difference) - (1 when the later day-of-month
is smaller)``, exactly :func:`gezinsplan.model.dates.months_until`.

Views are defined in :data:`FACT_ORDER`: two helpers (``f__active``: provisions that run
on the peildatum; ``f__latest``: the latest ZRM score per member and leefgebied, from the
derived ``assessment_spans``), read as subqueries where used, and one ``f_<fact type>``
per fact type, each with an ``hkey`` column (the household's number in the caseload,
cheaper to join on than its id text) beside the fact's own fields. Counts that do not
depend on the peildatum come from the derived tables of
:mod:`gezinsplan.caseload.aggregates`. :func:`fact_queries` gives only the fact types and
fields asked for, leaving out the joins no kept field needs.
"""

from __future__ import annotations

import functools
from datetime import date

import sqlglot
from sqlglot import exp

from gezinsplan.rules.facts import FACT_SCHEMA, KOSTENDELER_AGE

__all__ = [
    "CLUSTER_KEYS",
    "FACT_ORDER",
    "FACT_VIEWS",
    "INCOME_PRODUCTS_SQL",
    "SOCIAL_WETTEN_SQL",
    "fact_queries",
    "view_name",
]

SOCIAL_WETTEN_SQL = ("wmo", "jeugdwet", "participatiewet", "onderwijs")
"""The social-domain wetten as written in the queries (a test checks them against the
model's ``SOCIAL_DOMAIN_WETTEN``)."""

_SOCIAL = "(" + ", ".join(f"'{w}'" for w in SOCIAL_WETTEN_SQL) + ")"

INCOME_PRODUCTS_SQL = (
    "bijstand",
    "bijzondere_bijstand",
    "kinderbijslag",
    "kindgebonden_budget",
    "zorgtoeslag",
)
"""The income products as written in the queries (a test checks them against the model's
``INCOME_PRODUCTS``)."""

_NOT_INCOME = (
    "kind <> 'uitkering' AND product NOT IN ("
    + ", ".join(f"'{p}'" for p in INCOME_PRODUCTS_SQL)
    + ")"
)
"""Care or support, not income (``months_in_care``, ``n_ended_provisions``)."""

_ACTIVE = "(start_ymd <= $p_ymd AND (end_ymd IS NULL OR $p_ymd <= end_ymd))"
"""A granted provision that runs on the peildatum (as ``f__active``)."""

_COUNT_WETTEN = " + ".join(
    f"MAX(CASE WHEN wet = '{w}' THEN 1 ELSE 0 END)" for w in SOCIAL_WETTEN_SQL
)
"""How many of the social-domain wetten occur among the rows of a group: a sum of
flags, cheaper than ``COUNT(DISTINCT wet)`` over those rows."""


def _months_from_peildatum(col: str) -> str:
    """Whole months from the peildatum to the date ``col`` (negative when before)."""
    return (
        f"CASE WHEN {col}_ymd >= $p_ymd "
        f"THEN ({col}_mi - $p_mi) - CASE WHEN {col}_d < $p_d THEN 1 ELSE 0 END "
        f"ELSE -(($p_mi - {col}_mi) - CASE WHEN $p_d < {col}_d THEN 1 ELSE 0 END) END"
    )


def _months_to_peildatum(col: str) -> str:
    """Whole months from the date ``col`` (on or before the peildatum) to the peildatum."""
    return f"($p_mi - {col}_mi) - CASE WHEN $p_d < {col}_d THEN 1 ELSE 0 END"


_AGE = (
    "CASE WHEN $p_ymd < m.birth_ymd THEN -1 "
    "ELSE $p_y - m.birth_y - CASE WHEN $p_md < m.birth_md THEN 1 ELSE 0 END END"
)


def _leap(year: str) -> str:
    return f"({year} % 4 = 0 AND ({year} % 100 <> 0 OR {year} % 400 = 0))"


def _birthday_at(age: str) -> dict[str, str]:
    """A member's birthday at ``age`` (an SQL expression) in the date encodings ymd, mi, d
    and iso; a 29 February birth has its birthday on 1 March in a common year (as
    :func:`gezinsplan.model.dates.birthday`)."""
    year = f"(m.birth_y + {age})"
    shift = f"(m.birth_md = 229 AND NOT {_leap(year)})"
    return {
        "ymd": f"({year} * 10000 + CASE WHEN {shift} THEN 301 ELSE m.birth_md END)",
        "mi": f"(m.birth_mi + 12 * {age} + CASE WHEN {shift} THEN 1 ELSE 0 END)",
        "d": f"(CASE WHEN {shift} THEN 1 ELSE m.birth_d END)",
        "iso": f"(CAST({year} AS VARCHAR) || '-' || "
        f"CASE WHEN {shift} THEN '03-01' ELSE SUBSTRING(m.birth_iso, 6, 5) END)",
    }


def _kostendeler_from(change: bool = True) -> dict[str, str]:
    """:func:`gezinsplan.rules.facts.kostendeler_from` in SQL: the birthday at the age of
    the peildatum, else (on or after the next change ``$kn_*``) the birthday at the new
    age, at the earliest the day of the change. Without ``change`` (the age does not
    change after the peildatum), the birthday at the age of the peildatum."""
    now, later = _birthday_at("$kostendeler_age"), _birthday_at("$kn_age")
    if not change:
        return now
    change_day = {
        "ymd": "$kn_ymd",
        "mi": "$kn_mi",
        "d": "$kn_d",
        "iso": "(CAST($kn_y AS VARCHAR) || '-' || LPAD(CAST($kn_m AS VARCHAR), 2, '0') || "
        "'-' || LPAD(CAST($kn_d AS VARCHAR), 2, '0'))",
    }
    return {
        enc: f"(CASE WHEN {now['ymd']} < $kn_ymd THEN {now[enc]} "
        f"WHEN {later['ymd']} >= $kn_ymd THEN {later[enc]} ELSE {change_day[enc]} END)"
        for enc in ("ymd", "mi", "d", "iso")
    }


def _months_to_kostendeler(change: bool = True) -> str:
    k = _kostendeler_from(change)
    return (
        _months_from_peildatum("kb")
        .replace("kb_ymd", k["ymd"])
        .replace("kb_mi", k["mi"])
        .replace("kb_d", k["d"])
    )


_CONCERN_FIELDS = """\
          meldcode_started,
          COALESCE(veilig_thuis, '') AS veilig_thuis,
          children_present,
          COALESCE(huisverbod_ymd >= $p_ymd, FALSE) AS huisverbod_active,
          COALESCE(huisverbod_iso, '') AS huisverbod_until,
          safety_plan
"""
"""The fields the ``safety`` (per member) and ``concern`` facts share."""

_TEMPLATES: dict[str, str] = {
    "f__active": """
        SELECT * FROM provisions
        WHERE NOT not_granted AND start_ymd <= $p_ymd
          AND (end_ymd IS NULL OR $p_ymd <= end_ymd)
    """,
    "f__latest": """
        SELECT hkey, member, leefgebied, score FROM assessment_spans
        WHERE date_ymd <= $p_ymd AND (next_ymd IS NULL OR next_ymd > $p_ymd)
    """,
    "f_member": f"""
        SELECT m.hkey AS hkey, m.member AS id, m.role AS role,
          {_AGE} AS age,
          {_months_from_peildatum("m.b18")} AS months_to_18,
          m.b18_iso AS eighteenth_birthday,
          COALESCE(m.education, '') AS education,
          m.arbeidsverplichting AS arbeidsverplichting,
          m.tegenprestatie AS tegenprestatie,
          COALESCE(ml.n_cared_for, 0) > 0 AS is_mantelzorger,
          CAST(FLOOR(COALESCE(ml.care_hours, 0)) AS INT) AS mantelzorg_hours,
          m.needs_representation AS needs_representation,
          m.has_representation AS has_representation,
          COALESCE(pv.n_wetten, 0) AS n_wetten,
          COALESCE(pv.n, 0) AS n_provisions,
          m.has_verstandelijke_beperking AS has_verstandelijke_beperking,
          m.wlz_indicatie AS has_wlz_indicatie,
          COALESCE(pd.n, 0) AS n_problem_domains,
          COALESCE(m.insurance, '') AS insurance,
          COALESCE(m.school_absence, '') AS school_absence,
          m.thuiszitter AS thuiszitter,
          CAST(FLOOR(COALESCE(m.care_outside_hours, 0)) AS INT) AS care_outside_hours,
          CAST(FLOOR(COALESCE(ml.care_hours, 0) + COALESCE(m.care_outside_hours, 0)) AS INT)
            AS mantelzorg_total_hours,
          m.voogdij AS voogdij,
          m.pleegvergoeding AS pleegvergoeding,
          m.statushouder AS statushouder,
          m.inburgering_pip AS inburgering_pip,
          m.help_refused AS help_refused,
          m.no_income AS no_income,
          m.zonder_rechtmatig_verblijf AS zonder_rechtmatig_verblijf,
          COALESCE(ml.n_gezag, 0) AS n_gezag_parents,
          COALESCE(ml.n_elsewhere, 0) > 0 AS has_parent_elsewhere,
          {_months_from_peildatum("m.b21")} AS months_to_21,
          {_months_from_peildatum("m.b23")} AS months_to_23,
          m.b21_iso AS twenty_first_birthday,
          m.b23_iso AS twenty_third_birthday,
          m.kinderbijslag_until_iso AS kinderbijslag_until,
          m.month_after_18_iso AS month_after_18,
          m.minors_after_18 AS minors_after_18,
          m.kgb_children_after_18 AS kgb_children_after_18,
          CASE WHEN $p_ymd < m.birth_ymd THEN -1 ELSE {_months_to_peildatum("m.birth")} END
            AS age_months,
          (m.startkwalificatie OR COALESCE(m.education, '') = 'startkwalificatie')
            AS has_startkwalificatie,
          CASE WHEN m.inburgering_ymd <= $p_ymd THEN m.inburgering_y ELSE 0 END
            AS inburgering_jaar,
          m.n_disabilities AS n_disabilities,
          m.has_non_psychiatric_disability AS has_non_psychiatric_disability,
          m.has_dementia AS has_dementia,
          ({_AGE}) >= $kostendeler_age AND NOT m.kostendeler_exempt AS kostendelend,
          $$kostendeler_birthday$$ AS kostendeler_birthday,
          CASE WHEN m.kostendeler_exempt THEN -1 ELSE $$months_to_kostendeler$$ END
            AS months_to_kostendeler,
          CASE WHEN m.role IN ('ouder', 'partner') THEN 'ouders' ELSE m.member END
            AS partner_group
        FROM members AS m
        LEFT JOIN member_links AS ml ON ml.hkey = m.hkey AND ml.member = m.member
        LEFT JOIN (
          SELECT hkey, member, COUNT(*) AS n,
                 {_COUNT_WETTEN} AS n_wetten
          FROM f__active GROUP BY hkey, member
        ) AS pv ON pv.hkey = m.hkey AND pv.member = m.member
        LEFT JOIN (
          SELECT hkey, member, COUNT(DISTINCT leefgebied) AS n
          FROM f__latest WHERE score <= $problem_score GROUP BY hkey, member
        ) AS pd ON pd.hkey = m.hkey AND pd.member = m.member
    """,
    "f_provision": f"""
        SELECT hkey, provision AS id, member, wet, kind, product,
          COALESCE(category, '') AS category,
          COALESCE(provider, '') AS provider,
          eigen_bijdrage, started_before_18, ends_before_18, ends_after_18,
          CASE WHEN status = 'overbrugging' THEN 'overbrugging' ELSE 'lopend' END AS status,
          COALESCE(verwijzer, '') AS verwijzer,
          beschikking AS has_beschikking,
          COALESCE(juridische_status, '') AS juridische_status,
          COALESCE(end_iso, '') AS "end",
          CASE WHEN end_ymd IS NULL THEN -1 ELSE {_months_from_peildatum("end")} END
            AS months_to_end
        FROM f__active
    """,
    "f_planned": """
        SELECT hkey, provision AS id, member, wet, kind, product,
          CASE WHEN not_granted THEN status ELSE 'gepland' END AS status,
          start_iso AS start,
          starts_by_18
        FROM provisions
        WHERE NOT (end_ymd IS NOT NULL AND end_ymd < $p_ymd)
          AND (not_granted OR start_ymd > $p_ymd)
    """,
    "f_ended": f"""
        SELECT hkey, provision AS id, member, wet, kind, product,
          end_iso AS "end",
          {_months_to_peildatum("end")} AS months_since_end,
          started_before_18, ended_after_17,
          COALESCE(reden_beeindiging, '') AS reden_beeindiging,
          COALESCE(reden_beeindiging = '39', FALSE) AS uitstroom_ander_domein
        FROM provisions
        WHERE NOT not_granted AND end_ymd IS NOT NULL AND end_ymd < $p_ymd
    """,
    "f_question": """
        SELECT hkey, question || '/' || member AS id, question, member,
          leefgebied, desk, urgency,
          COALESCE(asks_for, '') AS asks_for,
          CASE WHEN registered_ymd <= $p_ymd THEN $p_ord - registered_ord ELSE -1 END
            AS days_since_registered,
          CASE WHEN registered_ymd <= $p_ymd THEN registered_iso ELSE '' END AS registered_on,
          COALESCE(aanvraag_ymd <= $p_ymd, FALSE) AS has_aanvraag,
          CASE WHEN aanvraag_ymd <= $p_ymd THEN $p_ord - aanvraag_ord ELSE -1 END
            AS days_since_aanvraag,
          CASE WHEN aanvraag_ymd <= $p_ymd THEN aanvraag_iso ELSE '' END AS aanvraag_on,
          COALESCE(decided_ymd <= $p_ymd, FALSE) AS decided
        FROM questions
    """,
    "f_professional": """
        SELECT pr.hkey AS hkey, pr.professional AS id,
          pr.organisation AS organisation, pr.role AS role,
          pr.is_casemanager AS is_casemanager,
          pr.doorzettingsmacht AS doorzettingsmacht,
          COALESCE(sv.n, 0) AS n_members,
          pr.n_collaborators AS n_collaborators
        FROM professionals AS pr
        LEFT JOIN (
          SELECT hkey, professional, COUNT(DISTINCT member) AS n
          FROM serves GROUP BY hkey, professional
        ) AS sv ON sv.hkey = pr.hkey AND sv.professional = pr.professional
    """,
    "f_serves": """
        SELECT s.hkey AS hkey,
          s.professional || '/' || s.member || '/' || w.wet AS id,
          s.professional AS professional, s.member AS member, w.wet AS wet,
          pr.role AS role
        FROM (SELECT DISTINCT hkey, professional, member FROM serves) AS s
        JOIN professional_wetten AS w
          ON w.hkey = s.hkey AND w.professional = s.professional
        JOIN professionals AS pr
          ON pr.hkey = s.hkey AND pr.professional = s.professional
    """,
    "f_assessment": """
        SELECT hkey, member || '/' || leefgebied AS id, member, leefgebied, score
        FROM f__latest
    """,
    "f_safety": f"""
        SELECT hkey, concern || '/' || member AS id, member,
{_CONCERN_FIELDS}        FROM safety_concerns WHERE recorded_ymd <= $p_ymd
    """,
    "f_concern": f"""
        SELECT hkey, concern AS id, COUNT(*) AS n_members,
{_CONCERN_FIELDS}        FROM safety_concerns WHERE recorded_ymd <= $p_ymd
        GROUP BY hkey, concern, meldcode_started, veilig_thuis, children_present,
          huisverbod_ymd, huisverbod_iso, safety_plan
    """,
    "f_arrear": f"""
        SELECT hkey, arrear AS id, COALESCE(member, '') AS member, kind, euros,
          COALESCE(since_iso, '') AS since,
          CASE WHEN since_mi IS NULL THEN -1 ELSE {_months_to_peildatum("since")} END
            AS months_since,
          signalled_iso AS signalled_on,
          $p_ord - signalled_ord AS days_since_signal,
          crisis, contact_made, contact_attempts
        FROM arrears WHERE signalled_ymd <= $p_ymd
    """,
    "f_household": f"""
        SELECT h.hkey AS hkey, h.household AS id, h.gemeente AS gemeente,
          COALESCE(mm.n, 0) AS n_members,
          COALESCE(mm.n_minors, 0) AS n_minors,
          COALESCE(hc.n_questions, 0) AS n_questions,
          COALESCE(hc.n_question_members, 0) AS n_question_members,
          COALESCE(hc.n_leefgebieden, 0) AS n_leefgebieden,
          COALESCE(ww.n, 0) AS n_wetten,
          COALESCE(ap.n, 0) AS n_provisions,
          COALESCE(hc.n_professionals, 0) AS n_professionals,
          COALESCE(hc.n_organisations, 0) AS n_organisations,
          COALESCE(hc.n_casemanagers, 0) AS n_casemanagers,
          COALESCE(hc.n_desks, 0) AS n_desks,
          COALESCE(lt.n_problem, 0) AS n_problem_domains,
          COALESCE(lt.n_acute, 0) AS n_acute_domains,
          COALESCE(sc.n, 0) AS n_safety_concerns,
          h.n_collaboration_groups AS n_collaboration_groups,
          COALESCE(ap.n_ended, 0) AS n_ended_provisions,
          COALESCE(mm.n_kostendeler_age, 0) AS n_members_kostendeler_age,
          COALESCE(mm.n_parents, 0) AS n_parents,
          COALESCE(h.housing, '') AS housing,
          h.debts AS has_debts,
          COALESCE(h.schuldhulp_requested_ymd <= $p_ymd, FALSE) AS schuldhulp_requested,
          CASE WHEN h.schuldhulp_requested_ymd <= $p_ymd
               THEN $p_ord - h.schuldhulp_requested_ord ELSE -1 END
            AS days_since_schuldhulp_request,
          CASE WHEN h.schuldhulp_requested_ymd <= $p_ymd
               THEN h.schuldhulp_requested_iso ELSE '' END AS schuldhulp_requested_on,
          COALESCE(h.schuldhulp_phase, '') AS schuldhulp_phase,
          COALESCE(h.rent_arrears_months, 0) AS rent_arrears_months,
          COALESCE(h.eviction_ymd >= $p_ymd, FALSE) AS has_eviction_date,
          COALESCE(h.eviction_iso, '') AS eviction_date,
          CASE WHEN h.eviction_ymd >= $p_ymd THEN h.eviction_ord - $p_ord ELSE -1 END
            AS days_to_eviction,
          h.energy_cutoff AS energy_cutoff,
          h.beschermingsbewind AS beschermingsbewind,
          h.herstel_toeslagen AS herstel_toeslagen,
          COALESCE(ap.months_in_care, 0) AS months_in_care,
          h.regisseur_kind IS NOT NULL AS has_regisseur_choice,
          COALESCE(ap.n_bijstand, 0) > 0 AS has_bijstand,
          COALESCE(ap.n_wmo_eigen_bijdrage, 0) > 0 AS has_wmo_eigen_bijdrage,
          COALESCE(ar.n, 0) AS n_arrears,
          COALESCE(ar.n_kinds, 0) AS n_arrear_kinds,
          COALESCE(ar.euros, 0) AS arrears_euros,
          COALESCE(ar.n_crisis, 0) > 0 AS has_crisis_arrear,
          COALESCE(ar.n_contact, 0) > 0 AS arrears_contact_made
        FROM households AS h
        LEFT JOIN (
          SELECT hkey, COUNT(*) AS n,
            SUM(CASE WHEN age < 18 THEN 1 ELSE 0 END) AS n_minors,
            SUM(CASE WHEN age >= $kostendeler_age THEN 1 ELSE 0 END) AS n_kostendeler_age,
            SUM(CASE WHEN role IN ('ouder', 'partner') AND age >= 18 THEN 1 ELSE 0 END)
              AS n_parents
          FROM (SELECT m.hkey AS hkey, m.role AS role, {_AGE} AS age FROM members AS m) AS ma
          GROUP BY hkey
        ) AS mm ON mm.hkey = h.hkey
        LEFT JOIN household_counts AS hc ON hc.hkey = h.hkey
        LEFT JOIN (
          SELECT hkey, {_COUNT_WETTEN} AS n FROM (
            SELECT hkey, wet FROM f__active WHERE wet IN {_SOCIAL}
            UNION ALL
            SELECT hkey, wet FROM professional_wetten WHERE wet IN {_SOCIAL}
          ) AS both_wetten GROUP BY hkey
        ) AS ww ON ww.hkey = h.hkey
        LEFT JOIN (
          SELECT hkey,
            SUM(CASE WHEN {_ACTIVE} THEN 1 ELSE 0 END) AS n,
            SUM(CASE WHEN {_ACTIVE} AND product = 'bijstand' THEN 1 ELSE 0 END) AS n_bijstand,
            SUM(CASE WHEN {_ACTIVE} AND eigen_bijdrage AND wet = 'wmo' THEN 1 ELSE 0 END)
              AS n_wmo_eigen_bijdrage,
            SUM(CASE WHEN end_ymd IS NOT NULL AND end_ymd < $p_ymd AND {_NOT_INCOME}
                     THEN 1 ELSE 0 END) AS n_ended,
            MAX(CASE WHEN start_ymd <= $p_ymd AND {_NOT_INCOME}
                     THEN {_months_to_peildatum("start")} END) AS months_in_care
          FROM provisions WHERE NOT not_granted GROUP BY hkey
        ) AS ap ON ap.hkey = h.hkey
        LEFT JOIN (
          SELECT hkey,
            COUNT(DISTINCT CASE WHEN score <= $problem_score THEN leefgebied END) AS n_problem,
            COUNT(DISTINCT CASE WHEN score = 1 THEN leefgebied END) AS n_acute
          FROM f__latest WHERE score <= $problem_or_acute GROUP BY hkey
        ) AS lt ON lt.hkey = h.hkey
        LEFT JOIN (
          SELECT hkey, COUNT(DISTINCT concern) AS n
          FROM safety_concerns WHERE recorded_ymd <= $p_ymd GROUP BY hkey
        ) AS sc ON sc.hkey = h.hkey
        LEFT JOIN (
          SELECT hkey, COUNT(*) AS n, COUNT(DISTINCT kind) AS n_kinds, SUM(euros) AS euros,
            SUM(CASE WHEN crisis THEN 1 ELSE 0 END) AS n_crisis,
            SUM(CASE WHEN contact_made THEN 1 ELSE 0 END) AS n_contact
          FROM arrears WHERE signalled_ymd <= $p_ymd GROUP BY hkey
        ) AS ar ON ar.hkey = h.hkey
    """,
}
"""View name -> its query, with ``$$…$$`` where the housemate age's SQL goes."""

FACT_ORDER = tuple(_TEMPLATES)
"""The order in which the views are created (each reads only earlier ones)."""


def _with_kostendeler(sql: str, change: bool) -> str:
    return sql.replace("$$kostendeler_birthday$$", _kostendeler_from(change)["iso"]).replace(
        "$$months_to_kostendeler$$", _months_to_kostendeler(change)
    )


FACT_VIEWS: dict[str, str] = {
    name: _with_kostendeler(sql, True) for name, sql in _TEMPLATES.items()
}
"""View name -> its query (DuckDB syntax, portable; parsed once)."""

_PARSED = {name: sqlglot.parse_one(sql, read="duckdb") for name, sql in FACT_VIEWS.items()}
_PARSED_STEADY = {
    name: sqlglot.parse_one(_with_kostendeler(sql, False), read="duckdb")
    for name, sql in _TEMPLATES.items()
    if "$$" in sql
}
"""The views whose SQL is simpler when the housemate age does not change after the
peildatum (the common case: the long CASE of a change is left out)."""


def view_name(fact_type: str) -> str:
    """The view that holds facts of ``fact_type``."""
    return f"f_{fact_type}"


CLUSTER_KEYS: dict[str, tuple[str, ...]] = {"f_provision": ("wet", "product", "kind")}
"""Fact tables worth storing in this order where a backend keeps a table in the order it
was written (DuckDB): most rules that read provisions filter on these fields, and a scan
then skips the row groups whose range of values cannot match."""

FieldSelection = tuple[tuple[str, tuple[str, ...]], ...]
"""Fact type -> the fields to compute (besides ``hkey``), as sorted tuples (hashable)."""

INLINE_VIEWS = ("f__active", "f__latest")
"""Helper views that are never created: each query that reads one gets its definition as
a subquery instead (a filter over one table: cheaper to repeat than to materialize)."""


ONE_ROW_TABLES = ("household_counts", "member_links")
"""Tables with at most one row per household (per member): joined on that key they
repeat no row, so a join no kept field reads can be left out."""


def all_fields() -> FieldSelection:
    """Every field of every fact type (what :func:`fact_tables` shows)."""
    return tuple((t, tuple(fields)) for t, fields in FACT_SCHEMA.items())


def fact_queries(
    peildatum: date,
    problem_score: int,
    kostendeler_age: int = KOSTENDELER_AGE,
    kostendeler_change: tuple[date, int] | None = None,
    fields: FieldSelection | None = None,
) -> dict[str, exp.Expr]:
    """The views to create, in order, with the peildatum, the problem score and the
    housemate age of the kostendelersnorm (and its next change after the peildatum)
    filled in.

    With ``fields``, only the views of the fact types named there (and the helper views
    they read), each computing only the fields named (joins no field needs are left
    out); without, every view with every field.

    Cached: treat the expressions as read-only (copy one before changing it).
    """
    return _fact_queries(
        peildatum,
        int(problem_score),
        int(kostendeler_age),
        kostendeler_change,
        all_fields() if fields is None else _normal(fields),
    )


def _normal(fields: FieldSelection) -> FieldSelection:
    unknown = [t for t, _ in fields if t not in FACT_SCHEMA]
    if unknown:
        raise ValueError(f"unknown fact types: {', '.join(unknown)}")
    merged: dict[str, set[str]] = {}
    for fact_type, names in fields:
        merged.setdefault(fact_type, set()).update(names)
    return tuple(
        (t, tuple(f for f in FACT_SCHEMA[t] if f in merged[t])) for t in FACT_SCHEMA if t in merged
    )


@functools.lru_cache(maxsize=64)
def _fact_queries(
    peildatum: date,
    problem_score: int,
    kostendeler_age: int,
    kostendeler_change: tuple[date, int] | None,
    fields: FieldSelection,
) -> dict[str, exp.Expr]:
    p = peildatum
    values = {
        "p_ymd": p.year * 10000 + p.month * 100 + p.day,
        "p_y": p.year,
        "p_md": p.month * 100 + p.day,
        "p_mi": p.year * 12 + p.month - 1,
        "p_d": p.day,
        "p_ord": p.toordinal(),
        "problem_score": problem_score,
        # the scores that count as a problem or as acute (1): no other row is counted
        "problem_or_acute": max(problem_score, 1),
        "kostendeler_age": kostendeler_age,
    }
    c_day, c_age = kostendeler_change or (date(9999, 12, 31), kostendeler_age)
    values |= {
        "kn_ymd": c_day.year * 10000 + c_day.month * 100 + c_day.day,
        "kn_y": c_day.year,
        "kn_m": c_day.month,
        "kn_d": c_day.day,
        "kn_mi": c_day.year * 12 + c_day.month - 1,
        "kn_age": int(c_age),
    }
    literals = {k: exp.Literal.number(v) for k, v in values.items()}

    parsed = _PARSED if kostendeler_change is not None else {**_PARSED, **_PARSED_STEADY}

    def filled(name: str) -> exp.Expr:
        return exp.replace_placeholders(parsed[name].copy(), **literals)

    inline = {name: filled(name) for name in INLINE_VIEWS}
    wanted = dict(fields)
    facts: dict[str, exp.Expr] = {}
    for name in FACT_ORDER:
        fact_type = name.removeprefix("f_")
        if name.startswith("f__") or fact_type not in wanted:
            continue
        query = _inline(filled(name), inline)
        facts[name] = _typed(fact_type, _prune(query, {"hkey", *wanted[fact_type]}))
    read = {t.name for q in facts.values() for t in q.find_all(exp.Table)}
    helpers = {
        name: _inline(filled(name), inline)
        for name in FACT_ORDER
        if name.startswith("f__") and name in read and name not in inline
    }
    return {**helpers, **facts}


def _inline(query: exp.Expr, views: dict[str, exp.Expr]) -> exp.Expr:
    """``query`` with every read of one of ``views`` replaced by its definition."""
    for table in list(query.find_all(exp.Table)):
        definition = views.get(table.name)
        if definition is not None:
            alias = table.alias or table.name
            table.replace(
                exp.Subquery(
                    this=definition.copy(), alias=exp.TableAlias(this=exp.to_identifier(alias))
                )
            )
    return query


def _inside(node: exp.Expr, ancestor: exp.Expr) -> bool:
    parent: exp.Expr | None = node
    while parent is not None:
        if parent is ancestor:
            return True
        parent = parent.parent
    return False


def _prune(query: exp.Expr, keep: set[str]) -> exp.Expr:
    """``query`` (a ``SELECT``) giving only the columns named in ``keep``: the other
    projections go, then every ``LEFT JOIN`` of a grouped subquery that nothing reads any
    more (it matches at most one row per row, so leaving it out changes no row), and in
    the joined subqueries the aggregates nothing reads."""
    if not isinstance(query, exp.Select):
        return query
    query.set("expressions", [e for e in query.expressions if e.alias_or_name in keep])
    for join in list(query.args.get("joins") or []):
        sub = join.this
        if join.side != "LEFT":
            continue
        if isinstance(sub, exp.Table) and sub.name in ONE_ROW_TABLES:
            if not any(
                c.table == sub.alias_or_name and not _inside(c, join)
                for c in query.find_all(exp.Column)
            ):
                join.pop()
            continue
        if not isinstance(sub, exp.Subquery):
            continue
        inner = sub.this
        if not isinstance(inner, exp.Select) or inner.args.get("group") is None:
            continue
        alias = sub.alias_or_name
        used = {
            c.name for c in query.find_all(exp.Column) if c.table == alias and not _inside(c, sub)
        }
        outside = {
            c.name for c in query.find_all(exp.Column) if c.table == alias and not _inside(c, join)
        }
        if not outside:
            join.pop()
            continue
        inner.set("expressions", [e for e in inner.expressions if e.alias_or_name in used])
    return query


_SQL_TYPES = {"int": "INT", "bool": "BOOLEAN", "str": "TEXT", "date": "TEXT"}


def _typed(fact_type: str, query: exp.Expr) -> exp.Expr:
    """A fact view with every field it computes cast to its declared kind (sums come
    back as decimals on some backends), in the order of ``FACT_SCHEMA``."""
    computed = (
        {e.alias_or_name for e in query.expressions} if isinstance(query, exp.Select) else set()
    )
    columns = [exp.cast(exp.column("hkey", table="q"), "BIGINT").as_("hkey")]
    columns += [
        exp.cast(exp.column(field, table="q"), _SQL_TYPES[kind]).as_(field)
        for field, (kind, _) in FACT_SCHEMA[fact_type].items()
        if field in computed
    ]
    return exp.select(*columns).from_(exp.paren(query).as_("q"))

"""What the plans of a whole caseload decide, set-wise: no plan is built per household.

:func:`~gezinsplan.plan.builder.build_plan` stays the reference (and the one a letter
uses). For a caseload the monitor needs only three things of each plan: the kind of its
regisseur, the number of active goals, and each goal's leefgebied and status in the
plan's order. :func:`plan_summaries` computes them for every household that needs a plan
at once, in SQL (DuckDB) over the caseload tables and the caseload engine's signal rows,
with build_plan's rules:

- goals: a safety goal when a safety signal exists (its members: those of the safety
  signals, else everyone; its priority: that of the first question on veiligheid or
  huiselijke relaties, which it takes the place of); one goal per other question (acuut
  when the question is, bestaanszekerheid on financiën/huisvesting where that is
  needed, else the household's own priority); one goal per leefgebied of a
  bestaanszekerheid signal that no goal covers yet (members of the first such signal in
  signal order, else everyone);
- order: basis, the own priority (none: 99), the lowest latest ZRM score on the goal's
  leefgebied of its members or the household (none: 6), the nearest deadline of a
  signal about one of its members, the goal id, then the order the goals were drawn up;
- status: the first ``plan.max_actieve_doelen`` goals are active, the last of them
  giving way to the household's own first priority when it is not among them (by goal
  id, as build_plan: two goals with one id share their status);
- regisseur: the jeugdbeschermer of a child under a protection order; else the
  household's own choice (not a member or network under a safety signal); else an adult
  member not under curatele, without a safety signal or a complex case; else a
  professional, and the centrale toegang when there is none.

Whether an adult is under curatele is not in the tables (they record only whether a
member has some representation); for the few households where it decides (every adult
has representation), ``leads`` answers from the households themselves.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date

import duckdb
import pyarrow as pa
import pyarrow.dataset as ds

from gezinsplan.caseload.tables import SCHEMAS
from gezinsplan.errors import EngineError
from gezinsplan.model.enums import CareRole, Leefgebied, Product, Urgency
from gezinsplan.plan.builder import COMPLEX_RULES
from gezinsplan.rules.policy import PlanPolicy
from gezinsplan.rules.ruleset import RuleSet
from gezinsplan.signal import Category, Severity

__all__ = ["GOAL_SCHEMA", "PLAN_SCHEMA", "Leads", "plan_summaries"]

PLAN_SCHEMA = pa.schema(
    [("hkey", pa.int64()), ("regisseur", pa.string()), ("active_goals", pa.int32())]
)
"""One row per household that needs a plan: the regisseur's kind (``member``,
``professional``, ``informal``, ``toegang``) and the number of active goals."""

GOAL_SCHEMA = pa.schema(
    [
        ("hkey", pa.int64()),
        ("rank", pa.int32()),
        ("leefgebied", pa.string()),
        ("status", pa.string()),
    ]
)
"""One row per goal, in the plan's order (``rank`` 1, 2, …)."""

Leads = Callable[[Sequence[int]], Mapping[int, bool]]
"""For household numbers: whether an adult member not under curatele can keep the
regie."""

_COLUMNS: dict[str, tuple[str, ...]] = {
    "households": ("household", "hkey", "regisseur_kind"),
    "members": ("hkey", "member", "b18_ymd", "has_representation"),
    "questions": ("hkey", "question", "member", "leefgebied", "urgency", "priority"),
    "assessments": ("hkey", "member", "leefgebied", "score", "date", "seq"),
    "provisions": ("hkey", "member", "product", "not_granted", "start", "end"),
    "professionals": ("hkey", "professional", "role"),
    "serves": ("hkey", "professional", "member"),
}

_INCOME = (Leefgebied.FINANCIEN.value, Leefgebied.HUISVESTING.value)
_SAFETY = (Leefgebied.VEILIGHEID.value, Leefgebied.HUISELIJKE_RELATIES.value)
_SERIOUS = tuple(s.value for s in Severity if s.rank >= Severity.HIGH.rank)


def _table(data: pa.Table | list[str], name: str) -> pa.Table:
    columns = list(_COLUMNS[name])
    if isinstance(data, list):
        return ds.dataset(data, schema=SCHEMAS[name], format="parquet").to_table(columns=columns)
    return data.select(columns)


def _text(values: Sequence[str]) -> str:
    return ", ".join("'" + v.replace("'", "''") + "'" for v in values)


def _sql(peildatum: date, income_score_max: int, max_active: int) -> list[str]:
    day = f"DATE '{peildatum.isoformat()}'"
    ymd = peildatum.year * 10000 + peildatum.month * 100 + peildatum.day
    safety, income = f"'{Category.VEILIGHEID.value}'", f"'{Category.BESTAANSZEKERHEID.value}'"
    return [
        # the signals of the households that need a plan, in build_plan's order
        """CREATE TEMP TABLE s AS
        SELECT h.hkey, x.rule_id, x.category, x.severity, x.members, x.deadline,
          r.leefgebied AS lg,
          row_number() OVER (PARTITION BY h.hkey ORDER BY x.rule_id, x.members, x.fact_ids)
            AS sn
        FROM sig AS x JOIN households AS h ON h.household = x.household
        JOIN want AS w ON w.hkey = h.hkey
        LEFT JOIN rule_leefgebied AS r ON r.rule_id = x.rule_id""",
        f"""CREATE TEMP TABLE f AS
        SELECT w.hkey, coalesce(bool_or(s.category = {safety}), false) AS safety,
          coalesce(bool_or(s.rule_id IN ({_text(COMPLEX_RULES)})), false) AS complex
        FROM want AS w LEFT JOIN s ON s.hkey = w.hkey GROUP BY w.hkey""",
        # the latest ZRM score per (member or household, leefgebied): the first of the
        # latest date
        f"""CREATE TEMP TABLE lt AS
        SELECT hkey, member, leefgebied AS lg, score FROM (
          SELECT a.*, row_number() OVER (
            PARTITION BY a.hkey, a.member, a.leefgebied ORDER BY a.date DESC, a.seq) AS rn
          FROM assessments AS a JOIN want AS w ON w.hkey = a.hkey
          WHERE a.date <= {day}) WHERE rn = 1""",
        f"""CREATE TEMP TABLE inc AS
        SELECT hkey, lg FROM lt WHERE lg IN ({_text(_INCOME)}) AND score <= {income_score_max}
        UNION
        SELECT hkey, lg FROM s WHERE category = {income} AND lg IN ({_text(_INCOME)})
          AND severity IN ({_text(_SERIOUS)})""",
        # questions in the household's order, and the first one on safety
        """CREATE TEMP TABLE qq AS
        SELECT q.hkey, q.question, min(q.qrow) AS qn, any_value(q.leefgebied) AS lg,
          any_value(q.urgency) AS urgency, any_value(q.priority) AS priority
        FROM questions AS q JOIN want AS w ON w.hkey = q.hkey GROUP BY q.hkey, q.question""",
        f"""CREATE TEMP TABLE sq AS
        SELECT hkey, question, priority FROM (
          SELECT *, row_number() OVER (PARTITION BY hkey ORDER BY qn) AS rn
          FROM qq WHERE lg IN ({_text(_SAFETY)})) WHERE rn = 1""",
        # the goals: (origin, ord) is the order build_plan draws them up in
        f"""CREATE TEMP TABLE d AS
        SELECT f.hkey, 0 AS origin, 0 AS ord, 'doel-veiligheid' AS did,
          '{Leefgebied.VEILIGHEID.value}' AS lg, 0 AS basis, sq.priority
        FROM f LEFT JOIN sq ON sq.hkey = f.hkey WHERE f.safety
        UNION ALL
        SELECT qq.hkey, 1, qq.qn, 'doel-' || qq.question, qq.lg,
          CASE WHEN qq.urgency = '{Urgency.ACUUT.value}' THEN 1
               WHEN inc.lg IS NOT NULL THEN 2 ELSE 3 END,
          qq.priority
        FROM qq JOIN f ON f.hkey = qq.hkey
        LEFT JOIN sq ON sq.hkey = qq.hkey AND sq.question = qq.question
        LEFT JOIN inc ON inc.hkey = qq.hkey AND inc.lg = qq.lg
        WHERE NOT (f.safety AND sq.question IS NOT NULL)""",
        f"""INSERT INTO d
        SELECT s.hkey, 2, min(s.sn), 'doel-' || s.lg, s.lg,
          CASE WHEN any_value(inc.lg) IS NOT NULL THEN 2 ELSE 3 END, NULL
        FROM s LEFT JOIN inc ON inc.hkey = s.hkey AND inc.lg = s.lg
        WHERE s.category = {income} AND s.lg IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM d WHERE d.hkey = s.hkey AND d.lg = s.lg)
        GROUP BY s.hkey, s.lg""",
        # the members of each goal
        f"""CREATE TEMP TABLE sm AS
        SELECT DISTINCT hkey, unnest(members) AS member FROM s WHERE category = {safety}""",
        """CREATE TEMP TABLE dm AS
        SELECT d.hkey, d.origin, d.ord, sm.member
        FROM d JOIN sm ON sm.hkey = d.hkey WHERE d.origin = 0
        UNION ALL
        SELECT d.hkey, d.origin, d.ord, m.member
        FROM d JOIN members AS m ON m.hkey = d.hkey
        WHERE d.origin = 0 AND NOT EXISTS (SELECT 1 FROM sm WHERE sm.hkey = d.hkey)
        UNION ALL
        SELECT q.hkey, 1, d.ord, q.member
        FROM d JOIN questions AS q ON q.hkey = d.hkey AND 'doel-' || q.question = d.did
        WHERE d.origin = 1
        UNION ALL
        SELECT d.hkey, 2, d.ord, unnest(s.members)
        FROM d JOIN s ON s.hkey = d.hkey AND s.sn = d.ord WHERE d.origin = 2
        UNION ALL
        SELECT d.hkey, 2, d.ord, m.member
        FROM d JOIN s ON s.hkey = d.hkey AND s.sn = d.ord
        JOIN members AS m ON m.hkey = d.hkey
        WHERE d.origin = 2 AND len(s.members) = 0""",
        """CREATE TEMP TABLE dl AS
        SELECT hkey, member, min(deadline) AS deadline FROM (
          SELECT hkey, unnest(members) AS member, deadline FROM s WHERE deadline IS NOT NULL)
        GROUP BY hkey, member""",
        """CREATE TEMP TABLE k AS
        SELECT d.*,
          (SELECT min(lt.score) FROM lt WHERE lt.hkey = d.hkey AND lt.lg = d.lg
             AND (lt.member IS NULL OR lt.member IN (
               SELECT dm.member FROM dm
               WHERE dm.hkey = d.hkey AND dm.origin = d.origin AND dm.ord = d.ord)))
            AS score,
          (SELECT min(dl.deadline) FROM dl JOIN dm ON dm.hkey = dl.hkey AND dm.member = dl.member
             WHERE dm.hkey = d.hkey AND dm.origin = d.origin AND dm.ord = d.ord) AS nearest
        FROM d""",
        """CREATE TEMP TABLE r AS
        SELECT hkey, did, lg, basis, row_number() OVER (
          PARTITION BY hkey ORDER BY basis, coalesce(priority, 99), coalesce(score, 6),
            coalesce(nearest, DATE '9999-12-31'), did, origin, ord) AS rank
        FROM k""",
        # the active goals by id, as build_plan keeps them: the first ``max_active``, the
        # last of them giving way to the household's own first priority when its id is not
        # among them
        """CREATE TEMP TABLE own AS
        SELECT hkey, did FROM (
          SELECT hkey, did, row_number() OVER (PARTITION BY hkey ORDER BY rank) AS n
          FROM r WHERE basis = 3) WHERE n = 1""",
        f"""CREATE TEMP TABLE swap AS
        SELECT own.hkey, own.did FROM own
        WHERE {max_active} >= 2 AND NOT EXISTS (
          SELECT 1 FROM r WHERE r.hkey = own.hkey AND r.rank <= {max_active}
            AND r.did = own.did)""",
        f"""CREATE TEMP TABLE active AS
        SELECT DISTINCT hkey, did FROM (
          SELECT r.hkey, r.did FROM r
          WHERE r.rank <= {max_active} AND NOT (
            r.rank = {max_active} AND EXISTS (SELECT 1 FROM swap WHERE swap.hkey = r.hkey))
          UNION ALL
          SELECT hkey, did FROM swap)""",
        """CREATE TEMP TABLE g AS
        SELECT r.hkey, r.rank, r.lg AS leefgebied,
          CASE WHEN a.did IS NOT NULL THEN 'actief' ELSE 'later' END AS status
        FROM r LEFT JOIN active AS a ON a.hkey = r.hkey AND a.did = r.did""",
        # the regisseur's kind
        f"""CREATE TEMP TABLE reg AS
        SELECT w.hkey, f.safety, f.complex, h.regisseur_kind AS rc,
          EXISTS (
            SELECT 1 FROM provisions AS p
            JOIN serves AS v ON v.hkey = p.hkey AND v.member = p.member
            JOIN professionals AS pr ON pr.hkey = v.hkey AND pr.professional = v.professional
            WHERE p.hkey = w.hkey AND p.product = '{Product.JEUGDBESCHERMING.value}'
              AND NOT p.not_granted AND p.start <= {day}
              AND (p."end" IS NULL OR p."end" >= {day})
              AND pr.role = '{CareRole.JEUGDBESCHERMER.value}') AS guarded,
          EXISTS (SELECT 1 FROM members AS m WHERE m.hkey = w.hkey AND m.b18_ymd <= {ymd}
            AND NOT m.has_representation) AS lead_free,
          EXISTS (SELECT 1 FROM members AS m WHERE m.hkey = w.hkey AND m.b18_ymd <= {ymd}
            AND m.has_representation) AS lead_maybe,
          EXISTS (SELECT 1 FROM professionals AS pr WHERE pr.hkey = w.hkey) AS has_prof
        FROM want AS w JOIN f ON f.hkey = w.hkey JOIN households AS h ON h.hkey = w.hkey""",
    ]


_RESULT = """
SELECT reg.hkey,
  CASE WHEN guarded THEN 'professional'
       WHEN rc IS NOT NULL AND NOT (safety AND rc <> 'professional') THEN rc
       WHEN NOT safety AND NOT complex AND lead_free THEN 'member'
       WHEN NOT safety AND NOT complex AND lead_maybe THEN NULL
       WHEN has_prof THEN 'professional' ELSE 'toegang' END AS regisseur,
  has_prof,
  (SELECT count(*) FROM g WHERE g.hkey = reg.hkey AND g.status = 'actief')::INTEGER
    AS active_goals
FROM reg ORDER BY reg.hkey
"""


def plan_summaries(
    tables: Mapping[str, pa.Table | list[str]],
    signals: pa.Table,
    hkeys: Sequence[int],
    rules: RuleSet,
    peildatum: date,
    leads: Leads,
    policy: PlanPolicy | None = None,
) -> tuple[pa.Table, pa.Table]:
    """The plans of the households numbered ``hkeys`` (which must need a full plan), as
    :data:`PLAN_SCHEMA` and :data:`GOAL_SCHEMA` rows ordered by household number.

    ``tables``: the caseload tables (as :func:`gezinsplan.caseload.tables.to_arrow` or a
    caseload folder gives them) holding at least these households; ``signals``: their
    signal rows from :func:`gezinsplan.caseload.assess` with ``rules`` at ``peildatum``;
    ``policy``: the plan policy, as for :func:`~gezinsplan.plan.builder.build_plan`
    (default: that of ``rules`` at ``peildatum``).
    """
    if policy is None:
        policy = rules.plan_policy(peildatum)
    con = duckdb.connect(":memory:", config={"threads": 1})
    try:
        for name in _COLUMNS:
            if name != "questions":
                con.register(name, _table(tables[name], name))
        questions = _table(tables["questions"], "questions")
        con.register(
            "questions",
            questions.append_column("qrow", pa.array(range(questions.num_rows), pa.int64())),
        )
        con.register("want", pa.table({"hkey": pa.array(sorted(set(hkeys)), pa.int64())}))
        con.register(
            "sig",
            signals.select(
                ["household", "rule_id", "category", "severity", "members", "fact_ids", "deadline"]
            ),
        )
        con.register(
            "rule_leefgebied",
            pa.table(
                {
                    "rule_id": pa.array([r.id for r in rules.rules], pa.string()),
                    "leefgebied": pa.array([r.leefgebied for r in rules.rules], pa.string()),
                }
            ),
        )
        for statement in _sql(peildatum, policy.income_score_max, policy.max_active_goals):
            con.execute(statement)
        plans: pa.Table = con.sql(_RESULT).to_arrow_table()
        goals: pa.Table = con.sql(
            "SELECT hkey, rank::INTEGER AS rank, leefgebied, status FROM g ORDER BY hkey, rank"
        ).to_arrow_table()
    finally:
        con.close()
    plans = _resolve_leads(plans, leads)
    return plans, goals.cast(GOAL_SCHEMA)


def _resolve_leads(plans: pa.Table, leads: Leads) -> pa.Table:
    """Fill in the regisseur where only the households themselves tell whether an adult is
    under curatele."""
    kinds = plans.column("regisseur").to_pylist()
    open_ = [i for i, k in enumerate(kinds) if k is None]
    if open_:
        keys = plans.column("hkey").to_pylist()
        professionals = plans.column("has_prof").to_pylist()
        found = leads([keys[i] for i in open_])
        for i in open_:
            if keys[i] not in found:
                raise EngineError("a household that needs a plan could not be read")
            kinds[i] = (
                "member" if found[keys[i]] else "professional" if professionals[i] else "toegang"
            )
    return pa.table(
        {
            "hkey": plans.column("hkey"),
            "regisseur": pa.array(kinds, pa.string()),
            "active_goals": plans.column("active_goals"),
        },
        schema=PLAN_SCHEMA,
    )

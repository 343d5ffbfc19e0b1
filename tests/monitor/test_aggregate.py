"""The monitor's counts against a caseload counted by hand, and against the per-household
path (durable_rules, plans) on generated households."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date
from typing import Any

import pandas as pd
import pytest

from gezinsplan import Assessor
from gezinsplan.generate import generate_households
from gezinsplan.io import parse_household
from gezinsplan.model.household import Household
from gezinsplan.monitor import run_monitor
from gezinsplan.monitor.aggregate import TOTAAL

P = date(2026, 11, 23)


def _household(
    hid: str,
    gemeente: str,
    wijk: str | None,
    members: list[tuple[str, str]],
    provisions: list[tuple[int, str, str, str]] = (),  # type: ignore[assignment]
    professionals: list[tuple[str, list[int]]] = (),  # type: ignore[assignment]
) -> Household:
    """Members (role, birth date) are m0, m1 …; provisions (member, wet, kind, product)
    run from 2025-01-01; professionals (organisation, members served)."""
    orgs = sorted({o for o, _ in professionals})
    data: dict[str, Any] = {
        "id": hid,
        "gemeente": gemeente,
        "members": [
            {"id": f"m{i}", "role": role, "birth_date": born}
            for i, (role, born) in enumerate(members)
        ],
        "provisions": [
            {
                "id": f"p{i}",
                "member": f"m{m}",
                "wet": wet,
                "kind": kind,
                "product": product,
                "start": "2025-01-01",
            }
            for i, (m, wet, kind, product) in enumerate(provisions)
        ],
        "organisations": [{"id": o, "name": f"Organisatie {o}"} for o in orgs],
        "professionals": [
            {
                "id": f"pr{i}",
                "organisation": o,
                "role": "casemanager",
                "wetten": ["wmo"],
                "serves": [f"m{m}" for m in s],
            }
            for i, (o, s) in enumerate(professionals)
        ],
    }
    if wijk is not None:
        data["wijk"] = wijk
    return parse_household(data)


OUDER, KIND = "ouder", "kind"
JGGZ = (1, "jeugdwet", "maatwerkvoorziening", "jeugd_ggz")


def hand_caseload() -> list[Household]:
    return [
        # Aadorp, Noord: nothing at all
        _household("a1", "Aadorp", "Noord", [(OUDER, "1980-01-01")]),
        # Aadorp, Noord: child turns 18 on 2026-12-10 with jeugd-ggz, parent has Wmo
        _household(
            "a2",
            "Aadorp",
            "Noord",
            [(OUDER, "1980-01-01"), (KIND, "2008-12-10")],
            [JGGZ, (0, "wmo", "maatwerkvoorziening", "huishoudelijke_hulp")],
            [("o1", [1]), ("o2", [0])],
        ),
        # Aadorp, Zuid: parent in bijstand, child (18 in 2028) with ambulant jeugdhulp
        _household(
            "a3",
            "Aadorp",
            "Zuid",
            [(OUDER, "1975-06-01"), (KIND, "2010-05-01"), (KIND, "2012-05-01")],
            [
                (0, "participatiewet", "uitkering", "bijstand"),
                (1, "jeugdwet", "maatwerkvoorziening", "jeugdhulp_ambulant"),
            ],
            [("o1", [1]), ("o1", [2]), ("o3", [0])],
        ),
        # Beekdal, no wijk: one adult with Wmo and Participatiewet
        _household(
            "b1",
            "Beekdal",
            None,
            [(OUDER, "1990-02-02")],
            [
                (0, "wmo", "maatwerkvoorziening", "begeleiding"),
                (0, "participatiewet", "uitkering", "bijstand"),
            ],
            [("o2", [0])],
        ),
        # Beekdal, no wijk: turns 18 on 2027-03-15 without a provision
        _household("b2", "Beekdal", None, [(OUDER, "1970-01-01"), (KIND, "2009-03-15")]),
    ]


def _rows(frame: pd.DataFrame, **where: Any) -> pd.DataFrame:
    for col, value in where.items():
        frame = frame[frame[col].isna()] if value is None else frame[frame[col] == value]
    return frame


def _one(frame: pd.DataFrame, col: str, **where: Any) -> Any:
    rows = _rows(frame, **where)
    assert len(rows) == 1, rows
    return rows[col].iloc[0]


def test_counts_of_a_caseload_counted_by_hand() -> None:
    m = run_monitor(hand_caseload(), P, min_cell=1, workers=1)
    r = m.tables["regions"]
    assert _one(r, "households", level="totaal") == 5
    assert _one(r, "members", level="totaal") == 9
    assert _one(r, "households", level="gemeente", gemeente="Aadorp") == 3
    assert _one(r, "members", level="wijk", gemeente="Aadorp", wijk="Zuid") == 3
    assert _one(r, "households", level="wijk", gemeente="Beekdal", wijk="onbekend") == 2
    assert _one(r, "professionals_mean", level="totaal") == pytest.approx(6 / 5)
    assert _one(r, "professionals_median", level="wijk", gemeente="Aadorp", wijk="Noord") == 1.0
    assert _one(r, "organisations_mean", level="gemeente", gemeente="Aadorp") == pytest.approx(
        4 / 3
    )
    assert not r["suppressed"].any()

    st = m.tables["stapeling"]
    tot = _rows(st, level="totaal").set_index("combinatie")
    assert tot.loc["Jeugdhulp en Wmo", "households"] == 1  # a2
    assert tot.loc["Jeugdhulp en Participatiewet", "households"] == 1  # a3
    assert tot.loc["Wmo en Participatiewet", "households"] == 1  # b1
    assert tot.loc["Alleen Wmo", "households"] == 0
    assert tot.loc[TOTAAL, "households"] == 3
    # persons by their own combination: a2's child and parent, a3's two, b1
    assert tot.loc["Alleen jeugdhulp", "persons"] == 2
    assert tot.loc["Alleen Wmo", "persons"] == 1
    assert tot.loc["Alleen Participatiewet", "persons"] == 1
    assert tot.loc["Wmo en Participatiewet", "persons"] == 1
    assert tot.loc[TOTAAL, "persons"] == 5
    assert _one(st, "households", level="gemeente", gemeente="Beekdal", combinatie=TOTAAL) == 1

    pr = m.tables["professionals"]
    prof = _rows(pr, level="totaal", measure="professionals").set_index("bucket")["households"]
    assert prof.to_dict() == {"0": 2, "1": 1, "2": 1, "3": 1}
    orgs = _rows(pr, level="totaal", measure="organisaties").set_index("bucket")["households"]
    assert orgs.to_dict() == {"0": 2, "1": 1, "2": 2}

    tr = m.tables["transitions"]
    months = _rows(tr, level="totaal", wet=TOTAAL).set_index("maand")["youths"]
    assert months.to_dict() == {"2026-12": 1, "2027-03": 1}
    assert (
        _one(tr, "youths", level="totaal", maand="2026-12", wet="jeugdwet", product="jeugd_ggz")
        == 1
    )
    assert (
        _one(
            tr,
            "youths",
            level="gemeente",
            gemeente="Beekdal",
            maand="2027-03",
            wet="geen",
            product="geen",
        )
        == 1
    )
    assert m.summary["youths_turning_18"] == 2
    assert m.summary["households"] == 5


def test_every_figure_agrees_with_the_per_household_path() -> None:
    """1,200 generated households: the monitor (SQL signals, plans from them) against
    durable_rules and the plan builder run household by household, counted in Python."""
    hs = list(generate_households(1200, seed=41, peildatum=P))
    m = run_monitor(hs, P, min_cell=1, chunk_size=300, workers=2)
    assessor = Assessor()
    region_counts: Counter[tuple[str, str]] = Counter()
    classes: Counter[str] = Counter()
    rules: Counter[str] = Counter()
    outcomes: Counter[tuple[str, str]] = Counter()
    goals: Counter[tuple[str, str]] = Counter()
    combos: Counter[str] = Counter()
    youths: Counter[str] = Counter()
    plan_by_class: Counter[str] = Counter()
    many = 0
    months = {f"{y}-{mo:02d}" for y, mo in [(2026, 12)] + [(2027, i) for i in range(1, 12)]}
    label = {
        frozenset({"jeugd"}): "Alleen jeugdhulp",
        frozenset({"wmo"}): "Alleen Wmo",
        frozenset({"participatie"}): "Alleen Participatiewet",
        frozenset({"jeugd", "wmo"}): "Jeugdhulp en Wmo",
        frozenset({"jeugd", "participatie"}): "Jeugdhulp en Participatiewet",
        frozenset({"wmo", "participatie"}): "Wmo en Participatiewet",
        frozenset({"jeugd", "wmo", "participatie"}): "Jeugdhulp, Wmo en Participatiewet",
    }
    short = {"jeugdwet": "jeugd", "wmo": "wmo", "participatiewet": "participatie"}
    for h in hs:
        case = assessor.assess_and_plan(h, P)
        ids = {s.rule_id for s in case.signals}
        region_counts[(h.gemeente, h.wijk or "onbekend")] += 1
        if ids & {"triage.complex", "triage.veel_professionals"}:
            klasse = "complex"
        elif "triage.meervoudig" in ids:
            klasse = "meervoudig"
        elif "triage.enkelvoudig" in ids:
            klasse = "enkelvoudig"
        else:
            klasse = "overig" if h.questions else "geen_vraag"
        classes[klasse] += 1
        rules.update(ids)
        plan = case.plan
        if plan.outcome.value == "plan":
            plan_by_class[klasse] += 1
            assert plan.regisseur is not None
            outcomes[("plan", plan.regisseur.kind)] += 1
            for g in plan.goals:
                goals[(g.leefgebied.value, g.status)] += 1
        else:
            outcomes[(plan.outcome.value, "geen")] += 1
        many += len(h.professionals) >= 6
        laws = {short[p.wet.value] for p in h.active_provisions(P) if p.wet.value in short}
        if laws:
            combos[label[frozenset(laws)]] += 1
        for mem in h.members:
            if mem.eighteenth_birthday().isoformat()[:7] in months:
                youths[mem.eighteenth_birthday().isoformat()[:7]] += 1

    r = m.tables["regions"]
    tot = _rows(r, level="totaal").iloc[0]
    for c in ("geen_vraag", "enkelvoudig", "meervoudig", "complex", "overig"):
        assert tot[c] == classes[c], c
    assert tot["many_professionals"] == many
    # "met plan" counts every household the plan builder gives a full plan: the multiple
    # and complex ones, and more (overig above all), as the report's definition says
    assert tot["with_plan"] == sum(plan_by_class.values())
    assert plan_by_class["overig"] > 0
    assert tot["with_plan"] > tot["meervoudig"] + tot["complex"]
    for (gemeente, wijk), n in region_counts.items():
        assert _one(r, "households", level="wijk", gemeente=gemeente, wijk=wijk) == n

    sg = _rows(m.tables["signals"], level="totaal")
    got = {row.rule_id: row.households for row in sg.itertuples() if row.rule_id != TOTAAL}
    assert got == dict(rules)

    pl = _rows(m.tables["plans"], level="totaal")
    got_plans = {
        (row.outcome, row.regisseur): row.households
        for row in pl.itertuples()
        if TOTAAL not in (row.outcome, row.regisseur)
    }
    assert got_plans == dict(outcomes)

    gl = _rows(m.tables["goals"], level="totaal")
    assert {(row.leefgebied, row.status): row.goals for row in gl.itertuples()} == dict(goals)

    st = _rows(m.tables["stapeling"], level="totaal")
    got_combos = {row.combinatie: row.households for row in st.itertuples() if row.households}
    assert got_combos == {**dict(combos), TOTAAL: sum(combos.values())}

    tr = _rows(m.tables["transitions"], level="totaal", wet=TOTAAL)
    assert dict(zip(tr["maand"], tr["youths"], strict=True)) == dict(youths)


def test_the_monitor_is_deterministic_and_independent_of_chunking() -> None:
    hs = list(generate_households(600, seed=5, peildatum=P))
    a = run_monitor(hs, P, chunk_size=600, workers=1)
    b = run_monitor(hs, P, chunk_size=97, workers=2)
    assert a.summary == b.summary
    for name in a.tables:
        pd.testing.assert_frame_equal(a.tables[name], b.tables[name])


def test_nothing_of_a_household_reaches_the_tables() -> None:
    hs = list(generate_households(300, seed=8, peildatum=P))
    m = run_monitor(hs, P, workers=1)
    text = " ".join(frame.to_csv() for frame in m.tables.values()) + repr(m.summary)
    for h in hs:
        assert h.id not in text
        for mem in h.members:
            assert mem.birth_date.isoformat() not in text
            if mem.name:
                assert mem.name not in text
    seen: defaultdict[str, int] = defaultdict(int)
    for frame in m.tables.values():
        for col in frame.columns:
            seen[col] += 1
    assert not {"household", "hkey", "id", "member", "birth_date", "name"} & set(seen)

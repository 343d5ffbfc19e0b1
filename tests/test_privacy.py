"""The privacy sweep: planted personal values never leave through an output that should not
carry them.

A household carries a planted name, BSN, full birth date, address and the household's
own words. Everything the project produces for it is collected (DEBUG logs of every
logger, error messages of broken variants, signals, the caseworker's and the
household's plan without names, the graph without names, every stored row outside the
household document itself, the pseudonymized export, the CLI's output) and searched.
The household's own words appear on purpose in its plan (the plan JSON, its renderings and
the stored plan versions); nowhere else.
"""

from __future__ import annotations

import copy
import json
import logging
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import inspect, text

from gezinsplan import Assessor, build_plan
from gezinsplan.cli import main
from gezinsplan.errors import GezinsplanError
from gezinsplan.io import parse_household
from gezinsplan.plan.graph import household_graph
from gezinsplan.plan.render import (
    render_caseworker_markdown,
    render_html,
    render_json,
    render_markdown,
)
from gezinsplan.rules.ruleset import default_rules
from gezinsplan.store.db import store
from gezinsplan.store.repository import save_case
from gezinsplan.store.transfer import export_households
from tests.conftest import (
    FULL,
    PLANTED_ADDRESS,
    PLANTED_BIRTH,
    PLANTED_BSN,
    PLANTED_EMAIL,
    PLANTED_NAME,
    PLANTED_PHONE,
    PLANTED_WORDS,
)

PEIL = date(2026, 11, 23)
IDENTIFYING = (
    PLANTED_NAME,
    PLANTED_BSN,
    PLANTED_BIRTH,
    PLANTED_ADDRESS,
    PLANTED_PHONE,
    PLANTED_EMAIL,
    PLANTED_NAME.split()[0],
)
EVERYTHING = (*IDENTIFYING, PLANTED_WORDS)


def _found(text: str, planted: tuple[str, ...] = EVERYTHING) -> list[str]:
    return [value for value in planted if value in text]


def _broken_variants() -> list[dict[str, Any]]:
    variants = []
    for path, value in (
        (("members", 0, "birth_date"), PLANTED_NAME),  # a name typed into a date
        (("members", 0, "bsn"), PLANTED_BSN[:-1] + "4"),  # fails the 11-test
        (("members", 0, "id"), PLANTED_BSN),  # a BSN used as an id: refused elsewhere
        (("provisions", 0, "member"), PLANTED_BIRTH),  # a birth date as a reference
        (("address",), PLANTED_ADDRESS * 20),  # too long
        (("questions", 0, "priority"), PLANTED_BIRTH),
    ):
        data = copy.deepcopy(FULL)
        target: Any = data
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
        variants.append(data)
    return variants


def test_no_planted_value_leaves_through_any_output(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    caplog.set_level(logging.DEBUG)
    outputs: dict[str, str] = {}
    household = parse_household(FULL)
    assert household.members[0].birth_date.isoformat() == PLANTED_BIRTH
    rules = default_rules()

    # errors of broken variants
    for i, data in enumerate(_broken_variants()):
        with pytest.raises(GezinsplanError) as info:
            _parse_and_assess(data)
        outputs[f"error {i}"] = str(info.value)

    # signals, plans and the graph
    for engine in ("python", "durable"):
        case = Assessor(rules, engine=engine).assess_and_plan(household, PEIL)
        outputs[f"signals {engine}"] = json.dumps([s.model_dump(mode="json") for s in case.signals])
        outputs[f"signal reprs {engine}"] = repr(case.signals)
    plan = build_plan(household, list(case.signals), PEIL, rules=rules)
    outputs["plan json"] = render_json(plan)
    outputs["plan markdown without the household"] = render_markdown(plan)
    outputs["plan html without the household"] = render_html(plan)
    outputs["caseworker version"] = render_caseworker_markdown(plan, household, case.signals)
    outputs["plan repr"] = repr(plan)
    outputs["household repr"] = repr(household)
    g = household_graph(household, PEIL)
    outputs["graph"] = json.dumps([[n, d] for n, d in g.nodes(data=True)], default=str)

    # the store: every row outside the household document
    url = f"sqlite:///{tmp_path / 'privacy.sqlite'}"
    with store(url) as factory:
        with factory() as s, s.begin():
            save_case(
                s,
                household,
                list(case.signals),
                plan,
                caseworker="cw-1",
                reason="intake",
                rules_version=rules.version,
                peildatum=PEIL,
            )
        with factory() as s:
            bind = s.get_bind()
            for table in inspect(bind).get_table_names():
                rows = s.execute(text(_select(bind, table))).all()
                outputs[f"table {table}"] = json.dumps([list(r) for r in rows], default=str)
            out = tmp_path / "pseudo.jsonl"
            with out.open("w", encoding="utf-8") as handle:
                export_households(s, handle, pseudonymized=True, pseudonymize_with=b"k")
            outputs["pseudonymized export"] = out.read_text(encoding="utf-8")

    # the command line
    src = tmp_path / "h.json"
    src.write_text(json.dumps(FULL), encoding="utf-8")
    runner = CliRunner()
    for args in (
        ["signals", str(src), "--peildatum", "2026-11-23"],
        ["plan", str(src), "--peildatum", "2026-11-23", "--format", "json"],
        ["plan", str(src), "--peildatum", "2026-11-23", "--for", "caseworker"],
        ["validate", str(src)],
        ["store", "import", str(src), "--db", url],
        ["store", "history", FULL["id"], "--db", url],
    ):
        result = runner.invoke(main, args)
        assert result.exit_code == 0, (args, result.output)
        outputs["cli " + " ".join(a for a in args if a not in (str(src), url))] = result.output
    monkeypatch.setenv("GEZINSPLAN_PSEUDONYM_KEY", "k")

    # the plan as a zaak: what a dry run shows of the requests to the zaaksysteem
    for key, value in ZGW_SETTINGS.items():
        monkeypatch.setenv(f"GEZINSPLAN_ZGW_{key.upper()}", value)
    for extra in ([], ["--with-bsn", "all"]):
        args = ["zgw", "push", FULL["id"], "--db", url, "--dry-run", *extra]
        result = runner.invoke(main, args)
        assert result.exit_code == 0, (args, result.output)
        outputs["cli " + " ".join(a for a in args if a != url)] = result.output

    outputs["logs at DEBUG"] = "\n".join(r.getMessage() for r in caplog.records)
    # the plan carries the household's own words on purpose (it is their plan)
    plans = {"plan json", "plan markdown without the household", "plan html without the household"}
    plans.add("caseworker version")
    plans |= {"plan repr", "table plan_version"} | {k for k in outputs if k.startswith("cli plan ")}
    leaks = {
        name: found
        for name, text in outputs.items()
        if (found := _found(text, IDENTIFYING if name in plans else EVERYTHING))
    }
    assert sorted(leaks) == [], leaks
    assert len(outputs) > 25


ZGW_SETTINGS = {
    "zaken_url": "https://zaken.test/api/v1",
    "documenten_url": "https://documenten.test/api/v1",
    "client_id": "gezinsplan",
    "secret": "secret-of-the-privacy-test",
    "rsin": "002220647",
    "zaaktype": "https://catalogi.test/zaaktypen/1",
    "informatieobjecttype": "https://catalogi.test/informatieobjecttypen/2",
    "roltype_gezinslid": "https://catalogi.test/roltypen/3",
    "roltype_regisseur": "https://catalogi.test/roltypen/4",
}


def _parse_and_assess(data: dict[str, Any]) -> None:
    Assessor(default_rules()).assess(parse_household(data), PEIL)


def _select(bind: Any, table: str) -> str:
    names = [c["name"] for c in inspect(bind).get_columns(table)]
    # the household document itself holds the personal data on purpose
    kept = [f'"{n}"' for n in names if not (table == "household" and n == "document")]
    return f'SELECT {", ".join(kept)} FROM "{table}"'


def test_the_household_sees_its_own_words_and_names_only_in_its_own_plan() -> None:
    household = parse_household(FULL)
    case = Assessor(default_rules()).assess_and_plan(household, PEIL)
    text = render_markdown(case.plan, household)
    assert PLANTED_WORDS in text  # their question, in their words
    assert PLANTED_NAME.split()[0] in text  # their first name, in their own letter
    assert not _found(text, (PLANTED_BSN, PLANTED_BIRTH, PLANTED_ADDRESS))

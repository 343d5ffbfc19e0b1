"""Fuzzing as tests: valid households through every entry point.

Properties, for every household the model accepts: nothing crashes, both engines give
the same signals, the same input gives the same output, the plan renders, the graph
builds, and the HTTP service answers what the library answers. CI runs a fixed sample
(``FUZZ_EXAMPLES``); ``tools/fuzz.sh`` runs 10,000 random examples per entry point.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
from hypothesis import given

from gezinsplan import Assessor, build_plan
from gezinsplan.io import dumps_household, parse_household
from gezinsplan.plan.graph import household_graph
from gezinsplan.plan.render import render_html, render_json, render_markdown
from gezinsplan.rules.ruleset import default_rules
from gezinsplan.service.app import create_app
from tests.strategies import PEIL, fuzz_settings, households

RULES = default_rules()
DURABLE = Assessor(RULES, engine="durable")
PYTHON = Assessor(RULES, engine="python")
APP = create_app(DURABLE)


def _post(path: str, body: dict[str, Any]) -> httpx.Response:
    async def call() -> httpx.Response:
        transport = httpx.ASGITransport(app=APP)
        async with httpx.AsyncClient(transport=transport, base_url="http://fuzz") as client:
            return await client.post(path, json=body)

    return asyncio.run(call())


@fuzz_settings
@given(households())
def test_every_valid_household_is_assessed_alike_by_both_engines(data: dict[str, Any]) -> None:
    h = parse_household(data)
    durable = DURABLE.assess(h, PEIL)
    assert durable == PYTHON.assess(h, PEIL)
    assert durable == DURABLE.assess(parse_household(json.loads(dumps_household(h))), PEIL)


@fuzz_settings
@given(households())
def test_every_valid_household_gets_a_plan_that_renders(data: dict[str, Any]) -> None:
    h = parse_household(data)
    case = DURABLE.assess_and_plan(h, PEIL)
    assert case.plan == build_plan(h, list(case.signals), PEIL, rules=RULES)
    assert case.plan.household_id == h.id
    for text in (render_markdown(case.plan, h), render_html(case.plan, h), render_json(case.plan)):
        assert text
    g = household_graph(h, PEIL)
    assert g.number_of_nodes() >= len(h.members)


@fuzz_settings
@given(households())
def test_the_service_answers_what_the_library_answers(data: dict[str, Any]) -> None:
    h = parse_household(data)
    response = _post(
        "/v1/plan", {"peildatum": PEIL.isoformat(), "household": json.loads(dumps_household(h))}
    )
    assert response.status_code == 200, response.text
    body = response.json()
    case = DURABLE.assess_and_plan(h, PEIL)
    assert body["signals"] == [json.loads(s.model_dump_json()) for s in case.signals]
    assert body["plan"] == json.loads(case.plan.model_dump_json())

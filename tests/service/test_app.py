"""The HTTP service, run for real: uvicorn on a loopback port, many threads of clients."""

from __future__ import annotations

import copy
import json
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from typing import Any

import httpx
import pytest

from gezinsplan import Assessor, load_rules
from gezinsplan.generate import generate_households
from gezinsplan.model.household import Household
from tests.conftest import FULL, PLANTED_ADDRESS, PLANTED_BSN, PLANTED_NAME, PLANTED_WORDS
from tests.service.server import Server

PEIL = date(2026, 11, 23)
RULES = load_rules()
HOUSEHOLDS = list(generate_households(500, seed=21, peildatum=PEIL))


@pytest.fixture(scope="module", params=["durable", "python"])
def server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Server]:
    s = Server(request.param, tmp_path_factory.mktemp("serve") / "server.log")
    yield s
    s.stop()


def body(household: Household | dict[str, Any], peildatum: str = "2026-11-23") -> dict[str, Any]:
    data = household if isinstance(household, dict) else household.model_dump(mode="json")
    return {"peildatum": peildatum, "household": data}


def test_a_thousand_concurrent_requests_match_the_library(server: Server) -> None:
    assessor = Assessor(RULES, engine=server.engine)
    expected_signals = {
        h.id: [s.model_dump(mode="json") for s in assessor.assess(h, PEIL)] for h in HOUSEHOLDS
    }
    expected_plans = {h.id: assessor.plan(h, PEIL).model_dump(mode="json") for h in HOUSEHOLDS}
    jobs = [(endpoint, h) for h in HOUSEHOLDS for endpoint in ("assess", "plan")]
    assert len(jobs) == 1000
    limits = httpx.Limits(max_connections=32)
    with httpx.Client(base_url=server.url, limits=limits, timeout=60) as client:

        def send(job: tuple[str, Household]) -> tuple[str, Household, httpx.Response]:
            endpoint, h = job
            return endpoint, h, client.post(f"/v1/{endpoint}", json=body(h))

        with ThreadPoolExecutor(max_workers=16) as pool:
            answers = list(pool.map(send, jobs))
    wrong = []
    for endpoint, h, response in answers:
        assert response.status_code == 200, response.text
        assert response.headers["API-Version"]
        got = response.json()
        ok = got["household_id"] == h.id and got["signals"] == expected_signals[h.id]
        if endpoint == "plan":
            ok = ok and got["plan"] == expected_plans[h.id]
        if not ok:
            wrong.append((endpoint, h.id))
    assert wrong == []
    assert {a[2].json()["engine"] for a in answers} == {server.engine}


def test_invalid_households_get_422_with_field_paths_and_no_values(server: Server) -> None:
    bad = copy.deepcopy(FULL)
    bad["members"][0]["birth_date"] = f"{PLANTED_NAME}"  # a name typed into a date field
    bad["members"][0]["bsn"] = "123456789"  # fails the elfproef
    bad["address"] = PLANTED_ADDRESS * 20  # too long
    r = httpx.post(f"{server.url}/v1/assess", json=body(bad), timeout=30)
    assert r.status_code == 422
    assert r.headers["content-type"] == "application/problem+json"
    problem = r.json()
    names = {p["name"] for p in problem["invalidParams"]}
    assert "household.members[0].birth_date" in names
    assert "household.address" in names
    for planted in (PLANTED_NAME, PLANTED_ADDRESS, "123456789", PLANTED_BSN):
        assert planted not in r.text


def test_a_peildatum_before_a_birth_gets_422_naming_the_member(server: Server) -> None:
    payload = {"peildatum": "2009-03-09", "household": copy.deepcopy(FULL)}
    r = httpx.post(f"{server.url}/v1/plan", json=payload, timeout=30)
    assert r.status_code == 400  # before the supported range comes first
    payload = {"peildatum": "2016-06-01", "household": copy.deepcopy(FULL)}
    payload["household"]["members"][1]["birth_date"] = "2016-06-02"
    r = httpx.post(f"{server.url}/v1/plan", json=payload, timeout=30)
    assert r.status_code == 422, r.text
    names = {p["name"] for p in r.json()["invalidParams"]}
    assert "household.members[1].birth_date" in names
    assert "2016-06-02" not in r.text


@pytest.mark.parametrize(
    ("payload", "status", "field"),
    [
        (b"not json", 400, "(body)"),
        (b"[1, 2]", 400, None),
        (json.dumps({"household": FULL}).encode(), 400, "peildatum"),
        (json.dumps({"peildatum": "2026-11-23"}).encode(), 400, "household"),
        (json.dumps({"peildatum": "23-11-2026", "household": FULL}).encode(), 400, "peildatum"),
        (json.dumps({"peildatum": "2026-11-23", "household": FULL, "x": 1}).encode(), 400, "x"),
    ],
)
def test_malformed_bodies_get_400_problems(
    server: Server, payload: bytes, status: int, field: str | None
) -> None:
    r = httpx.post(
        f"{server.url}/v1/plan", content=payload, headers={"content-type": "application/json"}
    )
    assert r.status_code == status
    assert r.headers["content-type"] == "application/problem+json"
    if field is not None:
        assert field in {p["name"] for p in r.json()["invalidParams"]}


def test_a_body_over_the_limit_gets_413(server: Server) -> None:
    big = copy.deepcopy(FULL)
    big["questions"][0]["own_words"] = "x" * 2000
    big["questions"] = [{**big["questions"][0], "id": f"q{i}"} for i in range(40)]  # ~90 kB > 64 kB
    r = httpx.post(f"{server.url}/v1/assess", json=body(big))
    assert r.status_code == 413
    assert r.json()["status"] == 413
    # the same size streamed without a content-length is refused too
    data = json.dumps(body(big)).encode()
    r = httpx.post(f"{server.url}/v1/assess", content=iter([data[:40_000], data[40_000:]]))
    assert r.status_code == 413


def test_rules_and_health(server: Server) -> None:
    health = httpx.get(f"{server.url}/v1/health").json()
    assert health == {
        "status": "ok",
        "version": health["version"],
        "rules_version": RULES.version,
        "engine": server.engine,
        "rules": len(RULES.rules),
    }
    now = httpx.get(f"{server.url}/v1/rules", params={"peildatum": "2026-11-23"}).json()
    old = httpx.get(f"{server.url}/v1/rules", params={"peildatum": "2017-01-01"}).json()
    assert [r["id"] for r in now["rules"]] == [r.id for r in RULES.rules]
    pleegzorg_now = next(r for r in now["rules"] if r["id"] == "transitie.pleegzorg")
    pleegzorg_old = next(r for r in old["rules"] if r["id"] == "transitie.pleegzorg")
    assert pleegzorg_now["parameters"]["transitie.pleegzorg_eindleeftijd"] == 21
    assert pleegzorg_old["parameters"]["transitie.pleegzorg_eindleeftijd"] == 18
    assert all(r["source"] for r in now["rules"])
    r = httpx.get(f"{server.url}/v1/rules")
    assert r.status_code == 400
    assert r.json()["invalidParams"] == [{"name": "peildatum", "reason": "field required"}]
    assert httpx.get(f"{server.url}/v1/nothing").status_code == 404


def test_the_access_log_holds_no_personal_data(server: Server) -> None:
    r = httpx.post(f"{server.url}/v1/plan", json=body(FULL), timeout=30)
    assert r.status_code == 200
    bad = copy.deepcopy(FULL)
    bad["members"][0]["birth_date"] = PLANTED_ADDRESS
    assert httpx.post(f"{server.url}/v1/plan", json=body(bad)).status_code == 422
    time.sleep(0.5)
    log = server.log.read_text()
    assert "POST /v1/plan 200" in log
    assert "POST /v1/plan 422" in log
    for planted in (
        PLANTED_NAME,
        PLANTED_BSN,
        "1983-07-19",
        PLANTED_ADDRESS,
        PLANTED_WORDS,
    ):
        assert planted not in log, planted
    requests = [line for line in log.splitlines() if " /v1/" in line]
    assert requests
    assert not any("127.0.0.1" in line for line in requests)  # no client address


def test_the_openapi_document_follows_the_nlgov_rules(server: Server) -> None:
    r = httpx.get(f"{server.url}/v1/openapi.json")
    assert r.headers["Access-Control-Allow-Origin"] == "*"
    doc = r.json()
    assert doc["openapi"].startswith("3.")
    # a relative server URL with the major version: right for any --port and host
    assert doc["servers"] == [{"url": "/v1", "description": doc["servers"][0]["description"]}]
    assert set(doc["info"]["contact"]) == {"name", "url", "email"}
    schemas = doc["components"]["schemas"]
    # the bodies are the library's own pydantic models
    assert {"Household", "Signal", "Plan", "AssessRequest", "ProblemDetails"} <= set(schemas)
    assert "HTTPValidationError" not in json.dumps(doc["paths"])
    assert set(doc["paths"]) == {"/assess", "/plan", "/rules", "/health"}
    for path, operations in doc["paths"].items():
        # every documented operation answers at server URL + path
        method = next(iter(operations))
        assert httpx.request(method, f"{server.url}/v1{path}").status_code != 404
        assert not path.endswith("/")
        assert path == path.lower()
        for operation in operations.values():
            responses = operation["responses"]
            assert "400" in responses, path
            for status, response in responses.items():
                assert "API-Version" in response["headers"]
                if status.startswith("4"):
                    assert "application/problem+json" in response["content"]
    request = schemas["AssessRequest"]
    assert request["required"] == ["peildatum", "household"]
    assert request["properties"]["peildatum"]["format"] == "date"
    (query,) = doc["paths"]["/rules"]["get"]["parameters"]
    assert query["name"] == "peildatum"
    assert query["schema"]["format"] == "date"
    assert "2016-01-01 to 2199-12-31" in query["description"]
    # optional dates carry their format on the property itself
    for model, field in (("Plan", "evaluation_date"), ("Finances", "eviction_date")):
        prop = schemas[model]["properties"][field]
        assert prop["format"] == "date", (model, field)
        assert prop["type"] == ["string", "null"], (model, field)
    assert "HTTPValidationError" not in schemas


PEILDATUM_RANGE = "2016-01-01 to 2199-12-31"


@pytest.mark.parametrize(
    "peildatum",
    [
        "2014-12-31",  # before the first value of every parameter
        "2015-06-01",  # before the first value of transitie.eigen_risico_zvw
        "0001-01-01",
        "2200-01-01",  # after the last date a household may hold
        "9999-12-31",  # the plan's evaluation date would leave the calendar
    ],
)
def test_a_peildatum_outside_the_supported_range_gets_400_naming_it(
    server: Server, peildatum: str
) -> None:
    calls = [
        httpx.post(f"{server.url}/v1/assess", json=body(FULL, peildatum), timeout=30),
        httpx.post(f"{server.url}/v1/plan", json=body(FULL, peildatum), timeout=30),
        httpx.get(f"{server.url}/v1/rules", params={"peildatum": peildatum}),
    ]
    for r in calls:
        assert r.status_code == 400, (r.request.url, r.text)
        assert r.headers["content-type"] == "application/problem+json"
        assert r.json()["invalidParams"] == [
            {"name": "peildatum", "reason": f"outside the supported range {PEILDATUM_RANGE}"}
        ]
    # the edges of the range are accepted
    for edge in ("2016-01-01", "2199-12-31"):
        assert httpx.post(f"{server.url}/v1/plan", json=body(FULL, edge)).status_code in (200, 422)
        assert httpx.get(f"{server.url}/v1/rules", params={"peildatum": edge}).status_code == 200


def test_a_peildatum_that_is_no_date_names_the_format_and_range(server: Server) -> None:
    for value in ("2026-02-30", "2026-W47-1", "20261123"):
        r = httpx.post(f"{server.url}/v1/assess", json=body(FULL, value))
        assert r.status_code == 400, value
        reason = f"expected a date YYYY-MM-DD from {PEILDATUM_RANGE}"
        assert r.json()["invalidParams"] == [{"name": "peildatum", "reason": reason}]


def test_a_wrong_method_gets_405_with_allow(server: Server) -> None:
    for method, path, allowed in (
        ("GET", "/v1/assess", {"POST"}),
        ("DELETE", "/v1/plan", {"POST"}),
        ("POST", "/v1/rules", {"GET"}),
    ):
        r = httpx.request(method, f"{server.url}{path}")
        assert r.status_code == 405
        assert r.headers["content-type"] == "application/problem+json"
        assert {m.strip() for m in r.headers["Allow"].split(",")} == allowed
        assert r.headers["API-Version"]

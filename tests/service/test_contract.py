"""The served OpenAPI document as a contract: the NLGov linter, generated requests, the docs."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import jsonschema
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from pydantic import ValidationError
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from gezinsplan import Assessor, load_rules
from gezinsplan.model.household import ParentLink
from gezinsplan.service import create_app
from gezinsplan.service.app import app_from_env
from tests.service.server import Server
from tests.strategies import households

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    # the default body limit: a list over its maxItems gets 422 here, not 413
    s = Server(
        "durable", tmp_path_factory.mktemp("contract") / "server.log", max_body_bytes=1_048_576
    )
    yield s
    s.stop()


@pytest.fixture(scope="module")
def served_document(server: Server) -> dict[str, Any]:
    doc: dict[str, Any] = httpx.get(f"{server.url}/v1/openapi.json").json()
    return doc


DOCUMENT = create_app(Assessor(load_rules(), engine="python")).openapi()
"""The document the server serves (the engine does not change it; checked below)."""
API = schemathesis.openapi.from_dict(DOCUMENT)
# dates mostly inside the supported range (2016-01-01 to 2199-12-31), so that the 200
# answers are exercised too, sometimes anywhere in the calendar
schemathesis.openapi.format(
    "date",
    st.one_of(
        st.dates(date(2016, 1, 1), date(2199, 12, 31)),
        st.dates(date(2016, 1, 1), date(2199, 12, 31)),
        st.dates(date(2016, 1, 1), date(2199, 12, 31)),
        st.dates(),
    ).map(date.isoformat),
)
CHECKS = [
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    negative_data_rejection,
]
"""Not positive_data_acceptance: a schema-valid household can still be refused with 422
(a member born after the peildatum, an unknown member id), as documented."""


def test_the_served_document_is_the_one_tested(served_document: dict[str, Any]) -> None:
    assert served_document == DOCUMENT


PEILDATA = st.one_of(
    st.dates(date(2016, 1, 1), date(2199, 12, 31)),  # supported
    st.dates(date(1930, 1, 1), date(2015, 12, 31)),  # before a parameter's first value
    st.dates(date(2200, 1, 1), date(9999, 12, 31)),  # after the last household date
    st.sampled_from([date(2015, 12, 31), date(2016, 1, 1), date(2199, 12, 31), date.max]),
)


@API.parametrize()
@API.given(data=st.data())
@settings(
    max_examples=50,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_generated_requests_get_no_5xx_and_answers_match_the_document(
    case: Any, data: st.DataObject, server: Server
) -> None:
    """Requests generated from the served document: no 5xx, every answer as documented.

    A household that passes the model's cross-field checks (ids that exist, dates in
    order) is rare in data generated from the JSON Schema alone, so half the valid
    request bodies are replaced by a household from ``tests.strategies`` that can be
    assessed at a peildatum drawn inside, at the edges of and outside the supported
    range: those requests reach the rules and the planner.
    """
    negative = case.meta is not None and case.meta.generation.mode.is_negative
    if not negative and isinstance(case.body, dict) and data.draw(st.booleans()):
        peildatum = data.draw(PEILDATA)
        born_by = min(max(peildatum, date(1930, 1, 1)), date(2198, 1, 1))
        household = data.draw(households(peildatum=born_by))
        case.body = {"peildatum": peildatum.isoformat(), "household": household}
    case.call_and_validate(base_url=f"{server.url}/v1", checks=CHECKS)


RULESET = ROOT.parent / "shared" / "interop" / "api-design-rules" / "linter.yaml"
"""The NLGov REST API Design Rules ruleset for Spectral (ADR 2.2.0; CC-BY-4.0)."""
SPECTRAL = "@stoplight/spectral-cli@6.16.3"
EXPLAINED_WARNINGS = {"nlgov:servers-use-https"}
"""The warnings docs/embedding.md explains (the service speaks plain HTTP on 127.0.0.1)."""


def test_the_served_document_has_no_nlgov_linter_errors(
    served_document: dict[str, Any], tmp_path: Path
) -> None:
    npx = shutil.which("npx")
    if npx is None:
        pytest.skip("npx (Node.js) is not installed: cannot run the Spectral linter")
    assert RULESET.is_file(), f"the NLGov ruleset is missing: {RULESET}"
    document = tmp_path / "openapi.json"
    document.write_text(json.dumps(served_document, indent=1), encoding="utf-8")
    lint = ["lint", "--ruleset", str(RULESET), "--format", "json", "--quiet"]
    result = subprocess.run(
        [npx, "--yes", SPECTRAL, *lint, "--fail-severity", "error", str(document)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    findings = json.loads(result.stdout)
    errors = [
        f"{f['code']} at {'.'.join(map(str, f['path']))}" for f in findings if f["severity"] == 0
    ]
    assert errors == []
    assert result.returncode == 0, result.stderr
    assert {f["code"] for f in findings} == EXPLAINED_WARNINGS
    for code in EXPLAINED_WARNINGS:
        assert code in (ROOT / "docs" / "embedding.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("link", "valid"),
    [
        ({"child": "m2", "parent": "m1"}, True),
        ({"child": "m2", "parent": "m1", "lives_elsewhere": False}, True),
        ({"child": "m2", "lives_elsewhere": True}, True),
        ({"child": "m2", "parent": None, "lives_elsewhere": True, "gezag": True}, True),
        ({"child": "m2"}, False),
        ({"child": "m2", "parent": None}, False),
        ({"child": "m2", "parent": "m1", "lives_elsewhere": True}, False),
        ({"child": "m2", "lives_elsewhere": False}, False),
    ],
)
def test_the_parent_link_schema_says_what_the_model_checks(
    link: dict[str, Any], valid: bool
) -> None:
    schema = DOCUMENT["components"]["schemas"]["ParentLink"]
    by_schema = jsonschema.Draft202012Validator(schema).is_valid(link)
    try:
        ParentLink.model_validate(link)
        by_model = True
    except ValidationError:
        by_model = False
    assert (by_schema, by_model) == (valid, valid)


def _documented_problems() -> dict[int, dict[str, Any]]:
    """The problem details shown in docs/embedding.md, by status."""
    text = (ROOT / "docs" / "embedding.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```json\n(.*?)```", text, flags=re.DOTALL)
    problems = [json.loads(b) for b in blocks if '"invalidParams"' in b]
    return {p["status"]: p for p in problems}


def test_the_documented_problems_are_what_the_service_answers(server: Server) -> None:
    documented = _documented_problems()
    assert set(documented) == {400, 422}
    household = json.loads(
        (ROOT / "examples" / "households" / "01_enkelvoudige_vraag.json").read_text("utf-8")
    )
    # as docs/embedding.md says: a peildatum before 2016, a birth date written 02-03-1948
    r = httpx.post(
        f"{server.url}/v1/assess", json={"peildatum": "2015-06-01", "household": household}
    )
    assert (r.status_code, r.json()) == (400, documented[400])
    household["members"][0]["birth_date"] = "02-03-1948"
    r = httpx.post(
        f"{server.url}/v1/assess", json={"peildatum": "2026-11-23", "household": household}
    )
    assert (r.status_code, r.json()) == (422, documented[422])


def test_a_deployment_sets_its_own_contact(monkeypatch: pytest.MonkeyPatch) -> None:
    assert set(DOCUMENT["info"]["contact"]) == {"name", "url", "email"}
    monkeypatch.setenv("GEZINSPLAN_ENGINE", "python")
    monkeypatch.setenv("GEZINSPLAN_CONTACT_NAME", "Toegangsteam Heuvelland")
    monkeypatch.setenv("GEZINSPLAN_CONTACT_EMAIL", "api@heuvelland.example")
    contact = app_from_env().openapi()["info"]["contact"]
    assert contact == {
        "name": "Toegangsteam Heuvelland",
        "url": DOCUMENT["info"]["contact"]["url"],
        "email": "api@heuvelland.example",
    }

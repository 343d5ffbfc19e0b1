"""The served OpenAPI document as a contract: the NLGov linter, generated requests, the docs."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from gezinsplan import Assessor, load_rules
from gezinsplan.service import create_app
from tests.service.server import Server
from tests.strategies import households


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

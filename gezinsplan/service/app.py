"""The HTTP service for case software: an ASGI app (FastAPI) over one shared Assessor.

Endpoints (major version in the path, the full version in the ``API-Version`` header,
following the NLGov REST API Design Rules):

- ``POST /v1/assess``: ``{"peildatum": "YYYY-MM-DD", "household": {...}}`` → signals
- ``POST /v1/plan``: the same body → signals and the plan
- ``GET /v1/rules?peildatum=YYYY-MM-DD``: the catalogue with sources and parameter values
- ``GET /v1/health``: liveness, versions
- ``GET /v1/openapi.json``: the OpenAPI 3 document (``Access-Control-Allow-Origin: *``)

Errors are problem details (``application/problem+json``): 400 for a body that is not
JSON or misses its fields, or a peildatum outside the range the rule set has parameter
values for (:func:`peildatum_range`), 422 for a household that fails validation (every
invalid field path listed, never a value), 413 for a body over the configured limit, 404,
and 405 with an ``Allow`` header. The access log records method, path, status and
duration only: no client address, no query, no body.

The OpenAPI document's server URL is the relative ``/v1`` and its paths are relative to
it, so it holds for any host and port.

The household is parsed by the same strict validator as every other entry point
(:func:`gezinsplan.io.parse_household`) and assessed by one shared, thread-safe
:class:`~gezinsplan.assessor.Assessor`: on the event loop for a body up to
:data:`INLINE_BODY_BYTES`, in the thread pool for a larger one. ``POST /v1/assess`` and
``/v1/plan`` are answered by a plain ASGI front layer without FastAPI's routing (the
routes stay declared for the OpenAPI document); the response is serialised once, by its
response model.
"""

from __future__ import annotations

import contextlib
import json
import logging
import re
import time
from collections.abc import Awaitable, Callable, Mapping
from datetime import date
from typing import Any

from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import Response
from pydantic.json_schema import models_json_schema
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gezinsplan import __version__
from gezinsplan.assessor import Assessor
from gezinsplan.errors import HouseholdValidationError, ParameterError, PlanError, Problem
from gezinsplan.io import _decode_json, parse_household
from gezinsplan.model.household import EARLIEST_DATE, LATEST_DATE
from gezinsplan.rules.policy import PLAN_PARAMETERS
from gezinsplan.rules.ruleset import RuleSet
from gezinsplan.service.schemas import (
    AssessRequest,
    AssessResponse,
    Health,
    PlanResponse,
    ProblemDetails,
    RulesResponse,
)

__all__ = [
    "DEFAULT_CONTACT",
    "DEFAULT_MAX_BODY_BYTES",
    "app_from_env",
    "create_app",
    "peildatum_range",
]

DEFAULT_MAX_BODY_BYTES = 1_048_576
"""A request body above this many bytes is refused with 413 (a household with 100 members
and all their provisions is well under 200 kB)."""

DEFAULT_CONTACT = {
    "name": "gezinsplan maintainers",
    "url": "https://github.com/gezinsplan",
    "email": "gezinsplan@example.org",
}
"""``info.contact`` of the OpenAPI document; a deployment passes its own (``contact=`` or
``GEZINSPLAN_CONTACT_NAME``, ``_URL`` and ``_EMAIL``)."""

ACCESS_LOG = logging.getLogger("gezinsplan.service.access")
PREFIX = "/v1"
PROBLEM = "application/problem+json"
_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_PROBLEM_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {
        "description": (
            "Bad request: no JSON, a required field is missing, or the peildatum is not a "
            "date in the supported range"
        ),
        "model": ProblemDetails,
    },
    413: {"description": "Request body too large", "model": ProblemDetails},
    422: {
        "description": "The household fails validation (field paths listed)",
        "model": ProblemDetails,
    },
}


class _RequestError(Exception):
    def __init__(self, status: int, title: str, problems: list[Problem] | None = None) -> None:
        super().__init__(title)
        self.status = status
        self.title = title
        self.problems = problems or []


def _problem(status: int, title: str, problems: list[Problem] | None = None) -> Response:
    body = ProblemDetails(
        title=title,
        status=status,
        detail=f"{len(problems)} invalid field(s)" if problems else "",
        invalidParams=[{"name": p.path or "(body)", "reason": p.message} for p in problems or []],
    )
    return Response(body.model_dump_json(by_alias=True), status_code=status, media_type=PROBLEM)


async def _read_body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise _RequestError(413, f"request body over {limit} bytes")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise _RequestError(413, f"request body over {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def peildatum_range(rules: RuleSet) -> tuple[date, date]:
    """The first and last peildatum the service accepts for ``rules``.

    From the first day on which every parameter that the rules and the planner read has a
    value (``2016-01-01`` for the shipped catalogue) to the last day a household may hold
    (``2199-12-31``, :data:`gezinsplan.model.household.LATEST_DATE`).
    """
    needed = {pid for r in rules.rules for pid in r.parameters}
    needed |= {r.enabled_by for r in rules.rules if r.enabled_by}
    needed |= set(PLAN_PARAMETERS)
    starts = [min(rules.parameters[pid].values) for pid in needed if pid in rules.parameters]
    return max([EARLIEST_DATE, *starts]), LATEST_DATE


def _parse_request(raw: bytes, supported: tuple[date, date]) -> tuple[date, Any]:
    """(peildatum, household) from a request body; _RequestError naming the fields."""
    try:
        data = _decode_json(raw, "body", None)
    except HouseholdValidationError as e:
        raise _RequestError(400, "the body is not a JSON object", e.problems) from None
    if not isinstance(data, dict):
        raise _RequestError(400, "the body is not a JSON object")
    problems = [
        Problem("body", key, "field required")
        for key in ("peildatum", "household")
        if key not in data
    ]
    problems += [
        Problem("body", str(key), "unknown field")
        for key in sorted(map(str, data))
        if key not in ("peildatum", "household")
    ]
    if problems:
        raise _RequestError(400, "the body needs exactly peildatum and household", problems)
    peildatum = _parse_date(data["peildatum"], "body", supported)
    try:
        household = parse_household(data["household"], source="body")
    except HouseholdValidationError as e:
        fixed = [
            Problem(p.source, f"household.{p.path}" if p.path else "household", p.message)
            for p in e.problems
        ]
        raise _RequestError(422, "the household is not valid", fixed) from None
    born_later = household.peildatum_problems(peildatum)
    if born_later:
        raise _RequestError(
            422,
            "the household cannot be assessed at this peildatum",
            [Problem("body", f"household.{path}", message) for path, message in born_later],
        )
    return peildatum, household


def _parse_date(value: Any, source: str, supported: tuple[date, date]) -> date:
    """The peildatum, or a 400 naming the field and the supported range."""
    first, last = supported
    span = f"{first.isoformat()} to {last.isoformat()}"
    day: date | None = None
    if isinstance(value, str) and _ISO_DAY.fullmatch(value):
        with contextlib.suppress(ValueError):  # 2026-02-30
            day = date.fromisoformat(value)
    if day is None:
        raise _RequestError(
            400,
            "peildatum must be a date",
            [Problem(source, "peildatum", f"expected a date YYYY-MM-DD from {span}")],
        )
    if not first <= day <= last:
        raise _RequestError(
            400,
            "peildatum outside the supported range",
            [Problem(source, "peildatum", f"outside the supported range {span}")],
        )
    return day


def _nullable_formats(node: Any) -> None:
    """Write an optional date (any optional string with a ``format``) as
    ``type: [string, "null"], format: date`` (in place).

    Pydantic writes ``anyOf: [{type: string, format: date}, {type: null}]``; the same
    constraint with ``format`` on the property itself is what linters such as the NLGov
    API Design Rules ruleset read.
    """
    if isinstance(node, list):
        for item in node:
            _nullable_formats(item)
        return
    if not isinstance(node, dict):
        return
    options = node.get("anyOf")
    if isinstance(options, list) and len(options) == 2 and {"type": "null"} in options:
        other = options[0] if options[1] == {"type": "null"} else options[1]
        if other.get("type") == "string" and "format" in other:
            del node["anyOf"]
            node.update({**other, "type": ["string", "null"]})
    for value in node.values():
        _nullable_formats(value)


def _json_response(payload: dict[str, Any]) -> Response:
    return Response(
        json.dumps(payload, ensure_ascii=False, separators=(",", ":")),
        media_type="application/json",
    )


INLINE_BODY_BYTES = 65_536
"""A request body up to this size is assessed on the event loop itself (a household of
example02's size takes about a millisecond: handing it to a thread and back costs as
much as the work, and threads give no speed-up under the GIL); a larger one goes to the
thread pool, so one large household never holds up the other connections of a worker."""

_Endpoint = Callable[[Request], Awaitable[Response]]


class _Front:
    """The outermost layer of the app (plain ASGI, no per-request task or stream):
    every response gets the ``API-Version`` header (and the OpenAPI document
    ``Access-Control-Allow-Origin: *``), every request one access-log line (method,
    path, status, duration: no client address, no query, no body), an exception a 500
    problem without a traceback or a value.

    ``POST`` on a path of ``direct`` is answered by that endpoint without FastAPI's
    routing and middleware (the same endpoint FastAPI would call, with the same error
    handling: :class:`_RequestError` as a problem); everything else goes to ``app``.
    """

    def __init__(self, app: ASGIApp, direct: Mapping[str, _Endpoint], openapi_path: str) -> None:
        self.app = app
        self.direct = direct
        self.openapi_path = openapi_path
        self.version = __version__.encode("latin-1")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        path: str = scope["path"]
        extra = [(b"api-version", self.version)]
        if path == self.openapi_path:
            extra.append((b"access-control-allow-origin", b"*"))
        status = 0

        async def send_with_headers(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message = {**message, "headers": [*message.get("headers", ()), *extra]}
            await send(message)

        try:
            endpoint = self.direct.get(path) if scope["method"] == "POST" else None
            if endpoint is None:
                await self.app(scope, receive, send_with_headers)
            else:
                request = Request(scope, receive)
                try:
                    response = await endpoint(request)
                except _RequestError as exc:
                    response = _problem(exc.status, exc.title, exc.problems)
                await response(scope, receive, send_with_headers)
        except Exception:  # never a traceback or a value to the client
            ACCESS_LOG.exception("%s %s failed", scope["method"], path)
            if status:
                raise  # the response has started: nothing else can be sent
            await _problem(500, "internal error")(scope, receive, send_with_headers)
        if ACCESS_LOG.isEnabledFor(logging.INFO):
            ACCESS_LOG.info(
                "%s %s %d %.1fms",
                scope["method"],
                path,
                status,
                (time.perf_counter() - start) * 1000,
            )


def create_app(
    assessor: Assessor | None = None,
    *,
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
    contact: dict[str, str] | None = None,
) -> FastAPI:
    """The ASGI app over ``assessor`` (default: the shipped catalogue on durable_rules).

    ``contact`` is the OpenAPI document's ``info.contact`` (name, url, email; default
    :data:`DEFAULT_CONTACT`).
    """
    shared = assessor if assessor is not None else Assessor()
    supported = peildatum_range(shared.rules)
    span = f"{supported[0].isoformat()} to {supported[1].isoformat()}"
    contact_info = {**DEFAULT_CONTACT, **(contact or {})}
    app = FastAPI(
        title="gezinsplan",
        version=__version__,
        summary="Eén gezin, één plan: signalen en een plan per huishouden.",
        description=(
            "Assess a household (signals of the rule catalogue, each explained and traced "
            "to its legal source) and build its plan. Every request names its peildatum; "
            "the same household, rules and peildatum always give the same answer."
        ),
        # the email is added to the document afterwards: FastAPI's model of it logs a
        # warning on every build when the optional email-validator is not installed
        contact={k: v for k, v in contact_info.items() if k != "email"},
        license_info={"name": "EUPL-1.2", "identifier": "EUPL-1.2"},
        # relative to the document's own address: right for any --host, --port or proxy
        # that keeps the path; the paths below are relative to it
        servers=[{"url": PREFIX, "description": "this service (major version 1)"}],
        openapi_url=f"{PREFIX}/openapi.json",
        docs_url=None,  # the interactive pages load scripts from a CDN: not offline
        redoc_url=None,
    )

    @app.exception_handler(_RequestError)
    async def bad_request(request: Request, exc: _RequestError) -> Response:
        return _problem(exc.status, exc.title, exc.problems)

    @app.exception_handler(RequestValidationError)
    async def invalid_query(request: Request, exc: RequestValidationError) -> Response:
        problems = [
            Problem("query", ".".join(str(part) for part in e["loc"][1:]), "field required")
            if e["type"] == "missing"
            else Problem("query", ".".join(str(part) for part in e["loc"][1:]), "invalid value")
            for e in exc.errors()
        ]
        return _problem(400, "invalid query", problems)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        titles = {404: "no such resource", 405: "method not allowed"}
        response = _problem(exc.status_code, titles.get(exc.status_code, "request refused"))
        for name, value in (exc.headers or {}).items():  # Allow on a 405
            response.headers[name] = value
        return response

    body_doc: dict[str, Any] = {
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/AssessRequest"}}
            },
        }
    }

    async def answer(request: Request, *, with_plan: bool) -> Response:
        """Parse the body, assess (and plan), answer as JSON: on the event loop for a
        small body, in the thread pool for a large one (:data:`INLINE_BODY_BYTES`)."""
        raw = await _read_body(request, max_body_bytes)
        peildatum, household = _parse_request(raw, supported)
        inline = len(raw) <= INLINE_BODY_BYTES
        try:
            if with_plan:
                if inline:
                    case = shared.assess_and_plan(household, peildatum)
                else:
                    case = await run_in_threadpool(shared.assess_and_plan, household, peildatum)
                body = PlanResponse.model_construct(
                    household_id=household.id,
                    peildatum=peildatum,
                    rules_version=shared.rules.version,
                    engine=shared.engine,
                    signals=list(case.signals),
                    plan=case.plan,
                ).model_dump_json()
            else:
                if inline:
                    signals = shared.assess(household, peildatum)
                else:
                    signals = await run_in_threadpool(shared.assess, household, peildatum)
                body = AssessResponse.model_construct(
                    household_id=household.id,
                    peildatum=peildatum,
                    rules_version=shared.rules.version,
                    engine=shared.engine,
                    signals=signals,
                ).model_dump_json()
        except (ParameterError, PlanError):  # a parameter without a value at this peildatum
            raise _RequestError(
                400,
                "no parameter values at this peildatum",
                [Problem("body", "peildatum", f"outside the supported range {span}")],
            ) from None
        return Response(body, media_type="application/json")

    async def assess_endpoint(request: Request) -> Response:
        return await answer(request, with_plan=False)

    async def plan_endpoint(request: Request) -> Response:
        return await answer(request, with_plan=True)

    @app.post(
        f"{PREFIX}/assess",
        summary="Signals of one household",
        response_model=AssessResponse,
        responses=_PROBLEM_RESPONSES,
        openapi_extra=body_doc,
        operation_id="assess",
    )
    async def assess(request: Request) -> Response:
        return await assess_endpoint(request)

    @app.post(
        f"{PREFIX}/plan",
        summary="Signals and the plan of one household",
        response_model=PlanResponse,
        responses=_PROBLEM_RESPONSES,
        openapi_extra=body_doc,
        operation_id="plan",
    )
    async def plan(request: Request) -> Response:
        return await plan_endpoint(request)

    @app.get(
        f"{PREFIX}/rules",
        summary="The rule catalogue with sources and parameter values at a peildatum",
        response_model=RulesResponse,
        responses={400: _PROBLEM_RESPONSES[400]},
        operation_id="rules",
    )
    async def rules(
        # a default, not Annotated: the description names this app's supported range
        peildatum: str = Query(
            description=f"Reference date (YYYY-MM-DD), from {span}.",
            json_schema_extra={"format": "date"},
        ),
    ) -> Response:
        day = _parse_date(peildatum, "query", supported)
        try:
            values = shared.rules.params_at(day)
        except ParameterError:  # a parameter without a value at this date
            raise _RequestError(
                400,
                "no parameter values at this peildatum",
                [Problem("query", "peildatum", f"outside the supported range {span}")],
            ) from None
        return _json_response(
            {
                "rules_version": shared.rules.version,
                "peildatum": day.isoformat(),
                "rules": [
                    {
                        "id": r.id,
                        "title": r.title,
                        "category": r.category.value,
                        "severity": r.severity.value,
                        "source": r.source,
                        "description": r.description,
                        "enabled": r.enabled_by is None or values.get(r.enabled_by) is True,
                        "parameters": {
                            p: list(v) if isinstance(v := values[p], tuple) else v
                            for p in r.parameters
                        },
                    }
                    for r in shared.rules.rules
                ],
            }
        )

    @app.get(
        f"{PREFIX}/health",
        summary="Liveness and versions",
        response_model=Health,
        responses={400: _PROBLEM_RESPONSES[400]},
        operation_id="health",
    )
    async def health() -> Health:
        return Health(
            status="ok",
            version=__version__,
            rules_version=shared.rules.version,
            engine=shared.engine,
            rules=len(shared.rules.rules),
        )

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            doc = get_openapi(
                title=app.title,
                version=app.version,
                summary=app.summary,
                description=app.description,
                routes=app.routes,
                contact=app.contact,
                license_info=app.license_info,
                servers=app.servers,
            )
            _, defs = models_json_schema(
                [(AssessRequest, "validation")], ref_template="#/components/schemas/{model}"
            )
            doc["info"]["contact"] = contact_info
            schemas = doc.setdefault("components", {}).setdefault("schemas", {})
            schemas.update(defs["$defs"])
            for unused in ("HTTPValidationError", "ValidationError"):  # FastAPI's 422 body
                schemas.pop(unused, None)
            peildatum = schemas["AssessRequest"]["properties"]["peildatum"]
            peildatum["description"] += f" Supported: {span}."
            _nullable_formats(doc)
            # the paths are relative to the server URL, which holds the major version
            doc["paths"] = {
                path.removeprefix(PREFIX): operations for path, operations in doc["paths"].items()
            }
            for path in doc["paths"].values():
                for operation in path.values():
                    for status, response in operation.get("responses", {}).items():
                        if status in ("400", "413", "422"):
                            content = response.get("content", {})
                            if "application/json" in content:
                                content[PROBLEM] = content.pop("application/json")
                    if operation.get("operationId") in ("rules", "health"):
                        operation["responses"].pop("422", None)  # FastAPI's default
                    for response in operation.get("responses", {}).values():
                        response.setdefault("headers", {})["API-Version"] = {
                            "description": "The full version of the API",
                            "schema": {"type": "string", "example": __version__},
                        }
            app.openapi_schema = doc
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    # outermost (inside only Starlette's own error middleware): the two hot endpoints
    # skip FastAPI's routing, exception middleware and exit stack
    app.add_middleware(
        _Front,
        direct={f"{PREFIX}/assess": assess_endpoint, f"{PREFIX}/plan": plan_endpoint},
        openapi_path=f"{PREFIX}/openapi.json",
    )
    return app


def app_from_env() -> FastAPI:
    """App factory for ``uvicorn --factory`` and ``gezinsplan serve --workers N``.

    Reads ``GEZINSPLAN_RULES`` (a rule folder; default the shipped catalogue),
    ``GEZINSPLAN_ENGINE`` (default: the default engine of this machine),
    ``GEZINSPLAN_MAX_BODY_BYTES`` and ``GEZINSPLAN_CONTACT_NAME``, ``_URL``, ``_EMAIL`` (the
    document's ``info.contact``).
    """
    import os

    from gezinsplan.rules.ruleset import load_rules

    folder = os.environ.get("GEZINSPLAN_RULES") or None
    engine = os.environ.get("GEZINSPLAN_ENGINE") or None
    limit = int(os.environ.get("GEZINSPLAN_MAX_BODY_BYTES") or DEFAULT_MAX_BODY_BYTES)
    contact = {
        key: value
        for key in ("name", "url", "email")
        if (value := os.environ.get(f"GEZINSPLAN_CONTACT_{key.upper()}"))
    }
    return create_app(
        Assessor(load_rules(folder), engine=engine), max_body_bytes=limit, contact=contact
    )

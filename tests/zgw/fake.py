"""An in-process zaaksysteem (ZGW Zaken API 1.5.1 and Documenten API 1.5.0) on
httpx.MockTransport, for the push tests.

Every request and every response is validated with openapi-core against the shared
OpenAPI documents (``shared/interop/zgw``); bodies of polymorphic resources (a rol by
``betrokkeneType``, a zaakobject by ``objectType``) are also validated against the
schema the discriminator maps them to. A request that does not validate is a test
failure (an AssertionError raised in the transport and recorded in ``violations``).

It keeps state (zaken, rollen, zaakobjecten, documents, links), checks the JWT (HS256,
``iss``/``client_id``/``iat``), pages its lists, and can be told to fail: an error
status (400 with problem details, 401, 500, a gateway's 503), a timeout before the
request is handled, or a timeout after it was handled (the answer is lost).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlparse

import httpx
import jwt
import yaml
from jsonschema_path import SchemaPath
from openapi_core import Config, OpenAPI
from openapi_core.datatypes import RequestParameters
from openapi_schema_validator import OAS30WriteValidator
from werkzeug.datastructures import Headers, ImmutableMultiDict

ROOT = Path(__file__).resolve().parents[2]
SPECS = ROOT.parent / "shared" / "interop" / "zgw"
ZAKEN = "https://zaken-api.vng.cloud/api/v1"
DOCUMENTEN = "https://documenten-api.vng.cloud/api/v1"
"""The servers of the two OpenAPI documents: the fake answers there."""

CLIENT_ID = "gezinsplan-test"
SECRET = "een-geheim-van-de-test-0123456789abcdef"
RSIN = "002220647"
ZAAKTYPE = "https://catalogi.test/api/v1/zaaktypen/7d2d2b0e-0000-4000-8000-000000000001"
INFORMATIEOBJECTTYPE = (
    "https://catalogi.test/api/v1/informatieobjecttypen/7d2d2b0e-0000-4000-8000-000000000002"
)
ROLTYPE_GEZINSLID = "https://catalogi.test/api/v1/roltypen/7d2d2b0e-0000-4000-8000-000000000003"
ROLTYPE_REGISSEUR = "https://catalogi.test/api/v1/roltypen/7d2d2b0e-0000-4000-8000-000000000004"
ROLTYPEN = {
    ROLTYPE_GEZINSLID: ("Gezinslid", "belanghebbende"),
    ROLTYPE_REGISSEUR: ("Regisseur", "zaakcoordinator"),
}


def _problem_json(value: bytes, **_parameters: str) -> Any:
    return json.loads(value)


def _is_uri(value: Any) -> bool:
    if not isinstance(value, str):
        return True  # not a string: the type check reports it
    parsed = urlparse(value)
    return parsed.scheme in ("http", "https", "urn") and bool(parsed.netloc or parsed.path)


@lru_cache(maxsize=2)
def _document(name: str) -> dict[str, Any]:
    with (SPECS / name).open("rb") as handle:
        data = yaml.load(handle, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    assert isinstance(data, dict)
    return data


@lru_cache(maxsize=2)
def _api(name: str) -> OpenAPI:
    config = Config(
        extra_media_type_deserializers={"application/problem+json": _problem_json},
        extra_format_validators={"uri": _is_uri},
        extra_format_unmarshallers={"uri": str},
    )
    return OpenAPI.from_dict(_document(name), config=config)


def specs_available() -> bool:
    return (SPECS / "zaken-1.5.1.openapi.yaml").is_file()


class _Request:
    """An httpx request as openapi-core reads it."""

    def __init__(self, request: httpx.Request) -> None:
        self._request = request
        self._url = urlparse(str(request.url))
        self.parameters = RequestParameters(
            query=ImmutableMultiDict(parse_qs(self._url.query)),
            header=Headers(dict(request.headers)),
            cookie=ImmutableMultiDict({}),
        )

    @property
    def host_url(self) -> str:
        return f"{self._url.scheme}://{self._url.netloc}"

    @property
    def path(self) -> str:
        return self._url.path

    @property
    def method(self) -> str:
        return self._request.method.lower()

    @property
    def body(self) -> bytes | None:
        return self._request.content or None

    @property
    def content_type(self) -> str:
        return str(self._request.headers.get("content-type", ""))


class _Response:
    def __init__(self, response: httpx.Response) -> None:
        self._response = response

    @property
    def data(self) -> bytes:
        return self._response.content

    @property
    def status_code(self) -> int:
        return self._response.status_code

    @property
    def content_type(self) -> str:
        return str(self._response.headers.get("content-type", ""))

    @property
    def headers(self) -> Headers:
        return Headers(dict(self._response.headers))


@dataclass
class Fault:
    """What to do instead of (or after) handling a matching request."""

    method: str
    path: str  # the collection, e.g. "/zaken" or "/enkelvoudiginformatieobjecten"
    status: int | None = None
    timeout: bool = False  # before the request is handled: nothing happens
    timeout_after: bool = False  # after it was handled: the change is made, the answer lost
    times: int = 1


@dataclass
class FakeZaaksysteem:
    """The zaaksysteem's state and its transport (``transport``)."""

    page_size: int = 100
    zaken: dict[str, dict[str, Any]] = field(default_factory=dict)
    rollen: dict[str, dict[str, Any]] = field(default_factory=dict)
    zaakobjecten: dict[str, dict[str, Any]] = field(default_factory=dict)
    zaakinformatieobjecten: dict[str, dict[str, Any]] = field(default_factory=dict)
    documenten: dict[str, dict[str, Any]] = field(default_factory=dict)
    contents: dict[str, bytes] = field(default_factory=dict)
    faults: list[Fault] = field(default_factory=list)
    log: list[tuple[str, str, int | str]] = field(default_factory=list)
    bodies: list[bytes] = field(default_factory=list)
    headers: list[dict[str, str]] = field(default_factory=list)
    violations: list[str] = field(default_factory=list)
    validated: int = 0

    @property
    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self._handle)

    def fail(self, method: str, path: str, **kwargs: Any) -> None:
        """Make the next ``times`` matching requests fail (see :class:`Fault`)."""
        self.faults.append(Fault(method, path, **kwargs))

    def posts(self) -> list[str]:
        return [path for method, path, _ in self.log if method == "POST"]

    # -- plumbing ---------------------------------------------------------------

    def _api_of(self, request: httpx.Request) -> tuple[OpenAPI, str, str]:
        url = str(request.url)
        if url.startswith(ZAKEN):
            return _api("zaken-1.5.1.openapi.yaml"), ZAKEN, "zaken-1.5.1.openapi.yaml"
        if url.startswith(DOCUMENTEN):
            return (
                _api("documenten-1.5.0.openapi.yaml"),
                DOCUMENTEN,
                "documenten-1.5.0.openapi.yaml",
            )
        self._violation(f"{request.method} {url}: not a URL of the fake zaaksysteem")
        raise AssertionError("unreachable")

    def _violation(self, text: str) -> None:
        self.violations.append(text)
        raise AssertionError(text)

    def _validate_request(self, api: OpenAPI, spec: str, request: httpx.Request) -> None:
        result = api.unmarshal_request(_Request(request))
        errors = [e for e in result.errors if type(e).__name__ != "SecurityValidationError"]
        if errors:
            causes = "; ".join(f"{e!r} <- {e.__cause__!r}" for e in errors)
            self._violation(f"{request.method} {request.url.path}: invalid request: {causes}")
        body = json.loads(request.content) if request.content else None
        self._validate_polymorphic(spec, request, body)
        self.validated += 1

    def _validate_polymorphic(self, spec: str, request: httpx.Request, body: Any) -> None:
        path = request.url.path
        if request.method != "POST" or not isinstance(body, dict):
            return
        if path.endswith("/rollen"):
            name = f"{body.get('betrokkeneType')}_Rol"
        elif path.endswith("/zaakobjecten"):
            name = f"{body.get('objectType')}_ZaakObject"
        else:
            return
        document = _document(spec)
        if name not in document["components"]["schemas"]:
            self._violation(f"POST {path}: no schema {name}")
        schema = SchemaPath.from_dict(document) / "components" / "schemas" / name
        with schema.resolve() as resolved:
            validator = OAS30WriteValidator(
                resolved.contents,
                _resolver=resolved.resolver,
            )
            problems = [e.message for e in validator.iter_errors(body)]
        if problems:
            self._violation(f"POST {path}: invalid {name}: {'; '.join(problems)}")

    def _validate_response(
        self, api: OpenAPI, request: httpx.Request, response: httpx.Response
    ) -> None:
        result = api.unmarshal_response(_Request(request), _Response(response))
        if result.errors:
            causes = "; ".join(f"{e!r} <- {e.__cause__!r}" for e in result.errors)
            self._violation(
                f"{request.method} {request.url.path} -> {response.status_code}: "
                f"invalid response: {causes}"
            )
        self.validated += 1

    def _fault(self, request: httpx.Request, collection: str) -> Fault | None:
        for fault in self.faults:
            if fault.times > 0 and fault.method == request.method and fault.path == collection:
                fault.times -= 1
                return fault
        return None

    def _handle(self, request: httpx.Request) -> httpx.Response:
        api, base, spec = self._api_of(request)
        self.headers.append(dict(request.headers))
        self.bodies.append(request.content)
        self._validate_request(api, spec, request)
        path = str(request.url).split("?")[0][len(base) :]
        parts = [p for p in path.split("/") if p]
        collection = "/" + parts[0]
        fault = self._fault(request, collection)
        if fault is not None and fault.timeout:
            self.log.append((request.method, collection, "timeout"))
            raise httpx.ReadTimeout("timed out", request=request)
        if fault is not None and fault.status == 503:
            # a gateway in front of the API answers: the API's document does not cover it
            self.log.append((request.method, collection, 503))
            return httpx.Response(503, text="Service Unavailable", request=request)
        if fault is not None and fault.status is not None:
            response = _problem(fault.status, request)
        else:
            response = self._authorized(request) or self._route(request, base, parts)
        self._validate_response(api, request, response)
        self.log.append((request.method, collection, response.status_code))
        if fault is not None and fault.timeout_after:
            raise httpx.ReadTimeout("timed out after the change was made", request=request)
        return response

    def _authorized(self, request: httpx.Request) -> httpx.Response | None:
        header = request.headers.get("authorization", "")
        if not header.startswith("Bearer "):
            return _problem(401, request)
        try:
            claims = jwt.decode(
                header[len("Bearer ") :],
                SECRET,
                algorithms=["HS256"],
                options={"require": ["iss", "iat", "client_id"], "verify_iat": True},
            )
        except jwt.PyJWTError:
            return _problem(401, request)
        if claims.get("client_id") != CLIENT_ID or claims.get("iss") != CLIENT_ID:
            return _problem(403, request)
        return None

    # -- the APIs ---------------------------------------------------------------

    def _route(self, request: httpx.Request, base: str, parts: list[str]) -> httpx.Response:
        method = request.method
        body = json.loads(request.content) if request.content else None
        query = {k: v[0] for k, v in parse_qs(request.url.query.decode()).items()}
        name = parts[0]
        stores: dict[str, dict[str, dict[str, Any]]] = {
            "zaken": self.zaken,
            "rollen": self.rollen,
            "zaakobjecten": self.zaakobjecten,
            "zaakinformatieobjecten": self.zaakinformatieobjecten,
            "enkelvoudiginformatieobjecten": self.documenten,
        }
        store = stores[name]
        if len(parts) == 1 and method == "GET":
            found = [o for o in store.values() if _matches(name, o, query)]
            if name == "zaakinformatieobjecten":
                return _json(200, found, request)
            return self._page(request, base, name, found, query)
        if len(parts) == 1 and method == "POST":
            assert isinstance(body, dict)
            problem = self._check(name, body, request)
            if problem is not None:
                return problem
            return _json(201, self._create(base, name, body), request, crs=name == "zaken")
        key = parts[1]
        if key not in store:
            return _problem(404, request)
        if method == "PATCH":
            assert isinstance(body, dict)
            store[key].update(body)
            return _json(200, store[key], request, crs=True)
        if method == "DELETE":
            gone = store.pop(key)
            if name == "rollen":
                zaak = self._zaak_of(gone["zaak"])
                if zaak is not None:
                    zaak["rollen"].remove(gone["url"])
            return httpx.Response(204, request=request)
        return _json(200, store[key], request, crs=name == "zaken")

    def _page(
        self,
        request: httpx.Request,
        base: str,
        name: str,
        found: list[dict[str, Any]],
        query: dict[str, str],
    ) -> httpx.Response:
        page = int(query.get("page", "1"))
        start = (page - 1) * self.page_size
        chunk = found[start : start + self.page_size]
        following = None
        if start + self.page_size < len(found):
            following = f"{base}/{name}?" + urlencode({**query, "page": str(page + 1)})
        body = {"count": len(found), "next": following, "previous": None, "results": chunk}
        return _json(200, body, request, crs=name == "zaken")

    def _zaak_of(self, url: str) -> dict[str, Any] | None:
        return next((z for z in self.zaken.values() if z["url"] == url), None)

    def _check(
        self, name: str, body: dict[str, Any], request: httpx.Request
    ) -> httpx.Response | None:
        """The business rules a real zaaksysteem checks beyond the schema."""
        if name == "zaken":
            if body["zaaktype"] != ZAAKTYPE:
                return _problem(400, request, ("zaaktype", "bad-url"))
            if any(
                z.get("identificatie") == body.get("identificatie")
                and z["bronorganisatie"] == body["bronorganisatie"]
                for z in self.zaken.values()
            ):
                return _problem(400, request, ("identificatie", "identificatie-niet-uniek"))
        elif name == "enkelvoudiginformatieobjecten":
            if body["informatieobjecttype"] != INFORMATIEOBJECTTYPE:
                return _problem(400, request, ("informatieobjecttype", "bad-url"))
            if any(
                d.get("identificatie") == body.get("identificatie")
                and d["bronorganisatie"] == body["bronorganisatie"]
                for d in self.documenten.values()
            ):
                return _problem(400, request, ("identificatie", "identificatie-niet-uniek"))
        else:
            if self._zaak_of(body["zaak"]) is None:
                return _problem(400, request, ("zaak", "bad-url"))
            if name == "rollen" and body["roltype"] not in ROLTYPEN:
                return _problem(400, request, ("roltype", "bad-url"))
            if name == "zaakinformatieobjecten":
                if not any(d["url"] == body["informatieobject"] for d in self.documenten.values()):
                    return _problem(400, request, ("informatieobject", "bad-url"))
                if any(
                    z["zaak"] == body["zaak"] and z["informatieobject"] == body["informatieobject"]
                    for z in self.zaakinformatieobjecten.values()
                ):
                    return _problem(400, request, ("nonFieldErrors", "unique"))
        return None

    def _create(self, base: str, name: str, body: dict[str, Any]) -> dict[str, Any]:
        key = str(uuid.uuid4())
        url = f"{base}/{name}/{key}"
        now = datetime.now(UTC).isoformat()
        made: dict[str, Any] = {**body, "url": url}
        if name == "zaken":
            made.update(
                uuid=key,
                betalingsindicatieWeergave="",
                deelzaken=[],
                eigenschappen=[],
                einddatum=None,
                resultaat=None,
                rollen=[],
                status=None,
                zaakinformatieobjecten=[],
                zaakobjecten=[],
                registratiedatum=now[:10],
            )
            made.setdefault("identificatie", f"ZAAK-{len(self.zaken) + 1:04d}")
            self.zaken[key] = made
        elif name == "rollen":
            omschrijving, generiek = ROLTYPEN[body["roltype"]]
            made.update(
                uuid=key,
                omschrijving=omschrijving,
                omschrijvingGeneriek=generiek,
                registratiedatum=now,
                statussen=[],
            )
            self.rollen[key] = made
            zaak = self._zaak_of(body["zaak"])
            assert zaak is not None
            zaak["rollen"].append(url)
        elif name == "zaakobjecten":
            made.update(uuid=key)
            self.zaakobjecten[key] = made
            zaak = self._zaak_of(body["zaak"])
            assert zaak is not None
            zaak["zaakobjecten"].append(url)
        elif name == "zaakinformatieobjecten":
            made.update(
                uuid=key, aardRelatieWeergave="Hoort bij, omgekeerd: kent", registratiedatum=now
            )
            self.zaakinformatieobjecten[key] = made
            zaak = self._zaak_of(body["zaak"])
            assert zaak is not None
            zaak["zaakinformatieobjecten"].append(url)
        else:  # enkelvoudiginformatieobjecten
            import base64

            self.contents[key] = base64.b64decode(body["inhoud"])
            made.update(
                inhoud=f"{url}/download",
                versie=1,
                beginRegistratie=now,
                locked=False,
                bestandsdelen=[],
            )
            self.documenten[key] = made
        return made


def _matches(name: str, obj: dict[str, Any], query: dict[str, str]) -> bool:
    for key, value in query.items():
        if key == "page":
            continue
        if key == "objectType":
            if obj.get("objectType") != value:
                return False
        elif obj.get(key) != value:
            return False
    return True


def _json(status: int, body: Any, request: httpx.Request, *, crs: bool = False) -> httpx.Response:
    headers = {"API-version": "1.5.1"}
    if crs:
        headers["Content-Crs"] = "EPSG:4326"
    return httpx.Response(status, json=body, headers=headers, request=request)


_TITLES = {
    400: "Invalid input.",
    401: "Authenticatiegegevens zijn niet opgegeven.",
    403: "U heeft geen toestemming om deze actie uit te voeren.",
    404: "Niet gevonden.",
    500: "Er is een serverfout opgetreden.",
}


def _problem(
    status: int, request: httpx.Request, invalid: tuple[str, str] | None = None
) -> httpx.Response:
    body: dict[str, Any] = {
        "type": f"https://zaken-api.vng.cloud/ref/fouten/{status}/",
        "code": "invalid" if status == 400 else f"fout-{status}",
        "title": _TITLES.get(status, "Fout"),
        "status": status,
        "detail": "de waarde 111222333 is niet goed" if status == 400 else "",
        "instance": f"urn:uuid:{uuid.uuid4()}",
    }
    if status == 400:
        name, code = invalid or ("nonFieldErrors", "invalid")
        body["invalidParams"] = [{"name": name, "code": code, "reason": "zie 111222333"}]
    return httpx.Response(
        status,
        content=json.dumps(body).encode(),
        headers={"Content-Type": "application/problem+json", "API-version": "1.5.1"},
        request=request,
    )


Handler = Callable[[httpx.Request], httpx.Response]

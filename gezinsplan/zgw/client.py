"""A small HTTP client for the ZGW Zaken and Documenten APIs, on httpx.

What it retries: requests that are safe to repeat (GET, PATCH with the same body,
DELETE) after a timeout, a broken connection, 429 or a 5xx answer, up to
``config.retries`` more times with a growing pause. A POST is sent once: the caller
(:mod:`gezinsplan.zgw.push`) first looks whether the object arrived after all, and only
then sends it again. Everything else (400, 401, 403, 404, …) is one :class:`ZgwError`
line naming the request and the status, never the token, the secret or a value the
zaaksysteem echoed back.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import urlparse

import httpx

from gezinsplan.errors import ZgwError
from gezinsplan.zgw.auth import authorization_header
from gezinsplan.zgw.config import ZgwConfig

__all__ = ["StatusError", "TransientError", "ZgwClient"]

log = logging.getLogger("gezinsplan.zgw")

_TRANSIENT_STATUS = frozenset({429, 500, 502, 503, 504})
_CRS = {"Accept-Crs": "EPSG:4326", "Content-Crs": "EPSG:4326"}
_STATUS_WORDS = {
    400: "ongeldig verzoek",
    401: "niet aangemeld: controleer client_id en secret (en de klok van deze computer)",
    403: "geen rechten: geef deze client de autorisatie in het zaaksysteem",
    404: "niet gevonden",
    409: "conflict",
    412: "voorwaarde niet vervuld",
    415: "verkeerd formaat",
    429: "te veel verzoeken",
    500: "fout in het zaaksysteem",
    502: "de gateway kreeg geen goed antwoord",
    503: "het zaaksysteem is tijdelijk niet beschikbaar",
    504: "de gateway kreeg geen antwoord op tijd",
}


class StatusError(ZgwError):
    """The zaaksysteem answered with an error status (``status``)."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class TransientError(StatusError):
    """A failure that may pass: a timeout, a broken connection, 429 or a 5xx answer."""


def _where(method: str, url: str) -> str:
    return f"{method} {urlparse(url).path}"


def _problem(response: httpx.Response) -> str:
    """The useful part of a problem-details answer: title and the names and codes of
    invalid fields (never ``reason`` or ``detail``, which may echo the values sent)."""
    try:
        body = response.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        return ""
    if not isinstance(body, dict):
        return ""
    params = body.get("invalidParams")
    fields = ""
    if isinstance(params, list):
        names = [
            f"{p.get('name')} ({p.get('code')})"
            for p in params
            if isinstance(p, dict) and p.get("name")
        ]
        if names:
            fields = "; velden: " + ", ".join(names[:5])
    code = body.get("code")
    return (f" [{code}]" if isinstance(code, str) and code else "") + fields


class ZgwClient:
    """httpx with ZGW authentication, timeouts, retries and one-line errors.

    ``transport`` replaces the network (tests, dry runs); ``sleep`` the pause between
    attempts.
    """

    def __init__(
        self,
        config: ZgwConfig,
        *,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.config = config
        self._sleep = sleep
        self._http = httpx.Client(
            timeout=httpx.Timeout(config.timeout),
            transport=transport,
            follow_redirects=False,
            headers={"Accept": "application/json"},
        )

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> ZgwClient:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def _headers(self, url: str, body: bool) -> dict[str, str]:
        headers = {"Authorization": authorization_header(self.config)}
        if url.startswith(self.config.zaken_url):
            headers.update(_CRS)
        if body:
            headers["Content-Type"] = "application/json"
        return headers

    def pause(self, attempt: int) -> None:
        """Wait before attempt ``attempt + 1`` (``backoff`` doubled each time, at most 30 s)."""
        if self.config.backoff:
            self._sleep(min(self.config.backoff * 2**attempt, 30.0))

    def _once(
        self,
        method: str,
        url: str,
        params: Mapping[str, str] | None = None,
        body: Any = None,
    ) -> httpx.Response:
        where = _where(method, url)
        try:
            response = self._http.request(
                method,
                url,
                params=params,
                content=None if body is None else json.dumps(body).encode("utf-8"),
                headers=self._headers(url, body is not None),
            )
        except httpx.TimeoutException:
            raise TransientError(
                f"{where}: geen antwoord binnen {self.config.timeout:g} s"
            ) from None
        except httpx.TransportError as e:
            raise TransientError(
                f"{where}: {urlparse(url).netloc} niet bereikbaar ({type(e).__name__})"
            ) from None
        log.debug("%s -> %s", where, response.status_code)
        if response.is_success:
            return response
        status = response.status_code
        text = f"{where}: {status} {_STATUS_WORDS.get(status, response.reason_phrase)}"
        text += _problem(response)
        if status in _TRANSIENT_STATUS:
            raise TransientError(text, status)
        raise StatusError(text, status)

    def _retrying(
        self,
        method: str,
        url: str,
        params: Mapping[str, str] | None = None,
        body: Any = None,
    ) -> httpx.Response:
        attempts = self.config.retries + 1
        for attempt in range(attempts):
            try:
                return self._once(method, url, params, body)
            except TransientError as e:
                if attempt == attempts - 1:
                    raise TransientError(
                        f"{e} (na {attempts} pogingen)" if attempts > 1 else str(e), e.status
                    ) from None
                log.debug("%s: retrying after a transient failure", _where(method, url))
                self.pause(attempt)
        raise AssertionError("unreachable")  # pragma: no cover

    @staticmethod
    def _json(response: httpx.Response, where: str) -> Any:
        try:
            return response.json()
        except (json.JSONDecodeError, UnicodeDecodeError):
            raise ZgwError(f"{where}: the answer is not JSON") from None

    def get(self, url: str, params: Mapping[str, str] | None = None) -> Any:
        """GET with retries; the JSON answer."""
        return self._json(self._retrying("GET", url, params), _where("GET", url))

    def list_all(self, url: str, params: Mapping[str, str]) -> list[dict[str, Any]]:
        """Every object of a (possibly paginated) list, following ``next``."""
        found: list[dict[str, Any]] = []
        page: Any = self.get(url, params)
        for _ in range(1000):
            if isinstance(page, list):
                return [x for x in page if isinstance(x, dict)]
            if not isinstance(page, dict) or not isinstance(page.get("results"), list):
                raise ZgwError(f"{_where('GET', url)}: unexpected answer (no results)")
            found += [x for x in page["results"] if isinstance(x, dict)]
            following = page.get("next")
            if not following:
                return found
            if not str(following).startswith((self.config.zaken_url, self.config.documenten_url)):
                # the token goes with every request: never to a server not configured
                raise ZgwError(f"{_where('GET', url)}: the next page is on another server")
            page = self.get(str(following))
        raise ZgwError(f"{_where('GET', url)}: more than 1000 pages")  # pragma: no cover

    def post(self, url: str, body: Mapping[str, Any]) -> dict[str, Any]:
        """POST once (see the module: the caller checks before it repeats)."""
        answer = self._json(self._once("POST", url, body=dict(body)), _where("POST", url))
        if not isinstance(answer, dict) or not isinstance(answer.get("url"), str):
            raise ZgwError(f"{_where('POST', url)}: the answer has no url")
        return answer

    def patch(self, url: str, body: Mapping[str, Any]) -> dict[str, Any]:
        """PATCH with retries (the same body twice gives the same result)."""
        answer = self._json(self._retrying("PATCH", url, body=dict(body)), _where("PATCH", url))
        return answer if isinstance(answer, dict) else {}

    def delete(self, url: str) -> None:
        """DELETE with retries; an object already gone counts as deleted."""
        try:
            self._retrying("DELETE", url)
        except StatusError as e:
            if e.status != 404:
                raise

"""Push a household's plan version to a zaaksysteem as a zaak (ZGW Zaken API 1.5 and
Documenten API 1.5).

Every step first looks whether its object is there (the zaak by identificatie and
bronorganisatie, the document by identificatie, the link, the zaakobject, the rollen)
and only makes what is missing, so:

- a second push of the same plan version sends no POST at all;
- a push of a new version updates the same zaak and adds the new letter;
- a push that stopped half-way (``ZgwIncompleteError``: "zaak GZP-vb-02 aangemaakt,
  document niet: …; opnieuw pushen maakt het af") is finished by pushing again.

A POST that timed out or got a 5xx answer is sent again only after a lookup showed the
object did not arrive. ``dry_run`` sends nothing: it shows the requests of a first push.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar

import httpx

from gezinsplan.errors import NotFoundError, ZgwError, ZgwIncompleteError
from gezinsplan.model.household import Household
from gezinsplan.plan.model import Plan
from gezinsplan.plan.render import render_html
from gezinsplan.zgw import mapping
from gezinsplan.zgw.auth import REDACTED
from gezinsplan.zgw.client import TransientError, ZgwClient
from gezinsplan.zgw.config import ZgwConfig

__all__ = ["PushResult", "SentRequest", "push_plan", "push_version"]

T = TypeVar("T")


@dataclass(frozen=True)
class SentRequest:
    """One request of a dry run: method, URL and JSON body, without secrets.

    The Authorization header is shown as ``Bearer ***``; a BSN as ``***``; the
    document's content as its size.
    """

    method: str
    url: str
    body: Any = None

    def __str__(self) -> str:
        lines = [f"{self.method} {self.url}", f"  Authorization: {REDACTED}"]
        if self.body is not None:
            text = json.dumps(self.body, indent=2, ensure_ascii=False)
            lines += ["  " + line for line in text.splitlines()]
        return "\n".join(lines)


@dataclass(frozen=True)
class PushResult:
    """What a push did (or, for a dry run, would send)."""

    zaak: str
    """The zaak's identificatie."""
    zaak_url: str
    version: int
    zaak_created: bool
    done: tuple[str, ...]
    """What changed, in Dutch (empty when everything was there already)."""
    dry_run: bool = False
    requests: tuple[SentRequest, ...] = field(default=())
    """The requests of a dry run (empty otherwise)."""

    def summary(self) -> str:
        """One line for the caseworker."""
        if self.dry_run:
            return (
                f"proefdraai: {len(self.requests)} verzoek(en) voor zaak {self.zaak} "
                f"(plan versie {self.version}); niets verstuurd"
            )
        if not self.done:
            return f"zaak {self.zaak}: plan versie {self.version} stond er al; niets veranderd"
        state = "aangemaakt" if self.zaak_created else "bijgewerkt"
        return f"zaak {self.zaak} {state}: " + ", ".join(self.done)


def _redact(body: Any) -> Any:
    if isinstance(body, dict):
        out: dict[str, Any] = {}
        for key, value in body.items():
            if key == "inhoud" and isinstance(value, str):
                out[key] = f"<base64, {len(value)} tekens>"
            elif key == "inpBsn":
                out[key] = "***"
            else:
                out[key] = _redact(value)
        return out
    if isinstance(body, list):
        return [_redact(x) for x in body]
    return body


class _DryRun(httpx.BaseTransport):
    """Answers like an empty zaaksysteem and records every request; sends nothing."""

    def __init__(self) -> None:
        self.requests: list[SentRequest] = []
        self._made = 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content) if request.content else None
        self.requests.append(SentRequest(request.method, str(request.url), _redact(body)))
        path = request.url.path.rstrip("/")
        if request.method == "GET":
            if path.endswith("/zaakinformatieobjecten"):
                return httpx.Response(200, json=[])
            return httpx.Response(200, json={"count": 0, "next": None, "results": []})
        if request.method == "POST":
            self._made += 1
            base = str(request.url).split("?")[0].rstrip("/")
            return httpx.Response(201, json={**(body or {}), "url": f"{base}/nieuw-{self._made}"})
        return httpx.Response(200, json={})


class _Push:
    def __init__(self, client: ZgwClient, config: ZgwConfig) -> None:
        self.client = client
        self.config = config

    def ensure(
        self,
        lookup: Callable[[], T | None],
        create: Callable[[], T],
        *,
        look_first: bool = True,
    ) -> tuple[T, bool]:
        """The object when it is there, else made: ``(object, made)``. A POST that may
        have arrived (timeout, 5xx) is looked up before it is sent again."""
        found = lookup() if look_first else None
        if found is not None:
            return found, False
        attempts = self.config.retries + 1
        for attempt in range(attempts):
            try:
                return create(), True
            except TransientError as e:
                if attempt == attempts - 1:
                    raise TransientError(
                        f"{e} (na {attempts} pogingen)" if attempts > 1 else str(e), e.status
                    ) from None
                self.client.pause(attempt)
                found = lookup()
                if found is not None:
                    return found, True
        raise AssertionError("unreachable")  # pragma: no cover

    def first(self, url: str, params: dict[str, str]) -> dict[str, Any] | None:
        found = self.client.list_all(url, params)
        return found[0] if found else None


def push_version(
    plan: Plan,
    household: Household,
    version: int,
    config: ZgwConfig,
    *,
    letter_html: str | None = None,
    bsn_for: Collection[str] = (),
    dry_run: bool = False,
    transport: httpx.BaseTransport | None = None,
    today: date,
) -> PushResult:
    """Create or update the household's zaak for plan version ``version``.

    ``today`` is the creatiedatum of the document (the caller's date: the library never
    reads the clock). ``letter_html`` is the household's letter (default:
    :func:`render_html` of the plan);
    ``bsn_for`` names the members whose BSN is sent (``"all"``: every member with one),
    by default none. ``transport`` replaces the network (tests). Raises
    :class:`~gezinsplan.errors.ZgwError` (one line) when the zaak could not be made,
    :class:`~gezinsplan.errors.ZgwIncompleteError` when it was but a later part failed.
    """
    if plan.household_id != household.id:
        raise ZgwError(f"plan belongs to household {plan.household_id!r}, not {household.id!r}")
    html = letter_html if letter_html is not None else render_html(plan, household, version=version)
    mapping.rollen(config, "", plan, household, bsn_for)  # a BSN asked for and missing: stop now
    recorder = _DryRun() if dry_run else None
    with ZgwClient(config, transport=recorder or transport) as client:
        result = _run(_Push(client, config), plan, household, version, html, bsn_for, today)
    if recorder is not None:
        return PushResult(
            zaak=result.zaak,
            zaak_url=result.zaak_url,
            version=version,
            zaak_created=True,
            done=result.done,
            dry_run=True,
            requests=tuple(recorder.requests),
        )
    return result


def _run(
    push: _Push,
    plan: Plan,
    household: Household,
    version: int,
    html: str,
    bsn_for: Collection[str],
    today: date,
) -> PushResult:
    config = push.config
    client = push.client
    hid = household.id
    ident = mapping.zaak_identificatie(config, hid)
    zaken = f"{config.zaken_url}/zaken"
    zaak, zaak_created = push.ensure(
        lambda: push.first(zaken, {"identificatie": ident, "bronorganisatie": config.rsin}),
        lambda: client.post(zaken, mapping.zaak_body(config, plan, version, hid)),
    )
    zaak_url = str(zaak["url"])
    done: list[str] = []
    state = "aangemaakt" if zaak_created else "gevonden"
    step = "huishouden als zaakobject"
    try:
        _, made = push.ensure(
            lambda: _household_object(push, zaak_url, hid),
            lambda: client.post(
                f"{config.zaken_url}/zaakobjecten", mapping.zaakobject_body(zaak_url, hid)
            ),
        )
        if made:
            done.append("huishouden als zaakobject")
        step = "rollen"
        added, removed = _sync_rollen(push, zaak_url, plan, household, bsn_for)
        if added:
            done.append(f"{added} rol(len) toegevoegd")
        if removed:
            done.append(f"{removed} rol(len) verwijderd")
        step = "document"
        doc_ident = mapping.document_identificatie(config, hid, version)
        documents = f"{config.documenten_url}/enkelvoudiginformatieobjecten"
        document, made = push.ensure(
            lambda: push.first(
                documents, {"bronorganisatie": config.rsin, "identificatie": doc_ident}
            ),
            lambda: client.post(
                documents, mapping.document_body(config, hid, version, html, today)
            ),
        )
        document_made = made
        if made:
            done.append(f"brief van plan versie {version} als document toegevoegd")
        step = "koppeling van het document aan de zaak"
        document_url = str(document["url"])
        links = f"{config.zaken_url}/zaakinformatieobjecten"
        _, made = push.ensure(
            lambda: push.first(links, {"zaak": zaak_url, "informatieobject": document_url}),
            lambda: client.post(
                links, mapping.zaakinformatieobject_body(zaak_url, document_url, version)
            ),
        )
        if made and not document_made:
            done.append("document aan de zaak gekoppeld")
        step = "bijwerken van de zaak"
        wanted = mapping.zaak_update(plan, version, hid)
        if not zaak_created and any(zaak.get(k) != v for k, v in wanted.items()):
            client.patch(zaak_url, wanted)
            done.append(f"omschrijving bijgewerkt naar plan versie {version}")
    except ZgwError as e:
        raise ZgwIncompleteError(
            f"zaak {ident} {state}, {step} niet ({e}): opnieuw pushen maakt het af",
            zaak=ident,
            missing=step,
        ) from None
    if zaak_created:
        done.insert(0, "zaak aangemaakt")
    return PushResult(
        zaak=ident,
        zaak_url=zaak_url,
        version=version,
        zaak_created=zaak_created,
        done=tuple(done),
    )


def _household_object(push: _Push, zaak_url: str, household_id: str) -> dict[str, Any] | None:
    nummer = mapping.household_nummer(household_id)
    objects = push.client.list_all(
        f"{push.config.zaken_url}/zaakobjecten", {"zaak": zaak_url, "objectType": "huishouden"}
    )
    for found in objects:
        ident = found.get("objectIdentificatie")
        if isinstance(ident, dict) and ident.get("nummer") == nummer:
            return found
    return None


def _sync_rollen(
    push: _Push,
    zaak_url: str,
    plan: Plan,
    household: Household,
    bsn_for: Collection[str],
) -> tuple[int, int]:
    config = push.config
    url = f"{config.zaken_url}/rollen"
    desired = mapping.rollen(config, zaak_url, plan, household, bsn_for)

    def current() -> list[dict[str, Any]]:
        return push.client.list_all(url, {"zaak": zaak_url})

    present = current()
    have = {mapping.rol_key(r) for r in present}
    wanted = {d.key for d in desired}
    added = 0
    for want in desired:
        if want.key in have:
            continue
        push.ensure(
            _rol_lookup(current, want.key), _rol_create(push, url, want.body), look_first=False
        )
        added += 1
    removed = 0
    for rol in present:
        if mapping.is_ours(rol) and mapping.rol_key(rol) not in wanted:
            push.client.delete(str(rol["url"]))
            removed += 1
    return added, removed


def _rol_lookup(
    current: Callable[[], list[dict[str, Any]]], key: tuple[str, str, str, str]
) -> Callable[[], dict[str, Any] | None]:
    def lookup() -> dict[str, Any] | None:
        return next((r for r in current() if mapping.rol_key(r) == key), None)

    return lookup


def _rol_create(push: _Push, url: str, body: dict[str, Any]) -> Callable[[], dict[str, Any]]:
    def create() -> dict[str, Any]:
        return push.client.post(url, body)

    return create


def push_plan(
    household_id: str,
    config: ZgwConfig,
    *,
    db: str | None = None,
    bsn_for: Collection[str] = (),
    dry_run: bool = False,
    transport: httpx.BaseTransport | None = None,
    today: date,
) -> PushResult:
    """Push the newest stored plan version of ``household_id`` (store at ``db``, default
    ``$GEZINSPLAN_DB`` or ``sqlite:///gezinsplan.sqlite``) as a zaak; see
    :func:`push_version`. The letter is the one ``gezinsplan store letter`` writes."""
    from gezinsplan.store.db import store
    from gezinsplan.store.repository import load_household, plan_version

    with store(db) as factory, factory() as session:
        household = load_household(session, household_id)
        found = plan_version(session, household_id)
        if found is None:
            raise NotFoundError(f"household {household_id}: no plan version in the store")
        number, plan = found
        before = plan_version(session, household_id, number - 1) if number > 1 else None
    html = render_html(plan, household, version=number, previous=before[1] if before else None)
    return push_version(
        plan,
        household,
        number,
        config,
        letter_html=html,
        bsn_for=bsn_for,
        dry_run=dry_run,
        transport=transport,
        today=today,
    )

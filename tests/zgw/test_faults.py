"""Faults of the zaaksysteem: what is retried, what is reported, and that a push that
stopped half-way says so and is finished by pushing again."""

from __future__ import annotations

import logging

import httpx
import pytest

from gezinsplan.errors import ZgwError, ZgwIncompleteError
from gezinsplan.model.household import Household
from gezinsplan.plan.model import Plan
from gezinsplan.zgw import push_version
from gezinsplan.zgw.client import ZgwClient
from gezinsplan.zgw.config import ZgwConfig
from tests.zgw.conftest import PLANTED_BSN, TODAY, make_config
from tests.zgw.fake import SECRET, FakeZaaksysteem

Case = tuple[Household, Plan, Plan]


def _push(zaaksysteem: FakeZaaksysteem, config: ZgwConfig, case: Case, n: int = 1) -> str:
    household, plan, _ = case
    return push_version(
        plan, household, n, config, transport=zaaksysteem.transport, today=TODAY
    ).summary()


def _complete(zaaksysteem: FakeZaaksysteem, case: Case) -> None:
    household = case[0]
    assert len(zaaksysteem.zaken) == 1
    assert len(zaaksysteem.zaakobjecten) == 1
    assert len(zaaksysteem.rollen) == len(household.members) + 1
    assert len(zaaksysteem.documenten) == 1
    assert len(zaaksysteem.zaakinformatieobjecten) == 1


@pytest.mark.parametrize(
    "fault",
    [
        {"status": 500},
        {"status": 503},
        {"timeout": True},
        {"status": 503, "times": 2},
    ],
    ids=["500", "gateway-503", "timeout", "503-twice"],
)
def test_lookups_are_retried(
    zaaksysteem: FakeZaaksysteem, config: ZgwConfig, case: Case, fault: dict[str, object]
) -> None:
    zaaksysteem.fail("GET", "/zaken", **fault)
    zaaksysteem.fail("GET", "/enkelvoudiginformatieobjecten", **fault)
    _push(zaaksysteem, config, case)
    _complete(zaaksysteem, case)
    statuses = [s for m, p, s in zaaksysteem.log if m == "GET" and p == "/zaken"]
    assert statuses[-1] == 200
    assert len(statuses) == 1 + int(fault.get("times", 1))


def test_a_lookup_that_keeps_failing_is_one_line_and_nothing_is_made(
    zaaksysteem: FakeZaaksysteem, config: ZgwConfig, case: Case
) -> None:
    zaaksysteem.fail("GET", "/zaken", status=503, times=10)
    with pytest.raises(ZgwError) as caught:
        _push(zaaksysteem, config, case)
    message = str(caught.value)
    assert message == (
        "GET /api/v1/zaken: 503 het zaaksysteem is tijdelijk niet beschikbaar (na 3 pogingen)"
    )
    assert not isinstance(caught.value, ZgwIncompleteError)
    assert zaaksysteem.zaken == {}


def test_a_refused_zaak_is_not_retried_and_names_the_field(
    zaaksysteem: FakeZaaksysteem, case: Case
) -> None:
    config = make_config(zaaktype="https://catalogi.test/api/v1/zaaktypen/onbekend")
    with pytest.raises(ZgwError) as caught:
        _push(zaaksysteem, config, case)
    message = str(caught.value)
    assert (
        message == "POST /api/v1/zaken: 400 ongeldig verzoek [invalid]; velden: zaaktype (bad-url)"
    )
    assert PLANTED_BSN not in message  # the zaaksysteem's detail and reason are not shown
    assert zaaksysteem.posts() == ["/zaken"]


def test_a_wrong_secret_is_401_in_one_line_without_the_secret(
    zaaksysteem: FakeZaaksysteem, case: Case
) -> None:
    config = make_config(secret="not-the-right-secret-at-all-000000")
    with pytest.raises(ZgwError) as caught:
        _push(zaaksysteem, config, case)
    message = str(caught.value)
    assert message.startswith(
        "GET /api/v1/zaken: 401 niet aangemeld: controleer client_id en secret"
    )
    assert "not-the-right-secret" not in message
    assert SECRET not in message
    assert "\n" not in message
    assert len(zaaksysteem.log) == 1  # 401 is not retried


def test_a_zaak_made_but_its_answer_lost_is_found_not_made_twice(
    zaaksysteem: FakeZaaksysteem, config: ZgwConfig, case: Case
) -> None:
    zaaksysteem.fail("POST", "/zaken", timeout_after=True)
    zaaksysteem.fail("POST", "/enkelvoudiginformatieobjecten", timeout_after=True)
    zaaksysteem.fail("POST", "/rollen", timeout_after=True)
    summary = _push(zaaksysteem, config, case)
    assert summary.startswith("zaak GZP-vb-02 aangemaakt")
    _complete(zaaksysteem, case)
    assert zaaksysteem.posts().count("/zaken") == 1


def test_a_post_that_failed_before_arriving_is_sent_again_after_a_lookup(
    zaaksysteem: FakeZaaksysteem, config: ZgwConfig, case: Case
) -> None:
    zaaksysteem.fail("POST", "/zaken", timeout=True)
    zaaksysteem.fail("POST", "/zaakinformatieobjecten", status=500)
    _push(zaaksysteem, config, case)
    _complete(zaaksysteem, case)
    calls = [(m, p) for m, p, _ in zaaksysteem.log if p == "/zaken"]
    assert calls == [("GET", "/zaken"), ("POST", "/zaken"), ("GET", "/zaken"), ("POST", "/zaken")]


def test_a_zaak_without_its_document_says_so_and_a_second_push_finishes_it(
    zaaksysteem: FakeZaaksysteem, config: ZgwConfig, case: Case
) -> None:
    zaaksysteem.fail("POST", "/enkelvoudiginformatieobjecten", status=500, times=3)
    with pytest.raises(ZgwIncompleteError) as caught:
        _push(zaaksysteem, config, case)
    message = str(caught.value)
    assert message.startswith("zaak GZP-vb-02 aangemaakt, document niet (")
    assert message.endswith("): opnieuw pushen maakt het af")
    assert "500" in message
    assert "\n" not in message
    assert caught.value.zaak == "GZP-vb-02"
    assert caught.value.missing == "document"
    assert len(zaaksysteem.zaken) == 1
    assert zaaksysteem.documenten == {}

    summary = _push(zaaksysteem, config, case)
    assert summary == "zaak GZP-vb-02 bijgewerkt: brief van plan versie 1 als document toegevoegd"
    _complete(zaaksysteem, case)


def test_a_document_not_linked_is_linked_by_the_next_push(
    zaaksysteem: FakeZaaksysteem, config: ZgwConfig, case: Case
) -> None:
    zaaksysteem.fail("POST", "/zaakinformatieobjecten", status=400)
    with pytest.raises(
        ZgwIncompleteError,
        match=r"^zaak GZP-vb-02 aangemaakt, koppeling van het "
        r"document aan de zaak niet \(POST /api/v1/zaakinformatieobjecten: 400",
    ):
        _push(zaaksysteem, config, case)
    assert len(zaaksysteem.documenten) == 1
    assert zaaksysteem.zaakinformatieobjecten == {}
    summary = _push(zaaksysteem, config, case)
    assert summary == "zaak GZP-vb-02 bijgewerkt: document aan de zaak gekoppeld"
    _complete(zaaksysteem, case)


def test_rollen_refused_leave_a_zaak_that_says_which(
    zaaksysteem: FakeZaaksysteem, config: ZgwConfig, case: Case
) -> None:
    zaaksysteem.fail("POST", "/rollen", status=401)
    with pytest.raises(ZgwIncompleteError, match=r"^zaak GZP-vb-02 aangemaakt, rollen niet \("):
        _push(zaaksysteem, config, case)
    _push(zaaksysteem, config, case)
    _complete(zaaksysteem, case)


def test_an_update_is_retried(zaaksysteem: FakeZaaksysteem, config: ZgwConfig, case: Case) -> None:
    household, first, second = case
    push_version(first, household, 1, config, transport=zaaksysteem.transport, today=TODAY)
    zaaksysteem.fail("PATCH", "/zaken", status=500)
    push_version(second, household, 2, config, transport=zaaksysteem.transport, today=TODAY)
    patches = [s for m, _, s in zaaksysteem.log if m == "PATCH"]
    assert patches == [500, 200]


def test_a_zaaksysteem_out_of_reach_is_one_line(config: ZgwConfig, case: Case) -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    household, plan, _ = case
    with pytest.raises(ZgwError) as caught:
        push_version(plan, household, 1, config, transport=httpx.MockTransport(refuse), today=TODAY)
    assert str(caught.value) == (
        "GET /api/v1/zaken: zaken-api.vng.cloud niet bereikbaar (ConnectError) (na 3 pogingen)"
    )


def test_logs_hold_no_secret_token_or_bsn(
    zaaksysteem: FakeZaaksysteem, config: ZgwConfig, case: Case, caplog: pytest.LogCaptureFixture
) -> None:
    household, plan, _ = case
    zaaksysteem.fail("GET", "/rollen", status=500)
    with caplog.at_level(logging.DEBUG, logger="gezinsplan"):
        push_version(
            plan,
            household,
            1,
            config,
            bsn_for=["all"],
            transport=zaaksysteem.transport,
            today=TODAY,
        )
    text = caplog.text
    assert "POST /api/v1/zaken -> 201" in text
    assert SECRET not in text
    assert "Bearer" not in text
    assert PLANTED_BSN not in text
    tokens = [h["authorization"].split(" ")[1] for h in zaaksysteem.headers]
    assert not any(t in text for t in tokens)


def test_a_next_page_on_another_server_is_not_followed(config: ZgwConfig, case: Case) -> None:
    asked: list[str] = []

    def answer(request: httpx.Request) -> httpx.Response:
        asked.append(request.url.host)
        body = {"count": 2, "next": "https://elders.example/zaken?page=2", "results": []}
        return httpx.Response(200, json=body)

    household, plan, _ = case
    with pytest.raises(ZgwError, match=r"^GET /api/v1/zaken: the next page is on another server$"):
        push_version(plan, household, 1, config, transport=httpx.MockTransport(answer), today=TODAY)
    assert asked == ["zaken-api.vng.cloud"]


def test_the_configured_timeout_and_no_retries(zaaksysteem: FakeZaaksysteem, case: Case) -> None:
    config = make_config(timeout=1.5, retries=0)
    with ZgwClient(config) as client:
        assert client._http.timeout == httpx.Timeout(1.5)
    zaaksysteem.fail("GET", "/zaken", timeout=True)
    with pytest.raises(ZgwError) as caught:
        _push(zaaksysteem, config, case)
    assert str(caught.value) == "GET /api/v1/zaken: geen antwoord binnen 1.5 s"
    assert len(zaaksysteem.log) == 1

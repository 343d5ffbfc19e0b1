"""Pushing a plan version as a zaak to the fake zaaksysteem (every request and answer
validated against the ZGW OpenAPI documents)."""

from __future__ import annotations

import json

import httpx
import jwt
import pytest

from gezinsplan.errors import ZgwError
from gezinsplan.model.household import Household
from gezinsplan.plan.model import Plan
from gezinsplan.zgw import push_version
from gezinsplan.zgw.config import ZgwConfig
from tests.zgw.conftest import PLANTED_BSN, TODAY
from tests.zgw.fake import CLIENT_ID, SECRET, ZAKEN, FakeZaaksysteem

Case = tuple[Household, Plan, Plan]


def _push(
    zaaksysteem: FakeZaaksysteem, config: ZgwConfig, plan: Plan, household: Household, n: int
) -> str:
    return push_version(
        plan, household, n, config, transport=zaaksysteem.transport, today=TODAY
    ).summary()


def test_a_first_push_makes_the_zaak_with_everything(
    zaaksysteem: FakeZaaksysteem, config: ZgwConfig, case: Case
) -> None:
    household, plan, _ = case
    result = push_version(plan, household, 1, config, transport=zaaksysteem.transport, today=TODAY)
    assert result.zaak == "GZP-vb-02"
    assert result.zaak_created
    (zaak,) = zaaksysteem.zaken.values()
    assert zaak["identificatie"] == "GZP-vb-02"
    assert zaak["bronorganisatie"] == zaak["verantwoordelijkeOrganisatie"] == config.rsin
    assert zaak["zaaktype"] == config.zaaktype
    assert zaak["startdatum"] == plan.peildatum.isoformat()
    assert zaak["kenmerken"] == [{"kenmerk": "vb-02", "bron": "gezinsplan"}]
    (household_object,) = zaaksysteem.zaakobjecten.values()
    assert household_object["objectType"] == "huishouden"
    assert household_object["objectIdentificatie"] == {"nummer": "vb-02"}
    rollen = list(zaaksysteem.rollen.values())
    assert len(rollen) == len(household.members) + 1
    members = [r for r in rollen if r["roltype"] == config.roltype_gezinslid]
    assert {r["roltoelichting"] for r in members} == {
        f"gezinslid {m.id} ({m.role.value})" for m in household.members
    }
    assert all(r["betrokkeneType"] == "natuurlijk_persoon" for r in members)
    (regisseur,) = [r for r in rollen if r["roltype"] == config.roltype_regisseur]
    assert plan.regisseur is not None
    assert regisseur["roltoelichting"].endswith(plan.regisseur.id)
    (document,) = zaaksysteem.documenten.values()
    assert document["taal"] == "dut"
    assert document["formaat"] == "text/html"
    assert document["bestandsnaam"] == "gezinsplan-vb-02-v1.html"
    assert document["informatieobjecttype"] == config.informatieobjecttype
    assert document["identificatie"] == "GZP-vb-02-v1"
    (content,) = zaaksysteem.contents.values()
    assert document["bestandsomvang"] == len(content)
    assert content.decode("utf-8").lstrip().lower().startswith("<!doctype html>")
    (link,) = zaaksysteem.zaakinformatieobjecten.values()
    assert link["zaak"] == zaak["url"]
    assert link["informatieobject"] == document["url"]
    assert result.summary().startswith("zaak GZP-vb-02 aangemaakt: zaak aangemaakt, huishouden")
    # every request and every answer went through the OpenAPI validation
    assert zaaksysteem.validated == 2 * len(zaaksysteem.log)


def test_the_same_version_again_duplicates_nothing(
    zaaksysteem: FakeZaaksysteem, config: ZgwConfig, case: Case
) -> None:
    household, plan, _ = case
    _push(zaaksysteem, config, plan, household, 1)
    posts = len(zaaksysteem.posts())
    again = _push(zaaksysteem, config, plan, household, 1)
    assert again == "zaak GZP-vb-02: plan versie 1 stond er al; niets veranderd"
    assert len(zaaksysteem.posts()) == posts  # only lookups the second time
    assert {m for m, _, _ in zaaksysteem.log[-5:]} == {"GET"}
    assert len(zaaksysteem.zaken) == len(zaaksysteem.documenten) == 1


def test_a_new_version_updates_the_same_zaak_and_adds_its_letter(
    zaaksysteem: FakeZaaksysteem, config: ZgwConfig, case: Case
) -> None:
    household, first, second = case
    _push(zaaksysteem, config, first, household, 1)
    summary = _push(zaaksysteem, config, second, household, 2)
    assert summary.startswith("zaak GZP-vb-02 bijgewerkt: brief van plan versie 2")
    assert "omschrijving bijgewerkt naar plan versie 2" in summary
    (zaak,) = zaaksysteem.zaken.values()
    assert "versie 2" in zaak["toelichting"]
    assert sorted(d["identificatie"] for d in zaaksysteem.documenten.values()) == [
        "GZP-vb-02-v1",
        "GZP-vb-02-v2",
    ]
    assert len(zaaksysteem.zaakinformatieobjecten) == 2
    assert len(zaak["zaakinformatieobjecten"]) == 2
    assert len(zaaksysteem.zaakobjecten) == 1
    assert len(zaaksysteem.rollen) == len(household.members) + 1


def test_rollen_follow_the_household_and_the_regisseur(
    zaaksysteem: FakeZaaksysteem, config: ZgwConfig, case: Case
) -> None:
    household, _, plan = case
    _push(zaaksysteem, config, plan, household, 1)
    smaller = household.model_copy(update={"members": household.members[:-1]})
    gone = household.members[-1].id
    still = plan.model_copy(update={"goals": tuple(g for g in plan.goals if gone not in g.members)})
    summary = _push(zaaksysteem, config, still, smaller, 2)
    assert "1 rol(len) verwijderd" in summary
    assert not any(gone + " " in r["roltoelichting"] for r in zaaksysteem.rollen.values())
    (zaak,) = zaaksysteem.zaken.values()
    assert len(zaak["rollen"]) == len(smaller.members) + 1


def test_lists_over_several_pages_are_read_whole(
    config: ZgwConfig, case: Case, specs: None
) -> None:
    zaaksysteem = FakeZaaksysteem(page_size=2)
    household, plan, _ = case
    _push(zaaksysteem, config, plan, household, 1)
    posts = len(zaaksysteem.posts())
    _push(zaaksysteem, config, plan, household, 1)
    assert len(zaaksysteem.posts()) == posts  # every rol found on pages 1..3
    assert not zaaksysteem.violations


def test_no_bsn_unless_asked_and_then_only_for_that_member(
    zaaksysteem: FakeZaaksysteem, config: ZgwConfig, case: Case
) -> None:
    household, plan, _ = case
    _push(zaaksysteem, config, plan, household, 1)
    sent = b"".join(zaaksysteem.bodies)
    assert PLANTED_BSN.encode() not in sent
    for member in household.members:  # no names, no birth dates outside the letter
        assert member.birth_date.isoformat().encode() not in sent
        if member.name:
            assert member.name.encode() not in sent
    assert all(
        r["betrokkeneIdentificatie"] == {}
        for r in zaaksysteem.rollen.values()
        if r["betrokkeneType"] == "natuurlijk_persoon"
    )

    with_bsn = push_version(
        plan, household, 1, config, bsn_for=["m1"], transport=zaaksysteem.transport, today=TODAY
    )
    assert "rol" in with_bsn.summary()
    bsns = [
        r["betrokkeneIdentificatie"].get("inpBsn")
        for r in zaaksysteem.rollen.values()
        if r["betrokkeneType"] == "natuurlijk_persoon"
    ]
    assert bsns.count(PLANTED_BSN) == 1  # the member's rol was replaced by one with its BSN
    assert len(zaaksysteem.rollen) == len(household.members) + 1


def test_a_bsn_asked_for_a_member_without_one_stops_before_sending(
    zaaksysteem: FakeZaaksysteem, config: ZgwConfig, case: Case
) -> None:
    household, plan, _ = case
    with pytest.raises(ZgwError, match="BSN asked for member 'm2': the household holds no BSN"):
        push_version(
            plan, household, 1, config, bsn_for=["m2"], transport=zaaksysteem.transport, today=TODAY
        )
    with pytest.raises(ZgwError, match="'m9': no such member"):
        push_version(
            plan, household, 1, config, bsn_for=["m9"], transport=zaaksysteem.transport, today=TODAY
        )
    assert zaaksysteem.log == []


def test_every_request_carries_a_zgw_jwt(
    zaaksysteem: FakeZaaksysteem, config: ZgwConfig, case: Case
) -> None:
    household, plan, _ = case
    _push(zaaksysteem, config, plan, household, 1)
    for headers in zaaksysteem.headers:
        scheme, token = headers["authorization"].split(" ")
        assert scheme == "Bearer"
        claims = jwt.decode(token, SECRET, algorithms=["HS256"])
        assert claims["iss"] == claims["client_id"] == CLIENT_ID
        assert isinstance(claims["iat"], int)
        assert jwt.get_unverified_header(token)["alg"] == "HS256"


def test_the_fake_refuses_what_the_standard_refuses(zaaksysteem: FakeZaaksysteem) -> None:
    """The validation bites: a body the Zaken API does not allow fails the test."""
    client = httpx.Client(transport=zaaksysteem.transport)
    token = jwt.encode({"iss": CLIENT_ID, "client_id": CLIENT_ID, "iat": 1}, SECRET)
    headers = {
        "Authorization": f"Bearer {token}",
        "Accept-Crs": "EPSG:4326",
        "Content-Crs": "EPSG:4326",
        "Content-Type": "application/json",
    }
    with pytest.raises(AssertionError, match="invalid request"):
        client.post(
            f"{ZAKEN}/zaken", content=json.dumps({"bronorganisatie": "1234567890"}), headers=headers
        )
    rol = {
        "zaak": f"{ZAKEN}/zaken/x",
        "betrokkeneType": "natuurlijk_persoon",
        "roltype": "https://catalogi.test/r",
        "roltoelichting": "x",
        "betrokkeneIdentificatie": {"inpBsn": "1234567890"},
    }
    with pytest.raises(AssertionError, match="invalid natuurlijk_persoon_Rol"):
        client.post(f"{ZAKEN}/rollen", content=json.dumps(rol), headers=headers)
    zaaksysteem.violations.clear()


@pytest.mark.parametrize(
    ("kind", "rol_id", "betrokkene_type", "identificatie"),
    [
        ("professional", "pr6", "medewerker", {"identificatie": "pr6"}),
        (
            "toegang",
            "wijkteam-noord",
            "organisatorische_eenheid",
            {"identificatie": "wijkteam-noord"},
        ),
        ("informal", "is1", "natuurlijk_persoon", {}),
        ("member", "m1", "natuurlijk_persoon", {"inpBsn": PLANTED_BSN}),
    ],
)
def test_every_kind_of_regisseur_is_a_valid_rol(
    zaaksysteem: FakeZaaksysteem,
    config: ZgwConfig,
    case: Case,
    kind: str,
    rol_id: str,
    betrokkene_type: str,
    identificatie: dict[str, str],
) -> None:
    household, plan, _ = case
    assert plan.regisseur is not None
    regisseur = plan.regisseur.model_copy(update={"kind": kind, "id": rol_id})
    plan = plan.model_copy(update={"regisseur": regisseur})
    push_version(
        plan, household, 1, config, bsn_for=["m1"], transport=zaaksysteem.transport, today=TODAY
    )
    (rol,) = [r for r in zaaksysteem.rollen.values() if r["roltype"] == config.roltype_regisseur]
    assert rol["betrokkeneType"] == betrokkene_type
    assert rol["betrokkeneIdentificatie"] == identificatie

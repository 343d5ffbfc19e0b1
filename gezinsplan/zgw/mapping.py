"""From a plan version to ZGW objects: the JSON bodies a push sends.

Pure functions, no network. What is sent (docs/zgw.md, "What is sent"):

- the zaak: bronorganisatie (RSIN), verantwoordelijke organisatie, zaaktype, startdatum
  (the peildatum of the first pushed plan), omschrijving, toelichting (version,
  peildatum, outcome: ids and codes only), vertrouwelijkheidaanduiding, a stable
  ``identificatie`` (prefix and household id) and a kenmerk (bron ``gezinsplan``);
- the household as zaakobject (objectType ``huishouden``, nummer = household id);
- a rol per member (natuurlijk persoon, roltoelichting ``gezinslid m1 (ouder)``) and one
  for the regisseur. No names, no birth dates; a BSN only for the members named in
  ``bsn_for`` (the user asks for it explicitly);
- the household's letter as enkelvoudig informatieobject (HTML, taal ``dut``), linked
  by a zaakinformatieobject.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from typing import Any

from gezinsplan.errors import ZgwError
from gezinsplan.model.household import Household
from gezinsplan.plan.model import Plan
from gezinsplan.zgw.config import ZgwConfig

__all__ = [
    "KENMERK_BRON",
    "DesiredRol",
    "document_body",
    "document_identificatie",
    "household_nummer",
    "rollen",
    "zaak_body",
    "zaak_identificatie",
    "zaak_update",
    "zaakinformatieobject_body",
    "zaakobject_body",
]

KENMERK_BRON = "gezinsplan"
"""The ``bron`` of the kenmerk that carries the household id on the zaak."""
MEMBER_PREFIX = "gezinslid "
REGISSEUR_PREFIX = "regisseur: "
_REGISSEUR_KIND = {
    "member": "gezinslid",
    "professional": "professional",
    "informal": "netwerk",
    "toegang": "toegang",
}


def _digest(text: str, length: int) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:length]


def zaak_identificatie(config: ZgwConfig, household_id: str) -> str:
    """The zaak's identificatie: ``<prefix>-<household id>`` (a hash of the id when that
    does not fit), at most 32 characters, so a document's ``-v<N>`` fits in 40."""
    plain = f"{config.identificatie_prefix}-{household_id}"
    if len(plain) <= 32:
        return plain
    return f"{config.identificatie_prefix}-{_digest(household_id, 16)}"


def document_identificatie(config: ZgwConfig, household_id: str, version: int) -> str:
    """The letter of plan version ``version``: ``<zaak identificatie>-v<version>``."""
    return f"{zaak_identificatie(config, household_id)}-v{version}"


def household_nummer(household_id: str) -> str:
    """The household's nummer in the zaakobject (at most 12 characters)."""
    return household_id if len(household_id) <= 12 else _digest(household_id, 12)


def _toelichting(plan: Plan, version: int) -> str:
    return (
        f"Gezinsplan versie {version}, peildatum {plan.peildatum.isoformat()}, "
        f"uitkomst {plan.outcome.value}, {len(plan.goals)} doel(en). "
        "Aangemaakt met gezinsplan; de brief aan het huishouden is als document toegevoegd."
    )


def zaak_update(plan: Plan, version: int, household_id: str) -> dict[str, str]:
    """The fields a push keeps up to date on the zaak."""
    return {
        "omschrijving": f"Gezinsplan huishouden {household_id}"[:80],
        "toelichting": _toelichting(plan, version),
    }


def zaak_body(config: ZgwConfig, plan: Plan, version: int, household_id: str) -> dict[str, Any]:
    """The body of ``POST /zaken`` for a household's first push."""
    kenmerk = household_id if len(household_id) <= 40 else _digest(household_id, 40)
    return {
        "identificatie": zaak_identificatie(config, household_id),
        "bronorganisatie": config.rsin,
        "verantwoordelijkeOrganisatie": config.verantwoordelijke_organisatie,
        "zaaktype": config.zaaktype,
        "startdatum": plan.peildatum.isoformat(),
        "vertrouwelijkheidaanduiding": config.vertrouwelijkheidaanduiding,
        "kenmerken": [{"kenmerk": kenmerk, "bron": KENMERK_BRON}],
        **zaak_update(plan, version, household_id),
    }


def zaakobject_body(zaak_url: str, household_id: str) -> dict[str, Any]:
    """The household as zaakobject (objectType ``huishouden``)."""
    return {
        "zaak": zaak_url,
        "objectType": "huishouden",
        "relatieomschrijving": "het huishouden van dit gezinsplan",
        "objectIdentificatie": {"nummer": household_nummer(household_id)},
    }


@dataclass(frozen=True)
class DesiredRol:
    """A rol the zaak should have; ``key`` finds it again among the zaak's rollen."""

    body: dict[str, Any]

    @property
    def key(self) -> tuple[str, str, str, str]:
        ident = self.body.get("betrokkeneIdentificatie") or {}
        return _rol_key(self.body, ident)


def _rol_key(rol: dict[str, Any], ident: Any) -> tuple[str, str, str, str]:
    if not isinstance(ident, dict):
        ident = {}
    who = str(ident.get("inpBsn") or ident.get("identificatie") or "")
    return (
        str(rol.get("roltype", "")),
        str(rol.get("betrokkeneType", "")),
        str(rol.get("roltoelichting", "")),
        who,
    )


def rol_key(rol: dict[str, Any]) -> tuple[str, str, str, str]:
    """The key of a rol as the zaaksysteem returns it (see :class:`DesiredRol`)."""
    return _rol_key(rol, rol.get("betrokkeneIdentificatie"))


def is_ours(rol: dict[str, Any]) -> bool:
    """True for rollen a push made (a member or the regisseur), by their toelichting."""
    text = str(rol.get("roltoelichting", ""))
    return text.startswith((MEMBER_PREFIX, REGISSEUR_PREFIX))


def _bsn_members(household: Household, bsn_for: Collection[str]) -> dict[str, str]:
    wanted = set(bsn_for)
    if "all" in wanted:
        wanted = {m.id for m in household.members if m.bsn}
    known = {m.id: m for m in household.members}
    found: dict[str, str] = {}
    for member_id in sorted(wanted):
        member = known.get(member_id)
        if member is None:
            raise ZgwError(f"BSN asked for member {member_id!r}: no such member in the household")
        if not member.bsn:
            raise ZgwError(f"BSN asked for member {member_id!r}: the household holds no BSN for it")
        found[member_id] = member.bsn.zfill(9)
    return found


def rollen(
    config: ZgwConfig,
    zaak_url: str,
    plan: Plan,
    household: Household,
    bsn_for: Collection[str] = (),
) -> list[DesiredRol]:
    """A rol per member and one for the regisseur (when the plan has one)."""
    bsns = _bsn_members(household, bsn_for)

    def person(member_id: str | None) -> dict[str, str]:
        return {"inpBsn": bsns[member_id]} if member_id in bsns else {}

    found = [
        DesiredRol(
            {
                "zaak": zaak_url,
                "betrokkeneType": "natuurlijk_persoon",
                "roltype": config.roltype_gezinslid,
                "roltoelichting": f"{MEMBER_PREFIX}{m.id} ({m.role.value})",
                "betrokkeneIdentificatie": person(m.id),
            }
        )
        for m in household.members
    ]
    regisseur = plan.regisseur
    if regisseur is not None:
        kind = regisseur.kind
        body: dict[str, Any] = {
            "zaak": zaak_url,
            "roltype": config.roltype_regisseur,
            "roltoelichting": f"{REGISSEUR_PREFIX}{_REGISSEUR_KIND[kind]} {regisseur.id}"[:1000],
        }
        if kind == "professional":
            body["betrokkeneType"] = "medewerker"
            body["betrokkeneIdentificatie"] = {"identificatie": regisseur.id[:24]}
        elif kind == "toegang":
            body["betrokkeneType"] = "organisatorische_eenheid"
            body["betrokkeneIdentificatie"] = {"identificatie": regisseur.id[:24]}
        else:
            body["betrokkeneType"] = "natuurlijk_persoon"
            body["betrokkeneIdentificatie"] = person(regisseur.id if kind == "member" else None)
        found.append(DesiredRol(body))
    return found


def document_body(
    config: ZgwConfig,
    household_id: str,
    version: int,
    letter_html: str,
    today: date,
) -> dict[str, Any]:
    """The letter of one plan version as enkelvoudig informatieobject."""
    content = letter_html.encode("utf-8")
    return {
        "identificatie": document_identificatie(config, household_id, version),
        "bronorganisatie": config.rsin,
        "creatiedatum": today.isoformat(),
        "titel": f"Gezinsplan versie {version} (brief aan het huishouden)",
        "vertrouwelijkheidaanduiding": config.vertrouwelijkheidaanduiding,
        "auteur": config.auteur,
        "status": "definitief",
        "formaat": "text/html",
        "taal": "dut",
        "bestandsnaam": f"gezinsplan-{household_id}-v{version}.html",
        "inhoud": base64.b64encode(content).decode("ascii"),
        "bestandsomvang": len(content),
        "beschrijving": f"De brief bij plan versie {version} van huishouden {household_id}.",
        "indicatieGebruiksrecht": False,
        "informatieobjecttype": config.informatieobjecttype,
    }


def zaakinformatieobject_body(zaak_url: str, document_url: str, version: int) -> dict[str, Any]:
    """The link of a document to the zaak."""
    return {
        "zaak": zaak_url,
        "informatieobject": document_url,
        "titel": f"Gezinsplan versie {version}",
        "beschrijving": "De brief aan het huishouden bij deze versie van het plan.",
    }

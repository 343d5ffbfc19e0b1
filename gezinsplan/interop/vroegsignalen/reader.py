"""Read a delivery of vroegsignalen in the DDAS exchange model v0.9 (JSON).

A delivery holds, per gemeente (``leveringen``), the signals of creditors about payment
arrears (``vroegsignalen``: signaalpartner, bedrag, ontstaansdatum, signaaldatum,
crisissignaal, status, the client) and the municipality's cases about them
(``vroegsignaalzaken``: resultaat, contactpogingen). :func:`read_delivery` checks in code
what the library needs, reports every problem as one line with the file and the JSON path
(``$.leveringen[0].vroegsignalen[2].signaaldatum``) and refuses the whole file on any
problem. The official JSON Schema is not needed at run time; the code lists are package
data (``codes.json``), tested against the schema's enumerations.

Personal data never leaves this module: the BSN becomes a keyed pseudonym (the same
HMAC-SHA256 as ``store export``), the signal's own id too; names, addresses, the birth
date and the contact persons of the delivering organisation are dropped. Problems name
paths, never values.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from gezinsplan.errors import InputError, Problem
from gezinsplan.model.bsn import is_valid_bsn
from gezinsplan.model.enums import ArrearKind
from gezinsplan.model.household import Arrear
from gezinsplan.store.pseudonymize import pseudonym

__all__ = [
    "MAX_BYTES",
    "Delivery",
    "DeliveryError",
    "Signal",
    "codes",
    "person_key",
    "read_delivery",
    "read_delivery_data",
]

MAX_BYTES = 200_000_000
"""The largest delivery file read (200 MB)."""
MAX_PROBLEMS = 200
"""At most this many problem lines are listed (then a count of the rest)."""

_DAY = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_DATETIME = re.compile(
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$"
)
_GEMEENTECODE = re.compile(r"^[0-9]{4}$")
_LETTERS = str.maketrans("0123456789", "ghijklmnop")

_TOP_KEYS = {
    "startdatumLevering",
    "einddatumLevering",
    "aanleverdatumEnTijd",
    "codeGegevensleverancier",
    "leveringen",
}
_LEVERING_KEYS = {
    "teller",
    "gemeentecode",
    "aanleverende_organisatie",
    "vroegsignalen",
    "vroegsignaalzaken",
}
_SIGNAL_KEYS = {
    "ID",
    "crisissignaal",
    "warmeOverdracht",
    "bedrag",
    "ontstaansdatum",
    "signaaldatum",
    "status",
    "signaalpartner",
    "client",
}
_CLIENT_TEXT = (
    "Burgerservicenummer",
    "Voorletters",
    "Voorvoegsel",
    "Achternaam",
    "Straatnaam",
    "Postcode",
    "Huisnummer",
    "Huisnummertoevoeging",
    "Plaatsnaam",
)
_ZAAK_DATES = (
    "matchingsdatum",
    "startdatum_matchtingperiode",
    "datum_opgepakt",
    "einddatum_matchingperiode",
)


@cache
def codes() -> Mapping[str, Any]:
    """The code lists of the exchange model and how they are read (package data)."""
    text = resources.files(__package__).joinpath("codes.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def _opaque(hexdigest: str) -> str:
    """Hex digits as letters: an id with no digits never reads as a date or a BSN."""
    return hexdigest.translate(_LETTERS)


def person_key(key: bytes, bsn: str) -> str:
    """The keyed pseudonym of a BSN: the key that joins signals to households.

    The same function as the iStandaarden import (``pseudonym(key, "bsn", bsn)``), so a
    household it wrote (id ``h-`` + the pseudonym in letters) is found by the same key.
    """
    return _opaque(pseudonym(key, "bsn", bsn))


@dataclass(frozen=True)
class Signal:
    """One signal, pseudonymised: the person key, the gemeente and the arrear."""

    person: str
    """:func:`person_key` of the client's BSN."""
    gemeente: str
    """The CBS gemeentecode of the delivery (four digits)."""
    arrear: Arrear
    status: str
    """The signal's status as delivered ('' when none)."""
    resultaat: str
    """The result of its vroegsignaalzaak ('' when none)."""

    def as_dict(self) -> dict[str, Any]:
        """Plain JSON data (the arrear as in the household format)."""
        return {
            "person": self.person,
            "gemeente": self.gemeente,
            "status": self.status,
            "resultaat": self.resultaat,
            "arrear": self.arrear.model_dump(mode="json", exclude_none=True),
        }


@dataclass
class Delivery:
    """A checked delivery: the signals to attach and the ones left out."""

    source: str
    start: date
    end: date
    signals: list[Signal] = field(default_factory=list)
    """Signals to attach to households."""
    dropped: int = 0
    """Signals left out by their status or their case's result (onterecht, herhaalde
    melding, overleden, geen inwoner)."""
    gemeenten: tuple[str, ...] = ()


class DeliveryError(InputError):
    """A delivery was refused; ``problems`` lists every problem (file and JSON path)."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        lines = [str(p) for p in self.problems[:MAX_PROBLEMS]]
        if len(self.problems) > MAX_PROBLEMS:
            lines.append(f"… and {len(self.problems) - MAX_PROBLEMS} more problems")
        super().__init__(
            f"vroegsignalen refused (nothing imported), {len(self.problems)} "
            f"problem{'s' if len(self.problems) != 1 else ''}:\n" + "\n".join(lines)
        )


class _Checker:
    def __init__(self, source: str) -> None:
        self.source = source
        self.problems: list[Problem] = []

    def problem(self, path: str, message: str) -> None:
        self.problems.append(Problem(self.source, path, message))

    def obj(self, value: Any, path: str, allowed: set[str] | None) -> dict[str, Any] | None:
        if not isinstance(value, dict):
            self.problem(path, "expected an object")
            return None
        if allowed is not None:
            for k in value:
                if k not in allowed:
                    shown = k if len(k) <= 40 and k.isprintable() else "…"
                    self.problem(f"{path}.{shown}", "unknown field (not in the exchange model)")
        return value

    def array(self, value: Any, path: str, *, min_items: int = 0) -> list[Any]:
        if not isinstance(value, list):
            self.problem(path, "expected an array")
            return []
        if len(value) < min_items:
            self.problem(path, f"expected at least {min_items} item{'s' * (min_items != 1)}")
        return value

    def text(self, data: dict[str, Any], key: str, path: str, *, required: bool) -> str | None:
        if key not in data:
            if required:
                self.problem(f"{path}.{key}", "missing (required)")
            return None
        value = data[key]
        if not isinstance(value, str):
            self.problem(f"{path}.{key}", "expected text")
            return None
        if required and not value.strip():
            self.problem(f"{path}.{key}", "empty (required)")
            return None
        return value

    def flag(self, data: dict[str, Any], key: str, path: str) -> bool:
        value = data.get(key, False)
        if not isinstance(value, bool):
            self.problem(f"{path}.{key}", "expected true or false")
            return False
        return value

    def whole(self, data: dict[str, Any], key: str, path: str, *, required: bool) -> int | None:
        if key not in data:
            if required:
                self.problem(f"{path}.{key}", "missing (required)")
            return None
        value = data[key]
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(f"{path}.{key}", "expected a whole number")
            return None
        return value

    def day(self, data: dict[str, Any], key: str, path: str, *, required: bool) -> date | None:
        if key not in data:
            if required:
                self.problem(f"{path}.{key}", "missing (required)")
            return None
        value = data[key]
        if not isinstance(value, str) or not _DAY.match(value):
            self.problem(f"{path}.{key}", "expected a date written as YYYY-MM-DD")
            return None
        try:
            day = date.fromisoformat(value)
        except ValueError:
            self.problem(f"{path}.{key}", "not a calendar date")
            return None
        if not date(1900, 1, 1) <= day <= date(2199, 12, 31):
            self.problem(f"{path}.{key}", "date outside 1900-01-01 to 2199-12-31")
            return None
        return day

    def code(
        self, data: dict[str, Any], key: str, path: str, allowed: Mapping[str, Any] | list[str]
    ) -> str | None:
        if key not in data:
            return None
        value = data[key]
        if not isinstance(value, str) or value not in allowed:
            self.problem(f"{path}.{key}", "not a value of the exchange model's code list")
            return None
        return value


def read_delivery(path: str | Path, *, key: bytes) -> Delivery:
    """Read and check the delivery in ``path``; :class:`DeliveryError` on any problem."""
    p = Path(path)
    source = str(path)
    size = p.stat().st_size
    if size > MAX_BYTES:
        raise DeliveryError([Problem(source, "", f"file larger than {MAX_BYTES} bytes")])
    raw = p.read_bytes()
    try:
        data = json.loads(raw.decode("utf-8-sig"), object_pairs_hook=_unique_keys)
    except UnicodeDecodeError as e:
        raise DeliveryError([Problem(source, "", f"not valid UTF-8 (byte {e.start})")]) from None
    except json.JSONDecodeError as e:
        raise DeliveryError(
            [Problem(source, "", f"invalid JSON: {e.msg} (column {e.colno})", e.lineno)]
        ) from None
    except (ValueError, RecursionError) as e:
        message = str(e) if isinstance(e, ValueError) else "nested too deeply"
        raise DeliveryError([Problem(source, "", f"invalid JSON: {message}")]) from None
    return read_delivery_data(data, key=key, source=source)


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in pairs:
        if k in out:
            shown = k if len(k) <= 40 and k.isprintable() else "…"
            raise ValueError(f"duplicate key {shown!r} in one object")
        out[k] = v
    return out


def read_delivery_data(data: Any, *, key: bytes, source: str = "<input>") -> Delivery:
    """Check a decoded delivery and return its pseudonymised signals (all or nothing)."""
    c = _Checker(source)
    cl = codes()
    top = c.obj(data, "$", _TOP_KEYS)
    if top is None:
        raise DeliveryError(c.problems)
    start = c.day(top, "startdatumLevering", "$", required=True)
    end = c.day(top, "einddatumLevering", "$", required=True)
    if start and end and end < start:
        c.problem("$.einddatumLevering", "lies before startdatumLevering")
    stamp = c.text(top, "aanleverdatumEnTijd", "$", required=True)
    if stamp is not None:
        ok = bool(_DATETIME.match(stamp))
        if ok:
            try:
                datetime.fromisoformat(stamp.replace("Z", "+00:00"))
            except ValueError:
                ok = False
        if not ok:
            c.problem(
                "$.aanleverdatumEnTijd",
                "expected a date and time such as 2026-11-30T09:15:00Z (ISO 8601)",
            )
    c.text(top, "codeGegevensleverancier", "$", required=True)
    leveringen: list[Any] = []
    if "leveringen" not in top:
        c.problem("$.leveringen", "missing (a delivery without leveringen holds no signals)")
    else:
        leveringen = c.array(top["leveringen"], "$.leveringen", min_items=1)

    signals: list[Signal] = []
    dropped = 0
    gemeenten: list[str] = []
    seen_ids: dict[tuple[str, str], str] = {}
    for i, lev_raw in enumerate(leveringen):
        lp = f"$.leveringen[{i}]"
        lev = c.obj(lev_raw, lp, _LEVERING_KEYS)
        if lev is None:
            continue
        c.whole(lev, "teller", lp, required=True)
        gemeente = c.text(lev, "gemeentecode", lp, required=True)
        if gemeente is not None and not _GEMEENTECODE.match(gemeente):
            c.problem(f"{lp}.gemeentecode", "expected a CBS gemeentecode of four digits")
            gemeente = None
        if gemeente is not None and gemeente not in gemeenten:
            gemeenten.append(gemeente)
        if "aanleverende_organisatie" not in lev:
            c.problem(f"{lp}.aanleverende_organisatie", "missing (required)")
        else:
            c.obj(lev["aanleverende_organisatie"], f"{lp}.aanleverende_organisatie", None)
        # signals of this levering: local id -> (path, person, fields)
        parsed: dict[str, dict[str, Any]] = {}
        for j, s_raw in enumerate(c.array(lev.get("vroegsignalen", []), f"{lp}.vroegsignalen")):
            sp = f"{lp}.vroegsignalen[{j}]"
            s = c.obj(s_raw, sp, _SIGNAL_KEYS)
            if s is None:
                continue
            sid = c.text(s, "ID", sp, required=True)
            if sid is not None:
                if (gemeente or "", sid) in seen_ids:
                    c.problem(f"{sp}.ID", f"the same ID as {seen_ids[(gemeente or '', sid)]}")
                    sid = None
                else:
                    seen_ids[(gemeente or "", sid)] = sp
            person = None
            if "client" not in s:
                c.problem(f"{sp}.client", "missing (required)")
            else:
                client = c.obj(s["client"], f"{sp}.client", {*_CLIENT_TEXT, "Geboortedatum"})
                if client is not None:
                    for k in _CLIENT_TEXT:
                        c.text(client, k, f"{sp}.client", required=False)
                    c.day(client, "Geboortedatum", f"{sp}.client", required=False)
                    bsn = c.text(client, "Burgerservicenummer", f"{sp}.client", required=True)
                    if bsn is not None:
                        if not is_valid_bsn(bsn.strip()):
                            c.problem(
                                f"{sp}.client.Burgerservicenummer",
                                "not a valid BSN (nine digits that pass the elfproef)",
                            )
                        else:
                            person = person_key(key, bsn.strip())
            kind = None
            if "signaalpartner" not in s:
                c.problem(f"{sp}.signaalpartner", "missing (required)")
            else:
                partner = c.obj(s["signaalpartner"], f"{sp}.signaalpartner", {"type"})
                if partner is not None:
                    if "type" not in partner:
                        c.problem(
                            f"{sp}.signaalpartner.type", "missing (needed to read the arrear)"
                        )
                    ptype = c.code(partner, "type", f"{sp}.signaalpartner", cl["signaalpartner"])
                    if ptype is not None:
                        kind = ArrearKind(cl["signaalpartner"][ptype])
            amount = c.whole(s, "bedrag", sp, required=False)
            if amount is not None and not 0 <= amount <= 10_000_000:
                c.problem(f"{sp}.bedrag", "expected whole euros from 0 to 10,000,000")
                amount = None
            since = c.day(s, "ontstaansdatum", sp, required=False)
            signalled = c.day(s, "signaaldatum", sp, required=True)
            if since and signalled and since > signalled:
                c.problem(f"{sp}.ontstaansdatum", "lies after the signaaldatum")
            status = c.code(s, "status", sp, cl["signaalstatus"])
            crisis = c.flag(s, "crisissignaal", sp)
            warm = c.flag(s, "warmeOverdracht", sp)
            if sid is not None:
                parsed[sid] = {
                    "path": sp,
                    "person": person,
                    "kind": kind,
                    "amount": amount or 0,
                    "since": since,
                    "signalled": signalled,
                    "status": status or "",
                    "crisis": crisis,
                    "contact": warm,
                    "attempts": 0,
                    "resultaat": "",
                }
        for j, z_raw in enumerate(
            c.array(lev.get("vroegsignaalzaken", []), f"{lp}.vroegsignaalzaken")
        ):
            zp = f"{lp}.vroegsignaalzaken[{j}]"
            z = c.obj(z_raw, zp, {"resultaat", "vroegsignalen", "contactpogingen", *_ZAAK_DATES})
            if z is None:
                continue
            resultaat = c.code(z, "resultaat", zp, cl["eindresultaat"])
            for k in _ZAAK_DATES:
                c.day(z, k, zp, required=False)
            attempts = 0
            reached = False
            for n, a_raw in enumerate(
                c.array(z.get("contactpogingen", []), f"{zp}.contactpogingen")
            ):
                ap = f"{zp}.contactpogingen[{n}]"
                a = c.obj(a_raw, ap, {"soort", "bereikt", "datum", "dagdeel"})
                if a is None:
                    continue
                c.code(a, "soort", ap, cl["contactsoort"])
                c.code(a, "dagdeel", ap, cl["dagdeel"])
                c.day(a, "datum", ap, required=False)
                reached = c.flag(a, "bereikt", ap) or reached
                attempts += 1
            if "vroegsignalen" not in z:
                c.problem(f"{zp}.vroegsignalen", "missing (a case names its signals)")
            refs = c.array(z.get("vroegsignalen", []), f"{zp}.vroegsignalen", min_items=1)
            for n, r_raw in enumerate(refs):
                rp = f"{zp}.vroegsignalen[{n}]"
                r = c.obj(r_raw, rp, {"ID"})
                if r is None:
                    continue
                rid = c.text(r, "ID", rp, required=True)
                if rid is None:
                    continue
                if rid not in parsed:
                    c.problem(f"{rp}.ID", "names no signal of this levering")
                    continue
                target = parsed[rid]
                if target["resultaat"] and resultaat:
                    c.problem(f"{rp}.ID", "the signal belongs to an earlier case as well")
                target["attempts"] += attempts
                target["contact"] = target["contact"] or reached
                if resultaat:
                    target["resultaat"] = resultaat
        if gemeente is None:
            continue
        for sid, f in parsed.items():
            if f["person"] is None or f["kind"] is None or f["signalled"] is None:
                continue
            if (f["status"] and cl["signaalstatus"][f["status"]] == "drop") or (
                f["resultaat"] and cl["eindresultaat"][f["resultaat"]] == "drop"
            ):
                dropped += 1
                continue
            contact = f["contact"] or (
                bool(f["resultaat"]) and cl["eindresultaat"][f["resultaat"]] == "contact"
            )
            arrear = Arrear(
                id="vs-" + _opaque(pseudonym(key, "vroegsignaal", f"{gemeente}/{sid}"))[:16],
                kind=f["kind"],
                amount_cents=f["amount"] * 100,
                since=f["since"],
                signalled_on=f["signalled"],
                crisis=f["crisis"],
                contact_made=contact,
                contact_attempts=min(f["attempts"], 100),
            )
            signals.append(Signal(f["person"], gemeente, arrear, f["status"], f["resultaat"]))
    if c.problems or start is None or end is None:
        raise DeliveryError(c.problems)
    return Delivery(source, start, end, signals, dropped, tuple(gemeenten))

"""Pseudonymized exports for analysis (AVG/GDPR).

:func:`pseudonymize` turns a household into a plain dict that keeps what analyses need
(roles, birth year, gemeente/wijk/kern, laws, products, domains, scores, the network
of professionals and organisations) and drops or replaces what identifies people:
names, BSNs, phone numbers and e-mail addresses, exact birth dates (the birth year
stays), addresses, the household's own words and free-text descriptions; every other
date is coarsened to its month. Ids of the household and its members are replaced by
keyed HMAC-SHA256
pseudonyms, stable for the same key, so exports of different moments can be joined
while the key stays with the municipality.

>>> from gezinsplan.io import parse_household
>>> h = parse_household({"id": "h1", "gemeente": "Vaals", "members": [
...     {"id": "m1", "role": "ouder", "birth_date": "1980-05-17", "name": "Jan"}]})
>>> out = pseudonymize(h, key=b"secret")
>>> out["members"][0]["birth_year"], "name" in out["members"][0]
(1980, False)
>>> h2 = parse_household({"id": "h2", "gemeente": "Vaals", "members": [
...     {"id": "m1", "role": "ouder", "birth_date": "1980-05-17"}], "assessments": [
...     {"member": "m1", "leefgebied": "financien", "score": 2, "date": "2026-03-14"}]})
>>> pseudonymize(h2, key=b"secret")["assessments"][0]["date"]
'2026-03'

>>> out["id"] == pseudonymize(h, key=b"secret")["id"] != pseudonymize(h, key=b"other")["id"]
True
"""

from __future__ import annotations

import hashlib
import hmac
import os
from typing import Any

from gezinsplan.errors import StoreError
from gezinsplan.model.household import PERSONAL_FIELDS, Household

__all__ = ["KEY_ENV", "pseudonym", "pseudonymize", "pseudonymize_key"]

KEY_ENV = "GEZINSPLAN_PSEUDONYM_KEY"

_DROP = PERSONAL_FIELDS
_DATES = {"start", "end", "date", "since", "registered_on", "recorded_on", "signalled_on"}
"""Date fields, coarsened to the month (``YYYY-MM``): exact dates help re-identify."""


def pseudonymize_key(key: str | bytes | None = None) -> bytes:
    """The key from the argument or ``$GEZINSPLAN_PSEUDONYM_KEY``; an error when neither."""
    if key is None:
        key = os.environ.get(KEY_ENV)
    if not key:
        raise StoreError(
            f"a pseudonymization key is required: pass one or set ${KEY_ENV} "
            "(keep it secret; the same key gives the same pseudonyms)"
        )
    return key.encode() if isinstance(key, str) else key


def pseudonym(key: bytes, kind: str, value: str) -> str:
    """A stable pseudonym for ``value`` (16 hex characters of a keyed HMAC-SHA256)."""
    return hmac.new(key, f"{kind}\0{value}".encode(), hashlib.sha256).hexdigest()[:16]


def _scrub(value: Any, member_map: dict[str, str]) -> Any:
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for k, v in value.items():
            if k in _DROP:
                continue
            if k == "birth_date":
                out["birth_year"] = int(str(v)[:4])
                continue
            if k in _DATES and isinstance(v, str):
                out[k] = v[:7]
                continue
            if k in ("member", "supporter_member") and isinstance(v, str):
                out[k] = member_map.get(v, v)
                continue
            if (
                k in ("members", "serves", "supports")
                and isinstance(v, list)
                and all(isinstance(x, str) for x in v)
            ):
                out[k] = [member_map.get(x, x) for x in v]
                continue
            out[k] = _scrub(v, member_map)
        return out
    if isinstance(value, list):
        return [_scrub(v, member_map) for v in value]
    return value


def pseudonymize(household: Household, *, key: str | bytes | None = None) -> dict[str, Any]:
    """The household as a pseudonymized plain dict (see the module docstring)."""
    secret = pseudonymize_key(key)
    hid = pseudonym(secret, "household", household.id)
    member_map = {
        m.id: "m-" + pseudonym(secret, f"member:{household.id}", m.id)[:10]
        for m in household.members
    }
    data = household.model_dump(mode="json", exclude_none=True)
    out = _scrub(data, member_map)
    out["id"] = hid
    # organisation names are not personal data and are useful for analysis
    out["organisations"] = [
        {**o, "name": org.name}
        for o, org in zip(out.get("organisations", []), household.organisations, strict=True)
    ]
    for m in out["members"]:
        m["id"] = member_map.get(m["id"], m["id"])
    rc = out.get("regisseur_choice")
    if isinstance(rc, dict) and rc.get("kind") == "member":
        rc["id"] = member_map.get(rc["id"], rc["id"])
    return dict(out)

"""Attach vroegsignalen to households by the keyed pseudonym of the BSN.

A signal belongs to the household where its person key (:func:`person_key` of the
client's BSN, with the pseudonymisation key of ``store export``) is found:

1. a member whose ``bsn`` gives the same key (a household file or JSON Lines caseload
   that holds BSNs): the signal becomes an arrear of that household, about that member;
2. otherwise a household whose id is ``h-`` followed by the key (the one-client households
   the iStandaarden import writes, and columnar caseloads made from them, which hold no
   BSN): the arrear is about its member when it has exactly one.

Attaching twice gives the same household: an arrear with the same id is replaced.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from gezinsplan.errors import InputError
from gezinsplan.interop.vroegsignalen.reader import Delivery, Signal, person_key, read_delivery
from gezinsplan.model.household import LIMITS, Arrear, Finances, Household
from gezinsplan.outfile import atomic_output

__all__ = ["AttachResult", "attach_signals", "import_vroegsignalen"]


@dataclass
class AttachResult:
    """What an import did (counts only: nothing personal)."""

    signals: int = 0
    """Signals read that apply (after leaving out dropped ones)."""
    dropped: int = 0
    """Signals left out by status or case result."""
    attached: int = 0
    households: int = 0
    """Households that received at least one signal."""
    unmatched: int = 0
    """Signals whose person key is in no household."""
    written: int = 0
    """Lines written (households, or signals without ``households``)."""
    gemeenten: tuple[str, ...] = field(default_factory=tuple)


def _index(households: list[Household], key: bytes) -> dict[str, tuple[int, str | None]]:
    found: dict[str, tuple[int, str | None]] = {}
    for i, h in enumerate(households):
        if h.id.startswith("h-"):
            only = h.members[0].id if len(h.members) == 1 else None
            found.setdefault(h.id[2:], (i, only))
    for i, h in enumerate(households):
        for m in h.members:
            if m.bsn:
                found[person_key(key, m.bsn)] = (i, m.id)
    return found


def _with_arrears(h: Household, new: list[Arrear]) -> Household:
    fin = h.finances or Finances()
    ids = {a.id for a in new}
    arrears = [a for a in fin.arrears if a.id not in ids] + new
    arrears.sort(key=lambda a: (a.signalled_on, a.id))
    if len(arrears) > LIMITS["arrears"]:
        raise InputError(
            f"household {h.id}: more than {LIMITS['arrears']} arrears after the import"
        )
    data = h.model_dump(mode="json", exclude_none=True)
    data["finances"] = {
        **fin.model_dump(mode="json", exclude_none=True),
        "arrears": [a.model_dump(mode="json", exclude_none=True) for a in arrears],
    }
    return Household.model_validate(data)


def attach_signals(
    households: Iterable[Household], signals: Iterable[Signal], *, key: bytes
) -> tuple[list[Household], AttachResult]:
    """The households with the signals attached as arrears, and counts."""
    hs = list(households)
    index = _index(hs, key)
    per: dict[int, list[Arrear]] = {}
    result = AttachResult()
    for s in signals:
        result.signals += 1
        hit = index.get(s.person)
        if hit is None:
            result.unmatched += 1
            continue
        i, member = hit
        per.setdefault(i, []).append(s.arrear.model_copy(update={"member": member}))
        result.attached += 1
    for i, new in per.items():
        hs[i] = _with_arrears(hs[i], new)
    result.households = len(per)
    return hs, result


def _read_households(path: Path) -> list[Household]:
    from gezinsplan.io import is_caseload_path, iter_caseload, read_household

    if path.is_dir():
        raise InputError(
            f"{path}: a columnar caseload holds no BSNs and cannot take new rows here; "
            "import into the JSON Lines caseload and convert it again "
            "(gezinsplan caseload convert)"
        )
    if is_caseload_path(path):
        return list(iter_caseload(path))
    return [read_household(path)]


def iter_signal_lines(delivery: Delivery) -> Iterator[str]:
    """One JSON line per signal (pseudonymised)."""
    for s in delivery.signals:
        yield json.dumps(s.as_dict(), ensure_ascii=False, sort_keys=True)


def import_vroegsignalen(
    delivery_path: str | Path,
    out: str | Path,
    *,
    key: bytes,
    households: str | Path | None = None,
) -> AttachResult:
    """Read a DDAS v0.9 delivery and write ``out`` (JSON Lines), all or nothing.

    With ``households`` (a JSON Lines caseload or one household file) ``out`` holds those
    households with the signals attached as arrears; without, one pseudonymised signal per
    line (person key, gemeente, status, result, arrear). Nothing is written when the
    delivery is refused (:class:`~gezinsplan.interop.vroegsignalen.reader.DeliveryError`).
    """
    delivery = read_delivery(delivery_path, key=key)
    result = AttachResult(
        signals=len(delivery.signals), dropped=delivery.dropped, gemeenten=delivery.gemeenten
    )
    target = Path(out)
    fmt: Literal["households", "signals"] = "households" if households else "signals"
    if fmt == "signals":
        with atomic_output(target) as handle:
            for line in iter_signal_lines(delivery):
                handle.write(line + "\n")
                result.written += 1
        return result
    assert households is not None
    hs, attached = attach_signals(_read_households(Path(households)), delivery.signals, key=key)
    attached.dropped = delivery.dropped
    attached.gemeenten = delivery.gemeenten
    from gezinsplan.io import dumps_household

    with atomic_output(target) as handle:
        for h in hs:
            handle.write(dumps_household(h, indent=None) + "\n")
            attached.written += 1
    return attached

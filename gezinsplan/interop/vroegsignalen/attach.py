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

__all__ = ["AttachResult", "attach_signals", "attach_to_folder", "import_vroegsignalen"]


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
    if Path(households).is_dir():
        folder = attach_to_folder(Path(households), target, delivery.signals, key=key)
        folder.dropped = delivery.dropped
        folder.gemeenten = delivery.gemeenten
        return folder
    hs, attached = attach_signals(_read_households(Path(households)), delivery.signals, key=key)
    attached.dropped = delivery.dropped
    attached.gemeenten = delivery.gemeenten
    from gezinsplan.io import dumps_household

    with atomic_output(target) as handle:
        for h in hs:
            handle.write(dumps_household(h, indent=None) + "\n")
            attached.written += 1
    return attached


def attach_to_folder(
    source: Path, out: Path, signals: Iterable[Signal], *, key: bytes
) -> AttachResult:
    """Copy the columnar caseload ``source`` to the new folder ``out`` with the signals
    added to its ``arrears`` table (and to the documents, when it has them).

    A columnar caseload holds no BSNs: signals join households by id (``h-`` and the
    person key, the households of the iStandaarden import). The arrears of a household
    go into the part files of its own chunk, so chunked readers see them.
    """
    import shutil

    import pyarrow as pa
    import pyarrow.parquet as pq

    from gezinsplan.caseload.documents import DOCUMENTS, strip_personal
    from gezinsplan.caseload.engine import load_tables
    from gezinsplan.caseload.tables import SCHEMAS, arrear_rows

    load_tables(source)  # checks that it is a caseload of this version
    if out.exists():
        raise InputError(f"{out}: exists; a caseload folder is written to a new folder")
    wanted: dict[str, list[Signal]] = {}
    result = AttachResult()
    for s in signals:
        result.signals += 1
        wanted.setdefault(s.person, []).append(s)
    part = out.parent / f".{out.name}.part"
    if part.exists():
        shutil.rmtree(part)
    shutil.copytree(source, part)
    try:
        found: set[str] = set()
        for hfile in sorted((part / "households").glob("*.parquet")):
            name = hfile.name
            base = pq.read_table(hfile, columns=["household", "hkey"]).to_pylist()
            result.written += len(base)
            hits = {
                r["household"]: r["hkey"]
                for r in base
                if r["household"].startswith("h-") and r["household"][2:] in wanted
            }
            if not hits:
                continue
            members: dict[str, list[str]] = {}
            mfile = part / "members" / name
            if mfile.exists():
                for r in pq.read_table(mfile, columns=["household", "member"]).to_pylist():
                    members.setdefault(r["household"], []).append(r["member"])
            new: dict[str, list[Arrear]] = {}
            for hid in hits:
                only = members.get(hid, [])
                member = only[0] if len(only) == 1 else None
                new[hid] = [s.arrear.model_copy(update={"member": member}) for s in wanted[hid[2:]]]
                found.add(hid[2:])
            afile = part / "arrears" / name
            old_rows = pq.read_table(afile).to_pylist() if afile.exists() else []
            replaced = {(hid, a.id) for hid, arrears in new.items() for a in arrears}
            rows = [r for r in old_rows if (r["household"], r["arrear"]) not in replaced]
            for hid, arrears in new.items():
                rows += arrear_rows(hid, hits[hid], arrears)
            per_household: dict[str, int] = {}
            for r in rows:
                per_household[r["household"]] = per_household.get(r["household"], 0) + 1
            if any(n > LIMITS["arrears"] for n in per_household.values()):
                raise InputError(f"{name}: more than {LIMITS['arrears']} arrears in a household")
            rows.sort(key=lambda r: (r["hkey"], r["signalled_ymd"], r["arrear"]))
            afile.parent.mkdir(exist_ok=True)
            pq.write_table(
                pa.Table.from_pylist(rows, schema=SCHEMAS["arrears"]), afile, compression="zstd"
            )
            dfile = part / DOCUMENTS / name
            if dfile.exists():
                docs = pq.read_table(dfile)
                out_docs = []
                for r in docs.to_pylist():
                    if r["household"] in new:
                        h = Household.model_validate(json.loads(r["document"]))
                        h = _with_arrears(h, new[r["household"]])
                        r["document"] = json.dumps(
                            strip_personal(h), ensure_ascii=False, separators=(",", ":")
                        )
                    out_docs.append(r)
                pq.write_table(
                    pa.Table.from_pylist(out_docs, schema=docs.schema), dfile, compression="zstd"
                )
            result.households += len(hits)
        result.attached = sum(len(v) for k, v in wanted.items() if k in found)
        result.unmatched = result.signals - result.attached
        part.rename(out)
    except BaseException:
        shutil.rmtree(part, ignore_errors=True)
        raise
    return result

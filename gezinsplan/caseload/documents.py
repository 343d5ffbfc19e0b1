"""Each household's own document without personal fields, kept beside the tables.

The tables of a columnar caseload hold what the facts need; building a *plan* needs the
household itself (questions with their priorities, the network, the regisseur choice).
``documents/part-NNNNNN.parquet`` keeps, per household number, the household as JSON
with every personal field left out (names, BSNs, addresses, phone numbers, e-mail
addresses, own words, descriptions; see :data:`~gezinsplan.model.household.PERSONAL_FIELDS`).
A plan built from it has the same outcome, regisseur, goals and order as one built from
the full household; only the texts that quote the household's own words are shorter.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds

from gezinsplan.errors import HouseholdValidationError, Problem
from gezinsplan.model.household import PERSONAL_FIELDS, Household

__all__ = [
    "DOCUMENTS",
    "DOCUMENT_SCHEMA",
    "parse_document",
    "read_document_texts",
    "read_documents",
    "strip_personal",
    "to_documents",
]

DOCUMENTS = "documents"
"""The folder of the documents inside a columnar caseload."""

DOCUMENT_SCHEMA = pa.schema(
    [("hkey", pa.int64()), ("household", pa.string()), ("document", pa.string())]
)


def _strip(value: Any, keep_name: bool = False) -> Any:
    if isinstance(value, dict):
        return {
            k: _strip(v, keep_name=k == "organisations")
            for k, v in value.items()
            if k not in PERSONAL_FIELDS or (keep_name and k == "name")
        }
    if isinstance(value, list):
        return [_strip(v, keep_name) for v in value]
    return value


def strip_personal(household: Household) -> dict[str, Any]:
    """The household as a plain dict without personal fields (organisation names stay)."""
    data: dict[str, Any] = _strip(household.model_dump(mode="json", exclude_none=True))
    return data


def to_documents(households: Iterable[Household], start: int = 0) -> pa.Table:
    """One row per household: its number, id and stripped document (JSON text)."""
    rows = [
        {
            "hkey": i,
            "household": h.id,
            "document": json.dumps(strip_personal(h), ensure_ascii=False, separators=(",", ":")),
        }
        for i, h in enumerate(households, start)
    ]
    return pa.Table.from_pylist(rows, schema=DOCUMENT_SCHEMA)


def has_documents(folder: str | Path) -> bool:
    """Whether a columnar caseload keeps its documents (converted by this version)."""
    return any((Path(folder) / DOCUMENTS).glob("*.parquet"))


def read_documents(
    folder: str | Path, hkeys: Sequence[int], *, parts: Sequence[str] = ()
) -> list[Household]:
    """The households numbered ``hkeys`` (validated again), in the order of ``hkeys``;
    ``parts`` (file names) limits the files read."""
    source = str(Path(folder) / DOCUMENTS)
    return [
        parse_document(text, source) for _, text in read_document_texts(folder, hkeys, parts=parts)
    ]


def parse_document(text: str, source: str) -> Household:
    """A household from the text of its document (validated).

    The text is validated as JSON directly (no Python objects in between); a document
    that does not validate is read again the way a household file is, for the error
    that names every problem with its field path.
    """
    try:
        return Household.model_validate_json(text)
    except ValueError:  # pydantic's ValidationError, or text that is not JSON
        from gezinsplan.io import parse_household

        try:
            data = json.loads(text)
        except ValueError:
            raise HouseholdValidationError(
                [Problem(source, "", "a document that is not valid JSON")]
            ) from None
        return parse_household(data, source=source)


def read_document_texts(
    folder: str | Path, hkeys: Sequence[int], *, parts: Sequence[str] = ()
) -> list[tuple[str, str]]:
    """The id and document text of the households numbered ``hkeys``, in that order (not
    parsed: the text is what a worker process is sent to parse)."""
    if not hkeys:
        return []
    root = Path(folder) / DOCUMENTS
    files = (
        [str(root / p) for p in parts] if parts else sorted(str(f) for f in root.glob("*.parquet"))
    )
    wanted = pa.array(sorted(set(hkeys)), pa.int64())
    lo, hi = min(hkeys), max(hkeys)
    table = ds.dataset(files, schema=DOCUMENT_SCHEMA, format="parquet").to_table(
        filter=(pc.field("hkey") >= lo) & (pc.field("hkey") <= hi)
    )
    table = table.filter(pc.is_in(table.column("hkey"), value_set=wanted))
    by_key = {
        k: (hid, doc)
        for k, hid, doc in zip(
            table.column("hkey").to_pylist(),
            table.column("household").to_pylist(),
            table.column("document").to_pylist(),
            strict=True,
        )
    }
    return [by_key[k] for k in hkeys]

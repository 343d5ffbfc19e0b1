"""The columnar generator: synthetic caseload tables drawn a column at a time.

:func:`generate_tables` draws households with NumPy for a whole block at once and writes
the caseload tables (:data:`gezinsplan.caseload.tables.SCHEMAS`) and the ``documents``
table straight from the columns, with the shares of :mod:`gezinsplan.generate` but without
building and validating one household object at a time.

Households are drawn in blocks of :data:`BLOCK` from a NumPy generator seeded with
``(seed, block number)``: the same seed gives the same tables whatever the number of
processes or the chunk size (a multiple of :data:`BLOCK`). The last block holds what is
left, so the households of a caseload of 1,000 are not the first 1,000 of a caseload of
2,000 (unlike the document generator, where household ``i`` depends on ``(seed, i)``).
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pyarrow as pa

from gezinsplan.caseload.documents import DOCUMENTS
from gezinsplan.caseload.synth.days import day_number
from gezinsplan.caseload.synth.documents import block_documents
from gezinsplan.caseload.synth.draw import Block, draw_block
from gezinsplan.caseload.synth.tables import block_tables

__all__ = ["BLOCK", "check_peildatum", "draw", "generate_tables"]

BLOCK = 5000
"""Households per random stream."""


def check_peildatum(peildatum: date) -> None:
    """Raise ValueError for a peildatum whose households would hold dates the model
    refuses (births go back 96 years, dates forward about a year; the model accepts
    1900-2199)."""
    if not date(1997, 1, 1) <= peildatum <= date(2195, 12, 31):
        raise ValueError("peildatum must lie between 1997-01-01 and 2195-12-31")


def draw(seed: int, block: int, n: int, peildatum: date) -> Block:
    """Block number ``block`` (households ``block * BLOCK`` …) of ``n`` households."""
    rng = np.random.default_rng(np.random.SeedSequence([seed & (2**64 - 1), block, 0x6E1A]))
    return draw_block(seed, block * BLOCK, n, day_number(peildatum), rng)


def generate_tables(seed: int, start: int, n: int, peildatum: date) -> dict[str, pa.Table]:
    """The caseload tables and documents of households ``start`` … ``start + n - 1``;
    ``start`` is a multiple of :data:`BLOCK` and ``n`` as well unless the caseload ends."""
    if start % BLOCK:
        raise ValueError(f"start must be a multiple of {BLOCK}")
    check_peildatum(peildatum)
    parts: list[dict[str, pa.Table]] = []
    for first in range(start, start + n, BLOCK):
        block = draw(seed, first // BLOCK, min(BLOCK, start + n - first), peildatum)
        parts.append({**block_tables(block), DOCUMENTS: block_documents(block)})
    if not parts:
        block = draw(seed, start // BLOCK, 0, peildatum)
        return {**block_tables(block), DOCUMENTS: block_documents(block)}
    return {t: pa.concat_tables([p[t] for p in parts]) for t in parts[0]}

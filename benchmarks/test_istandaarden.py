"""Reading iWmo/iJw 3.2 messages: 100,000 messages on one core, against plain lxml.

Target: at least 5,000 messages per second per core, memory flat. The messages are those
``export istandaarden`` writes for generated households (5,000 distinct messages, read 20
times over). Baselines in the same run: parsing the same bytes with plain lxml
(``etree.fromstring``: a whole tree, nothing read from it) and lxml's ``iterparse`` over
every element (nothing read either). The whole import (files on disk, processes, the
archive, the caseload written) is ``benchmarks/istandaarden_import.py``.
"""

from __future__ import annotations

import io
import resource
import time
from typing import Any

import pytest

etree = pytest.importorskip("lxml.etree")

from gezinsplan.generate import generate_households  # noqa: E402
from gezinsplan.interop.istandaarden.archive import Archive  # noqa: E402
from gezinsplan.interop.istandaarden.reader import read_bytes  # noqa: E402
from gezinsplan.interop.istandaarden.writer import messages_for  # noqa: E402

TOTAL = 100_000


@pytest.fixture(scope="module")
def messages() -> list[bytes]:
    out: list[bytes] = []
    for _, data in messages_for(generate_households(2_700, seed=7)):
        out.append(data)
        if len(out) == 5_000:
            break
    return out


def _all(messages: list[bytes]) -> list[bytes]:
    return (messages * (TOTAL // len(messages) + 1))[:TOTAL]


def _plain(batch: list[bytes]) -> None:
    for data in batch:
        etree.fromstring(data)


def _iterparse(batch: list[bytes]) -> None:
    for data in batch:
        for _ in etree.iterparse(io.BytesIO(data)):
            pass


def _ours(batch: list[bytes]) -> int:
    n = 0
    for data in batch:
        n += len(read_bytes(data, "bench.xml").records)
    return n


def _timed(fn: Any, batch: list[bytes]) -> float:
    t = time.perf_counter()
    fn(batch)
    return time.perf_counter() - t


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def test_read_100k_messages(benchmark: Any, messages: list[bytes]) -> None:
    batch = _all(messages)
    plain = min(_timed(_plain, batch) for _ in range(2))
    iterparse = min(_timed(_iterparse, batch) for _ in range(2))
    before = _rss_mb()
    products = benchmark.pedantic(_ours, args=(batch,), rounds=3, iterations=1)
    grown = _rss_mb() - before
    best = benchmark.stats.stats.min
    assert products >= TOTAL
    benchmark.extra_info.update(
        {
            "messages_per_s": round(TOTAL / best),
            "plain_lxml_fromstring_per_s": round(TOTAL / plain),
            "lxml_iterparse_all_per_s": round(TOTAL / iterparse),
            "ours_over_fromstring": round(best / plain, 2),
            "ours_over_iterparse": round(best / iterparse, 2),
            "max_rss_growth_mb": round(grown, 1),
        }
    )


def test_read_and_merge_100k_messages(benchmark: Any, messages: list[bytes]) -> None:
    """Reading plus the archive semantics and the households built and validated."""
    batch = _all(messages)

    def run() -> int:
        archive = Archive(b"bench")
        for data in batch:
            archive.add(read_bytes(data, "bench.xml").records)
        households, problems = archive.households()
        assert problems == []
        return len(households)

    assert benchmark.pedantic(run, rounds=2, iterations=1) > 0
    benchmark.extra_info["messages_per_s"] = round(TOTAL / benchmark.stats.stats.min)

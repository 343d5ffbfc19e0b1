"""Measure ``import istandaarden`` end to end on N message files (one run each).

Writes the messages of generated households as files (``export istandaarden``) until
there are N (or reads an existing folder of them), then, in the same run:

- the baseline: plain lxml (``etree.fromstring`` of every file, nothing read from it) in
  one process;
- the import of the folder into a columnar caseload with 1 and 2 processes, each in a
  child process of its own so that the peak memory (max RSS) is the import's own.

Every line gives wall time and CPU time (user + system of the import and its worker
processes). On a shared machine the CPU time is the fair measure of messages per second
per core: the wall time also counts the time other work had the cores.

Usage: python benchmarks/istandaarden_import.py 100000 [folder]
"""

from __future__ import annotations

import multiprocessing
import os
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from gezinsplan.generate import generate_households
from gezinsplan.interop.istandaarden.importer import import_istandaarden
from gezinsplan.interop.istandaarden.writer import messages_for


def _write(folder: Path, n: int) -> None:
    folder.mkdir()
    for count, (name, data) in enumerate(messages_for(generate_households(n, seed=7)), 1):
        (folder / name).write_bytes(data)
        if count == n:
            return


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _plain(folder: str, queue: multiprocessing.Queue[object]) -> None:
    from lxml import etree

    cpu, start = _cpu(), time.perf_counter()
    names = sorted(os.listdir(folder))
    for name in names:
        with open(os.path.join(folder, name), "rb") as fh:
            etree.fromstring(fh.read())
    queue.put((len(names), time.perf_counter() - start, _cpu() - cpu))


def _run(folder: str, out: str, workers: int, queue: multiprocessing.Queue[object]) -> None:
    cpu, start = _cpu(), time.perf_counter()
    result = import_istandaarden([Path(folder)], Path(out), key=b"bench", workers=workers)
    elapsed, used = time.perf_counter() - start, _cpu() - cpu
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    queue.put((result.files, result.households, result.provisions, elapsed, used, rss, child))


def _child(target: Any, *args: object) -> Any:
    queue: multiprocessing.Queue[object] = multiprocessing.Queue()
    p = multiprocessing.Process(target=target, args=(*args, queue))
    p.start()
    got = queue.get()
    p.join()
    return got


def main(n: int, existing: str | None = None) -> None:
    with tempfile.TemporaryDirectory() as d:
        folder = Path(existing) if existing else Path(d) / "berichten"
        if not existing:
            _write(folder, n)
        files, elapsed, used = _child(_plain, str(folder))
        print(
            f"plain lxml fromstring, 1 process: {files} files in {elapsed:.1f} s "
            f"({files / elapsed:,.0f} messages/s), CPU {used:.1f} s "
            f"({files / used:,.0f} messages per CPU second)"
        )
        for workers in (1, 2):
            out = str(Path(d) / f"caseload-{workers}")
            files, households, provisions, elapsed, used, rss, child = _child(
                _run, str(folder), out, workers
            )
            print(
                f"import, {workers} process(es): {files} files, {households} households, "
                f"{provisions} provisions in {elapsed:.1f} s ({files / elapsed:,.0f} "
                f"messages/s), CPU {used:.1f} s ({files / used:,.0f} messages per CPU "
                f"second); max RSS main {rss:.0f} MB, largest worker {child:.0f} MB"
            )


if __name__ == "__main__":
    main(
        int(sys.argv[1]) if len(sys.argv) > 1 else 100_000,
        sys.argv[2] if len(sys.argv) > 2 else None,
    )

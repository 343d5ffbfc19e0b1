"""Loading and dropping rule sets keeps the process flat (variants, long-running services)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

# run in a process of its own: the resident size of the test process, after two thousand
# other tests (DuckDB connections, caseloads, compiled rule sets), moves by tens of MB for
# reasons of its own and says nothing about this loop
_LOOP = """
import gc, json
from datetime import date
from gezinsplan import Assessor, load_rules
from gezinsplan.io import read_household
from gezinsplan.resources import examples_dir


def rss_mb():
    with open("/proc/self/statm", encoding="ascii") as f:
        return int(f.read().split()[1]) * 4096 / 1e6


household = read_household(examples_dir() / "02_multiprobleemgezin.json")
expected = None
sizes = {}
for i in range(1000):
    rules = load_rules()
    engine = "durable" if i % 2 else "python"
    signals = Assessor(rules, engine=engine).assess(household, date(2026, 11, 23))
    got = [(s.rule_id, s.members) for s in signals]
    expected = expected or got
    if got != expected:
        raise SystemExit(f"rule set {i} on {engine} gave other signals")
    del rules, signals
    if i in (100, 999):
        gc.collect()
        sizes[i] = rss_mb()
print(json.dumps(sizes))
"""


@pytest.mark.slow
def test_a_thousand_rule_sets_loaded_and_dropped_keep_memory_flat() -> None:
    done = subprocess.run(
        [sys.executable, "-c", _LOOP], capture_output=True, text=True, timeout=1800, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    sizes = {int(k): v for k, v in json.loads(done.stdout.strip().splitlines()[-1]).items()}
    # before rule templates lived on their rules, each set kept ~0.15 MB: ~135 MB here
    assert sizes[999] - sizes[100] < 15, sizes

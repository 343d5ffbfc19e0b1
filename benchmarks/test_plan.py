"""Plan benchmarks: assess + plan of a typical household; graph build and metrics."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from test_engine import RULES, typical

from gezinsplan.assessor import assess
from gezinsplan.plan.builder import build_plan
from gezinsplan.plan.graph import (
    collaboration_groups,
    household_graph,
    most_central_professional,
    most_involved_professional,
)
from gezinsplan.rules.policy import PlanPolicy

PEIL = date(2026, 11, 23)
POLICY = PlanPolicy.from_parameters(RULES.parameters, PEIL)


@pytest.mark.parametrize("engine", ["python", "durable"])
def test_assess_and_plan_typical(benchmark: Any, engine: str) -> None:
    h = typical()

    def run() -> Any:
        return build_plan(h, assess(h, RULES, PEIL, engine=engine), PEIL, POLICY)

    run()
    assert benchmark(run).goals


def test_plan_only_typical(benchmark: Any) -> None:
    h = typical()
    signals = assess(h, RULES, PEIL)
    assert benchmark(build_plan, h, signals, PEIL, POLICY).goals


def test_graph_and_metrics_typical(benchmark: Any) -> None:
    h = typical()

    def run() -> Any:
        g = household_graph(h, PEIL)
        return collaboration_groups(g), most_involved_professional(g), most_central_professional(g)

    assert benchmark(run)[1] is not None

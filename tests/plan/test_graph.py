"""The household graph, its metrics, and the drawing command."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from click.testing import CliRunner

from gezinsplan.cli import main
from gezinsplan.io import read_household
from gezinsplan.plan.graph import (
    collaboration_groups,
    count_organisations,
    count_professionals,
    household_graph,
    most_central_professional,
    most_involved_professional,
    wetten_involved,
)
from gezinsplan.resources import examples_dir

PEIL = date(2026, 11, 23)
FAMILY = examples_dir() / "02_multiprobleemgezin.json"


def test_metrics_of_the_multi_problem_family() -> None:
    g = household_graph(read_household(FAMILY), PEIL)
    assert count_professionals(g) == 7
    assert count_organisations(g) == 6
    assert {"wmo", "jeugdwet", "participatiewet", "onderwijs"} <= wetten_involved(g)
    groups = collaboration_groups(g)
    assert ["professional:pr2", "professional:pr4", "professional:pr6"] in groups
    assert len(groups) == 5
    assert most_involved_professional(g) == "professional:pr6"
    assert most_central_professional(g) == "professional:pr6"


def test_graph_has_no_names_unless_asked() -> None:
    h = read_household(FAMILY)
    labels = " ".join(str(d.get("label")) for _, d in household_graph(h, PEIL).nodes(data=True))
    assert "Samira" not in labels
    assert "ouder (m1)" in labels
    named = household_graph(h, PEIL, include_names=True)
    assert "Samira El Idrissi (m1)" in [d.get("label") for _, d in named.nodes(data=True)]


def test_graph_command_writes_identical_svg(tmp_path: Path) -> None:
    outs = []
    for name in ("a.svg", "b.svg"):
        out = tmp_path / name
        result = CliRunner().invoke(
            main, ["graph", str(FAMILY), "--peildatum", "2026-11-23", "--out", str(out)]
        )
        assert result.exit_code == 0, result.output
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]
    assert b"<svg" in outs[0]
    assert b"wijkcoach (pr6)" in outs[0]
    assert b"Samira" not in outs[0]
    bad = CliRunner().invoke(
        main, ["graph", str(FAMILY), "--peildatum", "2026-11-23", "--out", str(tmp_path / "x.gif")]
    )
    assert bad.exit_code == 2

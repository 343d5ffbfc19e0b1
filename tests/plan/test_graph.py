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


def test_a_household_at_the_size_limits_is_drawn_as_a_summary(tmp_path: Path) -> None:
    from gezinsplan.io import parse_household
    from gezinsplan.model.household import LIMITS
    from gezinsplan.plan.draw import MAX_DRAWN_NODES, draw_household_graph, summary_graph
    from gezinsplan.plan.graph import household_graph

    members = [
        {"id": f"m{i}", "role": "kind" if i else "ouder", "birth_date": "2012-01-01"}
        for i in range(LIMITS["members"])
    ]
    members[0]["birth_date"] = "1980-01-01"
    wetten = ["wmo", "jeugdwet", "participatiewet"]
    data = {
        "id": "h-groot",
        "gemeente": "Maastricht",
        "members": members,
        "organisations": [{"id": "o1", "name": "Gemeente"}],
        "professionals": [
            {
                "id": f"pr{i}",
                "organisation": "o1",
                "role": "begeleider",
                "wetten": [wetten[i % 3]],
                "serves": [f"m{i % LIMITS['members']}"],
            }
            for i in range(LIMITS["professionals"])
        ],
    }
    g = household_graph(parse_household(data), PEIL)
    assert g.number_of_nodes() > MAX_DRAWN_NODES
    small = summary_graph(g)
    assert small.number_of_nodes() < MAX_DRAWN_NODES
    assert {d["label"] for _, d in small.nodes(data=True)} >= {"67 × professional\njeugdwet"}
    out = tmp_path / "groot.svg"
    draw_household_graph(g, out, "h-groot")
    assert "samenvatting" in out.read_text(encoding="utf-8")


def _overlapping(boxes: list[tuple[float, float, float, float]]) -> list[tuple[int, int]]:
    return [
        (i, j)
        for i, a in enumerate(boxes)
        for j, b in enumerate(boxes)
        if i < j and a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
    ]


def test_every_example_graph_is_readable(tmp_path: Path) -> None:
    import re

    from gezinsplan.assessor import Assessor
    from gezinsplan.plan.draw import draw_household_graph

    assessor = Assessor()
    for path in sorted(examples_dir().glob("*.json")):
        h = read_household(path)
        g = household_graph(h, PEIL)
        regisseur = assessor.plan(h, PEIL).regisseur
        node = f"{regisseur.kind}:{regisseur.id}" if regisseur else None
        out = tmp_path / f"{path.stem}.svg"
        boxes = draw_household_graph(g, out, path.stem, regisseur=node)
        assert len(boxes) == g.number_of_nodes()
        assert _overlapping(boxes) == [], path.name
        svg = out.read_text(encoding="utf-8")
        labels = {str(d.get("label")) for _, d in g.nodes(data=True)}
        texts = set(re.findall(r"<text[^>]*>([^<]*)</text>", svg))
        assert any(label.split("\n")[0][:10] in t for label in labels for t in texts)
        present = wetten_involved(g)
        for wet in ("wmo", "jeugdwet", "participatiewet", "zvw", "wlz", "wgs", "inburgering"):
            assert (f">{wet}</text>" in svg) == (wet in present), (path.name, wet)
        assert ("regisseur</text>" in svg) == (node is not None and node in g)

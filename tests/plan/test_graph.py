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
    assert {d["label"] for _, d in small.nodes(data=True)} >= {"67 × professional\nJeugdwet"}
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


def _box_hits_circle(box: tuple[float, float, float, float], x: float, y: float, r: float) -> bool:
    nearest_x = min(max(x, box[0]), box[2])
    nearest_y = min(max(y, box[1]), box[3])
    return (nearest_x - x) ** 2 + (nearest_y - y) ** 2 < r * r


def _example_drawings():  # type: ignore[no-untyped-def]
    from gezinsplan.assessor import Assessor

    assessor = Assessor()
    for path in sorted(examples_dir().glob("*.json")):
        h = read_household(path)
        regisseur = assessor.plan(h, PEIL).regisseur
        node = f"{regisseur.kind}:{regisseur.id}" if regisseur else None
        yield path, household_graph(h, PEIL), node


def test_no_label_of_any_example_graph_overlaps_a_label_a_node_or_the_legend() -> None:
    """Measured on the drawn figure: the extents of every label text, every node marker
    and the legends, in pixels, for every example household."""
    import matplotlib.pyplot as plt

    from gezinsplan.plan.draw import household_figure, ring_layout

    for path, g, regisseur in _example_drawings():
        fig, texts = household_figure(g, path.stem, regisseur=regisseur)
        try:
            renderer = fig.canvas.get_renderer()
            ax = next(iter(texts.values())).axes
            nodes = sorted(texts)
            boxes = [tuple(texts[n].get_window_extent(renderer).extents) for n in nodes]
            assert len(boxes) == g.number_of_nodes()
            overlaps = [(nodes[i], nodes[j]) for i, j in _overlapping(boxes)]
            assert overlaps == [], (path.name, overlaps)
            pos = ring_layout(g)
            scale = fig.dpi / 72
            markers = [
                (tuple(ax.transData.transform(xy)), (size**0.5) / 2 * scale)
                for c in ax.collections
                for xy, size in zip(
                    c.get_offsets(),
                    list(c.get_sizes()) * len(c.get_offsets())
                    if len(c.get_sizes()) == 1
                    else c.get_sizes(),
                    strict=True,
                )
            ]
            assert len(markers) >= g.number_of_nodes()
            for n, box in zip(nodes, boxes, strict=True):
                own = tuple(ax.transData.transform(pos[n]))
                hits = [
                    (x, y)
                    for (x, y), r in markers
                    if (abs(x - own[0]) > 0.5 or abs(y - own[1]) > 0.5)
                    and _box_hits_circle(box, x, y, r)
                ]
                assert hits == [], (path.name, n, "label covers another node")
            page = fig.bbox.extents
            for n, box in zip(nodes, boxes, strict=True):
                assert page[0] <= box[0], (path.name, n)
                assert box[2] <= page[2], (path.name, n)
                assert page[1] <= box[1], (path.name, n)
                assert box[3] <= page[3], (path.name, n)
            for legend in fig.legends:
                lb = tuple(legend.get_window_extent(renderer).extents)
                under = [n for n, b in zip(nodes, boxes, strict=True) if _overlapping([lb, b])]
                assert under == [], (path.name, "under the legend", under)
        finally:
            plt.close(fig)


def test_every_example_graph_is_drawn_in_dutch_with_rings(tmp_path: Path) -> None:
    import math
    import re

    from gezinsplan.plan.draw import KIND_NAMES, WET_NAMES, draw_household_graph, ring_layout

    for path, g, node in _example_drawings():
        out = tmp_path / f"{path.stem}.svg"
        boxes = draw_household_graph(g, out, path.stem, regisseur=node)
        assert len(boxes) == g.number_of_nodes()
        assert _overlapping(boxes) == [], path.name
        svg = out.read_text(encoding="utf-8")
        labels = {str(d.get("label")) for _, d in g.nodes(data=True)}
        texts = set(re.findall(r"<text[^>]*>([^<]*)</text>", svg))
        assert any(label.split("\n")[0][:10] in t for label in labels for t in texts)
        present = {
            d.get("wet") or (d.get("wetten") or [None])[0] or d.get("label")
            for _, d in g.nodes(data=True)
            if d.get("type") in ("provision", "professional", "wet")
        }  # the colours used: the legend explains those and no other
        for wet, name in WET_NAMES.items():
            assert (f">{name}</text>" in svg) == (wet in present), (path.name, wet)
        kinds = {str(d.get("type")) for _, d in g.nodes(data=True)}
        for kind, word in KIND_NAMES.items():
            assert (f">{word}</text>" in svg) == (kind in kinds), (path.name, kind)
        for english in ("member", "organisation", "informal", "provision", ">kleur<"):
            assert english not in texts, (path.name, english)
        assert ("regisseur</text>" in svg) == (node is not None and node in g)
        # rings: members inside, what they receive and who helps around them, then the
        # organisations and wetten
        pos = ring_layout(g)
        ring = {
            kind: [math.hypot(*pos[n]) for n, d in g.nodes(data=True) if d.get("type") == kind]
            for kind in kinds
        }
        inner = max(ring.get("member", [0.0]))
        middle = ring.get("professional", []) + ring.get("provision", []) + ring.get("informal", [])
        outer = ring.get("organisation", []) + ring.get("wet", [])
        assert all(r > inner + 1 for r in middle), path.name
        assert all(r > max(middle, default=inner) + 1 for r in outer), path.name


def test_voorzieningen_of_one_wet_sit_together_on_their_ring() -> None:
    import math

    from gezinsplan.plan.draw import ring_layout

    g = household_graph(read_household(FAMILY), PEIL)
    pos = ring_layout(g)
    ring = sorted(
        (n for n, d in g.nodes(data=True) if d.get("type") in ("provision", "professional")),
        key=lambda n: math.atan2(pos[n][1], pos[n][0]),
    )
    order = [g.nodes[n].get("wet") or g.nodes[n]["wetten"][0] for n in ring]
    runs = [w for i, w in enumerate(order) if w != order[i - 1]] or order[:1]
    assert len(runs) == len(set(order)), order  # one run per wet around the circle
    for wet_node in (n for n, d in g.nodes(data=True) if d.get("type") == "wet"):
        wet = g.nodes[wet_node]["label"]
        mine = [n for n in ring if g.nodes[n].get("wet") == wet]
        here = math.atan2(pos[wet_node][1], pos[wet_node][0])
        near = min(
            abs(math.remainder(here - math.atan2(pos[n][1], pos[n][0]), math.tau)) for n in mine
        )
        assert near < math.radians(60), wet


def test_the_layout_does_not_depend_on_string_hashing() -> None:
    import json
    import os
    import subprocess
    import sys

    script = (
        "import json; from datetime import date; from gezinsplan.io import read_household; "
        "from gezinsplan.plan.graph import household_graph; "
        "from gezinsplan.plan.draw import ring_layout; from gezinsplan.resources import "
        "examples_dir; print(json.dumps({p.name: sorted((n, round(x, 9), round(y, 9)) "
        "for n, (x, y) in ring_layout(household_graph(read_household(p), "
        "date(2026, 11, 23))).items()) for p in sorted(examples_dir().glob('*.json'))}))"
    )
    outputs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        run = subprocess.run(
            [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
        )
        outputs.append(json.loads(run.stdout))
    assert outputs[0] == outputs[1]
    assert len(outputs[0]) == len(list(examples_dir().glob("*.json")))

"""Draw the household graph (SVG or PNG) with matplotlib, deterministically."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import networkx as nx

__all__ = ["MAX_DRAWN_NODES", "draw_household_graph", "summary_graph"]

MAX_DRAWN_NODES = 120
"""A graph with more nodes is drawn as a summary: members and laws one by one, the
other nodes grouped per kind and law with their count."""

_WET_COLOURS = {
    "wmo": "#2a9d8f",
    "jeugdwet": "#e9c46a",
    "participatiewet": "#f4a261",
    "onderwijs": "#8ab17d",
    "zvw": "#a8dadc",
    "wlz": "#457b9d",
    "wgs": "#e76f51",
    "toeslagen": "#b5838d",
    "inburgering": "#6d597a",
}
_TYPE_COLOURS = {
    "member": "#1d3557",
    "organisation": "#adb5bd",
    "informal": "#c77dff",
    "wet": "#ffffff",
}


def _colour(data: dict[str, Any]) -> str:
    if data.get("type") in ("provision",):
        return _WET_COLOURS.get(str(data.get("wet")), "#cccccc")
    if data.get("type") == "professional":
        wetten = data.get("wetten", ())
        return _WET_COLOURS.get(wetten[0], "#cccccc") if wetten else "#cccccc"
    if data.get("type") == "wet":
        return _WET_COLOURS.get(str(data.get("label")), "#ffffff")
    return _TYPE_COLOURS.get(str(data.get("type")), "#cccccc")


def _group(g: Any, node: str) -> str:
    data = g.nodes[node]
    kind = str(data.get("type"))
    if kind in ("member", "wet"):
        return node
    wetten = data.get("wetten") or ()
    wet = data.get("wet") or (wetten[0] if wetten else "")
    return f"{kind}:*:{wet}"


def summary_graph(g: Any) -> Any:
    """``g`` with its non-member nodes grouped per kind and law (label: count, kind, law)."""
    groups: dict[str, list[str]] = {}
    for node in sorted(g.nodes):
        groups.setdefault(_group(g, node), []).append(node)
    s = nx.Graph()
    for key, members in groups.items():
        data = dict(g.nodes[members[0]])
        if len(members) > 1 or key.count(":*:"):
            kind, _, wet = key.split(":", 2)
            data["label"] = f"{len(members)} × {kind}" + (f"\n{wet.lstrip('*:')}" if wet else "")
        s.add_node(key, **data)
    for u, v in g.edges():
        gu, gv = _group(g, u), _group(g, v)
        if gu != gv:
            s.add_edge(gu, gv)
    return s


Box = tuple[float, float, float, float]


def _overlap(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _separate(texts: list[Any], renderer: Any, rounds: int = 200) -> list[Box]:
    """Move label texts apart (in data space) until no two boxes overlap."""
    if not texts:
        return []
    ax: Any = texts[0].axes
    for _ in range(rounds):
        boxes = [t.get_window_extent(renderer).expanded(1.04, 1.15) for t in texts]
        moved = False
        for i in range(len(texts)):
            for j in range(i + 1, len(texts)):
                bi, bj = boxes[i], boxes[j]
                if not _overlap((bi.x0, bi.y0, bi.x1, bi.y1), (bj.x0, bj.y0, bj.x1, bj.y1)):
                    continue
                dy = (min(bi.y1, bj.y1) - max(bi.y0, bj.y0)) / 2 + 1
                sign = 1 if (bj.y0 + bj.y1) >= (bi.y0 + bi.y1) else -1
                for t, d in ((texts[j], sign * dy), (texts[i], -sign * dy)):
                    x, y = ax.transData.transform(t.get_position())
                    t.set_position(ax.transData.inverted().transform((x, y + d)))
                moved = True
                boxes = [t.get_window_extent(renderer).expanded(1.04, 1.15) for t in texts]
        if not moved:
            break
    return [(b.x0, b.y0, b.x1, b.y1) for b in (t.get_window_extent(renderer) for t in texts)]


def draw_household_graph(
    g: Any, out: Path, title: str = "", *, regisseur: str | None = None
) -> list[Box]:
    """Write ``g`` to ``out`` (.svg or .png): nodes coloured by wet, labels as text that do
    not overlap, a legend of the laws present, the regisseur (a node id such as
    ``professional:pr6``) ringed. Returns the label boxes in pixels (for checks).

    A graph of more than :data:`MAX_DRAWN_NODES` nodes is drawn as :func:`summary_graph`
    (the title says so), so a very large household stays readable and quick to draw.
    """
    if g.number_of_nodes() > MAX_DRAWN_NODES:
        g = summary_graph(g)
        title = f"{title} (samenvatting: gegroepeerd per soort en wet)".strip()
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    matplotlib.rcParams["svg.hashsalt"] = "gezinsplan"
    matplotlib.rcParams["svg.fonttype"] = "none"  # labels stay text in the SVG
    simple = nx.Graph(g)
    pos = nx.spring_layout(simple, seed=7, k=1.6)
    fig, ax = plt.subplots(figsize=(12, 9))
    nodes = list(simple.nodes)
    colours = {n: _colour(g.nodes[n]) for n in nodes}
    nx.draw_networkx_edges(simple, pos, ax=ax, edge_color="#8a8a8a", width=0.8)
    nx.draw_networkx_nodes(
        simple,
        pos,
        nodelist=nodes,
        ax=ax,
        node_size=700,
        node_color=[colours[n] for n in nodes],
        edgecolors="#333333",
    )
    if regisseur is not None and regisseur in simple:
        nx.draw_networkx_nodes(
            simple,
            pos,
            nodelist=[regisseur],
            ax=ax,
            node_size=1500,
            node_color="none",
            edgecolors="#d00000",
            linewidths=3,
        )
    texts = []
    for n in sorted(nodes):
        x, y = pos[n]
        label = str(g.nodes[n].get("label", n))
        texts.append(
            ax.text(
                x,
                y - 0.06,
                label,
                fontsize=8,
                ha="center",
                va="top",
                color="#000000",
                bbox={"boxstyle": "round,pad=0.2", "fc": "#ffffff", "ec": colours[n], "lw": 1.2},
                zorder=5,
            )
        )
    present = {str(g.nodes[n].get("wet") or "") for n in nodes}
    present |= {w for n in nodes for w in (g.nodes[n].get("wetten") or ())}
    present |= {str(g.nodes[n].get("label")) for n in nodes if g.nodes[n].get("type") == "wet"}
    legend: list[Any] = [Patch(color=c, label=w) for w, c in _WET_COLOURS.items() if w in present]
    kinds = {str(g.nodes[n].get("type")) for n in nodes}
    legend += [Patch(color=c, label=t) for t, c in _TYPE_COLOURS.items() if t in kinds - {"wet"}]
    if regisseur is not None and regisseur in simple:
        legend.append(
            Line2D(
                [],
                [],
                marker="o",
                color="none",
                markeredgecolor="#d00000",
                markeredgewidth=3,
                markersize=14,
                label="regisseur",
            )
        )
    ax.legend(handles=legend, loc="lower left", fontsize=8, title="kleur", framealpha=0.95)
    ax.set_title(title)
    ax.axis("off")
    ax.margins(0.12)
    fig.tight_layout()
    fig.canvas.draw()
    canvas: Any = fig.canvas
    boxes = _separate(texts, canvas.get_renderer())
    metadata: dict[str, Any] = {"Date": None} if out.suffix == ".svg" else {}
    fig.savefig(out, metadata=metadata, dpi=110)
    plt.close(fig)
    return boxes

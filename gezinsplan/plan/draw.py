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


def draw_household_graph(g: Any, out: Path, title: str = "") -> None:
    """Write ``g`` to ``out`` (.svg or .png): nodes coloured by wet, with a legend.

    A graph of more than :data:`MAX_DRAWN_NODES` nodes is drawn as :func:`summary_graph`
    (the title says so), so a very large household stays readable and quick to draw.
    """
    if g.number_of_nodes() > MAX_DRAWN_NODES:
        g = summary_graph(g)
        title = f"{title} (samenvatting: gegroepeerd per soort en wet)".strip()
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch

    matplotlib.rcParams["svg.hashsalt"] = "gezinsplan"
    simple = nx.Graph(g)
    pos = nx.spring_layout(simple, seed=7, k=1.2)
    fig, ax = plt.subplots(figsize=(11, 8))
    nodes = list(simple.nodes)
    nx.draw_networkx_edges(simple, pos, ax=ax, edge_color="#999999", width=0.8)
    nx.draw_networkx_nodes(
        simple,
        pos,
        nodelist=nodes,
        ax=ax,
        node_size=900,
        node_color=[_colour(g.nodes[n]) for n in nodes],
        edgecolors="#333333",
    )
    nx.draw_networkx_labels(
        simple,
        pos,
        ax=ax,
        font_size=8,
        labels={n: str(g.nodes[n].get("label", n)) for n in nodes},
    )
    legend = [Patch(color=c, label=w) for w, c in _WET_COLOURS.items()]
    legend += [Patch(color=c, label=t) for t, c in _TYPE_COLOURS.items() if t != "wet"]
    ax.legend(handles=legend, loc="lower left", fontsize=8, title="kleur")
    ax.set_title(title)
    ax.axis("off")
    fig.tight_layout()
    metadata: dict[str, Any] = {"Date": None} if out.suffix == ".svg" else {}
    fig.savefig(out, metadata=metadata, dpi=110)
    plt.close(fig)

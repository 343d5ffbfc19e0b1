"""Draw the household graph (SVG or PNG) with matplotlib, deterministically.

The picture is laid out in rings (:func:`ring_layout`): the members in the centre, on a
pale disc that stands for the household; around them what the members receive and who
helps them (voorzieningen grouped by wet, professionals beside the voorzieningen of their
wet, support from the network); on the outer ring the organisations and the wetten, each
beside what it belongs to. Labels point outwards from the centre, so they do not cover
the edges, and the legend (in Dutch) stands beside the picture.
"""

from __future__ import annotations

import math
import re
import textwrap
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import networkx as nx

__all__ = [
    "KIND_NAMES",
    "MAX_DRAWN_NODES",
    "WET_NAMES",
    "draw_household_graph",
    "household_figure",
    "ring_layout",
    "summary_graph",
]

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
WET_NAMES = {
    "wmo": "Wmo",
    "jeugdwet": "Jeugdwet",
    "participatiewet": "Participatiewet",
    "onderwijs": "onderwijs",
    "zvw": "zorgverzekering (Zvw)",
    "wlz": "Wlz",
    "wgs": "schuldhulp (Wgs)",
    "toeslagen": "toeslagen",
    "inburgering": "inburgering",
}
"""The wetten as the picture names them (legend and wet nodes)."""

KIND_NAMES = {
    "member": "gezinslid",
    "professional": "professional",
    "provision": "voorziening",
    "informal": "steun uit het netwerk",
    "organisation": "organisatie",
    "wet": "wet",
}
"""The kinds of node as the picture names them (legend and summary labels)."""

_KIND_STYLE = {  # kind: (marker, size, ring)
    "member": ("o", 950, 0),
    "professional": ("o", 620, 1),
    "provision": ("s", 560, 1),
    "informal": ("^", 640, 1),
    "organisation": ("D", 480, 2),
    "wet": ("h", 760, 2),
}
_WET_COLOURED = ("professional", "provision", "wet")
"""The kinds of node coloured by their wet (a professional: the first of its wetten)."""
_MEMBER_COLOUR = "#1d3557"
_ORGANISATION_COLOUR = "#adb5bd"
_INFORMAL_COLOUR = "#c77dff"
_GREY = "#cccccc"
_LABEL_WIDTH = 20
"""Labels longer than this many characters wrap onto two lines."""


def _kind(data: dict[str, Any]) -> str:
    kind = str(data.get("type"))
    return kind if kind in _KIND_STYLE else "organisation"


def _wet_of(data: dict[str, Any]) -> str:
    if data.get("type") == "wet":
        return str(data.get("label") or "")
    wetten = data.get("wetten") or ()
    return str(data.get("wet") or (wetten[0] if wetten else ""))


def _colour(data: dict[str, Any]) -> str:
    kind = data.get("type")
    if kind in ("provision", "professional", "wet"):
        return _WET_COLOURS.get(_wet_of(data), _GREY)
    if kind == "member":
        return _MEMBER_COLOUR
    if kind == "informal":
        return _INFORMAL_COLOUR
    return _ORGANISATION_COLOUR


def _group(g: Any, node: str) -> str:
    data = g.nodes[node]
    kind = str(data.get("type"))
    if kind in ("member", "wet"):
        return node
    return f"{kind}:*:{_wet_of(data)}"


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
            wet = wet.lstrip("*:")
            name = KIND_NAMES.get(kind, kind)
            law = WET_NAMES.get(wet, wet)
            data["label"] = f"{len(members)} × {name}" + (f"\n{law}" if law else "")
        s.add_node(key, **data)
    for u, v, edge in sorted(g.edges(data=True), key=lambda e: (e[0], e[1])):
        gu, gv = _group(g, u), _group(g, v)
        if gu != gv and not s.has_edge(gu, gv):
            s.add_edge(gu, gv, type=edge.get("type", ""))
    return s


# -- layout ------------------------------------------------------------------------------

_TAU = 2 * math.pi


def _mean_angle(angles: Iterable[float]) -> float | None:
    """The circular mean of ``angles`` (None for none, or when they cancel out)."""
    values = list(angles)
    if not values:
        return None
    x = sum(math.cos(a) for a in values)
    y = sum(math.sin(a) for a in values)
    if math.hypot(x, y) < 1e-6 * len(values):  # they cancel out: the first one
        return values[0] % _TAU
    return math.atan2(y, x) % _TAU


def _spread(wanted: list[float], gap: float) -> list[float]:
    """Angles near ``wanted`` (ascending, in [0, 2π)) with at least ``gap`` between
    neighbours on the circle; evenly spaced when they do not fit."""
    n = len(wanted)
    if n <= 1:
        return list(wanted)
    if n * gap >= _TAU:
        offset = _mean_angle(w - _TAU * i / n for i, w in enumerate(wanted)) or 0.0
        return [(offset + _TAU * i / n) % _TAU for i in range(n)]
    a = list(wanted)
    for _ in range(400):
        moved = False
        for i in range(n):
            j = (i + 1) % n
            between = a[j] - a[i] + (_TAU if j == 0 else 0.0)
            if between < gap - 1e-9:
                push = (gap - between) / 2
                a[i] -= push
                a[j] += push
                moved = True
        if not moved:
            break
    return [x % _TAU for x in a]


def _gap(n: int) -> float:
    """The least angle between two neighbours on a ring of ``n`` nodes: nearly even
    spacing (labels need the room), at most 50 degrees (few nodes stay near their
    members)."""
    return min(0.9 * _TAU / max(n, 1), math.radians(50))


def _neighbours(g: Any, node: str) -> list[str]:
    """The neighbours of ``node`` in id order (never in set order: the layout must not
    depend on string hashing)."""
    found = set(g.predecessors(node)) | set(g.successors(node)) if g.is_directed() else set(g[node])
    return sorted(found)


def _natural(node: str) -> tuple[tuple[int, int | str], ...]:
    """``member:m2`` before ``member:m10``."""
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in re.split(r"(\d+)", node))


def ring_layout(g: Any) -> dict[str, tuple[float, float]]:
    """Positions in rings: members in the centre; professionals, voorzieningen (grouped by
    wet) and network support around them; organisations and wetten outside, each beside
    what it belongs to. Deterministic: the same graph gives the same positions."""
    rings: dict[int, list[str]] = {0: [], 1: [], 2: []}
    for node in sorted(g.nodes):
        rings[_KIND_STYLE[_kind(g.nodes[node])][2]].append(node)
    members = sorted(rings[0], key=_natural)
    angle: dict[str, float] = {}
    radius0 = 0.0 if len(members) <= 1 else max(1.0, len(members) * 0.9 / _TAU)
    for i, m in enumerate(members):
        angle[m] = (math.pi / 2 - _TAU * i / max(len(members), 1)) % _TAU
    pos = {m: (radius0 * math.cos(angle[m]), radius0 * math.sin(angle[m])) for m in members}

    # ring 1: what each member receives and who helps, grouped by wet
    anchor: dict[str, float | None] = {
        n: _mean_angle(angle[m] for m in _neighbours(g, n) if m in angle) for n in rings[1]
    }
    by_wet: dict[str, list[float]] = {}
    for n in rings[1]:
        a = anchor[n]
        if a is not None:
            by_wet.setdefault(_wet_of(g.nodes[n]), []).append(a)
    wet_angle = {w: _mean_angle(v) or 0.0 for w, v in by_wet.items()}
    kind_order = {"provision": 0, "professional": 1, "informal": 2}

    def ring1_key(n: str) -> tuple[float, str, float, int, str]:
        wet = _wet_of(g.nodes[n])
        own = anchor[n]
        group = wet_angle.get(wet, own if own is not None else 0.0)
        return (
            group,
            wet,
            own if own is not None else group,
            kind_order.get(_kind(g.nodes[n]), 3),
            n,
        )

    ring1 = sorted(rings[1], key=ring1_key)
    radius1 = max(radius0 + 2.3, len(ring1) * 1.1 / _TAU)
    spread1 = _spread([ring1_key(n)[0] for n in ring1], _gap(len(ring1)))
    for n, a in zip(ring1, spread1, strict=True):
        angle[n] = a
        pos[n] = (radius1 * math.cos(a), radius1 * math.sin(a))

    # ring 2: organisations and wetten beside their professionals and voorzieningen
    anchor2 = {
        n: _mean_angle(angle[x] for x in _neighbours(g, n) if x in angle and x not in members)
        for n in rings[2]
    }
    fallback = {n: _mean_angle(angle[x] for x in _neighbours(g, n) if x in angle) for n in rings[2]}

    def ring2_key(n: str) -> tuple[float, int, str]:
        a = anchor2[n] if anchor2[n] is not None else fallback[n]
        return (a if a is not None else 0.0, 0 if _kind(g.nodes[n]) == "wet" else 1, n)

    ring2 = sorted(rings[2], key=ring2_key)
    radius2 = max(radius1 + 2.3, len(ring2) * 1.1 / _TAU)
    spread2 = _spread([ring2_key(n)[0] for n in ring2], _gap(len(ring2)))
    for n, a in zip(ring2, spread2, strict=True):
        angle[n] = a
        pos[n] = (radius2 * math.cos(a), radius2 * math.sin(a))
    return pos


# -- drawing -----------------------------------------------------------------------------

Box = tuple[float, float, float, float]


def _overlap(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _separate(texts: list[Any], renderer: Any, rounds: int = 200) -> list[Box]:
    """Move label texts apart (in data space) until no two boxes overlap (a safety net:
    the ring layout rarely needs it)."""
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


def _hits_circle(box: Box, x: float, y: float, r: float) -> bool:
    nx_ = min(max(x, box[0]), box[2])
    ny_ = min(max(y, box[1]), box[3])
    return (nx_ - x) ** 2 + (ny_ - y) ** 2 < r * r


def _place_labels(
    ax: Any,
    texts: dict[str, Any],
    pos: dict[str, tuple[float, float]],
    radii: dict[str, float],
    renderer: Any,
) -> None:
    """Give each label the first place beside its node (outwards first, then below,
    above, beside, further out) where it covers no other label and no other node."""
    centre: dict[str, tuple[float, float]] = {
        n: (float(xy[0]), float(xy[1])) for n in texts for xy in [ax.transData.transform(pos[n])]
    }
    frame = ax.bbox.extents
    placed: list[Box] = []
    order = sorted(texts, key=lambda n: (math.hypot(*pos[n]), n))
    for n in order:
        text = texts[n]
        x, y = centre[n]
        r = radii[n] + 4
        r_len = math.hypot(*pos[n])
        cos, sin = (pos[n][0] / r_len, pos[n][1] / r_len) if r_len > 1e-9 else (0.0, -1.0)
        default = (text.get_position(), text.get_ha(), text.get_va())
        candidates = [(x + cos * r, y + sin * r)]
        candidates += [(x, y - r), (x, y + r), (x + r, y), (x - r, y)]
        candidates += [(x + cos * r * 2.2, y + sin * r * 2.2), (x, y - 2.2 * r), (x, y + 2.2 * r)]
        chosen = None
        for cx, cy in candidates:
            dx, dy = cx - x, cy - y
            ha = "left" if dx > r * 0.3 else "right" if dx < -r * 0.3 else "center"
            va = "bottom" if dy > r * 0.3 else "top" if dy < -r * 0.3 else "center"
            text.set_position(ax.transData.inverted().transform((cx, cy)))
            text.set_ha(ha)
            text.set_va(va)
            b = text.get_window_extent(renderer).expanded(1.02, 1.06).extents
            box = (b[0], b[1], b[2], b[3])
            inside = frame[0] <= box[0] and box[2] <= frame[2]
            inside = inside and frame[1] <= box[1] and box[3] <= frame[3]
            free = inside and not any(_overlap(box, other) for other in placed)
            free = free and not any(
                _hits_circle(box, centre[m][0], centre[m][1], radii[m]) for m in texts if m != n
            )
            if free:
                chosen = box
                break
        if chosen is None:
            text.set_position(default[0])
            text.set_ha(default[1])
            text.set_va(default[2])
            b = text.get_window_extent(renderer).extents
            chosen = (b[0], b[1], b[2], b[3])
        placed.append(chosen)


_AXES_HEIGHT_INCHES = 10 * 0.92


def _shrink(pos: dict[str, tuple[float, float]], extent: float, dpi: float) -> float:
    """The factor for the marker areas so that no two markers touch (1: full size; less
    only for crowded rings such as the summary of a very large household)."""
    points = sorted(pos.values())
    if len(points) < 2:
        return 1.0
    nearest = (
        min(math.dist(a, b) for i, a in enumerate(points) for b in points[i + 1 :] if a != b)
        if len(set(points)) > 1
        else 1.0
    )
    px_per_unit = _AXES_HEIGHT_INCHES * dpi / (2 * 0.92 * extent)
    largest = math.sqrt(max(size for _, size, _ in _KIND_STYLE.values())) * dpi / 72
    return min(1.0, (0.8 * nearest * px_per_unit / largest) ** 2)


def _label(data: dict[str, Any], node: str) -> str:
    label = str(data.get("label", node))
    if data.get("type") == "wet":
        label = WET_NAMES.get(label, label)
    lines = []
    for line in label.split("\n"):
        lines += textwrap.wrap(
            line, _LABEL_WIDTH, break_on_hyphens=False, break_long_words=False
        ) or [""]
    return "\n".join(lines)


def _edge_style(kind: str) -> tuple[str, float, Any]:
    if kind == "collaborates_with":
        return ("#1d3557", 1.3, (0, (4, 3)))
    if kind in ("works_for", "provided_by", "funded_by"):
        return ("#b0b0b0", 0.8, "solid")
    return ("#7a7a7a", 1.0, "solid")


def household_figure(
    g: Any, title: str = "", *, regisseur: str | None = None
) -> tuple[Any, dict[str, Any]]:
    """The figure of ``g`` (drawn, not saved) and its label texts by node: see
    :func:`draw_household_graph`. The caller closes the figure."""
    if g.number_of_nodes() > MAX_DRAWN_NODES:
        g = summary_graph(g)
        title = f"{title} (samenvatting: gegroepeerd per soort en wet)".strip()
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D
    from matplotlib.patches import Circle, Patch

    matplotlib.rcParams["svg.hashsalt"] = "gezinsplan"
    matplotlib.rcParams["svg.fonttype"] = "none"  # labels stay text in the SVG
    pos = ring_layout(g)
    nodes = sorted(g.nodes)
    members = [n for n in nodes if _kind(g.nodes[n]) == "member"]
    fig = plt.figure(figsize=(13.5, 10), dpi=110)
    extent = max((math.hypot(*p) for p in pos.values()), default=1.0) + 2.4
    shrink = _shrink(pos, extent, fig.dpi)
    ax = fig.add_axes((0.01, 0.02, 0.76, 0.92))
    ax.set_aspect("equal")
    ax.axis("off")
    if members:
        reach = max(math.hypot(*pos[m]) for m in members) + 0.75
        ax.add_patch(Circle((0, 0), reach, fc="#eef2f8", ec="#c9d3e3", lw=1, zorder=0))
    seen: set[tuple[str, str]] = set()
    for u, v, data in sorted(g.edges(data=True), key=lambda e: (e[0], e[1])):
        kind = str(data.get("type", ""))
        key = (min(u, v), max(u, v))
        if kind == "lives_with" or key in seen or u == v:
            continue  # the disc in the centre says who lives together
        seen.add(key)
        colour, width, style = _edge_style(kind)
        ax.plot(
            [pos[u][0], pos[v][0]],
            [pos[u][1], pos[v][1]],
            color=colour,
            lw=width,
            linestyle=style,
            zorder=1,
        )
    for kind, (marker, size, _) in _KIND_STYLE.items():
        of_kind = [n for n in nodes if _kind(g.nodes[n]) == kind]
        if of_kind:
            ax.scatter(
                [pos[n][0] for n in of_kind],
                [pos[n][1] for n in of_kind],
                s=size * shrink,
                marker=marker,
                c=[_colour(g.nodes[n]) for n in of_kind],
                edgecolors="#333333",
                linewidths=1,
                zorder=3,
            )
    if regisseur is not None and regisseur in g:
        ax.scatter(
            [pos[regisseur][0]],
            [pos[regisseur][1]],
            s=1700 * shrink,
            marker="o",
            facecolors="none",
            edgecolors="#d00000",
            linewidths=3,
            zorder=4,
        )
    texts: dict[str, Any] = {}
    for n in nodes:
        x, y = pos[n]
        r = math.hypot(x, y)
        if r < 1e-9:  # a member alone in the centre: label below
            dx, dy, ha, va = 0.0, -0.42, "center", "top"
        else:
            cos, sin = x / r, y / r
            dx, dy = cos * 0.42, sin * 0.42
            ha = "left" if cos > 0.3 else "right" if cos < -0.3 else "center"
            va = "bottom" if sin > 0.3 else "top" if sin < -0.3 else "center"
        texts[n] = ax.text(
            x + dx,
            y + dy,
            _label(g.nodes[n], n),
            fontsize=8.5 if shrink > 0.5 else 7,
            ha=ha,
            va=va,
            multialignment="center",
            color="#000000",
            bbox={
                "boxstyle": "round,pad=0.25",
                "fc": "#ffffff",
                "ec": _colour(g.nodes[n]),
                "lw": 1.2,
            },
            zorder=5,
        )
    ax.set_xlim(-extent, extent)
    ax.set_ylim(-extent * 0.92, extent * 0.92)
    present = {_wet_of(g.nodes[n]) for n in nodes if _kind(g.nodes[n]) in _WET_COLOURED}
    wet_legend: list[Any] = [
        Patch(fc=c, ec="#333333", label=WET_NAMES[w])
        for w, c in _WET_COLOURS.items()
        if w in present
    ]
    kinds = {_kind(g.nodes[n]) for n in nodes}
    kind_colours = {"member": _MEMBER_COLOUR, "informal": _INFORMAL_COLOUR}
    kind_legend: list[Any] = []
    if members:
        kind_legend.append(Patch(fc="#eef2f8", ec="#c9d3e3", label="huishouden (woont samen)"))
    kind_legend += [
        Line2D(
            [],
            [],
            marker=marker,
            linestyle="none",
            markersize=10,
            markerfacecolor=kind_colours.get(kind, "#ffffff"),
            markeredgecolor="#333333",
            label=KIND_NAMES[kind],
        )
        for kind, (marker, _, _) in _KIND_STYLE.items()
        if kind in kinds
    ]
    if any(d.get("type") == "collaborates_with" for _, _, d in g.edges(data=True)):
        kind_legend.append(
            Line2D([], [], color="#1d3557", lw=1.3, linestyle=(0, (4, 3)), label="werkt samen met")
        )
    if regisseur is not None and regisseur in g:
        kind_legend.append(
            Line2D(
                [],
                [],
                marker="o",
                linestyle="none",
                markerfacecolor="none",
                markeredgecolor="#d00000",
                markeredgewidth=3,
                markersize=14,
                label="regisseur",
            )
        )
    first = fig.legend(
        handles=kind_legend,
        loc="upper left",
        bbox_to_anchor=(0.78, 0.9),
        fontsize=9,
        title="Wie of wat",
        title_fontsize=10,
        framealpha=1,
        alignment="left",
    )
    if wet_legend:
        fig.legend(
            handles=wet_legend,
            loc="upper left",
            bbox_to_anchor=(0.78, 0.52),
            fontsize=9,
            title="Kleur: de wet",
            title_fontsize=10,
            framealpha=1,
            alignment="left",
        )
    fig.add_artist(first)
    fig.suptitle(title, x=0.4, y=0.98, fontsize=13)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    radii = {
        n: math.sqrt(_KIND_STYLE[_kind(g.nodes[n])][1] * shrink) / 2 * fig.dpi / 72 for n in nodes
    }
    if regisseur in radii:
        radii[regisseur] = math.sqrt(1700 * shrink) / 2 * fig.dpi / 72
    _place_labels(ax, texts, pos, radii, renderer)
    _separate([texts[n] for n in nodes], renderer)
    return fig, texts


def draw_household_graph(
    g: Any, out: Path, title: str = "", *, regisseur: str | None = None
) -> list[Box]:
    """Write ``g`` to ``out`` (.svg or .png) in rings (:func:`ring_layout`): nodes
    coloured by wet and shaped by kind, labels as text that do not overlap, a Dutch legend
    of the kinds and the laws present, the regisseur (a node id such as
    ``professional:pr6``) ringed. Returns the label boxes in pixels (for checks).

    A graph of more than :data:`MAX_DRAWN_NODES` nodes is drawn as :func:`summary_graph`
    (the title says so), so a very large household stays readable and quick to draw.
    """
    import matplotlib.pyplot as plt

    fig, texts = household_figure(g, title, regisseur=regisseur)
    canvas: Any = fig.canvas
    renderer = canvas.get_renderer()
    boxes = [
        (b.x0, b.y0, b.x1, b.y1)
        for b in (texts[n].get_window_extent(renderer) for n in sorted(texts))
    ]
    metadata: dict[str, Any] = {"Date": None} if out.suffix == ".svg" else {}
    fig.savefig(out, metadata=metadata, dpi=110)
    plt.close(fig)
    return boxes

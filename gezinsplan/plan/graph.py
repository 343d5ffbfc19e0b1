"""The household as a typed networkx graph, and metrics as small pure functions of it.

Nodes are ``"<type>:<id>"`` with a ``type`` attribute (member, professional,
organisation, provision, informal) and a ``label`` (roles, never personal names unless
asked). Edges carry a ``type``: serves, works_for, funded_by (with ``wet``),
collaborates_with, supports, lives_with, receives, provided_by.

>>> from datetime import date
>>> from gezinsplan.io import parse_household
>>> h = parse_household({"id": "h", "gemeente": "Vaals",
...     "members": [{"id": "m1", "role": "ouder", "birth_date": "1980-01-01"}],
...     "organisations": [{"id": "o1", "name": "A"}, {"id": "o2", "name": "B"}],
...     "professionals": [
...         {"id": "p1", "organisation": "o1", "role": "wijkcoach", "wetten": ["wmo"],
...          "serves": ["m1"], "collaborates_with": ["p2"]},
...         {"id": "p2", "organisation": "o2", "role": "klantmanager",
...          "wetten": ["participatiewet"], "serves": ["m1"]},
...         {"id": "p3", "organisation": "o2", "role": "begeleider", "wetten": ["wmo"],
...          "serves": ["m1"]}]})
>>> g = household_graph(h, date(2026, 1, 1))
>>> count_professionals(g), count_organisations(g), sorted(wetten_involved(g))
(3, 2, ['participatiewet', 'wmo'])
>>> collaboration_groups(g)
[['professional:p1', 'professional:p2'], ['professional:p3']]
>>> most_central_professional(g)
'professional:p1'
"""

from __future__ import annotations

from datetime import date
from typing import Any

import networkx as nx

from gezinsplan.model.household import Household

__all__ = [
    "collaboration_groups",
    "count_organisations",
    "count_professionals",
    "household_graph",
    "most_central_professional",
    "most_involved_professional",
    "wetten_involved",
]


def household_graph(household: Household, peildatum: date, *, include_names: bool = False) -> Any:
    """Build the typed graph of ``household`` at ``peildatum`` (active provisions only)."""
    g = nx.MultiDiGraph(household=household.id)
    for m in household.members:
        label = m.name if include_names and m.name else m.role.value.replace("_", " ")
        g.add_node(f"member:{m.id}", type="member", label=f"{label} ({m.id})")
    for a in household.members:
        for b in household.members:
            if a.id < b.id:
                g.add_edge(f"member:{a.id}", f"member:{b.id}", type="lives_with")
    for o in household.organisations:
        g.add_node(f"organisation:{o.id}", type="organisation", label=o.name)
    for p in household.professionals:
        label = p.name if include_names and p.name else p.role.value.replace("_", " ")
        node = f"professional:{p.id}"
        g.add_node(
            node,
            type="professional",
            label=f"{label} ({p.id})",
            wetten=tuple(w.value for w in p.wetten),
            casemanager=p.is_casemanager,
        )
        g.add_edge(node, f"organisation:{p.organisation}", type="works_for")
        for mid in p.serves:
            g.add_edge(node, f"member:{mid}", type="serves")
        for other in p.collaborates_with:
            g.add_edge(node, f"professional:{other}", type="collaborates_with")
    for pv in household.active_provisions(peildatum):
        node = f"provision:{pv.id}"
        g.add_node(
            node, type="provision", label=pv.product.value.replace("_", " "), wet=pv.wet.value
        )
        g.add_edge(f"member:{pv.member}", node, type="receives")
        g.add_edge(node, f"wet:{pv.wet.value}", type="funded_by", wet=pv.wet.value)
        g.nodes[f"wet:{pv.wet.value}"].update(type="wet", label=pv.wet.value)
        if pv.provider:
            g.add_edge(node, f"organisation:{pv.provider}", type="provided_by")
    for s in household.informal_support:
        node = f"informal:{s.id}"
        label = s.supporter_name if include_names and s.supporter_name else s.kind.value
        g.add_node(node, type="informal", label=label)
        if s.supporter_member:
            g.add_edge(f"member:{s.supporter_member}", node, type="is")
        for mid in s.supports:
            g.add_edge(node, f"member:{mid}", type="supports")
    return g


def _of_type(g: Any, kind: str) -> list[str]:
    return sorted(n for n, d in g.nodes(data=True) if d.get("type") == kind)


def count_professionals(g: Any) -> int:
    """Number of professionals."""
    return len(_of_type(g, "professional"))


def count_organisations(g: Any) -> int:
    """Number of organisations that professionals work for."""
    return len({v for _, v, d in g.edges(data=True) if d["type"] == "works_for"})


def wetten_involved(g: Any) -> set[str]:
    """Laws under which professionals work or provisions are funded."""
    laws = {w for _, d in g.nodes(data=True) for w in d.get("wetten", ())}
    return laws | {d["wet"] for _, _, d in g.edges(data=True) if d["type"] == "funded_by"}


def _collaboration(g: Any) -> Any:
    c = nx.Graph()
    c.add_nodes_from(_of_type(g, "professional"))
    c.add_edges_from((u, v) for u, v, d in g.edges(data=True) if d["type"] == "collaborates_with")
    return c


def collaboration_groups(g: Any) -> list[list[str]]:
    """Groups of professionals that collaborate (connected components), sorted."""
    return sorted(sorted(c) for c in nx.connected_components(_collaboration(g)))


def most_involved_professional(g: Any) -> str | None:
    """The professional serving the most members (ties: most collaborators, then id)."""
    profs = _of_type(g, "professional")
    if not profs:
        return None
    c = _collaboration(g)

    def key(p: str) -> tuple[int, int, str]:
        served = {v for _, v, d in g.out_edges(p, data=True) if d["type"] == "serves"}
        return (-len(served), -c.degree(p), p)

    return min(profs, key=key)


def most_central_professional(g: Any) -> str | None:
    """The professional with the highest degree centrality in the collaboration graph
    (ties by id)."""
    c = _collaboration(g)
    if c.number_of_nodes() == 0:
        return None
    centrality = nx.degree_centrality(c)
    return str(min(c.nodes, key=lambda p: (-centrality[p], p)))

"""Node positions for the view, computed once in Python and frozen in the page.

Each connected part is laid out alone with igraph (C code: Kamada–Kawai up to 600 nodes,
evenly spaced; Fruchterman–Reingold above, 0.15 s for 2,000 nodes, where vis-network's
in-browser physics took 25 s and networkx's spring layout 16 s), then the parts are packed
in rows, biggest first, so a small cluster never drifts off and squeezes the rest. A
seeded generator makes the same graph give the same picture.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence

import igraph

SPACING = 100.0  # the length of a link, in page pixels at zoom 1
KAMADA_KAWAI_MAX = 600  # nodes; above, Fruchterman–Reingold (KK is quadratic: 8 s at 2,000)
GAP = 1.5  # between packed parts, in links


def _part(graph: igraph.Graph, seed: int) -> list[tuple[float, float]]:
    """One connected part, in units of about one link."""
    n = graph.vcount()
    if n == 1:
        return [(0.0, 0.0)]
    rng = random.Random(seed)
    start = [
        [rng.uniform(-1, 1) * math.sqrt(n), rng.uniform(-1, 1) * math.sqrt(n)] for _ in range(n)
    ]
    if n <= KAMADA_KAWAI_MAX:
        # links at a busy node are longer, so its many neighbours get room around it
        degree = graph.degree()
        lengths = [1 + 0.25 * math.sqrt(max(degree[e.source], degree[e.target])) for e in graph.es]
        layout = graph.layout_kamada_kawai(seed=start, weights=lengths or None)
        return [tuple(c) for c in layout.coords]
    igraph.set_random_number_generator(random.Random(seed))
    try:
        layout = graph.layout_fruchterman_reingold(seed=start, niter=500, grid="grid")
    finally:
        igraph.set_random_number_generator(random)
    coords = layout.coords
    # FR's unit is arbitrary: scale so the median link is one unit
    lengths = sorted(math.dist(coords[e.source], coords[e.target]) for e in graph.es) or [1.0]
    unit = lengths[len(lengths) // 2] or 1.0
    return [(x / unit, y / unit) for x, y in coords]


def positions(
    n_nodes: int, edges: Sequence[tuple[int, int, float]], seed: int = 7
) -> list[tuple[float, float]]:
    """Coordinates for nodes ``0..n_nodes-1`` linked by ``(u, v, weight)`` edges, links
    about ``SPACING`` long; the same input and seed give the same output."""
    if n_nodes == 0:
        return []
    graph = igraph.Graph(n=n_nodes, edges=[(u, v) for u, v, _ in edges])
    parts = sorted(graph.connected_components(), key=lambda c: (-len(c), c[0]))
    boxes = []
    for members in parts:
        coords = _part(graph.subgraph(members), seed)
        xs, ys = [c[0] for c in coords], [c[1] for c in coords]
        boxes.append((members, coords, min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)))
    # shelf packing: rows about as wide as the whole is tall
    area = sum((w + GAP) * (h + GAP) for *_, w, h in boxes)
    row_width = max(math.sqrt(area) * 1.3, boxes[0][4] + GAP)
    out: list[tuple[float, float]] = [(0.0, 0.0)] * n_nodes
    x = y = row_height = 0.0
    for members, coords, x0, y0, w, h in boxes:
        if x > 0 and x + w > row_width:
            x, y, row_height = 0.0, y + row_height + GAP, 0.0
        for node, (cx, cy) in zip(members, coords, strict=True):
            out[node] = (x + cx - x0, y + cy - y0)
        x += w + GAP
        row_height = max(row_height, h)
    mid_x = (max(p[0] for p in out) + min(p[0] for p in out)) / 2
    mid_y = (max(p[1] for p in out) + min(p[1] for p in out)) / 2
    return [(round((px - mid_x) * SPACING, 1), round((py - mid_y) * SPACING, 1)) for px, py in out]

"""Groups from accepted pairs: connected components, guarded against chains.

Transitivity is what turns pairwise links into groups, and also what merges strangers: A~B
and B~C put A and C together although nothing links them directly.  So a component is kept
only if it is small enough and dense enough in *strong* links; otherwise it is split again
with a stricter acceptance weight, up to a ceiling.  All of it is numpy over edge arrays.
"""

from __future__ import annotations

import numpy as np


def components(n: int, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Component label (smallest member row) for each of `n` nodes given edges a-b."""
    label = np.arange(n, dtype=np.int64)
    if len(a) == 0:
        return label
    while True:
        la, lb = label[a], label[b]
        low = np.minimum(la, lb)
        before = label.copy()
        np.minimum.at(label, la, low)  # hook each root to the smaller neighbour root
        np.minimum.at(label, lb, low)
        np.minimum.at(label, a, low)
        np.minimum.at(label, b, low)
        while True:  # pointer jumping until every node points at a root
            nxt = label[label]
            if np.array_equal(nxt, label):
                break
            label = nxt
        if np.array_equal(label, before):
            return label


def _hub_anchored(
    n: int,
    label: np.ndarray,
    size: np.ndarray,
    ea: np.ndarray,
    eb: np.ndarray,
    es: np.ndarray,
    mult: np.ndarray,
) -> np.ndarray:
    """Per component label: one hub record is linked to every other member, and by a
    *strong* edge (`es`: an identifier the two share and nobody else uses) to at least half
    of them (a node stands for `mult` identical records, all strongly linked to each other).
    An organisation listed twenty times with one phone is such a star (and a clique); five
    namesakes at one company, linked by name and company alone, are not."""
    anchored = np.zeros(n, dtype=bool)
    if not es.any():
        return anchored
    strong_degree = np.bincount(ea[es], weights=mult[eb[es]], minlength=n) + np.bincount(
        eb[es], weights=mult[ea[es]], minlength=n
    )
    strong_degree += mult - 1
    # The hub of each component: its member with the most strong links (lowest row on ties).
    order = np.lexsort((np.arange(n), -strong_degree, label))
    first = np.ones(n, dtype=bool)
    first[1:] = label[order][1:] != label[order][:-1]
    hub = np.full(n, -1, dtype=np.int64)
    hub[label[order][first]] = order[first]
    at_a, at_b = hub[label[ea]] == ea, hub[label[eb]] == eb
    other = np.where(at_a, mult[eb], mult[ea]) * (at_a | at_b)
    own = np.zeros(n)
    roots = hub[hub >= 0]
    own[label[roots]] = mult[roots] - 1  # the hub's identical copies
    spokes = np.bincount(label[ea], weights=other, minlength=n) + own
    strong_spokes = np.bincount(label[ea], weights=other * es, minlength=n) + own
    anchored[:] = (size > 1) & (spokes >= size - 1) & (2 * strong_spokes >= size - 1)
    return anchored


def guarded_groups(
    n: int,
    a: np.ndarray,
    b: np.ndarray,
    weight: np.ndarray,
    threshold: float,
    strong: np.ndarray | None = None,
    mult: np.ndarray | None = None,
    max_weak_size: int = 8,
    min_density: float = 2 / 3,  # a chain of three (2 of its 3 pairs linked) is kept
    steps: int = 8,
    step: float = 4.0,
) -> np.ndarray:
    """Labels (-1 for singletons) from edges with weight >= threshold.

    A component is kept when its internal evidence holds it together: its accepted edges
    cover at least `min_density` of its member pairs (a clique rather than a chain), and,
    beyond `max_weak_size` records, one hub record is linked to every member, to at least
    half of them by a *strong* edge (`strong`, per edge: an identifier the two share and
    nobody else uses).  So an organisation listed twenty times with one phone stays one
    group, while five 王伟 at one big account, a clique on name and company alone, do not.
    `mult[i]` (default 1) is how many identical records node i stands for.
    Other components are re-clustered using only their edges of weight >= threshold +
    step, repeatedly, up to `steps` times (each step is 16x the odds; 8 steps reach 2^32,
    beyond which no pair weight in practice goes).
    """
    keep = weight >= threshold
    a, b, weight = a[keep], b[keep], weight[keep]
    strong = np.zeros(len(a), dtype=bool) if strong is None else strong[keep]
    m = np.ones(n) if mult is None else mult.astype(np.float64)
    final = np.full(n, -1, dtype=np.int64)
    active = np.ones(len(a), dtype=bool)
    level = threshold
    for i in range(steps + 1):
        ea, eb = a[active], b[active]
        label = components(n, ea, eb)
        # A node stands for `mult` identical records: they count as members linked to each
        # other, so contracting copies does not make a group look denser than it is.
        size = np.bincount(label, weights=m, minlength=n)
        edges = np.bincount(label[ea], weights=m[ea] * m[eb], minlength=n) + np.bincount(
            label, weights=m * (m - 1) / 2, minlength=n
        )
        possible = size * (size - 1) / 2
        density = np.divide(edges, possible, out=np.ones(n), where=possible > 0)
        bad = (size > 2) & (density < min_density)
        big = ~bad & (size > max_weak_size)
        if big.any():
            bad |= big & ~_hub_anchored(n, label, size, ea, eb, strong[active], m)
        if i == steps:
            bad[:] = False
        involved = np.zeros(n, dtype=bool)
        involved[ea] = True
        involved[eb] = True
        ok_nodes = involved & ~bad[label]
        final[ok_nodes] = label[ok_nodes]
        # Only edges inside bad components go on to the next, stricter round.
        level += step
        active = active & bad[label[a]] & (weight >= level)
        if not active.any():
            break
    return final

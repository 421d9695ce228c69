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


def guarded_groups(
    n: int,
    a: np.ndarray,
    b: np.ndarray,
    weight: np.ndarray,
    threshold: float,
    max_size: int = 8,
    min_density: float = 0.66,  # a chain of three (2 of its 3 pairs linked) is kept
    steps: int = 8,
    step: float = 4.0,
) -> np.ndarray:
    """Labels (-1 for singletons) from edges with weight >= threshold.

    A component bigger than `max_size`, or whose accepted edges cover less than `min_density`
    of its member pairs (a chain rather than a clique), is re-clustered using only its edges
    of weight >= threshold + step, repeatedly, up to `steps` times.
    """
    keep = weight >= threshold
    a, b, weight = a[keep], b[keep], weight[keep]
    final = np.full(n, -1, dtype=np.int64)
    active = np.ones(len(a), dtype=bool)
    level = threshold
    for i in range(steps + 1):
        ea, eb = a[active], b[active]
        label = components(n, ea, eb)
        size = np.bincount(label, minlength=n)
        edges = np.bincount(label[ea], minlength=n)
        possible = size * (size - 1) / 2
        density = np.divide(edges, possible, out=np.ones(n), where=possible > 0)
        bad = (size > max_size) | ((size > 2) & (density < min_density))
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

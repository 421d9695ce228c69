"""Fellegi-Sunter parameters estimated from the data itself (no labels).

* u (probability of each level among *non-matches*) comes from random record pairs, which
  are almost all non-matches; the exact-agreement level uses the closed form sum(p_v^2)
  over value frequencies, which is exact where a sample would see only a handful of hits.
* m (probability of each level among *matches*) and the match prior lambda among candidate
  pairs come from expectation-maximisation on the candidate pairs' comparison vectors, with
  u held fixed (as Splink does) so EM cannot drift into "same company" as the match class.
  EM runs on the distinct comparison patterns with their counts, so it costs nothing.
* Term-frequency adjustment: an exact agreement on a value is worth log2(m / freq(value))
  instead of log2(m / u), so agreeing on a rare name counts more than on 王伟 or John Smith.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from crmhealth.checks.fuzzy.compare import NULL

_EPS = 1e-9
TF_FLOOR = 1e-5


@dataclass
class Model:
    prior: float  # P(match) among candidate pairs
    m: list[np.ndarray]  # per comparison: P(level | match)
    u: list[np.ndarray]  # per comparison: P(level | non-match)

    def bayes_factors(self) -> list[np.ndarray]:
        """log2(m/u) per comparison and level."""
        return [np.log2(m / u) for m, u in zip(self.m, self.u, strict=True)]


def estimate_u(
    random_levels: list[np.ndarray], n_levels: list[int], exact_u: list[float | None]
) -> list[np.ndarray]:
    """u per comparison from levels of random pairs; `exact_u[k]`, when given, replaces the
    sampled level-0 share (the rest is rescaled to sum to one)."""
    out: list[np.ndarray] = []
    for lv, nl, u0 in zip(random_levels, n_levels, exact_u, strict=True):
        counts = np.bincount(lv[lv != NULL], minlength=nl).astype(np.float64)[:nl]
        u = (counts + 0.5) / (counts.sum() + 0.5 * nl)  # Laplace: no level is impossible
        if u0 is not None:
            # Kept inside (0, 1): in a table of two identical records every pair agrees, and
            # a u of 1 would leave the other levels impossible (log2(m/0)).
            u0 = min(max(u0, _EPS), 1.0 - 1e-3)
            rest = u[1:] / max(u[1:].sum(), _EPS)
            u = np.concatenate([[u0], rest * (1.0 - u0)])
        out.append(np.maximum(u, _EPS))
    return out


def _initial_m(nl: int) -> np.ndarray:
    # Matches mostly agree: most mass on the best level, a little on "different".
    m: np.ndarray = np.array([0.6 * 0.35**i for i in range(nl - 1)] + [0.05])
    out: np.ndarray = m / m.sum()
    return out


def run_em(
    pair_levels: list[np.ndarray],
    n_levels: list[int],
    u: list[np.ndarray],
    iterations: int = 40,
    prior: float = 0.05,
    free_u: bool = True,
    m_caps: dict[tuple[int, int], float] | None = None,
    total_pairs: int | None = None,
    offset: np.ndarray | None = None,
    m_anchor: list[tuple[np.ndarray, float] | None] | None = None,
) -> Model:
    """Estimate m and the prior by EM over the distinct comparison patterns.

    `offset` (log2, per pair) is evidence the levels do not carry -- the term-frequency
    adjustment -- and is added to every pattern's log odds, so EM sees two 王伟 as the weak
    evidence the final weights will, not as a strong name agreement.  It is quantised to
    1/8 bit to keep the number of distinct patterns small.

    `m_anchor[j]`, when given, is (level shares, pair count) of comparison j among
    high-confidence matches: EM starts from those shares and keeps them as a prior worth
    that many pairs in every M-step, so it cannot drift towards a class of colleagues.
    """
    k = len(pair_levels)
    anchors = m_anchor or [None] * k
    m = [
        _initial_m(nl) if x is None else x[0].copy()
        for nl, x in zip(n_levels, anchors, strict=True)
    ]
    u = [x.copy() for x in u]
    if not pair_levels or len(pair_levels[0]) == 0:
        return Model(prior, m, u)
    # Encode each pair's comparison vector (null -> 0, level l -> l + 1) as one integer.
    radix = np.array([nl + 1 for nl in n_levels], dtype=np.int64)
    code = np.zeros(len(pair_levels[0]), dtype=np.int64)
    for lv, r in zip(pair_levels, radix, strict=True):
        code = code * r + (lv.astype(np.int64) + 1)
    q_lo, q_span = 0, 1
    if offset is not None:
        q = np.rint(np.clip(offset, -64, 64) * 8).astype(np.int64)
        q_lo, q_span = int(q.min()), int(q.max() - q.min()) + 1
        code = code * q_span + (q - q_lo)
    patterns, counts = np.unique(code, return_counts=True)
    cols = np.zeros((len(patterns), k), dtype=np.int64)
    rem = patterns.copy()
    shift = np.log(2.0) * ((rem % q_span) + q_lo) / 8.0
    rem //= q_span
    for j in range(k - 1, -1, -1):
        cols[:, j] = rem % radix[j] - 1
        rem //= radix[j]
    cnt = counts.astype(np.float64)
    for _ in range(iterations):
        log_ratio = np.log(prior / (1 - prior)) + shift
        for j in range(k):
            ok = cols[:, j] != NULL
            lv = cols[ok, j]
            log_ratio[ok] += np.log(m[j][lv]) - np.log(u[j][lv])
        post = 1.0 / (1.0 + np.exp(-np.clip(log_ratio, -50, 50)))
        w = cnt * post
        for (cj, level), cap in (m_caps or {}).items():
            # A cap is a statement about the match class as a whole: pairs at a capped level
            # may make up at most `cap` of it.  Scale their posterior mass down to that share
            # *before* the M-step, or every other comparison learns its m from them: colleagues
            # (unrelated names, same company and switchboard) would teach EM that a shared
            # switchboard is what duplicates have in common.
            at = cols[:, cj] == level
            inside, outside = float(w[at].sum()), float(w[~at].sum())
            if inside > cap / (1 - cap) * outside > 0:
                w[at] *= cap / (1 - cap) * outside / inside
        # Population mode: pairs never blocked together are (almost surely) non-matches, so
        # the match rate over *all* pairs is the candidates' expected matches / all pairs.
        denom = float(total_pairs) if total_pairs else cnt.sum()
        prior = float(np.clip(w.sum() / denom, 1e-12, 1 - 1e-6))
        for j in range(k):
            ok = cols[:, j] != NULL
            sums = np.bincount(cols[ok, j], weights=w[ok], minlength=n_levels[j]).astype(np.float64)
            if (anchor := anchors[j]) is not None:
                sums = sums + anchor[0] * anchor[1]
            m[j] = np.clip(sums / max(sums.sum(), _EPS), 1e-5, 1.0)
            m[j] = m[j] / m[j].sum()
            for (cj, level), cap in (m_caps or {}).items():
                if cj == j and m[j][level] > cap:
                    # Prior knowledge EM cannot see: true duplicates almost never have
                    # unrelated names, however often colleagues agree on everything else.
                    others = np.arange(n_levels[j]) != level
                    m[j][others] *= (1 - cap) / m[j][others].sum()
                    m[j][level] = cap
            if free_u:
                sums = np.bincount(
                    cols[ok, j], weights=cnt[ok] - w[ok], minlength=n_levels[j]
                ).astype(np.float64)
                u[j] = np.clip(sums / max(sums.sum(), _EPS), 1e-5, 1.0)
                u[j] = u[j] / u[j].sum()
    return Model(prior, m, u)


def tf_shift(
    pair_levels: list[np.ndarray], tf: list[dict[int, tuple[np.ndarray, float]]]
) -> list[np.ndarray]:
    """Per comparison, each pair's term-frequency shift log2(average / frequency) (log2)."""
    out: list[np.ndarray] = []
    for j, lv in enumerate(pair_levels):
        shift = np.zeros(len(lv))
        for level, (freq, base) in tf[j].items():
            at = lv == level
            # Floored so one value seen once cannot outweigh all other evidence (and a
            # column without any repeated value shifts nothing rather than to -inf).
            shift[at] += np.log2(max(base, TF_FLOOR) / np.maximum(freq[at], TF_FLOOR))
        out.append(shift)
    return out


def match_weight(
    pair_levels: list[np.ndarray],
    model: Model,
    tf: list[dict[int, tuple[np.ndarray, float]]],
) -> tuple[np.ndarray, list[np.ndarray]]:
    """Total match weight (log2 odds) per pair and each comparison's contribution.

    `tf[k][level]` is (per-pair frequency of the agreed value, average frequency sum(p^2)) for
    term-frequency adjusted levels: there the level's weight is shifted by
    log2(average / frequency), so a rare shared value counts more and a common one less.
    """
    n = len(pair_levels[0]) if pair_levels else 0
    total = np.full(n, np.log2(model.prior / (1 - model.prior)))
    parts: list[np.ndarray] = []
    shifts = tf_shift(pair_levels, tf)
    for j, lv in enumerate(pair_levels):
        bf = model.bayes_factors()[j]
        ok = lv != NULL
        contrib = np.zeros(n)
        contrib[ok] = bf[lv[ok]]
        contrib += shifts[j]
        total += contrib
        parts.append(contrib)
    return total, parts

"""The pipeline: features -> candidate pairs -> comparison levels -> EM -> weights -> groups."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import polars as pl

from crmhealth.checks.fuzzy import blocking, cluster, compare, em, explain, master, partial
from crmhealth.checks.fuzzy.features import NAME, Comparison, build_features

DEFAULT_THRESHOLD = 0.5
RANDOM_PAIRS = 300_000
PAIR_CHUNK = 2_000_000  # candidate pairs compared at a time
IDENTICAL = "identical records"
MIN_ANCHORS = 30  # high-confidence pairs needed before they anchor a comparison's m
PRUNE_FROM = 40_000  # records: below it every blocking rule runs (the whole run takes seconds)
MIN_YIELD = 1e-2  # a blocking rule must link one in a hundred of the pairs only it finds
PRUNE_MIN_PAIRS = 1_000  # ... judged on at least this many pairs in the sample
STRONG_KINDS = ("email", "phone", "exact")  # kinds whose exact agreement identifies a record
NAME_DIFFERENT_M = 0.01  # at most 1% of true duplicates have wholly different names

OUTPUT_SCHEMA = {
    "row": pl.UInt32,
    "group": pl.UInt32,
    "score": pl.Float64,
    "reason": pl.String,
    "master": pl.Boolean,
    "differs": pl.String,
}


def _column(c: Comparison, suffix: str) -> str:
    return (NAME if c.kind == "name" else c.key) + suffix


HOLDER = "__holder"  # feature column: the record's holder (see :func:`_holders`)


def _holders(feat: pl.DataFrame, comps: list[Comparison]) -> pl.DataFrame:
    """`feat` with a holder label per record: records joined by an e-mail or phone line that
    is nobody else's (not a shared switchboard or mailbox) are one holder.

    Term frequencies count holders, not records: a value is common when many *people* (or
    organisations) have it, not when one of them is in the table twenty times.  Without such
    identifiers every record is its own holder, as before.
    """
    n = feat.height
    a_parts, b_parts = [], []
    for c in comps:
        if c.kind not in ("email", "phone"):
            continue
        key = c.key if c.kind == "email" else f"{c.key}__line"
        rows = feat.select(
            pl.when(~pl.col(f"{c.key}__shared").fill_null(False)).then(pl.col(key)).alias("k")
        ).with_row_index("i")
        edges = rows.drop_nulls("k").with_columns(first=pl.col("i").min().over("k"))
        edges = edges.filter(pl.col("i") != pl.col("first"))
        a_parts.append(edges["i"].to_numpy().astype(np.int64))
        b_parts.append(edges["first"].to_numpy().astype(np.int64))
    if a_parts:
        label = cluster.components(n, np.concatenate(a_parts), np.concatenate(b_parts))
    else:
        label = np.arange(n, dtype=np.int64)
    return feat.with_columns(pl.Series(HOLDER, label))


def _frequencies(feat: pl.DataFrame, col: str) -> np.ndarray:
    """Per row: the share of the *other* holders of a non-null value holding the same value,
    max(d - 1, 1) / (D - 1) with d its holders and D all holders of any value, NaN when
    missing.  Leave-one-out: a value's own holder does not make it common, so a name one
    person's records carry is as rare as it is; and never below one other holder, the pair's
    other member."""
    holders = pl.col(HOLDER).filter(pl.col(col).is_not_null()).n_unique()
    s = feat.select(
        pl.when(pl.col(col).is_not_null())
        .then((pl.col(HOLDER).n_unique().over(col) - 1).clip(1, None) / (holders - 1).clip(1, None))
        .cast(pl.Float64)
        .alias("f")
    ).to_series()
    return s.fill_null(np.nan).to_numpy()


def _mean_frequency(feat: pl.DataFrame, col: str) -> float:
    """sum d(d-1) / (D(D-1)) over the holder counts d of each value: the chance that two
    random distinct holders agree (the average of :func:`_frequencies`)."""
    counts = (
        feat.filter(pl.col(col).is_not_null())
        .group_by(col)
        .agg(pl.col(HOLDER).n_unique().alias("d"))["d"]
        .to_numpy()
        .astype(np.float64)
    )
    total = float(feat.filter(pl.col(col).is_not_null())[HOLDER].n_unique())
    return float((counts * (counts - 1)).sum() / (total * (total - 1))) if total > 1 else 0.0


def _handle_among_namesakes(
    feat: pl.DataFrame, email: str, a: np.ndarray, b: np.ndarray
) -> np.ndarray:
    """Per pair (a[i], b[i]) agreeing on a name-like e-mail user name at different providers:
    how likely a *namesake* of theirs would have that user name too.

    Closed form from the table: r, the chance that two random holders of one name share a
    user name (sum over names and user names of d(d-1), over sum over names of D(D-1); d and
    D count holders of the user name with that name, and of the name); then per user name
    (d' + r) / (D' + 1), where d' and D' leave the pair out -- one pseudo-namesake at the
    table's rate.  'wangwei' many 王伟 use and says little; 'wang.wei53' at another provider
    is one person's handle, kept across providers.  The fuller name's estimate is used
    ('alexander kelly', not 'a kelly').  NaN without a name or e-mail."""
    name = f"{NAME}__canon"
    local = f"{email}__local"
    known = feat.select(
        pl.col(HOLDER),
        pl.col(name),
        pl.col(local),
        k=pl.col(name).is_not_null() & pl.col(local).is_not_null(),
    ).with_row_index("i")
    k = known.filter("k")
    both = k.group_by(name, local).agg(d=pl.col(HOLDER).n_unique())
    names = k.group_by(name).agg(D=pl.col(HOLDER).n_unique())
    num = float((both["d"].cast(pl.Float64) * (both["d"] - 1)).sum())
    den = float((names["D"].cast(pl.Float64) * (names["D"] - 1)).sum())
    r = num / den if den > 0 else 0.0
    per_row = (
        known.join(both, on=[name, local], how="left")
        .join(names, on=name, how="left")
        .sort("i")
        .select(
            pl.when("k").then(pl.col("d")).cast(pl.Float64),
            pl.when("k").then(pl.col("D")).cast(pl.Float64),
        )
    )
    d = per_row["d"].fill_null(np.nan).to_numpy()
    big_d = per_row["D"].fill_null(np.nan).to_numpy()
    holder = feat[HOLDER].to_numpy()
    others = np.where(holder[a] != holder[b], 2.0, 1.0)  # holders this pair accounts for

    def rate(x: np.ndarray) -> np.ndarray:
        out: np.ndarray = (np.maximum(d[x] - others, 0) + r) / (
            np.maximum(big_d[x] - others, 0) + 1
        )
        return out

    least: np.ndarray = np.fmin(rate(a), rate(b))
    return least


def _redundant_levels(
    comps: list[Comparison], specs: list[compare.LevelSpec], lv: list[np.ndarray]
) -> dict[int, np.ndarray]:
    """Per comparison: pairs where its level only repeats evidence another comparison already
    counts, and so must count for nothing (the model assumes independent comparisons):

    * a shared phone or mailbox (a switchboard, info@) when the company agrees too: it
      identifies the employer, not the person, so colleagues would score twice for it.
    """
    out: dict[int, np.ndarray] = {}
    firms = [j for j, c in enumerate(comps) if c.kind == "company"]
    firm_agrees = np.zeros(len(lv[0]), dtype=bool)
    for j in firms:
        firm_agrees |= (lv[j] >= 0) & (lv[j] < len(specs[j].labels) - 1)
    for j, c in enumerate(comps):
        hit = np.zeros(len(lv[j]), dtype=bool)
        if c.kind in ("email", "phone") and firms:
            hit |= firm_agrees & (lv[j] == compare.SHARED_LEVEL[c.kind])
        if hit.any():
            out[j] = hit
    return out


def _discount_redundant(
    comps: list[Comparison],
    specs: list[compare.LevelSpec],
    lv: list[np.ndarray],
    parts: list[np.ndarray],
    weight: np.ndarray,
) -> None:
    """Zero the contribution of the levels :func:`_redundant_levels` finds (in place)."""
    for j, hit in _redundant_levels(comps, specs, lv).items():
        weight[hit] -= parts[j][hit]
        parts[j][hit] = 0.0


def _chunked_levels(
    c: Comparison, data: compare.PairData, a: np.ndarray, b: np.ndarray
) -> np.ndarray:
    """:func:`compare.levels` over `PAIR_CHUNK` pairs at a time: the levels are one byte per
    pair, but computing them takes string lists and float arrays per pair, which at a million
    records (tens of millions of candidate pairs) would otherwise all be alive at once."""
    if len(a) <= PAIR_CHUNK:
        return compare.levels(c, data, a, b)
    return np.concatenate(
        [
            compare.levels(c, data, a[i : i + PAIR_CHUNK], b[i : i + PAIR_CHUNK])
            for i in range(0, len(a), PAIR_CHUNK)
        ]
    )


def _identity_columns(comps: list[Comparison]) -> list[str]:
    """Each comparison's exact-agreement feature: what two identical records share."""
    out = []
    for c in comps:
        if c.kind == "name":
            out.append(f"{NAME}__exact")
        elif c.kind == "phone":
            out.append(f"{c.key}__line")  # the number and its extension
        else:
            out.append(c.key)
    return out


IDENTIFYING_KINDS = ("email", "phone", "address", "date", "exact")


def identical_representatives(feat: pl.DataFrame, comps: list[Comparison]) -> np.ndarray:
    """Per row, the first row of the records identical to it (itself if none).

    Identical: every compared field normalised the same or missing on both sides, with at
    least two fields present (one where only one field is compared), and among them an
    identifier (e-mail, phone, address, date or id; not a shared switchboard or mailbox)
    unless every field is present -- two 王伟 at one company with nothing else written, or
    only its switchboard, are namesakes as often as not.  Such records
    are one group whatever the table's size (the exact check on the same columns would
    group them too), so they are matched once, as one record, and the model never has to
    learn from a table of two rows that agreeing on everything means something.
    """
    cols = _identity_columns(comps)
    present = [pl.col(c).is_not_null() for c in cols]
    # A shared switchboard or mailbox identifies the company, not the person.
    ids = [
        p & ~pl.col(f"{c.key}__shared").fill_null(False) if c.kind in ("email", "phone") else p
        for p, c in zip(present, comps, strict=True)
        if c.kind in IDENTIFYING_KINDS
    ]
    enough = (pl.sum_horizontal(present) >= min(2, len(cols))) & (
        pl.all_horizontal(present) | pl.any_horizontal(ids or [pl.lit(False)])
    )
    shared = [f"{c.key}__shared" for c in comps if c.kind in ("email", "phone")]
    rep = (
        feat.select(*dict.fromkeys(cols), *shared)
        .with_row_index("i")
        .select(
            pl.when(enough)
            .then(pl.col("i").min().over(cols))
            .otherwise(pl.col("i"))
            .cast(pl.Int64)
            .alias("rep")
        )
        .to_series()
    )
    out: np.ndarray = rep.to_numpy()
    return out


def _identical_reasons(feat: pl.DataFrame, comps: list[Comparison], rows: np.ndarray) -> pl.Series:
    """'identical records: same name; same phone' -- the fields the copies share."""
    cols = _identity_columns(comps)
    said = [
        pl.when(pl.col(col).is_not_null()).then(
            pl.lit(compare.level_spec(c).labels[0].format(f=c.label))
        )
        for c, col in zip(comps, cols, strict=True)
    ]
    return (
        feat[rows]
        .select(
            (
                pl.lit(IDENTICAL + ": ") + pl.concat_str(said, separator="; ", ignore_nulls=True)
            ).alias("reason")
        )
        .to_series()
    )


@dataclass
class Links:
    """Accepted pairs (row positions of the matched frame), their weight and reasons, and
    each row's group label (-1: alone)."""

    a: np.ndarray
    b: np.ndarray
    prob: np.ndarray
    reason: pl.Series
    label: np.ndarray
    found: np.ndarray  # per blocking rule: pairs it adds to the rules before it
    linked: np.ndarray  # ... and how many of those were linked


def _anchor_m(
    comps: list[Comparison], lv: list[np.ndarray], n_levels: list[int]
) -> list[tuple[np.ndarray, float] | None]:
    """Per comparison: its level shares among high-confidence matches, and how many there
    are -- pairs sharing an e-mail or a phone line that nobody else uses (level 0) whose names
    agree (same or canonical name); the comparison's own identifier does not select its own
    pairs (the e-mail's shares come from pairs a phone vouches for), and the name's come from
    the identifiers alone.  None where fewer than :data:`MIN_ANCHORS` pairs qualify."""
    n = len(lv[0]) if lv else 0
    ids = [j for j, c in enumerate(comps) if c.kind in ("email", "phone")]
    names = [j for j, c in enumerate(comps) if c.kind == "name"]
    if not ids:
        return [None] * len(comps)
    name_agrees = np.ones(n, dtype=bool)
    if names:
        name_agrees = np.zeros(n, dtype=bool)
        for j in names:
            name_agrees |= (lv[j] == 0) | (lv[j] == 1)
    out: list[tuple[np.ndarray, float] | None] = []
    for j, c in enumerate(comps):
        vouched = np.zeros(n, dtype=bool)
        for i in ids:
            if i != j:
                vouched |= lv[i] == 0
        chosen = vouched & (name_agrees if c.kind != "name" else True) & (lv[j] >= 0)
        count = int(chosen.sum())
        if count < MIN_ANCHORS:
            out.append(None)
            continue
        shares = np.bincount(lv[j][chosen], minlength=n_levels[j]).astype(np.float64)
        shares = (shares + 0.5) / (shares.sum() + 0.5 * n_levels[j])
        out.append((shares, float(count)))
    return out


def _link(
    feat: pl.DataFrame,
    comps: list[Comparison],
    block_rules: list[tuple[str, ...]],
    t: float,
    max_block: int = blocking.DEFAULT_MAX_BLOCK,
    mult: np.ndarray | None = None,
) -> Links | None:
    """Score candidate pairs of `feat` and group them (None when nothing links)."""
    n = feat.height
    if n < 2:
        return None
    specs = [compare.level_spec(c) for c in comps]
    n_levels = [len(s.labels) for s in specs]
    data = compare.PairData(feat)

    a, b, rule = blocking.candidate_pairs_by_rule(feat, block_rules, max_block)
    if len(a) == 0:
        return None
    lv = [_chunked_levels(c, data, a, b) for c in comps]

    # u from random pairs; the exact level from value frequencies (closed form).
    ra, rb = blocking.random_pairs(n, RANDOM_PAIRS)
    feat = _holders(feat, comps)
    rlv = [compare.levels(c, data, ra, rb) for c in comps]
    freqs: dict[str, np.ndarray] = {}
    exact_u: list[float | None] = [
        _mean_frequency(feat, _column(c, spec.tf.get(0, "")))
        for c, spec in zip(comps, specs, strict=True)
    ]
    u = em.estimate_u(rlv, n_levels, exact_u)
    tf: list[dict[int, tuple[np.ndarray, float]]] = []
    for c, spec in zip(comps, specs, strict=True):
        per_level: dict[int, tuple[np.ndarray, float]] = {}
        for level, suffix in spec.tf.items():
            if suffix == compare.PARTIAL:
                # Relative to the average already: the shift is log2(1 / value).
                rel = np.ones(len(a))
                at = lv[len(tf)] == level
                rel[at] = partial.partial_name_frequency(feat, a[at], b[at])
                per_level[level] = (np.nan_to_num(rel, nan=1.0), 1.0)
                continue
            col = _column(c, suffix)
            if col not in freqs:
                freqs[col] = _frequencies(feat, col)
            per_level[level] = (freqs[col][a], _mean_frequency(feat, col))
        tf.append(per_level)
    # The same name-like user name at another provider, where the names agree: what it is
    # worth depends on how often *namesakes* share that handle (see _handle_among_namesakes),
    # not on how common it is among everybody (which the name's frequency already counts).
    names = [j for j, c in enumerate(comps) if c.kind == "name"]
    if names:
        name_agrees = np.zeros(len(a), dtype=bool)
        for j in names:
            name_agrees |= (lv[j] >= 0) & (lv[j] < n_levels[j] - 1)
        for j, c in enumerate(comps):
            if c.kind != "email":
                continue
            level = compare.EMAIL_NAMEY
            at = name_agrees & (lv[j] == level)
            if at.any():
                freq, base = tf[j][level]
                freq = freq.copy()
                freq[at] = _handle_among_namesakes(feat, c.key, a[at], b[at])
                tf[j][level] = (freq, base)
    # EM sees the same evidence the weights will: term frequencies included, and redundant
    # levels (a name-like e-mail user, a switchboard of the same company) as no evidence.
    em_lv = [x.copy() for x in lv]
    for j, hit in _redundant_levels(comps, specs, lv).items():
        em_lv[j][hit] = compare.NULL
    # The record's name: the person's, or for organisation records (no name field) the
    # company's.  True duplicates almost never have wholly different names.
    named = "name" if any(c.kind == "name" for c in comps) else "company"
    caps = {(j, n_levels[j] - 1): NAME_DIFFERENT_M for j, c in enumerate(comps) if c.kind == named}
    model = em.run_em(
        em_lv,
        n_levels,
        u,
        m_caps=caps,
        free_u=False,
        total_pairs=n * (n - 1) // 2,
        prior=1.0 / n,
        offset=np.sum(em.tf_shift(em_lv, tf), axis=0),
        m_anchor=_anchor_m(comps, lv, n_levels),
    )
    weight, parts = em.match_weight(lv, model, tf)
    _discount_redundant(comps, specs, lv, parts, weight)

    cut = math.log2(t / (1 - t))
    # A strong link: the same e-mail, phone line or id, and nobody else's (level 0 of those
    # comparisons; shared switchboards and mailboxes have a level of their own).
    strong = np.zeros(len(a), dtype=bool)
    for c, x in zip(comps, lv, strict=True):
        if c.kind in STRONG_KINDS:
            strong |= x == 0
    accepted = weight >= cut
    found = np.bincount(rule, minlength=len(block_rules))
    linked = np.bincount(rule[accepted], minlength=len(block_rules))
    label = cluster.guarded_groups(n, a, b, weight, cut, strong, mult)
    in_group = (label[a] >= 0) & (label[a] == label[b]) & (weight >= cut)
    idx = np.nonzero(in_group)[0]
    if idx.size == 0:
        return None
    prob = 1.0 / (1.0 + np.exp2(-np.clip(weight[idx], -60, 60)))
    why = explain.reasons(comps, specs, [x[idx] for x in lv], [x[idx] for x in parts])
    return Links(a[idx], b[idx], prob, why, label, found, linked)


def productive_rules(
    feat: pl.DataFrame, comps: list[Comparison], rules: list[tuple[str, ...]], t: float
) -> list[tuple[str, ...]]:
    """The blocking rules worth their pairs, judged on a random quarter of the records.

    Each rule's *yield* is the share of the pairs it adds (beyond the rules before it) that
    the model then links; it needs no labels.  A rule below :data:`MIN_YIELD` -- say names
    with a company, where a big account has dozens of 王伟 -- adds candidate pairs (and most
    of the run time) but no links, so the full run leaves it out.  Sampling records keeps the
    ratio (matches and non-matches alike need both records drawn).  Rules that add fewer
    than :data:`PRUNE_MIN_PAIRS` pairs in the sample are kept: too few to judge, too few to
    cost anything.
    """
    rng = np.random.default_rng(2024)
    sample = np.sort(rng.choice(feat.height, size=feat.height // 4, replace=False))
    # Blocks shrink with the sample: so must the block-size cap, or the sample's blocks of
    # common values would all be compared where the full table skips them.
    links = _link(feat[sample], comps, rules, t, blocking.DEFAULT_MAX_BLOCK // 4)
    if links is None:
        return rules
    keep = (links.found < PRUNE_MIN_PAIRS) | (links.linked >= MIN_YIELD * links.found)
    return [r for r, k in zip(rules, keep, strict=True) if k]


def find_fuzzy_duplicates(
    frame: pl.DataFrame,
    fields: Mapping[str, str],
    *,
    region: str | None = None,
    threshold: float | None = None,
) -> pl.DataFrame:
    """See :mod:`crmhealth.checks.fuzzy` for the contract and the method."""
    t = DEFAULT_THRESHOLD if threshold is None else threshold
    if not 0.0 < t < 1.0:
        raise ValueError(f"fuzzy threshold must be between 0 and 1 (exclusive), got {t}")
    feats = build_features(frame, fields, region)
    n = frame.height
    if n < 2 or not feats.comparisons:
        return pl.DataFrame(schema=OUTPUT_SCHEMA)
    rep = identical_representatives(feats.frame, feats.comparisons)
    reps = np.unique(rep)
    rules = feats.block_rules
    if len(reps) >= PRUNE_FROM:
        rules = productive_rules(feats.frame[reps], feats.comparisons, rules, t)
    stands_for = np.bincount(rep, minlength=n)[reps]  # identical records each stands for
    links = _link(feats.frame[reps], feats.comparisons, rules, t, mult=stands_for)
    # Back to rows of `frame`: linked pairs between representatives, then every copy paired
    # with its representative (probability 1: identical records).
    copies = np.nonzero(rep != np.arange(n))[0]
    group_of = np.full(n, -1, dtype=np.int64)
    ends = []
    if links is not None:
        group_of[reps] = np.where(links.label >= 0, reps[np.maximum(links.label, 0)], -1)
        ends.append(
            pl.DataFrame(
                {
                    "row": np.concatenate([reps[links.a], reps[links.b]]),
                    "score": np.concatenate([links.prob, links.prob]),
                    "reason": pl.concat([links.reason, links.reason]),
                }
            )
        )
    if copies.size:
        # A copy joins its representative's group, or forms one with it.
        lone = group_of[rep[copies]] < 0
        group_of[rep[copies[lone]]] = rep[copies[lone]]
        group_of[copies] = group_of[rep[copies]]
        pair_rows = np.concatenate([copies, np.unique(rep[copies])])
        ends.append(
            pl.DataFrame(
                {
                    "row": pair_rows,
                    "score": np.ones(len(pair_rows)),
                    "reason": _identical_reasons(feats.frame, feats.comparisons, pair_rows),
                }
            )
        )
    if not ends:
        return pl.DataFrame(schema=OUTPUT_SCHEMA)
    best = (
        pl.concat(ends)
        .sort("score", descending=True, maintain_order=True)
        .group_by("row", maintain_order=True)
        .first()
    )
    labels = pl.Series("label", group_of)
    out = (
        best.with_columns(pl.col("row").cast(pl.UInt32))
        .with_columns(labels.gather(best["row"]).alias("label"))
        .filter(pl.col("label") >= 0)
        .with_columns(pl.col("label").rank("dense").cast(pl.UInt32).alias("group"))
        .select("row", "group", "score", "reason")
        .sort("group", "row")
    )
    return master.mark(out, frame, fields)

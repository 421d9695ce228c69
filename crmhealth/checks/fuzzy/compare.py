"""Graded comparison levels for record pairs.

Each comparison maps a pair to a level index: 0 is the strongest agreement, the last level is
"different", and -1 means a value is missing on either side (no evidence either way).  String
similarities are computed once per *distinct pair of values* (names and companies repeat a lot)
with rapidfuzz's vectorised ``cpdist`` on aligned arrays.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import polars as pl

from crmhealth.checks.fuzzy import tables
from crmhealth.checks.fuzzy.features import NAME, Comparison

NULL = -1
PARTIAL = "__partial"  # tf suffix: frequency of the pattern a partial name agreement shares


# Levels other modules act on, by index (never by label text); `level_spec` and `levels`
# below define them in this order.
EMAIL_SHARED = 1  # same e-mail, a shared mailbox
EMAIL_NAMEY = 3  # same name-like user name at another domain
PHONE_SHARED = 1  # same number, a shared switchboard
SHARED_LEVEL = {"email": EMAIL_SHARED, "phone": PHONE_SHARED}


@dataclass(frozen=True)
class LevelSpec:
    """Labels of a kind's levels (best first) and which level is term-frequency adjusted by
    which feature column suffix ('' = the comparison's own column; :data:`PARTIAL` = the
    pattern a partial name agreement shares, see :mod:`crmhealth.checks.fuzzy.partial`)."""

    labels: tuple[str, ...]
    tf: dict[int, str]


def level_spec(c: Comparison) -> LevelSpec:
    """Human labels per level, '{f}' standing for the column label."""
    k = c.kind
    if k == "name":
        return LevelSpec(
            (
                "same name",
                "name = pinyin/nickname/spelling match",
                "name = near match",
                "name = near match in pinyin",
                "name = one part missing or an initial",
                "different name",
            ),
            {0: "__exact", 1: "__canon", 4: PARTIAL},
        )
    if k == "email":
        return LevelSpec(
            (
                "same {f}",
                "same shared {f}",
                "{f} = same user at another domain",
                "{f} = same name-like user at another domain",
                "{f} = one character off",
                "different {f}, one personal and one at work",
                "different {f}",
            ),
            {0: "", 1: "", 2: "__local", 3: "__local"},
        )
    if k == "phone":
        return LevelSpec(
            (
                "same {f}",
                "same shared {f}",
                "{f} = one digit off",
                "different {f}, one a direct line and one an office number",
                "different {f}",
            ),
            {0: "__line", 1: ""},
        )
    if k == "company":
        return LevelSpec(
            ("{f} = same core name", "{f} = same pinyin", "{f} = similar", "different {f}"),
            {0: "", 1: "__py"},
        )
    if k == "address":
        return LevelSpec(
            ("same {f}", "{f} = near match", "{f} = similar", "different {f}"), {0: ""}
        )
    if k == "date":
        return LevelSpec(
            ("same {f}", "{f} = day/month swapped", "{f} = one digit off", "different {f}"),
            {0: ""},
        )
    if k == "text":
        return LevelSpec(("same {f}", "{f} = near match", "different {f}"), {0: ""})
    return LevelSpec(("same {f}", "{f} = one character off", "different {f}"), {0: ""})


class PairData:
    """Per-column integer codes of the feature frame, so pair lookups are numpy indexing."""

    def __init__(self, feat: pl.DataFrame) -> None:
        self.feat = feat
        self._codes: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        self._flags: dict[str, np.ndarray] = {}

    def codes(self, col: str) -> tuple[np.ndarray, np.ndarray]:
        """(codes per row with -1 for null, vocabulary as an object array)."""
        if col not in self._codes:
            s = self.feat[col]
            vocab = s.drop_nulls().unique().sort()
            code = (
                s.rank("dense").cast(pl.Int64).fill_null(0).to_numpy() - 1
            )  # rank of a sorted unique == position in vocab
            self._codes[col] = (code, np.asarray(vocab.to_list(), dtype=object))
        return self._codes[col]

    def lengths(self, col: str, rows: np.ndarray) -> np.ndarray:
        """Character length of each row's value (0 for missing)."""
        code, vocab = self.codes(col)
        lens = pl.Series(vocab.tolist(), dtype=pl.String).str.len_chars().to_numpy()
        return np.where(code[rows] >= 0, lens[np.maximum(code[rows], 0)], 0)

    def flag(self, col: str, rows: np.ndarray) -> np.ndarray:
        """A boolean feature column at `rows`."""
        if col not in self._flags:
            self._flags[col] = self.feat[col].fill_null(False).to_numpy()
        out: np.ndarray = self._flags[col][rows]
        return out

    def equal(self, col: str, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        code, _ = self.codes(col)
        ca, cb = code[a], code[b]
        out: np.ndarray = (ca == cb) & (ca >= 0)
        return out

    def present(self, col: str, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        code, _ = self.codes(col)
        out: np.ndarray = (code[a] >= 0) & (code[b] >= 0)
        return out

    def score(
        self,
        col: str,
        a: np.ndarray,
        b: np.ndarray,
        scorer: Callable[..., Any],
        same: float,
        mask: np.ndarray | None = None,
    ) -> np.ndarray:
        """scorer(value_a, value_b) for pairs with both values present and different (NaN for
        missing, `same` for equal values), evaluated once per distinct value pair."""
        from rapidfuzz import process  # lazy: keep `import crmhealth` fast

        code, vocab = self.codes(col)
        ca, cb = code[a], code[b]
        out = np.full(len(a), np.nan)
        ok = (ca >= 0) & (cb >= 0)
        out[ok & (ca == cb)] = same
        todo = ok & (ca != cb)
        if mask is not None:
            todo &= mask
        if not todo.any():
            return out
        v = np.int64(len(vocab))
        lo = np.minimum(ca[todo], cb[todo]).astype(np.int64)
        hi = np.maximum(ca[todo], cb[todo]).astype(np.int64)
        uniq, inv = np.unique(lo * v + hi, return_inverse=True)
        vals = process.cpdist(
            vocab[uniq // v], vocab[uniq % v], scorer=scorer, workers=-1, dtype=np.float64
        )
        out[todo] = np.asarray(vals, dtype=np.float64)[inv]
        return out


def _select(conds: list[np.ndarray], n: int, present: np.ndarray) -> np.ndarray:
    """Level = index of the first true condition, the last level if none, -1 if missing."""
    lv = np.full(n, len(conds), dtype=np.int8)
    for i in range(len(conds) - 1, -1, -1):
        lv[conds[i]] = i
    lv[~present] = NULL
    return lv


NEAR_JW = 0.88  # Jaro-Winkler similarity of two name parts that are one typo apart
_T_SAME, _T_NICK, _T_NEAR, _T_INITIAL, _T_OTHER = 0, 1, 2, 3, 9


def _token_match(
    data: PairData, a: np.ndarray, b: np.ndarray, mask: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Per pair (where `mask`): how the two names' canonical parts correspond, and whether
    one name's parts are a subset of the other's (a missing given name).

    For names with the same number of parts (best of in-order and sorted alignment), each
    aligned part pair is the same, a nickname of the other (Nikki/Nicole, Jake/Jacob, from
    the `nicknames` data set), one typo apart (Jaro-Winkler >= 0.88), an initial of the other
    (R. / Robert) or different; the name pair takes its weakest part: 'jmaes johnson' is a
    near match of 'james johnson', 'r ngyyen' an initial plus a typo of 'robert nguyen', and
    'john johnson' (one part wholly different) none.  Codes: the ``_T_*`` constants, with
    ``_T_OTHER`` where the part counts differ.
    """
    from rapidfuzz import process
    from rapidfuzz.distance import JaroWinkler

    n = len(a)
    code = np.full(n, _T_OTHER, dtype=np.int8)
    subset = np.zeros(n, dtype=bool)
    idx = np.nonzero(mask)[0]
    if idx.size == 0:
        return code, subset
    tok = data.feat[f"{NAME}__tok"]
    pairs = pl.DataFrame({"x": tok.gather(a[idx]), "y": tok.gather(b[idx])}).with_columns(
        lx=pl.col("x").list.len(), ly=pl.col("y").list.len()
    )
    common = pairs.select(pl.col("x").list.set_intersection(pl.col("y")).list.len().alias("c"))[
        "c"
    ].to_numpy()
    lx, ly = pairs["lx"].to_numpy(), pairs["ly"].to_numpy()
    subset[idx] = (lx != ly) & (common == np.minimum(lx, ly)) & (common > 0)
    same = np.nonzero((lx == ly) & (lx > 0))[0]
    if same.size:
        sub = pairs[same]
        lengths = sub["lx"].to_numpy()
        best = np.full(same.size, _T_OTHER, dtype=np.int8)
        rel = tables.nickname_pairs()
        # Canonical parts (nicknames -> full names), then as written where a nickname was
        # mapped on either side: Seven / Steven is a typo, but 'seven' / 'stephen' is not.
        spelled = data.feat[f"{NAME}__spelled"]
        renamed = data.flag(f"{NAME}__renamed", a[idx[same]]) | data.flag(
            f"{NAME}__renamed", b[idx[same]]
        )
        sources = [(sub, np.arange(same.size))]
        if renamed.any():
            again = np.nonzero(renamed)[0]
            sources.append(
                (
                    pl.DataFrame(
                        {
                            "x": spelled.gather(a[idx[same[again]]]),
                            "y": spelled.gather(b[idx[same[again]]]),
                        }
                    ),
                    again,
                )
            )
        for (src, at), sort in [(pair, o) for pair in sources for o in (False, True)]:
            xs = (src["x"].list.eval(pl.element().sort()) if sort else src["x"]).explode()
            ys = (src["y"].list.eval(pl.element().sort()) if sort else src["y"]).explode()
            jw = np.asarray(
                process.cpdist(
                    xs.to_numpy(),
                    ys.to_numpy(),
                    scorer=JaroWinkler.normalized_similarity,
                    workers=-1,
                    dtype=np.float64,
                )
            )
            parts = pl.DataFrame({"x": xs, "y": ys}).select(
                nick=pl.concat_str(
                    pl.min_horizontal("x", "y"), pl.max_horizontal("x", "y"), separator="|"
                ).is_in(rel.implode()),
                initial=((pl.col("x").str.len_chars() == 1) | (pl.col("y").str.len_chars() == 1))
                & (pl.col("x").str.slice(0, 1) == pl.col("y").str.slice(0, 1)),
            )
            t = np.full(len(jw), _T_OTHER, dtype=np.int8)
            t[parts["initial"].fill_null(False).to_numpy()] = _T_INITIAL
            t[jw >= NEAR_JW] = _T_NEAR
            t[parts["nick"].fill_null(False).to_numpy()] = _T_NICK
            t[(xs == ys).fill_null(False).to_numpy()] = _T_SAME
            n_parts = lengths[at].astype(np.int64)
            starts = np.cumsum(n_parts) - n_parts
            best[at] = np.minimum(best[at], np.maximum.reduceat(t, starts))
        # An initial alone (j / james) says nothing: at least one part must be written out.
        code[idx[same]] = np.where((best == _T_INITIAL) & (lengths < 2), _T_OTHER, best)
    return code, subset


def levels(c: Comparison, data: PairData, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Comparison level of every pair (a[i], b[i]) for comparison `c`."""
    from rapidfuzz.distance import DamerauLevenshtein, JaroWinkler

    jw = JaroWinkler.normalized_similarity
    dl = DamerauLevenshtein.distance
    n = len(a)
    f = c.key
    if c.kind == "name":
        exact = data.equal(f"{NAME}__exact", a, b)
        canon = data.equal(f"{NAME}__canon", a, b) | data.equal(f"{NAME}__letters", a, b)
        present = data.present(f"{NAME}__exact", a, b)
        rest = present & ~(exact | canon)
        code, subset = _token_match(data, a, b, rest)
        han = data.flag(f"{NAME}__han", a) | data.flag(f"{NAME}__han", b)
        # Nicknames are an English custom: Han names never take them (pinyin 'lu'/'lou').
        canon |= (code == _T_NICK) & ~han
        near = (code == _T_NEAR) | ((code == _T_NICK) & han)
        initial = code == _T_INITIAL
        # A Han name missing a part misses a whole name column: the shorter name must be one
        # of the longer one's columns (秋德 / 王 + 秋德), not 敏 of 晨敏 (李晨敏 / 李敏).
        if (subset & han).any():
            at = np.nonzero(subset & han)[0]
            la = data.lengths(f"{NAME}__canon", a[at])
            lb = data.lengths(f"{NAME}__canon", b[at])
            short, long_ = np.where(la < lb, a[at], b[at]), np.where(la < lb, b[at], a[at])
            feat = data.feat
            whole = (
                pl.DataFrame(
                    {
                        "s": feat[f"{NAME}__canon"].gather(short),
                        "f": feat[f"{NAME}__fields"].gather(long_),
                    }
                )
                .select(pl.col("f").list.contains(pl.col("s")).fill_null(False))
                .to_series()
                .to_numpy()
            )
            subset[at] = whole
        return _select([exact, canon, near & ~han, near & han, subset | initial], n, present)
    present = data.present(f, a, b)
    exact = data.equal(f, a, b)
    if c.kind == "email":
        long_local = data.lengths(f"{f}__local", a) >= 3
        local = data.equal(f"{f}__local", a, b) & long_local
        namey = (
            local & (data.flag(f"{f}__namey", a) | data.flag(f"{f}__namey", b))
            if f"{f}__namey" in data.feat.columns
            else (np.zeros(n, dtype=bool))
        )
        d = np.nan_to_num(data.score(f, a, b, dl, 0.0, ~(exact | local)), nan=99.0)
        typo = (d <= 1) & (data.lengths(f, a) >= 8)
        shared = exact & data.flag(f"{f}__shared", a)
        # People keep a personal and a work address: a free-mail address against one at a
        # company domain is weaker evidence of two people than two different work addresses.
        mixed = data.flag(f"{f}__free", a) != data.flag(f"{f}__free", b)
        return _select([exact & ~shared, shared, local & ~namey, namey, typo, mixed], n, present)
    if c.kind == "phone":
        exact = data.equal(f"{f}__tail", a, b)
        d = np.nan_to_num(data.score(f, a, b, dl, 0.0, ~exact), nan=99.0)
        # Same switchboard and the same extension is one desk: as good as a direct line.
        desk = data.equal(f"{f}__line", a, b) & data.present(f"{f}__ext", a, b)
        shared = exact & data.flag(f"{f}__shared", a) & ~desk
        office_a, office_b = data.flag(f"{f}__office", a), data.flag(f"{f}__office", b)
        # A digit off a switchboard is a colleague's desk as often as a typo.
        near = (d <= 1) & ~(data.flag(f"{f}__shared", a) | data.flag(f"{f}__shared", b))
        # One record with the person's mobile, another with the office number: weaker
        # evidence of two people than two different mobiles.
        mixed = office_a != office_b
        return _select([exact & ~shared, shared, near, mixed], n, present)
    if c.kind == "company":
        py = data.equal(f"{f}__py", a, b)
        sim = np.nan_to_num(data.score(f, a, b, jw, 1.0, ~(exact | py)), nan=0.0)
        return _select([exact, py, sim >= 0.9], n, present)
    if c.kind == "address":
        sim = np.nan_to_num(data.score(f, a, b, jw, 1.0, ~exact), nan=0.0)
        # House and unit numbers must agree: 5630 Elm St and 6936 Elm St are neighbours,
        # not a spelling of one address (numbers missing on a side do not count against).
        numbers = data.equal(f"{f}__num", a, b) | ~data.present(f"{f}__num", a, b)
        return _select([exact, (sim >= 0.9) & numbers, (sim >= 0.75) & numbers], n, present)
    if c.kind == "date":
        swap = data.equal(f"{f}__swap", a, b)
        d = np.nan_to_num(data.score(f, a, b, dl, 0.0, ~(exact | swap)), nan=99.0)
        return _select([exact, swap, d <= 1], n, present)
    if c.kind == "text":
        sim = np.nan_to_num(data.score(f, a, b, jw, 1.0, ~exact), nan=0.0)
        return _select([exact, sim >= 0.9], n, present)
    # exact: one typo in an identifier of reasonable length
    d = np.nan_to_num(data.score(f, a, b, dl, 0.0, ~exact), nan=99.0)
    long_id = data.lengths(f, a) >= 5
    return _select([exact, (d <= 1) & long_id], n, present)

"""Turn the configured columns into normalised feature columns, comparisons and blocking keys.

All name-kind columns are pooled into one *person name* (so 王 + 伟 over two columns equals
王伟 in one, and swapped first/last names compare equal); every other configured column
becomes one comparison of its kind.  Blocking keys are derived from the same features, so any
table with any mix of kinds gets sensible candidate pairs.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import polars as pl

from crmhealth.checks.fuzzy import normalize as nz

FIELD_KINDS: tuple[str, ...] = (
    "name",
    "email",
    "phone",
    "company",
    "address",
    "text",
    "date",
    "exact",
    "updated",  # when the record last changed: picks the suggested master, never compared
)

NAME = "name"  # prefix of the pooled person-name features
SHARED_MIN_NAMES = 3  # distinct names on one phone/e-mail before it counts as shared


@dataclass(frozen=True)
class Comparison:
    """One comparison of a record pair: its kind, label and the feature columns it reads."""

    key: str  # feature prefix, e.g. "name", "email", "phone"
    kind: str
    label: str  # column name(s) as the user knows them, for explanations


@dataclass
class Features:
    frame: pl.DataFrame  # one row per input row, feature columns only
    comparisons: list[Comparison]
    block_rules: list[tuple[str, ...]]  # tuples of feature columns that must all agree


def _country_code(region: str | None) -> int:
    import phonenumbers  # lazy: large metadata tables

    code = phonenumbers.country_code_for_region((region or "CN").upper())
    if code == 0:
        raise ValueError(f"unknown phone region {region!r}: use an ISO 3166 alpha-2 code like 'CN'")
    return int(code)


def validate_fields(fields: Mapping[str, str], columns: list[str]) -> None:
    for col, kind in fields.items():
        if kind not in FIELD_KINDS:
            raise ValueError(
                f"unknown fuzzy field kind {kind!r} for column {col!r}; "
                f"expected one of: {', '.join(FIELD_KINDS)}"
            )
        if col not in columns:
            raise ValueError(f"fuzzy field {col!r} is not a column of the table")
    if not fields:
        raise ValueError("fuzzy matching needs at least one field")


def build_features(frame: pl.DataFrame, fields: Mapping[str, str], region: str | None) -> Features:
    """Normalise the configured columns and derive comparisons and blocking rules."""
    validate_fields(fields, frame.columns)
    src = frame.select([pl.col(c).cast(pl.String) for c in fields])
    name_cols = [c for c, k in fields.items() if k == "name"]
    others = [(c, k) for c, k in fields.items() if k not in ("name", "updated")]
    # Expressions are evaluated in stages, each reading the previous stage's columns by
    # name: one nested expression would recompute (and recompile the regexes of) every shared
    # sub-expression once per use, which made this step 10x slower.
    base: list[pl.Expr] = []
    derived: list[pl.Expr] = []
    comparisons: list[Comparison] = []
    anchors: list[str] = []  # single features that identify a person on their own
    context: list[str] = []  # features combined with a name key to form a block
    dates: dict[str, pl.DataFrame] = {}

    han_cols = [src[c] for c in name_cols] + [src[c] for c, k in others if k == "company"]
    table = nz.pinyin_table(han_cols) if han_cols else ([], [])

    for col, kind in others:
        e, out = pl.col(col), pl.col(col)
        if kind == "email":
            base.append(nz.email_full(e).alias(col))
            derived += [
                nz.email_local(out).alias(f"{col}__local"),
                # A personal (free-mail) address rather than one at an employer's domain.
                nz.is_free_mail(nz.email_domain(out)).alias(f"{col}__free"),
            ]
            anchors += [col, f"{col}__local"]
            context += [col, f"{col}__local"]
        elif kind == "phone":
            base += [
                nz.phone_e164(e, _country_code(region)).alias(col),
                nz.phone_extension(e).alias(f"{col}__ext"),
            ]
            derived += [
                out.str.slice(-4).alias(f"{col}__last4"),
                # The number without its last 4 digits: with a name, finds a typo there (the
                # last-4 key finds one in the digits before).
                pl.when(out.str.len_chars() >= 10)
                .then(out.str.slice(0, out.str.len_chars() - 4))
                .alias(f"{col}__lead"),
                # Last 10 digits: the same national number whether or not the country code
                # was guessed right (a US number typed without +1 in a CN-region export).
                out.str.slice(-10).alias(f"{col}__tail"),
                # One desk behind a switchboard: the number with its extension.
                pl.when(out.is_not_null())
                .then(
                    pl.concat_str(
                        [out.str.slice(-10), pl.col(f"{col}__ext")],
                        separator="x",
                        ignore_nulls=True,
                    )
                )
                .alias(f"{col}__line"),
            ]
            anchors.append(f"{col}__tail")
            context += [col, f"{col}__last4", f"{col}__lead"]
        elif kind == "company":
            base.append(nz.company_core(e).alias(col))
            derived.append(nz.to_pinyin(out, table).str.replace_all(" ", "").alias(f"{col}__py"))
            context.append(f"{col}__py")
        elif kind == "address":
            base.append(nz.address_norm(e).alias(col))
            # Its numbers (house, unit, floor) in order: neighbours differ only there.
            derived.append(
                out.str.extract_all(r"[0-9]+").list.join(" ").replace("", None).alias(f"{col}__num")
            )
            context.append(col)
        elif kind == "date":
            dates[col] = nz.parse_dates(src[col])
            y, m, d = (pl.lit(dates[col][x]) for x in ("y", "m", "d"))
            base.append(nz.date_iso(y, m, d).alias(col))
            derived.append(nz.date_swap_key(y, m, d).alias(f"{col}__swap"))
            anchors.append(col)
            context.append(f"{col}__swap")
        elif kind == "text":
            base.append(nz.text_norm(e).alias(col))
            anchors.append(col)
            context.append(col)
        else:  # exact
            base.append(nz.exact_norm(e).alias(col))
            anchors.append(col)
            context.append(col)
        comparisons.append(Comparison(key=col, kind=kind, label=col))

    name_keys: list[str] = []
    stages: list[list[pl.Expr]] = []
    if name_cols:
        base += [nz.name_tokens(pl.col(c)).alias(f"{NAME}__raw_{c}") for c in name_cols]
        raw = pl.concat_str(
            [pl.col(f"{NAME}__raw_{c}") for c in name_cols], separator=" ", ignore_nulls=True
        )
        derived.append(pl.when(raw.str.len_chars() > 0).then(raw).alias(f"{NAME}__raw"))
        per_field = len(name_cols) > 1  # one name column at a time finds typos in the other
        spelled = nz.to_pinyin(pl.col(f"{NAME}__raw"), table)
        stages.append(
            [
                spelled.str.split(" ").alias(f"{NAME}__spelled"),
                pl.col(f"{NAME}__raw")
                .str.contains(r"\p{Han}")
                .fill_null(False)
                .alias(f"{NAME}__han"),
                nz.sorted_join(pl.col(f"{NAME}__raw").str.split(" ")).alias(f"{NAME}__exact"),
            ]
            + [
                nz.to_pinyin(pl.col(f"{NAME}__raw_{c}"), table).alias(f"{NAME}__{c}")
                for c in name_cols
                if per_field
            ]
        )
        stages.append(
            [
                nz.canonical_name_tokens(pl.col(f"{NAME}__spelled").list.join(" ")).alias(
                    f"{NAME}__tok"
                )
            ]
            + [
                nz.sorted_join(nz.canonical_name_tokens(pl.col(f"{NAME}__{c}"))).alias(
                    f"{NAME}__{c}"
                )
                for c in name_cols
                if per_field
            ]
        )
        tok = pl.col(f"{NAME}__tok")
        # Each name column's canonical key: a Han name missing a part misses a whole column
        # (王 + 秋德 against 秋德), never one character of a given name (李晨敏 / 李敏).
        fields_key = (
            pl.concat_list([pl.col(f"{NAME}__{c}") for c in name_cols]).list.drop_nulls()
            if per_field
            else pl.concat_list([nz.sorted_join(tok)]).list.drop_nulls()
        )
        stages.append(
            [
                fields_key.alias(f"{NAME}__fields"),
                nz.sorted_join(tok).alias(f"{NAME}__canon"),
                nz.letters_key(tok).alias(f"{NAME}__letters"),
                # Typo-tolerant key: first three letters of each canonical token.
                nz.sorted_join(tok.list.eval(pl.element().str.slice(0, 3))).alias(f"{NAME}__pfx"),
                # A nickname was mapped to its full name (Steven -> stephen): a typo is then
                # looked for in the name as written too (Seven / Steven).
                (pl.col(f"{NAME}__spelled") != tok).alias(f"{NAME}__renamed"),
            ]
        )
        name_keys += [f"{NAME}__canon", f"{NAME}__letters", f"{NAME}__pfx"]
        name_keys += [f"{NAME}__{c}" for c in name_cols if per_field]
        comparisons.insert(0, Comparison(key=NAME, kind="name", label="/".join(name_cols)))

    lazy = src.lazy().select(base).with_columns(derived)
    for stage in stages:
        lazy = lazy.with_columns(stage)
    feat = lazy.collect()
    if name_cols:
        for c in (c for c, k in others if k == "email"):
            local = pl.col(f"{c}__local")
            # As written and as canonical names: jessica.jones@ is name-like for Jessie Jones.
            spelled = pl.concat_list(pl.col(f"{NAME}__spelled"), pl.col(f"{NAME}__tok"))
            namey = feat.select(nz.name_like_local_common(local, spelled)).to_series()
            # The general (per-row regex) test only where the common spellings did not match.
            todo = feat.select(
                ~namey & local.str.replace_all(r"[^a-z]", "").str.len_chars().ge(3).fill_null(False)
            ).to_series()
            rows = todo.arg_true()
            if rows.len():
                extra = feat[rows].select(nz.name_like_local(local, spelled)).to_series()
                namey = namey.scatter(rows, extra)
            feat = feat.with_columns(namey.alias(f"{c}__namey"))
    # A phone or mailbox used by several different people is a switchboard or a shared inbox
    # (colleagues): agreeing on it is much weaker evidence, so it gets its own level.  People
    # are told apart by the initials of their full names: one person's records differ by a
    # typo, a nickname or an initial (Lisa/Liaa/L. Gonzalez), which would make "distinct
    # names" count one person three times; records with a single name part are left out.
    # A number anyone wrote with an extension is a switchboard whoever uses it.
    shared_cols = [c for c, k in others if k in ("phone", "email")]
    if shared_cols:
        if name_cols:
            tok = pl.col(f"{NAME}__tok")
            who: pl.Expr = pl.when(tok.list.len() >= 2).then(
                tok.list.eval(pl.element().str.slice(0, 1)).list.sort().list.join("")
            )
        elif companies := [c for c, k in others if k == "company"]:
            # Organisation records: told apart by their company's core name (a hotel's
            # switchboard answers for its three restaurants).
            who = pl.col(companies[0])
        else:
            who = pl.lit(None, dtype=pl.String)
        feat = feat.with_columns(
            (
                (who.drop_nulls().n_unique().over(c) >= SHARED_MIN_NAMES)
                | (
                    pl.col(f"{c}__ext").is_not_null().any().over(c)
                    if (c, "phone") in others
                    else pl.lit(False)
                )
            )
            .fill_null(False)
            .alias(f"{c}__shared")
            for c in shared_cols
        )
        # An office number rather than a personal mobile: a switchboard (shared or with an
        # extension) or a Chinese fixed line (+86 numbers other than the 11-digit 1[3-9] mobiles).
        feat = feat.with_columns(
            (
                pl.col(f"{c}__shared")
                | pl.col(f"{c}__ext").is_not_null()
                | (
                    pl.col(c).str.starts_with("+86")
                    & ~pl.col(c).str.contains(r"^\+861[3-9][0-9]{9}$")
                )
            )
            .fill_null(False)
            .alias(f"{c}__office")
            for c, k in others
            if k == "phone"
        )

    rules: list[tuple[str, ...]] = [(a,) for a in anchors]
    if name_keys:
        rules.append((f"{NAME}__canon",))
        rules += [(k, c) for k in name_keys for c in context]
    else:
        # No names: pair up records agreeing on two context features at a time.
        rules += [(a, b) for i, a in enumerate(context) for b in context[i + 1 :]]
    # Drop duplicates while keeping order (a column can be both anchor and context).
    unique_rules = list(dict.fromkeys(rules))
    return Features(feat, comparisons, unique_rules)

"""The SQL that rules write (``where:``, ``condition:``, ``metric:``) and how its columns are typed.

Exports are text. Before a SQL expression runs, each column it names is given one type:

- a column the check lists under ``dates:`` is read with the audit's date reader (calendar
  dates; unparseable values are NULL), so ``close_date < as_of`` compares dates;
- a column whose every present value is a number compares as a number (``amount > 0``);
- any other column is trimmed text, missing values (empty, white space) NULL.

``as_of`` is the audit's reference date (a date; a source column named ``as_of`` is hidden by it).
``DATE_DIFF('day', a, b)`` is whole days from date ``a`` to date ``b``.

The same typing is chosen by ``validate`` and by the audit (:func:`choose_typing` on the data's
columns), tried on a table with no rows, so an expression that cannot run fails before any
figure is computed, with a hint saying how to write it.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Collection, Mapping, Sequence
from datetime import date
from typing import Literal

import polars as pl

from crmhealth.checks.common import present_trimmed
from crmhealth.checks.parsing import parse_dates, parse_number
from crmhealth.checks.plan import Lookup
from crmhealth.masking import mask_value

AS_OF = "as_of"
Kind = Literal["number", "text", "date"]
Typing = dict[str, Kind]

_DATE_DIFF = re.compile(r"\bDATE_?DIFF\s*\(", re.IGNORECASE)
_UNIT_DAYS = {"day": 1, "days": 1, "week": 7, "weeks": 7}


def _split_arguments(text: str, start: int) -> tuple[list[str], int]:
    """The top-level comma-separated arguments of the call whose "(" is at `start`, and the
    position after its ")"."""
    depth, quote, args, begin = 0, "", [], start + 1
    for pos in range(start, len(text)):
        char = text[pos]
        if quote:
            if char == quote:
                quote = ""
        elif char in "'\"":
            quote = char
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                args.append(text[begin:pos])
                return args, pos + 1
        elif char == "," and depth == 1:
            args.append(text[begin:pos])
            begin = pos + 1
    raise ValueError("DATE_DIFF( is not closed")


def rewrite(text: str) -> str:
    """`text` with each ``DATE_DIFF('day'|'week', a, b)`` (which Polars SQL lacks) written as
    whole days (or weeks) from `a` to `b` over the dates' day numbers."""
    out, pos = [], 0
    while (found := _DATE_DIFF.search(text, pos)) is not None:
        if text.count("'", 0, found.start()) % 2:  # inside a string literal: leave it
            out.append(text[pos : found.end()])
            pos = found.end()
            continue
        args, end = _split_arguments(text, found.end() - 1)
        if len(args) != 3:
            raise ValueError("DATE_DIFF takes three arguments: DATE_DIFF('day', start, end)")
        unit = args[0].strip().strip("'\"").lower()
        if unit not in _UNIT_DAYS:
            raise ValueError(f"DATE_DIFF counts 'day' or 'week', not '{unit}'")
        first, second = rewrite(args[1]), rewrite(args[2])
        days = f"(CAST(({second}) AS BIGINT) - CAST(({first}) AS BIGINT))"
        out.append(text[pos : found.start()])
        out.append(days if _UNIT_DAYS[unit] == 1 else f"({days} // {_UNIT_DAYS[unit]})")
        pos = end
    out.append(text[pos:])
    return "".join(out)


def sql_expr(text: str) -> pl.Expr:
    """A SQL expression as a Polars expression (parsed, never evaluated as Python)."""
    try:
        return pl.sql_expr(rewrite(text))
    except pl.exceptions.PolarsError as exc:
        message = str(exc).strip().splitlines()[0]
        raise ValueError(f"not a SQL expression Polars understands: {message}") from None


def referenced(text: str) -> list[str]:
    """The source columns `text` names, in order (``as_of`` is the audit date, not a column)."""
    names = sql_expr(text).meta.root_names()
    return [c for c in dict.fromkeys(names) if c != AS_OF]


def candidate_typings(numeric: Mapping[str, bool | None], dates: Sequence[str]) -> list[Typing]:
    """Typings to try, most numeric first.

    `numeric` says per (non-date) column whether every present value is a number (None: no
    value at all, so either). When the most numeric typing cannot evaluate (LENGTH(zip),
    zip = '010020'), fewer and fewer columns are taken as numbers, one at a time first, so
    ``amount > 100 AND LENGTH(zip) = 6`` finds amount numeric and zip text.
    """
    flexible = [c for c, kind in numeric.items() if kind is not False and c not in dates]
    if len(flexible) > 8:  # 2^8 cheap trials at most; beyond, all-or-nothing
        options = [flexible, []]
    else:
        options = [
            [c for c in flexible if c not in dropped]
            for size in range(len(flexible) + 1)
            for dropped in itertools.combinations(flexible, size)
        ]
    typings: list[Typing] = []
    for as_numbers in options:
        typing: Typing = {c: "number" if c in as_numbers else "text" for c in numeric}
        typing.update({c: "date" for c in dates if c in numeric or c not in typing})
        typings.append(typing)
    return typings


_DTYPES: dict[Kind, pl.DataType] = {"number": pl.Float64(), "text": pl.String(), "date": pl.Date()}


def trial_frames(typing: Typing, blank: Collection[str] = ()) -> list[pl.DataFrame]:
    """Tables to try an expression on, typed as `typing`, with the ``as_of`` date: one with no
    rows (type errors), and one row of typical values (what fails on any value fails there: a
    cast of text to a date, DATE(text)). The text is digits, so a cast of text to a number
    is left to the data (an error result where a value is not a number). `blank` columns hold
    no value at all."""
    sample: dict[Kind, object] = {"number": 1.0, "text": "1", "date": date(2026, 1, 1)}
    columns = {
        c: pl.Series(c, [None if c in blank else sample[kind]], dtype=_DTYPES[kind])
        for c, kind in typing.items()
    }
    columns[AS_OF] = pl.Series(AS_OF, [date(2026, 1, 1)], dtype=pl.Date)
    one_row = pl.DataFrame(list(columns.values()))
    return [one_row.clear(), one_row]


def first_typing(
    texts: Sequence[str], typings: Sequence[Typing], blank: Collection[str] = ()
) -> Typing:
    """The first typing under which every expression evaluates on the trial tables (so type
    errors are found before any row is read); the first typing's error when none does."""
    error: pl.exceptions.PolarsError | None = None
    for typing in typings:
        try:
            for frame in trial_frames(typing, blank):
                for text in texts:
                    frame.select(sql_expr(text))
        except pl.exceptions.PolarsError as exc:
            error = error or exc
            continue
        return typing
    assert error is not None
    raise error


def numeric_columns(frame: pl.DataFrame, columns: Sequence[str]) -> dict[str, bool | None]:
    """Per column: is every present value a number (None when there is no value)?"""
    if not columns:
        return {}
    counts = frame.select(
        *(present_trimmed(pl.col(c)).count().alias(f"p{i}") for i, c in enumerate(columns)),
        *(parse_number(pl.col(c)).count().alias(f"n{i}") for i, c in enumerate(columns)),
    ).row(0)
    n = len(columns)
    return {
        c: None if counts[i] == 0 else counts[i] == counts[n + i] for i, c in enumerate(columns)
    }


def typed_columns(frame: pl.DataFrame, typing: Typing, as_of: date) -> pl.DataFrame:
    """`frame`'s columns typed as `typing` (dates by the staged date reader), with ``as_of``."""
    series = [
        parse_dates(frame.get_column(column))
        if kind == "date"
        else frame.select(typed_expr(column, kind)).to_series()
        for column, kind in typing.items()
    ]
    typed = pl.DataFrame(series) if series else pl.DataFrame(height=frame.height)
    return typed.with_columns(pl.lit(as_of, dtype=pl.Date).alias(AS_OF))


def typed_expr(column: str, kind: Kind) -> pl.Expr:
    """Trimmed text with missing → NULL, or the column's numbers (not for dates)."""
    expr = parse_number(pl.col(column)) if kind == "number" else present_trimmed(pl.col(column))
    return expr.alias(column)


def text_examples(frame: pl.DataFrame, column: str) -> list[str]:
    """Up to three distinct present values of `column` that are not numbers (masked)."""
    value = present_trimmed(pl.col(column))
    found = frame.select(
        value.filter(value.is_not_null() & parse_number(pl.col(column)).is_null())
        .unique(maintain_order=True)
        .head(3)
    )
    return [str(mask_value(v)) for v in found.to_series().to_list()]


def hint(text: str, error: BaseException, typing: Typing, examples: Mapping[str, list[str]]) -> str:
    """How to write `text` instead, from the error evaluating it under `typing` (`examples`:
    values of text columns that are not numbers)."""
    message = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    upper = text.upper()
    texts = [c for c, kind in typing.items() if kind == "text" and c in text]
    if (
        re.search(r"\bCAST\s*\(.*\bAS\s+(DATE|TIMESTAMP|DATETIME)\b", upper)
        or re.search(r"::\s*(DATE|TIMESTAMP)\b|\b(DATE|TO_DATE|TIMESTAMP)\s*\(", upper)
        or "DATE_DIFF" in upper
    ):
        how = (
            "list the date columns under `dates:` (e.g. `dates: [close_date]`) and compare them "
            "directly: close_date < as_of, DATE_DIFF('day', close_date, as_of) > 30 "
            "(no CAST needed)"
        )
    elif "compare string with" in message or "arithmetic on dtypes str" in message:
        shown = (
            "; ".join(
                f"{c} holds text"
                + (f" such as {', '.join(repr(v) for v in examples[c])}" if examples.get(c) else "")
                for c in texts
            )
            or "a column holds text"
        )
        how = (
            f"{shown}: compare it with a quoted string ('3'), or clean the values that are "
            "not numbers"
        )
    elif "date" in message.lower() and "string" in message.lower():
        how = (
            "write a date literal as DATE '2026-01-31', and list date columns under `dates:` "
            "so they are compared as dates"
        )
    elif "operation not supported for dtype `str`" in message or "dtype `str`" in message:
        how = "a text column cannot be used that way; list date columns under `dates:`"
    else:
        how = "see the README's SQL section for what Polars SQL supports"
    return f"cannot evaluate `{text}`: {message} — {how}"


class SqlTypingError(ValueError):
    """An expression that cannot run on the data's column types; ``text`` is the expression."""

    def __init__(self, text: str, message: str) -> None:
        super().__init__(message)
        self.text = text


def choose_typing(frame: pl.DataFrame, texts: Sequence[str], dates: Sequence[str]) -> Typing:
    """The typing the audit uses for `texts` on `frame` (the columns they name); raise
    SqlTypingError (with a hint) naming the expression that cannot run."""
    columns = list(dict.fromkeys(c for t in texts for c in referenced(t)))
    plain = [c for c in columns if c not in dates]
    numeric = numeric_columns(frame, plain)
    numeric.update({c: None for c in columns if c in dates})
    typings = candidate_typings(numeric, [c for c in columns if c in dates])
    blank = [c for c in plain if numeric[c] is None]
    try:
        return first_typing(texts, typings, blank)
    except pl.exceptions.PolarsError:
        pass
    for text in texts:  # which expression, and why under the most likely typing
        try:
            first_typing([text], typings, blank)
        except pl.exceptions.PolarsError as exc:
            examples = {c: text_examples(frame, c) for c in plain if numeric.get(c) is False}
            raise SqlTypingError(text, hint(text, exc, typings[0], examples)) from None
    raise SqlTypingError(texts[0], f"cannot evaluate `{' and '.join(texts)}` together")


def evaluate_mask(frame: pl.DataFrame, text: str, dates: Sequence[str], as_of: date) -> pl.Series:
    """Where `text` is true for each row of `frame` (false where false or NULL)."""
    typing = choose_typing(frame, [text], dates)
    typed = typed_columns(frame, typing, as_of)
    return typed.select(sql_expr(text).fill_null(False).cast(pl.Boolean)).to_series()


def numeric_lookups(table: str, columns: Sequence[str], prefix: str) -> list[Lookup]:
    """Per column, the distinct "is this present value a number?" answers over `table` (none:
    the column has no value), for :func:`typing_from_lookups`."""
    return [
        Lookup(
            f"{prefix}:{c}",
            table,
            pl.when(present_trimmed(pl.col(c)).is_not_null()).then(
                parse_number(pl.col(c)).is_not_null()
            ),
        )
        for c in columns
    ]


def typing_from_lookups(
    found: Mapping[str, pl.Series],
    prefix: str,
    texts: Sequence[str],
    plain: Sequence[str],
    dated: Sequence[str],
) -> Typing:
    """The typing :func:`choose_typing` would pick, from :func:`numeric_lookups`' answers."""
    numeric: dict[str, bool | None] = {}
    for c in plain:
        seen = set(found[f"{prefix}:{c}"].to_list())
        numeric[c] = None if not seen else seen == {True}
    numeric.update(dict.fromkeys(dated))
    blank = [c for c in plain if numeric[c] is None]
    return first_typing(texts, candidate_typings(numeric, dated), blank)


def typed_selection(typing: Typing, day_columns: Mapping[str, str], as_of: date) -> list[pl.Expr]:
    """Expressions giving each column its type (dates from the date step's `day_columns`),
    and ``as_of``."""
    return [
        pl.col(day_columns[c]).alias(c) if kind == "date" else typed_expr(c, kind)
        for c, kind in typing.items()
    ] + [pl.lit(as_of, dtype=pl.Date).alias(AS_OF)]

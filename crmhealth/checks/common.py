"""Shared expression builders of row-level checks: what "missing" means, trimmed values."""

from __future__ import annotations

import polars as pl

MAX_SAMPLES = 5

# Characters a cell can hold and still show nothing: Unicode white space (the full-width space
# `　` and NBSP among them) and the invisible format characters exports carry (zero-width
# space/joiners, word joiner, a stray BOM, soft hyphen, and the bidirectional marks, embeddings
# and isolates that right-to-left text and copy-paste leave). A value made only of them is
# missing.
BLANK = (
    "\t\n\x0b\x0c\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
    "\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
    "\u200b\u200c\u200d\u2060\ufeff\u00ad"
    "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c"
)


def first_repeated(names: list[str]) -> str | None:
    """The first name that appears twice in `names`, if any."""
    seen: set[str] = set()
    for name in names:
        if name in seen:
            return name
        seen.add(name)
    return None


def missing(expr: pl.Expr) -> pl.Expr:
    """True where a value is null, empty, or only white space and invisible characters."""
    return expr.is_null() | (expr.str.strip_chars(BLANK) == "")


def present_trimmed(expr: pl.Expr) -> pl.Expr:
    """The value trimmed of white space and invisible characters, null where it is missing."""
    trimmed = expr.str.strip_chars(BLANK)
    return pl.when(trimmed == "").then(None).otherwise(trimmed)


def hidden_name(check_id: str, what: str) -> str:
    """A column name for a check's derived values that cannot clash with a source column."""
    return f"\x00{what}\x00{check_id}"

"""The Polars → SQL compiler: what it compiles, and that anything else is refused (the check
then runs locally), never compiled approximately."""

from __future__ import annotations

import polars as pl
import pytest

from crmhealth.checks.common import missing
from crmhealth.execute.sqlcompile import WHITE_SPACE, Dialect, NotPushable, compile_expr


def _dialect(name: str) -> Dialect:
    return Dialect(name, lambda s: f'"{s}"', lambda c: f'"{c}"')


def test_missing_compiles_per_dialect() -> None:
    assert compile_expr(missing(pl.col("email")), _dialect("postgres")).startswith(
        '(("email" IS NULL) OR (btrim("email", '
    )
    mysql = compile_expr(missing(pl.col("email")), _dialect("mysql"))
    assert "REGEXP_REPLACE" in mysql and "CAST(" in mysql and "AS BINARY" in mysql


def test_the_whitespace_set_is_unicode_white_space() -> None:
    """strip_chars() without a set strips what Rust calls whitespace: the Unicode White_Space
    property (Python's isspace adds the four information separators \\x1c-\\x1f)."""
    python = {chr(c) for c in range(0x110000) if chr(c).isspace()} - set("\x1c\x1d\x1e\x1f")
    assert set(WHITE_SPACE) == python
    stripped = pl.Series([WHITE_SPACE + "x" + WHITE_SPACE]).str.strip_chars()
    assert stripped.to_list() == ["x"]


@pytest.mark.parametrize(
    "expr",
    [
        pl.col("a").str.to_lowercase() == "x",  # Unicode case mapping differs by server
        pl.col("a").str.contains("^[0-9]+$"),  # regex flavours differ
        pl.col("a").str.len_chars() > 3,
        pl.col("a").cast(pl.Float64) > 0,
        pl.col("a").is_first_distinct(),  # needs a row order a table does not have
    ],
)
def test_anything_else_is_not_pushable(expr: pl.Expr) -> None:
    with pytest.raises(NotPushable):
        compile_expr(expr, _dialect("postgres"))

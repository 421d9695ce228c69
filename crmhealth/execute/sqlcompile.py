"""Compile the checks' own Polars expressions to SQL, so a plan can run inside a database.

Checks declare their row predicates as Polars expressions (``crmhealth/checks/plan.py``); this
module reads an expression's serialized tree and writes the same predicate in a server's SQL, so
there is no second implementation of any check. Only the node kinds whose meaning is exactly the
same in SQL are compiled; anything else raises :class:`NotPushable` and the executor runs that
check locally on the pulled columns.

Dialect differences handled here (each has a test comparing against Polars):

- text comparisons are byte-exact on MySQL/MariaDB (their default collations ignore case and
  trailing spaces), by comparing ``CAST(.. AS BINARY)``;
- Polars' ``strip_chars(set)`` (Unicode spaces and invisible characters) is ``btrim(x, set)`` on
  PostgreSQL and an anchored ``REGEXP_REPLACE`` on MySQL/MariaDB, whose TRIM takes one string only;
- booleans: Kleene logic is the same in Polars and SQL; MySQL has no boolean type, 1/0 stand in.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import polars as pl

# What Polars' strip_chars() with no argument removes: Rust's char::is_whitespace, the Unicode
# White_Space property.
WHITE_SPACE = (
    "\t\n\x0b\x0c\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007"
    "\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)


class NotPushable(Exception):
    """An expression (part) that has no exact SQL equivalent here: run the check locally."""


@dataclass(frozen=True)
class Dialect:
    """How one server spells what the compiler needs."""

    name: str
    quote: Callable[[str], str]
    column: Callable[[str], str]  # a source column, as text the way the loader reads it

    def string(self, value: str) -> str:
        if self.name == "spark":  # Spark SQL literals take backslash escapes only
            return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"
        escaped = value.replace("'", "''")
        if self.name == "mysql":
            escaped = escaped.replace("\\", "\\\\")
        return f"'{escaped}'"

    def exact(self, sql: str) -> str:
        """`sql` in a form whose comparisons are byte-exact (PostgreSQL's and Spark's are)."""
        return f"CAST({sql} AS BINARY)" if self.name == "mysql" else sql

    def strip(self, sql: str, chars: str) -> str:
        if self.name == "postgres":
            return f"btrim({sql}, {self.string(chars)})"
        klass = "".join("\\" + c if c in "\\]^-[&" else c for c in chars)
        pattern = f"^[{klass}]+|[{klass}]+$"
        return f"REGEXP_REPLACE({sql}, {self.string(pattern)}, '')"

    @property
    def false(self) -> str:
        return "FALSE"


def _literal(node: dict[str, Any], dialect: Dialect) -> tuple[str, str]:
    """(SQL, kind) of a literal: kind is str, bool, int, null or list."""
    if "Series" in node:  # is_in(series) / is_in(series.implode())
        return _text_list(bytes(node["Series"]), dialect), "list"
    scalar = node.get("Scalar")
    if scalar is None:
        dyn = node.get("Dyn", {})
        if "Int" in dyn:
            return str(int(dyn["Int"])), "int"
        raise NotPushable(f"literal {node}")
    if "String" in scalar:
        return dialect.string(scalar["String"]), "str"
    if "Boolean" in scalar:
        return ("TRUE" if scalar["Boolean"] else "FALSE"), "bool"
    if "Null" in scalar:
        return "NULL", "null"
    if "List" in scalar:
        return _text_list(bytes(scalar["List"]), dialect), "list"
    raise NotPushable(f"literal {scalar}")


def _text_list(ipc: bytes, dialect: Dialect) -> str:
    """A serialized Series of text values as a SQL list (nulls dropped: they never match)."""
    series = pl.read_ipc_stream(io.BytesIO(ipc)).to_series()
    if isinstance(series.dtype, pl.List):  # an imploded Series
        series = series.explode()
    if series.dtype != pl.String:
        raise NotPushable("a list literal of non-text values")
    values = [v for v in series.to_list() if v is not None]
    if not values:
        raise NotPushable("an empty list literal")
    return ", ".join(dialect.exact(dialect.string(v)) for v in values)


_COMPARE = {"Eq": "=", "NotEq": "<>"}
_LOGIC = {"And": "AND", "Or": "OR"}


def _compile(node: dict[str, Any], dialect: Dialect) -> str:
    if "Column" in node:
        return dialect.column(node["Column"])
    if "Literal" in node:
        sql, kind = _literal(node["Literal"], dialect)
        if kind == "list":
            raise NotPushable("a list outside is_in")
        return sql
    if "BinaryExpr" in node:
        binary = node["BinaryExpr"]
        op = binary["op"]
        left, right = _compile(binary["left"], dialect), _compile(binary["right"], dialect)
        if op in _LOGIC:
            return f"({left} {_LOGIC[op]} {right})"
        if op in _COMPARE:
            return f"({dialect.exact(left)} {_COMPARE[op]} {dialect.exact(right)})"
        raise NotPushable(f"operator {op}")
    if "Ternary" in node:
        ternary = node["Ternary"]
        return (
            f"(CASE WHEN {_compile(ternary['predicate'], dialect)} "
            f"THEN {_compile(ternary['truthy'], dialect)} "
            f"ELSE {_compile(ternary['falsy'], dialect)} END)"
        )
    if "Function" in node:
        return _function(node["Function"], dialect)
    raise NotPushable(f"expression node {next(iter(node), '?')}")


def _function(function: dict[str, Any], dialect: Dialect) -> str:
    kind = function["function"]
    inputs = function["input"]
    if kind == {"Boolean": "IsNull"}:
        return f"({_compile(inputs[0], dialect)} IS NULL)"
    if kind == {"Boolean": "IsNotNull"}:
        return f"({_compile(inputs[0], dialect)} IS NOT NULL)"
    if kind == {"Boolean": "Not"}:
        return f"(NOT {_compile(inputs[0], dialect)})"
    if kind == "FillNull":
        return f"COALESCE({_compile(inputs[0], dialect)}, {_compile(inputs[1], dialect)})"
    if kind == {"StringExpr": "StripChars"}:
        scalar = inputs[1].get("Literal", {}).get("Scalar", {})
        chars = WHITE_SPACE if "Null" in scalar else scalar.get("String")
        if not chars:
            raise NotPushable("strip_chars without a literal set")
        return dialect.strip(_compile(inputs[0], dialect), chars)
    if isinstance(kind, dict) and "IsIn" in kind.get("Boolean", {}):
        values, what = _literal(inputs[1].get("Literal", {}), dialect)
        if what != "list":
            raise NotPushable("is_in without a literal list")
        return f"({dialect.exact(_compile(inputs[0], dialect))} IN ({values}))"
    raise NotPushable(f"function {json.dumps(kind)[:60]}")


def compile_expr(expr: pl.Expr, dialect: Dialect) -> str:
    """The SQL of `expr` (over the source's columns as text); NotPushable when it has none."""
    tree = json.loads(expr.meta.serialize(format="json"))
    return _compile(tree, dialect)

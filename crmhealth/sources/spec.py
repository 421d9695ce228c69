"""How a rules file names a source: a path (shorthand) or a mapping with options."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from crmhealth.secrets import mask_url, parse_url

SourceKind = Literal["csv", "xlsx", "sqlite", "duckdb", "postgres", "mysql", "spark"]

_SUFFIX_KINDS: dict[str, SourceKind] = {
    ".csv": "csv",
    ".tsv": "csv",
    ".txt": "csv",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".sqlite": "sqlite",
    ".sqlite3": "sqlite",
    ".db": "sqlite",
    ".duckdb": "duckdb",
    ".ddb": "duckdb",
}


class SourceSpec(BaseModel):
    """One source table. ``path`` is relative to the rules file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    path: str | None = None
    kind: SourceKind | None = None
    sheet: str | None = None
    table: str | None = None
    encoding: str | None = None
    delimiter: str | None = None
    id_column: str | None = None
    # Database servers (crmhealth/sources/server.py): a URL with `table:` or `query:`.
    url: str | None = None
    query: str | None = None
    execute: Literal["pushdown", "local"] | None = None
    spark: str | None = None  # a Spark table or a path Spark reads (crmhealth/sources/spark.py)
    # How the export is laid out, and what to do about damage (sources helper).
    header_row: int | None = Field(default=None, ge=1)  # line (CSV) or row (XLSX) of the header
    skip_rows: int | None = Field(default=None, ge=0)  # lines/rows above the header to skip
    columns: dict[str, str] | None = None  # header (or column number) -> the name rules use
    errors: Literal["strict", "replace"] = "strict"  # undecodable bytes: refuse, or U+FFFD
    ragged: Literal["refuse", "pad"] = "refuse"  # rows with fewer fields than the header
    allow_empty: bool = False  # a table without data rows is expected, not an error

    @field_validator("delimiter")
    @classmethod
    def _one_character(cls, value: str | None) -> str | None:
        if value is not None and len(value.encode("utf-8")) != 1:
            raise ValueError("delimiter must be a single one-byte character such as ',' ';' '|'")
        return value

    @model_validator(mode="after")
    def _path_or_url(self) -> SourceSpec:
        if self.spark is not None:
            if self.path is not None or self.url is not None or self.query is not None:
                raise ValueError("a `spark:` source takes no `path:`, `url:` or `query:`")
            if not self.spark.strip():
                raise ValueError("`spark:` names a table or a path")
            return self
        if self.url is None:
            if self.path is None:
                raise ValueError("missing required key 'path'")
            if self.query is not None or self.execute is not None:
                key = "query" if self.query is not None else "execute"
                raise ValueError(f"`{key}:` is for database servers (`url:`), not files")
            return self
        if self.path is not None:
            raise ValueError("give either `path:` (a file) or `url:` (a database server), not both")
        if (self.table is None) == (self.query is None):
            raise ValueError("a `url:` source needs `table:` or `query:` (one of them)")
        if self.kind not in (None, "postgres", "mysql"):
            raise ValueError("`kind:` of a `url:` source is postgres or mysql")
        parse_url(self.url)  # ValueError (never echoing the URL) when it is not one
        _url_kind(self.url)
        return self

    def __hash__(self) -> int:
        # Hashable although `columns:` is a dict: loaders cache per source.
        return hash(self.model_dump_json())

    @model_validator(mode="after")
    def _one_header_position(self) -> SourceSpec:
        if self.header_row is not None and self.skip_rows is not None:
            raise ValueError("give `header_row:` or `skip_rows:`, not both")
        return self

    @field_validator("columns", mode="before")
    @classmethod
    def _numbers_as_text(cls, value: object) -> object:
        # `{4: email_2}` names a column by its number: YAML reads the key as an int.
        if isinstance(value, dict):
            return {str(k) if isinstance(k, int) else k: v for k, v in value.items()}
        return value

    @field_validator("columns")
    @classmethod
    def _distinct_aliases(cls, value: dict[str, str] | None) -> dict[str, str] | None:
        if value is None:
            return value
        for header, alias in value.items():
            if not str(header).strip() or not str(alias).strip():
                raise ValueError("`columns:` maps a header to a name; neither may be empty")
        repeated = sorted({a for a in value.values() if list(value.values()).count(a) > 1})
        if repeated:
            raise ValueError(f"`columns:` gives the name '{repeated[0]}' to several headers")
        return value

    def header_line(self) -> int | None:
        """The 1-based line/row of the header when the source fixes it, else None (detect)."""
        if self.header_row is not None:
            return self.header_row
        if self.skip_rows is not None:
            return self.skip_rows + 1
        return None

    def label(self) -> str:
        """How reports and messages show this source: the path, or the URL with its password
        masked and the table (every report reads this, never `url`)."""
        if self.spark is not None:  # a path may carry credentials (s3a://key:secret@bucket/…)
            return "spark " + re.sub(r"(://[^/:@]*):[^@/]*@", r"\1:***@", self.spark)
        if self.url is None:
            return str(self.path)
        return f"{mask_url(self.url)} " + (f"table {self.table}" if self.table else "query")

    def resolved_kind(self) -> SourceKind:
        """The explicit ``kind``, else the one the URL scheme or the file suffix implies."""
        if self.kind is not None:
            return self.kind
        if self.spark is not None:
            return "spark"
        if self.url is not None:
            return _url_kind(self.url)
        assert self.path is not None
        suffix = Path(self.path).suffix.lower()
        if suffix in _SUFFIX_KINDS:
            return _SUFFIX_KINDS[suffix]
        raise ValueError(
            f"cannot tell the kind of '{self.path}' from its name; add `kind:` "
            "(csv, xlsx, sqlite or duckdb)"
        )


_SCHEME_KINDS: dict[str, SourceKind] = {
    "postgresql": "postgres",
    "postgres": "postgres",
    "mysql": "mysql",
    "mariadb": "mysql",
}


def _url_kind(url: str) -> SourceKind:
    scheme = url.partition("://")[0].lower()
    if scheme not in _SCHEME_KINDS:
        raise ValueError(
            f"url scheme '{scheme[:20]}' is not one crmhealth reads; use postgresql:// or mysql://"
        )
    return _SCHEME_KINDS[scheme]

"""How a rules file names a source: a path (shorthand) or a mapping with options."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, field_validator, model_validator

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

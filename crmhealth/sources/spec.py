"""How a rules file names a source: a path (shorthand) or a mapping with options."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

SourceKind = Literal["csv", "xlsx", "sqlite", "duckdb"]

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

    path: str
    kind: SourceKind | None = None
    sheet: str | None = None
    table: str | None = None
    encoding: str | None = None
    delimiter: str | None = None
    id_column: str | None = None
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

    def resolved_kind(self) -> SourceKind:
        """The explicit ``kind``, else the one the file name's suffix implies."""
        if self.kind is not None:
            return self.kind
        suffix = Path(self.path).suffix.lower()
        if suffix in _SUFFIX_KINDS:
            return _SUFFIX_KINDS[suffix]
        raise ValueError(
            f"cannot tell the kind of '{self.path}' from its name; add `kind:` "
            "(csv, xlsx, sqlite or duckdb)"
        )

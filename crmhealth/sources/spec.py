"""How a rules file names a source: a path (shorthand) or a mapping with options."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, field_validator

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

    @field_validator("delimiter")
    @classmethod
    def _one_character(cls, value: str | None) -> str | None:
        if value is not None and len(value.encode("utf-8")) != 1:
            raise ValueError("delimiter must be a single one-byte character such as ',' ';' '|'")
        return value

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

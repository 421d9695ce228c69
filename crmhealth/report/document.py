"""The JSON document's model: the JSON reporter's output is validated against it, and
``crmhealth schema`` publishes its JSON Schema.

``schema_version`` stays 1 as long as fields are only added: a reader written for version 1 keeps
working. Optional keys (``groups``, ``by``, ``details``, ``previous``…) appear only when they apply.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Status = Literal["pass", "warn", "fail", "error"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class RowSampleDoc(_Strict):
    """A failing row: 1-based data row in the source, record id, value at fault (masked unless
    --show-pii), and why it fails."""

    row: int
    id: str | None = None
    value: str | None = None
    reason: str | None = None


class GroupSampleDoc(_Strict):
    """A group of duplicate records side by side."""

    group: int
    rows: list[int]
    ids: list[str | None] | None = None
    values: dict[str, list[str | None]]
    score: list[float | None] | None = None
    reason: list[str | None] | None = None
    master: int | None = None


class KeySampleDoc(BaseModel):
    """A failing entity that is not a row, such as a user with too few events
    (``{"user": "U4", "events": 0}``)."""

    model_config = ConfigDict(extra="allow")


class BreakdownDoc(_Strict):
    group: str | None
    failed: int
    total: int
    pass_rate: float


class CheckDocDoc(_Strict):
    summary: str
    why: str
    fix: str


class PreviousDoc(_Strict):
    as_of: str
    failed: int
    total: int
    pass_rate: float
    status: Status


class ResultDoc(_Strict):
    """One result of one check."""

    check: str
    type: str
    dimension: str
    table: str
    column: str | None
    status: Status
    pass_rate: float = Field(ge=0, le=1)
    failed: int = Field(ge=0)
    total: int = Field(ge=0)
    weight: float
    warn: float
    fail: float | None
    message: str
    elapsed: float
    samples: list[RowSampleDoc | GroupSampleDoc | KeySampleDoc]
    description: str | None = None
    doc: CheckDocDoc | None = None
    groups: int | None = None
    by: str | None = None
    breakdown: list[BreakdownDoc] | None = None
    details: dict[str, Any] | None = None
    previous: PreviousDoc | None = None
    delta_pass_rate: float | None = None
    series_note: str | None = None


class DimensionDoc(_Strict):
    name: str
    score: float | None
    weight: float
    results: int
    previous: float | None = None


class TableDoc(_Strict):
    name: str
    source: str
    rows: int
    columns: int
    details: dict[str, Any] | None = None


class SummaryDoc(_Strict):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    pass_: int = Field(alias="pass")
    warn: int
    fail: int
    error: int


class RuleDoc(_Strict):
    check: str
    type: str
    table: str
    dimension: str
    parameters: dict[str, Any]
    where: str
    description: str | None


class ScorePointDoc(_Strict):
    as_of: str
    run_at: str
    score: float | None
    grade: str | None


class ReportDocument(_Strict):
    """The whole JSON document of one audit."""

    tool: Literal["crmhealth"]
    version: str
    schema_version: Literal[1]
    as_of: str
    generated_at: str
    rules: str
    score: float | None
    grade: str | None
    dimensions: list[DimensionDoc]
    tables: list[TableDoc]
    summary: SummaryDoc
    checks: list[ResultDoc]
    elapsed: float | None = None
    rules_configured: list[RuleDoc] | None = None
    previous_score: float | None = None
    previous_as_of: str | None = None
    score_history: list[ScorePointDoc] | None = None


def json_schema() -> dict[str, Any]:
    """The document's JSON Schema (draft 2020-12)."""
    schema = ReportDocument.model_json_schema(by_alias=True)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **schema,
        "title": "crmhealth audit report (schema_version 1)",
    }


def checked(document: dict[str, Any]) -> dict[str, Any]:
    """`document` after validating it against the model (a drift is a programming error)."""
    ReportDocument.model_validate(document)
    return document

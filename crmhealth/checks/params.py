"""Parameter types shared by check models, each validated when the rules are loaded."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, PlainSerializer, PlainValidator

from crmhealth.checks.parsing import validate_strptime_format
from crmhealth.checks.references import split_reference
from crmhealth.durations import Span, parse_span


def _window(value: object) -> Span:
    span = parse_span(value)
    if span.days < 1:
        raise ValueError("a window must be at least 1d long")
    return span


def _reference(value: str) -> str:
    split_reference(value)
    return value


def _formats(value: tuple[str, ...]) -> tuple[str, ...]:
    for fmt in value:
        validate_strptime_format(fmt)
    return value


Duration = Annotated[Span, PlainValidator(parse_span), PlainSerializer(str, return_type=str)]
"""An age such as 180d, 26w, 6m (30 days) or 1y (365 days), parsed when the rules load."""

Window = Annotated[Span, PlainValidator(_window), PlainSerializer(str, return_type=str)]
"""A window length ending at as_of, at least one day, parsed when the rules load."""

Reference = Annotated[str, AfterValidator(_reference)]
"""A ``table.column`` reference."""

DateFormats = Annotated[tuple[str, ...], AfterValidator(_formats)]
"""Extra strptime formats (such as ``%d/%m/%Y``) besides the default date forms."""

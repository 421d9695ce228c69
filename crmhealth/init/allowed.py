"""Allowed values of a stage/status/source column: what is there, setting aside what looks like
a slip (case variants, placeholders, values in a script few rows use), each commented."""

from __future__ import annotations

import re

from crmhealth.init.knowledge import knowledge
from crmhealth.init.profile import ColumnProfile
from crmhealth.init.proposal import AllowedValue, Proposed, Why, id_part, pct, with_thresholds

RARE_SCRIPT_SHARE = 0.1  # values in a script at most this share of rows are set aside


def _script(value: str) -> str:
    if re.search(r"[\u4e00-\u9fff]", value):
        return "han"
    if re.search(r"[A-Za-z]", value):
        return "latin"
    return "other"


def allowed_values(table: str, column: ColumnProfile) -> Proposed:
    """Allowed values: what is there, setting aside case variants, placeholders and values in
    a script few rows use (a translation of another value?), each commented for review."""
    placeholders = knowledge().placeholders
    total = sum(n for _, n in column.values) or 1
    script_rows: dict[str, int] = {}
    for value, n in column.values:
        script_rows[_script(value)] = script_rows.get(_script(value), 0) + n
    seen_lower: dict[str, str] = {}
    values: list[AllowedValue] = []
    for value, n in column.values:  # most frequent first
        lower = value.lower()
        script = _script(value)
        if lower in seen_lower:
            why = Why.of("variant_of", value=seen_lower[lower])
            values.append(AllowedValue(value, n, False, why))
            continue
        seen_lower[lower] = value
        if lower in placeholders:
            values.append(AllowedValue(value, n, False, Why.of("placeholder")))
        elif (
            len(script_rows) > 1
            and script in ("han", "latin")
            and script_rows[script] / total <= RARE_SCRIPT_SHARE
        ):
            share = pct(1 - script_rows[script] / total)
            values.append(AllowedValue(value, n, False, Why.of("other_script", share=share)))
        else:
            values.append(AllowedValue(value, n, True))
    reasons: list[Why] = []
    if column.by_header and column.header is not None:
        reasons.append(Why.of("header", header=column.name, role=column.header.role.name))
    reasons.append(Why.of("low_cardinality", distinct=column.distinct))
    check = with_thresholds(
        "validity",
        {
            "id": f"{table}-{id_part(column.name)}-values",
            "type": "validity",
            "table": table,
            "column": column.name,
            "format": "allowed",
            "values": [v.value for v in values if v.allowed],
        },
    )
    return Proposed(check, reasons, values)

"""User documentation of check types, generated from the registry (docstrings and examples)."""

from __future__ import annotations

import inspect

from crmhealth.checks import REGISTRY, CheckSpec

COMMON_PARAMETERS = """\
Every check also takes: id (default: type-table-columns), table, warn and fail (minimum pass
rates in [0, 1]; default warn 1.0, no fail), dimension (accuracy, completeness, freshness, usage,
feedback), weight (in the score, default 1), by (a column to break results down by) and
description."""


def check_doc(cls: type[CheckSpec]) -> str:
    """A check type's documentation: its docstring, default dimension and YAML example."""
    doc = inspect.cleandoc(cls.__doc__ or "")
    example = "\n".join("    " + line for line in cls.example.rstrip().splitlines())
    return (
        f"{cls.type_name}  (dimension: {cls.default_dimension})\n\n{doc}\n\nExample:\n{example}\n"
    )


def all_docs() -> str:
    """Documentation of every registered check type, in registry order."""
    parts = [check_doc(cls) for cls in REGISTRY.values()]
    return "\n".join(parts) + "\n" + COMMON_PARAMETERS + "\n"

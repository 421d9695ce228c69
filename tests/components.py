"""Real components the tests use (Chromium, PostgreSQL, MariaDB, Java).

A test that needs one skips on a developer's machine that lacks it and fails under ``CI=true``,
where ``scripts/setup-test-env.sh`` installs them."""

from __future__ import annotations

import os

import pytest


def under_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def require(component: str, available: bool, detail: str = "") -> None:
    """Skip (or, under CI=true, fail) the calling test when `component` is not available."""
    if available:
        return
    why = f": {detail}" if detail else ""
    message = f"{component} is not available{why}; run scripts/setup-test-env.sh"
    if under_ci():
        pytest.fail(message, pytrace=False)
    pytest.skip(message)

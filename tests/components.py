"""Real components the tests use (Chromium, PostgreSQL, MariaDB, Java): skip on a developer's
machine that lacks one, fail under ``CI=true``, where ``scripts/setup-test-env.sh`` installs them."""

from __future__ import annotations

import os

import pytest


def under_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def require(component: str, available: bool, detail: str = "") -> None:
    """Skip (or, under CI=true, fail) the calling test when `component` is not available."""
    if available:
        return
    message = f"{component} is not available{': ' + detail if detail else ''}; run scripts/setup-test-env.sh"
    if under_ci():
        pytest.fail(message, pytrace=False)
    pytest.skip(message)

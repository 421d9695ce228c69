"""YAML values and comments written from CRM data stay on one line and read back as written."""

from __future__ import annotations

import pytest
import yaml

from crmhealth.init.writer import comment, scalar


@pytest.mark.parametrize(
    "value",
    [
        "plain",
        "a # b",
        "x: y",
        "- dash",
        "'quoted'",
        '"double"',
        "line\nbreak",
        "tab\there",
        "sep\u2028arator",
        "nel\x85",
        "del\x7f",
        "null",
        "true",
        "123",
        "2026-11-01",
        " padded ",
        "客户",
        "",
        ["a", "b # c", "d\ne"],
        {"k: 1": "v\nw", "名": "name"},
    ],
)
def test_scalar_round_trips_on_one_line(value: object) -> None:
    written = scalar(value)
    assert "\n" not in written and "\u2028" not in written and "\x85" not in written
    assert yaml.safe_load(f"key: {written}  # comment\n") == {"key": value}


def test_comments_hold_no_line_breaks() -> None:
    assert comment("a\nb\u2028c\u200bd") == "a\\u000ab\\u2028c\\u200bd"

"""The fuzzy check's parameters are refused when the rules load, before any data is read:
an unknown `region:` is one line naming the rules file position, never a traceback later."""

from __future__ import annotations

from pathlib import Path

import pytest

from crmhealth.errors import UserError
from crmhealth.rules import load_rules

RULES = """\
version: 1
sources:
  contacts: missing.csv
checks:
  - type: duplicates
    table: contacts
    match: {match}
    {keys}
    region: {region}
"""
FUZZY = "fields: {name: name, phone: phone}"


def _load(tmp_path: Path, region: str, match: str = "fuzzy", keys: str = FUZZY) -> object:
    path = tmp_path / "rules.yaml"
    path.write_text(RULES.format(match=match, keys=keys, region=region), encoding="utf-8")
    return load_rules(path)


def test_unknown_region_is_refused_at_load(tmp_path: Path) -> None:
    with pytest.raises(UserError) as raised:
        _load(tmp_path, "XX")
    assert "'XX' is not a phone region libphonenumber knows" in raised.value.message
    assert raised.value.where is not None and raised.value.where.startswith(
        str(tmp_path / "rules.yaml")
    )


def test_known_region_is_upper_cased(tmp_path: Path) -> None:
    rules = _load(tmp_path, "hk")
    (check,) = rules.checks  # type: ignore[attr-defined]
    assert check.region == "HK"


def test_region_on_an_exact_check_is_refused(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="`region:` is for `match: fuzzy`"):
        _load(tmp_path, "CN", match="exact", keys="keys: [phone]")

"""Every comment init writes exists in English and Chinese with the same placeholders."""

from __future__ import annotations

import string

import pytest

from crmhealth.init.knowledge import knowledge
from crmhealth.init.messages import MESSAGES, ROLES


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_both_languages_same_placeholders(key: str) -> None:
    assert set(MESSAGES[key]) == {"en", "zh"}
    assert _fields(MESSAGES[key]["en"]) == _fields(MESSAGES[key]["zh"])


def test_every_role_has_a_label() -> None:
    assert {role.name for role in knowledge().roles} == set(ROLES)
    assert all(set(labels) == {"en", "zh"} for labels in ROLES.values())

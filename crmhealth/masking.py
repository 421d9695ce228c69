"""Masking of personal data (emails, phones) in shared reports."""

from __future__ import annotations

import re

_PHONE_LIKE = re.compile(r"^[\d\s+\-().\u3000/]+$")
_DATE_LIKE = re.compile(r"^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?:[ T][\d:.]+)?$")


def mask_email(value: str) -> str:
    """``lina.li@qq.com`` → ``li***@qq.com``: two characters of the local part stay."""
    local, _, domain = value.rpartition("@")
    keep = local[:2] if len(local) > 2 else local[:1]
    return f"{keep}***@{domain}"


def mask_phone(value: str) -> str:
    """``13912345678`` → ``139****5678``; formatting stays, digits between the first three and
    the last four become ``*``."""
    digits = sum(ch.isdigit() for ch in value)
    seen = 0
    out = []
    for ch in value:
        if ch.isdigit():
            seen += 1
            out.append(ch if seen <= 3 or seen > digits - 4 else "*")
        else:
            out.append(ch)
    return "".join(out)


def mask_value(value: str | None) -> str | None:
    """Mask a value if it looks like an email address or a phone number; others pass unchanged."""
    if value is None:
        return None
    text = value.strip()
    if "@" in text and not text.startswith("@"):
        return mask_email(text)
    if (
        _PHONE_LIKE.match(text)
        and not _DATE_LIKE.match(text)
        and sum(ch.isdigit() for ch in text) >= 7
    ):
        return mask_phone(text)
    return value

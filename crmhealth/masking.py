"""Masking of personal data (emails, phones) in shared reports."""

from __future__ import annotations

import re
from collections.abc import Callable

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


Masker = Callable[[str | None], str | None]


def mask_phone_value(value: str | None) -> str | None:
    """A value of a phone column, masked whatever its shape (``手机1391234567`` too)."""
    return None if value is None else mask_phone(value)


def mask_email_value(value: str | None) -> str | None:
    """A value of an email column, masked whatever its shape."""
    if value is None:
        return None
    text = value.strip()
    return mask_email(text) if "@" in text else (text[:2] + "***" if text else value)


def mask_emails_only(value: str | None) -> str | None:
    """Mask email addresses only: for columns of amounts, dates or codes, whose digits are not
    phone numbers."""
    if value is not None and "@" in value and not value.strip().startswith("@"):
        return mask_email(value.strip())
    return value


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

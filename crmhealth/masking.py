"""Masking of personal data (emails, phones) in shared reports."""

from __future__ import annotations

import re
from collections.abc import Callable

_DATE_LIKE = re.compile(r"^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?:[ T][\d:.]+)?$")


def mask_email(value: str) -> str:
    """``lina.li@qq.com`` → ``li***@qq.com``: two characters of the local part stay."""
    local, _, domain = value.rpartition("@")
    keep = local[:2] if len(local) > 2 else local[:1]
    return f"{keep}***@{domain}"


_COUNTRY_CODE = re.compile(r"^\s*(?:\+|00)\d{1,3}[\s\-.)]+")


def mask_phone(value: str) -> str:
    """``13912345678`` → ``139****5678``; formatting stays, digits between the first three and
    the last four become ``*``."""
    prefix = _COUNTRY_CODE.match(value)
    if prefix and sum(ch.isdigit() for ch in value[prefix.end() :]) >= 7:
        # +86 139 1234 5678 → +86 139 **** 5678: the country code is not one of the three.
        return value[: prefix.end()] + mask_phone(value[prefix.end() :])
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


_EMAIL = re.compile(r"[^\s@<>(),;:\"'\[\]]+@[^\s@<>(),;:\"'\[\]]+")


def mask_emails_only(value: str | None) -> str | None:
    """Mask the email addresses in a value, nothing else: for ids, amounts, dates and codes,
    whose digits are not phone numbers."""
    if value is None or "@" not in value:
        return value
    return _EMAIL.sub(lambda match: mask_email(match.group(0)), value)


# A phone number inside other text: 7+ digits, optionally with +, spaces, dashes, dots, brackets.
_PHONE_RUN = re.compile(r"\+?\d[\d\s\-().\u3000/]{5,}\d")


def _mask_phone_runs(text: str) -> str:
    def mask(match: re.Match[str]) -> str:
        run = match.group(0)
        if sum(ch.isdigit() for ch in run) < 7 or _DATE_LIKE.match(run.strip()):
            return run
        return mask_phone(run)

    return _PHONE_RUN.sub(mask, text)


def mask_value(value: str | None) -> str | None:
    """Mask what looks like personal data in a value of any column: an email address, or a
    phone number, alone or inside other text (``手机13912345678`` → ``手机139****5678``). Dates
    are left alone."""
    if value is None:
        return None
    if _DATE_LIKE.match(value.strip()):
        return value
    return _mask_phone_runs(mask_emails_only(value) or "")

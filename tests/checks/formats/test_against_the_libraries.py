"""The vectorised phone and email validators give exactly the libraries' verdicts.

The fast paths replay libphonenumber's parse steps and email-validator's syntax rules as
whole-column regexes; these tests compare them, value by value, with the libraries themselves on
generated values in many shapes and regions (seeded, so a failure is reproducible).
"""

from __future__ import annotations

import random
import string

import phonenumbers
import polars as pl
import pytest
from email_validator import EmailNotValidError, validate_email

from crmhealth.checks.formats.email import valid_emails
from crmhealth.checks.formats.phone import valid_phones

COUNTRY_CODES = [
    "86",
    "1",
    "44",
    "49",
    "61",
    "81",
    "852",
    "886",
    "7",
    "33",
    "39",
    "91",
    "55",
    "800",
    "999",
    "2",
    "54",
    "52",
    "65",
]
KNOWN = [
    "+86 139 1234 5678",
    "139-1234-5678",
    "13912345678",
    "1391234567",
    "010-62345678",
    "(010) 6234 5678",
    "0086 13912345678",
    "8613912345678",
    "(86) 13912345678",
    "021 5123 4567",
    "+1 (415) 555-0134",
    "415.555.0134",
    "139 1234 5678 ext 12",
    "１３９１２３４５６７８",
    "12345",
    "+44 20 7946 0958",
    "020 7946 0958",
    "+44 (0)20 7946 0958",
    "+49 30 123456",
    "030 1234567",
    "17951 13912345678",
    "+39 06 1234 5678",
    "+86 010 6234 5678",
    "+",
    "+0 123",
    "0",
    "400-800-8888",
    "95588",
]


def _phones() -> list[str]:
    rng = random.Random(20261101)
    values = set(KNOWN)
    for _ in range(1500):
        digits = "".join(rng.choice(string.digits) for _ in range(rng.randint(5, 14)))
        values.update({digits, "0" + digits})
        values.add("+" + rng.choice(COUNTRY_CODES) + rng.choice(["", " ", "-"]) + digits[:11])
        values.add(
            rng.choice(["13", "15", "18", "19", "17"])
            + "".join(rng.choice(string.digits) for _ in range(9))
        )
        values.add(
            rng.choice(["010", "021", "0755", "0512"])
            + "-"
            + "".join(rng.choice(string.digits) for _ in range(rng.choice([7, 8])))
        )
    return sorted(values)


def _library_phone(value: str, region: str) -> bool:
    try:
        return bool(phonenumbers.is_valid_number(phonenumbers.parse(value, region)))
    except phonenumbers.NumberParseException:
        return False


@pytest.mark.parametrize("region", ["CN", "US", "GB", "HK", "DE", "JP", "AR", "IT"])
def test_phone_verdicts_equal_libphonenumber(region: str) -> None:
    values = _phones()
    got = valid_phones(pl.Series("phone", values), region).to_list()
    wrong = [(v, g) for v, g in zip(values, got, strict=True) if g != _library_phone(v, region)]
    assert wrong == []


def _emails() -> list[str]:
    rng = random.Random(7)
    locals_ = [
        "li.na",
        "wang",
        "john.smith",
        "a",
        "x_y",
        "a..b",
        ".a",
        "a.",
        "o'neil",
        "张三",
        "user+tag",
        "a b",
        "very" * 20,
    ]
    domains = [
        "qq.com",
        "163.com",
        "example.com",
        "acme.co.uk",
        "localhost",
        "x.test",
        "b",
        "a.b1",
        "xn--abc.com",
        "ab--c.com",
        "-a.com",
        "a-.com",
        "例子.中国",
        "a.c",
        "gmail.com.",
        "sub.domain.org",
        "[1.2.3.4]",
        "a.invalid",
        "ACME.COM",
    ]
    values = {f"{local}@{domain}" for local in locals_ for domain in domains}
    alphabet = string.ascii_letters + "@.-_ +\"'"
    for _ in range(2000):
        values.add("".join(rng.choice(alphabet) for _ in range(rng.randint(1, 15))).strip())
    return sorted(v for v in values if v)


def _library_email(value: str) -> bool:
    try:
        validate_email(value, check_deliverability=False)
    except EmailNotValidError:
        return False
    return True


def test_email_verdicts_equal_email_validator() -> None:
    values = _emails()
    got = valid_emails(pl.Series("email", values)).to_list()
    wrong = [(v, g) for v, g in zip(values, got, strict=True) if g != _library_email(v)]
    assert wrong == []

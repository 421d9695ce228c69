"""Email addresses valid in syntax, as email-validator judges them without a DNS lookup.

Plain ASCII addresses of the ordinary shape (dot-atom local part, hostname labels, a letter-ending
top-level domain, within the length limits, not a special-use domain) are accepted by a
whole-column regex, and values that cannot be valid for sure (no ``@``; ASCII with whitespace, two
``@`` signs, no dot after the ``@`` or not ending in a letter) are rejected by one. Everything else
(internationalised addresses, punycode labels, odd corners) is judged by email-validator itself,
once per distinct value. The tests compare both paths on generated addresses.
"""

from __future__ import annotations

import re

import polars as pl

from crmhealth.checks.formats.fallback import judge_distinct

_ATEXT = r"[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~]"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_TLD = r"[A-Za-z](?:[A-Za-z0-9-]{0,61}[A-Za-z])?"
_PLAIN = rf"^{_ATEXT}+(?:\.{_ATEXT}+)*@(?:{_LABEL}\.)+{_TLD}$"


def _special_use_domains() -> list[str]:
    import email_validator

    return list(email_validator.SPECIAL_USE_DOMAIN_NAMES)


def _judge(value: str) -> bool:
    from email_validator import EmailNotValidError, validate_email

    try:
        validate_email(value, check_deliverability=False)
    except EmailNotValidError:
        return False
    return True


def valid_emails(values: pl.Series) -> pl.Series:
    """Whether each trimmed, non-missing value is a syntactically valid email address."""
    v, domain, local = pl.col("v"), pl.col("domain"), pl.col("local")
    parts = pl.DataFrame({"v": values}).with_columns(
        v.str.extract(r"@([^@]*)$").str.to_lowercase().alias("domain"),
        v.str.extract(r"^(.*)@").alias("local"),
    )
    names = "|".join(re.escape(name) for name in _special_use_domains())
    special = domain.str.contains(rf"(?:^|\.)(?:{names})$")
    no_quotes = ~v.str.contains('"', literal=True)
    accepted = (
        v.str.contains(_PLAIN)
        & (v.str.len_bytes() <= 254)
        & (local.str.len_bytes() <= 64)
        & ~domain.str.contains(r"(?:^|\.)[a-z0-9]{2}--")  # punycode and reserved labels
        & ~special
    ).fill_null(False)
    rejected = (
        ~v.str.contains("@", literal=True)
        | (
            v.str.contains(r"^[\x00-\x7F]*$")
            & (
                v.str.contains(r"\s")
                | (v.str.count_matches("@", literal=True) > 1) & no_quotes
                | v.str.starts_with("@")
                | v.str.ends_with("@")
                | ~domain.str.contains(".", literal=True)
                | ~v.str.contains(r"[A-Za-z]$")
                | v.str.contains("..", literal=True) & no_quotes
            )
        )
    ).fill_null(False)
    judged = parts.select(accepted.alias("accepted"), (~accepted & ~rejected).alias("undecided"))
    return judge_distinct(
        values, judged.get_column("undecided"), _judge, judged.get_column("accepted")
    ).alias(values.name)

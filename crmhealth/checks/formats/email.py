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
    v = pl.col("v")
    names = "|".join(re.escape(name) for name in _special_use_domains())
    accepted = (
        pl.DataFrame({"v": values})
        .select(
            (
                v.str.contains(_PLAIN)
                & (v.str.len_bytes() <= 254)
                & ~v.str.contains(r"^[^@]{65}")  # local part over 64 octets
                & ~v.str.contains(r"[@.][A-Za-z0-9]{2}--")  # punycode and reserved labels
                & ~v.str.contains(rf"(?i)[@.](?:{names})$")  # special-use domains
            ).fill_null(False)
        )
        .to_series()
    )
    rest = (~accepted).arg_true()
    if rest.len() == 0:
        return accepted.alias(values.name)
    # Only the values not accepted pay for the certain-reject tests.
    others = values.gather(rest).to_frame("v")
    domain = v.str.extract(r"@([^@]*)$")
    no_quotes = ~v.str.contains('"', literal=True)
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
    undecided_rest = others.select(~rejected).to_series()
    undecided = pl.repeat(False, values.len(), eager=True, dtype=pl.Boolean)
    undecided = undecided.scatter(rest, undecided_rest)
    return judge_distinct(values, undecided, _judge, accepted).alias(values.name)

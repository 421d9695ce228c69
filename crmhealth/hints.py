"""Plain words before a library's: what a Polars message usually means for a rules file.

Messages that carry Polars' own text (an invalid regular expression, a SQL condition Polars
cannot parse) get a hint in front of it, and the library's words after, in brackets::

    pattern: invalid regular expression: a ( is never closed; write a literal bracket as \\(
    (Polars: regex parse error: (abc ^ error: unclosed group)

The CLI applies :func:`with_plain_hint` to every error line it prints, so the hint appears
wherever such a message is built; an ``error`` result's message can be passed through it the
same way. (PyYAML's words get their hints in ``yamlmarks``.)
"""

from __future__ import annotations

import re

# What crmhealth writes right before quoting a Polars message.
_INTROS = (
    "invalid regular expression: ",
    "not a SQL expression Polars understands: ",
    "cannot evaluate: ",
    "could not run on this data: ",
    "could not evaluate the condition: ",
)

_TEXT_IN_QUOTES = "text values go in single quotes, e.g. stage = 'Closed Won'"

# (what Polars says, what it usually means); the first that matches wins.
_HINTS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), hint)
    for pattern, hint in (
        (
            r"look-around",
            "the pattern uses look-ahead or look-behind ((?=, (?!, (?<=, (?<!), "
            "which Polars does not support; rewrite it without",
        ),
        (r"unclosed group", r"a ( in the pattern is never closed; write a literal bracket as \("),
        (
            r"unclosed character class",
            r"a [ in the pattern is never closed; write a literal bracket as \[",
        ),
        (
            r"repetition operator missing expression",
            r"a *, + or ? in the pattern follows nothing; write a literal one as \*, \+ or \?",
        ),
        (
            r"regex parse error|regex error",
            "check the pattern's brackets, repetitions and backslashes",
        ),
        (
            r"unterminated string literal",
            "a quote in the condition is never closed; " + _TEXT_IN_QUOTES,
        ),
        (
            r"unexpected token|unable to parse|sql parser error|expected:",
            "the condition is not complete SQL: check its operators and brackets, write "
            'column names with spaces in double quotes ("Stage Name"), and ' + _TEXT_IN_QUOTES,
        ),
        (
            r"unsupported function",
            "Polars SQL has no such function; `crmhealth checks "
            "expression` lists what it understands",
        ),
        (r"like/ilike pattern", "LIKE takes a pattern in single quotes, e.g. name LIKE '%Ltd'"),
        (
            r"cannot compare string with numeric|cannot compare.*(str|string)",
            "a text value is compared with a number; compare numbers with numbers (amount > 0) "
            "and text with quoted text (stage = 'Won')",
        ),
        (
            r"casting from (str|string|utf8) to (date|datetime)",
            "Polars cannot CAST text to a date; compare the text itself (close_date >= "
            "'2026-01-01' works for dates written YYYY-MM-DD)",
        ),
        (
            r"conversion from .* failed|could not parse|invalid cast|casting",
            "some values do not have the type the condition needs",
        ),
    )
)


def polars_hint(library_text: str) -> str | None:
    """A plain explanation of a Polars message, or None when there is none to give."""
    for pattern, hint in _HINTS:
        if pattern.search(library_text):
            return hint
    return None


def _library_words(text: str) -> str:
    # Polars appends the internal expression it ran (col("").str.contains([...])): noise here.
    text = re.split(r"\s*This error occurred", text, maxsplit=1)[0]
    return " ".join(text.split())


def with_plain_hint(message: str) -> str:
    """`message` with a plain hint before the Polars words it quotes (unchanged otherwise)."""
    for intro in _INTROS:
        before, found, library = message.partition(intro)
        if not found:
            continue
        hint = polars_hint(library)
        if hint is None or library.startswith(hint):
            return message
        return f"{before}{intro}{hint} (Polars: {_library_words(library)})"
    return message

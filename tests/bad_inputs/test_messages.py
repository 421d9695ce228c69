"""Plain words before a library's: every PyYAML mistake a rules file commonly holds gets a hint
naming the line and what is usually wrong there, then PyYAML's own words; Polars messages
quoted in an error line get one too."""

from __future__ import annotations

from pathlib import Path

import pytest

from crmhealth.errors import UserError
from crmhealth.hints import polars_hint, with_plain_hint
from crmhealth.yamlmarks import load_marked_yaml

YAML_CASES = [
    (
        "version: 1\nchecks:\n  - type: completeness\n    table: contacts\n   column: email\n",
        "5:4: invalid YAML: check the indentation of line 5: keys of one mapping must line up "
        "(PyYAML: expected <block end>, but found '<block mapping start>')",
    ),
    (
        "version: 1\nsources:\n  contacts: a.csv\n  - b\n",
        "4:3: invalid YAML: check the indentation of line 4: a '- ' list item must sit under a "
        "key (PyYAML: expected <block end>, but found '-')",
    ),
    (
        "version: 1\nwhere: stage: won\n",
        "2:13: invalid YAML: check the indentation of line 2, or put a value that contains ': ' "
        "in quotes (PyYAML: mapping values are not allowed here)",
    ),
    (
        "version: 1\nsources:\n\tcontacts: a.csv\n",
        "3:1: invalid YAML: line 3 has a tab; indent with spaces "
        "(PyYAML: found character '\\t' that cannot start any token)",
    ),
    (
        'version: 1\npattern: "\\d+"\n',
        "2:10: invalid YAML: inside double quotes a backslash starts an escape (line 2); write a "
        "regular expression in single quotes, e.g. '\\d+' "
        "(PyYAML: found unknown escape character 'd')",
    ),
    (
        'version: 1\ntable: "contacts\ncolumn: x\n',
        "2:8: invalid YAML: the quote opened on line 2 is never closed "
        "(PyYAML: found unexpected end of stream)",
    ),
    (
        "version: 1\ncolumns: [a, b\nx: 1\n",
        "3:2: invalid YAML: the [ opened on line 2 is not closed with ] "
        "(PyYAML: expected ',' or ']', but got ':')",
    ),
    (
        "version: 1\nc: {a: 1, b\n",
        "3:1: invalid YAML: the { opened on line 2 is not closed with } "
        "(PyYAML: expected ',' or '}', but got '<stream end>')",
    ),
    (
        "version: 1\nc: *nope\n",
        "2:4: invalid YAML: an alias (*name) on line 2 refers to no anchor (&name) defined "
        "before it (PyYAML: found undefined alias 'nope')",
    ),
    (
        "version: 1\nsources\n  contacts: a.csv\n",
        "3:11: invalid YAML: a key on line 2 needs ': ' after it "
        "(PyYAML: could not find expected ':')",
    ),
    (
        "version: 1\ncondition: @x\n",
        "2:12: invalid YAML: a value on line 2 starts with a character YAML reserves; put it in "
        "quotes (PyYAML: found character '@' that cannot start any token)",
    ),
    (
        "version: 1\n---\nversion: 2\n",
        "2:1: invalid YAML: the file holds a second YAML document ('---' on line 2); keep one "
        "(PyYAML: but found another document)",
    ),
    (
        "a: 'x' y\n",
        "1:8: invalid YAML: line 1 has text after a quoted value; put the whole value in quotes "
        "(PyYAML: expected <block end>, but found '<scalar>')",
    ),
    (
        "version: 1\n%x: 1\n",
        "2:3: invalid YAML: a value starting with '%' must be put in quotes (line 2) "
        "(PyYAML: expected alphabetic or numeric character, but found ':')",
    ),
]


@pytest.mark.parametrize(("text", "expected"), YAML_CASES)
def test_yaml_mistakes_get_a_plain_hint_first(tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(UserError) as raised:
        load_marked_yaml(path)
    assert str(raised.value) == f"{path}:{expected}"


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        (
            "pattern: invalid regular expression: regex error: regex parse error: (?=x)a ^^^ "
            "error: look-around, including look-ahead and look-behind, is not supported This "
            'error occurred in the following expression: col("").str.contains(["(?=x)a"])',
            "pattern: invalid regular expression: the pattern uses look-ahead or look-behind "
            "((?=, (?!, (?<=, (?<!), which Polars does not support; rewrite it without (Polars: "
            "regex error: regex parse error: (?=x)a ^^^ error: look-around, including look-ahead "
            "and look-behind, is not supported)",
        ),
        (
            "condition: not a SQL expression Polars understands: unable to parse 'a >' as Expr",
            "condition: not a SQL expression Polars understands: the condition is not complete "
            "SQL: check its operators and brackets, write column names with spaces in double "
            'quotes ("Stage Name"), and text values go in single quotes, e.g. stage = '
            "'Closed Won' (Polars: unable to parse 'a >' as Expr)",
        ),
        (
            "condition: cannot evaluate: cannot compare string with numeric type (f64)",
            "condition: cannot evaluate: a text value is compared with a number; compare numbers "
            "with numbers (amount > 0) and text with quoted text (stage = 'Won') (Polars: cannot "
            "compare string with numeric type (f64))",
        ),
        (
            "could not evaluate the condition: casting from string to date is not supported.",
            "could not evaluate the condition: Polars cannot CAST text to a date; compare the "
            "text itself (close_date >= '2026-01-01' works for dates written YYYY-MM-DD) "
            "(Polars: casting from string to date is not supported.)",
        ),
    ],
)
def test_polars_words_get_a_plain_hint_first(message: str, expected: str) -> None:
    assert with_plain_hint(message) == expected


@pytest.mark.parametrize(
    "message",
    [
        "table 'contacts' has no column 'emial' (did you mean 'email'?)",
        "invalid regular expression: something no hint is known for",
    ],
)
def test_other_messages_are_left_as_they_are(message: str) -> None:
    assert with_plain_hint(message) == message


def test_every_hint_is_reachable() -> None:
    samples = [
        "look-around is not supported",
        "unclosed group",
        "unclosed character class",
        "repetition operator missing expression",
        "regex parse error: x",
        "Unterminated string literal at Line: 1",
        "sql parser error: Expected: an expression",
        "unsupported function 'foo'",
        "LIKE/ILIKE pattern must be a string literal",
        "cannot compare string with numeric type (f64)",
        "casting from string to date is not supported",
        "conversion from `str` to `date` failed",
    ]
    hints = [polars_hint(s) for s in samples]
    assert None not in hints
    assert len(set(hints)) == len(hints)

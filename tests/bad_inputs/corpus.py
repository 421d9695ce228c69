"""The bad-input corpus: broken and hostile inputs a real user produces, one case each.

Every case is data: the files of a folder (a rules file and its sources), the extra command-line
arguments, and what must happen: the exit code and a key word (a regular expression) of the one
error line (exit 2) or of the JSON report (exit 0/1). ``test_corpus.py`` runs each through
``crmhealth audit`` and ``crmhealth validate`` and also asserts: no traceback, and every input
file byte-for-byte unchanged, with no file added beside the inputs.

``origin`` says where a case comes from: an item of issue 20, or an earlier hardening fix
(commit 3433fea, tests/test_cli.py, tests/test_rules.py, tests/sources/). ``owner`` names who
owns the fix while it is not merged: such a case is a strict xfail in both tests, so the merge
that fixes it fails until it deletes the case's ``owner=``; and once deleted, a fix that only
the audit got (validate still saying OK) fails the agreement test.
"""

from __future__ import annotations

import os
import sqlite3
import textwrap
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from crmhealth.errors import ExitCode

OK, FAILED, BAD = ExitCode.OK, ExitCode.CHECKS_FAILED, ExitCode.USAGE_ERROR

CONTACTS_CSV = "id,name,email\n1,Li Na,lina@qq.com\n2,王伟,wang.wei@163.com\n3,张三,\n"


@dataclass(frozen=True)
class Figure:
    """Expected figures of one result in the JSON report."""

    check: str
    failed: int
    total: int
    status: str | None = None


@dataclass(frozen=True)
class Case:
    name: str
    origin: str
    exit: ExitCode
    key: str  # a regex found in the error line (exit 2) or the JSON report (exit 0/1)
    files: Mapping[str, bytes | str] = field(default_factory=dict)
    args: tuple[str, ...] = ()  # given to audit and validate (--as-of)
    audit_args: tuple[str, ...] = ()  # audit only (--output, --export, --format)
    figures: tuple[Figure, ...] = ()
    forbidden: tuple[str, ...] = ()  # never on stderr or stdout (escape codes)
    setup: Callable[[Path], None] | None = None  # extra inputs (FIFO, folder, SQLite)
    owner: str | None = None  # whose unmerged fix this case waits for (HELPERS.md owners)

    @property
    def pending(self) -> bool:
        return self.owner is not None


def rules(sources: str, checks: str, top: str = "as_of: 2026-11-01\n") -> str:
    """A rules file: `sources` and `checks` are YAML blocks written without indentation."""
    return (
        f"version: 1\n{top}sources:\n{textwrap.indent(textwrap.dedent(sources), '  ')}"
        f"checks:\n{textwrap.indent(textwrap.dedent(checks), '  ')}"
    )


COMPLETENESS = "- {type: completeness, table: contacts, column: email}\n"
CONTACTS_RULES = rules("contacts: contacts.csv\n", COMPLETENESS)


def with_contacts(rules_text: str = CONTACTS_RULES, csv: str | bytes = CONTACTS_CSV) -> dict:
    return {"rules.yaml": rules_text, "contacts.csv": csv}


# --- inputs built by code -----------------------------------------------------------------


def _fifo(folder: Path) -> None:
    os.mkfifo(folder / "contacts.csv")


def _folder(folder: Path) -> None:
    (folder / "contacts.csv").mkdir()
    (folder / "contacts.csv" / "part1.csv").write_text(CONTACTS_CSV, encoding="utf-8")


def _workbook(folder: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["id", "email"])
    book.active.append([1, "a@b.cn"])
    book.active.append([2, None])
    book.save(folder / "crm.xlsx")


def _report_folder(folder: Path) -> None:
    (folder / "report.json").mkdir()


def _sqlite(folder: Path, wal: bool = False) -> None:
    with sqlite3.connect(folder / "crm.sqlite") as conn:
        if wal:
            conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("CREATE TABLE contacts (id TEXT, email TEXT)")
        conn.executemany("INSERT INTO contacts VALUES (?, ?)", [("1", "a@b.cn"), ("2", None)])
    conn.close()


def _sqlite_wal(folder: Path) -> None:
    _sqlite(folder, wal=True)


def _long_utf8_with_a_bad_byte_late() -> bytes:
    """1.2 MiB of good UTF-8 Chinese rows, then one row cut in the middle of a character."""
    row = "{0},客户{0},王伟{0}@163.com\n"
    body = "".join(row.format(i) for i in range(1, 40_000)).encode("utf-8")
    assert len(body) > 1_100_000
    return b"id,name,email\n" + body + "99999,张".encode() + b"\xe4\xb8,x@y.cn\n"


# --- the corpus -----------------------------------------------------------------------------

ISSUE_20 = [
    # Silent wrong figures.
    Case(
        "utf8-with-one-invalid-byte",
        "issue 20: mojibake",
        BAD,
        r"(?i)encoding|utf-8|byte",
        # 张 with a stray 0xFF inside: UTF-8 but for one byte.
        with_contacts(csv="id,name,email\n1,王伟,a@b.cn\n2,张".encode() + b"\xff,c@d.cn\n"),
    ),
    Case(
        "utf8-truncated-after-the-first-mib",
        "issue 20: mojibake after the first MiB",
        BAD,
        r"(?i)encoding|utf-8|byte",
        with_contacts(csv=_long_utf8_with_a_bad_byte_late()),
    ),
    Case(
        "invalid-bytes-replaced-on-request",
        "issue 20: mojibake, `errors: replace` as the explicit way on",
        OK,
        r'"completeness-contacts-email"',
        with_contacts(
            rules(
                "contacts: {path: contacts.csv, encoding: utf-8, errors: replace}\n", COMPLETENESS
            ),
            b"id,name,email\n1,\xe5\xbc\xa0\xff,a@b.cn\n",
        ),
    ),
    Case(
        "duplicate-header-names",
        "issue 20: duplicate headers",
        BAD,
        r"(?is)(header|column).*email|email.*(header|column)",
        with_contacts(csv="id,email,email\n1,a@b.cn,c@d.cn\n"),
    ),
    Case(
        "row-with-fewer-fields",
        "issue 20: ragged rows (fewer fields are refused like more fields)",
        BAD,
        r"line 3",
        with_contacts(csv="id,name,email\n1,Li Na,a@b.cn\n2,王伟\n"),
    ),
    Case(
        "ragged-rows-padded-on-request",
        "issue 20: `ragged: pad` pads short rows",
        OK,
        r'"completeness-contacts-email"',
        with_contacts(
            rules("contacts: {path: contacts.csv, ragged: pad}\n", COMPLETENESS),
            "id,name,email\n1,Li Na,a@b.cn\n2,王伟\n",
        ),
        figures=(Figure("completeness-contacts-email", 1, 2),),
    ),
    Case(
        "invisible-values-are-missing",
        "issue 20: zero-width, NBSP and ideographic-space cells count as missing",
        FAILED,
        r'"completeness-contacts-email"',
        with_contacts(
            rules(
                "contacts: contacts.csv\n",
                "- {type: completeness, table: contacts, column: email, fail: 0.5}\n",
            ),
            'id,email\n1,a@b.cn\n2,"\u200b"\n3,"\u00a0"\n4,"\u3000"\n5,"\u200b\u3000 "\n',
        ),
        figures=(Figure("completeness-contacts-email", 4, 5, "fail"),),
    ),
    Case(
        "direction-marks-only-are-missing",
        "issue 20 (found while hardening): cells of only LRM/RLM/LRI marks are as invisible as a "
        "zero-width space",
        FAILED,
        r'"completeness-contacts-email"',
        with_contacts(
            rules(
                "contacts: contacts.csv\n",
                "- {type: completeness, table: contacts, column: email, fail: 0.5}\n",
            ),
            'id,email\n1,a@b.cn\n2,"\u200e"\n3,"\u200f\u200e"\n4,"\u2066\u2069"\n',
        ),
        figures=(Figure("completeness-contacts-email", 3, 4, "fail"),),
    ),
    Case(
        "empty-table-is-an-error",
        "issue 20: an empty import never passes",
        FAILED,
        r"no rows",
        with_contacts(csv="id,name,email\n"),
        figures=(Figure("completeness-contacts-email", 0, 0, "error"),),
    ),
    Case(
        "empty-table-allowed",
        "issue 20: `allow_empty: true` on the source",
        OK,
        r'"completeness-contacts-email"',
        with_contacts(
            rules("contacts: {path: contacts.csv, allow_empty: true}\n", COMPLETENESS),
            "id,name,email\n",
        ),
    ),
    Case(
        "expression-that-validates-but-cannot-run",
        "issue 20: CAST in a condition",
        BAD,
        r"(?i)cast|close_date",
        {
            "rules.yaml": rules(
                "deals: deals.csv\n",
                "- {type: expression, table: deals, condition: "
                "\"CAST(close_date AS DATE) > '2026-01-01'\"}\n",
            ),
            "deals.csv": "id,close_date\n1,2026-03-01\n2,03/04/2026\n",
        },
    ),
    Case(
        "text-column-compared-with-a-number",
        "issue 20: comparing a text column with a number validates, then cannot run",
        BAD,
        r"(?i)name",
        {
            "rules.yaml": rules(
                "contacts: contacts.csv\n",
                '- {type: expression, table: contacts, condition: "name > 5"}\n',
            ),
            "contacts.csv": CONTACTS_CSV,
        },
    ),
    Case(
        "condition-that-is-not-true-or-false",
        "issue 20: a condition that names a text column but tests nothing validates, then errors",
        BAD,
        r"(?i)true|false|boolean|condition",
        with_contacts(
            rules(
                "contacts: contacts.csv\n",
                '- {type: expression, table: contacts, condition: "email"}\n',
            )
        ),
    ),
    # Tracebacks.
    Case(
        "csv-that-is-only-a-bom",
        "issue 20: BOM-only file",
        BAD,
        r"(?i)header|empty",
        with_contacts(csv=b"\xef\xbb\xbf"),
    ),
    Case(
        "csv-that-is-a-bom-and-a-newline",
        "issue 20: BOM and a newline",
        BAD,
        r"(?i)header|empty",
        with_contacts(csv=b"\xef\xbb\xbf\n"),
    ),
    Case(
        "blank-lines-before-the-header",
        "issue 20: blank leading lines are skipped",
        OK,
        r'"completeness-contacts-email"',
        with_contacts(csv="\n\n" + CONTACTS_CSV),
        figures=(Figure("completeness-contacts-email", 1, 3),),
    ),
    Case(
        "fuzzy-duplicates-with-an-unknown-region",
        "issue 20: fuzzy region validated when the rules load",
        BAD,
        r"(?i)region",
        with_contacts(
            rules(
                "contacts: contacts.csv\n",
                "- {type: duplicates, table: contacts, match: fuzzy, region: XX,\n"
                "   fields: {name: name, email: email}}\n",
            )
        ),
    ),
    Case(
        "check-id-too-long",
        "issue 20: ids longer than a file name allows",
        BAD,
        r"rules\.yaml:6:6: check id 'a{40}…' is too long \(150 characters",
        with_contacts(
            rules(
                "contacts: contacts.csv\n",
                f"- {{id: {'a' * 150}, type: completeness, table: contacts, column: email}}\n",
            )
        ),
    ),
    Case(
        "chinese-check-id-too-long-in-bytes",
        "issue 20: a 70-character Chinese id is 210 bytes",
        BAD,
        r"too long \(70 characters, 210 bytes\)",
        with_contacts(
            rules(
                "contacts: contacts.csv\n",
                f"- {{id: {'联' * 70}, type: completeness, table: contacts, column: email}}\n",
            )
        ),
    ),
    Case(
        "generated-check-id-too-long",
        "issue 20: an id derived from a long column name",
        BAD,
        r"too long.*give it a shorter `id:`",
        with_contacts(
            rules(
                "contacts: contacts.csv\n",
                f"- {{type: completeness, table: contacts, column: {'e' * 120}}}\n",
            ),
            f"id,{'e' * 120}\n1,x\n",
        ),
    ),
    # Smaller things.
    Case(
        "source-is-a-folder",
        "issue 20: a directory as a source",
        BAD,
        r"(?i)folder|directory",
        {"rules.yaml": CONTACTS_RULES},
        setup=_folder,
    ),
    Case(
        "source-is-a-fifo",
        "issue 20: a FIFO as a source",
        BAD,
        r"(?i)fifo|pipe",
        {"rules.yaml": CONTACTS_RULES},
        setup=_fifo,
    ),
    Case(
        "as-of-more-than-a-year-ahead",
        "issue 20: as_of 2062 for 2026",
        BAD,
        r"rules\.yaml:2:1: as_of 2062-11-01 is more than a year after today",
        with_contacts(rules("contacts: contacts.csv\n", COMPLETENESS, "as_of: 2062-11-01\n")),
    ),
    Case(
        "as-of-before-1990",
        "issue 20: as_of 1926 for 2026",
        BAD,
        r"rules\.yaml:2:1: as_of 1926-11-01 is before 1990",
        with_contacts(rules("contacts: contacts.csv\n", COMPLETENESS, "as_of: 1926-11-01\n")),
    ),
    Case(
        "as-of-given-explicitly-is-trusted",
        "issue 20: --as-of on the command line replaces a doubtful as_of",
        OK,
        r'"as_of": "1985-06-30"',
        with_contacts(rules("contacts: contacts.csv\n", COMPLETENESS, "as_of: 2062-11-01\n")),
        args=("--as-of", "1985-06-30"),
        figures=(Figure("completeness-contacts-email", 1, 3),),
    ),
    Case(
        "yaml-indentation",
        "issue 20: PyYAML's words get a plain hint",
        BAD,
        r"rules\.yaml:7:4: invalid YAML: check the indentation of line 7.*\(PyYAML: expected "
        r"<block end>",
        with_contacts(
            "version: 1\nas_of: 2026-11-01\nsources:\n  contacts: contacts.csv\nchecks:\n"
            "  - type: completeness\n   table: contacts\n    column: email\n"
        ),
    ),
    Case(
        "yaml-backslash-in-double-quotes",
        "issue 20: a regex in double quotes",
        BAD,
        r"write a regular expression in single quotes.*\(PyYAML: found unknown escape",
        with_contacts(
            rules(
                "contacts: contacts.csv\n",
                "- {type: validity, table: contacts, column: email, format: regex, "
                'pattern: "^\\d+$"}\n',
            )
        ),
    ),
    Case(
        "yaml-tab",
        "issue 20: a tab in the indentation",
        BAD,
        r"line 4 has a tab; indent with spaces",
        with_contacts("version: 1\nas_of: 2026-11-01\nsources:\n\tcontacts: contacts.csv\n"),
    ),
    Case(
        "polars-regex-words",
        "issue 20: Polars' words get a plain hint",
        BAD,
        r"invalid regular expression: a \( in the pattern is never closed.*\(Polars: .*unclosed "
        r"group\)$",
        with_contacts(
            rules(
                "contacts: contacts.csv\n",
                "- {type: validity, table: contacts, column: email, format: regex, "
                "pattern: '(abc'}\n",
            )
        ),
    ),
    Case(
        "polars-sql-words",
        "issue 20: an unclosed quote in a condition",
        BAD,
        r"a quote in the condition is never closed.*\(Polars: .*Unterminated string literal",
        with_contacts(
            rules(
                "contacts: contacts.csv\n",
                '- {type: expression, table: contacts, condition: "name = \'Li Na"}\n',
            )
        ),
    ),
]

EARLIER = [
    # Commit 3433fea: inputs never overwritten, SQLite without side files, no escape codes or
    # tracebacks.
    Case(
        "output-over-an-input",
        "3433fea: --output may not replace an input",
        BAD,
        r"would overwrite an input",
        with_contacts(rules("contacts: {path: contacts.txt, kind: csv}\n", COMPLETENESS))
        | {"contacts.txt": CONTACTS_CSV},
        audit_args=("--output", "{in}/contacts.txt"),
    ),
    Case(
        "fix-list-over-an-input",
        "3433fea: a fix list may not replace an input (now: no export into a foreign folder)",
        BAD,
        r"--export would replace a folder that crmhealth did not write",
        with_contacts(
            rules(
                "contacts: contacts.csv\n",
                "- {id: contacts, type: completeness, table: contacts, column: email}\n",
            )
        ),
        audit_args=("--export", "{in}"),
    ),
    Case(
        "output-is-a-folder",
        "hardening: --output naming an existing folder",
        BAD,
        r"IN/report\.json: cannot write the report: Is a directory",
        with_contacts(),
        audit_args=("--output", "{in}/report.json"),
        setup=_report_folder,
    ),
    Case(
        "export-into-a-file",
        "tests/test_cli.py: --export names a file",
        BAD,
        r"--export needs a folder",
        with_contacts(),
        audit_args=("--export", "{in}/contacts.csv"),
    ),
    Case(
        "sqlite-is-read-without-side-files",
        "3433fea: SQLite opened immutable (no -shm/-wal left beside it)",
        OK,
        r'"completeness-contacts-email"',
        {"rules.yaml": rules("contacts: crm.sqlite\n", COMPLETENESS)},
        setup=_sqlite,
        figures=(Figure("completeness-contacts-email", 1, 2),),
    ),
    Case(
        "sqlite-in-wal-mode-is-read-from-a-copy",
        "3433fea: a WAL database is read from a scratch copy",
        OK,
        r'"completeness-contacts-email"',
        {"rules.yaml": rules("contacts: crm.sqlite\n", COMPLETENESS)},
        setup=_sqlite_wal,
        figures=(Figure("completeness-contacts-email", 1, 2),),
    ),
    Case(
        "gbk-csv-with-export",
        "tests/sources/test_inputs_read_only.py: a GBK export transcoded and exported",
        OK,
        r'"completeness-contacts-email"',
        with_contacts(csv=CONTACTS_CSV.encode("gbk")),
        audit_args=("--export", "{out}/fixes"),
        figures=(Figure("completeness-contacts-email", 1, 3),),
    ),
    Case(
        "xlsx-with-export",
        "tests/sources/test_inputs_read_only.py: a workbook read and exported",
        OK,
        r'"completeness-contacts-email"',
        {"rules.yaml": rules("contacts: crm.xlsx\n", COMPLETENESS)},
        audit_args=("--export", "{out}/fixes"),
        setup=_workbook,
        figures=(Figure("completeness-contacts-email", 1, 2),),
    ),
    Case(
        "corrupt-sqlite",
        "3433fea: a corrupt database is exit 2",
        BAD,
        r"(?i)sqlite",
        {
            "rules.yaml": rules("contacts: crm.sqlite\n", COMPLETENESS),
            "crm.sqlite": b"SQLite format 3\x00" + b"\x13" * 200,
        },
    ),
    Case(
        "damaged-history-file",
        "history (issue 16): a history named in the rules that is not a database",
        BAD,
        r"history\.sqlite: the history file is unreadable",
        with_contacts(
            rules(
                "contacts: contacts.csv\n",
                COMPLETENESS,
                "as_of: 2026-11-01\nhistory: history.sqlite\n",
            )
        )
        | {"history.sqlite": b"not a database\n"},
    ),
    Case(
        "history-file-is-an-input",
        "history (issue 16): the history may not be an input of the audit",
        BAD,
        r"the history file is also an input",
        with_contacts(
            rules(
                "contacts: contacts.csv\n",
                COMPLETENESS,
                "as_of: 2026-11-01\nhistory: contacts.csv\n",
            )
        ),
    ),
    Case(
        "escape-codes-in-a-header",
        "3433fea: control characters from the data are escaped in error lines",
        BAD,
        r"has no column 'emial'",
        with_contacts(
            rules(
                "contacts: contacts.csv\n",
                "- {type: completeness, table: contacts, column: emial}\n",
            ),
            "id,\x1b[2J\x1b[31mred,email\n1,x,a@b.cn\n",
        ),
        forbidden=("\x1b",),
    ),
    Case(
        "phones-in-samples-stay-masked",
        "3433fea: no PII leaks into shared reports (phones written with words too)",
        FAILED,
        r"139\*\*\*\*5678",
        {
            "rules.yaml": rules(
                "contacts: contacts.csv\n",
                "- {type: duplicates, table: contacts, keys: [phone], fail: 0.9}\n",
            ),
            "contacts.csv": "id,phone\n1,手机13912345678\n2,手机13912345678\n3,13800000000\n",
        },
        figures=(Figure("duplicates-contacts-phone", 1, 3, "fail"),),
        forbidden=("13912345678",),
    ),
    Case(
        "yaml-alias-bomb",
        "3433fea: an alias expansion bomb",
        BAD,
        r"too many values",
        with_contacts(
            CONTACTS_RULES
            + 'x-a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
            + "".join(
                f"x-{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]\n"
                for i in range(7)
            )
        ),
    ),
    Case(
        "list-as-type",
        "3433fea: a list as `type:`",
        BAD,
        r"unknown check type",
        with_contacts(
            rules(
                "contacts: contacts.csv\n",
                "- {type: [completeness], table: contacts, column: email}\n",
            )
        ),
    ),
    Case(
        "duration-over-a-century",
        "3433fea: durations over 100 years",
        BAD,
        r"100 years",
        {
            "rules.yaml": rules(
                "contacts: contacts.csv\n",
                "- {type: freshness, table: contacts, column: updated, max_age: 99999d}\n",
            ),
            "contacts.csv": "id,updated\n1,2026-10-01\n",
        },
    ),
    Case(
        "window-before-year-one",
        "3433fea: a window reaching before year 1 (with an explicit --as-of)",
        OK,
        r'"freshness-contacts-updated"',
        {
            "rules.yaml": rules(
                "contacts: contacts.csv\n",
                "- {type: freshness, table: contacts, column: updated, max_age: 36500d}\n",
            ),
            "contacts.csv": "id,updated\n1,2026-10-01\n",
        },
        args=("--as-of", "0005-01-01"),
    ),
    Case(
        "data-a-condition-cannot-compute-on",
        "3433fea / tests/test_cli.py: a Polars failure on the data is an error result",
        FAILED,
        r"conversion from `str` to `i32` failed.*'abc'",
        {
            "rules.yaml": rules(
                "deals: deals.csv\n",
                '- {type: expression, table: deals, condition: "CAST(amount AS INTEGER) > 0"}\n',
            ),
            "deals.csv": "id,amount\n1,5\n2,abc\n",
        },
        figures=(Figure("expression-deals", 0, 0, "error"),),
    ),
    Case(
        "number-compared-with-text-in-the-data",
        "issue 20 (business rules): `amount > 0` over an amount holding 'abc' is refused at its "
        "line (it was an error result)",
        BAD,
        r"rules\.yaml:6:\d+: .*amount holds text such as 'abc'",
        {
            "rules.yaml": rules(
                "deals: deals.csv\n",
                '- {type: expression, table: deals, condition: "amount > 0"}\n',
            ),
            "deals.csv": "id,amount\n1,5\n2,abc\n",
        },
    ),
    Case(
        "infinite-weight",
        "tests/test_rules.py: infinite weights",
        BAD,
        r"finite number",
        with_contacts(
            rules(
                "contacts: contacts.csv\n",
                COMPLETENESS,
                "as_of: 2026-11-01\nweights: {completeness: .inf}\n",
            )
        ),
    ),
    # tests/test_cli.py and tests/sources/: mistakes a new user makes.
    Case(
        "unknown-column",
        "tests/test_cli.py",
        BAD,
        r"rules\.yaml:6:43: .*has no column 'emial' \(did you mean 'email'\?\)",
        with_contacts(
            rules(
                "contacts: contacts.csv\n",
                "- {type: completeness, table: contacts, column: emial}\n",
            )
        ),
    ),
    Case(
        "unknown-check-type",
        "tests/test_cli.py",
        BAD,
        r"unknown check type 'completness' \(did you mean 'completeness'\?\)",
        with_contacts(
            rules(
                "contacts: contacts.csv\n",
                "- {type: completness, table: contacts, column: email}\n",
            )
        ),
    ),
    Case(
        "unknown-top-level-key",
        "tests/test_cli.py",
        BAD,
        r"unknown top-level key 'check'",
        with_contacts(CONTACTS_RULES.replace("checks:", "check:")),
    ),
    Case(
        "unknown-key-in-a-check",
        "tests/test_cli.py",
        BAD,
        r"unknown key 'colour'",
        with_contacts(
            rules(
                "contacts: contacts.csv\n",
                "- {type: completeness, table: contacts, colour: email}\n",
            )
        ),
    ),
    Case(
        "key-given-twice",
        "yamlmarks: a repeated key",
        BAD,
        r"key 'column' is given twice",
        with_contacts(
            rules(
                "contacts: contacts.csv\n",
                "- {type: completeness, table: contacts, column: email, column: name}\n",
            )
        ),
    ),
    Case(
        "unterminated-quote",
        "tests/test_cli.py",
        BAD,
        r"rules\.yaml:6:51: invalid YAML: the quote opened on line 6 is never closed",
        with_contacts(
            rules(
                "contacts: contacts.csv\n",
                '- {type: completeness, table: contacts, column: "email}\n',
            )
        ),
    ),
    Case(
        "missing-rules-file",
        "tests/test_cli.py",
        BAD,
        r"rules file not found",
        {"contacts.csv": CONTACTS_CSV},
    ),
    Case(
        "rules-not-utf8",
        "tests/test_rules.py",
        BAD,
        r"not UTF-8",
        with_contacts(CONTACTS_RULES.replace("as_of: 2026-11-01", "# 规则").encode("gbk")),
    ),
    Case("empty-rules-file", "yamlmarks", BAD, r"the rules file is empty", with_contacts("")),
    Case(
        "unsupported-version",
        "rules.py",
        BAD,
        r"unsupported rules version",
        with_contacts(CONTACTS_RULES.replace("version: 1", "version: 2")),
    ),
    Case(
        "missing-source-file",
        "tests/test_cli.py",
        BAD,
        r"source 'contacts': file not found",
        {"rules.yaml": CONTACTS_RULES},
    ),
    Case(
        "unknown-encoding",
        "tests/sources/test_csv_source.py",
        BAD,
        r"unknown encoding 'klingon'",
        with_contacts(rules("contacts: {path: contacts.csv, encoding: klingon}\n", COMPLETENESS)),
    ),
    Case(
        "wrong-encoding-given",
        "tests/sources/test_csv_source.py",
        BAD,
        r"cannot read as CSV",
        with_contacts(
            rules("contacts: {path: contacts.csv, encoding: utf-8}\n", COMPLETENESS),
            "id,name,email\n1,张三,a@b.cn\n".encode("gbk"),
        ),
    ),
    Case(
        "unknown-suffix",
        "tests/sources/test_csv_source.py",
        BAD,
        r"cannot tell the kind of 'contacts\.export'",
        {
            "rules.yaml": rules("contacts: contacts.export\n", COMPLETENESS),
            "contacts.export": CONTACTS_CSV,
        },
    ),
    Case(
        "empty-csv",
        "tests/sources/test_csv_source.py",
        BAD,
        r"the file is empty",
        with_contacts(csv=b""),
    ),
    Case(
        "row-with-more-fields",
        "tests/sources/test_csv_source.py",
        BAD,
        r"line 3 has 4 fields but the header has 3",
        with_contacts(csv="id,name,email\n1,Li Na,a@b.cn\n2,Wang, Wei,w@b.cn\n"),
    ),
    Case(
        "not-a-workbook",
        "tests/sources/test_xlsx_source.py",
        BAD,
        r"not a readable Excel workbook",
        {"rules.yaml": rules("contacts: crm.xlsx\n", COMPLETENESS), "crm.xlsx": b"PK\x03\x04junk"},
    ),
    Case(
        "not-a-sqlite-file",
        "tests/sources/test_database_sources.py",
        BAD,
        r"not a SQLite database file",
        {"rules.yaml": rules("contacts: crm.sqlite\n", COMPLETENESS), "crm.sqlite": "id,email\n"},
    ),
    Case(
        "column-listed-twice",
        "tests/test_cli.py",
        BAD,
        r"'email' is listed twice",
        with_contacts(
            rules(
                "contacts: contacts.csv\n",
                "- {type: completeness, table: contacts, columns: [email, email]}\n",
            )
        ),
    ),
    Case(
        "bad-as-of-option",
        "tests/test_cli.py",
        BAD,
        r"--as-of must be a date written YYYY-MM-DD, not '2026-13-01'",
        with_contacts(),
        args=("--as-of", "2026-13-01"),
    ),
    Case(
        "unknown-format",
        "tests/test_cli.py",
        BAD,
        r"'xml' is not one of",
        with_contacts(),
        audit_args=("--format", "xml"),
    ),
]

CASES = ISSUE_20 + EARLIER

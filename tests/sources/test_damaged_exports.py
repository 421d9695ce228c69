"""Damaged exports never give a quiet wrong figure: mojibake, repeated headers, ragged rows,
files with no header, and paths that are not files are exit 2 with the file and line named (in
`validate` as in `audit`), or read as the source explicitly asks (`errors: replace`,
`ragged: pad`, `allow_empty: true`) with what was repaired counted in the table's details."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from audit_helpers import invoke, write_csv, write_rules

from crmhealth.errors import ExitCode
from crmhealth.rules import load_rules
from crmhealth.sources import load_table

CHECK = {"type": "completeness", "table": "t", "column": "name"}


def _rules(folder: Path, source: object, check: dict[str, Any] = CHECK) -> Path:
    return write_rules(folder, {"t": source}, [check], as_of="2026-11-01", region="CN")


def _refused(folder: Path, rules: Path, *words: str) -> str:
    """Both commands exit 2 with one line on stderr holding `words`; inputs are unchanged."""
    before = {p: p.read_bytes() for p in folder.iterdir() if p.is_file()}
    lines = []
    for command in ("validate", "audit"):
        result = invoke(command, rules)
        assert result.exit_code == ExitCode.USAGE_ERROR, (command, result.stdout, result.stderr)
        assert "Traceback" not in result.stderr
        assert result.stderr.count("\n") == 1, result.stderr
        for word in words:
            assert word in result.stderr, (command, result.stderr)
        lines.append(result.stderr)
    assert lines[0] == lines[1]  # validate refuses exactly what the audit refuses
    assert {p: p.read_bytes() for p in before} == before
    return lines[0]


def _chinese_rows(count: int) -> str:
    return "".join(f"{i},客户{i}号张三李四\n" for i in range(count))


# --- mojibake ----------------------------------------------------------------------------------


def test_utf8_with_one_bad_byte_is_not_read_as_a_single_byte_code_page(tmp_path: Path) -> None:
    good = ("id,name\n" + _chinese_rows(200)).encode("utf-8")
    start = good.index("客户7号".encode())  # a three-byte character on line 9, cut after one
    (tmp_path / "c.csv").write_bytes(good[: start + 1] + b"\xff" + good[start + 1 :])
    message = _refused(tmp_path, _rules(tmp_path, "c.csv"), "c.csv")
    assert f"line 9, byte offset {start}:" in message
    assert "not valid UTF-8" in message
    assert "`encoding: utf-8` and `errors: replace`" in message


def test_a_short_utf8_file_with_a_bad_byte_is_refused_too(tmp_path: Path) -> None:
    data = "id,name,email\n1,王伟,a@b.cn\n2,张".encode() + b"\xff,c@d.cn\n"
    (tmp_path / "c.csv").write_bytes(data)
    bad = data.index(b"\xff")
    message = _refused(tmp_path, _rules(tmp_path, "c.csv"), "c.csv", "not valid UTF-8")
    assert f"line 3, byte offset {bad}:" in message


def test_utf8_that_would_decode_as_gb18030_is_not_read_as_it(tmp_path: Path) -> None:
    # UTF-8 Chinese text often decodes as GB18030 too; a stray 0x81 before a letter keeps it
    # decodable as GB18030 while breaking UTF-8, and must not tip the file over.
    good = ("id,name,city\n" + "".join(f"{i},张三,Beijing\n" for i in range(40))).encode()
    at = good.index(b"9,\xe5") + len("9,张三,".encode())
    damaged = good[:at] + b"\x81" + good[at:]
    damaged.decode("gb18030")  # the trap
    (tmp_path / "c.csv").write_bytes(damaged)
    message = _refused(tmp_path, _rules(tmp_path, "c.csv"), "c.csv")
    assert f"line 11, byte offset {at}:" in message
    assert "not valid UTF-8" in message


def test_utf8_damage_after_the_first_mebibyte_is_found_too(tmp_path: Path) -> None:
    good = ("id,name\n" + _chinese_rows(60_000)).encode("utf-8")
    assert len(good) > 1 << 20
    start = good.index("客户50000号".encode())
    (tmp_path / "c.csv").write_bytes(good[: start + 2] + b"\xc3" + good[start + 2 :])
    message = _refused(tmp_path, _rules(tmp_path, "c.csv"), "c.csv")
    assert f"line 50002, byte offset {start}:" in message


def test_errors_replace_reads_on_and_counts_what_it_replaced(tmp_path: Path) -> None:
    good = ("id,name\n" + _chinese_rows(50)).encode("utf-8")
    cut = good.index("客户7号".encode()) + 1
    (tmp_path / "c.csv").write_bytes(good[:cut] + b"\xff" + good[cut:])
    source = {"path": "c.csv", "encoding": "utf-8", "errors": "replace"}
    rules = _rules(tmp_path, source)
    table = load_table(load_rules(rules).sources["t"])
    names = table.frame.collect().get_column("name").to_list()
    # The cut character's three bytes and the 0xff each become U+FFFD.
    assert names[7] == "\ufffd\ufffd\ufffd\ufffd户7号张三李四"
    assert names[6] == "客户6号张三李四"
    assert table.details == {"replaced_bytes": 4, "rows_with_replaced_characters": 1}
    result = invoke("audit", rules, "--quiet")
    assert result.exit_code == ExitCode.OK, result.stderr


def test_errors_replace_without_encoding_uses_the_detected_family(tmp_path: Path) -> None:
    good = ("id,name\n" + _chinese_rows(50)).encode("utf-8")
    at = good.index(b"\n3,") + 3  # between two characters
    (tmp_path / "c.csv").write_bytes(good[:at] + b"\xff" + good[at:])
    table = load_table(
        load_rules(_rules(tmp_path, {"path": "c.csv", "errors": "replace"})).sources["t"]
    )
    assert table.frame.collect().height == 50
    assert table.details["replaced_bytes"] == 1


def test_gb18030_with_a_bad_byte_names_it_too(tmp_path: Path) -> None:
    good = ("id,name\n" + _chinese_rows(200)).encode("gb18030")
    cut = good.index("客户9号".encode("gb18030")) + 1
    (tmp_path / "c.csv").write_bytes(good[:cut] + b"\xff" + good[cut + 1 :])
    message = _refused(tmp_path, _rules(tmp_path, "c.csv"), "c.csv", "line 11")
    assert "not valid GB18030" in message


# --- headers -----------------------------------------------------------------------------------


def test_a_repeated_header_is_refused_with_its_positions(tmp_path: Path) -> None:
    write_csv(tmp_path / "c.csv", ["id", "email", "name", "email"], [["1", "a@x", "Li", "b@x"]])
    message = _refused(tmp_path, _rules(tmp_path, "c.csv"), "c.csv")
    assert "the header 'email' appears more than once (columns 2, 4)" in message


def test_a_repeated_header_can_be_told_apart_by_column_number(tmp_path: Path) -> None:
    write_csv(
        tmp_path / "c.csv",
        ["id", "email", "name", "email"],
        [["1", "a@x", "Li", None], ["2", None, "Wang", "w@x"]],
    )
    message = _refused(tmp_path, _rules(tmp_path, "c.csv"), "c.csv")
    assert "name them by number in the source's `columns:` (e.g. `{4: email_2}`)" in message
    source = {"path": "c.csv", "columns": {4: "email_2"}}
    check = {"type": "completeness", "table": "t", "columns": ["email", "email_2"], "fail": 0.9}
    rules = _rules(tmp_path, source, check)
    table = load_table(load_rules(rules).sources["t"])
    assert table.all_columns == ("id", "email", "name", "email_2")
    result = invoke("audit", rules, "--format", "json")
    assert result.exit_code == ExitCode.CHECKS_FAILED, result.stderr
    assert result.stdout.count('"failed": 1') == 2


def test_a_header_repeated_behind_an_invisible_character_shows_it(tmp_path: Path) -> None:
    write_csv(tmp_path / "c.csv", ["id", "email", "email\u200b", "name"], [["1", "a", "b", "Li"]])
    message = _refused(tmp_path, _rules(tmp_path, "c.csv"), "c.csv")
    assert "(columns 2, 'email\\u200b' in column 3)" in message


# --- ragged rows -------------------------------------------------------------------------------


def test_a_row_with_fewer_fields_is_refused_with_its_line(tmp_path: Path) -> None:
    (tmp_path / "c.csv").write_text("id,name,email\n1,Li,a@x\n2,Wang\n3,Zhao,c@x\n", "utf-8")
    message = _refused(tmp_path, _rules(tmp_path, "c.csv"), "c.csv")
    assert "line 3 has 2 fields but the header has 3" in message
    assert "`ragged: pad`" in message


def test_a_blank_line_inside_the_data_is_a_short_row(tmp_path: Path) -> None:
    (tmp_path / "c.csv").write_text("id,name\n1,Li\n\n2,Wang\n", "utf-8")
    _refused(tmp_path, _rules(tmp_path, "c.csv"), "line 3 has 1 field but the header has 2")


def test_a_row_with_more_fields_is_refused_in_validate_too(tmp_path: Path) -> None:
    (tmp_path / "c.csv").write_text("id,name\n1,Li Na\n2,Wang, Wei\n", "utf-8")
    _refused(tmp_path, _rules(tmp_path, "c.csv"), "line 3 has 3 fields but the header has 2")


def test_a_quoted_delimiter_or_line_break_is_not_a_ragged_row(tmp_path: Path) -> None:
    text = 'id,name,note\n1,"Wang, Wei","a\nb"\n2,"Li ""Na""",\n'
    (tmp_path / "c.csv").write_text(text, "utf-8")
    table = load_table(load_rules(_rules(tmp_path, "c.csv")).sources["t"])
    assert table.frame.collect().rows() == [
        ("1", "Wang, Wei", "a\nb"),
        ("2", 'Li "Na"', None),
    ]


def test_a_short_row_after_a_multi_line_value_is_found(tmp_path: Path) -> None:
    (tmp_path / "c.csv").write_text('id,name,note\n1,Li,"a\nb"\n2,Wang\n', "utf-8")
    _refused(tmp_path, _rules(tmp_path, "c.csv"), "line 4 has 2 fields but the header has 3")


def test_quotes_are_read_as_polars_reads_them(tmp_path: Path) -> None:
    # Quotes count only at a value's start; inside a value they are text.
    text = 'id,name,note\n1,"Li, ""Na""",a"b"c\n2,Wang,"x,y"\n3,"a ""b""",\n'
    (tmp_path / "c.csv").write_text(text, "utf-8")
    table = load_table(load_rules(_rules(tmp_path, "c.csv")).sources["t"])
    assert table.frame.collect().rows() == [
        ("1", 'Li, "Na"', 'a"b"c'),
        ("2", "Wang", "x,y"),
        ("3", 'a "b"', None),
    ]


def test_a_quote_inside_a_value_does_not_hide_a_delimiter(tmp_path: Path) -> None:
    # Read as Polars reads it, `a"b,c"d` is two values: the row has 4 fields, not 3.
    (tmp_path / "c.csv").write_text('id,name,note\n1,a"b,c"d,x\n2,Li,y\n', "utf-8")
    _refused(tmp_path, _rules(tmp_path, "c.csv"), "line 2 has 4 fields but the header has 3")


def test_a_quoted_value_starting_with_an_empty_field(tmp_path: Path) -> None:
    (tmp_path / "c.csv").write_text('a,b,c,d\n,,"x1,",\n"x1""",b ,,x1\n', "utf-8")
    table = load_table(load_rules(_rules(tmp_path, "c.csv")).sources["t"])
    assert table.frame.collect().rows() == [
        (None, None, "x1,", None),
        ('x1"', "b ", None, "x1"),
    ]


@pytest.mark.parametrize("row", ['1,5" screen,x', '1,"a"b,x'])
def test_quotes_polars_cannot_read_are_refused(tmp_path: Path, row: str) -> None:
    (tmp_path / "c.csv").write_text(f"id,name,note\n{row}\n2,b,y\n", "utf-8")
    _refused(tmp_path, _rules(tmp_path, "c.csv"), "c.csv", "cannot read as CSV")


def test_ragged_pad_reads_short_rows_as_missing_and_counts_them(tmp_path: Path) -> None:
    (tmp_path / "c.csv").write_text("id,name,email\n1,Li,a@x\n2,Wang\n3\n4,Zhao,\n", "utf-8")
    rules = _rules(
        tmp_path,
        {"path": "c.csv", "ragged": "pad"},
        {"type": "completeness", "table": "t", "column": "email", "fail": 0.9},
    )
    table = load_table(load_rules(rules).sources["t"])
    assert table.frame.collect().rows() == [
        ("1", "Li", "a@x"),
        ("2", "Wang", None),
        ("3", None, None),
        ("4", "Zhao", None),
    ]
    assert table.details == {"padded_rows": 2}
    result = invoke("audit", rules, "--format", "json")
    assert result.exit_code == ExitCode.CHECKS_FAILED
    assert '"failed": 3' in result.stdout and '"total": 4' in result.stdout


def test_ragged_pad_with_quotes_does_not_mislead_the_delimiter(tmp_path: Path) -> None:
    # Read with ';' the last line would look like a header with nothing below it.
    text = 'c0,c1,c2,c3\na,""""\n",a",x1a,  a;\nb b张,"a""张;",a,张\n'
    (tmp_path / "c.csv").write_text(text, "utf-8")
    table = load_table(
        load_rules(_rules(tmp_path, {"path": "c.csv", "ragged": "pad"})).sources["t"]
    )
    assert table.frame.collect().rows() == [
        ("a", '"', None, None),
        (",a", "x1a", "  a;", None),
        ("b b张", 'a"张;', "a", "张"),
    ]
    assert table.details == {"padded_rows": 2}


def test_ragged_pad_still_refuses_rows_with_more_fields(tmp_path: Path) -> None:
    (tmp_path / "c.csv").write_text("id,name\n1,Li\n2,Wang,Wei\n", "utf-8")
    rules = _rules(tmp_path, {"path": "c.csv", "ragged": "pad"})
    _refused(tmp_path, rules, "line 3 has 3 fields but the header has 2")


def test_trailing_blank_lines_are_not_rows(tmp_path: Path) -> None:
    (tmp_path / "c.csv").write_text("id,name\n1,Li\n2,\n\n\n", "utf-8")
    table = load_table(load_rules(_rules(tmp_path, "c.csv")).sources["t"])
    assert table.frame.collect().rows() == [("1", "Li"), ("2", None)]


# --- files with no header ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "content", [b"\xef\xbb\xbf", b"\xef\xbb\xbf\n", b"\xef\xbb\xbf\r\n\r\n", b"\n\n  \n", b""]
)
def test_a_file_with_no_header_is_refused_naming_it(tmp_path: Path, content: bytes) -> None:
    (tmp_path / "c.csv").write_bytes(content)
    message = _refused(tmp_path, _rules(tmp_path, "c.csv"), "c.csv", "empty")
    assert message.startswith(f"crmhealth: error: {tmp_path / 'c.csv'}: source 't'")


def test_an_empty_sheet_is_refused_naming_it(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.title = "联系人"
    book.save(tmp_path / "c.xlsx")
    _refused(tmp_path, _rules(tmp_path, "c.xlsx"), "c.xlsx", "sheet '联系人' is empty")


def test_blank_lines_before_the_header_are_skipped(tmp_path: Path) -> None:
    (tmp_path / "c.csv").write_bytes(b"\xef\xbb\xbf\r\n\r\nid,name\r\n1,Li\r\n2,\r\n")
    rules = _rules(tmp_path, "c.csv")
    assert invoke("validate", rules).exit_code == ExitCode.OK
    table = load_table(load_rules(rules).sources["t"])
    assert table.frame.collect().rows() == [("1", "Li"), ("2", None)]
    assert table.details == {"header_line": 3}


def test_a_header_without_rows_is_an_empty_table(tmp_path: Path) -> None:
    (tmp_path / "c.csv").write_text("id,name\n", "utf-8")
    table = load_table(load_rules(_rules(tmp_path, "c.csv")).sources["t"])
    assert table.frame.collect().rows() == []
    assert table.all_columns == ("id", "name")


# --- not a file --------------------------------------------------------------------------------


def test_a_folder_given_as_a_source_says_so(tmp_path: Path) -> None:
    (tmp_path / "exports").mkdir()
    message = _refused(tmp_path, _rules(tmp_path, "exports"), "is a folder, not a file")
    assert "not found" not in message


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this system")
@pytest.mark.parametrize("name", ["c.csv", "c.xlsx", "c.sqlite"])
def test_a_fifo_given_as_a_source_says_so_without_blocking(tmp_path: Path, name: str) -> None:
    os.mkfifo(tmp_path / name)
    _refused(tmp_path, _rules(tmp_path, name), "is a named pipe (FIFO)")


# --- allow_empty -------------------------------------------------------------------------------


def test_allow_empty_is_a_source_option_the_table_carries(tmp_path: Path) -> None:
    (tmp_path / "c.csv").write_text("id,name\n", "utf-8")
    allowed = load_table(
        load_rules(_rules(tmp_path, {"path": "c.csv", "allow_empty": True})).sources["t"]
    )
    assert allowed.allow_empty is True
    assert load_table(load_rules(_rules(tmp_path, "c.csv")).sources["t"]).allow_empty is False
    bad = _rules(tmp_path, {"path": "c.csv", "allow_empty": "sometimes"})
    result = invoke("validate", bad)
    assert result.exit_code == ExitCode.USAGE_ERROR
    assert "allow_empty" in result.stderr


def test_an_empty_table_fails_the_audit_unless_the_source_allows_it(tmp_path: Path) -> None:
    (tmp_path / "c.csv").write_text("id,name\n", "utf-8")
    strict = invoke("audit", _rules(tmp_path, "c.csv"), "--quiet")
    assert strict.exit_code == ExitCode.CHECKS_FAILED, strict.stderr
    allowed = invoke("audit", _rules(tmp_path, {"path": "c.csv", "allow_empty": True}), "--quiet")
    assert allowed.exit_code == ExitCode.OK, allowed.stderr

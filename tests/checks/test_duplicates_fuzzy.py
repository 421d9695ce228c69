"""Fuzzy duplicates through the whole audit: figures, grouped samples, and the fix list with
why each record matched."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from support import audit, audit_run, only

from crmhealth.engine import fix_lists_of
from crmhealth.report.fixlist_csv import write_fix_lists
from crmhealth.results import AuditReport

HEADER = ("id", "first_name", "last_name", "email", "phone", "company")
PEOPLE = [
    # 王伟 twice: same person, phone and email formatted differently, company without suffix
    ("C1", "伟", "王", "wang.wei@xingchen.cn", "+86 139 1234 5678", "北京星辰科技有限公司"),
    ("C2", "伟", "王", " Wang.Wei@xingchen.cn", "139-1234-5678", "星辰科技"),
    # a namesake: another 王伟 at another company, other phone and email
    ("C3", "伟", "王", "wangwei88@qq.com", "13787654321", "上海华信贸易有限公司"),
    # William Smith entered as Bill, with a work email and the same mobile
    ("C4", "William", "Smith", "bill.smith@acme.com", "+1 415 555 0134", "Acme Widgets Inc."),
    ("C5", "Bill", "Smith", "bill.smith@acme.com", "(415) 555-0134", "ACME Widgets"),
    # strangers
    *[
        (
            f"C{i}",
            f"Given{i}",
            f"Family{i}",
            f"person{i}@example{i}.com",
            f"1390000{i:04d}",
            f"Company {i} Ltd",
        )
        for i in range(6, 40)
    ],
]


def _run(tmp_path: Path) -> AuditReport:
    return audit(tmp_path, *_people_check())


def _people_check() -> tuple[Any, Any]:
    return (
        {"contacts": (HEADER, PEOPLE)},
        [
            {
                "id": "people",
                "type": "duplicates",
                "table": "contacts",
                "match": "fuzzy",
                "region": "CN",
                "fields": {
                    "first_name": "name",
                    "last_name": "name",
                    "email": "email",
                    "phone": "phone",
                    "company": "company",
                },
            }
        ],
    )


def test_the_same_people_are_grouped_and_namesakes_are_not(tmp_path: Path) -> None:
    result = only(_run(tmp_path))
    assert (result.failed, result.total, result.groups) == (2, len(PEOPLE), 2)
    samples = [sample.to_dict() for sample in result.samples]
    groups = [sample["ids"] for sample in samples]
    assert groups == [["C1", "C2"], ["C4", "C5"]]  # C3, the other 王伟, is alone
    assert all(sample["reason"] for sample in samples)
    # samples are masked: no full phone number or email
    shown = str(result.samples)
    assert "13912345678" not in shown.replace(" ", "").replace("-", "")
    assert "wang.wei@" not in shown


def test_fix_list_has_group_score_and_reason(tmp_path: Path) -> None:
    run = audit_run(tmp_path, *_people_check())
    (path,) = write_fix_lists(fix_lists_of(run), tmp_path / "out")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["id"], r["group"]) for r in rows] == [
        ("C1", "1"),
        ("C2", "1"),
        ("C4", "2"),
        ("C5", "2"),
    ]
    # the source row and the reason first, then every original column in order
    assert list(rows[0])[:2] == ["row", "reason"]
    assert list(rows[0])[2 : 2 + len(HEADER)] == list(HEADER)
    assert all(0.5 <= float(r["score"]) <= 1 and r["reason"] for r in rows)
    assert rows[1]["email"] == " Wang.Wei@xingchen.cn"  # original values, unmasked

"""Columns recognised by header (Salesforce, HubSpot, 纷享销客 exports) and by content alone, and
the checks init proposes for them."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from crmhealth.init import plan_for
from crmhealth.init.knowledge import knowledge, normalise_header
from crmhealth.init.plan import Plan

TODAY = date(2026, 11, 1)


def write_csv(
    path: Path, header: list[str], rows: list[list[str]], encoding: str = "utf-8"
) -> Path:
    def field(value: str) -> str:
        return '"' + value.replace('"', '""') + '"' if value else ""

    lines = [",".join(field(h) for h in header)] + [",".join(map(field, r)) for r in rows]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return path


def kinds(plan: Plan, table: str) -> dict[str, str]:
    profile = next(t for t in plan.tables if t.name == table)
    return {c.name: c.kind for c in profile.columns}


def checks(plan: Plan) -> set[tuple[str, ...]]:
    """(type, table, what) of every proposed check: the column and format, keys or fields."""
    found: set[tuple[str, ...]] = set()
    for proposed in plan.checks:
        c: dict[str, Any] = proposed.check
        if c["type"] == "completeness":
            found.add(("completeness", c["table"], ",".join(c["columns"])))
        elif c["type"] == "validity":
            found.add(("validity", c["table"], c["column"], c["format"]))
        elif c["type"] == "duplicates" and c.get("match") == "fuzzy":
            found.add(("fuzzy", c["table"], ",".join(f"{k}:{v}" for k, v in c["fields"].items())))
        elif c["type"] == "duplicates":
            found.add(("duplicates", c["table"], ",".join(c["keys"])))
        elif c["type"] in ("freshness", "integrity"):
            found.add((c["type"], c["table"], c["column"], str(c.get("references", ""))))
        else:
            found.add((c["type"], c["table"]))
    return found


US_PHONES = [f"(650) 253-{n:04d}" for n in range(10)]
SF_IDS = [f"0035g00000Ab{n:02d}XAA{n % 10}" for n in range(10)]


def test_salesforce_contacts(tmp_path: Path) -> None:
    header = ["Contact ID", "First Name", "Last Name", "Account Name", "Email", "Phone",
              "Lead Source", "Created Date", "Last Modified Date", "Contact Owner"]  # fmt: skip
    sources = ["Web", "Phone Inquiry", "Partner Referral", "Web", "Web"] * 2
    rows = [
        [
            SF_IDS[n],
            ["Ann", "Bob", "Cy", "Dee", "Eve", "Fay", "Gus", "Hal", "Ian", "Jo"][n],
            ["Lee", "Ng", "Ode", "Park", "Quinn", "Ray", "Sun", "Tao", "Ueda", "Vo"][n],
            ["Acme Inc.", "Globex Corp", "Initech LLC", "Umbrella Ltd", "Hooli Inc."][n % 5],
            f"user{n}@example{n}.com",
            US_PHONES[n],
            sources[n],
            f"2024-03-{n + 1:02d}T10:00:00.000Z",
            f"2026-0{n % 9 + 1}-15T08:30:00.000Z",
            "005000000000001AAA",
        ]
        for n in range(10)
    ]
    plan = plan_for([write_csv(tmp_path / "Contacts.csv", header, rows)], tmp_path, TODAY)
    assert kinds(plan, "contacts") == {
        "Contact ID": "id",
        "First Name": "person_name",
        "Last Name": "person_name",
        "Account Name": "company",
        "Email": "email",
        "Phone": "phone",
        "Lead Source": "category",
        "Created Date": "date",
        "Last Modified Date": "date",
        "Contact Owner": "actor",
    }
    assert plan.region == "US"
    assert plan.kinds == {"contacts": "person"}
    assert checks(plan) == {
        (
            "completeness",
            "contacts",
            "First Name,Last Name,Account Name,Email,Phone,Contact Owner",
        ),
        ("validity", "contacts", "Email", "email"),
        ("validity", "contacts", "Phone", "phone"),
        ("validity", "contacts", "Lead Source", "allowed"),
        ("validity", "contacts", "Created Date", "date"),
        ("validity", "contacts", "Last Modified Date", "date"),
        ("duplicates", "contacts", "Email"),
        ("duplicates", "contacts", "Phone"),
        (
            "fuzzy",
            "contacts",
            "First Name:name,Last Name:name,Account Name:company,Email:email,Phone:phone",
        ),
        ("freshness", "contacts", "Last Modified Date", ""),
    }
    assert plan.as_of == date(2026, 9, 15)


def test_hubspot_contacts(tmp_path: Path) -> None:
    header = ["Record ID", "First Name", "Last Name", "Email", "Phone Number", "Company Name",
              "Lifecycle Stage", "Lead Status", "Create Date", "Last Modified Date",
              "Contact owner"]  # fmt: skip
    stages = ["lead", "subscriber", "customer", "lead", "opportunity", "lead"]
    statuses = ["NEW", "OPEN", "NEW", "CONNECTED", "NEW", "OPEN"]
    rows = [
        [
            str(50_000 + n),
            f"Name{n}",
            f"Family{n}",
            f"person{n}@hubspot-test{n % 3}.com",
            f"+1 212-736-{5000 + n}",
            f"Company {n}",
            stages[n % 6],
            statuses[n % 6],
            f"2025-01-{n + 1:02d} 09:15",
            f"2026-10-{n + 1:02d} 17:40",
            "Jane Doe",
        ]
        for n in range(12)
    ]
    plan = plan_for([write_csv(tmp_path / "hubspot-contacts.csv", header, rows)], tmp_path, TODAY)
    found = kinds(plan, "hubspot_contacts")
    assert found["Record ID"] == "id"
    assert found["Phone Number"] == "phone"
    assert found["Company Name"] == "company"
    assert found["Lifecycle Stage"] == "category"
    assert found["Lead Status"] == "category"
    assert found["Contact owner"] == "actor"
    types = checks(plan)
    assert ("validity", "hubspot_contacts", "Lifecycle Stage", "allowed") in types
    assert ("validity", "hubspot_contacts", "Lead Status", "allowed") in types
    assert ("validity", "hubspot_contacts", "Phone Number", "phone") in types
    assert ("freshness", "hubspot_contacts", "Last Modified Date", "") in types
    stage = next(p for p in plan.checks if p.check.get("column") == "Lifecycle Stage")
    assert stage.check["values"] == ["lead", "customer", "opportunity", "subscriber"]


def test_fxiaoke_contacts_gbk(tmp_path: Path) -> None:
    """纷享销客's contact export: Chinese headers, GBK-encoded."""
    header = ["姓名", "客户名称", "手机", "电话", "邮箱", "职务", "负责人", "创建时间",
              "最后修改时间", "最后跟进时间", "生命状态"]  # fmt: skip
    names = ["张伟", "王芳", "李娜", "刘洋", "陈静", "杨磊", "赵敏", "黄勇", "周杰", "吴昊"]
    rows = [
        [
            names[n],
            ["北京星辰科技有限公司", "上海蓝海贸易有限公司", "深圳汇智信息技术股份有限公司"][n % 3],
            f"139{n:04d}5678",
            f"010-6{n:03d}8888",
            f"user{n}@qq.com",
            "经理",
            ["王伟", "李强"][n % 2],
            f"2025/0{n % 9 + 1}/03 10:00",
            f"2026-10-{n + 10} 11:00:00",
            f"2026-10-{n + 10}",
            ["正常", "正常", "作废"][n % 3],
        ]
        for n in range(10)
    ]
    path = write_csv(tmp_path / "联系人.csv", header, rows, encoding="gbk")
    plan = plan_for([path], tmp_path, TODAY)
    assert kinds(plan, "联系人") == {
        "姓名": "person_name",
        "客户名称": "company",
        "手机": "phone",
        "电话": "phone",
        "邮箱": "email",
        "职务": "text",
        "负责人": "actor",
        "创建时间": "date",
        "最后修改时间": "date",
        "最后跟进时间": "date",
        "生命状态": "category",
    }
    assert plan.region == "CN"
    types = checks(plan)
    assert ("completeness", "联系人", "姓名,客户名称,手机,电话,邮箱,负责人") in types
    assert ("validity", "联系人", "手机", "phone") in types
    assert ("validity", "联系人", "电话", "phone") in types
    assert ("validity", "联系人", "生命状态", "allowed") in types
    assert ("freshness", "联系人", "最后修改时间", "") in types
    assert (
        "fuzzy",
        "联系人",
        "姓名:name,客户名称:company,手机:phone,电话:phone,邮箱:email",
    ) in types
    phone = next(p for p in plan.checks if p.check.get("column") == "手机")
    assert [w.key for w in phone.why] == ["header", "phone_cn"]
    assert dict(phone.why[1].args) == {"share": "100%", "mobiles": "100%"}


def test_recognition_by_content_alone(tmp_path: Path) -> None:
    """Headers that say nothing: emails, CN mobiles, dates, a stage-like column and Chinese
    names are recognised from the values."""
    header = ["c1", "c2", "c3", "c4", "c5", "c6"]
    names = ["张伟", "王芳", "李娜", "刘洋", "陈静", "杨磊", "赵敏", "黄勇", "周杰", "吴昊"]
    rows = [
        [
            names[n % 10] + ("" if n < 10 else "二"),
            f"a{n}@163.com",
            f"+86 138 {n:04d} 1234",
            f"2026-0{n % 9 + 1}-1{n % 10}",
            ["won", "lost", "open"][n % 3],
            f"free text number {n}",
        ]
        for n in range(20)
    ]
    plan = plan_for([write_csv(tmp_path / "x.csv", header, rows)], tmp_path, TODAY)
    assert kinds(plan, "x") == {
        "c1": "person_name",
        "c2": "email",
        "c3": "phone",
        "c4": "date",
        "c5": "category",
        "c6": "text",
    }
    assert checks(plan) == {
        ("completeness", "x", "c1,c2,c3"),
        ("validity", "x", "c2", "email"),
        ("validity", "x", "c3", "phone"),
        ("validity", "x", "c4", "date"),
        ("validity", "x", "c5", "allowed"),
        ("duplicates", "x", "c2"),
        ("duplicates", "x", "c3"),
        ("fuzzy", "x", "c1:name,c2:email,c3:phone"),
    }
    email = next(p for p in plan.checks if p.check.get("column") == "c2")
    assert [(w.key, dict(w.args)) for w in email.why] == [("email_content", {"share": "100%"})]


@pytest.mark.parametrize(
    ("header", "role"),
    [
        ("Email", "email"),
        (" E-mail\u200b ", "email"),
        ("\ufeffemail", "email"),
        ("EMailAddress1", "email"),  # Dynamics 365
        ("email_from", "email"),  # Odoo
        ("Mobile", "phone"),
        ("telephone1", "phone"),  # Dynamics 365
        ("手机号码", "phone"),
        ("联系电话", "phone"),
        ("邮箱", "email"),
        ("姓名", "full_name"),
        ("客户名称", "company"),
        ("公司", "company"),
        ("负责人", "owner"),
        ("Contact Owner", "owner"),
        ("Owner ID", "owner"),
        ("创建时间", "created_at"),
        ("最后修改时间", "updated_at"),
        ("Modified Time", "updated_at"),  # Zoho CRM
        ("modifiedon", "updated_at"),  # Dynamics 365
        ("write_date", "updated_at"),  # Odoo
        ("跟进时间", "activity_time"),
        ("阶段", "stage"),
        ("StageName", "stage"),  # Salesforce opportunities
        ("金额", "amount"),
        ("满意度", "score"),
        ("account_id", "id"),
        ("客户编号", "id"),
        ("联系人ID", "id"),
        ("联系人编号", "id"),
        ("Account Name", "company"),
        ("Created Time", "created_at"),  # Zoho CRM
        ("Lead Source", "source"),  # Zoho CRM, Salesforce
        ("Full Name", "full_name"),  # Dynamics 365
        ("Business Phone", "phone"),  # Dynamics 365
        ("Modified On", "updated_at"),  # Dynamics 365
        ("Created on", "created_at"),  # Odoo
        ("Last Updated on", "updated_at"),  # Odoo
        ("Salesperson", "owner"),  # Odoo
        ("Opportunity Owner", "owner"),  # Salesforce
        ("Mailing Street", "address"),  # Salesforce
        ("所属部门", "team"),  # 纷享销客
        ("最后跟进时间", "last_activity"),  # 纷享销客
        ("生命状态", "status"),  # 纷享销客
    ],
)
def test_header_knowledge(header: str, role: str) -> None:
    match = knowledge().match(header)
    assert match is not None and match.role.name == role


def test_header_normalisation() -> None:
    assert normalise_header("  Last\u00a0Modified_Date\u200b ") == "lastmodifieddate"
    assert normalise_header("手机（主）") == "手机主"
    assert knowledge().match("wechat") is None


# The columns of a real HubSpot contacts export, as a public repository queries them
# (jadTahaGit/zoho, Dev-74/02-partition/03-Subscribers.sql), with the role each should get.
HUBSPOT_EXPORT = {
    "Contact ID": "id",
    "First Name": "first_name",
    "Last Name": "last_name",
    "Annual Revenue": "amount",
    "Associated Company ID": "id",
    "Company Name": "company",
    "Country/Region": None,
    "Contact owner": "owner",
    "Branche": None,
    "Associated Deals": None,
    "Lifecycle Stage": "stage",
    "Lead Status": "status",
    "Email": "email",
    "Phone Number": "phone",
    "Website URL": None,
    "Original Source": "source",
    "City": "city",
    "Number of Associated Deals": None,
    "State/Region": None,
    "Total Revenue": "amount",
    "Create Date": "created_at",
}


def test_a_real_hubspot_export_header() -> None:
    found = {}
    for header in HUBSPOT_EXPORT:
        match = knowledge().match(header)
        found[header] = match.role.name if match else None
    assert found == HUBSPOT_EXPORT


# Chinese CRM list headers from public repositories (the header text only), with the role each
# should get: venlee1993/crm_admin (回访), Michael-Wang93/field-programming (ClosePool),
# Wuxxf/Kinfy (customerColumns) and ilylies/srzd_crm (export template).
CHINESE_CRM_HEADERS = {
    "序号": "id",
    "客户姓名": "full_name",
    "客户电话": "phone",
    "回访人员": "user",
    "回访结果": None,
    "回访日期": "submitted_at",
    "客户ID": "id",
    "姓名": "full_name",
    "申请城市": "city",
    "手机号码": "phone",
    "名单历史状态": "status",
    "名单历史归属": "owner",
    "关闭时间": "other_date",
    "客户名称": "company",
    "客户类型": "type",
    "应收款": "amount",
    "联系人": "full_name",
    "业务员": "owner",
    "客户标签": None,
    "创建时间": "created_at",
    "地址": "address",
    "备注": "notes",
    "建档时间": "created_at",
    "企业名称": "company",
    "企业联系人/法人": "full_name",
    "放款金额": "amount",
    "跟进记录": "notes",
    "所属团队": "team",
    "电销员": "owner",
}


def test_chinese_crm_headers() -> None:
    found = {}
    for header in CHINESE_CRM_HEADERS:
        match = knowledge().match(header)
        found[header] = match.role.name if match else None
    assert found == CHINESE_CRM_HEADERS


# Salesforce API field names of the Contact object (as a data warehouse copy lists them,
# sirhcrd/sirhcrd.github.io schema-intel/data/tables/contact.md) and a CRM's contact export
# (email_work, phone_home…), with the role each should get.
API_HEADERS = {
    "Id": "id",
    "LastModifiedDate": "updated_at",
    "CreatedDate": "created_at",
    "OwnerId": "owner",
    "AccountId": "id",
    "LastName": "last_name",
    "FirstName": "first_name",
    "Email": "email",
    "HomePhone": "phone",
    "CreatedById": "id",
    "LastModifiedById": "id",
    "SystemModstamp": None,
    "IsDeleted": None,
    "DoNotCall": None,
    "HasOptedOutOfEmail": None,
    "email_work": "email",
    "email_home": "email",
    "phone_work": "phone",
    "organization_name": "company",
    "last_seen": "last_activity",
}


def test_api_field_names() -> None:
    found = {}
    for header in API_HEADERS:
        match = knowledge().match(header)
        found[header] = match.role.name if match else None
    assert found == API_HEADERS


def test_pairing_by_name_and_by_value(tmp_path: Path) -> None:
    """account_id names the accounts table, so 6 of its 10 values found there (60%) pair it;
    partner_code names nothing, and 60% is below the 80% a pairing by value needs."""
    accounts = [[f"A{n:03d}", f"Firma {n} GmbH"] for n in range(20)]
    write_csv(tmp_path / "accounts.csv", ["id", "name"], accounts)
    found, missing = [f"A{n:03d}" for n in range(6)], [f"X{n:03d}" for n in range(4)]
    rows = [[f"C{n}", (found + missing)[n], (found + missing)[n]] for n in range(10)]
    write_csv(tmp_path / "contacts.csv", ["id", "account_id", "partner_code"], rows)
    plan = plan_for([tmp_path / "accounts.csv", tmp_path / "contacts.csv"], tmp_path, TODAY)
    integrity = [p.check for p in plan.checks if p.check["type"] == "integrity"]
    assert integrity == [
        {
            "id": "contacts-account_id-integrity",
            "type": "integrity",
            "table": "contacts",
            "column": "account_id",
            "references": "accounts.id",
            "warn": 0.99,
            "fail": 0.95,
        }
    ]
    assert [(w.key, dict(w.args)) for p in plan.checks for w in p.why if p.check in integrity] == [
        ("pair_by_name", {"share": "60%", "target": "accounts.id"})
    ]


def test_table_kinds(tmp_path: Path) -> None:
    """A log named nothing in particular is an activity log by its user and time columns; a
    Salesforce account export's Rating (Hot/Warm/Cold) is a category, not feedback; a table
    with a stage and an amount is deals."""
    log = [[f"U{n % 3}", f"2026-10-{n + 1:02d} 09:00", ["call", "mail"][n % 2]] for n in range(20)]
    write_csv(tmp_path / "t1.csv", ["user_id", "created_at", "action"], log)
    accounts = [
        [f"001{n:03d}", f"Acme {n} Inc.", ["Hot", "Warm", "Cold"][n % 3], f"2026-0{n % 9 + 1}-01"]
        for n in range(15)
    ]
    write_csv(
        tmp_path / "sf.csv", ["Account ID", "Account Name", "Rating", "Created Date"], accounts
    )
    deals = [[f"Deal {n}", ["Open", "Won"][n % 2], str(1000 * n)] for n in range(10)]
    write_csv(tmp_path / "export.csv", ["Title", "Stage", "Amount"], deals)
    files = [tmp_path / name for name in ("t1.csv", "sf.csv", "export.csv")]
    plan = plan_for(files, tmp_path, TODAY)
    assert plan.kinds == {"t1": "activity", "sf": "company", "export": "deal"}
    assert kinds(plan, "sf")["Rating"] == "category"
    usage = next(p.check for p in plan.checks if p.check["type"] == "usage")
    assert (usage["user_column"], usage["time_column"]) == ("user_id", "created_at")

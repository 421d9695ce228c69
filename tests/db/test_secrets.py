"""Database URLs: split so that any password is one password, and shown with it masked."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from pydantic import ValidationError

from crmhealth.secrets import mask_url, parse_url, scrub
from crmhealth.sources.spec import SourceSpec

SECRET = "Pw7'#:[x]@/ %2{s}"


def test_a_raw_password_with_url_characters_is_one_password() -> None:
    url = parse_url(f"postgresql://auditor:{SECRET}@db.internal:5432/crm")
    assert (url.user, url.password, url.host, url.port, url.database) == (
        "auditor", SECRET, "db.internal", 5432, "crm",
    )  # fmt: skip


def test_an_encoded_password_is_decoded_and_re_encoded_for_the_driver() -> None:
    url = parse_url(f"mysql://auditor:{quote(SECRET, safe='')}@[::1]/suitecrm?ssl-mode=REQUIRED")
    assert url.password == SECRET
    assert url.host == "::1" and url.port is None
    assert parse_url(url.for_driver()).password == SECRET


@pytest.mark.parametrize(
    "url",
    [
        f"postgresql://auditor:{SECRET}@db:5432/crm",
        f"postgresql://auditor:{quote(SECRET, safe='')}@db:5432/crm",
        "postgresql://auditor@db:5432/crm?password=Pw7secret&sslmode=require",
    ],
)
def test_masked_urls_hold_no_secret(url: str) -> None:
    shown = mask_url(url)
    assert "Pw7" not in shown
    assert shown.startswith("postgresql://auditor")
    assert "db:5432/crm" in shown


def test_the_source_label_masks_the_password() -> None:
    spec = SourceSpec(url=f"postgresql://auditor:{SECRET}@db:5432/crm", table="contacts")
    assert spec.label() == "postgresql://auditor:***@db:5432/crm table contacts"
    query = SourceSpec(url="mysql://u:p4ss@h/d", query="select 1")
    assert query.label() == "mysql://u:***@h/d query"
    assert query.resolved_kind() == "mysql"


def test_an_unparseable_url_is_never_shown_whole() -> None:
    assert mask_url("postgresql:/auditor:Pw7@db/crm") == "database://***"


def test_scrub_removes_every_form_of_a_secret() -> None:
    text = f"failed for {SECRET} ({quote(SECRET, safe='')}) [{quote(SECRET)}]"
    assert scrub(text, [SECRET]) == "failed for *** (***) [***]"


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ({"url": "postgresql://u:p@h/d"}, "needs `table:` or `query:`"),
        ({"url": "postgresql://u:p@h/d", "table": "t", "query": "q"}, "one of them"),
        ({"url": "postgresql://u:p@h/d", "path": "x.csv", "table": "t"}, "not both"),
        ({"url": "oracle://u:p@h/d", "table": "t"}, "postgresql:// or mysql://"),
        ({"url": "postgresql://u:Pw7@h", "table": "t"}, "names no database"),
        ({"path": "x.csv", "query": "select 1"}, "for database servers"),
        ({"table": "t"}, "missing required key 'path'"),
    ],
)
def test_spec_validation(spec: dict[str, str], message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        SourceSpec.model_validate(spec)
    shown = caught.value.errors()[0]["msg"]  # what the rules loader shows (never the input)
    assert message in shown
    assert "Pw7" not in shown


def test_a_spark_path_with_credentials_is_masked() -> None:
    spec = SourceSpec(spark="s3a://AKIAKEY:Pw7secret@bucket/crm/contacts.parquet")
    assert spec.label() == "spark s3a://AKIAKEY:***@bucket/crm/contacts.parquet"
    assert SourceSpec(spark="crm.contacts").label() == "spark crm.contacts"

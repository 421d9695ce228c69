"""The JSON document is checked against its published schema (`crmhealth schema`)."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from audit_helpers import invoke

from crmhealth.errors import ExitCode

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def schema() -> dict[str, object]:
    result = invoke("schema")
    assert result.exit_code == ExitCode.OK
    document: dict[str, object] = json.loads(result.stdout)
    jsonschema.Draft202012Validator.check_schema(document)
    return document


@pytest.fixture(scope="module")
def example_document() -> dict[str, object]:
    result = invoke(
        "audit", ROOT / "rules.example.yaml", "--format", "json", "--as-of", "2026-11-01"
    )
    document: dict[str, object] = json.loads(result.stdout)
    return document


def test_the_example_audit_conforms_to_the_schema(
    schema: dict[str, object], example_document: dict[str, object]
) -> None:
    jsonschema.validate(example_document, schema)
    assert example_document["schema_version"] == 1


def test_the_schema_rejects_what_readers_could_not_rely_on(
    schema: dict[str, object], example_document: dict[str, object]
) -> None:
    broken = json.loads(json.dumps(example_document))
    broken["checks"][0]["status"] = "maybe"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema)
    del broken["checks"][0]
    broken.pop("summary")
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema)

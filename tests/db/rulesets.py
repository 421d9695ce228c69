"""rules.example.yaml rewritten so every source is a table of a database server."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml
from db.servers import REPO

PASSWORD_VARIABLE = "CRMHEALTH_TEST_DB_PASSWORD"


def example_rules() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((REPO / "rules.example.yaml").read_text("utf-8"))
    loaded["as_of"] = str(loaded["as_of"])
    return loaded


def server_url_template(url: str, password: str) -> str:
    """`url` with its (encoded) password replaced by a ${VAR} reference."""
    from urllib.parse import quote

    return url.replace(quote(password, safe=""), "${" + PASSWORD_VARIABLE + "}")


def write_server_rules(
    folder: Path,
    url: str,
    *,
    execute: str | None = None,
    name: str = "rules.yaml",
    fuzzy: bool = True,
) -> Path:
    """The example rules with each source read from the same-named table at `url` (without the
    slow fuzzy duplicates check unless `fuzzy`)."""
    rules = example_rules()
    if not fuzzy:
        rules["checks"] = [c for c in rules["checks"] if c.get("match") != "fuzzy"]
    for source in rules["sources"]:
        entry: dict[str, Any] = {"url": url, "table": source}
        if execute is not None:
            entry["execute"] = execute
        rules["sources"][source] = entry
    path = folder / name
    path.write_text(yaml.safe_dump(rules, allow_unicode=True, sort_keys=False), "utf-8")
    return path


def write_csv_rules(folder: Path) -> Path:
    """The example rules as shipped, with paths made absolute so they run from `folder`."""
    rules = example_rules()
    for source, entry in rules["sources"].items():
        if isinstance(entry, str):
            rules["sources"][source] = str(REPO / entry)
        else:
            entry["path"] = str(REPO / entry["path"])
    path = folder / "csv_rules.yaml"
    path.write_text(yaml.safe_dump(rules, allow_unicode=True, sort_keys=False), "utf-8")
    return path


def one_source_rules(
    folder: Path, url: str, relation: str = "table: contacts", column: str = "email"
) -> Path:
    """A rules file with one database source `contacts` and one completeness check."""
    path = folder / "rules.yaml"
    path.write_text(
        "version: 1\n"
        "sources:\n"
        f"  contacts: {{url: {json.dumps(url)}, {relation}}}\n"
        "checks:\n"
        f"  - {{id: filled, type: completeness, table: contacts, column: {column}}}\n",
        encoding="utf-8",
    )
    return path

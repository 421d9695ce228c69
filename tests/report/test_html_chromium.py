"""Acceptance: the HTML report of examples/ in a real headless Chromium.

It loads with no console errors and no network requests, a canary <script> planted in the data
and in the rules never runs and shows as text, the score and every check id are on the page, the
screenshot is not blank, and it prints on A4; the same in Chinese. With
CRMHEALTH_UPDATE_SCREENSHOT=1 the English screenshot replaces docs/report-screenshot.png (the
README's picture comes from this code path).
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest
import yaml
from audit_helpers import invoke
from components import require
from report.chromium_driver import blank_fraction, chromium_available, load_page

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOT = ROOT / "docs" / "report-screenshot.png"
CANARY_DATA = "<script>window.__canary='data'</script>"
CANARY_RULES = "<img src=x onerror=\"window.__canary='rules'\">"


def hostile_examples(folder: Path) -> Path:
    """examples/ with a canary in contacts.csv (row 34's lifecycle stage, a sampled failure)
    and in a check description of the rules."""
    shutil.copytree(ROOT / "examples" / "exports", folder / "examples" / "exports")
    contacts = folder / "examples" / "exports" / "contacts.csv"
    lines = contacts.read_bytes().decode("gbk").split("\n")
    (index,) = [i for i, line in enumerate(lines) if line.startswith("C000034,")]
    assert ",unknown," in lines[index]
    lines[index] = lines[index].replace(",unknown,", f",{CANARY_DATA},")
    contacts.write_bytes("\n".join(lines).encode("gbk"))
    rules = yaml.safe_load((ROOT / "rules.example.yaml").read_text(encoding="utf-8"))
    rules["checks"][0]["description"] = CANARY_RULES
    path = folder / "rules.example.yaml"
    path.write_text(yaml.safe_dump(rules, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_report_in_headless_chromium(tmp_path: Path, lang: str) -> None:
    require("Chromium", chromium_available(), "/usr/bin/chromium")
    rules = hostile_examples(tmp_path)
    html, document = tmp_path / "report.html", tmp_path / "report.json"
    result = invoke("audit", rules, "-o", html, "-o", document, "--lang", lang, "-q")
    assert result.exit_code == 1, result.output  # examples/ has a failing check
    data = json.loads(document.read_text(encoding="utf-8"))

    page = load_page(html)

    assert page.console_errors == [] and page.exceptions == []
    assert page.requests == []
    assert page.canary is None
    assert CANARY_DATA in page.text  # shown as text in the lifecycle-stage samples
    assert CANARY_RULES in page.text  # the check description, as text
    assert f"{data['score']:.1f}" in page.text
    for check in data["checks"]:
        assert check["check"] in page.text
    assert blank_fraction(page.screenshot) < 0.9
    # Printed through the browser: A4 pages (595 × 842 pt), sections on pages of their own.
    boxes = re.findall(rb"/MediaBox\s*\[0 0 ([\d.]+) ([\d.]+)\]", page.pdf)
    assert len(boxes) >= 4
    assert all(abs(float(w) - 595.3) < 1.5 and abs(float(h) - 841.9) < 1.5 for w, h in boxes)
    if lang == "zh":
        assert page.html_lang == "zh-Hans"
        for label in ("CRM 健康报告", "健康评分", "优先修复", "检查详情", "为何重要", "处理建议"):
            assert label in page.text
        assert "What to fix first" not in page.text
    else:
        assert "What to fix first" in page.text and "Why it matters" in page.text
        if os.environ.get("CRMHEALTH_UPDATE_SCREENSHOT") == "1":
            SCREENSHOT.parent.mkdir(exist_ok=True)
            SCREENSHOT.write_bytes(page.screenshot)

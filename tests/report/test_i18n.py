"""The message catalogue: every user-facing English string has a Chinese entry, the shipped .mo
matches the .po, placeholders survive translation, and `pip install .` ships the catalogue and
templates."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from crmhealth.checks import REGISTRY
from crmhealth.i18n import LOCALE_DIR, Texts
from crmhealth.i18n.catalogue import compiled, load_po, template_catalogue

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "crmhealth"
# A translatable literal in Python code, even inside an f-string (Babel skips those on 3.11).
_CALL = re.compile(r"""(?<![\w.])(?:t\._|_|N_|gettext)\(\s*(["'])((?:\\.|(?!\1).)*)\1\s*\)""")
_PLACEHOLDER = re.compile(r"\{\w*\}|%\(\w+\)s")


def _id(message_id: str | tuple[str, ...]) -> str:
    return message_id if isinstance(message_id, str) else message_id[0]


def test_every_message_has_a_chinese_entry() -> None:
    zh = {_id(m.id): m for m in load_po("zh") if m.id}
    missing = [
        _id(m.id)
        for m in template_catalogue()
        if m.id
        and (_id(m.id) not in zh or not all(_strings(zh[_id(m.id)].string)) or zh[_id(m.id)].fuzzy)
    ]
    assert missing == [], "run `python -m crmhealth.i18n.catalogue` and translate these"


def _strings(value: str | tuple[str, ...]) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else value


def test_literals_in_code_are_in_the_catalogue() -> None:
    known = {_id(m.id) for m in template_catalogue() if m.id}
    found = []
    for path in PACKAGE.rglob("*.py"):
        for match in _CALL.finditer(path.read_text(encoding="utf-8")):
            text = ast.literal_eval(match.group(1) + match.group(2) + match.group(1))
            if text and text not in known:
                found.append(f"{path.name}: {text}")
    assert found == []


@pytest.mark.parametrize("type_name", sorted(REGISTRY))
def test_check_documentation_is_translated(type_name: str) -> None:
    zh = Texts("zh")
    doc = REGISTRY[type_name].documentation()
    for text in (doc.summary, doc.why, doc.fix):
        assert text
        translated = zh._(text)
        assert translated != text and re.search(r"[\u4e00-\u9fff]", translated), text


def test_placeholders_survive_translation() -> None:
    for message in load_po("zh"):
        if not message.id:
            continue
        for source, target in zip(_strings(message.id), _strings(message.string), strict=False):
            assert sorted(_PLACEHOLDER.findall(source)) == sorted(_PLACEHOLDER.findall(target))


def test_compiled_catalogue_is_current() -> None:
    mo = LOCALE_DIR / "zh" / "LC_MESSAGES" / "crmhealth.mo"
    assert mo.read_bytes() == compiled(load_po("zh")), "run python -m crmhealth.i18n.catalogue"


def test_numbers_and_dates_by_locale() -> None:
    from datetime import date

    en, zh = Texts("en"), Texts("zh")
    assert (en.percent(0.97651), en.number(12345), en.date(date(2026, 11, 1))) == (
        "97.7%",
        "12,345",
        "Nov 1, 2026",
    )
    assert zh.date(date(2026, 11, 1)) == "2026年11月1日"
    with pytest.raises(ValueError, match="unknown language 'fr'"):
        Texts("fr")


def test_the_wheel_ships_catalogue_and_templates(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(tmp_path), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("crmhealth-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in (
        "crmhealth/i18n/locale/zh/LC_MESSAGES/crmhealth.mo",
        "crmhealth/report/templates/report.html.j2",
        "crmhealth/report/templates/result.html.j2",
        "crmhealth/report/templates/chart.html.j2",
        "crmhealth/report/templates/report.css",
    ):
        assert needed in names


def test_templates_have_no_untranslated_text() -> None:
    """Text in a template outside Jinja expressions and HTML tags would reach the reader as it
    is; every English word must go through _()."""
    strays = []
    for path in (PACKAGE / "report" / "templates").glob("*.j2"):
        text = path.read_text(encoding="utf-8")
        text = re.sub(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", " ", text, flags=re.S)
        text = re.sub(r"<style>.*?</style>|<!DOCTYPE[^>]*>|<[^>]+>", " ", text, flags=re.S)
        strays += [f"{path.name}: {word}" for word in re.findall(r"[A-Za-z]{2,}", text)]
    assert strays == []

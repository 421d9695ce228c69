"""Keep the message catalogue in step with the code: ``python -m crmhealth.i18n.catalogue``.

Extracts every msgid from the package's Python code (``_()``, ``t._()``, ``N_()``,
``ngettext``) and Jinja templates (``_()``, ``{% trans %}``), adds each registered check type's
documentation (summary, why it matters, fix: reporters translate ``CheckDoc`` fields by looking
them up), writes ``crmhealth.pot``, merges it into ``locale/zh/LC_MESSAGES/crmhealth.po``
(existing translations kept, new entries empty) and compiles the ``.mo`` that ships in the wheel.

A maintainer tool, not used at run time; a test compares its extraction with the shipped
catalogue.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from crmhealth.i18n import DOMAIN, LOCALE_DIR

PACKAGE = Path(__file__).resolve().parent.parent
POT = Path(__file__).resolve().parent / f"{DOMAIN}.pot"
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None}
METHOD_MAP = [
    ("**/templates/**.j2", "jinja2"),
    ("**.py", "python"),
]
OPTIONS = {"**/templates/**.j2": {"extensions": "jinja2.ext.i18n"}}


def po_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def _check_docs() -> Iterator[tuple[str, str]]:
    from crmhealth.checks import REGISTRY

    for name, cls in sorted(REGISTRY.items()):
        doc = cls.documentation()
        for part in (doc.summary, doc.why, doc.fix):
            if part:
                yield part, f"check type {name}"


def template_catalogue() -> Catalog:
    """Every user-facing msgid of the package, as a fresh template."""
    catalog = Catalog(project="crmhealth", domain=DOMAIN, fuzzy=False)
    for filename, lineno, message, comments, _context in extract_from_dir(
        str(PACKAGE),
        method_map=METHOD_MAP,
        options_map=OPTIONS,
        keywords=KEYWORDS,
        comment_tags=("TRANSLATORS:",),
    ):
        if filename.startswith("i18n/"):
            continue
        catalog.add(message, None, [(f"crmhealth/{filename}", lineno)], auto_comments=comments)
    for text, where in _check_docs():
        catalog.add(text, None, [], auto_comments=[where])
    return catalog


def load_po(lang: str) -> Catalog:
    with po_path(lang).open("rb") as handle:
        return read_po(handle, locale=lang, domain=DOMAIN)


def compiled(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    return buffer.getvalue()


def main() -> None:
    template = template_catalogue()
    with POT.open("wb") as handle:
        write_po(handle, template, omit_header=False, sort_output=True)
    for lang in ("zh",):
        path = po_path(lang)
        path.parent.mkdir(parents=True, exist_ok=True)
        catalog = load_po(lang) if path.exists() else Catalog(locale=lang, domain=DOMAIN)
        catalog.update(template, update_header_comment=False, no_fuzzy_matching=True)
        catalog.project, catalog.version, catalog.fuzzy = "crmhealth", "", False
        catalog.header_comment = "# Simplified Chinese texts of crmhealth's reports."
        with path.open("wb") as handle:
            write_po(handle, catalog, sort_output=True, ignore_obsolete=True, width=100)
        path.with_suffix(".mo").write_bytes(compiled(catalog))
        missing = [m.id for m in catalog if m.id and not m.string]
        print(f"{path}: {len(catalog)} messages, {len(missing)} untranslated")


if __name__ == "__main__":
    main()

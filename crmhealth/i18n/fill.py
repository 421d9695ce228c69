"""Fill untranslated entries of a catalogue from a JSON file of ``{msgid: text}``:
``python -m crmhealth.i18n.fill zh translations.json`` (plural msgids are ``singular|plural``
with a list of forms). Existing translations are kept; the ``.mo`` is recompiled."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from babel.messages.pofile import write_po

from crmhealth.i18n.catalogue import compiled, load_po, po_path


def main(lang: str, source: Path) -> None:
    texts = json.loads(source.read_text(encoding="utf-8"))
    catalog = load_po(lang)
    filled = 0
    for message in catalog:
        if not message.id or (message.string and any(message.string)):
            continue
        key = message.id if isinstance(message.id, str) else "|".join(message.id)
        if key in texts:
            value = texts[key]
            message.string = tuple(value) if isinstance(value, list) else value
            filled += 1
    path = po_path(lang)
    with path.open("wb") as handle:
        write_po(handle, catalog, sort_output=True, ignore_obsolete=True, width=100)
    path.with_suffix(".mo").write_bytes(compiled(catalog))
    print(f"{path}: filled {filled}")


if __name__ == "__main__":
    main(sys.argv[1], Path(sys.argv[2]))

"""Header rows as clients send them: found below title rows, names cleaned of invisible
characters, repeated names refused, and the source's ``columns:`` aliases applied."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from crmhealth.errors import UserError, did_you_mean

# Characters that do not show: zero-width space/joiners, word joiner, BOM, soft hyphen.
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
# Spaces that look like a space but are not one: NBSP, ideographic and other Unicode spaces.
_ODD_SPACES = re.compile(r"[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_INVISIBLE_RE = re.compile(f"[{_INVISIBLE}]")
_SHOWN = re.compile(f"[{_INVISIBLE}\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\\x00-\\x1f\\x7f]")


def clean_name(raw: str) -> str:
    """A header name for matching: invisible characters removed, odd spaces made plain, and
    the ends trimmed (``' email\\u200b'`` -> ``email``)."""
    text = _ODD_SPACES.sub(" ", _INVISIBLE_RE.sub("", raw))
    return text.strip()


def visible(name: str) -> str:
    """`name` quoted, with invisible and control characters written as escapes
    (``'email\\u200b'``), so an error shows what the header really holds."""
    shown = _SHOWN.sub(lambda m: f"\\u{ord(m.group(0)):04x}", name)
    return f"'{shown}'"


def _is_texty(cell: str) -> bool:
    """A cell that could be a column name: not a number or a date."""
    stripped = cell.strip()
    return bool(stripped) and not re.fullmatch(r"[\d\s.,:/+\-年月日]+", stripped)


def find_header(records: Sequence[Sequence[str]]) -> int:
    """Index of the header among the first records of a sheet or file (blank ones included).

    Title and notes rows above the header hold a cell or two; the header is the first row whose
    non-empty cells fill at least two thirds of the usual row width and are at least two thirds
    texts (not numbers or dates). Without such a row the first non-blank row is the header.
    """
    filled = [[c for c in r if c is not None and str(c).strip()] for r in records]
    nonblank = [i for i, cells in enumerate(filled) if cells]
    if not nonblank:
        return 0
    widths = [len(records[i]) for i in nonblank]
    width = max(set(widths), key=lambda w: (widths.count(w), w))
    if width < 2:
        return nonblank[0]
    for i in nonblank:
        cells = [str(c) for c in filled[i]]
        texts = [c for c in cells if _is_texty(c)]
        if 3 * len(cells) >= 2 * width and len(cells) >= 2 and 3 * len(texts) >= 2 * len(cells):
            return i
    return nonblank[0]


def column_names(
    raw: Sequence[str | None],
    aliases: Mapping[str, str] | None,
    source: str,
    where: str,
    file: str | None = None,
) -> list[str]:
    """The names rules use for header cells `raw`: cleaned, an empty one called ``column_N``,
    then renamed by `aliases`. An alias key is a header as written (cleaned the same way) or,
    when no header has that name, a 1-based column number: ``{4: email_2}`` tells apart two
    columns that share a header.

    UserError for a name that still repeats (naming it and its positions; at `file` when
    given) and for an alias key that is neither a header nor a column number (at `where`, the
    source's rules line)."""
    names = [clean_name(r or "") or f"column_{i}" for i, r in enumerate(raw, start=1)]
    renamed = list(names)
    by_number: set[int] = set()
    for header, alias in (aliases or {}).items():
        key = clean_name(str(header))
        if key in names:
            continue
        if key.isdigit() and 1 <= int(key) <= len(names):
            renamed[int(key) - 1] = alias
            by_number.add(int(key))
            continue
        raise UserError(
            f"source '{source}': `columns:` renames {visible(str(header))}, which is not a "
            "header of this table" + did_you_mean(key, names),
            where,
        )
    positions: dict[str, list[int]] = {}
    for i, name in enumerate(names, start=1):
        if i not in by_number:
            positions.setdefault(name, []).append(i)
    for name, where_found in positions.items():
        if len(where_found) > 1:
            shown = ", ".join(
                f"{visible(raw[p - 1] or '')} in column {p}" if raw[p - 1] != name else str(p)
                for p in where_found
            )
            raise UserError(
                f"source '{source}': the header {visible(name)} appears more than once "
                f"(columns {shown}); rename the columns in the export so each name is unique, "
                f"or name them by number in the source's `columns:` "
                f"(e.g. `{{{where_found[-1]}: {name}_{len(where_found)}}}`)",
                file or where,
            )
    for header, alias in (aliases or {}).items():
        key = clean_name(str(header))
        if key in positions:
            renamed[positions[key][0] - 1] = alias
    clash = [n for n in renamed if renamed.count(n) > 1]
    if clash:
        raise UserError(
            f"source '{source}': `columns:` gives the name {visible(clash[0])} to a column while "
            "another column already has it; pick a different name",
            where,
        )
    return renamed

"""Header knowledge: which role a column's header names (email, phone, owner, stage…).

The knowledge itself is data, ``headers.json`` beside this module; this module only loads it and
matches normalised headers against it.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

# Zero-width characters, BOM, soft hyphen, word joiner: invisible in a sheet, real in a header.
_INVISIBLE = re.compile("[\u200b-\u200f\u2060\ufeff\u00ad]")
_SEPARATORS = re.compile(r"[\s_\-./()（）:：、·]+")


def normalise_header(header: str) -> str:
    """A header as it is compared: NFKC, invisible characters removed, lower case, and without
    spaces, underscores, dashes, dots, slashes, brackets or colons."""
    text = unicodedata.normalize("NFKC", _INVISIBLE.sub("", header))
    return _SEPARATORS.sub("", text).lower()


@dataclass(frozen=True)
class Role:
    name: str
    kind: str
    required: bool
    names: frozenset[str]
    patterns: tuple[re.Pattern[str], ...]


@dataclass(frozen=True)
class HeaderMatch:
    """A header's role and whether its name was known exactly (else a pattern matched, which
    the column's content must confirm)."""

    role: Role
    exact: bool


@dataclass(frozen=True)
class Knowledge:
    roles: tuple[Role, ...]
    placeholders: frozenset[str]
    han_surnames: tuple[str, ...]
    table_words: dict[str, frozenset[str]]

    def person_name_pattern(self) -> str:
        """A regex for a person's name: a common Chinese surname and one or two characters,
        or two or three capitalised Latin words."""
        surnames = "|".join(self.han_surnames)
        return rf"^(?:{surnames})\p{{Han}}{{1,2}}$|^[A-Z][a-z'\-]+(?: [A-Z][a-z'\-]+){{1,2}}$"

    def role(self, name: str) -> Role:
        return next(r for r in self.roles if r.name == name)

    def match(self, header: str) -> HeaderMatch | None:
        """The role a header names: exact names first, then patterns, in the file's order."""
        key = normalise_header(header)
        if not key:
            return None
        for role in self.roles:
            if key in role.names:
                return HeaderMatch(role, exact=True)
        for role in self.roles:
            if any(p.search(key) for p in role.patterns):
                return HeaderMatch(role, exact=False)
        return None

    def table_kinds(self, table_name: str) -> set[str]:
        """The table kinds (person, company, deal, activity, feedback) a table's name suggests."""
        key = normalise_header(table_name)
        return {kind for kind, words in self.table_words.items() if key in words}


@lru_cache(maxsize=1)
def knowledge() -> Knowledge:
    """The packaged header knowledge."""
    raw: dict[str, Any] = json.loads(
        resources.files("crmhealth.init").joinpath("headers.json").read_text(encoding="utf-8")
    )
    roles = tuple(
        Role(
            name=name,
            kind=spec["kind"],
            required=bool(spec["required"]),
            names=frozenset(normalise_header(n) for n in spec["names"]),
            patterns=tuple(re.compile(p) for p in spec["patterns"]),
        )
        for name, spec in raw["roles"].items()
    )
    return Knowledge(
        roles=roles,
        placeholders=frozenset(p.lower() for p in raw["placeholders"]),
        # Compound surnames first, so 欧阳 is tried before 欧.
        han_surnames=tuple(sorted(raw["han_surnames"], key=lambda s: (-len(s), s))),
        table_words={
            kind: frozenset(normalise_header(w) for w in words)
            for kind, words in raw["table_words"].items()
        },
    )

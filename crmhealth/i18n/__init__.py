"""Translations of user-facing text (gettext catalogues via Babel) and locale-aware figures.

English is the source language: every label in the code and the templates is an English msgid,
and ``locale/zh/LC_MESSAGES/crmhealth.po`` holds its Simplified Chinese text. A check type's
documentation (``CheckDoc`` summary, why, fix) is in the catalogue too, so reporters look those
texts up as they are. Numbers, percentages and dates are formatted by Babel for the language.

Update the catalogue with ``python scripts/update_catalogue.py`` after changing a label; a test
fails when an English msgid has no Chinese entry or the compiled ``.mo`` is stale.
"""

from __future__ import annotations

import functools
import gettext as _gettext
from datetime import date
from pathlib import Path

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal, format_percent
from babel.support import Translations

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "crmhealth"
LANGUAGES: tuple[str, ...] = ("en", "zh")
_BABEL_LOCALES = {"en": "en", "zh": "zh_Hans_CN"}


def N_(message: str) -> str:
    """Mark `message` for the catalogue without translating it here (a constant's label)."""
    return message


@functools.lru_cache(maxsize=8)
def _catalogue(lang: str) -> _gettext.NullTranslations:
    if lang == "en":
        return _gettext.NullTranslations()
    return Translations.load(str(LOCALE_DIR), [lang], domain=DOMAIN)


class Texts:
    """The translation and the number/date formats of one language."""

    def __init__(self, lang: str = "en") -> None:
        if lang not in LANGUAGES:
            raise ValueError(f"unknown language {lang!r}; use one of {', '.join(LANGUAGES)}")
        self.lang = lang
        self.locale = Locale.parse(_BABEL_LOCALES[lang])
        self._catalogue = _catalogue(lang)

    def _(self, message: str) -> str:
        """`message` (an English msgid) in this language; unknown messages stay English."""
        if not message:
            return message
        return self._catalogue.gettext(message)

    def gettext(self, message: str) -> str:
        return self._(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self._catalogue.ngettext(singular, plural, n)

    def number(self, value: float | int, digits: int = 0) -> str:
        """``12,345`` / ``97.4`` with the language's separators."""
        pattern = "#,##0" + ("." + "0" * digits if digits else "")
        return str(format_decimal(value, format=pattern, locale=self.locale))

    def percent(self, rate: float, digits: int = 1) -> str:
        """``97.6%`` for 0.9765."""
        pattern = "#,##0" + ("." + "0" * digits if digits else "") + "%"
        return str(format_percent(rate, format=pattern, locale=self.locale))

    def date(self, value: date) -> str:
        """A date in the language's medium form (``Nov 1, 2026`` / ``2026年11月1日``)."""
        return str(format_date(value, format="medium", locale=self.locale))


@functools.lru_cache(maxsize=8)
def texts(lang: str = "en") -> Texts:
    """The shared :class:`Texts` of a language."""
    return Texts(lang)


__all__ = ["DOMAIN", "LANGUAGES", "LOCALE_DIR", "N_", "Texts", "texts"]

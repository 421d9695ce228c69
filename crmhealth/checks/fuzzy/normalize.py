"""Vectorised normalisers: one Polars expression (or a few) per field kind.

Every function here works column-wise; nothing loops over rows in Python.  The only Python
loop is in :func:`pinyin_table`, over the *distinct Han characters* of a column (a few
thousand at most), whose pinyin is then substituted with one Aho-Corasick pass.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable

import polars as pl

from crmhealth.checks.fuzzy import tables

_HAN = r"\p{Han}"


def _null_if_empty(e: pl.Expr) -> pl.Expr:
    return pl.when(e.str.len_chars() > 0).then(e).otherwise(None)


def clean_text(e: pl.Expr) -> pl.Expr:
    """NFKC (full-width -> ASCII), lower case, single spaces, empty -> null."""
    s = e.str.normalize("NFKC").str.to_lowercase().str.replace_all(r"\s+", " ").str.strip_chars()
    return _null_if_empty(s)


def strip_accents(e: pl.Expr) -> pl.Expr:
    """Remove combining marks after NFKD so José == Jose (Han characters are unaffected)."""
    return e.str.normalize("NFKD").str.replace_all(r"\p{Mn}", "").str.normalize("NFC")


def name_tokens(e: pl.Expr) -> pl.Expr:
    """Space-separated name tokens: lower case, no accents or punctuation, and every Han
    character its own token, so 王伟 in one column equals 王 + 伟 split over two."""
    s = strip_accents(e.str.normalize("NFKC")).str.to_lowercase()
    s = s.str.replace_all(r"['’`]", "")  # O'Brien == OBrien
    s = s.str.replace_all(r"(\p{Han})", " $1 ")
    s = s.str.replace_all(r"[^\p{L}\p{N}]+", " ").str.strip_chars()
    return _null_if_empty(s)


def pinyin_table(columns: Iterable[pl.Series]) -> tuple[list[str], list[str]]:
    """Distinct Han characters of `columns` and their toneless pinyin (lazy style).

    Variant and traditional characters share the pinyin of their simplified form (靜/静 ->
    jing), and homophones share it by definition (伟/玮 -> wei), which is what we want.
    """
    from pypinyin import lazy_pinyin  # lazy: pypinyin loads a large dictionary

    chars: set[str] = set()
    for col in columns:
        found = col.str.extract_all(_HAN).explode().drop_nulls().unique()
        chars.update(found.to_list())
    ordered = sorted(chars)
    return ordered, [lazy_pinyin(c)[0] for c in ordered]


def to_pinyin(e: pl.Expr, table: tuple[list[str], list[str]]) -> pl.Expr:
    """Replace each Han character by ' pinyin ' (tokens stay space separated)."""
    chars, pys = table
    if not chars:
        return e
    out = e.str.replace_many(chars, [f" {p} " for p in pys])
    return out.str.replace_all(r"\s+", " ").str.strip_chars()


def canonical_name_tokens(tokens: pl.Expr) -> pl.Expr:
    """List of canonical tokens: nicknames mapped to their full name (Bill -> william)."""
    return tokens.str.split(" ").list.eval(pl.element().replace(tables.NICKNAMES))


def sorted_join(tokens: pl.Expr) -> pl.Expr:
    """Order-free key of a token list, so swapped first/last names compare equal."""
    return _null_if_empty(tokens.list.eval(pl.element().sort()).list.join(" "))


def letters_key(tokens: pl.Expr) -> pl.Expr:
    """The letters of a name, sorted: free of order, spacing and transpositions, so pinyin
    written per syllable or per word (xue li zhao / xueli zhao / zhaoxueli) and a full name in
    one column agree, and so do 'wnag' and 'wang'."""
    letters = tokens.list.join("").str.replace_all(r"[^a-z]", "")
    return _null_if_empty(letters.str.split("").list.eval(pl.element().sort()).list.join(""))


# --------------------------------------------------------------------------- e-mail


def email_full(e: pl.Expr) -> pl.Expr:
    """Lower case, no whitespace, no 'mailto:'; null unless it looks like local@domain."""
    s = e.str.normalize("NFKC").str.to_lowercase().str.replace_all(r"\s+", "")
    s = s.str.replace(r"^mailto:", "")
    return pl.when(s.str.contains(r"^[^@]+@[^@]+\.[^@]+$")).then(s).otherwise(None)


def email_local(full: pl.Expr) -> pl.Expr:
    """Local part without a +tag (john+crm@x.com -> john)."""
    return _null_if_empty(full.str.extract(r"^([^@+]*)", 1))


def name_like_local_common(local: pl.Expr, tokens: pl.Expr) -> pl.Expr:
    """The common spellings of :func:`name_like_local` (zhaowei, wei.zhao, jsmith, smithj) by
    list membership, which is much faster than its per-row regular expression."""
    letters = local.str.replace_all(r"[^a-z]", "")
    t = tokens
    first_initial = t.list.first().str.slice(0, 1)
    last_initial = t.list.last().str.slice(0, 1)
    head = t.list.slice(0, t.list.len() - 1).list.join("")
    tail = t.list.slice(1).list.join("")
    variants = pl.concat_list(
        [
            t.list.join(""),
            t.list.reverse().list.join(""),
            first_initial + tail,
            last_initial + head,
            tail + first_initial,
            head + last_initial,
            t.list.first(),
            t.list.last(),
        ]
    )
    return letters.is_in(variants).fill_null(False)


def name_like_local(local: pl.Expr, tokens: pl.Expr) -> pl.Expr:
    """True when an e-mail user name (letters only) is spelled wholly from the person's name
    parts, each whole or as an initial (zhaowei, wei.zhao, jsmith, smithj, liyulan for
    李玉兰 spelled li/yu/lan, xli for 李秀英): many namesakes own such a user name at different
    domains, so agreeing on it proves little, unlike 'zhangt114' or a QQ number."""
    letters = local.str.replace_all(r"[^a-z]", "")
    t = tokens.list.eval(pl.element().str.replace_all(r"[^a-z]", "")).list.eval(
        pl.element().filter(pl.element().str.len_chars() > 0)
    )
    initials = t.list.eval(pl.element().str.slice(0, 1))
    alts = pl.concat_list([t, initials]).list.unique().list.sort(descending=True)
    pattern = pl.lit("^(?:") + alts.list.join("|") + pl.lit(")+$")
    whole = letters.str.contains(pattern.fill_null("^$"), strict=False)
    # At least one whole name part, so a bare pair of initials ('jz') does not count.
    has_part = t.list.eval(pl.element().str.len_chars() >= 2).list.any()
    return (whole & has_part & (letters.str.len_chars() >= 3)).fill_null(False)


def email_domain(full: pl.Expr) -> pl.Expr:
    return full.str.extract(r"@(.+)$", 1)


# --------------------------------------------------------------------------- phone


_EXTENSION_RE = r"(?:ext|x|转|分机|#).*$"
_DASH_EXT_RE = r"^(.*[0-9].*)-\s*([0-9]{1,5})$"


def _split_extension(e: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    """(number without its extension, extension digits or null).

    Extensions come after a word (ext. 12, x3922, 转2949, 分机 8, #5) or, as on Chinese
    business cards, after a dash behind a complete number (0571-53194827-5155): a dash group
    counts as one only when the digits before it already make a whole number with its trunk
    prefix (11+ digits, 12+ when written with +/00 and a country code).
    """
    s = e.str.normalize("NFKC").str.to_lowercase()
    word = s.str.extract(_EXTENSION_RE, 0)
    s = s.str.replace(_EXTENSION_RE, "")
    head = s.str.extract(_DASH_EXT_RE, 1)
    n_head = head.str.replace_all(r"[^0-9]", "").str.len_chars()
    intl = head.str.strip_chars().str.contains(r"^(?:\+|00)")
    dash = head.is_not_null() & (n_head >= pl.when(intl).then(12).otherwise(11))
    number = pl.when(dash).then(head).otherwise(s)
    ext = pl.when(dash).then(s.str.extract(_DASH_EXT_RE, 2)).otherwise(word)
    return number, _null_if_empty(ext.str.replace_all(r"[^0-9]", ""))


def phone_extension(e: pl.Expr) -> pl.Expr:
    """Digits of a phone number's extension, or null.  A number written with one is a
    switchboard; the extension picks one desk behind it."""
    return _split_extension(e)[1]


def phone_e164(e: pl.Expr, country_code: int) -> pl.Expr:
    """E.164 without calling phonenumbers per row: digits, explicit +/00 country codes kept,
    the trunk prefix 0 dropped, and the region's country code added otherwise.

    It is a normalisation for matching, not validation: a malformed number still gets a
    stable key, and numbers shorter than 5 digits are treated as missing.
    """
    cc = str(country_code)
    s = _split_extension(e)[0]  # the extension is kept apart: phone_extension()
    has_plus = s.str.strip_chars().str.starts_with("+")
    d = s.str.replace_all(r"[^0-9]", "")
    n = d.str.len_chars()
    national = (
        pl.when(d.str.starts_with("0") & ~d.str.starts_with("00")).then(d.str.slice(1)).otherwise(d)
    )
    if country_code == 1:
        local = (
            pl.when((n == 11) & d.str.starts_with("1"))
            .then(pl.lit("+") + d)
            .otherwise(pl.lit("+1") + national)
        )
    else:
        local = (
            pl.when(d.str.starts_with(cc) & (n >= len(cc) + 10) & ~d.str.starts_with("0"))
            .then(pl.lit("+") + d)
            .otherwise(pl.lit("+" + cc) + national)
        )
    out = (
        pl.when(n < 5)
        .then(None)
        .when(has_plus)
        .then(pl.lit("+") + d)
        .when(d.str.starts_with("00"))
        .then(pl.lit("+") + d.str.slice(2))
        .otherwise(local)
    )
    return out


# --------------------------------------------------------------------------- company

_PLACES = "|".join(sorted(tables.ZH_PLACES, key=len, reverse=True))
_PLACE_PREFIX_RE = rf"^(?:{_PLACES})(?:省|市|自治区)?(.{{2,}})$"
_PLACE_BRACKET_RE = rf"\((?:{_PLACES})(?:省|市|自治区)?\)"


def _brackets(s: pl.Expr) -> pl.Expr:
    return s.str.replace_all(r"[（(]", "(").str.replace_all(r"[）)]", ")")


def _company_words(s: pl.Expr) -> pl.Expr:
    """Accents, '&' and punctuation as company names and legal forms both get them."""
    s = strip_accents(s).str.replace_all(r"&", " and ")
    return s.str.replace_all(r"[^\p{L}\p{N}]+", " ").str.strip_chars()


def _alternatives(forms: Iterable[str]) -> str:
    """One regex alternation of `forms`, longest first (so 股份有限公司 wins over 公司)."""
    escaped = (re.escape(f).replace("\\ ", " ") for f in sorted(set(forms), key=len, reverse=True))
    return "|".join(f for f in escaped if f)


@functools.cache
def _legal_form_patterns() -> tuple[str, str, str, str]:
    """(bracketed, Latin end, CJK end, start) regexes from the legal-form data file, each
    form cleaned exactly as company names are (so `L.L.C.` becomes `l l c`, `Co., Ltd.`
    `co ltd`)."""
    forms = tables.legal_forms()

    def cleaned(values: tuple[str, ...]) -> list[str]:
        frame = pl.DataFrame({"f": list(values)}, schema={"f": pl.String})
        return frame.select(_company_words(pl.col("f").str.normalize("NFKC").str.to_lowercase()))[
            "f"
        ].to_list()

    ends = cleaned(forms.end)
    han = [f.replace(" ", "") for f in ends if _has_cjk(f)]
    latin = [f for f in ends if not _has_cjk(f)]
    starts = cleaned(forms.start)
    bracketed = [unicodedata.normalize("NFKC", f).lower() for f in forms.bracket]
    return (
        _alternatives(bracketed),
        rf"(?:\s(?:{_alternatives(latin)}))+$",
        rf"(?:{_alternatives(han)})+$",
        rf"^(?:{_alternatives(f for f in starts if not _has_cjk(f))})(?:\s|$)"
        + rf"|^(?:{_alternatives(f for f in starts if _has_cjk(f))})",
    )


def _has_cjk(text: str) -> bool:
    return any(
        "\u3040" <= ch <= "\u30ff" or "\u3400" <= ch <= "\u9fff" or "\uac00" <= ch <= "\ud7af"
        for ch in text
    )


def company_core(e: pl.Expr) -> pl.Expr:
    """Brand core of a company name: no legal form (``data/legal_forms.tsv``: Acme Labs
    L.L.C., Foo Co., Ltd., Bar GmbH & Co. KG, 西门子(中国)有限公司, 株式会社東芝), no leading
    city or province, no 'and', punctuation or spaces.  北京星辰科技有限公司 -> 星辰科技;
    'ACME, Inc.' -> acme."""
    bracketed, latin_end, han_end, start = _legal_form_patterns()
    s = _brackets(e.str.normalize("NFKC").str.to_lowercase())
    if bracketed:
        s = s.str.replace_all(bracketed, " ")
    s = s.str.replace_all(_PLACE_BRACKET_RE, "")  # 星辰科技(北京)有限公司
    s = _company_words(s)
    full = s.str.replace_all(" ", "")
    s = s.str.replace(latin_end, "").str.replace(start, "")
    s = s.str.replace_all(r"\band\b", " ").str.replace_all(r"\s+", "")
    s = s.str.replace(han_end, "")
    s = s.str.replace(_PLACE_PREFIX_RE, "$1")
    s = s.str.replace(han_end, "")  # 北京星辰集团 -> 星辰 after the place went
    # A name that is *only* legal words ("The Company Ltd") keeps its cleaned form.
    s = pl.when(s.str.len_chars() > 0).then(s).otherwise(full)
    return _null_if_empty(s)


# --------------------------------------------------------------------------- address

_ABBR_FROM = list(tables.ADDRESS_ABBREVIATIONS)
_ABBR_TO = list(tables.ADDRESS_ABBREVIATIONS.values())


def address_norm(e: pl.Expr) -> pl.Expr:
    """Lower case, punctuation to spaces, street-type abbreviations expanded (St -> street)."""
    s = strip_accents(e.str.normalize("NFKC")).str.to_lowercase()
    s = s.str.replace_all(r"[^\p{L}\p{N}]+", " ").str.strip_chars()
    s = s.str.split(" ").list.eval(pl.element().replace(_ABBR_FROM, _ABBR_TO)).list.join(" ")
    return _null_if_empty(s)


def text_norm(e: pl.Expr) -> pl.Expr:
    return clean_text(e)


def exact_norm(e: pl.Expr) -> pl.Expr:
    """Identifiers: NFKC, lower case, no spaces/dashes/dots (ID 1234-567 == 1234567)."""
    s = e.str.normalize("NFKC").str.to_lowercase().str.replace_all(r"[\s\-_./]+", "")
    return _null_if_empty(s)


# --------------------------------------------------------------------------- dates

_MONTHS = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
    "sept": 9,
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}


def parse_dates(values: pl.Series) -> pl.DataFrame:
    """Columns y, m, d (Int32, null if unparseable) from ISO, compact, D/M/Y, M/D/Y, Chinese
    (2020年1月2日) and month-name dates.  Ambiguous a/b/YYYY is read day-first unless the
    second part exceeds 12; the *date* comparison has a day/month-swapped level for the rest.

    Evaluated in stages (each a plain column) because one nested expression repeats every
    sub-expression per use and makes Polars compile the same regexes many times.
    """
    words = sorted(_MONTHS, key=len, reverse=True)
    s = pl.col("s")
    g0, g1, g2 = pl.col("g0"), pl.col("g1"), pl.col("g2")
    a, b, c = pl.col("a"), pl.col("b"), pl.col("c")
    one8 = (pl.col("n") == 1) & (g0.str.len_chars() == 8)
    three = pl.col("n") == 3
    ymd = g0.str.len_chars() == 4
    month_first = ((a <= 12) & (b > 12)) | (pl.col("mfirst") & (b <= 31) & (a <= 12))
    y_last = (
        pl.when(g2.str.len_chars() == 2)
        .then(pl.when(c > 30).then(c + 1900).otherwise(c + 2000))
        .otherwise(c)
    )
    y, m, d = pl.col("y"), pl.col("m"), pl.col("d")
    ok = (m >= 1) & (m <= 12) & (d >= 1) & (d <= 31) & (y >= 1800) & (y <= 2200)
    return (
        values.to_frame("s")
        .lazy()
        .select(s.str.normalize("NFKC").str.to_lowercase().str.strip_chars())
        .with_columns(mfirst=s.str.contains(r"^[a-z]"))  # "Mar 4, 2020" is month-first
        .with_columns(
            # One Aho-Corasick pass (longest names first): month names -> middle numbers.
            s.str.replace_many(words, [f" {_MONTHS[w]} " for w in words])
            .str.replace(r"[t ][0-9]{1,2}:[0-9]{2}(:[0-9]{2})?.*$", "")  # time of day
            .str.extract_all(r"[0-9]+")
            .alias("nums")
        )
        .select(
            "mfirst",
            n=pl.col("nums").list.len(),
            g0=pl.col("nums").list.get(0, null_on_oob=True),
            g1=pl.col("nums").list.get(1, null_on_oob=True),
            g2=pl.col("nums").list.get(2, null_on_oob=True),
        )
        .with_columns(
            a=g0.cast(pl.Int32, strict=False),
            b=g1.cast(pl.Int32, strict=False),
            c=g2.cast(pl.Int32, strict=False),
        )
        .select(
            y=pl.when(one8)
            .then(g0.str.slice(0, 4).cast(pl.Int32, strict=False))
            .when(three)
            .then(pl.when(ymd).then(a).otherwise(y_last)),
            m=pl.when(one8)
            .then(g0.str.slice(4, 2).cast(pl.Int32, strict=False))
            .when(three)
            .then(pl.when(ymd).then(b).when(month_first).then(a).otherwise(b)),
            d=pl.when(one8)
            .then(g0.str.slice(6, 2).cast(pl.Int32, strict=False))
            .when(three)
            .then(pl.when(ymd).then(c).when(month_first).then(b).otherwise(a)),
        )
        .select(pl.when(ok).then(pl.col(x)).alias(x) for x in ("y", "m", "d"))
        .collect()
    )


def date_iso(y: pl.Expr, m: pl.Expr, d: pl.Expr) -> pl.Expr:
    """'YYYY-MM-DD' from the parts of :func:`parse_dates`."""
    return pl.format(
        "{}-{}-{}",
        y.cast(pl.String).str.zfill(4),
        m.cast(pl.String).str.zfill(2),
        d.cast(pl.String).str.zfill(2),
    )


def date_swap_key(y: pl.Expr, m: pl.Expr, d: pl.Expr) -> pl.Expr:
    """Same key for 2020-03-04 and 2020-04-03 (a day/month swap)."""
    lo = pl.min_horizontal(m, d).cast(pl.String).str.zfill(2)
    hi = pl.max_horizontal(m, d).cast(pl.String).str.zfill(2)
    return pl.format("{}-{}-{}", y.cast(pl.String).str.zfill(4), lo, hi)


def is_free_mail(domain: pl.Expr) -> pl.Expr:
    return domain.is_in(list(tables.FREE_MAIL_DOMAINS))


__all__ = [
    "address_norm",
    "canonical_name_tokens",
    "clean_text",
    "company_core",
    "date_iso",
    "date_swap_key",
    "email_domain",
    "email_full",
    "email_local",
    "exact_norm",
    "is_free_mail",
    "name_like_local",
    "name_tokens",
    "parse_dates",
    "phone_e164",
    "phone_extension",
    "pinyin_table",
    "sorted_join",
    "strip_accents",
    "text_norm",
    "to_pinyin",
]

"""Fuzzy duplicate-contact matching (probabilistic record linkage, Fellegi-Sunter + EM).

Method
------
1. Normalise each configured column by its kind: names (case, accents, nicknames -> full
   name, Han characters -> toneless pinyin so 王伟/王玮 and 靜/静 agree, all name columns
   pooled so 王 + 伟 equals 王伟 and swapped first/last names agree), e-mails (case, spaces,
   +tags), phones (any format -> E.164 for the region; an extension --
   ext. 12, x3922, 转2949 or 0571-53194827-5155 -- is kept apart), companies (legal forms, a leading
   city/province, punctuation removed), addresses (St -> street ...), dates (any common format,
   with day/month swaps detected), identifiers.
2. Blocking: candidate pairs are records agreeing exactly on at least one key -- a phone, an
   e-mail, an e-mail user name, an identifier or date, or a name key combined with another
   field.  Oversized blocks are skipped, so the pair count stays near-linear.
3. Each candidate pair gets a graded level per field (exact / pinyin or nickname / near /
   similar / different, or missing).  Names are compared part by part: each part the same, a
   nickname of the other (the curated ``nicknames`` data set: Nikki/Nicole, Jake/Jacob), one
   typo apart (looked for as written too where a nickname was mapped: Seven / Steven), or an
   initial (R. Ngyyen / Robert Nguyen is an initial plus a typo); a name may miss a part
   (Mary / Mary Reyes), but a Han name only a whole name column (秋德 / 王 + 秋德, not
   李敏 / 李晨敏).  Different e-mails where one
   is free-mail and the other at a company domain, and different phones where one is a mobile
   and the other an office number (a switchboard, an extension, a Chinese fixed line), get
   their own levels: people keep a personal and a work address and line.  A number one digit
   off a switchboard is no near match (it is a colleague's desk as often as a typo).
4. The weight of each level, log2(m/u), is estimated from the table itself: u from random
   pairs, m and the match rate by expectation-maximisation.  Agreeing on a rare value counts
   more than agreeing on a common one (term-frequency adjustment: two 王伟 or two John Smiths
   are weak evidence, a shared switchboard number too; a value's frequency leaves the record
   itself out, so a name only one person's records carry counts as rare).  A partial name
   agreement is weighed by the records fitting the shared pattern too: 'Mary' or 王 alone
   fits many records, 秋德 or 'C. Quill' few.  A phone or mailbox
   used by three or more people (told apart by their names' initials, so typos and nicknames
   of one person do not count as several) or a number anyone wrote with an extension is
   shared; the same number *and* extension is one desk, as good as a direct line.
   EM sees the same evidence as the
   final weights (term frequencies included), and at most 1% of true duplicates may have
   wholly different names, so colleagues sharing a company and its switchboard cannot pass
   for the match class.  Evidence counted twice is dropped: an e-mail user name that only
   spells the agreeing name (wangwei@163.com / wangwei@126.com), and a shared phone or
   mailbox when the company agrees too.
5. Pairs whose match probability reaches the threshold are linked; groups are the connected
   components, split again with a stricter threshold when they are large (more than 8
   records) or chain-like (fewer than 2/3 of their record pairs linked directly).

Parameters users may set
------------------------
* ``fields``: column -> kind, kinds in :data:`FIELD_KINDS`.
* ``region``: default phone region (ISO 3166 alpha-2) for numbers written without a country
  code; ``None`` means ``"CN"``.  Numbers with ``+``/``00`` keep their own country code.
* ``threshold``: match probability in (0, 1) above which a pair is linked; default 0.5.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from crmhealth.checks.fuzzy.features import FIELD_KINDS

if TYPE_CHECKING:
    import polars as pl

__all__ = ["FIELD_KINDS", "find_fuzzy_duplicates"]


def find_fuzzy_duplicates(
    frame: pl.DataFrame,
    fields: Mapping[str, str],
    *,
    region: str | None = None,
    threshold: float | None = None,
) -> pl.DataFrame:
    """One row per member of every duplicate group (groups of size >= 2 only).

    Columns: ``row`` (UInt32, 0-based row position in `frame`), ``group`` (UInt32, 1..n in
    order of each group's first row), ``score`` (Float64, the member's best match probability
    within its group), ``reason`` (String, why it matched).  Sorted by group, then row.

    Raises ``ValueError`` for an unknown field kind, a column not in `frame`, an unknown
    region or a threshold outside (0, 1).
    """
    from crmhealth.checks.fuzzy.engine import find_fuzzy_duplicates as run

    return run(frame, fields, region=region, threshold=threshold)

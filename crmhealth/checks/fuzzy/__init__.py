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
2. Identical records (every compared field the same after normalisation, or missing on
   both, with an unshared identifier among them) are one group at any table size; they are
   matched once, as one record.
3. Blocking: candidate pairs are records agreeing exactly on at least one key -- a phone, an
   e-mail, an e-mail user name, an identifier or date, or a name key combined with another
   field (the company, the e-mail user name, the phone's last 4 digits or the phone without
   them).  Oversized blocks (more than 60 records) are skipped, so the pair count stays
   near-linear.  From 40,000 records on, each rule's *yield* -- the share of the pairs only it
   adds that the model then links -- is measured on a random quarter of the records, and
   rules linking fewer than 1 in 100 of their pairs are left out of the full run.
4. Each candidate pair gets a graded level per field (exact / pinyin or nickname / near /
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
   Company names lose their legal form (``data/legal_forms.tsv``: L.L.C., Co., Ltd.,
   GmbH & Co. KG, (中国), 股份有限公司 ...); addresses whose house numbers differ are
   neighbours, not near matches.
5. The weight of each level, log2(m/u), is estimated from the table itself: u from random
   pairs, m and the match rate by expectation-maximisation.  EM starts from, and is anchored
   to, the level shares among high-confidence matches -- pairs sharing an e-mail or phone
   line nobody else uses whose names agree (each identifier's own shares come from pairs
   the other one vouches for) -- counted as that many pairs in every step, so it cannot drift
   towards colleagues.  Agreeing on a rare value counts more than on a common one
   (term-frequency adjustment: two 王伟 or two John Smiths are weak evidence, a shared
   switchboard number too).  Frequencies count *holders*, not records: records joined by an
   unshared e-mail or phone line are one holder, so an organisation listed twenty times does
   not make its own name common, and a value's own holder is left out.  The same name-like
   e-mail user name at another provider (wang.wei53@163.com / wang.wei53@qq.com), where the
   names agree, is weighed by how often the name's *namesakes* share that user name
   (``wangwei`` many do, ``wang.wei53`` few).  A partial name agreement is weighed by the
   records fitting the shared pattern too: 'Mary' or 王 alone fits many records, 秋德 or
   'C. Quill' few.  A phone or mailbox used by three or more people (told apart by their
   names' initials, or for organisation records by their company names) or a number anyone
   wrote with an extension is shared; the same number *and* extension is one desk, as good
   as a direct line.  EM sees the same evidence as the final weights, and at most 1% of true
   duplicates may have wholly different names (the person's, or for organisation records the
   company's), so colleagues sharing a company and its switchboard cannot pass for the match
   class.  A shared phone or mailbox counts for nothing when the company agrees too.
6. Pairs whose match probability reaches the threshold are linked; groups are the connected
   components, split again with a stricter threshold where they are chain-like (fewer than
   2/3 of their record pairs linked directly), or larger than 8 records without a hub: one
   record linked to every member, to half of them by an unshared e-mail or phone.  So a
   site listed twenty times with one phone stays one group, five namesakes at one big
   account do not.
7. Each group gets a suggested master record (most fields filled, then the latest
   ``updated`` date, then the first row) and, per member, the columns differing from it.

Where the constants come from: 60 (block cap) bounds the pairs per key to 1,770; 0.5 is the
match probability (even odds); 2/3 is the density of a chain of three; 8 records, 1 in 100
(rule yield) and the 1% different-name cap are judgements, not fitted to any benchmark.
The threshold may be set per check.

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

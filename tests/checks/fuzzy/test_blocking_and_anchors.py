"""Blocking-rule attribution (what each rule adds beyond the ones before it, the input of the
yield test) and the high-confidence pairs that anchor EM's m, on hand-countable tables."""

from __future__ import annotations

import numpy as np
import polars as pl

from crmhealth.checks.fuzzy.blocking import candidate_pairs_by_rule
from crmhealth.checks.fuzzy.engine import MIN_ANCHORS, _anchor_m
from crmhealth.checks.fuzzy.features import Comparison


def test_each_pair_is_credited_to_the_first_rule_finding_it() -> None:
    feat = pl.DataFrame(
        {
            "email": ["a@x", "a@x", None, None, "b@x"],
            "name": ["li", "li", "li", "wu", "wu"],
            "city": ["bj", "sh", "bj", "sh", "sh"],
        }
    )
    a, b, rule = candidate_pairs_by_rule(feat, [("email",), ("name",), ("name", "city")])
    got = sorted(zip(a.tolist(), b.tolist(), rule.tolist(), strict=True))
    # (0,1) by e-mail first (and by name), (0,2) and (1,2) by name, (3,4) by name;
    # name+city adds nothing new: (0,2) is li/bj but name found it already.
    assert got == [(0, 1, 0), (0, 2, 1), (1, 2, 1), (3, 4, 1)]


def _comps() -> list[Comparison]:
    return [
        Comparison("name", "name", "name"),
        Comparison("email", "email", "email"),
        Comparison("phone", "phone", "phone"),
    ]


def test_anchors_come_from_pairs_another_identifier_vouches_for() -> None:
    n = 100
    name = np.zeros(n, dtype=np.int8)  # all names the same
    email = np.full(n, 6, dtype=np.int8)  # all e-mails different ...
    email[:40] = 0  # ... except 40 pairs sharing one
    phone = np.full(n, 4, dtype=np.int8)
    phone[30:70] = 0  # 40 pairs sharing a phone line, 10 of them sharing the e-mail too
    out = _anchor_m(_comps(), [name, email, phone], [6, 7, 5])
    name_m, email_m, phone_m = out
    assert name_m is not None and email_m is not None and phone_m is not None
    # e-mail's shares come from the 40 phone-vouched pairs: 10 at level 0, 30 different
    assert email_m[1] == 40.0
    assert email_m[0][0] == (10 + 0.5) / (40 + 0.5 * 7)
    # phone's from the 40 e-mail-vouched pairs: 10 at level 0
    assert phone_m[1] == 40.0
    assert phone_m[0][0] == (10 + 0.5) / (40 + 0.5 * 5)
    # the name's from every vouched pair (70)
    assert name_m[1] == 70.0


def test_too_few_vouched_pairs_anchor_nothing() -> None:
    n = MIN_ANCHORS + 5
    levels = [
        np.zeros(n, dtype=np.int8),
        np.full(n, 6, dtype=np.int8),
        np.full(n, 4, dtype=np.int8),
    ]
    levels[1][: MIN_ANCHORS - 1] = 0
    out = _anchor_m(_comps(), levels, [6, 7, 5])
    assert out[2] is None  # the phone would need MIN_ANCHORS e-mail-vouched pairs

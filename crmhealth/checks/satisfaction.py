"""Satisfaction: are customers happy (NPS, CSAT), per channel or owner?"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar, Literal

import polars as pl
from pydantic import model_validator

from crmhealth.checks.base import CheckSpec, ColumnUse, Dimension, RunContext
from crmhealth.checks.common import MAX_SAMPLES, present_trimmed
from crmhealth.checks.parsing import parse_number
from crmhealth.checks.plan import Aggregate, CheckPlan, Figures, Finish, Lookups
from crmhealth.masking import mask_emails_only
from crmhealth.results import GroupStat, KeySample, Result

Scale = Literal["nps", "csat"]
SCALES: dict[str, tuple[int, int]] = {"nps": (0, 10), "csat": (1, 5)}


class SatisfactionCheck(CheckSpec):
    """Customers must be satisfied: Net Promoter Score or CSAT from a feedback table's scores.

    Reads a score column (trimmed; ``9``, ``9.0`` and `` 9 `` are the whole number 9). With
    ``scale: nps`` scores are whole numbers 0–10: promoters score 9–10, detractors 0–6, and
    NPS = 100 × (promoters − detractors) / responses, from −100 to 100. With ``scale: csat``
    scores are whole numbers 1–5, a response is satisfied at 4 or 5, and CSAT = 100 × satisfied
    / responses (a percentage). Without ``scale`` it is detected from the values: nps when a
    whole-number score is 0 or above 5, else csat.

    Missing scores, scores that are not numbers, and numbers off the scale (11, −1, 4.5) are
    not responses: ``details`` counts them apart (``missing``, ``not_numeric``,
    ``out_of_scale``). total = groups (the values of ``by``, such as channel or owner, trimmed;
    without ``by`` one group: the table); failed = groups whose score is below ``min``, or that
    have no response at all. Without ``min`` nothing fails and the result reports the score.
    ``details`` gives the overall score with its counts and each group's.

    Parameters:
      column  the score column
      scale   nps (0–10) or csat (1–5); detected from the values when omitted
      min     optional lowest acceptable score (NPS −100..100, CSAT 0..100)

    Why it matters: satisfaction and repeat business are how a CRM shows it pays off; a channel
    or owner whose customers are unhappy is where churn starts. Fix: call the detractors back,
    and look at what the low-scoring channel or owner does differently.
    """

    type_name: ClassVar[str] = "satisfaction"
    default_dimension: ClassVar[Dimension] = "feedback"
    example: ClassVar[str] = """\
- id: nps-per-channel
  type: satisfaction
  table: feedback
  column: score
  scale: nps
  min: 20
  by: channel
"""

    column: str
    scale: Scale | None = None
    min: float | None = None

    @model_validator(mode="after")
    def _min_on_scale(self) -> SatisfactionCheck:
        low = -100 if self.scale in (None, "nps") else 0
        if self.min is not None and not low <= self.min <= 100:
            raise ValueError(f"min {self.min:g} is outside the score's range ({low}..100)")
        return self

    def id_suffix(self) -> list[str]:
        return [self.column]

    def columns_used(self) -> list[ColumnUse]:
        return [ColumnUse(self.table, self.column, "column"), *super().columns_used()]

    def plan(self, ctx: RunContext) -> CheckPlan:
        text = present_trimmed(pl.col(self.column))
        number = parse_number(pl.col(self.column))
        whole = number.is_not_null() & (number == number.round(0))
        group = (
            present_trimmed(pl.col(self.by)) if self.by else pl.lit(None, dtype=pl.String)
        ).alias("group")

        def scores(lf: pl.LazyFrame, _lookups: Lookups) -> pl.LazyFrame:
            """Per group: how many rows hold each whole-number score, and the rows apart."""
            if (scope := self.in_scope()) is not None:
                lf = lf.filter(scope)
            return lf.group_by(group).agg(
                text.is_null().sum().cast(pl.Int64).alias("missing"),
                (text.is_not_null() & number.is_null()).sum().cast(pl.Int64).alias("not_numeric"),
                (number.is_not_null() & ~whole).sum().cast(pl.Int64).alias("fraction"),
                *(
                    (whole & (number == score)).sum().cast(pl.Int64).alias(f"s{score}")
                    for score in range(0, 11)
                ),
                (whole & ((number < 0) | (number > 10))).sum().cast(pl.Int64).alias("beyond"),
            )

        return CheckPlan(
            table=self.table,
            measures=lambda _lookups: (),
            aggregates={"scores": Aggregate(self.table, scores)},
            finish=self._finish,
        )

    def _scale_of(self, totals: dict[str, int]) -> Scale:
        if self.scale is not None:
            return self.scale
        above_five = sum(totals[f"s{s}"] for s in range(6, 11)) + totals["beyond"]
        return "nps" if totals["s0"] or above_five else "csat"

    def _figures(self, counts: dict[str, int], scale: Scale) -> dict[str, Any]:
        low, high = SCALES[scale]
        on_scale = {s: counts[f"s{s}"] for s in range(low, high + 1)}
        responses = sum(on_scale.values())
        off = sum(counts[f"s{s}"] for s in range(0, 11) if not low <= s <= high)
        out: dict[str, Any] = {"responses": responses}
        if scale == "nps":
            promoters = on_scale[9] + on_scale[10]
            detractors = sum(on_scale[s] for s in range(0, 7))
            out |= {
                "promoters": promoters,
                "passives": responses - promoters - detractors,
                "detractors": detractors,
            }
            value = 100 * (promoters - detractors) / responses if responses else None
        else:
            satisfied = on_scale[4] + on_scale[5]
            out |= {"satisfied": satisfied, "unsatisfied": responses - satisfied}
            value = 100 * satisfied / responses if responses else None
        out["score"] = None if value is None else round(value, 2)
        out |= {
            "missing": counts["missing"],
            "not_numeric": counts["not_numeric"],
            "out_of_scale": off + counts["beyond"] + counts["fraction"],
        }
        return out

    def _finish(self, _measures: Sequence[Any]) -> Finish:
        def finish(figures: Figures) -> list[Result]:
            stats = figures.aggregates["scores"]
            keys = [c for c in stats.columns if c != "group"]
            totals = {k: int(stats.get_column(k).sum()) for k in keys}
            scale = self._scale_of(totals)
            overall = self._figures(totals, scale)
            shown = (lambda v: v) if figures.show_pii else mask_emails_only
            groups = []
            for row in stats.iter_rows(named=True):
                got = self._figures({k: int(row[k]) for k in keys}, scale)
                below = got["score"] is None or (self.min is not None and got["score"] < self.min)
                groups.append({"group": shown(row["group"]), **got, "below_min": below})
            if not groups:
                groups = [{"group": None, **overall, "below_min": True}]
            if self.min is None:
                for g in groups:
                    g["below_min"] = g["score"] is None
            groups.sort(key=lambda g: (g["score"] is not None, g["score"] or 0, str(g["group"])))
            failed = sum(1 for g in groups if g["below_min"])
            name = scale.upper()
            bound = f" (min {self.min:g})" if self.min is not None else ""
            if self.by:
                message = (
                    f"{failed} of {len(groups)} groups by {self.by} have {name} below "
                    f"{self.min:g} or no response; overall {name} {overall['score']}"
                    if self.min is not None
                    else f"{name} {overall['score']} over {overall['responses']} responses"
                )
            else:
                message = f"{name} {overall['score']} over {overall['responses']} responses{bound}"
            details: dict[str, Any] = {"scale": scale, "overall": overall}
            if self.by:
                details["groups"] = groups
            return [
                Result(
                    **self.base_fields(),
                    column=self.column,
                    status=self.status_of(failed, len(groups)),
                    failed=failed,
                    total=len(groups),
                    message=message,
                    samples=tuple(
                        KeySample(self.by or "group", g["group"], {"score": g["score"]})
                        for g in groups
                        if g["below_min"]
                    )[:MAX_SAMPLES],
                    by=self.by,
                    breakdown=tuple(
                        GroupStat(group=g["group"], failed=int(g["below_min"]), total=1)
                        for g in groups
                    )
                    if self.by
                    else (),
                    details=details,
                )
            ]

        return finish

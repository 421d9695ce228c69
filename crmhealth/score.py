"""The health score: results → dimension scores → one 0–100 score and a grade. Pure arithmetic.

- A dimension's score is the weighted mean of its results' pass rates × 100 (each result weighs
  its check's ``weight:``, default 1). Results with status ``error`` measured nothing and are
  left out.
- The overall score is the weighted mean of the measured dimensions' scores (top-level
  ``weights:``, default 1 each); a dimension with no results is "not measured" (score null) and
  left out.
- Grade: A ≥ 90, B ≥ 80, C ≥ 70, D ≥ 60, else F.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from crmhealth.results import DIMENSIONS, DimensionScore, Result, Status

GRADES: tuple[tuple[float, str], ...] = ((90, "A"), (80, "B"), (70, "C"), (60, "D"))


def grade_for(score: float) -> str:
    """The letter grade of a 0–100 score."""
    for floor, letter in GRADES:
        if score >= floor:
            return letter
    return "F"


def dimension_scores(
    results: Iterable[Result], weights: Mapping[str, float]
) -> tuple[DimensionScore, ...]:
    """One DimensionScore per dimension, in the fixed order of DIMENSIONS."""
    measured = [r for r in results if r.status is not Status.ERROR]
    scores = []
    for name in DIMENSIONS:
        mine = [r for r in measured if r.dimension == name]
        total_weight = sum(r.weight for r in mine)
        score = (
            100 * sum(r.weight * r.pass_rate for r in mine) / total_weight
            if mine and total_weight > 0
            else None
        )
        scores.append(
            DimensionScore(name=name, score=score, weight=weights.get(name, 1.0), results=len(mine))
        )
    return tuple(scores)


def overall_score(dimensions: Iterable[DimensionScore]) -> float | None:
    """Weighted mean of the measured dimensions' scores; None if none was measured."""
    measured = [d for d in dimensions if d.score is not None and d.weight > 0]
    total = sum(d.weight for d in measured)
    if not measured or total == 0:
        return None
    return sum(d.weight * (d.score or 0.0) for d in measured) / total

"""Score arithmetic: weighted means, unmeasured dimensions, errors left out, grades."""

from __future__ import annotations

import pytest

from crmhealth.results import DIMENSIONS, Result, Status
from crmhealth.score import dimension_scores, grade_for, overall_score


def _result(
    dimension: str, failed: int, total: int, weight: float = 1.0, status: Status = Status.PASS
) -> Result:
    return Result(
        check="c",
        type="t",
        dimension=dimension,
        table="x",
        column=None,
        status=status,
        failed=failed,
        total=total,
        message="",
        weight=weight,
    )


def test_dimension_and_overall_scores_are_weighted_means() -> None:
    results = [
        _result("accuracy", 5, 100),  # 0.95
        _result("accuracy", 15, 100, weight=3),  # 0.85, three times the weight
        _result("completeness", 2, 100),  # 0.98
        _result("freshness", 0, 0),  # nothing measured: pass rate 1.0
        _result("usage", 0, 10, status=Status.ERROR),  # could not run: left out
    ]
    dims = {d.name: d for d in dimension_scores(results, {"completeness": 2.0})}
    assert list(dims) == list(DIMENSIONS)
    assert dims["accuracy"].score == pytest.approx(100 * (0.95 + 3 * 0.85) / 4)  # 87.5
    assert dims["completeness"].score == pytest.approx(98.0)
    assert dims["freshness"].score == pytest.approx(100.0)
    assert dims["usage"].score is None and dims["usage"].results == 0
    assert dims["feedback"].score is None
    overall = overall_score(dims.values())
    # (1 × 87.5 + 2 × 98 + 1 × 100) / 4
    assert overall == pytest.approx((87.5 + 2 * 98.0 + 100.0) / 4)


def test_nothing_measured_has_no_score() -> None:
    assert overall_score(dimension_scores([], {})) is None


def test_a_zero_weight_leaves_a_dimension_out() -> None:
    dims = dimension_scores(
        [_result("accuracy", 50, 100), _result("usage", 0, 10)], {"accuracy": 0}
    )
    assert overall_score(dims) == pytest.approx(100.0)


@pytest.mark.parametrize(
    ("score", "grade"),
    [
        (100, "A"),
        (90, "A"),
        (89.99, "B"),
        (80, "B"),
        (79.9, "C"),
        (70, "C"),
        (69.9, "D"),
        (60, "D"),
        (59.9, "F"),
        (0, "F"),
    ],
)
def test_grades(score: float, grade: str) -> None:
    assert grade_for(score) == grade

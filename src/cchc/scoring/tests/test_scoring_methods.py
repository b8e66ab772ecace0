"""As the appraisal council I want every auto-scored leaf to turn the data into points by its
method, exactly as the seed's council did, and a set with broken parameters refused."""

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ..methods import Facts, check_params, score

BANDS_6_1_3 = {"bands": [{"min": 1.0, "points": 1}, {"min": 0.9, "points": 0.5}]}
BANDS_3_2_4 = {"bands": [{"min": 1.0, "points": 0.5}, {"min": 0, "points": 0.25}]}


@pytest.mark.parametrize(
    "method, top, params, facts, expected",
    [
        # seed 002: 7.1 "Hoàn thành 85% kế hoạch" → 1,7 of 2
        ("proportional", "2", {}, Facts(ratio=D("0.85")), D("1.70")),
        # seed 002: 3.4.1 about 99% on time → 1,98 of 2
        ("proportional", "2", {}, Facts(ratio=D("0.99")), D("1.98")),
        # seed 002: 5.6.2 68/69 = 98,6% of commune officials up to standard → 0 of 0,5
        ("threshold", "0.5", {}, Facts(ratio=D(68) / D(69)), D("0")),
        ("threshold", "0.5", {}, Facts(ratio=D(1)), D("0.5")),
        # seed 002: 6.1.3 audit recommendations 94,2% done → 0,5 of 1
        ("bands", "1", BANDS_6_1_3, Facts(ratio=D("0.942")), D("0.50")),
        ("bands", "1", BANDS_6_1_3, Facts(ratio=D("0.85")), D("0")),
        # seed 002: 3.2.4 not 100% → 0,25 of 0,5
        ("bands", "0.5", BANDS_3_2_4, Facts(ratio=D("0.97")), D("0.25")),
        # seed 002: 1.6.1 11 late and 5 undone tasks → 1,91 of 3
        (
            "deductions",
            "3",
            {"deductions": {"per_late": 0.04, "per_undone": 0.13, "floor": 0}},
            Facts(late=11, undone=5),
            D("1.91"),
        ),
        ("deductions", "1", {"per_late": 0.5, "per_undone": 1}, Facts(late=3, undone=2), D("0")),
        # seed 002: 1.2.1 "Báo cáo năm 2021 … trễ hạn" → 0 of 0,25
        ("on_time", "0.25", {}, Facts(ratio=D("0.75")), D("0")),
        ("on_time", "0.25", {}, Facts(ratio=D(1)), D("0.25")),
        ("yes_no", "1", {}, Facts(holds=True), D("1")),
        ("manual", "5", {}, Facts(ratio=D(1)), None),
        ("proportional", "2", {}, Facts(), None),
    ],
)
def test_each_method_scores_the_seed_examples(method, top, params, facts, expected):
    """As the council I see the points the seed's council gave, computed from the data."""
    assert score(method, top, params, facts) == expected


@given(
    top=st.decimals(min_value=0, max_value=50, places=2),
    ratio=st.decimals(min_value=-1, max_value=3, places=4),
    method=st.sampled_from(["proportional", "threshold", "yes_no", "on_time"]),
)
def test_points_never_leave_zero_to_the_maximum(top, ratio, method):
    """As a unit I can never be given more than a leaf's maximum or less than zero."""
    points = score(method, top, {}, Facts(ratio=ratio))
    assert D(0) <= points <= top


@pytest.mark.parametrize(
    "method, params, fragment",
    [
        ("magic", {}, "không có"),
        ("bands", {}, "cần tham số bands"),
        ("bands", {"bands": [{"min": 1.5, "points": 1}]}, "tỷ lệ từ 0 đến 1"),
        ("bands", {"bands": [{"min": 1, "points": 9}]}, "từ 0 đến điểm tối đa"),
        ("deductions", {}, "per_late"),
        ("deductions", {"per_late": -1, "per_undone": 1}, "không được âm"),
        ("threshold", {"at": "abc"}, "không phải số"),
    ],
)
def test_a_leaf_with_broken_parameters_is_explained(method, params, fragment):
    """As the author of a criteria set I am told what is wrong with a method's parameters."""
    problems = check_params(method, "2", params)
    assert problems and any(fragment in p for p in problems)


def test_complete_parameters_pass():
    """As the author of a criteria set, a correct leaf raises nothing."""
    assert check_params("bands", "1", BANDS_6_1_3) == []
    assert (
        check_params("deductions", "3", {"deductions": {"per_late": 0.04, "per_undone": 0.13}})
        == []
    )
    assert check_params("proportional", "2", {}) == []

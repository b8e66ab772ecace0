"""The scoring methods of the 766 rule set at and around their thresholds (pure, no database):
version 1 as shipped in data/service_index_766_v1.json."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from .. import service_index as si
from .. import service_rules

RULES = service_rules.parse(service_rules.read_file())
D = Decimal


def rule(code: str) -> si.Indicator:
    return next(i for i in RULES.indicators() if i.code == code)


def points(code: str, numerator: int, denominator: int) -> Decimal:
    item = si.evaluate_indicator(rule(code), si.Figure(numerator, denominator))
    return item.points


def test_version_1_has_the_six_groups_of_index_md():
    """As the province's reform officer I find the six groups and their maxima of Quyết định
    766 in the rule set: 18 + 20 + 12 + 10 + 18 + 22 = 100."""
    assert [(g.name, g.max) for g in RULES.groups] == [
        ("Công khai, minh bạch", 18),
        ("Tiến độ giải quyết", 20),
        ("Dịch vụ công trực tuyến", 12),
        ("Thanh toán trực tuyến", 10),
        ("Mức độ hài lòng", 18),
        ("Số hóa hồ sơ", 22),
    ]
    assert [i.max for i in RULES.groups[0].indicators] == [6, 6, 6]
    assert RULES.max == 100


@pytest.mark.parametrize(
    ("code", "numerator", "denominator", "expected"),
    [
        # procedures offered online: 80% → 2, else 1,6 (even at 0%)
        ("3.1", 8, 10, D(2)),
        ("3.1", 79, 100, D("1.6")),
        ("3.1", 0, 10, D("1.6")),
        ("3.1", 10, 10, D(2)),
        # online dossiers: 50% → 6, else 3
        ("3.3", 1, 2, D(6)),
        ("3.3", 49, 100, D(3)),
        # fee-bearing procedures payable online: 50% → 2, else 1,6
        ("4.1", 5, 10, D(2)),
        ("4.1", 4, 10, D("1.6")),
        # payable on the national portal: entered 1/1 → 2, 0/1 → 0
        ("4.2", 1, 1, D(2)),
        ("4.2", 0, 1, D(0)),
        # fee-bearing dossiers paid online: 30% → 6, below it 6 × ratio ÷ 30%
        ("4.3", 3, 10, D(6)),
        ("4.3", 29, 100, D("5.80")),
        ("4.3", 15, 100, D(3)),
        # digitised components / re-used data: 80% → 6, below 6 × ratio ÷ 80%
        ("6.2", 4, 5, D(6)),
        ("6.2", 1, 2, D("3.75")),
        ("6.3", 79, 100, D("5.93")),
        # proportional ones
        ("2.1", 9, 12, D(15)),
        ("2.1", 2, 3, D("13.33")),
        ("6.1", 6, 7, D("8.57")),
        ("3.2", 1, 3, D("1.33")),
    ],
)
def test_thresholds_of_version_1(code, numerator, denominator, expected):
    """As the reform officer I get exactly the points the rule set promises at and just
    below each threshold."""
    assert points(code, numerator, denominator) == expected


def test_the_method_in_words():
    """As a citizen I read each indicator's rule in Vietnamese."""
    assert rule("3.1").method_text == "Tỷ lệ ≥ 80%: 2 điểm; dưới 80%: 1,6 điểm"
    assert rule("4.3").method_text == "Tỷ lệ ≥ 30%: 6 điểm; dưới 30%: 6 × tỷ lệ ÷ 30%"
    assert rule("2.1").method_text == "Điểm = 20 × tỷ lệ"


def test_empty_indicators_follow_when_empty():
    """As the province I choose per indicator what "no figure" earns: left out of the
    maximum (the default), 0 points, or full points."""
    base = rule("2.1")
    empty = si.Figure(0, 0)
    excluded = si.evaluate_indicator(base, empty)
    assert (excluded.points, excluded.counted_max, excluded.percent) == (None, 0, None)
    zero = si.evaluate_indicator(si.Indicator(**{**base.__dict__, "when_empty": "zero"}), empty)
    assert (zero.points, zero.counted_max) == (0, 20)
    full = si.evaluate_indicator(si.Indicator(**{**base.__dict__, "when_empty": "full"}), empty)
    assert (full.points, full.counted_max) == (20, 20)


def test_index_is_points_over_the_counted_maximum():
    """As the reform officer I see the index as points ÷ the maximum that was counted × 100,
    two decimals, and a unit with nothing at all has no index."""
    figures = {i.code: si.Figure(1, 2) for i in RULES.indicators()}
    figures.pop("5.1")
    result = si.evaluate("x", "X", RULES, figures)
    assert result.max == 82
    assert result.index == (result.points * 100 / 82).quantize(D("0.01"))
    assert si.evaluate("y", "Y", RULES, {}).index is None


def test_ties_share_a_rank():
    """As the province I rank units by index; equal indices share a rank and the next rank
    skips (1, 2, 2, 4); a unit without an index has no rank."""
    half = {i.code: si.Figure(1, 2) for i in RULES.indicators()}
    whole = {i.code: si.Figure(1, 1) for i in RULES.indicators()}
    results = [
        si.evaluate("c", "C", RULES, half),
        si.evaluate("a", "A", RULES, whole),
        si.evaluate("d", "D", RULES, {}),
        si.evaluate("b", "B", RULES, half),
        si.evaluate("e", "E", RULES, {"2.1": si.Figure(0, 5)}),
    ]
    ranked = si.rank(results)
    assert [(r.key, r.rank) for r in ranked] == [
        ("a", 1),
        ("b", 2),
        ("c", 2),
        ("e", 4),
        ("d", None),
    ]


@given(
    denominator=st.integers(min_value=1, max_value=10_000),
    share=st.fractions(min_value=0, max_value=1),
)
def test_points_stay_within_the_maximum(denominator, share):
    """As the reform officer I never see points below 0 or above an indicator's maximum,
    and more done never earns fewer points."""
    numerator = int(share * denominator)
    for item in RULES.indicators():
        got = points(item.code, numerator, denominator)
        assert D(0) <= got <= item.max
        if numerator < denominator:
            assert points(item.code, numerator + 1, denominator) >= got

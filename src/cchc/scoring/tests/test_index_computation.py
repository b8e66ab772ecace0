"""As the province I want every unit's index, grade and rank derived from its leaf scores —
never typed — exactly as seed 002 prints them."""

from decimal import Decimal as D

from hypothesis import given
from hypothesis import strategies as st

from ..index import LeafScore, Node, grades_from, index_of, rank, unit_result
from .factories import DEFAULT_GRADES

GRADES = grades_from(DEFAULT_GRADES)


def two_areas():
    return [
        Node("1", "Chỉ đạo, điều hành", None),
        Node("1.1", "Báo cáo", "1", D("2")),
        Node("1.2", "Tuyên truyền", "1", D("3")),
        Node("2", "Thủ tục hành chính", None),
        Node("2.1", "Đúng hạn", "2", D("4")),
        Node("2.2", "Bưu chính", "2", D("1")),
    ]


def test_seed_002_indices_and_grades():
    """As the district I read 81,45/95 → 85,74 (Tốt) and Đắk Rve 62,12/94 → 66,09 (Khá)."""
    for points, maximum, index, grade in [
        ("81.45", "95", "85.74", "Tốt"),
        ("79.3", "97", "81.75", "Tốt"),
        ("81.4", "95.5", "85.24", "Tốt"),
        ("78.77", "94", "83.80", "Tốt"),
        ("77.9", "96", "81.15", "Tốt"),
        ("62.12", "94", "66.09", "Khá"),
        ("77.5", "96", "80.73", "Tốt"),
    ]:
        nodes = [Node("1", "Lĩnh vực", None), Node("1.1", "Tiêu chí", "1", D(maximum))]
        result = unit_result("u", "Đơn vị", nodes, {"1.1": LeafScore(True, D(points))}, GRADES)
        assert (result.index, result.grade) == (D(index), grade)


def test_non_applicable_leaves_leave_the_maximum():
    """As a commune without postal procedures I am assessed out of 9, not 10."""
    scores = {
        "1.1": LeafScore(True, D("2")),
        "1.2": LeafScore(True, D("2.5")),
        "2.1": LeafScore(True, D("3.5")),
        "2.2": LeafScore(False, None),
    }
    result = unit_result("u", "Xã", two_areas(), scores, GRADES)
    assert (result.points, result.max, result.index) == (D("8"), D("9"), D("88.89"))
    assert [(a.points, a.max, a.index) for a in result.areas] == [
        (D("4.5"), D("5"), D("90.00")),
        (D("3.5"), D("4"), D("87.50")),
    ]
    assert result.complete


def test_a_stated_total_that_disagrees_with_its_parts_is_flagged_not_used():
    """As the district I see Đăk Ruồng's stated 78,15 flagged: its areas add up to 76,65."""
    nodes = [Node("1", "A", None), Node("1.1", "a", "1", D("50")), Node("2", "B", None)]
    nodes.append(Node("2.1", "b", "2", D("45")))
    scores = {"1.1": LeafScore(True, D("40")), "2.1": LeafScore(True, D("36.65"))}
    result = unit_result("u", "UBND xã Đăk Ruồng", nodes, scores, GRADES, {None: D("78.15")})
    assert result.points == D("76.65") and result.index == D("80.68")
    [mismatch] = result.mismatches
    assert (mismatch.code, mismatch.stated, mismatch.derived) == (None, D("78.15"), D("76.65"))
    assert unit_result("u", "x", nodes, scores, GRADES, {"1": D("40")}).mismatches == []


def test_ties_share_a_rank():
    """As the province I rank units by index; equal indices share a rank (1, 2, 2, 4)."""
    nodes = [Node("1", "A", None), Node("1.1", "a", "1", D("10"))]
    results = [
        unit_result(name, name, nodes, {"1.1": LeafScore(True, D(p))}, GRADES)
        for name, p in (("A", "9"), ("B", "8"), ("C", "8"), ("D", "7"))
    ]
    ordered = rank(results)
    assert [(r.key, r.rank) for r in ordered] == [("A", 1), ("B", 2), ("C", 2), ("D", 4)]


def test_bonus_and_penalty_move_points_not_the_maximum():
    """As the province I add bonus and take penalty points outside the maximum."""
    nodes = two_areas() + [
        Node("9", "Điểm thưởng, điểm trừ", None, part="bonus"),
        Node("9.1", "Thưởng", "9", D("2"), part="bonus"),
        Node("9.2", "Trừ", "9", D("2"), part="penalty"),
    ]
    scores = {code: LeafScore(True, D("1")) for code in ("1.1", "1.2", "2.1", "2.2")}
    scores |= {"9.1": LeafScore(True, D("1.5")), "9.2": LeafScore(True, D("0.5"))}
    result = unit_result("u", "Xã", nodes, scores, GRADES)
    assert (result.bonus, result.penalty) == (D("1.5"), D("0.5"))
    assert (result.points, result.max) == (D("5.0"), D("10"))


@given(
    st.lists(
        st.tuples(st.decimals(min_value=0, max_value=5, places=2), st.booleans()),
        min_size=1,
        max_size=12,
    )
)
def test_totals_are_the_sums_of_their_parts(leaves):
    """As anyone reading a result, the unit's points and maximum are the sums of its
    applicable leaves and its index lies between 0 and 100."""
    nodes = [Node("1", "A", None)] + [
        Node(f"1.{i}", "x", "1", D("5")) for i in range(1, len(leaves) + 1)
    ]
    scores = {
        f"1.{i}": LeafScore(applicable, points if applicable else None)
        for i, (points, applicable) in enumerate(leaves, start=1)
    }
    result = unit_result("u", "x", nodes, scores, GRADES)
    applicable = [(p, a) for p, a in leaves if a]
    assert result.points == sum((p for p, _ in applicable), D(0))
    assert result.max == D(5) * len(applicable)
    assert result.index == index_of(result.points, result.max)
    if result.index is not None:
        assert D(0) <= result.index <= D(100)

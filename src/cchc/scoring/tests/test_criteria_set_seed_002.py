"""The two criteria sets behind seed 002 (Kon Rẫy, Kon Tum, 2021) import cleanly: the
district set of Quyết định 609/QĐ-UBND (95 points) with the leaves the analysis report
names, and the commune set of Quyết định 514/QĐ-UBND (97 points) whose non-applicable leaves
give the communes' maxima of 94 to 97."""

from decimal import Decimal
from itertools import combinations
from pathlib import Path

import pytest

from .. import criteria_files as cf
from .. import sets
from ..methods import Facts, score

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parents[1] / "data"  # the sample sets shipped with the app
OFFICES = {"NOIVU", "VP", "TUPHAP", "TCKH", "VHTT"}


def leaf(spec, code):
    node = spec.find(code)
    assert node is not None and node.is_leaf, code
    return node


def test_the_district_set_imports_with_the_leaves_of_the_seed():
    """As the reform officer of Kon Rẫy I import the province's 2021 district set and find the
    95 points of eight areas and every leaf the analysis report speaks of."""
    criteria_set, summary = sets.import_set_file(DATA / "seed002_district_set.yaml")
    assert "tổng điểm tối đa 95" in summary
    assert (criteria_set.code, criteria_set.year, criteria_set.unit_kind) == (
        "KT-HUYEN-2021",
        2021,
        "district",
    )
    assert criteria_set.decision_ref == "609/QĐ-UBND ngày 12/7/2021"
    assert [g["name"] for g in criteria_set.grades] == [
        "Xuất sắc",
        "Tốt",
        "Khá",
        "Trung bình",
        "Yếu",
    ]
    spec = sets.spec_from_set(criteria_set)
    assert [(a.name, cf.derived_max(a)) for a in spec.items] == [
        ("Công tác chỉ đạo, điều hành CCHC", Decimal(23)),
        ("Xây dựng và tổ chức thực hiện văn bản QPPL", Decimal(9)),
        ("Cải cách thủ tục hành chính", Decimal(12)),
        ("Cải cách tổ chức bộ máy hành chính nhà nước", Decimal(8)),
        ("Xây dựng và nâng cao chất lượng đội ngũ CBCCVC", Decimal(11)),
        ("Cải cách tài chính công", Decimal(10)),
        ("Hiện đại hóa nền hành chính", Decimal(15)),
        ("Chấp hành quy chế văn hóa công sở, kỷ luật, kỷ cương hành chính", Decimal(7)),
    ]
    expected = {
        "1.2.1": ("0.25", "on_time", "reporting.on_time?type=reform-annual", "NOIVU"),
        "1.2.4": ("0.25", "on_time", "reporting.on_time?type=tthc-control", "VP"),
        "1.2.6": ("0.25", "on_time", "", "TCKH"),
        "1.2.8": ("0.5", "on_time", "", "NOIVU"),
        "1.4.2": ("5", "manual", "", "VHTT"),
        "1.6.1": ("3", "deductions", "plans.assigned", "VP"),
        "1.6.2": ("1", "manual", "", "VP"),
        "3.2.4": ("0.5", "bands", "", "VP"),
        "3.2.5": ("0.5", "bands", "", "VP"),
        "3.4.1": ("2", "proportional", "dossiers.on_time_rate?scope=all", "VP"),
        "4.2.2": ("1", "yes_no", "", "NOIVU"),
        "5.6.2": ("0.5", "threshold", "", "NOIVU"),
        "6.1.2": ("1", "yes_no", "", "TCKH"),
        "6.1.3": ("1", "bands", "", "TCKH"),
        "6.3.1": ("2", "manual", "", "TCKH"),
        "7.1": ("2", "proportional", "", "VHTT"),
        "7.2": ("8", "manual", "", "VHTT"),
        "7.3": ("3", "manual", "", "VP"),
    }
    for code, (top, method, source, office) in expected.items():
        node = leaf(spec, code)
        assert (node.max_points, node.method, node.source, node.responsible) == (
            Decimal(top),
            method,
            source,
            office,
        ), code
    assert leaf(spec, "1.2.4").responsible_text == "Văn phòng HĐND&UBND huyện"
    assert leaf(spec, "1.4.2").responsible_text == (
        "Phòng Văn hóa - Thông tin và Trung tâm Văn hóa - Thể thao - Du lịch và Truyền thông"
    )
    assert leaf(spec, "7.3").applicability == "has_postal_procedures"
    assert spec.parent_of("7.1").code == "7"
    leaves = [node for node, _, _ in spec.walk() if node.is_leaf]
    assert all(node.responsible in OFFICES for node in leaves)


def test_the_district_leaves_score_the_seed_figures():
    """As the appraiser I expect the district set's methods to give the seed's points: 1.6.1
    1,91 of 3 for 11 late and 5 undone tasks, 3.2.4 0,25 below 100%, 6.1.3 0,5 at 94,2%,
    5.6.2 nothing at 98,6%, 7.1 1,7 at 85%, 3.4.1 1,98 at 99%."""
    spec = cf.read_file(DATA / "seed002_district_set.yaml")

    def points(code, facts):
        node = leaf(spec, code)
        return score(node.method, node.max_points, node.params, facts)

    assert points("1.6.1", Facts(late=11, undone=5)) == Decimal("1.91")
    assert points("3.2.4", Facts(ratio=Decimal("0.97"))) == Decimal("0.25")
    assert points("3.2.5", Facts(ratio=Decimal(1))) == Decimal("0.5")
    assert points("6.1.3", Facts(ratio=Decimal("0.942"))) == Decimal("0.5")
    assert points("5.6.2", Facts(ratio=Decimal(68) / 69)) == 0
    assert points("7.1", Facts(ratio=Decimal("0.85"))) == Decimal("1.7")
    assert points("3.4.1", Facts(ratio=Decimal("0.99"))) == Decimal("1.98")
    assert points("1.2.1", Facts(holds=False)) == 0


def test_the_commune_set_allows_exactly_the_seed_maxima():
    """As the reform officer of Kon Rẫy I import our 2021 commune set (97 points); leaving out
    the non-applicable leaves gives the maxima the seed's communes have."""
    criteria_set, summary = sets.import_set_file(DATA / "seed002_commune_set.yaml")
    assert "tổng điểm tối đa 97" in summary
    assert criteria_set.issuer is None and criteria_set.unit_kind == "commune"
    assert criteria_set.decision_ref == "514/QĐ-UBND ngày 12/11/2021"
    spec = sets.spec_from_set(criteria_set)
    assert [cf.derived_max(a) for a in spec.items] == [
        Decimal(x) for x in ("33.5", "9", "19.5", "5", "5", "6", "12", "7")
    ]
    assert leaf(spec, "2.3").max_points == 1 and leaf(spec, "2.3").applicability == ""
    assert leaf(spec, "3.5").max_points == 1
    assert leaf(spec, "3.5").applicability == "has_postal_procedures"
    assert [leaf(spec, c).max_points for c in ("3.6.1", "3.6.2")] == [Decimal("0.5")] * 2
    assert leaf(spec, "4.3").max_points == 1
    # Area 3 loses 1, 1,5 or 2 points: 3.5, 3.6.1, 3.6.2 in any combination.
    area3 = [leaf(spec, c).max_points for c in ("3.5", "3.6.1", "3.6.2")]
    losses = {sum(c) for r in (1, 2, 3) for c in combinations(area3, r)}
    assert losses == {Decimal("0.5"), Decimal(1), Decimal("1.5"), Decimal(2)}
    # The seed's communes: (non-applicable leaves, area maxima, total maximum).
    seed = {
        "Đắk Tô Re": ((), (33.5, 9, 19.5, 5, 5, 6, 12, 7), 97),
        "Đắk Tô Lung": (("3.5", "3.6.1"), (33.5, 9, 18, 5, 5, 6, 12, 7), 95.5),
        "Tân Lập": (("3.5", "3.6.1", "3.6.2", "4.3"), (33.5, 9, 17.5, 4, 5, 6, 12, 7), 94),
        "Đăk Kôi": (("3.5",), (33.5, 9, 18.5, 5, 5, 6, 12, 7), 96),
        "Đăk Ruồng": (("3.5", "3.6.1", "3.6.2"), (33.5, 9, 17.5, 5, 5, 6, 12, 7), 95),
        "Đắk Rve": (("3.5", "3.6.1", "3.6.2", "4.3"), (33.5, 9, 17.5, 4, 5, 6, 12, 7), 94),
        "Đắk Pnè": (("2.3",), (33.5, 8, 19.5, 5, 5, 6, 12, 7), 96),
    }
    for commune, (left_out, areas, total) in seed.items():
        kept = [
            sum(
                (n.max_points for n, _, _ in cf.SetSpec(items=[a]).walk()
                 if n.is_leaf and n.code not in left_out),
                Decimal(0),
            )
            for a in spec.items
        ]  # fmt: skip
        assert kept == [Decimal(str(x)) for x in areas], commune
        assert sum(kept) == Decimal(str(total)), commune
    assert all(
        node.max_points == node.max_points.quantize(Decimal("0.01"))
        for node, _, _ in spec.walk()
        if node.is_leaf
    )

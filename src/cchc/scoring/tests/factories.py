"""Test data for the reform index: a criteria set from a compact nested spec, a round with
its participations and score rows through `services.open_round`, and a small world of a
district with its communes and the staff of every role."""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace

from cchc.units.models import Office, OfficeKind, Role, RoleGrant, UnitKind
from cchc.units.tests.factories import UnitFactory, UserFactory

from ..models import CriteriaSet, Criterion

DEFAULT_GRADES = [
    {"name": "Xuất sắc", "min": "90"},
    {"name": "Tốt", "min": "80"},
    {"name": "Khá", "min": "65"},
    {"name": "Trung bình", "min": "50"},
    {"name": "Yếu", "min": "0"},
]


def criteria_set(code: str, items: list, *, unit_kind=UnitKind.COMMUNE, year=2021, **fields):
    """`items`: nested tuples `(code, name, children)` for parents and
    `(code, name, {"max": …, "method": …, …})` for leaves."""
    found = CriteriaSet.objects.create(
        code=code,
        name=fields.pop("name", f"Bộ tiêu chí {code}"),
        year=year,
        unit_kind=unit_kind,
        grades=fields.pop("grades", DEFAULT_GRADES),
        **fields,
    )
    _add(found, None, items)
    return found


def _add(criteria_set_, parent, items):
    for code, name, rest in items:
        if isinstance(rest, list):
            node = Criterion.objects.create(
                criteria_set=criteria_set_, parent=parent, code=code, name=name
            )
            _add(criteria_set_, node, rest)
            continue
        leaf = dict(rest)
        Criterion.objects.create(
            criteria_set=criteria_set_,
            parent=parent,
            code=code,
            name=name,
            max_points=Decimal(str(leaf.pop("max"))),
            method=leaf.pop("method", "manual"),
            **leaf,
        )


# A small commune set: 2 areas, 10 points.
SMALL_SET = [
    (
        "1",
        "Công tác chỉ đạo, điều hành CCHC",
        [
            (
                "1.1",
                "Thực hiện chế độ báo cáo",
                [
                    (
                        "1.1.1",
                        "Báo cáo CCHC quý, 6 tháng, năm",
                        {"max": "0.5", "method": "on_time", "responsible": "VPTK"},
                    ),
                    ("1.1.2", "Chất lượng báo cáo", {"max": "1.5", "responsible": "VPTK"}),
                ],
            ),
            ("1.2", "Tuyên truyền CCHC", {"max": "3", "responsible": "VHXH"}),
        ],
    ),
    (
        "2",
        "Cải cách thủ tục hành chính",
        [
            (
                "2.1",
                "Tỷ lệ hồ sơ giải quyết đúng hạn",
                {
                    "max": "4",
                    "method": "proportional",
                    "source": "dossiers.on_time_rate?scope=self",
                    "responsible": "MOTCUA",
                },
            ),
            (
                "2.2",
                "Tiếp nhận, trả kết quả qua bưu chính công ích",
                {"max": "1", "method": "yes_no", "applicability": "has_postal_procedures"},
            ),
        ],
    ),
]


def world() -> SimpleNamespace:
    """UBND huyện Kon Rẫy (KR) with two communes, their offices and staff: the district's
    appraiser and reform officer (who organise the commune round), each commune's reform
    officer, and a specialist without a scoring role."""
    w = SimpleNamespace()
    w.province = UnitFactory(code="KT", name="UBND tỉnh Kon Tum", kind=UnitKind.PROVINCE)
    w.district = UnitFactory(
        code="KR", name="UBND huyện Kon Rẫy", kind=UnitKind.DISTRICT, parent=w.province
    )
    w.a = UnitFactory(
        code="KR-DTR", name="UBND xã Đắk Tô Re", kind=UnitKind.COMMUNE, parent=w.district
    )
    w.b = UnitFactory(
        code="KR-TL", name="UBND xã Tân Lập", kind=UnitKind.COMMUNE, parent=w.district
    )
    for unit in (w.a, w.b):
        for code, name in (
            ("VPTK", "Văn phòng – Thống kê"),
            ("VHXH", "Văn hóa – Xã hội"),
            ("MOTCUA", "Bộ phận Một cửa"),
        ):
            Office.objects.create(unit=unit, code=code, name=name, kind=OfficeKind.SPECIALIST)
    w.appraiser = _staff("thamdinh.kr", Role.APPRAISER, w.district)
    w.district_officer = _staff("cchc.kr", Role.REFORM_OFFICER, w.district)
    w.officer_a = _staff("cchc.dtr", Role.REFORM_OFFICER, w.a)
    w.officer_b = _staff("cchc.tl", Role.REFORM_OFFICER, w.b)
    w.specialist_a = _staff("chuyenvien.dtr", Role.SPECIALIST, w.a)
    return w


def _staff(username, role, unit):
    user = UserFactory(username=username)
    RoleGrant.objects.create(user=user, unit=unit, role=role)
    return user

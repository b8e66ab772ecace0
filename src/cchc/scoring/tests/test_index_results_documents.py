"""The results of a reform-index round come out as the JSON of formats.md, an XLSX sheet, an
official DOCX with its tables and charts, and PNG/SVG charts — every figure derived from the
leaf scores (seed 002: Kon Rẫy and its communes, 2021)."""

from __future__ import annotations

import io
import json
import re
from datetime import date, datetime
from decimal import Decimal
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from docx import Document
from openpyxl import load_workbook

from cchc.dossiers.tests.factories import docx_rows, docx_text
from cchc.units.models import Office, OfficeKind, UnitKind
from cchc.units.tests.factories import UnitFactory

from ..models import (
    AssessmentRound,
    CriteriaSet,
    Criterion,
    Participation,
    RoundStatus,
    Score,
    StatedTotal,
)
from ..queries import results_of
from ..results_documents import (
    heatmap_chart,
    ranking_chart,
    results_docx,
    results_json,
    results_xlsx,
    year_over_year_chart,
)

pytestmark = pytest.mark.django_db

VN = ZoneInfo("Asia/Ho_Chi_Minh")
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
GRADES = [
    {"name": "Xuất sắc", "min": "90"},
    {"name": "Tốt", "min": "80"},
    {"name": "Khá", "min": "65"},
    {"name": "Trung bình", "min": "50"},
    {"name": "Yếu", "min": "0"},
]

# -- the seed's district set (95 points): the leaves the analysis names, plus one filler per
# area so that each area reaches its maximum. (code, name, max, points, criterion, score)
DISTRICT_AREAS = {
    "1": "Công tác chỉ đạo, điều hành cải cách hành chính",
    "2": "Xây dựng và tổ chức thực hiện văn bản quy phạm pháp luật",
    "3": "Cải cách thủ tục hành chính",
    "4": "Cải cách tổ chức bộ máy hành chính Nhà nước",
    "5": "Xây dựng và nâng cao chất lượng đội ngũ cán bộ, công chức, viên chức",
    "6": "Cải cách tài chính công",
    "7": "Hiện đại hóa nền hành chính",
    "8": "Việc chấp hành quy chế văn hóa công sở, kỷ luật, kỷ cương hành chính",
}
DISTRICT_LEAVES = [
    ("1.1", "Kế hoạch cải cách hành chính năm", "12.75", "12.75", {"responsible": "NOIVU"}, {}),
    (
        "1.2.1",
        "Báo cáo CCHC quý, 6 tháng, năm",
        "0.25",
        "0",
        {"responsible": "NOIVU"},
        {
            "loss_reason": "Báo cáo năm 2021 số 496/BC-UBND ngày 20/12/2021 trễ hạn",
            "appraisal_note": "Trễ hạn",
            "self_note": "Đã gửi báo cáo",
        },
    ),
    (
        "1.2.4",
        "Báo cáo tình hình, kết quả kiểm soát TTHC (quý I, 6 tháng, quý III, năm)",
        "0.25",
        "0",
        {"responsible": "VP"},
        {
            "appraisal_note": "Các báo cáo quý và năm trễ hạn.",
            "self_note": "Đã gửi đủ báo cáo",
            "responsible": "Văn phòng HĐND&UBND huyện",
        },
    ),
    (
        "1.2.6",
        "Báo cáo công tác tài chính, ngân sách",
        "0.25",
        "0",
        {"responsible": "TCKH"},
        {
            "loss_reason": "Báo cáo số 334/BC-UBND ngày 25/10/2021 thực hiện kết luận kiểm toán trễ hạn."
        },
    ),
    (
        "1.2.8",
        "Báo cáo tự đánh giá, chấm điểm CCHC",
        "0.5",
        "0",
        {"responsible": "NOIVU"},
        {"loss_reason": "Báo cáo tự chấm điểm số 403/BC-UBND ngày 22/11/2021 trễ hạn."},
    ),
    (
        "1.4.2",
        "Mức độ đa dạng trong tuyên truyền cải cách hành chính",
        "5",
        "4",
        {
            "responsible_text": "Phòng Văn hóa - Thông tin và Trung tâm Văn hóa - Thể thao - "
            "Du lịch và Truyền thông"
        },
        {
            "self_note": "do năm 2021 tình hình diễn biến dịch Covid-19 phức tạp nên chưa "
            "tuyên truyền được dưới các hình thức khác như Tổ chức thi/tọa đàm/sân khấu hóa"
        },
    ),
    (
        "1.6.1",
        "Thực hiện nhiệm vụ do UBND tỉnh, Chủ tịch UBND tỉnh giao",
        "3",
        "1.91",
        {},
        {
            "auto_provenance": "11 nhiệm vụ hoàn thành quá hạn, 05 nhiệm vụ chưa hoàn thành",
            "responsible": "Các phòng ban chuyên môn và UBND các xã, thị trấn chịu trách nhiệm "
            "chủ trì, tham mưu; Văn phòng HĐND&UBND huyện chịu trách nhiệm theo dõi, đôn đốc",
        },
    ),
    (
        "1.6.2",
        "Chất lượng thực hiện nhiệm vụ do Ủy ban nhân dân tỉnh, Chủ tịch Ủy ban nhân dân tỉnh giao",
        "1",
        "0.83",
        {},
        {"loss_reason": "05 nhiệm vụ chưa hoàn thành chưa đánh giá được kết quả."},
    ),
    ("2.1", "Ban hành văn bản quy phạm pháp luật", "9", "9", {"responsible": "TUPHAP"}, {}),
    ("3.1", "Công khai thủ tục hành chính", "9", "9", {"responsible": "VP"}, {}),
    (
        "3.2.4",
        "Tỷ lệ hồ sơ được tiếp nhận thông qua Cổng dịch vụ công và Hệ thống thông tin một cửa "
        "điện tử",
        "0.5",
        "0.25",
        {},
        {},
    ),
    (
        "3.2.5",
        "Thao tác xử lý hồ sơ trên Cổng dịch vụ công và Hệ thống thông tin một cửa điện tử",
        "0.5",
        "0.25",
        {},
        {},
    ),
    ("3.4.1", "Kết quả giải quyết hồ sơ thủ tục hành chính", "2", "1.98", {}, {}),
    ("4.1", "Tổ chức bộ máy", "7", "7", {"responsible": "NOIVU"}, {}),
    (
        "4.2.2",
        "Xây dựng Kế hoạch biên chế công chức, số lượng người làm việc hàng năm",
        "1",
        "0",
        {"responsible": "NOIVU"},
        {},
    ),
    ("5.1", "Công tác tuyển dụng", "10.5", "10.5", {"responsible": "NOIVU"}, {}),
    (
        "5.6.2",
        "Tỷ lệ đạt chuẩn của cán bộ cấp xã",
        "0.5",
        "0",
        {"responsible": "NOIVU"},
        {
            "loss_reason": "01/69 cán bộ chưa đạt chuẩn về chuyên môn",
            "responsible": "Phòng Nội vụ huyện và UBND xã Đăk PNe",
        },
    ),
    (
        "6.1.2",
        "Thực hiện quy định về việc sử dụng kinh phí từ nguồn ngân sách nhà nước",
        "1",
        "0",
        {"responsible": "TCKH", "responsible_text": "Ban Quản lý dự án đầu tư xây dựng huyện"},
        {},
    ),
    (
        "6.1.3",
        "Tổ chức thực hiện các kiến nghị sau thanh tra, kiểm tra, kiểm toán nhà nước về tài "
        "chính, ngân sách",
        "1",
        "0.5",
        {"responsible": "TCKH"},
        {},
    ),
    ("6.2", "Tự chủ tài chính", "6", "6", {"responsible": "TCKH"}, {}),
    (
        "6.3.1",
        "Số đơn vị sự nghiệp công lập tự bảo đảm chi thường xuyên",
        "2",
        "0",
        {"responsible": "TCKH"},
        {},
    ),
    (
        "7.1",
        "Mức độ hoàn thành Kế hoạch ứng dụng CNTT năm",
        "2",
        "1.7",
        {"responsible": "VHTT"},
        {"auto_provenance": "Hoàn thành 85% kế hoạch", "self_note": "Đã cố gắng"},
    ),
    (
        "7.2",
        "Kết quả đánh giá, xếp hạng mức độ ứng dụng CNTT trong năm",
        "8",
        "6.78",
        {"responsible": "VHTT"},
        {},
    ),
    (
        "7.3",
        "Thực hiện quy định về tiếp nhận hồ sơ, trả kết quả giải quyết thủ tục hành chính qua "
        "dịch vụ bưu chính công ích",
        "3",
        "0",
        {},
        {},
    ),
    ("7.4", "Ứng dụng chữ ký số", "2", "2", {"responsible": "VHTT"}, {}),
    ("8.1", "Kỷ luật, kỷ cương hành chính", "7", "7", {"responsible": "NOIVU"}, {}),
]
DISTRICT_OFFICES = {
    "NOIVU": "Phòng Nội vụ",
    "TCKH": "Phòng Tài chính - Kế hoạch",
    "VHTT": "Phòng Văn hóa và Thông tin",
    "TUPHAP": "Phòng Tư pháp",
    "VP": "Văn phòng HĐND và UBND huyện",
}

# -- the commune set (97 points; 3.2 and 4.2 do not apply to every commune).
COMMUNE_AREAS = {
    "1": "Công tác chỉ đạo, điều hành cải cách hành chính",
    "2": "Xây dựng và tổ chức thực hiện Văn bản quy phạm pháp luật",
    "3": "Cải cách thủ tục hành chính",
    "4": "Cải cách tổ chức bộ máy hành chính nhà nước",
    "5": "Xây dựng và nâng cao chất lượng đội ngũ cán bộ công chức, viên chức",
    "6": "Cải cách tài chính công",
    "7": "Hiện đại hóa nền hành chính",
    "8": "Chấp hành văn hóa công sở, kỷ luật, kỷ cương hành chính",
}
COMMUNE_LEAVES = [
    ("1.1", "33.5"),
    ("2.1", "9"),
    ("3.1", "17.5"),
    ("3.2", "2"),
    ("4.1", "4"),
    ("4.2", "1"),
    ("5.1", "5"),
    ("6.1", "6"),
    ("7.1", "12"),
    ("8.1", "7"),
]
# Points per leaf in COMMUNE_LEAVES order; None: not applicable to the commune.
TO_RE = ("23.5", "8.5", "15", "1.5", "4", "1", "5", "5.3", "8.5", "7")  # 79,3/97 → 81,75
RUONG = ("22.1", "9", "15.75", None, "4", "1", "5", "4.5", "8.3", "7")  # 76,65/95 (78,15 stated)
RVE = ("20.77", "5", "11.25", None, "4", None, "5", "5.7", "6.4", "4")  # 62,12/94 → 66,09
TO_RE_2020 = ("20", "8", "14", "1", "4", "1", "5", "5", "10", "7")  # 75/97 → 77,32
RVE_2020 = ("18", "5", "10", None, "4", None, "5", "5", "7", "6")  # 60/94 → 63,83


def make_set(code, name, kind, issuer, decision_ref, areas, leaves, year=2021) -> CriteriaSet:
    """A criteria set from its areas and leaves; intermediate nodes ("1.2") are made on the
    way, named after their code."""
    found = CriteriaSet.objects.create(
        code=code,
        name=name,
        year=year,
        unit_kind=kind,
        decision_ref=decision_ref,
        issuer=issuer,
        grades=GRADES,
    )
    nodes: dict[str, Criterion] = {}

    def node(node_code: str) -> Criterion:
        if node_code not in nodes:
            parent = node(node_code.rsplit(".", 1)[0]) if "." in node_code else None
            nodes[node_code] = Criterion.objects.create(
                criteria_set=found,
                parent=parent,
                code=node_code,
                name=areas.get(node_code, f"Nhóm tiêu chí {node_code}"),
            )
        return nodes[node_code]

    for area in areas:
        node(area)
    for leaf_code, leaf_name, maximum, fields in leaves:
        Criterion.objects.create(
            criteria_set=found,
            parent=node(leaf_code.rsplit(".", 1)[0]),
            code=leaf_code,
            name=leaf_name,
            max_points=Decimal(maximum),
            method="manual",
            **fields,
        )
    return found


def make_round(code, name, year, criteria_set, organiser, status=RoundStatus.OPEN):
    return AssessmentRound.objects.create(
        code=code,
        name=name,
        year=year,
        criteria_set=criteria_set,
        organiser=organiser,
        opens_on=date(year + 1, 1, 5),
        self_due_on=date(year + 1, 1, 20),
        status=status,
        published_at=datetime(year + 1, 3, 1, 9, 0, tzinfo=VN)
        if status == RoundStatus.PUBLISHED
        else None,
    )


def score_commune(round_, unit, points) -> Participation:
    participation = Participation.objects.create(round=round_, unit=unit)
    criteria = {c.code: c for c in Criterion.objects.filter(criteria_set=round_.criteria_set)}
    for (leaf_code, _maximum), value in zip(COMMUNE_LEAVES, points, strict=True):
        Score.objects.create(
            participation=participation,
            criterion=criteria[leaf_code],
            applicable=value is not None,
            self_points=None if value is None else Decimal(value),
            appraised_points=None if value is None else Decimal(value),
        )
    return participation


def kon_ray() -> SimpleNamespace:
    """UBND huyện Kon Rẫy scored by the province (81,45/95) and its four communes scored by
    the district, two of them tied, one with a stated total that disagrees with its parts,
    and last year's published commune round for two of them."""
    w = SimpleNamespace()
    w.province = UnitFactory(code="KT", name="UBND tỉnh Kon Tum", kind=UnitKind.PROVINCE)
    w.district = UnitFactory(
        code="KR", name="UBND huyện Kon Rẫy", kind=UnitKind.DISTRICT, parent=w.province
    )
    w.other_district = UnitFactory(
        code="DH", name="UBND huyện Đắk Hà", kind=UnitKind.DISTRICT, parent=w.province
    )
    for code, name in DISTRICT_OFFICES.items():
        Office.objects.create(unit=w.district, code=code, name=name, kind=OfficeKind.SPECIALIST)

    def commune(code, name):
        return UnitFactory(code=code, name=name, kind=UnitKind.COMMUNE, parent=w.district)

    w.to_re = commune("KR-DTR", "UBND xã Đắk Tô Re")
    w.to_lung = commune("KR-DTL", "UBND xã Đắk Tô Lung")
    w.ruong = commune("KR-DR", "UBND xã Đăk Ruồng")
    w.rve = commune("KR-TT", "UBND thị trấn Đắk Rve")

    w.district_set = make_set(
        "KT-HUYEN-2021",
        "Bộ tiêu chí xác định Chỉ số Cải cách hành chính của các cơ quan chuyên môn thuộc UBND "
        "tỉnh, Ban Quản lý Khu kinh tế tỉnh, UBND các huyện, thành phố trên địa bàn tỉnh Kon Tum",
        UnitKind.DISTRICT,
        w.province,
        "609/QĐ-UBND ngày 12/7/2021",
        DISTRICT_AREAS,
        [(code, name, maximum, fields) for code, name, maximum, _p, fields, _s in DISTRICT_LEAVES],
    )
    w.district_round = make_round(
        "KT-HUYEN-2021",
        "Đánh giá Chỉ số CCHC các huyện, thành phố năm 2021",
        2021,
        w.district_set,
        w.province,
        RoundStatus.PUBLISHED,
    )
    w.participation = Participation.objects.create(round=w.district_round, unit=w.district)
    criteria = {c.code: c for c in Criterion.objects.filter(criteria_set=w.district_set)}
    for code, _name, _maximum, points, _fields, score_fields in DISTRICT_LEAVES:
        Score.objects.create(
            participation=w.participation,
            criterion=criteria[code],
            self_points=Decimal(points),
            appraised_points=Decimal(points),
            **score_fields,
        )
    w.other = Participation.objects.create(round=w.district_round, unit=w.other_district)
    for code, _name, maximum, _points, _fields, _score in DISTRICT_LEAVES:
        Score.objects.create(
            participation=w.other,
            criterion=criteria[code],
            appraised_points=Decimal(maximum) if code != "1.1" else Decimal("10"),
        )

    w.commune_set = make_set(
        "KR-XA-2021",
        "Bộ tiêu chí đánh giá công tác cải cách hành chính nhà nước đối với UBND các xã, thị "
        "trấn trên địa bàn huyện Kon Rẫy",
        UnitKind.COMMUNE,
        w.district,
        "514/QĐ-UBND ngày 12/11/2021",
        COMMUNE_AREAS,
        [(code, f"Tiêu chí {code}", maximum, {}) for code, maximum in COMMUNE_LEAVES],
    )
    w.commune_round = make_round(
        "KR-XA-2021", "Đánh giá công tác CCHC các xã, thị trấn năm 2021", 2021, w.commune_set,
        w.district,
    )  # fmt: skip
    w.p_to_re = score_commune(w.commune_round, w.to_re, TO_RE)
    w.p_to_lung = score_commune(w.commune_round, w.to_lung, TO_RE)  # tied with Đắk Tô Re
    w.p_ruong = score_commune(w.commune_round, w.ruong, RUONG)
    w.p_rve = score_commune(w.commune_round, w.rve, RVE)
    StatedTotal.objects.create(participation=w.p_ruong, points=Decimal("78.15"), origin="tệp")

    w.last_year = make_round(
        "KR-XA-2020", "Đánh giá công tác CCHC các xã, thị trấn năm 2020", 2020, w.commune_set,
        w.district, RoundStatus.PUBLISHED,
    )  # fmt: skip
    score_commune(w.last_year, w.to_re, TO_RE_2020)
    score_commune(w.last_year, w.rve, RVE_2020)
    return w


def _row(sheet, label: str) -> list:
    for row in sheet.iter_rows(values_only=True):
        if label in row:
            return list(row)
    raise AssertionError(f"no row with {label!r}")


def _svg_texts(svg: bytes) -> list[str]:
    return re.findall(r"<text\b[^>]*>([^<]*)</text>", svg.decode("utf-8"))


# -- JSON ----------------------------------------------------------------------------------


def test_results_json_has_the_formats_md_shape_with_derived_figures():
    """As the reform officer of UBND huyện Kon Rẫy I export the commune round as JSON and get
    points, maxima, two-decimal indices, grades and shared ranks, best first."""
    w = kon_ray()
    data = results_json(results_of(w.commune_round))
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data
    assert {"code", "name", "year", "criteria_set", "organiser", "status"} <= set(data["round"])
    assert data["round"]["code"] == "KR-XA-2021"
    assert data["round"]["year"] == 2021
    assert data["round"]["criteria_set"] == "KR-XA-2021"
    assert data["round"]["organiser"] == "KR"
    assert data["round"]["status"] == "open"
    assert data["round"]["published"] is False

    units = data["units"]
    assert [u["code"] for u in units] == ["KR-DTL", "KR-DTR", "KR-DR", "KR-TT"]
    assert [u["rank"] for u in units] == [1, 1, 3, 4]  # the tie shares rank 1
    assert [u["index"] for u in units] == [81.75, 81.75, 80.68, 66.09]
    assert [u["grade"] for u in units] == ["Tốt", "Tốt", "Tốt", "Khá"]
    for unit in units:
        assert {"code", "name", "points", "max", "index", "grade", "rank", "areas"} <= set(unit)
        for area in unit["areas"]:
            assert {"code", "points", "max", "index"} <= set(area)

    to_re = units[1]
    assert to_re["name"] == "UBND xã Đắk Tô Re"
    assert to_re["points"] == 79.3 and to_re["max"] == 97
    assert isinstance(to_re["max"], int) and isinstance(to_re["index"], float)
    assert to_re["areas"][0] == {
        "code": "1",
        "points": 23.5,
        "max": 33.5,
        "index": 70.15,
        "name": COMMUNE_AREAS["1"],
        "part": "self",
    }
    assert to_re["complete"] is True
    assert to_re["previous_index"] == 77.32 and to_re["change"] == 4.43
    assert to_re["stated_totals"] == []
    assert units[0]["previous_index"] is None and units[0]["change"] is None

    ruong = units[2]
    assert ruong["points"] == 76.65 and ruong["max"] == 95
    assert ruong["stated_totals"] == [{"code": None, "stated": 78.15, "derived": 76.65}]
    rve = units[3]
    assert rve["points"] == 62.12 and rve["max"] == 94
    assert rve["change"] == 2.26  # 66,09 against 63,83


def test_results_json_of_an_incomplete_unit_says_so():
    """As the appraiser of UBND huyện Kon Rẫy I see which commune still has leaves without
    points before I publish."""
    w = kon_ray()
    Score.objects.filter(participation=w.p_rve, criterion__code="8.1").update(
        self_points=None, appraised_points=None
    )
    units = {u["code"]: u for u in results_json(results_of(w.commune_round))["units"]}
    assert units["KR-TT"]["complete"] is False
    assert units["KR-TT"]["points"] == 58.12  # the missing leaf counts 0
    assert units["KR-DTR"]["complete"] is True


# -- XLSX ----------------------------------------------------------------------------------


def test_results_xlsx_holds_the_figures_and_flags_the_stated_total():
    """As the reform officer of UBND huyện Kon Rẫy I download the results sheet and read each
    commune's rank, area points, sub-indices, total, index, grade and change, with a note where
    the file's stated total was not used."""
    w = kon_ray()
    book = load_workbook(io.BytesIO(results_xlsx(results_of(w.commune_round))))
    sheet = book.active
    values = [v for row in sheet.iter_rows(values_only=True) for v in row if v is not None]
    assert "KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2021" in values
    assert "ỦY BAN NHÂN DÂN HUYỆN KON RẪY" in values
    assert "(Kết quả tạm tính, chưa công bố)" in values
    header = _row(sheet, "Đơn vị")
    assert header[:3] == ["STT", "Xếp hạng", "Đơn vị"]
    assert "1. Công tác chỉ đạo, điều hành cải cách hành chính" in header
    sub_header = _row(sheet, "Điểm đạt/tối đa")
    assert sub_header[3:5] == ["Điểm đạt/tối đa", "Chỉ số"]
    assert header[-6:] == [
        "Tổng điểm đạt",
        "Điểm tối đa",
        "Chỉ số",
        "Xếp loại",
        "So với năm trước",
        "Ghi chú",
    ]

    to_re = _row(sheet, "UBND xã Đắk Tô Re")
    assert to_re[1] == 1
    assert to_re[3:5] == ["23,5/33,5", 70.15]
    assert to_re[-6:] == [79.3, 97, 81.75, "Tốt", pytest.approx(4.43), None]

    ruong = _row(sheet, "UBND xã Đăk Ruồng")
    assert ruong[:2] == [3, 3]
    assert ruong[-6:-1] == [76.65, 95, 80.68, "Tốt", None]
    assert ruong[-1] == "Tổng điểm ghi trong tệp 78,15 khác tổng các phần 76,65 — dùng 76,65"

    rve = _row(sheet, "UBND thị trấn Đắk Rve")
    assert rve[1] == 4 and rve[-4:-2] == [66.09, "Khá"]
    # area 3 of Đắk Rve: 3.2 does not apply, so 11,25 of 17,5
    assert rve[7:9] == ["11,25/17,5", 64.29]


# -- DOCX ----------------------------------------------------------------------------------


def test_results_docx_prints_ranking_sub_indices_and_charts():
    """As the reform officer of UBND huyện Kon Rẫy I download the results document with the
    ranking, the units × areas sub-indices and three charts (with last year's comparison)."""
    w = kon_ray()
    content = results_docx(results_of(w.commune_round))
    text = docx_text(content)
    assert "KẾT QUẢ ĐÁNH GIÁ, XẾP HẠNG CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2021" in text
    assert "ỦY BAN NHÂN DÂN HUYỆN KON RẪY" in text
    rows = docx_rows(content)
    ranking_header = [
        "Xếp hạng",
        "Đơn vị",
        "Điểm đạt",
        "Điểm tối đa",
        "Chỉ số",
        "Xếp loại",
        "Năm trước",
        "So với năm trước",
    ]
    assert ranking_header in rows
    assert ["1", "UBND xã Đắk Tô Lung", "79,3", "97", "81,75", "Tốt", "", ""] in rows
    assert [
        "1",
        "UBND xã Đắk Tô Re",
        "79,3",
        "97",
        "81,75",
        "Tốt",
        "77,32 (hạng 1/2)",
        "+4,43",
    ] in rows
    assert ["3", "UBND xã Đăk Ruồng", "76,65", "95", "80,68", "Tốt", "", ""] in rows
    sub_header = ["Xếp hạng", "Đơn vị", "1", "2", "3", "4", "5", "6", "7", "8", "Chỉ số"]
    assert sub_header in rows
    assert ["4", "UBND thị trấn Đắk Rve", "62", "55,56", "64,29", "100", "100", "95", "53,33",
            "57,14", "66,09"] in rows  # fmt: skip
    assert "Lĩnh vực 1: Công tác chỉ đạo, điều hành cải cách hành chính." in text
    assert (
        "- UBND xã Đăk Ruồng: Tổng điểm ghi trong tệp 78,15 khác tổng các phần 76,65 — dùng "
        "76,65." in text
    )
    document = Document(io.BytesIO(content))
    assert len(document.inline_shapes) == 3
    assert "Biểu đồ 3. Chỉ số cải cách hành chính so với năm trước" in text


def test_results_docx_without_last_year_has_two_charts():
    """As the reform officer of UBND tỉnh Kon Tum I download the district results, published,
    with no earlier round: ranking and heat map only, dated the day of publication."""
    w = kon_ray()
    content = results_docx(results_of(w.district_round))
    document = Document(io.BytesIO(content))
    assert len(document.inline_shapes) == 2
    text = docx_text(content)
    assert "Kon Tum, ngày 01 tháng 3 năm 2022" in text
    assert "(Kết quả tạm tính, chưa công bố)" not in text
    rows = docx_rows(content)
    assert ["2", "UBND huyện Kon Rẫy", "81,45", "95", "85,74", "Tốt"] in rows
    header = ["Xếp hạng", "Đơn vị", "Điểm đạt", "Điểm tối đa", "Chỉ số", "Xếp loại"]
    first = rows[rows.index(header) + 1]
    assert first == ["1", "UBND huyện Đắk Hà", "92,25", "95", "97,11", "Xuất sắc"]


# -- charts --------------------------------------------------------------------------------


def test_charts_render_png_and_svg_deterministically():
    """As the reform officer of UBND huyện Kon Rẫy I see the ranking, the heat map of
    sub-indices and last year's comparison, the same bytes each time I open them."""
    w = kon_ray()
    results = results_of(w.commune_round)
    for draw in (ranking_chart, heatmap_chart, year_over_year_chart):
        png = draw(results, "png")
        assert png.startswith(PNG_SIGNATURE)
        assert draw(results, "png") == png
        assert draw(results, "svg") == draw(results, "svg")
    ranking = _svg_texts(ranking_chart(results, "svg"))
    assert {"xã Đắk Tô Lung", "xã Đắk Tô Re", "thị trấn Đắk Rve"} <= set(ranking)
    assert "Chỉ số cải cách hành chính năm 2021" in ranking
    heat = _svg_texts(heatmap_chart(results, "svg"))
    assert {"70,15", "94,44", "100", "53,33", "57,14"} <= set(heat)  # Vietnamese decimals
    assert not any(re.fullmatch(r"\d+\.\d+", text) for text in heat)
    yoy = _svg_texts(year_over_year_chart(results, "svg"))
    assert {"Năm 2020", "Năm 2021", "xã Đắk Tô Re", "thị trấn Đắk Rve"} <= set(yoy)
    assert "xã Đăk Ruồng" not in yoy  # no result last year


def test_year_over_year_chart_is_none_without_last_year():
    """As the reform officer of UBND tỉnh Kon Tum I get no comparison chart for a first year."""
    w = kon_ray()
    assert year_over_year_chart(results_of(w.district_round), "png") is None

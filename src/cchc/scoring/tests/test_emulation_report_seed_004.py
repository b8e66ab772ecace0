"""The 6-month movement report of seed 004 rebuilt from the records: UBND huyện Châu Thành's
report "Số: 138/BC-UBND", Châu Thành, ngày 21 tháng 6 năm 2022, on the "Cải cách hành chính"
movement of Kế hoạch số 30/KH-UBND — with the seed's outline, and its dossier sentence computed
by the statistics engine so that it adds up (the seed printed 2.779 resolved = 07 on time +
2.779 early; here 2.779 = 2.772 early + 7 on time + 0 late)."""

import io
import re
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from docx import Document

from cchc.dossiers.models import Status
from cchc.plans.models import Initiative, InitiativeKind, InitiativeStatus
from cchc.reporting.tests.factories import (
    at,
    docx_rows,
    docx_text,
    dossier,
    insert,
    procedure_in,
    spread,
)

from .. import emulation_documents as documents
from .. import emulation_queries as queries
from .. import emulation_services as services
from ..models import Movement
from .test_emulation_movements import enrol, fresh, world

pytestmark = pytest.mark.django_db

H1 = dict(first=date(2022, 1, 3), last=date(2022, 6, 28), window_end=date(2022, 6, 30))
CLAUSE = re.compile(
    r"đã tiếp nhận (?P<received>[\d.]+) hồ sơ(?: \(mới tiếp nhận (?P<new>[\d.]+) hồ sơ, kỳ "
    r"trước chuyển qua (?P<carried>[\d.]+) hồ sơ\))?, đã giải quyết (?P<resolved>[\d.]+) hồ sơ, "
    r"trong đó trước hạn (?P<early>[\d.]+) hồ sơ, đúng hạn (?P<on_time>[\d.]+) hồ sơ, quá hạn "
    r"(?P<late>[\d.]+) hồ sơ; còn đang giải quyết (?P<pending>[\d.]+) hồ sơ \(trong hạn "
    r"(?P<in_time>[\d.]+) hồ sơ, quá hạn (?P<overdue>[\d.]+) hồ sơ\)"
)


def _numbers(sentence: str) -> dict[str, int]:
    match = CLAUSE.search(sentence)
    assert match, sentence
    return {k: int(v.replace(".", "")) for k, v in match.groupdict().items() if v is not None}


def _adds_up(n: dict[str, int]) -> None:
    assert n["resolved"] == n["early"] + n["on_time"] + n["late"]
    assert n["pending"] == n["in_time"] + n["overdue"]
    assert n["received"] == n["resolved"] + n["pending"]
    if "new" in n:
        assert n["received"] == n["new"] + n["carried"]


@pytest.fixture
def chau_thanh():
    w = world()
    civil = procedure_in("HOTICH", "Hộ tịch", "3d", name="Đăng ký khai sinh")
    # The district's own one-stop desk: 2.790 received in the first half of 2022.
    rows = (
        spread(2772, civil, w.district, "early", **H1)
        + spread(7, civil, w.district, "on_time", **H1)
        + spread(11, civil, w.district, "pending_in_time", **H1)
        # Received in July: outside the 6-month window.
        + spread(5, civil, w.district, "early", first=date(2022, 7, 4), last=date(2022, 7, 8))
        # The communes: Phú Tâm with a dossier carried over from December 2021.
        + spread(30, civil, w.phutam, "early", **H1)
        + spread(2, civil, w.phutam, "late", **H1)
        + spread(1, civil, w.phutam, "pending_overdue", **H1)
        + spread(20, civil, w.hodackien, "on_time", **H1)
        + [
            dossier(
                civil,
                w.phutam,
                status=Status.RETURNED,
                received_at=at(date(2021, 12, 20)),
                due_at=at(date(2022, 1, 10), 17),
                finished_at=at(date(2022, 1, 5), 10),
            )
        ]
    )
    insert(rows)
    movement = fresh(w)
    services.add_criterion(
        w.officer,
        movement,
        {"order": 1, "code": "1", "name": "Công tác tuyên truyền CCHC", "max_points": Decimal(10)},
    )
    services.add_criterion(
        w.officer,
        movement,
        {
            "order": 2,
            "code": "2",
            "name": "Giải quyết hồ sơ TTHC đúng hạn",
            "max_points": Decimal(10),
            "source": "dossiers.on_time_rate?scope=all",
        },
    )
    w.p_phutam = enrol(w, w.phutam, "Cụm 1", date(2022, 3, 10), date(2022, 3, 15))
    w.p_hodackien = enrol(w, w.hodackien, "Cụm 1", date(2022, 3, 10), date(2022, 3, 15))
    w.p_thienmy = enrol(w, w.thienmy, "Cụm 2", date(2022, 3, 11), None)
    w.p_town = enrol(w, w.town, "Cụm 2", None, None)
    manual = fresh(w).criteria.get(code="1")
    services.enter_points(
        w.officer,
        fresh(w),
        {
            (w.p_phutam.pk, manual.pk): (Decimal(8), ""),
            (w.p_hodackien.pk, manual.pk): (Decimal("7.5"), ""),
            (w.p_thienmy.pk, manual.pk): (Decimal(9), ""),
            (w.p_town.pk, manual.pk): (Decimal(9), ""),
        },
    )
    Initiative.objects.create(
        unit=w.phutam,
        year=2022,
        kind=InitiativeKind.MODEL,
        name="Công dân không viết gắn với dịch vụ công trực tuyến trong giải quyết TTHC",
        status=InitiativeStatus.APPLIED,
        applied_on=date(2022, 3, 1),
        description="Mô hình “Công dân không viết” được UBND xã triển khai thực hiện tại bộ "
        "phận tiếp nhận và trả kết quả hồ sơ, thủ tục hành chính.",
    )
    services.record_award(
        w.officer,
        fresh(w),
        {
            "kind": "certificate",
            "participant": w.p_hodackien,
            "decision_ref": "Quyết định số 1234/QĐ-UBND",
            "awarded_on": date(2022, 6, 15),
            "reason": "Hoàn thành xuất sắc nhiệm vụ CCHC 6 tháng đầu năm",
        },
    )
    services.record_award(
        w.officer,
        fresh(w),
        {
            "kind": "merit",
            "individual_name": "Nguyễn Văn An",
            "individual_position": "Công chức Văn phòng - Thống kê xã Phú Tâm",
            "decision_ref": "Quyết định số 2345/QĐ-UBND",
            "awarded_on": date(2022, 12, 20),
        },
    )
    report = services.report_or_new(fresh(w), "H1")
    data = {name: getattr(report, name) for name in services.REPORT_TEXT_FIELDS}
    data |= {
        "number": "138",
        "place": "Châu Thành",
        "issued_on": date(2022, 6, 21),
        "recipients": "Sở Nội vụ tỉnh Sóc Trăng\nThường trực HU, HĐND huyện\n"
        "UBND các xã, thị trấn\nLưu: VT, Thg",
        "signer_authority": "TM. ỦY BAN NHÂN DÂN",
        "signer_position": "CHỦ TỊCH",
        "signer_name": "Ngô Khanh Loan",
    }
    services.save_report(w.officer, fresh(w), "H1", data, expected_revision=0)
    return w


def _download(client, w, slug="6-thang") -> bytes:
    client.force_login(w.officer)
    response = client.get(reverse("movement-report-download", args=[w.movement.pk, slug]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml"
    )
    return response.content


def test_six_month_report_has_the_seed_header_and_outline(client, chau_thanh):
    """As the reform officer of Châu Thành I download the 6-month report and find the seed's
    letterhead, title, plan line and outline, and the chairman's signature."""
    content = _download(client, chau_thanh)
    text = docx_text(content)
    assert "ỦY BAN NHÂN DÂN HUYỆN CHÂU THÀNH" in text
    assert "Số: 138/BC-UBND" in text
    assert "Châu Thành, ngày 21 tháng 6 năm 2022" in text
    paragraphs = [p.text for p in Document(io.BytesIO(content)).paragraphs if p.text.strip()]
    assert paragraphs[:4] == [
        "BÁO CÁO",
        "Kết quả thực hiện phong trào thi đua Cải cách hành chính 6 tháng đầu năm 2022",
        "Thực hiện Kế hoạch số 30/KH-UBND ngày 28 tháng 02 năm 2022 về việc phát động phong "
        "trào thi đua cải cách hành chính năm 2022.",
        "Ủy ban nhân dân huyện Châu Thành báo cáo kết quả thực hiện phong trào thi đua Cải cách "
        "hành chính 6 tháng đầu năm 2022 trên địa bàn huyện Châu Thành như sau:",
    ]
    outline = [
        "I. ĐẶC ĐIỂM, TÌNH HÌNH",
        "II. KẾT QUẢ THỰC HIỆN",
        "1. Lãnh đạo, chỉ đạo thực hiện phong trào thi đua",
        "2. Kết quả tổ chức phong trào thi đua",
        "III. NHIỆM VỤ, GIẢI PHÁP THỰC HIỆN TRONG THỜI GIAN TỚI",
    ]
    positions = [paragraphs.index(heading) for heading in outline]
    assert positions == sorted(positions)
    assert paragraphs[-1] == (
        "Trên đây là báo cáo kết quả thực hiện phong trào thi đua Cải cách hành chính 6 tháng "
        "đầu năm 2022 và nhiệm vụ, giải pháp thực hiện trong thời gian tới trên địa bàn huyện "
        "Châu Thành."
    )
    for line in (
        "Nơi nhận:",
        "- Sở Nội vụ tỉnh Sóc Trăng;",
        "- Lưu: VT, Thg.",
        "TM. ỦY BAN NHÂN DÂN",
        "CHỦ TỊCH",
        "Ngô Khanh Loan",
    ):
        assert line in text


def test_the_dossier_sentence_comes_from_the_statistics_and_adds_up(client, chau_thanh):
    """As the reform officer I find "cấp huyện đã tiếp nhận 2.790 hồ sơ, đã giải quyết 2.779
    hồ sơ …" computed from the dossiers of 1/1–30/6/2022, every total the sum of its parts,
    and the whole district (with its communes) separately."""
    paragraphs = [p.text for p in Document(io.BytesIO(_download(client, chau_thanh))).paragraphs]
    own = next(p for p in paragraphs if "cấp huyện đã tiếp nhận" in p)
    assert own == (
        "Kết quả giải quyết thủ tục hành chính 6 tháng đầu năm 2022 (từ ngày 01/01/2022 đến "
        "ngày 30/06/2022): cấp huyện đã tiếp nhận 2.790 hồ sơ, đã giải quyết 2.779 hồ sơ, trong "
        "đó trước hạn 2.772 hồ sơ, đúng hạn 7 hồ sơ, quá hạn 0 hồ sơ; còn đang giải quyết 11 hồ "
        "sơ (trong hạn 11 hồ sơ, quá hạn 0 hồ sơ)."
    )
    whole = next(p for p in paragraphs if "toàn huyện" in p)
    numbers = _numbers(whole)
    assert numbers == {
        "received": 2844,
        "new": 2843,
        "carried": 1,
        "resolved": 2832,
        "early": 2803,
        "on_time": 27,
        "late": 2,
        "pending": 12,
        "in_time": 11,
        "overdue": 1,
    }
    _adds_up(_numbers(own))
    _adds_up(numbers)


def test_the_report_prints_the_ranking_the_initiatives_and_the_awards(client, chau_thanh):
    """As the reform officer I find in section II.2 the participants ranked (ties share a
    rank, per cluster too), Phú Tâm's "Công dân không viết" model and the awards of the first
    half of the year."""
    content = _download(client, chau_thanh)
    rows = docx_rows(content)
    ranking = {row[1]: row for row in rows if row and row[0].isdigit() and "UBND" in row[1]}
    # STT | unit | cluster | criterion 1 | criterion 2 | total | rank | rank in cluster
    assert ranking["UBND xã Hồ Đắc Kiện"][2:] == ["Cụm 1", "7,5", "10", "17,5", "1", "1"]
    assert ranking["UBND xã Phú Tâm"][2:] == ["Cụm 1", "8", "9,39", "17,39", "2", "2"]
    assert ranking["UBND xã Thiện Mỹ"][2:] == ["Cụm 2", "9", "—", "9", "3", "1"]
    assert ranking["UBND thị trấn Châu Thành"][2:] == ["Cụm 2", "9", "—", "9", "3", "1"]
    text = docx_text(content)
    assert (
        "Triển khai mô hình “Công dân không viết gắn với dịch vụ công trực tuyến trong giải "
        "quyết TTHC” của UBND xã Phú Tâm (đã áp dụng)." in text
    )
    assert (
        "Tham gia phong trào có 4 cơ quan, đơn vị, chia thành 2 cụm, khối thi đua; 3 đơn vị "
        "đã đăng ký thi đua, 2 đơn vị đã ký kết giao ước thi đua." in text
    )
    award_rows = [row for row in rows if len(row) == 5 and row[0].isdigit()]
    assert award_rows == [
        [
            "1",
            "Giấy khen",
            "UBND xã Hồ Đắc Kiện",
            "Quyết định số 1234/QĐ-UBND ngày 15/06/2022",
            "Hoàn thành xuất sắc nhiệm vụ CCHC 6 tháng đầu năm",
        ]
    ]  # the December award belongs to the annual report


def test_the_annual_report_covers_the_whole_year(client, chau_thanh):
    """As the reform officer I download the annual report: "năm 2022", the July dossiers and
    the December award included."""
    text = docx_text(_download(client, chau_thanh, "ca-nam"))
    assert "Kết quả thực hiện phong trào thi đua Cải cách hành chính năm 2022" in text
    assert "cấp huyện đã tiếp nhận 2.795 hồ sơ, đã giải quyết 2.784 hồ sơ" in text
    assert "Nguyễn Văn An, Công chức Văn phòng - Thống kê xã Phú Tâm" in text
    assert "Số: …/BC-UBND" in text  # not saved yet: the number is left to fill in


def test_the_preview_shows_the_same_texts_and_marks_the_computed_ones(client, chau_thanh):
    """As the district leader I preview the report: the same sentence, marked "Số liệu tự
    động" with its source."""
    client.force_login(chau_thanh.leader)
    page = client.get(reverse("movement-report-preview", args=[chau_thanh.movement.pk, "6-thang"]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "cấp huyện đã tiếp nhận 2.790 hồ sơ, đã giải quyết 2.779 hồ sơ" in html
    assert "Số liệu tự động" in html and "Số: 138/BC-UBND" in html
    doc = documents.build(Movement.objects.get(pk=chau_thanh.movement.pk), "H1")
    assert [i.text for i in doc.items if i.kind == "heading"] == list(documents.HEADINGS.values())


def test_the_dossier_figures_take_one_aggregating_query(chau_thanh, django_assert_num_queries):
    """As the administrator I expect the report's dossier figures — the district's own and its
    whole subtree's — from one aggregating query (plus the one listing the subtree's units),
    whatever the number of dossiers."""
    movement = Movement.objects.select_related("organiser").get(pk=chau_thanh.movement.pk)
    window = queries.report_window(movement, "H1")
    with django_assert_num_queries(2):
        found = queries.dossier_figures_of(movement, window)
    assert (found.own.received_total, found.subtree.received_total) == (2790, 2844)
    assert (found.own.pending_total, found.subtree.pending_overdue) == (11, 1)

"""As the district's appraisal council I run a commune round from self-assessment to
publication; every illegal step is refused with a Vietnamese message naming the criterion,
and a refusal changes nothing."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from .. import services
from ..models import (
    AppraisalDecision,
    Evidence,
    ParticipationStatus,
    RoundAction,
    RoundEvent,
    RoundStatus,
    Score,
)
from ..queries import unit_result
from ..services import AppraisalEntry, ScoringConflict, ScoringRefused, SelfEntry
from .factories import SMALL_SET, criteria_set, world

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
FULL = {
    "1.1.1": SelfEntry("0.5"),
    "1.1.2": SelfEntry("1,5"),
    "1.2": SelfEntry("2.5", note="Chưa tổ chức hội thi"),
    "2.1": SelfEntry("4"),
    "2.2": SelfEntry(None, applicable=False, applicability_note="Không có TTHC bưu chính"),
}


@pytest.fixture
def w():
    w = world()
    w.set = criteria_set("KR-XA-TEST", SMALL_SET)
    w.round = services.open_round(
        w.district_officer,
        code="KR-2021",
        name="Đánh giá Chỉ số CCHC năm 2021 các xã",
        criteria_set=w.set,
        organiser=w.district,
        units=[w.a, w.b],
        year=2021,
        opens_on=date(2022, 1, 10),
        self_due_on=date(2022, 1, 31),
    )
    w.pa = w.round.participations.get(unit=w.a)
    w.pb = w.round.participations.get(unit=w.b)
    return w


def score(p, code):
    return Score.objects.get(participation=p, criterion__code=code)


def test_the_whole_round_from_self_assessment_to_publication(w):
    """As the commune I self-score, attach evidence and submit; the council changes 1.2 with
    a reason; I explain once; the council finalises; the round is published."""
    w.pa = services.save_self_assessment(w.officer_a, w.pa, FULL)
    evidence = services.add_evidence(
        w.officer_a, w.pa, score(w.pa, "1.2").criterion, SimpleUploadedFile("kh.pdf", PDF)
    )
    assert Evidence.objects.get().original_name == "kh.pdf" and evidence.size == len(PDF)
    w.pa = services.submit_self_assessment(w.officer_a, w.pa)
    w.pa.refresh_from_db()
    assert w.pa.status == ParticipationStatus.SUBMITTED

    entries = {c: AppraisalEntry(AppraisalDecision.ACCEPT) for c in ("1.1.1", "1.1.2", "2.1")}
    entries["1.2"] = AppraisalEntry(AppraisalDecision.CHANGE, "2", "Thiếu tài liệu tuyên truyền")
    w.pa = services.appraise(w.appraiser, w.pa, entries)
    w.pa = services.send_appraisal(w.appraiser, w.pa)
    w.pa = services.explain(w.officer_a, w.pa, {"1.2": "Đã bổ sung kế hoạch tuyên truyền"})
    w.pa = services.finalise(w.appraiser, w.pa)
    result = unit_result(w.pa)
    assert (result.points, result.max, result.index, result.grade) == (
        D("8"),
        D("9"),
        D("88.89"),
        "Tốt",
    )
    assert score(w.pa, "1.2").appraisal_note == "Thiếu tài liệu tuyên truyền"

    with pytest.raises(ScoringRefused, match="Tân Lập: đang tự đánh giá"):
        services.publish(w.district_officer, w.round)
    w.pb = services.save_self_assessment(w.officer_b, w.pb, FULL)
    w.pb = services.submit_self_assessment(w.officer_b, w.pb)
    w.pb = services.appraise(
        w.appraiser,
        w.pb,
        {c: AppraisalEntry(AppraisalDecision.ACCEPT) for c in ("1.1.1", "1.1.2", "1.2", "2.1")},
    )
    w.pb = services.send_appraisal(w.appraiser, w.pb)
    w.pb = services.finalise(w.appraiser, w.pb)
    published = services.publish(w.district_officer, w.round)
    assert published.status == RoundStatus.PUBLISHED
    actions = set(RoundEvent.objects.values_list("action", flat=True))
    assert {
        RoundAction.OPEN,
        RoundAction.SUBMIT,
        RoundAction.APPRAISE,
        RoundAction.PUBLISH,
    } <= actions

    # After publication nothing moves: a second submission, new scores, evidence.
    for attempt in (
        lambda: services.submit_self_assessment(w.officer_a, w.pa),
        lambda: services.save_self_assessment(w.officer_a, w.pa, {"1.2": SelfEntry("3")}),
        lambda: services.explain(w.officer_a, w.pa, {"1.2": "lần hai"}),
    ):
        with pytest.raises(ScoringRefused, match="đã công bố kết quả"):
            attempt()


@pytest.mark.parametrize(
    "entries, message",
    [
        (
            {"1.1.1": SelfEntry("0,75")},
            "Tiêu chí 1.1.1 (Báo cáo CCHC quý, 6 tháng, năm): điểm 0,75 vượt điểm tối đa 0,5",
        ),
        ({"1.2": SelfEntry("-1")}, "Tiêu chí 1.2 (Tuyên truyền CCHC): điểm không được âm"),
        ({"1.2": SelfEntry("1.234")}, "tối đa hai chữ số thập phân"),
        ({"1.2": SelfEntry("abc")}, "“abc” không phải số điểm"),
        (
            {"2.2": SelfEntry("1", applicable=False, applicability_note="Không có")},
            "Tiêu chí 2.2 (Tiếp nhận, trả kết quả qua bưu chính công ích) không áp dụng",
        ),
        ({"1.2": SelfEntry(None, applicable=False)}, "ghi lý do không áp dụng"),
        ({"9.9": SelfEntry("1")}, "không có tiêu chí (thành phần) để chấm: 9.9"),
    ],
)
def test_bad_self_scores_are_refused_and_nothing_changes(w, entries, message):
    """As the commune's reform officer I am told which criterion is wrong; none of my
    entries is saved when one is refused."""
    before = list(Score.objects.filter(participation=w.pa).values_list("self_points", "applicable"))
    with pytest.raises(ScoringRefused) as refused:
        w.pa = services.save_self_assessment(
            w.officer_a, w.pa, {"1.1.2": SelfEntry("1"), **entries}
        )
    assert any(message in text for text in refused.value.messages)
    after = list(Score.objects.filter(participation=w.pa).values_list("self_points", "applicable"))
    assert after == before
    w.pa.refresh_from_db()
    assert w.pa.revision == 0


def test_submission_needs_every_applicable_leaf_scored(w):
    """As the council I never receive a half-scored sheet."""
    w.pa = services.save_self_assessment(w.officer_a, w.pa, {"1.1.1": SelfEntry("0.5")})
    with pytest.raises(ScoringRefused, match="Chưa chấm điểm các tiêu chí: 1.1.2, 1.2, 2.1"):
        w.pa = services.submit_self_assessment(w.officer_a, w.pa)


def test_a_change_needs_a_reason_and_the_unit_explains_once(w):
    """As the council I must give the reason of a change; as the unit I explain once."""
    w.pa = services.save_self_assessment(w.officer_a, w.pa, FULL)
    w.pa = services.submit_self_assessment(w.officer_a, w.pa)
    with pytest.raises(ScoringRefused, match="Tiêu chí 1.2 .*ghi lý do điều chỉnh"):
        w.pa = services.appraise(
            w.appraiser, w.pa, {"1.2": AppraisalEntry(AppraisalDecision.CHANGE, "2")}
        )
    with pytest.raises(ScoringRefused, match="Chưa thẩm định các tiêu chí: 1.1.1, 1.1.2, 1.2, 2.1"):
        w.pa = services.send_appraisal(w.appraiser, w.pa)
    w.pa = services.appraise(
        w.appraiser,
        w.pa,
        {c: AppraisalEntry(AppraisalDecision.ACCEPT) for c in ("1.1.1", "1.1.2", "1.2", "2.1")},
    )
    w.pa = services.send_appraisal(w.appraiser, w.pa)
    w.pa = services.explain(w.officer_a, w.pa, {"2.1": "Số liệu hệ thống chưa cập nhật"})
    with pytest.raises(ScoringRefused, match="chỉ giải trình một lần"):
        w.pa = services.explain(w.officer_a, w.pa, {"2.1": "Lần nữa"})


def test_roles_and_units_are_checked_on_every_write(w):
    """As a specialist, or as another commune's officer, I cannot score; as the district
    that organises and appraises the round I cannot self-assess for a commune; as a commune
    I cannot appraise myself."""
    with pytest.raises(PermissionDenied):
        services.save_self_assessment(w.district_officer, w.pa, {"1.2": SelfEntry("1")})
    with pytest.raises(PermissionDenied):
        w.pa = services.save_self_assessment(w.specialist_a, w.pa, {"1.2": SelfEntry("1")})
    with pytest.raises(PermissionDenied):
        w.pa = services.save_self_assessment(w.officer_b, w.pa, {"1.2": SelfEntry("1")})
    w.pa = services.save_self_assessment(w.officer_a, w.pa, FULL)
    w.pa = services.submit_self_assessment(w.officer_a, w.pa)
    with pytest.raises(PermissionDenied):
        w.pa = services.appraise(
            w.officer_a, w.pa, {"1.2": AppraisalEntry(AppraisalDecision.ACCEPT)}
        )


def test_a_stale_revision_is_a_conflict(w):
    """As one of two officers editing the same sheet, the later save is refused."""
    stale = w.pa.revision
    w.pa = services.save_self_assessment(w.officer_a, w.pa, {"1.2": SelfEntry("3")})
    with pytest.raises(ScoringConflict):
        w.pa = services.save_self_assessment(w.officer_a, w.pa, {"1.2": SelfEntry("2")}, stale)
    assert score(w.pa, "1.2").self_points == D("3")


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("virus.exe", b"MZ", "Chỉ nhận tệp PDF, JPG, PNG, DOCX hoặc XLSX"),
        ("fake.pdf", b"not a pdf at all", "Nội dung tệp không đúng"),
        ("empty.pdf", b"", "Tệp rỗng"),
    ],
)
def test_evidence_uploads_have_type_and_size_limits(w, settings, name, content, message):
    """As the unit I may upload only real PDF, image and office files within the size cap."""
    criterion = score(w.pa, "1.2").criterion
    with pytest.raises(Exception) as refused:
        services.add_evidence(w.officer_a, w.pa, criterion, SimpleUploadedFile(name, content))
    assert message in str(refused.value)
    settings.CCHC_EVIDENCE_MAX_BYTES = 10
    with pytest.raises(Exception, match="Tệp quá lớn"):
        services.add_evidence(w.officer_a, w.pa, criterion, SimpleUploadedFile("a.pdf", PDF))
    assert not Evidence.objects.exists()


def test_the_organiser_enters_survey_points_within_range(w):
    """As the organiser I enter the survey part; above its maximum is refused."""
    from .factories import _add

    area = w.set.criteria.get(code="2")
    _add(w.set, area, [("2.3", "Điều tra xã hội học", {"max": "2", "part": "survey"})])
    Score.objects.create(participation=w.pa, criterion=w.set.criteria.get(code="2.3"))
    with pytest.raises(ScoringRefused, match="Tiêu chí 2.3 .*vượt điểm tối đa 2"):
        w.pa = services.enter_organiser_points(w.district_officer, w.pa, {"2.3": ("2.5", "")})
    with pytest.raises(ScoringRefused, match="do đơn vị tự chấm"):
        w.pa = services.enter_organiser_points(w.district_officer, w.pa, {"1.2": ("1", "")})
    w.pa = services.enter_organiser_points(
        w.district_officer, w.pa, {"2.3": ("1,75", "Khảo sát 2021")}
    )
    assert score(w.pa, "2.3").appraised_points == D("1.75")

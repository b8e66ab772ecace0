"""The staff pages do what their services do: results tables with their figures, the paper
rating form (400 on a missing answer, one form per dossier), survey campaigns (create,
questions, paper forms), the feedback inbox (record, route, answer, publish; 409 on a stale
form) and the statistics of appendix 05a."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from cchc.dossiers.models import Status

from .. import services
from ..models import Feedback, Rating, RatingSource, Survey, SurveyResponse
from .factories import dossier_in, item, local, rating

pytestmark = pytest.mark.django_db


def html_of(response) -> str:
    return response.content.decode()


def test_rating_results_page(client, world):
    """As the commune's reform officer I read the quarter's forms, average, grade and
    satisfied share, per officer who received the dossiers."""
    d = dossier_in(world, Status.RETURNED)
    rating(d, at=local("2026-03-10 09:00"), scores=2, received_by=world.desk)
    client.force_login(world.reform)
    page = client.get(
        reverse("rating-results"),
        {"don_vi": world.commune.pk, "ky": "2026-Q1", "co_so": "cutoff", "theo": "received_by"},
    )
    html = html_of(page)
    assert page.status_code == 200
    row = html.split('data-line="total"')[1].split("</tr>")[0]
    assert 'data-figure="forms">1</td>' in row and 'data-figure="average">18,00</td>' in row
    assert 'data-figure="grade">Xuất sắc</td>' in row and 'data-figure="rate">100%</td>' in row
    assert "Công chức tiếp nhận hồ sơ" in html and str(world.desk) in html
    assert "từ ngày 15/12/2025 đến ngày 14/03/2026" in html


def test_paper_rating_form(client, world):
    """As the desk officer I find the dossier by its code, see what the system scored, and
    enter the citizen's answers; a missing answer is a 400 with the message; a second form
    for the same dossier is refused."""
    d = dossier_in(world, Status.RETURNED)
    client.force_login(world.desk)
    url = reverse("rating-paper-form", args=[d.pk])
    html = html_of(client.get(url))
    assert 'data-indicator="1"' in html and 'name="i6"' in html and 'name="i1"' not in html
    bad = client.post(url, {"staff_satisfaction": "2", "result_satisfaction": "2"})
    assert bad.status_code == 400 and "Vui lòng chọn một câu trả lời." in html_of(bad)
    assert not Rating.objects.exists()
    good = client.post(url, {"i6": "1", "staff_satisfaction": "2", "result_satisfaction": "1"})
    assert good.status_code == 302 and good["Location"] == reverse("rating-paper")
    saved = Rating.objects.get()
    assert (saved.source, saved.score_6, saved.recorded_by) == (RatingSource.PAPER, 1, world.desk)
    again = client.post(url, {"i6": "1", "staff_satisfaction": "2", "result_satisfaction": "1"})
    assert again.status_code == 400 and "đã được đánh giá" in html_of(again)


def test_survey_pages_create_questions_and_paper_forms(client, world):
    """As the reform officer I create a campaign from the satisfaction template, add a
    question (a stale form gets 409), and the desk enters a paper form."""
    client.force_login(world.reform)
    created = client.post(
        reverse("survey-create"),
        {
            "don_vi": world.commune.pk,
            "title": "Khảo sát quý I",
            "starts_on": "02/03/2026",
            "ends_on": "31/03/2026",
            "template": "satisfaction",
        },
    )
    survey = Survey.objects.get()
    assert created.status_code == 302 and created["Location"] == reverse(
        "survey-detail", args=[survey.pk]
    )
    detail = html_of(client.get(created["Location"]))
    assert f"/dvc/y-kien/khao-sat/{survey.token}/" in detail
    add = reverse("survey-question-add", args=[survey.pk])
    bad = client.post(add, {"text": "Chọn", "kind": "choice", "options": "Một", "revision": 0})
    assert bad.status_code == 400 and "ít nhất 2 phương án" in html_of(bad)
    ok = client.post(add, {"text": "Ông/Bà biết đến dịch vụ qua đâu?", "kind": "choice",
                           "options": "Loa truyền thanh\nZalo\nNgười quen", "revision": 0})  # fmt: skip
    assert ok.status_code == 302 and survey.questions.count() == 7
    stale = client.post(add, {"text": "Góp ý", "kind": "text", "revision": 0})
    assert stale.status_code == 409 and "vừa được người khác cập nhật" in html_of(stale)
    client.force_login(world.desk)
    questions = list(survey.questions.all())
    data = {f"q{q.pk}": "1" for q in questions if q.kind != "text"}
    data["answered_on"] = "05/03/2026"
    with time_machine.travel(local("2026-03-20 09:00")):
        saved = client.post(reverse("survey-paper", args=[survey.pk]), data)
    assert saved.status_code == 302
    response = SurveyResponse.objects.get()
    assert (response.source, response.answered_on) == ("paper", date(2026, 3, 5))


def test_feedback_inbox_record_route_answer_publish(client, world):
    """As the desk officer I record a phone call; the reform officer routes it, answers it
    (a stale form gets 409) and publishes the answer; the inbox flags overdue items."""
    client.force_login(world.desk)
    created = client.post(
        reverse("feedback-create"),
        {
            "unit": world.commune.pk,
            "channel": "phone",
            "content": "service",
            "subject": "Chờ lâu",
            "body": "Ông Nguyễn Văn A, 0909000111, phải chờ hai giờ.",
            "sender_name": "Nguyễn Văn A",
            "sender_phone": "0909000111",
            "dossier_code": "KHONG-CO",
        },
    )
    assert created.status_code == 400 and "Không tìm thấy hồ sơ có mã này." in html_of(created)
    assert not Feedback.objects.exists()
    data = {"unit": world.commune.pk, "channel": "phone", "content": "service",
            "subject": "Chờ lâu", "body": "Phải chờ hai giờ.", "sender_name": "Nguyễn Văn A"}  # fmt: skip
    created = client.post(reverse("feedback-create"), data)
    found = Feedback.objects.get()
    assert created.status_code == 302 and found.channel == "phone"
    client.force_login(world.reform)
    routed = client.post(
        reverse("feedback-route", args=[found.pk]),
        {"office": world.spec_office.pk, "content": "service", "revision": 0},
    )
    assert routed.status_code == 302
    stale = client.post(reverse("feedback-answer", args=[found.pk]), {"text": "X", "revision": 0})
    assert stale.status_code == 409
    answered = client.post(
        reverse("feedback-answer", args=[found.pk]), {"text": "Đã bố trí thêm quầy.", "revision": 1}
    )
    assert answered.status_code == 302
    detail = html_of(client.get(reverse("feedback-detail", args=[found.pk])))
    assert "Công khai trả lời trên Cổng dịch vụ công" in detail
    assert "Phải chờ hai giờ." in detail  # prefilled for the officer to rewrite
    published = client.post(
        reverse("feedback-publish", args=[found.pk]),
        {"public_question": "Thời gian chờ tại Bộ phận Một cửa.", "revision": 2},
    )
    found.refresh_from_db()
    assert published.status_code == 302 and found.is_published
    withdrawn = client.post(
        reverse("feedback-publish", args=[found.pk]), {"thoi_cong_khai": "1", "revision": 3}
    )
    found.refresh_from_db()
    assert withdrawn.status_code == 302 and not found.is_published
    late = item(world, at=local("2026-03-02 09:00"), subject="Quá hạn")
    with time_machine.travel(local("2026-03-20 09:00")):
        inbox = html_of(client.get(reverse("feedback-inbox"), {"qua_han": "on"}))
    assert f'data-item="{late.code}" class="overdue"' in inbox
    assert f'data-item="{found.code}"' not in inbox


def test_statistics_page_of_appendix_05a(client, world):
    """As the reform officer I read received, handled on time and late, in progress, by
    channel and by content, and the satisfaction figures of the period."""
    on_time = item(world, at=local("2026-03-02 09:00"))
    services.answer(world.reform, on_time, text="Đã trả lời.", at=local("2026-03-05 09:00"))
    item(world, at=local("2026-03-03 09:00"), channel="hotline", content="regulation")
    client.force_login(world.reform)
    with time_machine.travel(local("2026-03-20 09:00")):
        html = html_of(
            client.get(reverse("feedback-stats"), {"don_vi": world.commune.pk, "ky": "2026-Q1"})
        )
    total = html.split('data-table="channel"')[1].split('data-row="total"')[1].split("</tr>")[0]
    assert 'data-figure="received">2</td>' in total
    assert 'data-figure="handled_on_time">1</td>' in total
    assert 'data-figure="in_progress_in_time">1</td>' in total
    hotline = html.split('data-row="hotline"')[1].split("</tr>")[0]
    assert 'data-figure="in_progress">1</td>' in hotline
    regulation = html.split('data-table="content"')[1].split('data-row="regulation"')[1]
    assert 'data-figure="received">1</td>' in regulation.split("</tr>")[0]


def test_survey_results_for_part_of_the_campaign(client, world):
    """As the reform officer I count the campaign's answers of the first week only."""
    survey = services.create_survey(
        world.reform,
        world.commune,
        title="Khảo sát",
        starts_on=date(2026, 3, 1),
        ends_on=date(2026, 3, 31),
        template="informal_costs",
    )
    first, _, last = survey.questions.all()
    for day, happy in ((2, 2), (3, 0), (12, 1)):
        services.answer_survey(
            survey.token, {first.pk: 0, last.pk: happy}, today=date(2026, 3, day)
        )
    client.force_login(world.reform)
    url = reverse("survey-detail", args=[survey.pk])
    whole = html_of(client.get(url))
    assert 'data-figure="responses">3</strong>' in whole
    week = html_of(client.get(url, {"tu_ngay": "2026-03-01", "den_ngay": "07/03/2026"}))
    assert 'data-figure="responses">2</strong>' in week
    assert 'data-figure="satisfied-rate">50%</strong>' in week
    assert "từ ngày 01/03/2026 đến ngày 07/03/2026" in week

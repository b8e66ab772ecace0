"""Demo ratings, a survey campaign and feedback items (loaded by `cchc demo`, after the
dossier history).

- Ratings of a share of the returned dossiers: a quarter of UBND xã Phú Lộc's and a tenth of
  UBND huyện Thạnh Trị's 2024 ones — the indicators the records decide computed from each
  dossier (`facts`), the applicant's answers and satisfaction drawn from one fixed seed, the
  form collected at the kiosk, through the personal link or on paper shortly after return.
- A survey campaign at Phú Lộc (satisfaction and informal costs) running around `today`,
  with online and paper answers.
- Feedback items at Phú Lộc through the services (history, deadlines from the calendar): one
  answered and published, one answered, one in progress, one overdue, one just received;
  and two answered items of Thạnh Trị in 2024.

Deterministic: the same `today` and dossier history give the same rows. Loading twice adds
nothing (a unit with ratings is skipped; the campaign and items are found by title).
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from cchc.dossiers.models import Dossier, Status
from cchc.units.models import Office, Unit, User
from cchc.workcal import services as workcal

from . import facts, indicators, services
from .models import (
    Feedback,
    FeedbackChannel,
    FeedbackContent,
    Rating,
    RatingSource,
    Survey,
)

SEED = 20180712  # Nghị định 61/2018/NĐ-CP, from 21/8/2018; any fixed number
RATED_SHARE = {"CT-PHULOC": 0.25, "TT": 0.10}
THANH_TRI_YEAR = 2024
SOURCES = ((RatingSource.KIOSK, 0.6), (RatingSource.LINK, 0.25), (RatingSource.PAPER, 0.15))
# Satisfaction answers and the applicant's indicator answers: (value, weight).
SATISFACTION = ((2, 0.68), (1, 0.29), (0, 0.03))
ANSWER = ((2, 0.85), (1, 0.13), (0, 0.02))
SURVEY_TITLE = "Khảo sát mức độ hài lòng và chi phí không chính thức năm {year}"


def _pick(rng: random.Random, weighted) -> object:
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights)[0]


def _local(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=workcal.LOCAL_TZ)


# -- ratings --------------------------------------------------------------------------------


def _returned(code: str, today: date):
    rows = Dossier.objects.filter(
        unit__code=code, status=Status.RETURNED, returned_at__lt=_local(today, 0)
    )
    if code == "TT":
        rows = rows.filter(
            returned_at__gte=_local(date(THANH_TRI_YEAR, 1, 1), 0),
            returned_at__lt=_local(date(THANH_TRI_YEAR + 1, 1, 1), 0),
        )
    return rows.order_by("id")


def _ratings(today: date) -> int:
    rng = random.Random(SEED)
    end = _local(today, 0) - timedelta(minutes=1)
    batch = facts.Facts()
    rows = []
    for code, share in RATED_SHARE.items():
        if Rating.objects.filter(unit__code=code).exists():  # loaded already
            continue
        candidates = list(
            _returned(code, today).select_related("unit", "unit__parent", "procedure")
        )
        chosen = [d for d in candidates if rng.random() < share]
        people = facts.officers([d.pk for d in chosen])
        for dossier in chosen:
            rated_at = min(
                dossier.returned_at + timedelta(minutes=rng.randint(3, 2 * 24 * 60)), end
            )
            known = facts.known_scores(dossier, rated_at, batch)
            answers = {i.number: _pick(rng, ANSWER) for i in indicators.asked(known)}
            scores = indicators.merge(known, answers)
            source = _pick(rng, SOURCES)
            received_by, returned_by = people[dossier.pk]
            rows.append(
                Rating(
                    dossier=dossier,
                    unit_id=dossier.unit_id,
                    procedure_id=dossier.procedure_id,
                    received_by_id=received_by,
                    returned_by_id=returned_by,
                    returned_at=dossier.returned_at,
                    rated_at=rated_at,
                    source=source,
                    recorded_by_id=returned_by if source == RatingSource.PAPER else None,
                    computed=sorted(known),
                    staff_satisfaction=_pick(rng, SATISFACTION),
                    result_satisfaction=_pick(rng, SATISFACTION),
                    **{f"score_{n}": scores[n] for n in indicators.NUMBERS},
                )
            )
    Rating.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


# -- a survey campaign ------------------------------------------------------------------------


def _survey(today: date) -> None:
    unit = Unit.objects.get(code="CT-PHULOC")
    title = SURVEY_TITLE.format(year=today.year)
    if Survey.objects.filter(unit=unit, title=title).exists():
        return
    survey = services.create_survey(
        None,
        unit,
        title=title,
        description="Ý kiến của Ông/Bà giúp UBND xã phục vụ người dân tốt hơn. Phiếu không ghi tên.",
        starts_on=today - timedelta(days=45),
        ends_on=today + timedelta(days=30),
        template="satisfaction",
    )
    for kind, text, options, required in services.INFORMAL_COSTS_TEMPLATE[:2]:
        survey.refresh_from_db()
        services.add_question(
            None, survey, text=text, kind=kind, options=options, required=required
        )
    questions = list(survey.questions.all())
    rng = random.Random(SEED + 1)
    remarks = (
        "Công chức hướng dẫn tận tình.",
        "Nên có thêm ghế chờ tại Bộ phận Một cửa.",
        "Mong được hướng dẫn nộp hồ sơ trực tuyến.",
    )
    for n in range(80):
        day = today - timedelta(days=rng.randint(1, 44))
        answers = {}
        for q in questions:
            if q.kind == "satisfaction":
                answers[q.pk] = _pick(rng, SATISFACTION)
            elif q.kind == "text":
                answers[q.pk] = rng.choice(remarks) if rng.random() < 0.2 else ""
            elif q.order == len(questions) - 1:  # informal costs: almost always "Không"
                answers[q.pk] = 1 if rng.random() < 0.02 else 0
            else:
                answers[q.pk] = 2 if answers.get(questions[-2].pk) == 1 else ""
        if n % 3 == 0:
            services.record_paper_response(None, survey, answers, answered_on=day, today=today)
        else:
            services.answer_survey(survey.token, answers, today=day)


# -- feedback items ---------------------------------------------------------------------------


def _working_days_before(unit: Unit, today: date, n: int) -> date:
    calendar = workcal.calendar_for(unit)
    day = today
    for _ in range(n):
        day -= timedelta(days=1)
        while not calendar.is_working_day(day):
            day -= timedelta(days=1)
    return day


PHU_LOC_ITEMS = [
    # channel, content, subject, body, received (working days ago), outcome
    (
        FeedbackChannel.ONLINE,
        FeedbackContent.REGULATION,
        "Thành phần hồ sơ đăng ký khai sinh",
        "Tôi đề nghị cho biết khi đăng ký khai sinh có bắt buộc nộp bản sao giấy chứng nhận "
        "kết hôn của cha mẹ không, vì tại Bộ phận Một cửa được hướng dẫn khác với Cổng dịch vụ "
        "công.",
        20,
        "published",
    ),
    (
        FeedbackChannel.COUNTER,
        FeedbackContent.SERVICE,
        "Thời gian chờ tại Bộ phận Một cửa",
        "Buổi sáng thứ Hai người dân phải chờ lâu vì chỉ có một quầy tiếp nhận hồ sơ chứng thực.",
        14,
        "answered",
    ),
    (
        FeedbackChannel.PHONE,
        FeedbackContent.SERVICE,
        "Chưa nhận được tin nhắn báo kết quả",
        "Hồ sơ đã đến ngày hẹn nhưng tôi chưa nhận được tin nhắn báo có kết quả.",
        3,
        "routed",
    ),
    (
        FeedbackChannel.HOTLINE,
        FeedbackContent.REGULATION,
        "Lệ phí cấp bản sao trích lục hộ tịch",
        "Đề nghị niêm yết rõ mức lệ phí cấp bản sao trích lục hộ tịch tại nơi tiếp nhận.",
        15,
        "overdue",
    ),
    (
        FeedbackChannel.ONLINE,
        FeedbackContent.OTHER,
        "Giờ làm việc ngày thứ Bảy",
        "Đề nghị UBND xã tiếp nhận hồ sơ vào sáng thứ Bảy để người đi làm có thể nộp hồ sơ.",
        0,
        "new",
    ),
]
ANSWERS = {
    "Thành phần hồ sơ đăng ký khai sinh": (
        "Theo Luật Hộ tịch và Nghị định 123/2015/NĐ-CP, khi đăng ký khai sinh người đi đăng ký "
        "xuất trình giấy chứng nhận kết hôn của cha mẹ nếu cha mẹ đã đăng ký kết hôn; không "
        "phải nộp bản sao. UBND xã đã chấn chỉnh việc hướng dẫn tại Bộ phận Một cửa."
    ),
    "Thời gian chờ tại Bộ phận Một cửa": (
        "UBND xã đã bố trí thêm một công chức tiếp nhận hồ sơ chứng thực vào sáng thứ Hai."
    ),
}


def _phu_loc_items(today: date) -> None:
    unit = Unit.objects.get(code="CT-PHULOC")
    officer = User.objects.get(username="cchc.phuloc")
    office = Office.objects.get(unit=unit, code="TPHT")
    now = timezone.now()
    for channel, content, subject, body, ago, outcome in PHU_LOC_ITEMS:
        if Feedback.objects.filter(unit=unit, subject=subject).exists():
            continue
        received = _local(_working_days_before(unit, today, ago), 9, 15)
        if received > now:  # a demo dated in the future: nothing after the real now
            received = now
        sender = {
            "sender_name": "Trần Văn Minh",
            "sender_phone": "0912345678",
            "sender_address": "Ấp 1, xã Phú Lộc",
        }
        values = dict(content=content, subject=subject, body=body, at=received, **sender)
        if channel == FeedbackChannel.ONLINE:
            item = services.submit_feedback(unit=unit, **values)
        else:
            item = services.record_feedback(None, unit=unit, channel=channel, **values)
        if outcome == "new":
            continue
        routed_at = received + timedelta(hours=2)
        item = services.route(
            officer, item, unit=unit, office=office, content=content, at=routed_at
        )
        if outcome in ("answered", "published"):
            answered_on = _working_days_before(unit, today, max(ago - 6, 1))
            item = services.answer(
                officer, item, text=ANSWERS[subject], at=_local(answered_on, 15, 30)
            )
        if outcome == "published":
            services.publish(
                officer,
                item,
                public_question=body,
                at=_local(_working_days_before(unit, today, max(ago - 7, 1)), 8, 0),
            )


THANH_TRI_ITEMS = [
    (
        date(2024, 3, 11),
        date(2024, 3, 20),
        FeedbackContent.REGULATION,
        "Thủ tục chuyển mục đích sử dụng đất",
        "Đề nghị hướng dẫn rõ thành phần hồ sơ chuyển mục đích sử dụng đất trồng lúa.",
    ),
    (
        date(2024, 6, 3),
        date(2024, 6, 25),
        FeedbackContent.SERVICE,
        "Hồ sơ đăng ký biến động đất đai chậm trả kết quả",
        "Hồ sơ của tôi quá hẹn 5 ngày mà chưa có kết quả, không nhận được phiếu xin lỗi.",
    ),
]


def _thanh_tri_items() -> None:
    unit = Unit.objects.get(code="TT")
    officer = User.objects.get(username="cchc")
    office = Office.objects.get(unit=unit, code="TNMT")
    for received, answered, content, subject, body in THANH_TRI_ITEMS:
        if Feedback.objects.filter(unit=unit, subject=subject).exists():
            continue
        item = services.record_feedback(
            None,
            unit=unit,
            channel=FeedbackChannel.LETTER,
            content=content,
            subject=subject,
            body=body,
            sender_name="Lâm Thị Hoa",
            sender_address="Thị trấn Phú Lộc, huyện Thạnh Trị",
            at=_local(received, 8, 30),
        )
        item = services.route(
            officer, item, unit=unit, office=office, content=content, at=_local(received, 14, 0)
        )
        services.answer(
            officer,
            item,
            text="Phòng Tài nguyên và Môi trường đã kiểm tra và trả lời bằng văn bản.",
            at=_local(answered, 10, 0),
        )


@transaction.atomic
def load_demo_feedback(today: date | None = None) -> int:
    """Ratings, the survey campaign and the feedback items; returns the ratings written."""
    today = today or timezone.localdate()
    _phu_loc_items(today)
    _thanh_tri_items()
    written = _ratings(today)
    _survey(today)
    return written

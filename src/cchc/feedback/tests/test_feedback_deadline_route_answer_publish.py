"""A feedback item gets its answer deadline from the calendar engine (working days from the
day received, holidays and the unit's own days off skipped, the number configurable), is
classified and routed to an office of the responsible unit, answered, and its answer
optionally published; every step is appended to its history, which is never rewritten."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from cchc.core.models import AppendOnly
from cchc.workcal import services as workcal
from cchc.workcal.models import DayKind

from .. import services
from ..models import FeedbackAction, FeedbackContent, FeedbackEvent, FeedbackStatus
from .factories import item, local

pytestmark = pytest.mark.django_db

THURSDAY = local("2026-04-23 10:00")  # before Giỗ Tổ (nghỉ bù 27/04), 30/04 and 01/05


def test_the_deadline_skips_the_holidays(world, settings):
    """As a citizen who wrote on Thursday 23/04/2026 I am answered within 10 working days:
    by Tuesday 12/05/2026 — not 07/05, as the holidays of late April are skipped."""
    found = item(world, at=THURSDAY)
    assert found.due_on == date(2026, 5, 12)
    settings.CCHC_FEEDBACK_ANSWER_DAYS = 5
    assert item(world, at=THURSDAY).due_on == date(2026, 5, 5)


def test_the_deadline_follows_the_responsible_units_calendar(world):
    """As a commune with its own day off on 28/04 my deadline moves to 13/05; routed to the
    district, the item is due on the district's calendar again (12/05)."""
    workcal.add_day(
        None,
        date=date(2026, 4, 28),
        kind=DayKind.HOLIDAY,
        name="Ngày nghỉ riêng",
        unit=world.commune,
    )
    found = item(world, at=THURSDAY)
    assert found.due_on == date(2026, 5, 13)
    moved = services.route(
        world.district_reform,
        found,
        unit=world.district,
        office=world.district_office,
        content=FeedbackContent.REGULATION,
    )
    assert (moved.unit, moved.due_on) == (world.district, date(2026, 5, 12))


def test_route_answer_publish_with_history(world):
    """As the reform officer I classify the item and route it to the justice officers, who
    answer it on time; I publish the answer with the question rewritten, then withdraw it.
    Each step is a line of the history."""
    found = item(world, at=THURSDAY)
    routed = services.route(
        world.reform,
        found,
        unit=world.commune,
        office=world.spec_office,
        content=FeedbackContent.REGULATION,
        procedure=world.procedure,
        note="Đề nghị trả lời trước ngày 08/05",
        at=local("2026-04-23 14:00"),
    )
    assert (routed.status, routed.office, routed.procedure) == (
        FeedbackStatus.IN_PROGRESS,
        world.spec_office,
        world.procedure,
    )
    answered = services.answer(
        world.specialist, routed, text="Đã bố trí thêm quầy.", at=local("2026-05-12 16:00")
    )
    assert answered.status == FeedbackStatus.ANSWERED and answered.answered_by == world.specialist
    published = services.publish(
        world.reform, answered, public_question="Thời gian chờ tại Bộ phận Một cửa còn lâu."
    )
    assert published.is_published
    withdrawn = services.unpublish(world.reform, published)
    assert not withdrawn.is_published
    events = list(FeedbackEvent.objects.filter(feedback=found).order_by("id"))
    assert [e.action for e in events] == [
        FeedbackAction.RECEIVE,
        FeedbackAction.ROUTE,
        FeedbackAction.ANSWER,
        FeedbackAction.PUBLISH,
        FeedbackAction.UNPUBLISH,
    ]
    assert events[1].note.startswith("Chuyển Công chức Tư pháp (UBND xã Phước Hưng)")
    assert events[2].note == "trả lời đúng hạn"
    with pytest.raises(AppendOnly):
        events[0].save()
    with pytest.raises(AppendOnly):
        FeedbackEvent.objects.filter(feedback=found).delete()


def test_who_may_route_answer_and_publish(world):
    """As the desk officer I record items but do not route, answer or publish them; an
    officer of another commune cannot touch them; a specialist answers only items routed to
    their office."""
    found = item(world, at=THURSDAY)
    for intruder in (world.desk, world.outsider, world.specialist):
        with pytest.raises(PermissionDenied):
            services.route(
                intruder, found, unit=world.commune, office=world.spec_office, content="other"
            )
    with pytest.raises(PermissionDenied):
        services.answer(world.specialist, found, text="Trả lời")  # not routed to them yet
    with pytest.raises(PermissionDenied):
        services.record_feedback(
            world.outsider,
            unit=world.commune,
            channel="phone",
            content="other",
            subject="X",
            body="Y",
            sender_name="Z",
        )
    answered = services.answer(
        world.reform, found, text="Đã trả lời.", at=local("2026-05-13 08:00")
    )
    with pytest.raises(PermissionDenied):
        services.publish(world.desk, answered, public_question="Câu hỏi")
    assert FeedbackEvent.objects.get(feedback=found, action="answer").note == "trả lời quá hạn"


def test_refusals_change_nothing(world):
    """As the reform officer I am told in Vietnamese what is wrong; nothing changes."""
    found = item(world, at=THURSDAY)
    with pytest.raises(services.FeedbackRefused, match="Chỉ công khai"):
        services.publish(world.reform, found, public_question="Câu hỏi")
    with pytest.raises(services.FeedbackRefused) as caught:
        services.route(
            world.reform, found, unit=world.commune, office=world.district_office, content="x"
        )
    assert set(caught.value.message_dict) == {"content", "office"}
    with pytest.raises(services.FeedbackConflict):
        services.answer(world.reform, found, text="Trả lời", expected_revision=7)
    services.answer(world.reform, found, text="Trả lời", at=local("2026-04-24 08:00"))
    with pytest.raises(services.FeedbackRefused, match="đã được trả lời"):
        services.answer(world.reform, found, text="Lần hai", expected_revision=1)
    found.refresh_from_db()
    assert (found.answer, found.revision, found.events.count()) == ("Trả lời", 1, 2)
    with pytest.raises(services.FeedbackRefused) as caught:
        services.record_feedback(
            world.desk,
            unit=world.commune,
            channel="online",
            content="?",
            subject="",
            body="",
            sender_name="",
        )
    assert set(caught.value.message_dict) == {"channel"}

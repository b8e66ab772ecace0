"""Each working morning the staff of the office handling a feedback item and the unit's
reform officers hear about items due within two working days and about overdue ones — once
a day, in the application and in one e-mail per person; nothing is sent on days off."""

import pytest
import time_machine
from django.core import mail

from cchc.core import schedule
from cchc.core.models import Notification

from .. import services
from ..models import FeedbackAction, FeedbackEvent
from ..tasks import remind_feedback_due
from .factories import item, local

pytestmark = pytest.mark.django_db

THURSDAY = "2026-03-12 07:15 +0700"


@pytest.fixture
def items(world):
    world.reform.email = "cchc@phuochung.vn"
    world.reform.save()
    world.due_soon = item(world, at=local("2026-03-02 09:00"), subject="Sắp đến hạn")  # 16/03
    world.due_soon = services.route(
        world.reform,
        world.due_soon,
        unit=world.commune,
        office=world.spec_office,
        content="service",
        at=local("2026-03-02 10:00"),
    )
    world.overdue = item(world, at=local("2026-02-02 09:00"), subject="Quá hạn")  # 23/02
    world.later = item(world, at=local("2026-03-04 09:00"), subject="Còn xa")  # 18/03
    answered = item(world, at=local("2026-02-02 09:00"), subject="Đã trả lời")
    services.answer(world.reform, answered, text="Đã trả lời.", at=local("2026-02-10 09:00"))
    return world


def messages_of(user) -> list[str]:
    return list(Notification.objects.filter(recipient=user).values_list("message", flat=True))


def test_the_job_is_scheduled_on_working_mornings():
    """As an operator I find the reminder among the periodic jobs, Monday–Saturday at 07:15."""
    jobs = {job.name: job for job in schedule.jobs()}
    assert jobs["feedback.due-reminders"].cron == "15 7 * * 1-6"


def test_office_staff_and_reform_officers_are_reminded_once_a_day(items):
    """As the justice officer I hear on Thursday that the item routed to us is due Monday;
    the reform officer hears about it and about the overdue one, by e-mail too; nobody
    hears about the item due later or the answered one; the next run that day adds nothing."""
    with time_machine.travel(THURSDAY, tick=False):
        assert remind_feedback_due.call() == 3
        assert remind_feedback_due.call() == 0
    assert messages_of(items.specialist) == [
        f"Phản ánh, kiến nghị {items.due_soon.code} “Sắp đến hạn” (UBND xã Phước Hưng) đến hạn "
        "trả lời ngày 16/03/2026."
    ]
    reform = messages_of(items.reform)
    assert len(reform) == 2 and any("đã quá hạn trả lời từ ngày 23/02/2026" in m for m in reform)
    assert messages_of(items.desk) == [] and messages_of(items.outsider) == []
    assert [m.to for m in mail.outbox] == [["cchc@phuochung.vn"]]
    assert "2 phản ánh, kiến nghị" in mail.outbox[0].subject
    reminded = FeedbackEvent.objects.filter(action=FeedbackAction.REMIND)
    assert set(reminded.values_list("feedback_id", flat=True)) == {
        items.due_soon.pk,
        items.overdue.pk,
    }


def test_no_reminder_on_days_off(items):
    """As staff I am not disturbed on Sunday or on the Giỗ Tổ make-up day off."""
    for moment in ("2026-03-15 07:15 +0700", "2026-04-27 07:15 +0700"):
        with time_machine.travel(moment, tick=False):
            assert remind_feedback_due.call() == 0
    assert not Notification.objects.exists()

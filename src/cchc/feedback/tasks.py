"""Background jobs of feedback: the morning reminder of feedback items to answer."""

from __future__ import annotations

from datetime import date

from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from cchc.core import vnformat
from cchc.workcal import reminders

from .models import Feedback, FeedbackAction, FeedbackEvent, FeedbackStatus

REMIND_WORKING_DAYS = 2


def _message(item: Feedback, today: date) -> str:
    due = vnformat.short_date(item.due_on)
    what = f"Phản ánh, kiến nghị {item.code} “{item.subject}” ({item.unit.name})"
    if item.due_on < today:
        return f"{what} đã quá hạn trả lời từ ngày {due}."
    return f"{what} đến hạn trả lời ngày {due}."


@task()
def remind_feedback_due() -> int:
    """Each working morning (of the item's unit): tell the staff of the office handling an
    item and the unit's reform officers about items due within two working days and about
    overdue ones — in the application once a day per item, and in one e-mail per person.
    Returns the number of new in-app reminders."""
    now = timezone.now()
    today = timezone.localdate(now)
    soon = reminders.due_soon(
        Feedback.objects.exclude(status=FeedbackStatus.ANSWERED), today, REMIND_WORKING_DAYS
    )
    if soon is None:
        return 0
    items = list(soon.select_related("unit").order_by("due_on", "id"))

    def log(item, text):
        FeedbackEvent.objects.create(
            feedback=item,
            at=now,
            action=FeedbackAction.REMIND,
            from_status=item.status,
            to_status=item.status,
            unit_id=item.unit_id,
            office_id=item.office_id,
            note=text,
        )

    return reminders.remind(
        items,
        reminders.office_and_reform_staff(items, lambda i: i.office_id),
        today=today,
        message=_message,
        url=lambda i: reverse("feedback-detail", args=[i.pk]),
        key="feedback",
        subject=lambda n: f"[CCHC] {n} phản ánh, kiến nghị đến hạn hoặc quá hạn trả lời",
        sent=log,
    )

"""Background jobs of plans: the morning reminder of reform tasks due soon or overdue."""

from __future__ import annotations

from datetime import date

from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from cchc.core import vnformat
from cchc.workcal import reminders

from .models import Task, TaskAction, TaskEvent, TaskStatus

REMIND_WORKING_DAYS = 3


def _message(item: Task, today: date) -> str:
    due = vnformat.short_date(item.due_on)
    what = f"Nhiệm vụ “{item.title}” của {item.unit.name}"
    if item.due_on < today:
        return f"{what} đã quá hạn từ ngày {due} mà chưa hoàn thành."
    return f"{what} đến hạn hoàn thành ngày {due}."


@task()
def remind_tasks_due() -> int:
    """Each working morning (of the task's unit): tell the staff of the owner office and the
    unit's reform officers about tasks due within three working days and about overdue ones —
    in the application once a day per task, and in one e-mail per person. Returns the number
    of new in-app reminders."""
    now = timezone.now()
    today = timezone.localdate(now)
    soon = reminders.due_soon(
        Task.objects.exclude(status=TaskStatus.DONE), today, REMIND_WORKING_DAYS
    )
    if soon is None:
        return 0
    items = list(soon.select_related("unit").order_by("due_on", "id"))

    def log(item, text):
        TaskEvent.objects.create(
            task=item,
            at=now,
            action=TaskAction.REMIND,
            from_status=item.status,
            to_status=item.status,
            note=text,
        )

    return reminders.remind(
        items,
        reminders.office_and_reform_staff(items, lambda t: t.owner_office_id),
        today=today,
        message=_message,
        url=lambda t: reverse("task-detail", args=[t.pk]),
        key="plan-task",
        subject=lambda n: f"[CCHC] {n} nhiệm vụ CCHC đến hạn hoặc quá hạn",
        sent=log,
    )

"""Background jobs of plans: the morning reminder of reform tasks due soon or overdue."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.core.mail import send_mail
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from cchc.core import vnformat
from cchc.core.services import notify
from cchc.units.models import Role, RoleGrant, Unit
from cchc.workcal import services as workcal

from .models import Task, TaskAction, TaskEvent, TaskStatus

REMIND_WORKING_DAYS = 3


def horizon(calendar, today: date) -> date:
    """The working day `REMIND_WORKING_DAYS` working days after today: a task due on or
    before it is "due soon"."""
    day = today
    for _ in range(REMIND_WORKING_DAYS):
        day = calendar.next_working_day(day)
    return day


def _message(item: Task, today: date) -> str:
    due = vnformat.short_date(item.due_on)
    what = f"Nhiệm vụ “{item.title}” của {item.unit.name}"
    if item.due_on < today:
        return f"{what} đã quá hạn từ ngày {due} mà chưa hoàn thành."
    return f"{what} đến hạn hoàn thành ngày {due}."


def _recipients(items: list[Task]) -> dict[int, set]:
    """task id → the active staff of its owner office and its unit's reform officers (two
    queries for all the tasks)."""
    by_office: dict[int, set] = defaultdict(set)
    by_unit: dict[int, set] = defaultdict(set)
    offices = {t.owner_office_id for t in items if t.owner_office_id}
    grants = RoleGrant.objects.filter(user__is_active=True).select_related("user")
    for grant in grants.filter(office_id__in=offices):
        by_office[grant.office_id].add(grant.user)
    for grant in grants.filter(role=Role.REFORM_OFFICER, unit_id__in={t.unit_id for t in items}):
        by_unit[grant.unit_id].add(grant.user)
    return {t.pk: by_office.get(t.owner_office_id, set()) | by_unit[t.unit_id] for t in items}


@task()
def remind_tasks_due() -> int:
    """Each working morning (of the task's unit): tell the staff of the owner office and the
    unit's reform officers about tasks due within three working days and about overdue ones —
    in the application once a day per task, and in one e-mail per person. Returns the number
    of new in-app reminders."""
    now = timezone.now()
    today = timezone.localdate(now)
    open_tasks = Task.objects.exclude(status=TaskStatus.DONE)
    due_soon = Q()
    for unit in Unit.objects.filter(pk__in=open_tasks.values("unit_id")):
        calendar = workcal.calendar_for(unit)
        if calendar.is_working_day(today):  # no reminder on the unit's days off
            due_soon |= Q(unit=unit, due_on__lte=horizon(calendar, today))
    if not due_soon:
        return 0
    items = list(open_tasks.filter(due_soon).select_related("unit").order_by("due_on", "id"))
    people = _recipients(items)
    digest: dict = defaultdict(list)
    created = 0
    for item in items:
        message = _message(item, today)
        kind = "overdue" if item.due_on < today else "due"
        url = reverse("task-detail", args=[item.pk])
        key = f"plan-task-{kind}:{item.pk}:{today.isoformat()}"
        sent = [person for person in people[item.pk] if notify(person, message, url, key)]
        for person in sent:
            digest[person].append(message)
        if sent:
            TaskEvent.objects.create(
                task=item,
                at=now,
                action=TaskAction.REMIND,
                from_status=item.status,
                to_status=item.status,
                note=message,
            )
        created += len(sent)
    for person, lines in digest.items():
        if person.email:
            send_mail(
                subject=f"[CCHC] {len(lines)} nhiệm vụ CCHC đến hạn hoặc quá hạn",
                message="\n".join(lines),
                from_email=None,
                recipient_list=[person.email],
            )
    return created

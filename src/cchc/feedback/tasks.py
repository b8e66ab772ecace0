"""Background jobs of feedback: the morning reminder of feedback items to answer."""

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

from .models import Feedback, FeedbackAction, FeedbackEvent, FeedbackStatus

REMIND_WORKING_DAYS = 2


def horizon(calendar, today: date) -> date:
    """The working day `REMIND_WORKING_DAYS` working days after today: an item due on or
    before it is "due soon"."""
    day = today
    for _ in range(REMIND_WORKING_DAYS):
        day = calendar.next_working_day(day)
    return day


def _message(item: Feedback, today: date) -> str:
    due = vnformat.short_date(item.due_on)
    what = f"Phản ánh, kiến nghị {item.code} “{item.subject}” ({item.unit.name})"
    if item.due_on < today:
        return f"{what} đã quá hạn trả lời từ ngày {due}."
    return f"{what} đến hạn trả lời ngày {due}."


def _recipients(items: list[Feedback]) -> dict[int, set]:
    """item id → the active staff of the office it was routed to and its unit's reform
    officers (two queries for all the items)."""
    by_office: dict[int, set] = defaultdict(set)
    by_unit: dict[int, set] = defaultdict(set)
    grants = RoleGrant.objects.filter(user__is_active=True).select_related("user")
    offices = {i.office_id for i in items if i.office_id}
    for grant in grants.filter(office_id__in=offices):
        by_office[grant.office_id].add(grant.user)
    for grant in grants.filter(role=Role.REFORM_OFFICER, unit_id__in={i.unit_id for i in items}):
        by_unit[grant.unit_id].add(grant.user)
    return {i.pk: by_office.get(i.office_id, set()) | by_unit[i.unit_id] for i in items}


@task()
def remind_feedback_due() -> int:
    """Each working morning (of the item's unit): tell the staff of the office handling an
    item and the unit's reform officers about items due within two working days and about
    overdue ones — in the application once a day per item, and in one e-mail per person.
    Returns the number of new in-app reminders."""
    now = timezone.now()
    today = timezone.localdate(now)
    open_items = Feedback.objects.exclude(status=FeedbackStatus.ANSWERED)
    due_soon = Q()
    for unit in Unit.objects.filter(pk__in=open_items.values("unit_id")):
        calendar = workcal.calendar_for(unit)
        if calendar.is_working_day(today):  # no reminder on the unit's days off
            due_soon |= Q(unit=unit, due_on__lte=horizon(calendar, today))
    if not due_soon:
        return 0
    items = list(open_items.filter(due_soon).select_related("unit").order_by("due_on", "id"))
    people = _recipients(items)
    digest: dict = defaultdict(list)
    created = 0
    for item in items:
        message = _message(item, today)
        kind = "overdue" if item.due_on < today else "due"
        url = reverse("feedback-detail", args=[item.pk])
        key = f"feedback-{kind}:{item.pk}:{today.isoformat()}"
        sent = [person for person in people[item.pk] if notify(person, message, url, key)]
        for person in sent:
            digest[person].append(message)
        if sent:
            FeedbackEvent.objects.create(
                feedback=item,
                at=now,
                action=FeedbackAction.REMIND,
                from_status=item.status,
                to_status=item.status,
                unit_id=item.unit_id,
                office_id=item.office_id,
                note=message,
            )
        created += len(sent)
    for person, lines in digest.items():
        if person.email:
            send_mail(
                subject=f"[CCHC] {len(lines)} phản ánh, kiến nghị đến hạn hoặc quá hạn trả lời",
                message="\n".join(lines),
                from_email=None,
                recipient_list=[person.email],
            )
    return created

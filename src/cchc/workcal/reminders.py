"""Morning reminders of dated items held by an office of a unit (reform tasks, petitions to
answer): which items are due soon by each unit's own calendar, who is told, and the telling —
in the application once a day per item and person, and one e-mail digest per person.

The apps keep what is theirs (their items, wording, history line); the mechanics are here once.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import date

from django.core.mail import send_mail
from django.db.models import Q, QuerySet

from cchc.core.services import notify
from cchc.units.models import Role, RoleGrant, Unit

from . import services as workcal


def horizon(calendar, today: date, working_days: int) -> date:
    """The working day `working_days` working days after today: due on or before it is
    "due soon"."""
    day = today
    for _ in range(working_days):
        day = calendar.next_working_day(day)
    return day


def due_soon(items: QuerySet, today: date, working_days: int) -> QuerySet | None:
    """`items` (with `unit` and `due_on`) due within `working_days` working days or overdue,
    for the units whose calendar makes today a working day (no reminder on a unit's days
    off); None when no unit works today."""
    wanted = Q()
    for unit in Unit.objects.filter(pk__in=items.values("unit_id")):
        calendar = workcal.calendar_for(unit)
        if calendar.is_working_day(today):
            wanted |= Q(unit=unit, due_on__lte=horizon(calendar, today, working_days))
    return items.filter(wanted) if wanted else None


def office_and_reform_staff(items: list, office_of: Callable) -> dict[int, set]:
    """item id → the active staff of the item's office (`office_of(item)`, an office id or
    None) and its unit's reform officers; two queries for all the items."""
    by_office: dict[int, set] = defaultdict(set)
    by_unit: dict[int, set] = defaultdict(set)
    grants = RoleGrant.objects.filter(user__is_active=True).select_related("user")
    offices = {office_of(i) for i in items if office_of(i)}
    for grant in grants.filter(office_id__in=offices):
        by_office[grant.office_id].add(grant.user)
    for grant in grants.filter(role=Role.REFORM_OFFICER, unit_id__in={i.unit_id for i in items}):
        by_unit[grant.unit_id].add(grant.user)
    return {i.pk: by_office.get(office_of(i), set()) | by_unit[i.unit_id] for i in items}


def remind(
    items: Iterable,
    people: dict[int, set],
    *,
    today: date,
    message: Callable,
    url: Callable,
    key: str,
    subject: Callable[[int], str],
    sent: Callable | None = None,
) -> int:
    """Tell each item's people once today (`key`: "plan-task" → "plan-task-due:42:2026-03-02"),
    call `sent(item, text)` for an item someone was told about, and e-mail each person one
    digest; the number of new in-app reminders."""
    digest: dict = defaultdict(list)
    created = 0
    for item in items:
        text = message(item, today)
        kind = "overdue" if item.due_on < today else "due"
        told = [
            person
            for person in people[item.pk]
            if notify(person, text, url(item), f"{key}-{kind}:{item.pk}:{today.isoformat()}")
        ]
        for person in told:
            digest[person].append(text)
        if told and sent is not None:
            sent(item, text)
        created += len(told)
    for person, lines in digest.items():
        if person.email:
            send_mail(
                subject=subject(len(lines)),
                message="\n".join(lines),
                from_email=None,
                recipient_list=[person.email],
            )
    return created

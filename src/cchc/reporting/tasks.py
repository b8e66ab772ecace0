"""Background jobs of periodic reporting: the morning reminder of reports due."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from cchc.core.services import notify
from cchc.units.models import Role, RoleGrant, Unit
from cchc.workcal import services as workcal

from . import queries
from .models import ReportAction, ReportEvent, ReportInstance, ReportStatus, ReportType

REMIND_WORKING_DAYS = 3
# A report returned for correction must be filed again: it is reminded like a missing one.
NEEDS_FILING = (ReportStatus.DRAFT, ReportStatus.RETURNED)


def _horizon(calendar, today: date) -> date:
    """The working day `REMIND_WORKING_DAYS` working days after today."""
    day = today
    for _ in range(REMIND_WORKING_DAYS):
        day = calendar.next_working_day(day)
    return day


def period_to_remind(rtype: ReportType, horizon: date):
    """The latest period of the type whose due date is on or before `horizon`: the one due
    within the next working days, or — until the next one comes near — the one overdue."""
    candidates = [
        win
        for year in (horizon.year - 1, horizon.year)
        for win in queries.due_periods(rtype, year)
        if rtype.deadline.due(win) <= horizon
    ]
    return max(candidates, key=rtype.deadline.due, default=None)


def _message(rtype, win, unit, due: date, today: date) -> str:
    if due < today:
        return (
            f"Báo cáo “{rtype.name}” {win.title} của {unit.name} đã quá hạn gửi "
            f"(hạn ngày {due:%d/%m/%Y}) và chưa được gửi."
        )
    return f"Báo cáo “{rtype.name}” {win.title} của {unit.name} phải gửi trước hạn ngày {due:%d/%m/%Y}."


@task()
def remind_reports_due() -> int:
    """Each working morning: for each report type and each unit that must file it, the period
    due within the next three working days (or overdue) and not yet submitted — tell the
    unit's reform officers, once per day. Returns the number of new reminders."""
    now = timezone.now()
    today = timezone.localdate(now)
    calendar = workcal.calendar_for()
    if not calendar.is_working_day(today):
        return 0
    horizon = _horizon(calendar, today)
    created = 0
    for rtype in ReportType.objects.all():
        win = period_to_remind(rtype, horizon)
        if win is None:
            continue
        due = rtype.deadline.due(win)
        units = [
            u
            for u in Unit.objects.filter(kind__in=rtype.filers).order_by("path")
            if u.is_valid_on(win.end)
        ]
        instances = {
            i.unit_id: i
            for i in ReportInstance.objects.filter(
                report_type=rtype, period=win.label, unit__in=units
            )
        }
        officers: dict[int, list] = {}
        for grant in RoleGrant.objects.filter(
            role=Role.REFORM_OFFICER, unit__in=units, user__is_active=True
        ).select_related("user"):
            officers.setdefault(grant.unit_id, []).append(grant.user)
        for unit in units:
            instance = instances.get(unit.pk)
            if instance is not None and instance.status not in NEEDS_FILING:
                continue
            if instance is not None:
                url = reverse("report-detail", args=[instance.pk])
            else:
                query = urlencode({"loai": rtype.code, "don_vi": unit.pk, "ky": win.label})
                url = f"{reverse('report-list')}?{query}"
            message = _message(rtype, win, unit, instance.due_on if instance else due, today)
            key = f"report-due:{rtype.code}:{unit.pk}:{win.label}:{today.isoformat()}"
            sent = sum(
                1 for person in officers.get(unit.pk, ()) if notify(person, message, url, key)
            )
            if sent and instance is not None:
                ReportEvent.objects.create(
                    instance=instance, at=now, action=ReportAction.REMIND, note=message
                )
            created += sent
    return created

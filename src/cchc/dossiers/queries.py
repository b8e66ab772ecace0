"""Unit-scoped reads of dossiers for pages, the API and reminders.

A user sees a dossier when one of their roles reaches its receiving unit, its handling unit,
or the unit of one of its steps (an inter-agency partner). Every queryset here starts from
`visible_dossiers`, which goes through `units.permissions.scope`.
"""

from datetime import datetime, time, timedelta

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from cchc.units.models import Role, RoleGrant
from cchc.units.permissions import scope
from cchc.workcal import services as workcal

from .models import (
    OPEN_STATUSES,
    RUNNING_STATUSES,
    Dossier,
    DossierStep,
    HistoryEntry,
    Status,
)


def visible_dossiers(user, roles: tuple[str, ...] | None = None) -> QuerySet[Dossier]:
    """One query: receiving unit OR handling unit OR an inter-agency step's unit in reach."""
    base = Dossier.objects.all()
    partner_steps = scope(DossierStep.objects.filter(inter_agency=True), user, roles=roles)
    return (
        scope(base, user, roles=roles)
        | scope(base, user, field="handling_unit", roles=roles)
        | base.filter(pk__in=partner_steps.values("dossier_id"))
    )


def dossier_for(user, pk) -> Dossier:
    """The dossier `pk` if the user may see it; Http404 otherwise (no hint that it exists)."""
    dossier = (
        visible_dossiers(user)
        .select_related("procedure", "unit", "handling_unit", "current_step")
        .filter(pk=pk)
        .first()
    )
    if dossier is None:
        raise Http404("Không tìm thấy hồ sơ.")
    return dossier


def history_of(user, pk) -> QuerySet[HistoryEntry]:
    dossier = dossier_for(user, pk)
    return dossier.history.select_related(
        "actor", "actor_unit", "giver_user", "giver_unit", "receiver_user", "receiver_unit"
    )


# -- queues ----------------------------------------------------------------------------


def local_day_bounds(day) -> tuple[datetime, datetime]:
    start = datetime.combine(day, time.min, tzinfo=workcal.LOCAL_TZ)
    return start, start + timedelta(days=1)


def next_working_day(now: datetime | None = None, unit=None):
    """The working day after today (Friday → Monday, skipping holidays)."""
    now = now or timezone.now()
    return workcal.to_local(workcal.due_at(now, "1d", unit)).date()


def mine(user) -> QuerySet[Dossier]:
    """Open dossiers whose current step is assigned to the user."""
    return visible_dossiers(user).filter(status__in=OPEN_STATUSES, current_step__assignee=user)


def my_office(user) -> QuerySet[Dossier]:
    """Open dossiers whose current step sits with one of the user's offices."""
    offices = RoleGrant.objects.filter(user=user, office__isnull=False).values("office_id")
    return visible_dossiers(user).filter(status__in=OPEN_STATUSES, current_step__office__in=offices)


def awaiting_return(user) -> QuerySet[Dossier]:
    """Results ready at the desks the user serves (status 9)."""
    return scope(
        Dossier.objects.filter(status=Status.RESOLVED), user, roles=(Role.ONE_STOP_OFFICER,)
    )


def due_on(user, day) -> QuerySet[Dossier]:
    start, end = local_day_bounds(day)
    return visible_dossiers(user).filter(
        status__in=RUNNING_STATUSES, due_at__gte=start, due_at__lt=end
    )


def due_today(user, now: datetime | None = None) -> QuerySet[Dossier]:
    now = now or timezone.now()
    return due_on(user, workcal.to_local(now).date()).filter(due_at__gte=now)


def due_tomorrow(user, now: datetime | None = None) -> QuerySet[Dossier]:
    """Due on the next working day (Friday → Monday)."""
    return due_on(user, next_working_day(now))


def overdue(user, now: datetime | None = None) -> QuerySet[Dossier]:
    """Open dossiers with a running clock whose due time has passed."""
    now = now or timezone.now()
    return visible_dossiers(user).filter(status__in=RUNNING_STATUSES, due_at__lt=now)


QUEUES = {
    "mine": mine,
    "office": my_office,
    "awaiting_return": awaiting_return,
    "due_today": due_today,
    "due_tomorrow": due_tomorrow,
    "overdue": overdue,
}


def queue(user, name: str, now: datetime | None = None) -> QuerySet[Dossier]:
    function = QUEUES[name]
    if name in ("due_today", "due_tomorrow", "overdue"):
        return function(user, now)
    return function(user)


def queue_counts(user, now: datetime | None = None) -> dict[str, int]:
    return {name: queue(user, name, now).count() for name in QUEUES}


# -- timing ------------------------------------------------------------------------------


def timing(dossier: Dossier, now: datetime | None = None) -> str | None:
    """early / on_time / late for a finished dossier, pending_in_time / pending_overdue for an
    open one, None for dossiers that are never late (refused at intake, withdrawn, not yet
    accepted). Compares with `original_due_at`: an extension does not erase lateness."""
    if dossier.status in (Status.SUBMITTED, Status.REFUSED, Status.WITHDRAWN):
        return None
    due = dossier.original_due_at or dossier.due_at
    if due is None:
        return None
    if dossier.finished_at is not None:
        return workcal.classify(dossier.finished_at, due)
    moment = now or timezone.now()
    if dossier.status == Status.AWAITING_SUPPLEMENT and dossier.supplement_requested_at:
        moment = dossier.supplement_requested_at  # the clock stopped there
    elif dossier.status == Status.AWAITING_PAYMENT and dossier.payment_requested_at:
        moment = dossier.payment_requested_at
    return "pending_in_time" if due >= moment else "pending_overdue"

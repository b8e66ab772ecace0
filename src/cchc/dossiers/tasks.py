"""Background jobs of the one-stop desk: the morning reminders."""

from collections import defaultdict

from django.core.mail import send_mail
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from cchc.core.services import notify
from cchc.units.models import Role, RoleGrant
from cchc.workcal import services as workcal

from .models import RUNNING_STATUSES, Dossier
from .queries import local_day_bounds, next_working_day


def _recipients(dossier: Dossier) -> set:
    """The current step's assignee and the heads of the office (or unit) holding the step."""
    step = dossier.current_step
    people = {step.assignee} if step and step.assignee_id else set()
    unit_id = step.unit_id if step and step.unit_id else dossier.handling_unit_id or dossier.unit_id
    heads = RoleGrant.objects.filter(role=Role.OFFICE_HEAD, unit_id=unit_id).select_related("user")
    if step and step.office_id:  # the head of that office, or a head not tied to an office
        heads = heads.filter(Q(office_id=step.office_id) | Q(office__isnull=True))
    people |= {grant.user for grant in heads if grant.user.is_active}
    return people


@task()
def remind_due_and_overdue() -> int:
    """Each working morning: tell assignees and office heads about dossiers due within one
    working day and about overdue ones — in the application, and one e-mail per person.
    Returns the number of new in-app reminders."""
    now = timezone.now()
    if not workcal.calendar_for().is_working_day(workcal.to_local(now).date()):
        return 0
    # Due today or on the next working day (Friday morning also covers Monday).
    horizon = local_day_bounds(next_working_day(now))[1]
    dossiers = (
        Dossier.objects.filter(status__in=RUNNING_STATUSES, due_at__lte=horizon)
        .select_related("procedure", "current_step__assignee")
        .order_by("due_at")
    )
    today = workcal.to_local(now).date().isoformat()
    digest: dict = defaultdict(list)
    created = 0
    for dossier in dossiers:
        overdue = dossier.due_at < now
        due_text = f"{workcal.to_local(dossier.due_at):%H:%M %d/%m/%Y}"
        message = (
            f"Hồ sơ {dossier.code} ({dossier.procedure.name}) đã quá hạn từ {due_text}."
            if overdue
            else f"Hồ sơ {dossier.code} ({dossier.procedure.name}) đến hạn lúc {due_text}."
        )
        kind = "overdue" if overdue else "due"
        url = reverse("dossier-detail", args=[dossier.pk])
        for person in _recipients(dossier):
            if notify(person, message, url, key=f"dossier-{kind}:{dossier.pk}:{today}"):
                created += 1
                digest[person].append(message)
    for person, lines in digest.items():
        if person.email:
            send_mail(
                subject=f"[CCHC] {len(lines)} hồ sơ đến hạn hoặc quá hạn",
                message="\n".join(lines),
                from_email=None,
                recipient_list=[person.email],
            )
    return created

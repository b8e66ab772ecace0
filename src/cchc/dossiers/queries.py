"""Unit-scoped reads of dossiers for pages, the API and reminders.

A user sees a dossier when one of their roles reaches its receiving unit, its handling unit,
or the unit of one of its steps (an inter-agency partner). Every queryset here starts from
`visible_dossiers`, which goes through `units.permissions.scope`.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import (
    Case,
    Count,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.http import Http404
from django.utils import timezone

from cchc.catalog.models import Procedure, RequiredForm, Sector
from cchc.catalog.queries import ProcedureFilters, components_of, search_procedures
from cchc.units.models import Role, RoleGrant, Unit
from cchc.units.permissions import scope, visible_unit_ids, visible_units
from cchc.workcal import services as workcal

from .models import (
    OPEN_STATUSES,
    RUNNING_STATUSES,
    ComponentForm,
    Dossier,
    DossierComponent,
    DossierStep,
    HistoryAction,
    HistoryEntry,
    IntakeRecord,
    Status,
)
from .receiving import levels_received

# Up to this many partner dossiers are inlined as a list of ids (see `visible_dossiers`).
PARTNER_IDS_INLINE = 1000


def visible_dossiers(user, roles: tuple[str, ...] | None = None) -> QuerySet[Dossier]:
    """Receiving unit OR handling unit OR an inter-agency step's unit in reach.

    The partner dossiers are looked up first (one small indexed query; usually none): a list
    of ids lets the database combine the three conditions on indexes, where a subquery in the
    OR made it test every open dossier of every unit (bench/queues.py). Very many partner
    dossiers stay a subquery.
    """
    base = Dossier.objects.all()
    partner_steps = scope(DossierStep.objects.filter(inter_agency=True), user, roles=roles)
    partners = partner_steps.values_list("dossier_id", flat=True).distinct()
    partner_ids = list(partners.order_by()[: PARTNER_IDS_INLINE + 1])
    return (
        scope(base, user, roles=roles)
        | scope(base, user, field="handling_unit", roles=roles)
        | base.filter(pk__in=partners if len(partner_ids) > PARTNER_IDS_INLINE else partner_ids)
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
    """Open dossiers whose current step sits with one of the user's offices.

    Filters on `current_office`, the dossier's snapshot of its current step's office (0003),
    not on a join to the steps: the planner could not see across the join that most open
    dossiers of a unit sit at its specialist office (bench/queues.py)."""
    # A list, not a subquery: the planner then knows how big the office's share is.
    grants = RoleGrant.objects.filter(user=user, office__isnull=False)
    offices = list(grants.values_list("office_id", flat=True))
    return visible_dossiers(user).filter(status__in=OPEN_STATUSES, current_office__in=offices)


def awaiting_return(user) -> QuerySet[Dossier]:
    """Results ready at the desks the user serves (status 9)."""
    return scope(
        Dossier.objects.filter(status=Status.RESOLVED), user, roles=(Role.ONE_STOP_OFFICER,)
    )


def online_waiting(user) -> QuerySet[Dossier]:
    """Online dossiers waiting for the desk's check (status 1) at the desks the user serves:
    accept, ask for completion (Mẫu 02) or refuse (Mẫu 03) from the dossier page.

    Each carries `online_supplement`: the last of the desk's requests to complete it (Mẫu 02,
    `intake_incomplete`) and the applicant's online supplements (`supplement_online`); None
    when neither."""
    last = HistoryEntry.objects.filter(
        dossier=OuterRef("pk"),
        action__in=(HistoryAction.INTAKE_INCOMPLETE, HistoryAction.SUPPLEMENT_ONLINE),
    ).order_by("-at", "-id")
    return scope(
        Dossier.objects.filter(status=Status.SUBMITTED), user, roles=(Role.ONE_STOP_OFFICER,)
    ).annotate(online_supplement=Subquery(last.values("action")[:1]))


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
    "online": online_waiting,
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


# Queue badges count up to this; a bigger queue shows "1.000+" (no exact COUNT(*) of a queue
# of a million-row table on every page load).
QUEUE_COUNT_CAP = 1000


def queue_counts(user, now: datetime | None = None) -> dict[str, int]:
    """Size of each queue, capped: QUEUE_COUNT_CAP + 1 means "more than QUEUE_COUNT_CAP".

    Unordered: with the model's ordering the database would sort the whole queue first."""
    return {
        name: queue(user, name, now).order_by()[: QUEUE_COUNT_CAP + 1].count() for name in QUEUES
    }


# -- queue filters -----------------------------------------------------------------------


def unit_levels(user) -> set[str]:
    """Procedure levels the units the user may see receive (`receiving.levels_received`),
    in one small query on the unit table."""
    pairs = (
        Unit.objects.filter(id__in=visible_unit_ids(user))
        .values_list("kind", "parent__kind")
        .distinct()
    )
    return {level for kind, parent_kind in pairs for level in levels_received(kind, parent_kind)}


def queue_filter_choices(user) -> dict[str, list[tuple[int, str]]]:
    """Choices of the queue's procedure and sector filters: every sector of the catalogue and
    the procedures of the levels the user works at. Two cheap queries on the catalogue, never a
    scan of the dossier table."""
    procedures = (
        Procedure.objects.filter(level__in=unit_levels(user))
        .order_by("name", "code")
        .values_list("id", "name")
    )
    return {
        "procedures": list(procedures),
        "sectors": list(Sector.objects.order_by("name").values_list("id", "name")),
    }


def filter_queue(
    rows: QuerySet[Dossier],
    *,
    text: str = "",
    status: int | None = None,
    channel: int | None = None,
    procedure: int | None = None,
    sector: int | None = None,
    received_from: date | None = None,
    received_to: date | None = None,
) -> QuerySet[Dossier]:
    """Narrow a queue; each filter left empty (None, "") is not applied. The received-date
    bounds are whole local days, both inclusive."""
    if text:
        rows = rows.filter(Q(code__icontains=text) | Q(applicant_name__icontains=text))
    if status is not None:
        rows = rows.filter(status=status)
    if channel is not None:
        rows = rows.filter(channel=channel)
    if procedure is not None:
        rows = rows.filter(procedure_id=procedure)
    if sector is not None:
        rows = rows.filter(procedure__sector_id=sector)
    if received_from is not None:
        rows = rows.filter(received_at__gte=local_day_bounds(received_from)[0])
    if received_to is not None:
        rows = rows.filter(received_at__lt=local_day_bounds(received_to)[1])
    return rows


# -- register (Mẫu 07) -------------------------------------------------------------------

REGISTER_ROLES = (Role.ONE_STOP_OFFICER, Role.OFFICE_HEAD, Role.UNIT_LEADER)


def register_units(user) -> QuerySet[Unit]:
    """Units whose register the user may print: reached through a desk, head or leader role."""
    return visible_units(user, roles=REGISTER_ROLES).order_by("path")


def register_unit(user, pk) -> Unit:
    """The unit `pk` if the user may print its register; Http404 otherwise."""
    unit = register_units(user).filter(pk=pk).first()
    if unit is None:
        raise Http404("Không tìm thấy đơn vị.")
    return unit


def register_dossiers(user, unit: Unit, sector, start: date, end: date) -> QuerySet[Dossier]:
    """Dossiers received at `unit` from `start` to `end` (local days, inclusive) for procedures
    of `sector`, in order of reception: the rows of Mẫu 07, fetched in one query."""
    return (
        visible_dossiers(user)
        .filter(
            unit=unit,
            procedure__sector=sector,
            received_at__gte=local_day_bounds(start)[0],
            received_at__lt=local_day_bounds(end)[1],
        )
        .select_related("procedure", "unit", "handling_unit")
        .order_by("received_at", "id")
    )


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


# -- intake at the desk ------------------------------------------------------------------


def desk_units(user) -> QuerySet[Unit]:
    """The units where the user holds the one-stop desk role (a superuser: every unit),
    the receiving units the intake page offers."""
    desk = (Role.ONE_STOP_OFFICER.value,)
    units = visible_units(user, desk)
    if not getattr(user, "is_superuser", False):
        units = units.filter(role_grants__user=user, role_grants__role=desk[0])
    return units.distinct().order_by("name", "code")


def recent_procedure_ids(user, limit: int = 10) -> list[int]:
    """The procedures the user took in at the desk most recently, most recent first: from the
    dossiers they accepted (history) and their incomplete/refused intake records."""
    accepted = (
        HistoryEntry.objects.filter(
            actor=user, action__in=(HistoryAction.RECEIVE, HistoryAction.ACCEPT)
        )
        .values("dossier__procedure_id")
        .annotate(last=Max("at"))
        .order_by("-last")[:limit]
    )
    recorded = (
        IntakeRecord.objects.filter(officer=user)
        .values("procedure_id")
        .annotate(last=Max("at"))
        .order_by("-last")[:limit]
    )
    last: dict[int, datetime] = {}
    rows = [(r["dossier__procedure_id"], r["last"]) for r in accepted]
    rows += [(r["procedure_id"], r["last"]) for r in recorded]
    for procedure_id, at in rows:
        if procedure_id not in last or at > last[procedure_id]:
            last[procedure_id] = at
    return sorted(last, key=last.get, reverse=True)[:limit]


def intake_procedures(user, text: str = "", limit: int = 30) -> list[Procedure]:
    """Procedures to pick at the desk: the catalogue's diacritic-insensitive search (without
    text: the recently used ones only), the user's recently used ones first. Each row gets
    `recently_used`."""
    recent = recent_procedure_ids(user)
    rows = search_procedures(ProcedureFilters(q=text or ""))
    if not (text or "").strip():
        rows = rows.filter(pk__in=recent)
    if recent:
        rank = Case(
            *[When(pk=pk, then=Value(i)) for i, pk in enumerate(recent)],
            default=Value(len(recent)),
            output_field=IntegerField(),
        )
        rows = rows.annotate(recent_rank=rank).order_by("recent_rank", *rows.query.order_by)
    found = list(rows[:limit])
    for procedure in found:
        procedure.recently_used = procedure.pk in recent
    return found


@dataclass(frozen=True)
class ListedComponent:
    """One line the desk ticks on the intake form, with its pre-filled sets and paper."""

    name: str
    sets: int = 1
    form: str = ComponentForm.ORIGINAL.value
    mandatory: bool = False
    note: str = ""


# The catalogue's "bản chính / bản sao / bản chính hoặc bản sao" → the paper pre-selected.
FORM_DEFAULTS = {
    RequiredForm.ORIGINAL: ComponentForm.ORIGINAL.value,
    RequiredForm.COPY: ComponentForm.COPY.value,
    RequiredForm.EITHER: ComponentForm.COPY.value,
}


def mandatory_components(procedure: Procedure, day: date | None = None) -> list[str]:
    """Names of the mandatory components of the version in force on `day` (today): what
    `services.accept_at_desk(required_components=…)` checks a dossier against."""
    return [c.name for c in components_of(procedure, day) if c.mandatory]


def usual_components(
    user, procedure: Procedure, day: date | None = None, limit: int = 20
) -> list[ListedComponent]:
    """The lines to tick at the desk: the components list of the version in force on `day`
    (today), in order. A procedure whose list is not declared yet falls back to the papers
    desks took in for it, most frequent first (from the dossiers the user may see)."""
    listed = [
        ListedComponent(
            name=c.name,
            sets=c.sets,
            form=FORM_DEFAULTS.get(c.form, ComponentForm.ORIGINAL.value),
            mandatory=c.mandatory,
            note=c.note,
        )
        for c in components_of(procedure, day)
    ]
    if listed:
        return listed
    dossiers = visible_dossiers(user).filter(procedure=procedure).values("pk")
    rows = (
        DossierComponent.objects.filter(dossier__in=dossiers)
        .values("name")
        .annotate(times=Count("id"))
        .order_by("-times", "name")[:limit]
    )
    return [ListedComponent(name=row["name"]) for row in rows]


def intake_record_for(user, pk) -> IntakeRecord:
    """The intake record `pk` if the user may see its unit; Http404 otherwise."""
    record = (
        scope(IntakeRecord.objects.all(), user)
        .select_related("unit", "procedure", "officer", "dossier")
        .filter(pk=pk)
        .first()
    )
    if record is None:
        raise Http404("Không tìm thấy phiếu tiếp nhận.")
    return record

"""Reads of the plans app, always scoped to the units the user may see
(`units.permissions`): plans and their progress, tasks with their outcome, overdue tasks, the
registers and their counts per unit and window.

Order of answers for one record: a record of a unit the user cannot see at all → 404; a
record the user sees only through a role that does not read plans (the one-stop officer) → 403.

Every figure is counted in the database, one aggregating query per group of figures (task
outcomes by `progress.count` / `progress.count_by`, the registers by `aggregate`); nothing
loops over rows to count.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404

from cchc.units.models import Unit, UnitKind
from cchc.units.permissions import chosen_unit, visible_unit_ids

from . import progress
from .models import (
    Directive,
    DirectiveKind,
    Initiative,
    InitiativeKind,
    InitiativeStatus,
    Inspection,
    OutreachActivity,
    OutreachForm,
    Plan,
    PlanKind,
    Task,
    TaskOrigin,
)
from .services import OFFICE_ROLES, READER_ROLES, WRITER_ROLES, office_ids

NO_READER_ROLE = "Anh/chị không có vai trò xem kế hoạch, nhiệm vụ CCHC."


# -- units and single records ----------------------------------------------------------------


def reader_ids(user) -> frozenset[int]:
    return visible_unit_ids(user, READER_ROLES)


def reader_units(user) -> QuerySet[Unit]:
    """Units whose plans the user may read, in tree order."""
    return Unit.objects.filter(id__in=reader_ids(user)).order_by("path")


def writer_units(user) -> QuerySet[Unit]:
    """Units whose plans, tasks and registers the user may write, in tree order."""
    return Unit.objects.filter(id__in=visible_unit_ids(user, WRITER_ROLES)).order_by("path")


def require_reader(user) -> frozenset[int]:
    """The units the user reads plans of; 403 for a user with no reading role anywhere."""
    ids = reader_ids(user)
    if not ids:
        raise PermissionDenied(NO_READER_ROLE)
    return ids


def unit_for(user, raw, roles=READER_ROLES) -> Unit:
    """A unit chosen on a page (`units.permissions.chosen_unit`): 404 unseen, 403 no role."""
    return chosen_unit(
        user, raw, roles, "Anh/chị không có quyền thực hiện thao tác này tại đơn vị này."
    )


def _one(user, queryset: QuerySet, pk: int, what: str):
    found = queryset.filter(pk=pk, unit_id__in=visible_unit_ids(user)).first()
    if found is None:
        raise Http404(f"Không tìm thấy {what}.")
    if found.unit_id not in reader_ids(user):
        raise PermissionDenied(NO_READER_ROLE)
    return found


def plan_for(user, pk: int) -> Plan:
    return _one(user, Plan.objects.select_related("unit"), pk, "kế hoạch")


def task_for(user, pk: int) -> Task:
    return _one(
        user,
        Task.objects.select_related("unit", "plan", "owner_office", "assigned_by"),
        pk,
        "nhiệm vụ",
    )


def record_for(user, model, pk: int):
    return _one(user, model.objects.select_related("unit"), pk, "bản ghi")


# -- plans and tasks -------------------------------------------------------------------------


def plans(user, *, unit: Unit | None = None, year=None, kind=None) -> QuerySet[Plan]:
    found = Plan.objects.select_related("unit").filter(unit_id__in=reader_ids(user))
    if unit is not None:
        found = found.filter(unit=unit)
    if year:
        found = found.filter(year=year)
    if kind:
        found = found.filter(kind=kind)
    return found


def plan_progress(plan_ids, as_of: date) -> dict[int, progress.Progress]:
    """Progress of each plan, in one grouped query."""
    return progress.count_by(Task.objects.filter(plan_id__in=list(plan_ids)), as_of, "plan_id")


@dataclass
class AreaGroup:
    key: str
    label: str
    tasks: list = field(default_factory=list)
    progress: progress.Progress = field(default_factory=progress.Progress)


@dataclass
class PlanView:
    """A plan's tasks grouped by reform area with each task's outcome, and the counts per
    area and overall (the overall counts are the sum of the areas')."""

    plan: Plan
    as_of: date
    areas: list[AreaGroup]

    @property
    def total(self) -> progress.Progress:
        result = progress.Progress()
        for group in self.areas:
            result = result + group.progress
        return result


def plan_view(plan: Plan, as_of: date) -> PlanView:
    tasks = progress.with_outcome(
        plan.tasks.select_related("owner_office", "unit").order_by("order", "due_on", "id"), as_of
    )
    counts = progress.count_by(plan.tasks.all(), as_of, "area")
    groups: dict[str, AreaGroup] = {}
    for task in tasks:
        if task.area not in groups:
            groups[task.area] = AreaGroup(
                task.area, task.get_area_display(), progress=counts[task.area]
            )
        groups[task.area].tasks.append(task)
    # Areas in the plan's own order: the area of its first task first (seed 000 lists
    # institutions first, the national index direction first; the plan decides).
    return PlanView(plan, as_of, list(groups.values()))


def year_q(year: int) -> Q:
    """A task "of a year": its plan's year, or its due date's year for a task without a plan
    (tasks assigned by the level above)."""
    return Q(plan__year=year) | Q(plan__isnull=True, due_on__year=year)


def tasks(
    user,
    *,
    unit: Unit | None = None,
    year=None,
    origin=None,
    kind=None,
    plan=None,
    outcome=None,
    as_of: date,
) -> QuerySet[Task]:
    """Tasks the user may read with their `outcome` as of `as_of`, filtered."""
    found = Task.objects.select_related("unit", "plan", "owner_office", "assigned_by").filter(
        unit_id__in=reader_ids(user)
    )
    if unit is not None:
        found = found.filter(unit=unit)
    if year:
        found = found.filter(year_q(year))
    if origin:
        found = found.filter(origin=origin)
    if kind:
        found = found.filter(plan__kind=kind)
    if plan is not None:
        found = found.filter(plan=plan)
    if outcome == "done":
        found = found.filter(progress.done_by(as_of))
    elif outcome == "not_done":
        found = found.exclude(progress.done_by(as_of))
    elif outcome in progress.LABELS:
        found = found.filter(progress.rules(as_of)[outcome])
    return progress.with_outcome(found, as_of).order_by("unit__path", "due_on", "order", "id")


def overdue(user, today: date, units=None) -> QuerySet[Task]:
    """Tasks of the units the user reads (or of `units`) not completed and past due."""
    found = Task.objects.select_related("unit", "plan", "owner_office", "assigned_by").filter(
        progress.rules(today)[progress.OVERDUE], unit_id__in=reader_ids(user)
    )
    if units is not None:
        found = found.filter(unit__in=units)
    return progress.with_outcome(found, today).order_by("due_on", "unit__path", "id")


def my_overdue_count(user, today: date) -> int:
    """Overdue tasks the user answers for: of the units the user writes for, or owned by
    the offices the user works in."""
    mine = Q(unit_id__in=visible_unit_ids(user, WRITER_ROLES))
    offices = office_ids(user)
    if offices:
        mine |= Q(owner_office_id__in=offices, unit_id__in=visible_unit_ids(user, OFFICE_ROLES))
    return Task.objects.filter(mine, progress.rules(today)[progress.OVERDUE]).count()


def reform_tasks(unit: Unit, year: int) -> QuerySet[Task]:
    """The tasks of the unit's annual reform plans of `year` (indicators I.1.1–I.1.3)."""
    return Task.objects.filter(unit=unit, plan__kind=PlanKind.REFORM, plan__year=year)


def assigned_tasks(unit: Unit, year: int) -> QuerySet[Task]:
    """Tasks the level above assigned to the unit, due in `year` (indicator I.4, criterion
    1.6.1 of the reform index)."""
    return Task.objects.filter(unit=unit, origin=TaskOrigin.ASSIGNED, due_on__year=year)


def unit_progress(unit_ids, year: int, as_of: date) -> dict[int, progress.Progress]:
    """Progress of each unit's reform plans of `year`, in one grouped query."""
    return progress.count_by(
        Task.objects.filter(
            unit_id__in=list(unit_ids), plan__kind=PlanKind.REFORM, plan__year=year
        ),
        as_of,
        "unit_id",
    )


# -- registers -------------------------------------------------------------------------------

DATE_FIELD = {
    Directive: "issued_on",
    Inspection: "done_on",
    OutreachActivity: "held_on",
    Initiative: "applied_on",
}
YEAR_FIELD = {
    Directive: "issued_on__year",
    Inspection: "year",
    OutreachActivity: "held_on__year",
    Initiative: "year",
}


def records(user, model, *, unit=None, year=None, start=None, end=None) -> QuerySet:
    """Rows of a register the user may read; by year, or by a date range (the window of a
    report: issued, done, held or applied between `start` and `end`)."""
    found = model.objects.select_related("unit").filter(unit_id__in=reader_ids(user))
    if model is Inspection:
        found = found.select_related("inspected_unit", "inspected_office", "plan")
    if unit is not None:
        found = found.filter(unit=unit)
    if year:
        found = found.filter(**{YEAR_FIELD[model]: year})
    if start:
        found = found.filter(**{f"{DATE_FIELD[model]}__gte": start})
    if end:
        found = found.filter(**{f"{DATE_FIELD[model]}__lte": end})
    return found


def _in(window, name: str) -> Q:
    return Q(**{f"{name}__gte": window.start, f"{name}__lte": window.end})


@dataclass(frozen=True)
class DirectiveCounts:
    total: int = 0
    by_kind: tuple[tuple[str, int], ...] = ()


def directive_counts(unit: Unit, window) -> DirectiveCounts:
    """Directive documents the unit issued in the window, by kind (one query)."""
    found = Directive.objects.filter(_in(window, "issued_on"), unit=unit).aggregate(
        **{kind.value: Count("id", filter=Q(kind=kind.value)) for kind in DirectiveKind}
    )
    by_kind = tuple((kind.label, found[kind.value]) for kind in DirectiveKind)
    return DirectiveCounts(sum(n for _, n in by_kind), by_kind)


@dataclass(frozen=True)
class InspectionCounts:
    planned: int = 0  # inspections in the plan for the window's year
    done: int = 0  # inspections carried out in the window
    offices: int = 0  # distinct offices inspected in the window
    units: int = 0  # distinct subordinate units (not communes) inspected
    communes: int = 0  # distinct communes inspected
    issues_found: int = 0
    issues_fixed: int = 0


def inspection_counts(unit: Unit, window) -> InspectionCounts:
    """The inspection figures of indicators I.2.1–I.2.5, in one query."""
    done = _in(window, "done_on")
    commune = Q(inspected_unit__kind=UnitKind.COMMUNE)
    found = Inspection.objects.filter(unit=unit).aggregate(
        planned=Count("id", filter=Q(year=window.end.year)),
        done=Count("id", filter=done),
        offices=Count("inspected_office", distinct=True, filter=done),
        units=Count(
            "inspected_unit",
            distinct=True,
            filter=done & Q(inspected_unit__isnull=False) & ~commune,
        ),
        communes=Count("inspected_unit", distinct=True, filter=done & commune),
        issues_found=Sum("issues_found", filter=done),
        issues_fixed=Sum("issues_fixed", filter=done),
    )
    return InspectionCounts(**{key: value or 0 for key, value in found.items()})


@dataclass(frozen=True)
class OutreachLine:
    form: str
    label: str
    activities: int = 0
    items: int = 0  # news items, broadcasts, sessions…
    audience: int = 0


@dataclass(frozen=True)
class OutreachCounts:
    lines: tuple[OutreachLine, ...] = ()

    @property
    def activities(self) -> int:
        return sum(line.activities for line in self.lines)

    @property
    def items(self) -> int:
        return sum(line.items for line in self.lines)

    @property
    def audience(self) -> int:
        return sum(line.audience for line in self.lines)


def outreach_counts(unit: Unit, window) -> OutreachCounts:
    """Outreach held in the window, by form, with counts and audience (one grouped query;
    the totals are the sum of the forms)."""
    rows = (
        OutreachActivity.objects.filter(_in(window, "held_on"), unit=unit)
        .order_by()
        .values("form")
        .annotate(activities=Count("id"), items=Sum("count"), audience=Sum("audience_count"))
    )
    found = {row["form"]: row for row in rows}
    return OutreachCounts(
        tuple(
            OutreachLine(
                form.value,
                form.label,
                found[form.value]["activities"],
                found[form.value]["items"] or 0,
                found[form.value]["audience"] or 0,
            )
            for form in OutreachForm
            if form.value in found
        )
    )


@dataclass(frozen=True)
class InitiativeCounts:
    cells: dict  # (kind, status) → count

    def get(self, kind: str, status: str | None = None) -> int:
        return sum(
            n for (k, s), n in self.cells.items() if k == kind and (status is None or s == status)
        )

    @property
    def total(self) -> int:
        return sum(self.cells.values())

    @property
    def rows(self) -> list[tuple[str, list[int], int]]:
        """(kind label, counts per status, total) for the page's table."""
        return [
            (
                kind.label,
                [self.get(kind.value, status.value) for status in InitiativeStatus],
                self.get(kind.value),
            )
            for kind in InitiativeKind
        ]


def initiative_counts(unit: Unit, year: int) -> InitiativeCounts:
    """Initiatives and models of the unit's year, by kind and status (one grouped query)."""
    rows = (
        Initiative.objects.filter(unit=unit, year=year)
        .order_by()
        .values("kind", "status")
        .annotate(n=Count("id"))
    )
    return InitiativeCounts({(row["kind"], row["status"]): row["n"] for row in rows})

"""Pages of plans and tasks: the plan list and creation, the plan page (tasks by reform area
with their outcome and totals), task creation, editing and progress, tasks assigned by the
level above, overdue tasks, and the year summary of a unit.

Views parse, call one query or service and render. Order of answers: a record or unit the
user cannot see → 404 (`queries`); a page or action without the role for it → 403 (checked
here before anything is parsed, and again by the services); a stale revision → the page
again with the conflict message, 409; input the services refuse → the page again with the
message, 400. A refusal changes nothing; a success redirects.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from cchc.core import vnformat
from cchc.reporting import periods
from cchc.reporting.sources import Computed, SourceContext, split

from . import progress, queries, services, sources
from .forms import (
    AssignedFilterForm,
    PlanFilterForm,
    PlanForm,
    ProgressForm,
    SummaryForm,
    TaskFilterForm,
    TaskForm,
    UnitChoiceForm,
)
from .models import InitiativeStatus, PlanKind, TaskOrigin
from .services import WRITER_ROLES, PlanConflict, PlanRefused

PAGE_ROWS = 500


def apply_refusal(form, error: ValidationError) -> None:
    """The services' messages on the form: on the field to blame, else on the form."""
    aliases = {"plan": None}
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            target = aliases.get(name, name)
            target = target if target in form.fields else None
            for item in errors:
                form.add_error(target, item.messages[0])
    else:
        for text in error.messages:
            form.add_error(None, text)


def writer_unit(request):
    """The unit a create page is for: `don_vi` (POST, then GET), else the user's first unit
    with a writer role; 404 for a unit the user cannot see, 403 without a writer role."""
    raw = request.POST.get("don_vi") or request.GET.get("don_vi")
    if raw:
        return queries.unit_for(request.user, raw, WRITER_ROLES)
    unit = queries.writer_units(request.user).first()
    if unit is None:
        raise PermissionDenied("Anh/chị không có quyền lập kế hoạch, ghi sổ của đơn vị nào.")
    return unit


def chosen_unit(request, name: str = "don_vi"):
    """A unit filter: None when not given; 404 / 403 for a unit the user may not read."""
    raw = request.GET.get(name, "")
    return queries.unit_for(request.user, raw) if raw else None


def require_writer(user, unit_id: int) -> None:
    if not services.can_write(user, unit_id):
        raise PermissionDenied("Anh/chị không có quyền sửa kế hoạch, nhiệm vụ của đơn vị này.")


def as_of_date(form) -> date:
    return form.value("den_ngay") or timezone.localdate()


# -- plans ----------------------------------------------------------------------------------


@login_required
def plan_list(request):
    queries.require_reader(request.user)
    today = timezone.localdate()
    unit = chosen_unit(request)
    form = PlanFilterForm(
        request.GET or None, units=queries.reader_units(request.user), today=today
    )
    found = list(
        queries.plans(request.user, unit=unit, year=form.value("nam"), kind=form.value("loai"))[
            :PAGE_ROWS
        ]
    )
    counted = queries.plan_progress([p.pk for p in found], today)
    return render(
        request,
        "plans/plan_list.html",
        {
            "form": form,
            "plans": [(p, counted.get(p.pk, progress.Progress())) for p in found],
            "can_create": queries.writer_units(request.user).exists(),
            "today": today,
        },
    )


@login_required
def plan_create(request):
    unit = writer_unit(request)
    today = timezone.localdate()
    form = PlanForm(request.POST or None, initial={"kind": PlanKind.REFORM, "year": today.year})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                plan = services.create_plan(request.user, unit, **form.values())
            except PlanRefused as exc:
                apply_refusal(form, exc)
            else:
                messages.success(request, f"Đã lập kế hoạch số {plan.number}.")
                return redirect("plan-detail", pk=plan.pk)
    return render(
        request,
        "plans/plan_form.html",
        {"form": form, "unit": unit, "plan": None, **_unit_switch(request, unit)},
        status=status,
    )


def _unit_switch(request, unit) -> dict:
    units = list(queries.writer_units(request.user))
    return {"unit_form": UnitChoiceForm(units=units, unit=unit) if len(units) > 1 else None}


@login_required
def plan_detail(request, pk: int):
    plan = queries.plan_for(request.user, pk)
    form = TaskFilterForm(request.GET or None, units=[], today=timezone.localdate())
    as_of = as_of_date(form)
    return render(
        request,
        "plans/plan_detail.html",
        {
            "view": queries.plan_view(plan, as_of),
            "plan": plan,
            "as_of": as_of,
            "today": timezone.localdate(),
            "can_write": services.can_write(request.user, plan.unit_id),
        },
    )


@login_required
def plan_edit(request, pk: int):
    plan = queries.plan_for(request.user, pk)
    require_writer(request.user, plan.unit_id)
    initial = {name: getattr(plan, name) for name in services.PLAN_FIELDS}
    form = PlanForm(request.POST or None, initial=initial, revision=plan.revision)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.edit_plan(
                    request.user, plan, expected_revision=form.revision, **form.values()
                )
            except PlanConflict as exc:
                form.add_error(None, str(exc))
                status = 409
            except PlanRefused as exc:
                apply_refusal(form, exc)
            else:
                messages.success(request, "Đã lưu kế hoạch.")
                return redirect("plan-detail", pk=plan.pk)
    return render(
        request,
        "plans/plan_form.html",
        {"form": form, "unit": plan.unit, "plan": plan},
        status=status,
    )


# -- tasks ----------------------------------------------------------------------------------


def _due_on(form, unit, plan) -> date:
    """The typed due date, or the date N working days after the plan's issue date."""
    values = form.cleaned_data
    if values.get("due_on"):
        return values["due_on"]
    return services.due_from_working_days(unit, values["due_days"], plan=plan)


def _warn_day_off(request, unit, day) -> None:
    warning = services.day_off_warning(unit, day)
    if warning:
        messages.warning(request, warning)


def _save_task(request, form, save) -> tuple[object, int]:
    """Run `save(due_on)` for a valid form; (task, status) with the refusal on the form."""
    try:
        return save(), 302
    except PlanConflict as exc:
        form.add_error(None, str(exc))
        return None, 409
    except PlanRefused as exc:
        apply_refusal(form, exc)
        return None, 400


@login_required
def task_create(request, pk: int):
    plan = queries.plan_for(request.user, pk)
    require_writer(request.user, plan.unit_id)
    unit = plan.unit
    form = TaskForm(request.POST or None, unit=unit, plan=plan)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():

            def save():
                values = form.values() | {"due_on": _due_on(form, unit, plan)}
                return services.add_task(request.user, unit=unit, plan=plan, **values)

            task, status = _save_task(request, form, save)
            if task is not None:
                messages.success(request, "Đã thêm nhiệm vụ.")
                _warn_day_off(request, unit, task.due_on)
                if "them_tiep" in request.POST:
                    return redirect("task-create", pk=plan.pk)
                return redirect(f"{reverse('plan-detail', args=[plan.pk])}#nv-{task.pk}")
    return render(
        request,
        "plans/task_form.html",
        {"form": form, "plan": plan, "unit": unit, "task": None},
        status=status,
    )


@login_required
def assigned_create(request):
    unit = writer_unit(request)
    form = TaskForm(request.POST or None, unit=unit, assigned=True)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():

            def save():
                values = form.values() | {"due_on": _due_on(form, unit, None)}
                return services.record_assigned_task(request.user, unit=unit, **values)

            task, status = _save_task(request, form, save)
            if task is not None:
                messages.success(request, "Đã ghi nhiệm vụ cấp trên giao.")
                _warn_day_off(request, unit, task.due_on)
                return redirect("task-detail", pk=task.pk)
    return render(
        request,
        "plans/task_form.html",
        {
            "form": form,
            "plan": None,
            "unit": unit,
            "task": None,
            "assigned": True,
            **_unit_switch(request, unit),
        },
        status=status,
    )


def render_task(request, task, *, progress_form=None, status=200):
    today = timezone.localdate()
    can_progress = services.can_update_progress(request.user, task)
    if can_progress and progress_form is None:
        progress_form = ProgressForm(task=task)
    return render(
        request,
        "plans/task_detail.html",
        {
            "task": task,
            "outcome": progress.outcome(task.status, task.due_on, task.completed_on, today),
            "day_off": services.day_off_warning(task.unit, task.due_on),
            "can_write": services.can_write(request.user, task.unit_id),
            "progress_form": progress_form if can_progress else None,
            "events": task.events.select_related("actor"),
            "statuses": dict(progress.LABELS),
        },
        status=status,
    )


@login_required
def task_detail(request, pk: int):
    return render_task(request, queries.task_for(request.user, pk))


@login_required
@require_POST
def task_progress(request, pk: int):
    task = queries.task_for(request.user, pk)
    if not services.can_update_progress(request.user, task):
        raise PermissionDenied("Anh/chị không có quyền cập nhật tiến độ nhiệm vụ này.")
    form = ProgressForm(request.POST, task=task)
    if not form.is_valid():
        return render_task(request, task, progress_form=form, status=400)
    values = form.values()
    try:
        services.update_progress(
            request.user,
            task,
            status=values["status"],
            completed_on=values.get("completed_on"),
            evidence=values.get("evidence", ""),
            note=values.get("note", ""),
            expected_revision=form.revision,
        )
    except PlanConflict as exc:
        messages.error(request, str(exc))
        return render_task(request, queries.task_for(request.user, pk), status=409)
    except PlanRefused as exc:
        apply_refusal(form, exc)
        return render_task(request, task, progress_form=form, status=400)
    messages.success(request, "Đã cập nhật tiến độ nhiệm vụ.")
    return redirect("task-detail", pk=pk)


@login_required
def task_edit(request, pk: int):
    task = queries.task_for(request.user, pk)
    require_writer(request.user, task.unit_id)
    initial = {name: getattr(task, name) for name in services.TASK_EDIT_FIELDS}
    form = TaskForm(
        request.POST or None,
        unit=task.unit,
        plan=task.plan,
        assigned=task.origin == TaskOrigin.ASSIGNED,
        initial=initial,
        revision=task.revision,
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():

            def save():
                values = form.values() | {"due_on": _due_on(form, task.unit, task.plan)}
                return services.edit_task(
                    request.user, task, expected_revision=form.revision, **values
                )

            saved, status = _save_task(request, form, save)
            if saved is not None:
                messages.success(request, "Đã lưu nhiệm vụ.")
                _warn_day_off(request, task.unit, saved.due_on)
                return redirect("task-detail", pk=pk)
    return render(
        request,
        "plans/task_form.html",
        {"form": form, "plan": task.plan, "unit": task.unit, "task": task},
        status=status,
    )


# -- task lists -----------------------------------------------------------------------------


@login_required
def task_list(request):
    """Every task the user reads, filtered — the list behind the report figures."""
    queries.require_reader(request.user)
    today = timezone.localdate()
    unit = chosen_unit(request)
    form = TaskFilterForm(
        request.GET or None, units=queries.reader_units(request.user), today=today
    )
    as_of = as_of_date(form)
    found = queries.tasks(
        request.user,
        unit=unit,
        year=form.value("nam"),
        origin=form.value("nguon"),
        kind=form.value("loai"),
        outcome=form.value("ket_qua"),
        as_of=as_of,
    )
    return render(
        request,
        "plans/task_list.html",
        {
            "form": form,
            "tasks": found[:PAGE_ROWS],
            "count": progress.count(found.order_by(), as_of),
            "as_of": as_of,
            "title": "Danh sách nhiệm vụ CCHC",
        },
    )


@login_required
def assigned_list(request):
    """Tasks assigned by the level above, with the same outcome rules and totals."""
    queries.require_reader(request.user)
    today = timezone.localdate()
    unit = chosen_unit(request)
    form = AssignedFilterForm(
        request.GET or None, units=queries.reader_units(request.user), today=today
    )
    as_of = as_of_date(form)
    every = queries.tasks(
        request.user,
        unit=unit,
        year=form.value("nam"),
        origin=TaskOrigin.ASSIGNED,
        as_of=as_of,
    )
    shown = queries.tasks(
        request.user,
        unit=unit,
        year=form.value("nam"),
        origin=TaskOrigin.ASSIGNED,
        outcome=form.value("ket_qua"),
        as_of=as_of,
    )
    return render(
        request,
        "plans/assigned_list.html",
        {
            "form": form,
            "tasks": shown[:PAGE_ROWS],
            "count": progress.count(every.order_by(), as_of),
            "as_of": as_of,
            "can_create": queries.writer_units(request.user).exists(),
        },
    )


@login_required
def overdue_list(request):
    queries.require_reader(request.user)
    today = timezone.localdate()
    unit = chosen_unit(request)
    form = AssignedFilterForm(
        request.GET or None, units=queries.reader_units(request.user), today=today
    )
    units = None
    if unit is not None:  # `gom=1`: with its subordinate units (the dashboard's link)
        units = unit.subtree() if request.GET.get("gom") else [unit]
    found = queries.overdue(request.user, today, units=units)
    if form.value("nam"):
        found = found.filter(queries.year_q(form.value("nam")))
    return render(
        request,
        "plans/overdue.html",
        {"form": form, "tasks": found[:PAGE_ROWS], "count": found.count(), "today": today},
    )


# -- the year summary -------------------------------------------------------------------------


@dataclass
class Figure:
    label: str
    code: str  # the indicator of the annual report (Phụ lục 2) that reads it
    computed: Computed
    sub: bool = False

    @property
    def shown(self) -> str:
        value = self.computed.value
        if value is None:
            return "—"
        return vnformat.percent(value, 1) if self.computed.percent else vnformat.number(value)


SUMMARY = (
    ("Nhiệm vụ trong kế hoạch CCHC năm", "I.1.1", "plans.tasks_planned", False),
    ("Nhiệm vụ đã hoàn thành", "I.1.2", "plans.tasks_done", True),
    ("Tỷ lệ hoàn thành kế hoạch", "I.1.3", "plans.task_completion", True),
    ("Văn bản chỉ đạo, điều hành CCHC đã ban hành", "I.1.4", "plans.directives", False),
    ("Phòng, ban chuyên môn đã kiểm tra", "I.2.1", "plans.inspected?target=office", False),
    ("Đơn vị trực thuộc đã kiểm tra", "I.2.2", "plans.inspected?target=unit", False),
    ("UBND cấp xã đã kiểm tra", "I.2.3", "plans.inspected?target=commune", False),
    ("Vấn đề phát hiện qua kiểm tra", "I.2.4", "plans.inspection_issues?state=found", False),
    ("Vấn đề đã xử lý xong", "I.2.5", "plans.inspection_issues?state=fixed", True),
    ("Tin, bài, buổi tuyên truyền CCHC", "", "plans.outreach", False),
    ("Nhiệm vụ cấp trên giao", "I.4.1", "plans.assigned_count?state=total", False),
    ("Hoàn thành đúng hạn", "I.4.2", "plans.assigned_count?state=on_time", True),
    ("Hoàn thành quá hạn", "I.4.3", "plans.assigned_count?state=late", True),
    ("Chưa hoàn thành", "", "plans.assigned_count?state=undone", True),
    ("Tỷ lệ hoàn thành đúng hạn", "", "plans.assigned", True),
    ("Sáng kiến, mô hình CCHC", "", "plans.initiatives", False),
)


@login_required
def summary(request):
    """A unit's year in figures: what the annual report and the reform index read."""
    queries.require_reader(request.user)
    today = timezone.localdate()
    units = list(queries.reader_units(request.user))
    form = SummaryForm(request.GET or None, units=units, today=today)
    chosen = chosen_unit(request) or units[0]
    year, basis = today.year, "cutoff"
    if form.is_bound:
        form.is_valid()  # what was chosen validly replaces the defaults
        year = form.cleaned_data.get("nam") or year
        basis = form.cleaned_data.get("ky") or basis
    form.initial = {"don_vi": chosen.pk, "nam": year, "ky": basis}
    window = periods.window(str(year), basis)
    context = SourceContext(chosen, window)
    found = []
    for label, code, source, sub in SUMMARY:
        name, params = split(source)
        found.append(Figure(label, code, sources.SOURCES[name](context, params), sub))
    below = [u for u in units if u.path.startswith(chosen.path)]
    by_unit = queries.unit_progress([u.pk for u in below], year, window.end)
    return render(
        request,
        "plans/summary.html",
        {
            "units_progress": [(u, by_unit[u.pk]) for u in below if u.pk in by_unit],
            "form": form,
            "unit": chosen,
            "year": year,
            "window": window,
            "figures": found,
            "outreach": queries.outreach_counts(chosen, window),
            "directives": queries.directive_counts(chosen, window),
            "inspections": queries.inspection_counts(chosen, window),
            "initiatives": queries.initiative_counts(chosen, year),
            "statuses": InitiativeStatus.labels,
        },
    )

"""Every write of the plans app: one function per business action, one transaction each, the
permission check first, a `TaskEvent` for every change of a task, and a stale copy refused.

Who writes: the reform officer, the unit leader and the administrator of a unit (`can_act`)
create and edit its plans, tasks and registers; the head or a specialist of the office that
owns a task may also update that task's progress. Anyone else gets `PermissionDenied`.
`actor=None` is a trusted caller (a command, the demo), never a web request.

Bad input raises `PlanRefused` (a `ValidationError`, keyed by field where a field is to
blame, in Vietnamese); an edit made on a stale copy raises `PlanConflict`. Either way nothing
is written. Functions return the fresh object (the one passed in is not updated).

Due dates are dates. A due date given as a number of working days is turned into a date by
`due_from_working_days` (the calendar engine, `workcal.services.due_date`) before it reaches
`add_task` / `edit_task`; a due date on a day off is accepted (`day_off_warning` says so).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import F, Max
from django.utils import timezone

from cchc.core import vnformat
from cchc.core.errors import StaleWrite
from cchc.units.models import Office, Role, RoleGrant, Unit
from cchc.units.permissions import visible_unit_ids
from cchc.workcal import services as workcal

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
    ReformArea,
    Task,
    TaskAction,
    TaskEvent,
    TaskOrigin,
    TaskStatus,
)

WRITER_ROLES = (Role.REFORM_OFFICER, Role.UNIT_LEADER, Role.ADMINISTRATOR)
OFFICE_ROLES = (Role.OFFICE_HEAD, Role.SPECIALIST)
READER_ROLES = (*WRITER_ROLES, *OFFICE_ROLES, Role.APPRAISER)

FIRST_YEAR, LAST_YEAR = 2000, 2100
MAX_WORKING_DAYS = 366


class PlanRefused(ValidationError):
    """A write that is not allowed (Vietnamese message); nothing was written."""


class PlanConflict(StaleWrite):
    """The record changed since the caller loaded it; nothing was written."""


# -- permissions -----------------------------------------------------------------------------


def _reaches(user, unit_id: int, roles) -> bool:
    return unit_id in visible_unit_ids(user, tuple(roles))


def can_write(user, unit: Unit | int) -> bool:
    """May `user` create and edit the plans, tasks and registers of `unit`?"""
    return _reaches(user, getattr(unit, "pk", unit), WRITER_ROLES)


def can_read(user, unit: Unit | int) -> bool:
    return _reaches(user, getattr(unit, "pk", unit), READER_ROLES)


def office_ids(user) -> frozenset[int]:
    """The offices whose tasks `user` works on (office head or specialist there)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    return frozenset(
        RoleGrant.objects.filter(user=user, role__in=OFFICE_ROLES, office__isnull=False)
        .values_list("office_id", flat=True)
        .distinct()
    )


def can_update_progress(user, task: Task) -> bool:
    """The unit's writers, and the staff of the office that owns the task."""
    if can_write(user, task.unit_id):
        return True
    return (
        task.owner_office_id is not None
        and task.owner_office_id in office_ids(user)
        and _reaches(user, task.unit_id, OFFICE_ROLES)
    )


def _require_writer(actor, unit_id: int, what: str) -> None:
    if actor is None:  # a trusted caller (a command, the demo), never a web request
        return
    if not can_write(actor, unit_id):
        raise PermissionDenied(f"Anh/chị không có quyền {what} của đơn vị này.")


# -- helpers ---------------------------------------------------------------------------------


def _today(today: date | None) -> date:
    return today or timezone.localdate()


def _actor(actor):
    return actor if getattr(actor, "pk", None) else None


def _event(task: Task, actor, action, from_status="", to_status="", note="", at=None) -> None:
    TaskEvent.objects.create(
        task=task,
        at=at or timezone.now(),
        actor=_actor(actor),
        action=action,
        from_status=from_status,
        to_status=to_status,
        note=note,
    )


def _lock(model, obj, expected_revision: int | None, what: str):
    """The row locked for the write; `PlanConflict` if it changed since `obj` (or the
    revision the form carried) was read."""
    revision = obj.revision if expected_revision is None else expected_revision
    fresh = model.objects.select_for_update().get(pk=obj.pk)
    if fresh.revision != revision:
        raise PlanConflict(what)
    return fresh


def _bump(model, obj, **fields):
    model.objects.filter(pk=obj.pk).update(revision=F("revision") + 1, **fields)
    return model.objects.get(pk=obj.pk)


class _Errors(dict):
    """Field → message; `raise_if_any` raises one `PlanRefused` naming every problem."""

    def text(self, field, value, label, *, required=True, max_length=None) -> str:
        if value is None:
            value = ""
        if not isinstance(value, str):
            self[field] = f"{label} không hợp lệ."
            return ""
        value = value.strip()
        if required and not value:
            self[field] = f"Vui lòng nhập {label.lower()}."
        elif max_length and len(value) > max_length:
            self[field] = f"{label} tối đa {max_length} ký tự."
        return value

    def day(self, field, value, label, *, required=True, today=None) -> date | None:
        if value is None or value == "":
            if required:
                self[field] = f"Vui lòng nhập {label.lower()}."
            return None
        if isinstance(value, datetime) or not isinstance(value, date):
            self[field] = f"{label} không hợp lệ; dùng dạng ngày/tháng/năm."
            return None
        if today is not None and value > today:
            self[field] = (
                f"{label} ({vnformat.short_date(value)}) không được sau ngày hôm nay "
                f"({vnformat.short_date(today)})."
            )
        return value

    def choice(self, field, value, choices, message) -> str:
        if value not in choices.values:
            self[field] = message
        return value

    def year(self, field, value) -> int | None:
        if isinstance(value, bool) or not isinstance(value, int):
            self[field] = "Vui lòng nhập năm, ví dụ 2024."
            return None
        if not FIRST_YEAR <= value <= LAST_YEAR:
            self[field] = f"Năm phải từ {FIRST_YEAR} đến {LAST_YEAR}."
            return None
        return value

    def count(self, field, value, label, minimum=0) -> int:
        if value is None:
            value = minimum
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            self[field] = f"{label} phải là số nguyên từ {minimum} trở lên."
            return minimum
        return value

    def raise_if_any(self) -> None:
        if self:
            raise PlanRefused(dict(self))


def _below(unit: Unit, other: Unit) -> bool:
    """Is `other` the unit itself or in its subtree?"""
    return other.path.startswith(unit.path)


# -- due dates -------------------------------------------------------------------------------


def due_from_working_days(
    unit: Unit, days: int, *, plan: Plan | None = None, today: date | None = None
) -> date:
    """The date `days` working days after the plan's issue date (or after today for a task
    without a plan) on the unit's calendar: a plan issued on Friday 12/01/2024 with 10
    working days is due on Friday 26/01/2024."""
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= MAX_WORKING_DAYS:
        raise PlanRefused({"due_days": f"Số ngày làm việc phải từ 1 đến {MAX_WORKING_DAYS}."})
    start_day = plan.issued_on if plan is not None else _today(today)
    return workcal.due_date(start_day, f"{days}d", unit)


def day_off_warning(unit: Unit, day: date | None) -> str:
    """A warning when `day` is not a working day of `unit` (the date is kept as typed)."""
    if day is None or workcal.calendar_for(unit).is_working_day(day):
        return ""
    return (
        f"Thời hạn {vnformat.short_date(day)} rơi vào ngày nghỉ theo lịch làm việc của "
        f"{unit.name}; hệ thống vẫn lưu thời hạn này."
    )


# -- plans -----------------------------------------------------------------------------------

PLAN_FIELDS = ("kind", "year", "number", "issued_on", "title", "decision_ref")


def _clean_plan(unit: Unit, values: dict, today: date, exclude_pk=None) -> dict:
    errors = _Errors()
    clean = {
        "kind": errors.choice("kind", values["kind"], PlanKind, "Vui lòng chọn loại kế hoạch."),
        "year": errors.year("year", values["year"]),
        "number": errors.text("number", values["number"], "Số, ký hiệu kế hoạch", max_length=60),
        "issued_on": errors.day("issued_on", values["issued_on"], "Ngày ban hành", today=today),
        "title": errors.text("title", values["title"], "Trích yếu", max_length=500),
        "decision_ref": errors.text(
            "decision_ref",
            values.get("decision_ref", ""),
            "Văn bản ban hành",
            required=False,
            max_length=255,
        ),
    }
    year, issued_on = clean["year"], clean["issued_on"]
    if year and issued_on and "issued_on" not in errors and issued_on.year not in (year - 1, year):
        errors["issued_on"] = (
            f"Kế hoạch năm {year} phải được ban hành trong năm {year} hoặc cuối năm {year - 1}."
        )
    if year and clean["number"] and "number" not in errors:
        taken = Plan.objects.filter(unit=unit, year=year, number=clean["number"])
        if taken.exclude(pk=exclude_pk).exists():
            errors["number"] = f"{unit.name} đã có kế hoạch số {clean['number']} năm {year}."
    errors.raise_if_any()
    return clean


@transaction.atomic
def create_plan(
    actor,
    unit: Unit,
    *,
    kind: str,
    year: int,
    number: str,
    issued_on: date,
    title: str,
    decision_ref: str = "",
    today: date | None = None,
) -> Plan:
    """A new plan of `unit` ("Kế hoạch số 05/KH-UBND ngày 19/01/2021")."""
    _require_writer(actor, unit.pk, "lập kế hoạch")
    values = dict(
        kind=kind,
        year=year,
        number=number,
        issued_on=issued_on,
        title=title,
        decision_ref=decision_ref,
    )
    clean = _clean_plan(unit, values, _today(today))
    try:
        with transaction.atomic():
            return Plan.objects.create(unit=unit, **clean)
    except IntegrityError as exc:  # a concurrent create of the same number
        raise PlanRefused(
            {"number": f"{unit.name} đã có kế hoạch số {clean['number']} năm {year}."}
        ) from exc


@transaction.atomic
def ensure_plan(actor, unit: Unit, *, kind, year, number, issued_on, title) -> Plan:
    """The unit's plan of that year and number, created if it does not exist yet (an existing
    plan is returned as it is). For callers that file tasks into a known plan (the reform
    index's remediation plan)."""
    _require_writer(actor, unit.pk, "lập kế hoạch")
    existing = Plan.objects.filter(unit=unit, year=year, number=(number or "").strip()).first()
    if existing is not None:
        return existing
    return create_plan(
        actor, unit, kind=kind, year=year, number=number, issued_on=issued_on, title=title
    )


@transaction.atomic
def edit_plan(
    actor, plan: Plan, *, expected_revision: int | None = None, today=None, **changes
) -> Plan:
    """Change a plan's number, date, title, kind or year (its tasks stay with it)."""
    unknown = set(changes) - set(PLAN_FIELDS)
    if unknown:
        raise TypeError(f"edit_plan() got unexpected fields: {sorted(unknown)}")
    _require_writer(actor, plan.unit_id, "sửa kế hoạch")
    fresh = _lock(Plan, plan, expected_revision, "Kế hoạch")
    values = {name: getattr(fresh, name) for name in PLAN_FIELDS} | changes
    clean = _clean_plan(fresh.unit, values, _today(today), exclude_pk=fresh.pk)
    first_due = fresh.tasks.aggregate(first=models.Min("due_on"))["first"]
    if first_due is not None and clean["issued_on"] > first_due:
        raise PlanRefused(
            {
                "issued_on": "Kế hoạch có nhiệm vụ hạn hoàn thành "
                f"{vnformat.short_date(first_due)}, trước ngày ban hành mới."
            }
        )
    return _bump(Plan, fresh, **clean)


# -- tasks -----------------------------------------------------------------------------------

TASK_EDIT_FIELDS = (
    "area",
    "title",
    "due_on",
    "owner_office",
    "expected_output",
    "source_ref",
    "assigned_by",
    "assigning_document",
    "order",
)


def _clean_task(unit: Unit, plan: Plan | None, origin: str, values: dict) -> dict:
    errors = _Errors()
    errors.choice("origin", origin, TaskOrigin, "Nguồn nhiệm vụ không hợp lệ.")
    clean = {
        "area": errors.choice("area", values["area"], ReformArea, "Vui lòng chọn lĩnh vực CCHC."),
        "title": errors.text("title", values["title"], "Nội dung nhiệm vụ", max_length=500),
        "due_on": errors.day("due_on", values["due_on"], "Thời hạn hoàn thành"),
        "expected_output": errors.text(
            "expected_output",
            values.get("expected_output", ""),
            "Sản phẩm",
            required=False,
            max_length=500,
        ),
        "source_ref": errors.text(
            "source_ref", values.get("source_ref", ""), "Căn cứ", required=False, max_length=255
        ),
        "assigning_document": errors.text(
            "assigning_document",
            values.get("assigning_document", ""),
            "Văn bản giao nhiệm vụ",
            required=origin == TaskOrigin.ASSIGNED,
            max_length=255,
        ),
        "owner_office": values.get("owner_office"),
        "assigned_by": values.get("assigned_by"),
    }
    if plan is not None and plan.unit_id != unit.pk:
        errors["plan"] = "Kế hoạch không phải của đơn vị thực hiện nhiệm vụ."
    due_on = clean["due_on"]
    if plan is not None and due_on and "due_on" not in errors and due_on < plan.issued_on:
        errors["due_on"] = (
            "Thời hạn hoàn thành không được trước ngày ban hành kế hoạch "
            f"({vnformat.short_date(plan.issued_on)})."
        )
    office = clean["owner_office"]
    if office is not None and (not isinstance(office, Office) or office.unit_id != unit.pk):
        errors["owner_office"] = f"Cơ quan chủ trì phải là phòng, ban của {unit.name}."
    by = clean["assigned_by"]
    if origin == TaskOrigin.ASSIGNED and by is None:
        errors["assigned_by"] = "Vui lòng chọn cơ quan giao nhiệm vụ."
    elif by is not None and (not isinstance(by, Unit) or _below(unit, by)):
        errors["assigned_by"] = (
            f"Cơ quan giao nhiệm vụ phải là cơ quan cấp trên, không phải {unit.name} hoặc "
            "đơn vị trực thuộc."
        )
    if "order" in values:
        clean["order"] = errors.count("order", values["order"], "Số thứ tự")
    errors.raise_if_any()
    return clean


def _next_order(unit: Unit, plan: Plan | None, origin: str) -> int:
    siblings = (
        Task.objects.filter(plan=plan)
        if plan is not None
        else Task.objects.filter(unit=unit, plan__isnull=True, origin=origin)
    )
    return (siblings.aggregate(last=Max("order"))["last"] or 0) + 1


@transaction.atomic
def add_task(
    actor,
    *,
    unit: Unit,
    plan: Plan | None = None,
    origin: str = TaskOrigin.OWN,
    area: str,
    title: str,
    due_on: date,
    owner_office: Office | None = None,
    expected_output: str = "",
    source_ref: str = "",
    assigned_by: Unit | None = None,
    assigning_document: str = "",
) -> Task:
    """A task of `unit`: in one of its plans, assigned by the level above (`assigned_by`
    and the assigning document required), or created to remedy an index criterion."""
    _require_writer(actor, unit.pk, "thêm nhiệm vụ")
    values = dict(
        area=area,
        title=title,
        due_on=due_on,
        owner_office=owner_office,
        expected_output=expected_output,
        source_ref=source_ref,
        assigned_by=assigned_by,
        assigning_document=assigning_document,
    )
    clean = _clean_task(unit, plan, origin, values)
    task = Task.objects.create(
        unit=unit, plan=plan, origin=origin, order=_next_order(unit, plan, origin), **clean
    )
    _event(task, actor, TaskAction.CREATE, "", task.status)
    return task


def record_assigned_task(
    actor,
    *,
    unit: Unit,
    assigned_by: Unit,
    assigning_document: str,
    area: str,
    title: str,
    due_on: date,
    owner_office: Office | None = None,
    expected_output: str = "",
    source_ref: str = "",
) -> Task:
    """A task the level above assigned to `unit` (UBND tỉnh giao), tracked like plan tasks."""
    return add_task(
        actor,
        unit=unit,
        origin=TaskOrigin.ASSIGNED,
        area=area,
        title=title,
        due_on=due_on,
        owner_office=owner_office,
        expected_output=expected_output,
        source_ref=source_ref,
        assigned_by=assigned_by,
        assigning_document=assigning_document,
    )


def _shown(value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, date):
        return vnformat.short_date(value)
    if isinstance(value, models.Model):
        return str(getattr(value, "name", value))
    return str(value)


@transaction.atomic
def edit_task(actor, task: Task, *, expected_revision: int | None = None, **changes) -> Task:
    """Change what a task is (area, title, owner, output, due date…); its progress changes
    through `update_progress`."""
    unknown = set(changes) - set(TASK_EDIT_FIELDS)
    if unknown:
        raise TypeError(f"edit_task() got unexpected fields: {sorted(unknown)}")
    _require_writer(actor, task.unit_id, "sửa nhiệm vụ")
    fresh = _lock(Task, task, expected_revision, "Nhiệm vụ")
    fresh = Task.objects.select_related("unit", "plan", "owner_office", "assigned_by").get(
        pk=fresh.pk
    )
    values = {name: getattr(fresh, name) for name in TASK_EDIT_FIELDS} | changes
    clean = _clean_task(fresh.unit, fresh.plan, fresh.origin, values)
    changed = [
        f"{Task._meta.get_field(name).verbose_name}: {_shown(getattr(fresh, name))} → "
        f"{_shown(clean[name])}"
        for name in clean
        if clean[name] != getattr(fresh, name)
    ]
    updated = _bump(Task, fresh, **clean)
    _event(updated, actor, TaskAction.EDIT, fresh.status, fresh.status, "; ".join(changed))
    return updated


@transaction.atomic
def update_progress(
    actor,
    task: Task,
    *,
    status: str,
    completed_on: date | None = None,
    evidence: str = "",
    note: str = "",
    expected_revision: int | None = None,
    today: date | None = None,
    now: datetime | None = None,
) -> Task:
    """Record how far a task is: its status, the day it was completed (required when done,
    never in the future; cleared when not done) and the evidence (report, document)."""
    if not can_update_progress(actor, task):
        raise PermissionDenied("Anh/chị không có quyền cập nhật tiến độ nhiệm vụ này.")
    today = _today(today)
    errors = _Errors()
    errors.choice("status", status, TaskStatus, "Vui lòng chọn tình trạng thực hiện.")
    evidence = errors.text("evidence", evidence, "Kết quả, văn bản chứng minh", required=False)
    note = errors.text("note", note, "Ghi chú", required=False)
    if status == TaskStatus.DONE:
        completed_on = errors.day("completed_on", completed_on, "Ngày hoàn thành", today=today)
    else:
        completed_on = None
    errors.raise_if_any()
    fresh = _lock(Task, task, expected_revision, "Nhiệm vụ")
    updated = _bump(Task, fresh, status=status, completed_on=completed_on, evidence=evidence)
    done = f"hoàn thành ngày {vnformat.short_date(completed_on)}" if completed_on else ""
    text = "; ".join(part for part in (done, note) if part)
    _event(updated, actor, TaskAction.PROGRESS, fresh.status, status, text, at=now)
    return updated


# -- registers -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Register:
    model: type
    fields: tuple[str, ...]
    clean: Callable  # (unit, values, today, exclude_pk) -> cleaned values
    what: str  # "văn bản chỉ đạo"
    label: str  # "Văn bản chỉ đạo" (in the conflict message)


def _clean_directive(unit, values, today, exclude_pk=None) -> dict:
    errors = _Errors()
    clean = {
        "kind": errors.choice("kind", values["kind"], DirectiveKind, "Vui lòng chọn loại văn bản."),
        "number": errors.text("number", values["number"], "Số, ký hiệu văn bản", max_length=60),
        "issued_on": errors.day("issued_on", values["issued_on"], "Ngày ban hành", today=today),
        "summary": errors.text("summary", values["summary"], "Trích yếu", max_length=500),
    }
    if not errors:
        taken = Directive.objects.filter(
            unit=unit, number=clean["number"], issued_on=clean["issued_on"]
        )
        if taken.exclude(pk=exclude_pk).exists():
            errors["number"] = (
                f"Văn bản số {clean['number']} ngày {vnformat.short_date(clean['issued_on'])} "
                "đã có trong sổ."
            )
    errors.raise_if_any()
    return clean


def _clean_inspection(unit, values, today, exclude_pk=None) -> dict:
    errors = _Errors()
    year = errors.year("year", values["year"])
    clean = {
        "year": year,
        "plan": values.get("plan"),
        "inspected_unit": values.get("inspected_unit"),
        "inspected_office": values.get("inspected_office"),
        "planned_on": errors.day(
            "planned_on", values.get("planned_on"), "Ngày dự kiến kiểm tra", required=False
        ),
        "done_on": errors.day(
            "done_on", values.get("done_on"), "Ngày kiểm tra", required=False, today=today
        ),
        "issues_found": errors.count("issues_found", values.get("issues_found"), "Số vấn đề"),
        "issues_fixed": errors.count(
            "issues_fixed", values.get("issues_fixed"), "Số vấn đề đã xử lý"
        ),
        "conclusion": errors.text(
            "conclusion", values.get("conclusion", ""), "Kết luận", required=False
        ),
    }
    target_unit, office = clean["inspected_unit"], clean["inspected_office"]
    if target_unit is None and office is None:
        errors["inspected_office"] = "Vui lòng chọn phòng, ban hoặc đơn vị được kiểm tra."
    elif target_unit is not None and office is not None:
        errors["inspected_office"] = (
            "Mỗi cuộc kiểm tra ghi một phòng, ban hoặc một đơn vị, không chọn cả hai."
        )
    elif office is not None and office.unit_id != unit.pk:
        errors["inspected_office"] = f"Phòng, ban được kiểm tra phải thuộc {unit.name}."
    elif target_unit is not None and (target_unit.pk == unit.pk or not _below(unit, target_unit)):
        errors["inspected_unit"] = f"Đơn vị được kiểm tra phải là đơn vị trực thuộc {unit.name}."
    plan = clean["plan"]
    if plan is not None and plan.unit_id != unit.pk:
        errors["plan"] = "Kế hoạch kiểm tra phải là kế hoạch của đơn vị."
    for field, label in (("planned_on", "Ngày dự kiến kiểm tra"), ("done_on", "Ngày kiểm tra")):
        day = clean[field]
        if year and day and field not in errors and day.year != year:
            errors[field] = f"{label} phải trong năm {year}."
    found, fixed = clean["issues_found"], clean["issues_fixed"]
    if fixed > found and "issues_fixed" not in errors:
        errors["issues_fixed"] = (
            f"Số vấn đề đã xử lý xong ({fixed}) không được lớn hơn số vấn đề phát hiện ({found})."
        )
    if found and clean["done_on"] is None and "done_on" not in errors:
        errors["done_on"] = "Chưa có ngày kiểm tra thì chưa ghi được vấn đề phát hiện."
    errors.raise_if_any()
    return clean


def _clean_outreach(unit, values, today, exclude_pk=None) -> dict:
    errors = _Errors()
    audience_count = values.get("audience_count")
    clean = {
        "held_on": errors.day("held_on", values["held_on"], "Ngày thực hiện", today=today),
        "form": errors.choice(
            "form", values["form"], OutreachForm, "Vui lòng chọn hình thức tuyên truyền."
        ),
        "title": errors.text("title", values["title"], "Nội dung", max_length=500),
        "count": errors.count("count", values.get("count"), "Số lượng", minimum=1),
        "audience": errors.text(
            "audience", values.get("audience", ""), "Đối tượng", required=False, max_length=255
        ),
        "audience_count": None
        if audience_count is None
        else errors.count("audience_count", audience_count, "Số người tham dự"),
    }
    errors.raise_if_any()
    return clean


def _clean_initiative(unit, values, today, exclude_pk=None) -> dict:
    errors = _Errors()
    clean = {
        "year": errors.year("year", values["year"]),
        "kind": errors.choice("kind", values["kind"], InitiativeKind, "Vui lòng chọn loại."),
        "name": errors.text("name", values["name"], "Tên sáng kiến, mô hình", max_length=500),
        "status": errors.choice(
            "status", values["status"], InitiativeStatus, "Vui lòng chọn tình trạng."
        ),
        "applied_on": errors.day(
            "applied_on", values.get("applied_on"), "Ngày áp dụng", required=False, today=today
        ),
        "description": errors.text(
            "description", values.get("description", ""), "Mô tả", required=False
        ),
    }
    if "status" not in errors and "applied_on" not in errors:
        if clean["status"] == InitiativeStatus.PROPOSED and clean["applied_on"]:
            errors["applied_on"] = "Sáng kiến, mô hình mới đăng ký thì chưa có ngày áp dụng."
        elif clean["status"] != InitiativeStatus.PROPOSED and not clean["applied_on"]:
            errors["applied_on"] = "Vui lòng nhập ngày bắt đầu áp dụng."
    errors.raise_if_any()
    return clean


DIRECTIVES = _Register(
    Directive,
    ("kind", "number", "issued_on", "summary"),
    _clean_directive,
    "văn bản chỉ đạo CCHC",
    "Văn bản",
)
INSPECTIONS = _Register(
    Inspection,
    (
        "year",
        "plan",
        "inspected_unit",
        "inspected_office",
        "planned_on",
        "done_on",
        "issues_found",
        "issues_fixed",
        "conclusion",
    ),
    _clean_inspection,
    "kiểm tra CCHC",
    "Cuộc kiểm tra",
)
OUTREACH = _Register(
    OutreachActivity,
    ("held_on", "form", "title", "count", "audience", "audience_count"),
    _clean_outreach,
    "tuyên truyền CCHC",
    "Hoạt động tuyên truyền",
)
INITIATIVES = _Register(
    Initiative,
    ("year", "kind", "name", "status", "applied_on", "description"),
    _clean_initiative,
    "sáng kiến, mô hình CCHC",
    "Sáng kiến, mô hình",
)
REGISTERS = {r.model: r for r in (DIRECTIVES, INSPECTIONS, OUTREACH, INITIATIVES)}


def _check_fields(register: _Register, values: dict) -> None:
    unknown = set(values) - set(register.fields)
    if unknown:
        raise TypeError(f"{register.model.__name__}: unexpected fields {sorted(unknown)}")


@transaction.atomic
def add_record(actor, register: _Register, unit: Unit, *, today=None, **values):
    """A new row of one register (`DIRECTIVES`, `INSPECTIONS`, `OUTREACH`, `INITIATIVES`)."""
    _check_fields(register, values)
    _require_writer(actor, unit.pk, f"ghi sổ {register.what}")
    defaults = {name: values.get(name) for name in register.fields}
    clean = register.clean(unit, defaults, _today(today))
    return register.model.objects.create(unit=unit, **clean)


@transaction.atomic
def edit_record(actor, record, *, expected_revision: int | None = None, today=None, **changes):
    register = REGISTERS[type(record)]
    _check_fields(register, changes)
    _require_writer(actor, record.unit_id, f"sửa sổ {register.what}")
    fresh = _lock(register.model, record, expected_revision, register.label)
    values = {name: getattr(fresh, name) for name in register.fields} | changes
    clean = register.clean(fresh.unit, values, _today(today), exclude_pk=fresh.pk)
    return _bump(register.model, fresh, **clean)


@transaction.atomic
def remove_record(actor, record, *, expected_revision: int | None = None) -> None:
    register = REGISTERS[type(record)]
    _require_writer(actor, record.unit_id, f"xóa khỏi sổ {register.what}")
    fresh = _lock(register.model, record, expected_revision, register.label)
    fresh.delete()


# One function per business action, as the pages and other apps call them.


def add_directive(actor, unit, *, kind, number, issued_on, summary, today=None) -> Directive:
    """A directive document on reform the unit issued (counted by indicator I.1.4)."""
    return add_record(
        actor,
        DIRECTIVES,
        unit,
        today=today,
        kind=kind,
        number=number,
        issued_on=issued_on,
        summary=summary,
    )


def add_inspection(actor, unit, *, year, today=None, **values) -> Inspection:
    """A reform inspection of one office or subordinate unit, planned or done; issues
    fixed never exceed issues found."""
    return add_record(actor, INSPECTIONS, unit, today=today, year=year, **values)


def add_outreach(actor, unit, *, held_on, form, title, today=None, **values) -> OutreachActivity:
    return add_record(
        actor, OUTREACH, unit, today=today, held_on=held_on, form=form, title=title, **values
    )


def add_initiative(actor, unit, *, year, kind, name, today=None, **values) -> Initiative:
    values.setdefault("status", InitiativeStatus.PROPOSED)
    return add_record(
        actor, INITIATIVES, unit, today=today, year=year, kind=kind, name=name, **values
    )

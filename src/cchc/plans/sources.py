"""The figures reports and the reform index read from plans and registers: named computed
sources for `cchc.reporting.sources` (registered in `PlansConfig.ready`).

Each source takes the report's unit and window, counts with the same queries as the pages
(`queries`), says what it counted (provenance, in Vietnamese) and links to the page listing
the records. Tasks of the year's reform plans and tasks assigned by the level above are
counted as of the window's last day: a task completed later is not completed in the report.

    plans.tasks_planned            I.1.1  tasks of the unit's reform plans of the window's year
    plans.tasks_done               I.1.2  of those, completed by the window's end
    plans.task_completion          percent completed (parts: planned, done, done_on_time,
                                   done_late, not_done)
    plans.directives               I.1.4  directive documents issued in the window
    plans.inspected?target=office|unit|commune          I.2.1–I.2.3
    plans.inspection_issues?state=found|fixed           I.2.4–I.2.5
    plans.assigned                 percent of assigned tasks completed on time (parts: total,
                                   on_time, late, undone) — the reform index's 1.6.1
    plans.assigned_count?state=total|on_time|late|undone   I.4.1–I.4.3
    plans.outreach[?form=news|…]   outreach items (news, broadcasts, sessions) in the window
    plans.initiatives[?kind=…&status=…]   initiatives and models of the year
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse

from cchc.core import vnformat
from cchc.reporting.sources import Computed, SourceContext

from . import progress, queries
from .models import (
    InitiativeKind,
    InitiativeStatus,
    OutreachForm,
    Plan,
    PlanKind,
)


def _cached(context: SourceContext, key: str, compute):
    key = ("plans", key)
    if key not in context.cache:
        context.cache[key] = compute()
    return context.cache[key]


def _link(name: str, **params) -> str:
    return f"{reverse(name)}?{urlencode({k: v for k, v in params.items() if v != ''})}"


def _as_of(context: SourceContext) -> str:
    return f"tính đến ngày {vnformat.short_date(context.window.end)}"


def _window_text(context: SourceContext) -> str:
    return context.window.range_text.lower()


# -- tasks of the reform plans -----------------------------------------------------------------


def _reform(context: SourceContext):
    """(plans, Progress) of the unit's reform plans of the window's year."""

    def compute():
        year = context.window.end.year
        plans = list(
            Plan.objects.filter(unit=context.unit, kind=PlanKind.REFORM, year=year).order_by(
                "issued_on", "number"
            )
        )
        counted = progress.count(queries.reform_tasks(context.unit, year), context.window.end)
        return plans, counted

    return _cached(context, "reform", compute)


def _plans_text(context: SourceContext, plans) -> str:
    year = context.window.end.year
    if not plans:
        return f"{context.unit.name} chưa có kế hoạch CCHC năm {year} trong hệ thống."
    named = "; ".join(
        f"Kế hoạch số {p.number} ngày {vnformat.short_date(p.issued_on)}" for p in plans
    )
    return f"Nhiệm vụ trong {named} (kế hoạch CCHC năm {year} của {context.unit.name})"


def _reform_link(context: SourceContext, **extra) -> str:
    return _link(
        "task-list",
        don_vi=context.unit.pk,
        nam=context.window.end.year,
        loai=PlanKind.REFORM,
        den_ngay=context.window.end.isoformat(),
        **extra,
    )


def tasks_planned(context: SourceContext, params: dict[str, str]) -> Computed:
    plans, counted = _reform(context)
    if not plans:
        return Computed(None, _plans_text(context, plans), reverse("plan-list"))
    return Computed(counted.total, f"{_plans_text(context, plans)}.", _reform_link(context))


def tasks_done(context: SourceContext, params: dict[str, str]) -> Computed:
    plans, counted = _reform(context)
    if not plans:
        return Computed(None, _plans_text(context, plans), reverse("plan-list"))
    return Computed(
        counted.done,
        f"{_plans_text(context, plans)} đã hoàn thành, {_as_of(context)} (đúng hạn "
        f"{counted.done_on_time}, quá hạn {counted.done_late}).",
        _reform_link(context, ket_qua="done"),
    )


def task_completion(context: SourceContext, params: dict[str, str]) -> Computed:
    plans, counted = _reform(context)
    parts = {
        "planned": counted.total,
        "done": counted.done,
        "done_on_time": counted.done_on_time,
        "done_late": counted.done_late,
        "not_done": counted.not_done,
    }
    if not plans:
        return Computed(None, _plans_text(context, plans), "", percent=True, parts=parts)
    return Computed(
        counted.rate,
        f"Nhiệm vụ đã hoàn thành / nhiệm vụ đề ra = {counted.done}/{counted.total} (hoàn thành "
        f"đúng hạn {counted.done_on_time}, quá hạn {counted.done_late}; chưa hoàn thành "
        f"{counted.not_done}), {_as_of(context)}. {_plans_text(context, plans)}.",
        _reform_link(context),
        percent=True,
        parts=parts,
    )


# -- tasks assigned by the level above -----------------------------------------------------------


def _assigned(context: SourceContext) -> progress.Progress:
    return _cached(
        context,
        "assigned",
        lambda: progress.count(
            queries.assigned_tasks(context.unit, context.window.end.year), context.window.end
        ),
    )


def _assigned_parts(counted: progress.Progress) -> dict[str, int]:
    return {
        "total": counted.total,
        "on_time": counted.done_on_time,
        "late": counted.done_late,
        "undone": counted.not_done,
    }


def _assigned_text(context: SourceContext, counted: progress.Progress) -> str:
    return (
        f"Nhiệm vụ cấp trên giao cho {context.unit.name} có hạn trong năm "
        f"{context.window.end.year}: {counted.total}; hoàn thành đúng hạn {counted.done_on_time}, "
        f"hoàn thành quá hạn {counted.done_late}, chưa hoàn thành {counted.not_done} "
        f"({_as_of(context)})."
    )


def _assigned_link(context: SourceContext) -> str:
    return _link(
        "assigned-list",
        don_vi=context.unit.pk,
        nam=context.window.end.year,
        den_ngay=context.window.end.isoformat(),
    )


def assigned(context: SourceContext, params: dict[str, str]) -> Computed:
    counted = _assigned(context)
    return Computed(
        counted.on_time_rate,
        _assigned_text(context, counted),
        _assigned_link(context),
        percent=True,
        parts=_assigned_parts(counted),
    )


def assigned_count(context: SourceContext, params: dict[str, str]) -> Computed:
    state = params.get("state", "total")
    counted = _assigned(context)
    parts = _assigned_parts(counted)
    if state not in parts:
        return Computed(None, f"Không có loại “{state}” (total, on_time, late, undone).")
    return Computed(parts[state], _assigned_text(context, counted), _assigned_link(context))


# -- registers ---------------------------------------------------------------------------------


def _window_link(name: str, context: SourceContext) -> str:
    return _link(
        name,
        don_vi=context.unit.pk,
        tu_ngay=context.window.start.isoformat(),
        den_ngay=context.window.end.isoformat(),
    )


def directives(context: SourceContext, params: dict[str, str]) -> Computed:
    counted = _cached(
        context, "directives", lambda: queries.directive_counts(context.unit, context.window)
    )
    detail = ", ".join(f"{label.lower()} {n}" for label, n in counted.by_kind if n)
    return Computed(
        counted.total,
        f"Văn bản chỉ đạo, điều hành CCHC do {context.unit.name} ban hành, "
        f"{_window_text(context)}" + (f" ({detail})." if detail else "."),
        _window_link("directive-list", context),
    )


def _inspections(context: SourceContext):
    return _cached(
        context, "inspections", lambda: queries.inspection_counts(context.unit, context.window)
    )


INSPECTED = {
    "office": ("offices", "Phòng, ban chuyên môn"),
    "unit": ("units", "Đơn vị trực thuộc"),
    "commune": ("communes", "UBND cấp xã"),
}


def inspected(context: SourceContext, params: dict[str, str]) -> Computed:
    target = params.get("target", "")
    if target not in INSPECTED:
        return Computed(None, f"Không có đối tượng kiểm tra “{target}” (office, unit, commune).")
    attribute, label = INSPECTED[target]
    counted = _inspections(context)
    return Computed(
        getattr(counted, attribute),
        f"{label} được {context.unit.name} kiểm tra CCHC (mỗi nơi tính một lần), "
        f"{_window_text(context)}; đã kiểm tra {counted.done}/{counted.planned} cuộc theo kế "
        f"hoạch năm {context.window.end.year}.",
        _window_link("inspection-list", context),
    )


def inspection_issues(context: SourceContext, params: dict[str, str]) -> Computed:
    state = params.get("state", "found")
    if state not in ("found", "fixed"):
        return Computed(None, f"Không có loại “{state}” (found, fixed).")
    counted = _inspections(context)
    value = counted.issues_found if state == "found" else counted.issues_fixed
    return Computed(
        value,
        f"Vấn đề phát hiện qua kiểm tra CCHC: {counted.issues_found}, đã xử lý xong "
        f"{counted.issues_fixed} — các cuộc kiểm tra {context.unit.name} thực hiện "
        f"{_window_text(context)}.",
        _window_link("inspection-list", context),
    )


def outreach(context: SourceContext, params: dict[str, str]) -> Computed:
    form = params.get("form", "")
    if form and form not in OutreachForm.values:
        return Computed(None, f"Không có hình thức tuyên truyền “{form}”.")
    counted = _cached(
        context, "outreach", lambda: queries.outreach_counts(context.unit, context.window)
    )
    lines = [line for line in counted.lines if not form or line.form == form]
    which = f"hình thức “{OutreachForm(form).label}”" if form else "mọi hình thức"
    return Computed(
        sum(line.items for line in lines),
        f"Số tin, bài, buổi tuyên truyền CCHC ({which}) của {context.unit.name}, "
        f"{_window_text(context)}: {sum(line.activities for line in lines)} hoạt động, "
        f"{sum(line.audience for line in lines)} người tham dự.",
        _window_link("outreach-list", context),
    )


def initiatives(context: SourceContext, params: dict[str, str]) -> Computed:
    kind, status = params.get("kind", ""), params.get("status", "")
    if (kind and kind not in InitiativeKind.values) or (
        status and status not in InitiativeStatus.values
    ):
        return Computed(None, "Tham số sáng kiến, mô hình không hợp lệ.")
    year = context.window.end.year
    counted = _cached(
        context, f"initiatives-{year}", lambda: queries.initiative_counts(context.unit, year)
    )
    value = sum(
        n
        for (k, s), n in counted.cells.items()
        if (not kind or k == kind) and (not status or s == status)
    )
    what = InitiativeKind(kind).label.lower() if kind else "sáng kiến, mô hình"
    state = f" ({InitiativeStatus(status).label.lower()})" if status else ""
    return Computed(
        value,
        f"Số {what}{state} CCHC năm {year} của {context.unit.name}.",
        _link("initiative-list", don_vi=context.unit.pk, nam=year),
    )


SOURCES = {
    "plans.tasks_planned": tasks_planned,
    "plans.tasks_done": tasks_done,
    "plans.task_completion": task_completion,
    "plans.assigned": assigned,
    "plans.assigned_count": assigned_count,
    "plans.directives": directives,
    "plans.inspected": inspected,
    "plans.inspection_issues": inspection_issues,
    "plans.outreach": outreach,
    "plans.initiatives": initiatives,
}


def register_all() -> None:
    from cchc.reporting import sources

    for name, fn in SOURCES.items():
        sources.register(name, fn)

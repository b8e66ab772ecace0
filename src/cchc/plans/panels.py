"""What plans shows outside its own pages: the dashboard panel of overdue reform tasks and the
home-page notice for people with overdue tasks (registered in `PlansConfig.ready`)."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

from django.db.models import Count, Window
from django.urls import reverse
from django.utils import timezone

from cchc.core import vnformat
from cchc.reporting.dashboard import Panel

from . import progress, queries
from .models import Task

PANEL_ROWS = 10


def overdue_panel(user, units, year: int, today: date) -> Panel:
    """ "Nhiệm vụ CCHC quá hạn" of the units chosen on the dashboard (the dashboard has
    already limited them to what the user may see), most overdue first — one query: the
    first rows and the total together."""
    found = list(
        Task.objects.filter(progress.rules(today)[progress.OVERDUE], unit__in=list(units))
        .select_related("unit", "owner_office")
        .annotate(total=Window(Count("id")))
        .order_by("due_on", "unit__path", "id")[:PANEL_ROWS]
    )
    total = found[0].total if found else 0
    rows = tuple(
        (
            task.title,
            task.unit.name,
            task.owner_office.name if task.owner_office else "—",
            vnformat.short_date(task.due_on),
            vnformat.number((today - task.due_on).days),
        )
        for task in found
    )
    # The chosen unit comes first (tree order); with its subordinate units when they count.
    query = {"don_vi": units[0].pk, **({"gom": 1} if len(units) > 1 else {})} if units else {}
    link = reverse("task-overdue") + (f"?{urlencode(query)}" if query else "")
    return Panel(
        title="Nhiệm vụ CCHC quá hạn",
        headers=("Nhiệm vụ", "Đơn vị", "Cơ quan chủ trì", "Thời hạn", "Số ngày quá hạn"),
        rows=rows,
        link=link if total else "",
        link_text=f"Xem tất cả {vnformat.number(total)} nhiệm vụ quá hạn",
        empty="Không có nhiệm vụ CCHC nào quá hạn.",
        text_columns=4,
    )


def overdue_notices(user) -> list[tuple[str, str, str | None]]:
    """A home-page warning for the people who answer for overdue tasks."""
    if not getattr(user, "is_authenticated", False):
        return []
    count = queries.my_overdue_count(user, timezone.localdate())
    if not count:
        return []
    return [
        (
            "warning",
            f"Có {vnformat.number(count)} nhiệm vụ CCHC đã quá hạn mà chưa hoàn thành.",
            "task-overdue",
        )
    ]

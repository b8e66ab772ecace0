"""Reads of the calendar: a year's rows, confirmation state (for pages and dashboards)."""

from collections.abc import Iterable

from django.db.models import Q, QuerySet

from cchc.units.models import Role, Unit
from cchc.units.permissions import visible_units

from .models import CalendarDay, CalendarYear


def unconfirmed_years(years: Iterable[int], unit: Unit | None = None) -> list[int]:
    """Those of `years` without a confirmed calendar (national, or the unit's own), sorted.

    Dashboards show these as a warning: deadlines in such years rest on seeded data only.
    """
    wanted = sorted(set(years))
    confirmed = CalendarYear.objects.filter(year__in=wanted)
    confirmed = (
        confirmed.filter(Q(scope__isnull=True) | Q(scope=unit))
        if unit
        else confirmed.filter(scope__isnull=True)
    )
    done = set(confirmed.values_list("year", flat=True))
    return [y for y in wanted if y not in done]


def year_days(year: int, unit: Unit | None = None) -> QuerySet[CalendarDay]:
    """The rows of `year` in one scope (national when `unit` is None), by date."""
    rows = CalendarDay.objects.filter(date__year=year).select_related("confirmed_by", "scope")
    return rows.filter(scope=unit) if unit else rows.filter(scope__isnull=True)


def year_confirmation(year: int, unit: Unit | None = None) -> CalendarYear | None:
    rows = CalendarYear.objects.filter(year=year).select_related("confirmed_by")
    rows = rows.filter(scope=unit) if unit else rows.filter(scope__isnull=True)
    return rows.first()


def units_for_calendar(user) -> QuerySet[Unit]:
    """Units whose own calendar `user` may manage (administrator role reaching them)."""
    return visible_units(user, (Role.ADMINISTRATOR,)).order_by("path")


def calendar_notices(user) -> list[tuple[str, str, str | None]]:
    """Home-page warnings: this year or next without a confirmed national calendar.

    Everyone who relies on deadlines should know; only administrators can act on it.
    """
    from django.utils import timezone

    from cchc.units.permissions import has_role

    if not getattr(user, "is_authenticated", False):
        return []
    this_year = timezone.localdate().year
    link = "calendar-year" if has_role(user, Role.ADMINISTRATOR) else None
    return [
        (
            "warning",
            f"Lịch làm việc năm {year} chưa được xác nhận: hạn giải quyết trong năm này đang "
            "tính theo lịch nạp tự động.",
            link,
        )
        for year in unconfirmed_years([this_year, this_year + 1])
    ]

"""Public statistics of the portal: for a unit that receives dossiers (or a province or
district with everything below it), dossiers received and resolved, the on-time rate, the
online share and citizens' satisfaction, this month and this year, with charts.

Nothing is counted here: the figures are `reporting.statistics.count_total` over the calendar
windows `periods.window("YYYY-MM", "calendar")` and `periods.window("YYYY", "calendar")`,
the month-by-month charts are the staff dashboard's (`reporting.dashboard`), the per-unit
comparison is `statistics.dossier_results` by unit, and satisfaction is the computed source
`feedback.satisfaction_rate` (shown as "Chưa có số liệu" until the feedback app registers it
or while nobody has rated). Only counts leave this module: no dossier, no applicant.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from django import forms
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_safe

from cchc.core import charts, vnformat
from cchc.dossiers.receiving import valid_on
from cchc.reporting import dashboard, figures, periods, sources, statistics
from cchc.reporting.content import Chart, Table
from cchc.reporting.figures import Counts
from cchc.units.models import PATH_SEPARATOR, Unit

from .catalogue_views import grouped_unit_choices, receiving_units

SATISFACTION_SOURCE = "feedback.satisfaction_rate"
NO_DATA = "Chưa có số liệu"
SVG = ("svg",)


# -- which units ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    """One choice of the unit select: a unit that receives dossiers, or a province or
    district shown with every unit below it (`whole_area`)."""

    unit: Unit
    whole_area: bool

    @property
    def code(self) -> str:
        return self.unit.code

    @property
    def label(self) -> str:
        return f"{self.unit.name} (toàn địa bàn)" if self.whole_area else self.unit.name

    @property
    def scope(self) -> str:
        """The scope parameter of the computed sources: the unit alone or its subtree."""
        return "all" if self.whole_area else "self"


def statistics_places(day) -> list[Place]:
    """The units valid on `day` that receive dossiers, and above them the units (province,
    district) whose area holds them, in tree order."""
    receiving = receiving_units(day)
    above = {
        code
        for unit in receiving
        for code in unit.path.strip(PATH_SEPARATOR).split(PATH_SEPARATOR)[:-1]
    }
    areas = list(Unit.objects.filter(valid_on(day), code__in=above).order_by("path"))
    area_codes = {unit.code for unit in areas}
    places = [Place(unit, True) for unit in areas]
    places += [Place(unit, False) for unit in receiving if unit.code not in area_codes]
    return sorted(places, key=lambda place: (not place.whole_area, place.unit.path))


# -- figures -------------------------------------------------------------------------------


def _percent(value) -> str:
    return NO_DATA if value is None else vnformat.percent(value, 1)


@dataclass(frozen=True)
class Figures:
    """The public figures of one window, from the statistics engine's counts."""

    title: str
    window: periods.Window
    counts: Counts
    satisfaction: Decimal | None = None

    @property
    def received(self) -> int:
        """Newly received in the window (online, in person and by post)."""
        return self.counts.received_new

    @property
    def resolved(self) -> int:
        return self.counts.resolved_total

    @property
    def on_time_rate(self) -> float | None:
        """(early + on time) / resolved, in percent."""
        return figures.rate(self.counts.resolved_in_time, self.counts.resolved_total, 1)

    @property
    def online_share(self) -> float | None:
        """Online / newly received, in percent."""
        return figures.rate(self.counts.received_online, self.counts.received_new, 1)

    def lines(self) -> list[tuple[str, str, str, str]]:
        """(key, label, value, explanation) rows as the page prints them."""
        return [
            (
                "received",
                "Hồ sơ tiếp nhận mới",
                vnformat.number(self.received),
                f"trong đó trực tuyến {vnformat.number(self.counts.received_online)}",
            ),
            (
                "resolved",
                "Hồ sơ đã giải quyết",
                vnformat.number(self.resolved),
                f"trước hạn và đúng hạn {vnformat.number(self.counts.resolved_in_time)}",
            ),
            (
                "on-time",
                "Tỷ lệ giải quyết đúng hạn",
                _percent(self.on_time_rate),
                "trên số hồ sơ đã giải quyết",
            ),
            (
                "online",
                "Tỷ lệ nộp trực tuyến",
                _percent(self.online_share),
                "trên số hồ sơ tiếp nhận mới",
            ),
            (
                "satisfaction",
                "Tỷ lệ hài lòng",
                _percent(self.satisfaction),
                "người dân, tổ chức đánh giá hài lòng, rất hài lòng"
                if self.satisfaction is not None
                else "",
            ),
        ]


def satisfaction(place: Place, win: periods.Window) -> Decimal | None:
    """The satisfaction rate (percent) of the feedback app's computed source; None while it
    is not registered or has no value."""
    computed = sources.compute(
        f"{SATISFACTION_SOURCE}?scope={place.scope}", sources.SourceContext(place.unit, win)
    )
    if computed is None or computed.value is None:
        return None
    return Decimal(str(computed.value))


def figures_for(place: Place, win: periods.Window, title: str) -> Figures:
    queryset = statistics.dossiers_of(place.unit, place.whole_area)
    return Figures(title, win, statistics.count_total(queryset, win), satisfaction(place, win))


# -- charts --------------------------------------------------------------------------------


@lru_cache(maxsize=64)
def _bar_svg(title: str, categories: tuple, series: tuple) -> bytes:
    """One drawing; the same numbers always give the same bytes, so they are kept."""
    return charts.bar_chart(title, categories, dict(series), fmt="svg", y_label="Hồ sơ")


def comparison(place: Place, year_window: periods.Window) -> Chart | None:
    """The units of an area side by side over the year (`statistics.dossier_results` by
    unit); units without dossiers in the year are left out."""
    if not place.whole_area:
        return None
    results = statistics.dossier_results(
        place.unit, year_window, by=statistics.GroupBy.UNIT, include_children=True
    )
    rows = [row for row in results.rows if row.counts.received_total]
    if len(rows) < 2:
        return None
    title = f"Hồ sơ của các đơn vị, năm {year_window.year}"
    series = (
        ("Tiếp nhận mới", tuple(row.counts.received_new for row in rows)),
        ("Đã giải quyết", tuple(row.counts.resolved_total for row in rows)),
    )
    svg = _bar_svg(title, tuple(row.label for row in rows), series)
    table = Table(
        headers=(
            "Đơn vị",
            "Tiếp nhận mới",
            "Đã giải quyết",
            "Tỷ lệ đúng hạn",
            "Tỷ lệ trực tuyến",
        ),
        rows=tuple(
            (
                row.label,
                vnformat.number(row.counts.received_new),
                vnformat.number(row.counts.resolved_total),
                _percent(figures.rate(row.counts.resolved_in_time, row.counts.resolved_total, 1)),
                _percent(figures.rate(row.counts.received_online, row.counts.received_new, 1)),
            )
            for row in rows
        ),
        title=title,
    )
    return Chart(title, png=b"", svg=svg, table=table)


def monthly_charts(place: Place, year: int, now) -> list[Chart]:
    """The year month by month: dossiers by channel, online share, on-time rate — the staff
    dashboard's charts over the same queries (no overdue list: that names offices)."""
    today = timezone.localtime(now).date()
    months = dashboard.months_of(year, today)
    queryset = statistics.dossiers_of(place.unit, place.whole_area)
    on_time, on_time_year = dashboard.on_time_by_month(queryset, year, months)
    d = dashboard.Dashboard(
        unit_id=place.unit.pk,
        unit_name=place.unit.name,
        year=year,
        include_children=place.whole_area,
        as_of=now,
        months=dashboard.received_by_channel(queryset, year, months),
        on_time=on_time,
        on_time_year=on_time_year,
        overdue=(),
    )
    return [
        dashboard.channels_chart(d, SVG),
        dashboard.online_share_chart(d, SVG),
        dashboard.on_time_chart(d, SVG),
    ]


def inline(chart: Chart, prefix: str) -> SafeString:
    """The chart's SVG in the page (`core.charts.inline_svg`: ids prefixed, no prolog)."""
    return mark_safe(charts.inline_svg(chart.svg, prefix))


# -- the page ------------------------------------------------------------------------------


class PlaceForm(forms.Form):
    unit = forms.ChoiceField(label="Đơn vị")

    def __init__(self, data, *, places: list[Place]):
        super().__init__(data)
        areas = [(p.code, p.label) for p in places if p.whole_area]
        choices = [("Toàn địa bàn", areas)] if areas else []
        desks = grouped_unit_choices([p.unit for p in places if not p.whole_area])
        self.fields["unit"].choices = choices + desks


@require_safe
def statistics_page(request):
    """Public figures of one unit (the first area by default) for this month and this
    year."""
    now = timezone.now()
    today = timezone.localtime(now).date()
    places = statistics_places(today)
    if not places:
        return render(request, "portal/statistics/page.html", {"places": []})
    code = request.GET.get("unit") or places[0].code
    place = next((p for p in places if p.code == code), None)
    if place is None:
        raise Http404("Không tìm thấy đơn vị tiếp nhận hồ sơ này.")
    form = PlaceForm({"unit": place.code}, places=places)
    month = periods.window(f"{today:%Y-%m}", periods.Basis.CALENDAR)
    year = periods.window(f"{today:%Y}", periods.Basis.CALENDAR)
    this_month = figures_for(place, month, f"Tháng {today.month}/{today.year}")
    this_year = figures_for(place, year, f"Năm {today.year}")
    charts_list = monthly_charts(place, today.year, now)
    units_chart = comparison(place, year)
    keys = ("kenh", "truc-tuyen", "dung-han")
    context = {
        "form": form,
        "places": places,
        "place": place,
        "periods": [("thang", this_month), ("nam", this_year)],
        "charts": [
            (key, chart, inline(chart, f"tk-{key}-"))
            for key, chart in zip(keys, charts_list, strict=True)
        ],
        "units_chart": (units_chart, inline(units_chart, "tk-don-vi-")) if units_chart else None,
        "today": today,
        "no_data": NO_DATA,
    }
    return render(request, "portal/statistics/page.html", context)

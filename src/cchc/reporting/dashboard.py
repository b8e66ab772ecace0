"""The dashboard of a unit (and of the level above, with its subordinate units) for a year.

What it shows, month by month on calendar windows (`periods.window("2026-03", "calendar")`):
dossiers newly received by channel, the online share of them, the on-time rate of the
dossiers resolved in the month, the dossiers overdue right now by the office holding them,
and — for a unit with subordinate units — a comparison of those units over the year; below
them, the panels other apps register (`register_panel`: the overdue reform tasks of plans).

Nothing here counts by its own rules: "received for processing" and early / on time / late
are `counting.counted` and `counting.column_rules`, "overdue now" is `dossiers.queries.overdue`
and the roll-up is `statistics.dossier_results`. The reads are a handful of aggregating
queries (`build`), and the results are plain frozen data classes; the `*_chart` functions
turn them into `content.Chart`s (PNG for the DOCX reports, SVG for the page, and the table of
the numbers behind each chart).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache

from django.db.models import Count, IntegerField, QuerySet, Value
from django.db.models.functions import TruncMonth
from django.utils import timezone

from cchc.core import charts, vnformat
from cchc.dossiers import queries as dossier_queries
from cchc.dossiers.models import Channel, Dossier
from cchc.units.models import Role, Unit
from cchc.units.permissions import visible_units

from . import counting, figures, periods, sources, statistics
from .content import Chart, Table
from .figures import Counts

DASHBOARD_ROLES = (
    Role.REFORM_OFFICER,
    Role.UNIT_LEADER,
    Role.OFFICE_HEAD,
    Role.ADMINISTRATOR,
    Role.APPRAISER,
)

# Chart formats: the DOCX reports embed PNG, the page inlines SVG; each format is a full
# matplotlib drawing (~0.1 s), so a caller asks only for what it lays out.
BOTH = ("png", "svg")

CHANNEL_LABELS = {
    Channel.COUNTER: "Trực tiếp",
    Channel.ONLINE: "Trực tuyến",
    Channel.POSTAL: "Qua bưu chính công ích",
}
NO_SATISFACTION = "Chưa có số liệu đánh giá sự hài lòng"
NO_OFFICE = "Chưa xác định phòng, ban xử lý"
YEAR_ROW = "Cả năm"
# The overdue chart names at most this many offices (the table under it lists them all).
OVERDUE_CHART_OFFICES = 10


# -- which units ---------------------------------------------------------------------------


def dashboard_units(user) -> QuerySet[Unit]:
    """The units whose dashboard the user may open (through a dashboard role), tree order."""
    return visible_units(user, roles=DASHBOARD_ROLES).order_by("path")


# -- the figures ---------------------------------------------------------------------------


@dataclass(frozen=True)
class MonthChannels:
    """Dossiers newly received for processing in one month, by channel."""

    month: int
    counter: int = 0
    online: int = 0
    postal: int = 0

    @property
    def received(self) -> int:
        return self.counter + self.online + self.postal

    @property
    def online_share(self) -> float | None:
        """Online / newly received, in percent (None for a month without dossiers)."""
        return figures.rate(self.online, self.received, 1)


@dataclass(frozen=True)
class OnTime:
    """Resolved dossiers of one window (a month; month 0: the whole year) and how many of
    them early or on time (columns 7 and 8 + 9 of the form)."""

    month: int
    resolved: int = 0
    in_time: int = 0

    @property
    def rate(self) -> float | None:
        return figures.rate(self.in_time, self.resolved)


@dataclass(frozen=True)
class OfficeOverdue:
    """Open dossiers overdue now at one office (the office may belong to a partner unit)."""

    office_id: int | None
    office: str
    unit: str
    count: int

    @property
    def label(self) -> str:
        return f"{self.office} – {self.unit}" if self.unit else self.office


@dataclass(frozen=True)
class UnitLine:
    """One subordinate unit (or the unit itself) in the level above's comparison."""

    unit_id: int | None
    code: str
    name: str
    group: str
    counts: Counts
    overdue_now: int = 0

    @property
    def on_time_rate(self) -> float | None:
        return figures.rate(self.counts.resolved_in_time, self.counts.resolved_total)

    @property
    def online_share(self) -> float | None:
        return figures.rate(self.counts.received_online, self.counts.received_new, 1)


@dataclass(frozen=True)
class Dashboard:
    unit_id: int
    unit_name: str
    year: int
    include_children: bool
    as_of: datetime  # "now" of the overdue figures
    months: tuple[MonthChannels, ...]  # the months of the year that have begun
    on_time: tuple[OnTime, ...]  # the same months
    on_time_year: OnTime  # the year's window (not the sum of the months)
    overdue: tuple[OfficeOverdue, ...]  # most overdue first
    units: tuple[UnitLine, ...] = ()  # the level above only: its units, then the total
    satisfaction: Chart | None = None

    @property
    def scope_text(self) -> str:
        suffix = " (gồm các đơn vị trực thuộc)" if self.include_children else ""
        return f"{self.unit_name}{suffix}"

    @property
    def overdue_total(self) -> int:
        return sum(row.count for row in self.overdue)

    @property
    def received_year(self) -> MonthChannels:
        return MonthChannels(
            0,
            sum(m.counter for m in self.months),
            sum(m.online for m in self.months),
            sum(m.postal for m in self.months),
        )


def months_of(year: int, today) -> list[int]:
    """The months of `year` that have begun by `today` (all twelve for a past year)."""
    if year < today.year:
        return list(range(1, 13))
    if year > today.year:
        return []
    return list(range(1, today.month + 1))


def received_by_channel(queryset: QuerySet[Dossier], year: int, months: Sequence[int]):
    """Newly received dossiers per month and channel in ONE query grouped by the local month
    (the "new in period" rules of columns 4 and 5 over the year's calendar window)."""
    win = periods.window(str(year), periods.Basis.CALENDAR)
    rules = counting.column_rules(win)
    rows = (
        counting.counted(queryset, win)
        .filter(rules["received_online"] | rules["received_offline"])
        .annotate(month=TruncMonth("received_at", tzinfo=counting.local_zone()))
        .values("month", "channel")
        .annotate(n=Count("id"))
        .order_by()
    )
    per_month: dict[int, dict[int, int]] = defaultdict(dict)
    for row in rows:
        per_month[row["month"].month][row["channel"]] = row["n"]
    return tuple(
        MonthChannels(
            month,
            counter=per_month[month].get(Channel.COUNTER, 0),
            online=per_month[month].get(Channel.ONLINE, 0),
            postal=per_month[month].get(Channel.POSTAL, 0),
        )
        for month in months
    )


RESOLVED = ("resolved_early", "resolved_on_time", "resolved_late")


def _resolved_in(queryset: QuerySet[Dossier], win: periods.Window, tag: int):
    """The resolved columns of `win` as one row tagged `tag`: exactly the aggregation of
    `statistics.count_rows`, without a group."""
    rules = counting.column_rules(win)
    return (
        counting.counted(queryset, win)
        .order_by()
        .values(window=Value(tag, output_field=IntegerField()))
        .annotate(**{column: Count("id", filter=rules[column]) for column in RESOLVED})
    )


def on_time_by_month(queryset: QuerySet[Dossier], year: int, months: Sequence[int]):
    """(per month, whole year) on-time figures: each window's own counting, in ONE round
    trip (a UNION ALL of one aggregation per window; month 0 is the year)."""
    windows = {
        month: periods.window(f"{year}-{month:02d}", periods.Basis.CALENDAR) for month in months
    }
    windows[0] = periods.window(str(year), periods.Basis.CALENDAR)
    parts = [_resolved_in(queryset, win, tag) for tag, win in windows.items()]
    rows = {row["window"]: row for row in parts[0].union(*parts[1:], all=True)}

    def figures_of(tag: int) -> OnTime:
        counts = Counts.from_leaves(rows.get(tag, {}))
        return OnTime(tag, counts.resolved_total, counts.resolved_in_time)

    return tuple(figures_of(month) for month in months), figures_of(0)


def overdue_now(user, queryset: QuerySet[Dossier], now: datetime):
    """Open dossiers of `queryset` overdue at `now` (the queue's rule, `queries.overdue`), in
    ONE query grouped by receiving unit and current office: (by office, by receiving unit)."""
    rows = (
        (dossier_queries.overdue(user, now) & queryset)
        .values(
            "unit_id", "current_office_id", "current_office__name", "current_office__unit__name"
        )
        .annotate(n=Count("id"))
        .order_by()
    )
    offices: dict[int | None, list] = {}
    units: dict[int, int] = defaultdict(int)
    for row in rows:
        units[row["unit_id"]] += row["n"]
        key = row["current_office_id"]
        if key not in offices:
            offices[key] = [
                row["current_office__name"] or NO_OFFICE,
                row["current_office__unit__name"] or "",
                0,
            ]
        offices[key][2] += row["n"]
    by_office = sorted(
        (OfficeOverdue(key, name, unit, count) for key, (name, unit, count) in offices.items()),
        key=lambda row: (-row.count, row.office_id is None, row.label),
    )
    return tuple(by_office), dict(units)


def comparison(unit: Unit, year: int, overdue_by_unit: dict[int, int]) -> tuple[UnitLine, ...]:
    """The level above's table: every unit of the subtree over the year's calendar window
    (`statistics.dossier_results` by unit), with its dossiers overdue now; the total last.
    Empty for a unit without subordinate units."""
    win = periods.window(str(year), periods.Basis.CALENDAR)
    results = statistics.dossier_results(unit, win, by="unit", include_children=True)
    if len(results.rows) < 2:
        return ()
    lines = [
        UnitLine(
            row.group_id,
            row.key,
            row.label,
            row.group,
            row.counts,
            overdue_by_unit.get(row.group_id, 0),
        )
        for row in results.rows
    ]
    total = UnitLine(None, "", "Tổng cộng", "", results.total, sum(overdue_by_unit.values()))
    return (*lines, total)


def satisfaction(unit: Unit, year: int, include_children: bool = False) -> Chart | None:
    """Citizens' satisfaction over the calendar year, from the registered source
    `feedback.satisfaction_rate` (ratings of returned dossiers); None while nothing was rated
    or no module registers the source (the page then says `NO_SATISFACTION`; no figure is
    ever made up)."""
    scope = "all" if include_children else "self"
    window = periods.window(str(year), periods.Basis.CALENDAR)
    computed = sources.compute(
        f"feedback.satisfaction_rate?scope={scope}", sources.SourceContext(unit, window)
    )
    if computed is None or computed.value is None:
        return None
    rated, satisfied = computed.parts.get("rated", 0), computed.parts.get("satisfied", 0)
    title = f"Mức độ hài lòng của người dân, tổ chức năm {year}"
    label = f"Năm {year}"
    drawn = _draw(
        "bar", title, [label], {"Tỷ lệ hài lòng": [float(computed.value)]}, BOTH, percent=True
    )
    table = Table(
        headers=("Kỳ", "Số phiếu đánh giá", "Hài lòng, rất hài lòng", "Tỷ lệ hài lòng"),
        rows=((label, _num(rated), _num(satisfied), _pct(computed.value, 2)),),
        title=title,
        widths=(1.6, 1.2, 1.4, 1.2),
    )
    return _chart(title, drawn, table)


def build(
    user,
    unit: Unit,
    year: int | None = None,
    *,
    include_children: bool = False,
    now: datetime | None = None,
) -> Dashboard:
    """The dashboard of `unit` (with its subordinate units if asked) for `year` (default: the
    current one). The caller has checked that `unit` is among `dashboard_units(user)`."""
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    year = year or today.year
    months = months_of(year, today)
    queryset = statistics.dossiers_of(unit, include_children)
    channels = received_by_channel(queryset, year, months) if months else ()
    if months:
        on_time, on_time_year = on_time_by_month(queryset, year, months)
    else:
        on_time, on_time_year = (), OnTime(0)
    by_office, by_unit = overdue_now(user, queryset, now)
    lines = comparison(unit, year, by_unit) if include_children and months else ()
    return Dashboard(
        unit_id=unit.pk,
        unit_name=unit.name,
        year=year,
        include_children=include_children,
        as_of=now,
        months=channels,
        on_time=on_time,
        on_time_year=on_time_year,
        overdue=by_office,
        units=lines,
        satisfaction=satisfaction(unit, year, include_children),
    )


# -- charts --------------------------------------------------------------------------------


def _num(value: int) -> str:
    return vnformat.number(value)


def _pct(value: float | None, decimals: int = 1) -> str:
    return "—" if value is None else vnformat.percent(value, decimals)


def month_label(month: int, year: int) -> str:
    return YEAR_ROW if month == 0 else f"Tháng {month}/{year}"


def _draw(kind, title, categories, series, formats, **options) -> dict[str, bytes]:
    frozen = tuple((name, tuple(values)) for name, values in series.items())
    extra = tuple(sorted(options.items()))
    return {fmt: _drawn(kind, title, tuple(categories), frozen, extra, fmt) for fmt in formats}


@lru_cache(maxsize=128)
def _drawn(kind, title, categories, series, options, fmt) -> bytes:
    """One drawing (~0.1–0.3 s of matplotlib). The same input always gives the same bytes,
    so the drawings of unchanged figures are kept: reopening a dashboard draws nothing."""
    draw = charts.bar_chart if kind == "bar" else charts.line_chart
    return draw(title, categories, dict(series), fmt=fmt, **dict(options))


def _chart(title: str, drawn: dict[str, bytes], table: Table) -> Chart:
    return Chart(title, png=drawn.get("png", b""), svg=drawn.get("svg", b""), table=table)


def _short_months(d: Dashboard) -> list[str]:
    return [f"T{m.month}" for m in d.months]


def channels_chart(d: Dashboard, formats: Sequence[str] = BOTH) -> Chart:
    title = f"Hồ sơ mới tiếp nhận theo kênh, năm {d.year}"
    series = {
        CHANNEL_LABELS[Channel.COUNTER]: [m.counter for m in d.months],
        CHANNEL_LABELS[Channel.ONLINE]: [m.online for m in d.months],
        CHANNEL_LABELS[Channel.POSTAL]: [m.postal for m in d.months],
    }
    drawn = _draw("bar", title, _short_months(d), series, formats, stacked=True, y_label="Hồ sơ")
    rows = [
        (
            month_label(m.month, d.year),
            _num(m.counter),
            _num(m.online),
            _num(m.postal),
            _num(m.received),
        )
        for m in (*d.months, d.received_year)
    ]
    table = Table(
        headers=("Tháng", *series, "Tổng số"),
        rows=tuple(rows),
        title=title,
        widths=(2, 1.2, 1.2, 1.2, 1.2),
    )
    return _chart(title, drawn, table)


def online_share_chart(d: Dashboard, formats: Sequence[str] = BOTH) -> Chart:
    title = f"Tỷ lệ hồ sơ tiếp nhận trực tuyến, năm {d.year}"
    series = {"Tỷ lệ trực tuyến": [m.online_share for m in d.months]}
    drawn = _draw("line", title, _short_months(d), series, formats, percent=True)
    rows = [
        (
            month_label(m.month, d.year),
            _num(m.online),
            _num(m.received),
            figures.share(m.online, m.received) if m.received else "—",
        )
        for m in (*d.months, d.received_year)
    ]
    table = Table(
        headers=("Tháng", "Trực tuyến", "Mới tiếp nhận", "Tỷ lệ trực tuyến"),
        rows=tuple(rows),
        title=title,
        widths=(2, 1.2, 1.2, 1.2),
    )
    return _chart(title, drawn, table)


def on_time_chart(d: Dashboard, formats: Sequence[str] = BOTH) -> Chart:
    title = f"Tỷ lệ hồ sơ giải quyết đúng hạn, năm {d.year}"
    series = {"Tỷ lệ đúng hạn": [m.rate for m in d.on_time]}
    drawn = _draw("line", title, _short_months(d), series, formats, percent=True)
    rows = [
        (month_label(m.month, d.year), _num(m.resolved), _num(m.in_time), _pct(m.rate, 2))
        for m in (*d.on_time, d.on_time_year)
    ]
    table = Table(
        headers=("Tháng", "Đã giải quyết", "Trước hạn và đúng hạn", "Tỷ lệ đúng hạn"),
        rows=tuple(rows),
        title=title,
        widths=(2, 1.2, 1.4, 1.2),
    )
    return _chart(title, drawn, table)


def overdue_chart(d: Dashboard, formats: Sequence[str] = BOTH) -> Chart:
    moment = timezone.localtime(d.as_of)
    title = f"Hồ sơ đang quá hạn theo phòng, ban xử lý (đến {moment:%H:%M} ngày {moment:%d/%m/%Y})"
    shown = d.overdue[:OVERDUE_CHART_OFFICES]
    drawn = _draw(
        "bar",
        title,
        [row.label for row in shown],
        {"Quá hạn": [row.count for row in shown]},
        formats,
        y_label="Hồ sơ",
    )
    rows = [(row.office, row.unit, _num(row.count)) for row in d.overdue]
    if d.overdue:
        rows.append(("Tổng cộng", "", _num(d.overdue_total)))
    table = Table(
        headers=("Phòng, ban đang xử lý", "Đơn vị", "Số hồ sơ quá hạn"),
        rows=tuple(rows),
        title=title,
        widths=(2.5, 2, 1),
    )
    return _chart(title, drawn, table)


def comparison_chart(d: Dashboard, formats: Sequence[str] = BOTH) -> Chart | None:
    """The level above: its units side by side (None for a single unit)."""
    if not d.units:
        return None
    title = f"Kết quả giải quyết hồ sơ của các đơn vị, năm {d.year}"
    lines = d.units[:-1]
    series = {
        "Tiếp nhận giải quyết": [line.counts.received_total for line in lines],
        "Đã giải quyết": [line.counts.resolved_total for line in lines],
    }
    drawn = _draw("bar", title, [line.name for line in lines], series, formats, y_label="Hồ sơ")
    rows = [
        (
            str(number) if line.unit_id is not None else "",
            line.name,
            _num(line.counts.received_total),
            _num(line.counts.resolved_total),
            _pct(line.on_time_rate, 2),
            _pct(line.online_share),
            _num(line.overdue_now),
        )
        for number, line in enumerate(d.units, start=1)
    ]
    table = Table(
        headers=(
            "STT",
            "Đơn vị",
            "Tiếp nhận giải quyết",
            "Đã giải quyết",
            "Tỷ lệ đúng hạn",
            "Tỷ lệ trực tuyến",
            "Đang quá hạn",
        ),
        rows=tuple(rows),
        title=title,
        widths=(0.6, 3, 1.2, 1.2, 1.1, 1.1, 1),
    )
    return _chart(title, drawn, table)


def results_chart(
    results: statistics.DossierResults, formats: Sequence[str] = ("png",), limit: int = 7
) -> Chart | None:
    """A report's dossier results per row (sector or unit): early / on time / late stacked,
    the rows with most resolved dossiers first — for the DOCX and PDF reports."""
    rows = sorted(
        (row for row in results.rows if row.counts.resolved_total),
        key=lambda row: -row.counts.resolved_total,
    )
    if not rows:
        return None
    if len(rows) > limit:  # the long tail in one bar, so the labels stay readable
        rest = figures.total(row.counts for row in rows[limit - 1 :])
        rows = [*rows[: limit - 1], statistics.ResultRow("", "Các lĩnh vực khác", rest)]
    title = f"Kết quả giải quyết hồ sơ {results.window.title}"
    series = {
        "Trước hạn": [row.counts.resolved_early for row in rows],
        "Đúng hạn": [row.counts.resolved_on_time for row in rows],
        "Quá hạn": [row.counts.resolved_late for row in rows],
    }
    drawn = _draw(
        "bar", title, [row.label for row in rows], series, formats, stacked=True, y_label="Hồ sơ"
    )
    table = Table(
        headers=("Lĩnh vực, đơn vị", "Trước hạn", "Đúng hạn", "Quá hạn"),
        rows=tuple(
            (
                row.label,
                _num(row.counts.resolved_early),
                _num(row.counts.resolved_on_time),
                _num(row.counts.resolved_late),
            )
            for row in rows
        ),
    )
    return _chart(title, drawn, table)


# -- panels of other apps ------------------------------------------------------------------


@dataclass(frozen=True)
class Panel:
    """A small table another app shows on the dashboard (overdue reform tasks…): the app
    registers a provider `fn(user, units, year, today) -> Panel | None`, so reporting does
    not depend on it. Cells are already formatted; `link` opens the full list."""

    title: str
    headers: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()
    link: str = ""
    link_text: str = ""
    empty: str = ""  # said when there is no row
    text_columns: int = 1  # the first cells are text, the others numbers


PanelProvider = Callable[[object, Sequence[Unit], int, date], "Panel | None"]
_panel_providers: list[PanelProvider] = []


def register_panel(provider: PanelProvider) -> None:
    if provider not in _panel_providers:
        _panel_providers.append(provider)


def extra_panels(user, units: Sequence[Unit], year: int, today: date) -> list[Panel]:
    """The registered panels for the chosen units (in registration order)."""
    found = (provider(user, units, year, today) for provider in _panel_providers)
    return [panel for panel in found if panel is not None]


def dashboard_charts(d: Dashboard, formats: Sequence[str] = BOTH) -> tuple[Chart, ...]:
    """Every chart of the dashboard, in page order (what a DOCX report embeds)."""
    found = [
        channels_chart(d, formats),
        online_share_chart(d, formats),
        on_time_chart(d, formats),
        overdue_chart(d, formats),
        comparison_chart(d, formats),
        d.satisfaction,
    ]
    return tuple(chart for chart in found if chart is not None)

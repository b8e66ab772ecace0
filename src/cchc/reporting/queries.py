"""Reads of report instances, unit-scoped: lists, filings of a recipient, on-time statistics.

A report is visible to a user who may see its unit or its recipient unit (`permissions.scope`
on either); anything else answers 404. A unit "must file" a report type when its kind is one
of the type's filer kinds and it exists at the end of the period's window; its recipient is
the type's recipient unit, else its parent (`services.recipient_of`).

Which periods are due in a year: each period kind of the type gives its periods, but where
several periods end in the same month — Q2 and the 6-month report, Q4 and the year report —
only the longest is filed (NĐ 09/2019 Điều 12: the 6-month report replaces the second
quarter's). So "tthc-control" is due for Q1, 6 months, 9 months and the year.

A report counts as filed when it has been submitted (`submitted_at` is set: submitted,
accepted, or returned for correction after a submission); it is on time when it was submitted
on or before its due date (local day). Not filed and past its due date counts as late.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, F, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from cchc.units.models import Unit
from cchc.units.permissions import scope, visible_unit_ids

from . import periods, services
from .counting import LocalDate
from .models import ReportInstance, ReportStatus, ReportType

SHORTEST_FIRST = (
    periods.Kind.MONTH,
    periods.Kind.QUARTER,
    periods.Kind.HALF,
    periods.Kind.NINE_MONTHS,
    periods.Kind.YEAR,
)


# -- visibility ----------------------------------------------------------------------------


def visible_reports(user) -> QuerySet[ReportInstance]:
    """Report instances whose unit or recipient unit the user may see."""
    base = ReportInstance.objects.all()
    both = scope(base, user, "unit") | scope(base, user, "recipient")
    return both.select_related("report_type", "unit", "recipient").distinct()


def report_for(user, pk: int) -> ReportInstance:
    """One report the user may see (its unit or its recipient); Http404 otherwise."""
    ids = visible_unit_ids(user)
    instance = (
        ReportInstance.objects.select_related(
            "report_type__indicator_template", "unit", "recipient", "submitted_by"
        )
        .filter(pk=pk)
        .filter(Q(unit_id__in=ids) | Q(recipient_id__in=ids))
        .first()
    )
    if instance is None:
        raise Http404("Không tìm thấy báo cáo.")
    return instance


def filer_units(user) -> QuerySet[Unit]:
    """Units the user may open reports for (a filer role reaching them, a filer kind)."""
    kinds = {kind for rtype in ReportType.objects.all() for kind in rtype.filers}
    ids = visible_unit_ids(user, services.FILER_ROLES)
    return Unit.objects.filter(id__in=ids, kind__in=kinds).order_by("path")


def recipient_units(user) -> QuerySet[Unit]:
    """Units whose filings the user may review (a recipient role reaching them) and that
    receive some report type from some unit."""
    types = list(ReportType.objects.all())
    ids = visible_unit_ids(user, services.RECIPIENT_ROLES)
    receiving = [
        unit.pk
        for unit in Unit.objects.filter(id__in=ids).select_related("parent")
        if any(_receives(rtype, unit) for rtype in types)
    ]
    return Unit.objects.filter(pk__in=receiving).order_by("path")


def _receives(rtype: ReportType, unit: Unit) -> bool:
    return bool(filers_of(unit, rtype, None))


# -- periods -------------------------------------------------------------------------------


def _existing(unit: Unit, win: periods.Window) -> bool:
    return unit.is_valid_on(win.end)


def _periods_of(kind: periods.Kind, year: int, basis: str) -> list[periods.Window]:
    numbers = {periods.Kind.MONTH: range(1, 13), periods.Kind.QUARTER: range(1, 5)}
    return [periods.named(kind, year, n, basis) for n in numbers.get(kind, (0,))]


def due_periods(rtype: ReportType, year: int) -> list[periods.Window]:
    """The periods of `year` the type is filed for, one per deadline (the longest period
    ending in a month wins), in order of their due dates."""
    by_last_month: dict[tuple[int, int], periods.Window] = {}
    for kind in sorted(rtype.kinds, key=SHORTEST_FIRST.index):
        for win in _periods_of(kind, year, rtype.basis):
            by_last_month[win.last_month] = win
    return sorted(by_last_month.values(), key=rtype.deadline.due)


def quick_periods(rtype: ReportType, today: date) -> list[periods.Window]:
    """Choices for opening a report: for each period kind of the type, the period holding
    today and the one before it (the one usually being filed), most recent first."""
    found: dict[str, periods.Window] = {}
    for kind in rtype.kinds:
        if kind is periods.Kind.RANGE:
            continue
        # The latest period of the kind already begun (6 and 9 months do not cover the
        # whole year: in December the 6-month report in question is this year's).
        begun = [
            win
            for year in (today.year - 1, today.year, today.year + 1)
            for win in _periods_of(kind, year, rtype.basis)
            if win.start <= today
        ]
        current = max(begun, key=lambda w: w.start)
        for win in (current, current.previous()):
            found.setdefault(win.label, win)
    return sorted(found.values(), key=lambda w: (rtype.deadline.due(w), w.label), reverse=True)


def filers_of(recipient: Unit, rtype: ReportType, win: periods.Window | None) -> list[Unit]:
    """Every unit that must file `rtype` (for `win`, when given) to `recipient`:
    `services.recipient_of` decides, over the recipient's children and its siblings'
    children (where a relative rule such as "{parent}-SNV" can point)."""
    near = Q(parent=recipient)
    if recipient.parent_id:
        near |= Q(parent_id=recipient.parent_id)
    candidates = list(
        Unit.objects.filter(near, kind__in=rtype.filers).select_related("parent").order_by("path")
    )
    codes = {unit.parent.code for unit in candidates if unit.parent_id}
    by_code = _units_by_code(rtype, codes)
    return [
        unit
        for unit in candidates
        if (win is None or _existing(unit, win))
        and services.recipient_of(rtype, unit, by_code) == recipient
    ]


def _units_by_code(rtype: ReportType, parent_codes: Iterable[str]) -> dict[str, Unit]:
    """The units a type's recipient rule can name for these parents (one query)."""
    if not rtype.recipient_code:
        return {}
    codes = {rtype.recipient_code.format(parent=code) for code in parent_codes}
    return {unit.code: unit for unit in Unit.objects.filter(code__in=codes)}


# -- filings ---------------------------------------------------------------------------------

ON_TIME, LATE, MISSING = "on_time", "late", "missing"
TIMELINESS_LABELS = {
    ON_TIME: ("Đúng hạn", "ok"),
    LATE: ("Trễ hạn", "bad"),
    MISSING: ("Chưa gửi", "warn"),
}


def timeliness(instance: ReportInstance | None, due_on: date, today: date) -> str:
    """on time / late (submitted after the due date, or not submitted and past it) /
    missing (not submitted, not yet due)."""
    if instance is not None and instance.submitted_at is not None:
        return ON_TIME if timezone.localdate(instance.submitted_at) <= due_on else LATE
    return LATE if today > due_on else MISSING


@dataclass(frozen=True)
class Filing:
    unit: Unit
    instance: ReportInstance | None
    due_on: date
    timeliness: str

    @property
    def submitted_at(self):
        return self.instance.submitted_at if self.instance else None

    @property
    def status_label(self) -> str:
        return self.instance.get_status_display() if self.instance else "Chưa lập"

    @property
    def label(self) -> str:
        text = TIMELINESS_LABELS[self.timeliness][0]
        if self.timeliness == LATE and self.submitted_at is None:
            return "Chưa gửi, quá hạn"
        return text

    @property
    def css(self) -> str:
        return TIMELINESS_LABELS[self.timeliness][1]

    @property
    def reviewable(self) -> bool:
        return self.instance is not None and self.instance.status == ReportStatus.SUBMITTED


def filings(
    recipient_unit: Unit, report_type: ReportType, period: str, today: date | None = None
) -> list[Filing]:
    """Every unit that must file `report_type` for `period` to `recipient_unit`, with its
    report (if any), due date and on time / late / missing — plus any other report of the
    period addressed to the recipient."""
    today = today or timezone.localdate()
    win = services.window_for(report_type, period)
    units = filers_of(recipient_unit, report_type, win)
    instances = {
        i.unit_id: i
        for i in ReportInstance.objects.filter(report_type=report_type, period=win.label)
        .filter(Q(recipient=recipient_unit) | Q(unit__in=units))
        .select_related("unit", "submitted_by")
    }
    listed = {u.pk for u in units}
    units += sorted(
        (i.unit for uid, i in instances.items() if uid not in listed), key=lambda u: u.path
    )
    due = report_type.deadline.due(win)
    rows = []
    for unit in units:
        instance = instances.get(unit.pk)
        due_on = instance.due_on if instance else due
        rows.append(Filing(unit, instance, due_on, timeliness(instance, due_on, today)))
    return rows


# -- on-time statistics ------------------------------------------------------------------------


@dataclass(frozen=True)
class OnTimeStat:
    unit: Unit
    report_type: ReportType
    due: int  # reports due by today (or filed before their due date)
    on_time: int
    late: int

    @property
    def not_submitted(self) -> int:
        return self.due - self.on_time - self.late

    @property
    def rate(self) -> float | None:
        """Share of the due reports filed on time, in percent (None when nothing was due)."""
        return None if not self.due else round(self.on_time * 100 / self.due, 2)


def on_time_stats(
    units: Iterable[Unit],
    report_type: ReportType | None = None,
    year: int | None = None,
    today: date | None = None,
) -> list[OnTimeStat]:
    """Per unit and report type, for the periods of `year` (default: this year) due so far:
    how many were due, submitted on time, submitted late, not submitted. One aggregating
    query over the report instances; which periods were due comes from the type's rules."""
    today = today or timezone.localdate()
    year = year or today.year
    types = [report_type] if report_type else list(ReportType.objects.all())
    units = list(units)
    expected: dict[tuple[int, int], int] = {}
    of_year = Q(pk__in=[])
    for rtype in types:
        windows = due_periods(rtype, year)
        of_year |= Q(report_type=rtype, period__in=[w.label for w in windows])
        for unit in units:
            if services.must_file(rtype, unit):
                expected[(unit.pk, rtype.pk)] = sum(
                    1 for w in windows if _existing(unit, w) and rtype.deadline.due(w) < today
                )
    filed = Q(submitted_at__isnull=False)
    counts = {
        (row["unit_id"], row["report_type_id"]): row
        for row in ReportInstance.objects.filter(of_year, unit__in=units)
        .annotate(submitted_on=LocalDate("submitted_at"))
        .values("unit_id", "report_type_id")
        .annotate(
            on_time=Count("id", filter=filed & Q(submitted_on__lte=F("due_on"))),
            late=Count("id", filter=filed & Q(submitted_on__gt=F("due_on"))),
            early=Count("id", filter=filed & Q(due_on__gte=today, submitted_on__lte=F("due_on"))),
        )
        .order_by()
    }
    by_pk = {rtype.pk: rtype for rtype in types}
    stats = []
    for unit in units:
        for rtype_pk, rtype in by_pk.items():
            if (unit.pk, rtype_pk) not in expected:
                continue
            row = counts.get((unit.pk, rtype_pk), {"on_time": 0, "late": 0, "early": 0})
            stats.append(
                OnTimeStat(
                    unit,
                    rtype,
                    due=expected[(unit.pk, rtype_pk)] + row["early"],
                    on_time=row["on_time"],
                    late=row["late"],
                )
            )
    return stats

"""Writes to the calendar, and `due_at`: the one function every app calls for a deadline.

Every write is one transaction and checks the administrator role. `user=None` means a
trusted caller (the `cchc calendar` command run by an operator), never a web request.
"""

import logging
from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from cchc.units.models import Role, Unit
from cchc.units.permissions import can_act, has_role

from . import sources
from .duration import Duration
from .engine import WorkCalendar, WorkingHours
from .engine import classify as classify_times
from .models import CalendarDay, CalendarYear, DayKind, DaySource, UnitWorkingHours

log = logging.getLogger("cchc.workcal")

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
FIRST_YEAR, LAST_YEAR = 1995, 2100


# -- permissions -------------------------------------------------------------------------


def can_manage(user, unit: Unit | None = None) -> bool:
    """Administrators manage the national calendar; a unit's own days need the role there."""
    if unit is not None:
        return can_act(user, unit, Role.ADMINISTRATOR)
    return has_role(user, Role.ADMINISTRATOR)


def _require_admin(user, unit: Unit | None = None) -> None:
    if user is None:  # trusted operator command
        return
    if not can_manage(user, unit):
        raise PermissionDenied("Chỉ quản trị hệ thống mới được thay đổi lịch làm việc.")


def _check_year(year: int) -> int:
    if not isinstance(year, int) or not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValidationError(f"Năm {year} không hợp lệ; chỉ nhận từ {FIRST_YEAR} đến {LAST_YEAR}.")
    return year


# -- seeding and confirmation ------------------------------------------------------------


@dataclass
class SeedResult:
    year: int
    created: int = 0
    updated: int = 0
    deleted: int = 0
    kept: int = 0  # confirmed or manual rows left as they are
    skipped: bool = False  # the year is already confirmed: nothing seeded

    def __str__(self) -> str:
        if self.skipped:
            return f"Năm {self.year}: lịch đã được xác nhận, không nạp lại."
        return (
            f"Năm {self.year}: thêm {self.created}, cập nhật {self.updated}, xóa {self.deleted} ngày; "
            f"giữ nguyên {self.kept} ngày đã xác nhận hoặc nhập tay."
        )


@transaction.atomic
def seed_year(year: int, user=None) -> SeedResult:
    """Propose `year`'s national calendar from the `holidays` package and the notices table.

    Rows are written unconfirmed. Confirmed and manual rows are never touched, a confirmed
    year is not reseeded at all, and running it again changes nothing (idempotent).
    """
    _require_admin(user)
    result = SeedResult(_check_year(year))
    if CalendarYear.objects.filter(year=year, scope__isnull=True).exists():
        result.skipped = True
        return result
    existing = {
        row.date: row for row in CalendarDay.objects.filter(scope__isnull=True, date__year=year)
    }
    proposed = sources.proposed_days(year)
    for item in proposed:
        row = existing.get(item.date)
        if row is None:
            CalendarDay.objects.create(
                date=item.date,
                kind=item.kind,
                name=item.name,
                legal_basis=item.legal_basis,
                source=DaySource.SEEDED,
            )
            result.created += 1
        elif row.source == DaySource.MANUAL or row.is_confirmed:
            result.kept += 1
        elif (row.kind, row.name, row.legal_basis) != (item.kind, item.name, item.legal_basis):
            row.kind, row.name, row.legal_basis = item.kind, item.name, item.legal_basis
            row.save(update_fields=["kind", "name", "legal_basis", "updated_at"])
            result.updated += 1
    stale = {
        d for d, row in existing.items() if row.source == DaySource.SEEDED and not row.is_confirmed
    }
    stale -= {item.date for item in proposed}
    if stale:
        result.deleted = CalendarDay.objects.filter(scope__isnull=True, date__in=stale).delete()[0]
    log.info("%s", result)
    return result


@transaction.atomic
def confirm_year(year: int, user, notice_ref: str, unit: Unit | None = None) -> CalendarYear:
    """Record that `year`'s calendar (national, or `unit`'s own days) matches the notice."""
    _require_admin(user, unit)
    _check_year(year)
    notice_ref = (notice_ref or "").strip()
    if not notice_ref:
        raise ValidationError(
            {"notice_ref": "Vui lòng nhập số hiệu văn bản thông báo, ví dụ: Thông báo 9441/TB-BNV."}
        )
    days = (
        CalendarDay.objects.filter(date__year=year, scope=unit)
        if unit
        else CalendarDay.objects.filter(date__year=year, scope__isnull=True)
    )
    if unit is None and not days.exists():
        raise ValidationError(f"Lịch năm {year} chưa có ngày nào; hãy nạp lịch trước khi xác nhận.")
    now = timezone.now()
    actor = user if getattr(user, "is_authenticated", False) else None
    days.filter(confirmed_at__isnull=True).update(
        confirmed_by=actor, confirmed_at=now, updated_at=now
    )
    record, _ = CalendarYear.objects.update_or_create(
        year=year,
        scope=unit,
        defaults={"notice_ref": notice_ref, "confirmed_by": actor, "confirmed_at": now},
    )
    log.info(
        "Lịch năm %s (%s) đã được xác nhận theo %s.",
        year,
        unit.code if unit else "toàn quốc",
        notice_ref,
    )
    return record


# -- manual corrections ------------------------------------------------------------------

_FIELDS = ("date", "kind", "name", "legal_basis")


def _validate_day(row: CalendarDay) -> None:
    errors = {}
    if not isinstance(row.date, date):
        errors["date"] = "Vui lòng nhập ngày theo dạng ngày/tháng/năm."
    elif not FIRST_YEAR <= row.date.year <= LAST_YEAR:
        errors["date"] = f"Chỉ nhận ngày từ năm {FIRST_YEAR} đến năm {LAST_YEAR}."
    if row.kind not in DayKind.values:
        errors["kind"] = "Vui lòng chọn loại ngày."
    if not (row.name or "").strip():
        errors["name"] = "Vui lòng nhập tên ngày, ví dụ: Tết Dương lịch."
    if "date" not in errors and row.kind == DayKind.MAKEUP:
        rest = _rest_weekdays(row.scope)
        if row.date.weekday() not in rest:
            errors["kind"] = "Ngày làm bù phải rơi vào ngày nghỉ hằng tuần (thường là thứ Bảy)."
    if "date" not in errors:
        clash = CalendarDay.objects.filter(date=row.date)
        clash = clash.filter(scope=row.scope) if row.scope_id else clash.filter(scope__isnull=True)
        if row.pk:
            clash = clash.exclude(pk=row.pk)
        if clash.exists():
            errors["date"] = f"Ngày {row.date:%d/%m/%Y} đã có trong lịch; hãy sửa dòng đó."
    if errors:
        raise ValidationError(errors)


def _rest_weekdays(unit: Unit | None) -> frozenset[int]:
    if unit is not None:
        hours = UnitWorkingHours.objects.filter(unit=unit).first()
        if hours is not None:
            return hours.rest_weekday_set
    return frozenset({5, 6})


@transaction.atomic
def add_day(user, *, date, kind, name, legal_basis="", unit: Unit | None = None) -> CalendarDay:
    """Enter a day by hand (a correction from the notice, or a unit's own day off)."""
    _require_admin(user, unit)
    row = CalendarDay(
        date=date,
        kind=kind,
        name=(name or "").strip(),
        legal_basis=(legal_basis or "").strip(),
        scope=unit,
    )
    _validate_day(row)
    row.source = DaySource.MANUAL
    row.confirmed_by = user if getattr(user, "is_authenticated", False) else None
    row.confirmed_at = timezone.now()
    row.save()
    log.info("Thêm ngày %s vào lịch (%s).", row, unit.code if unit else "toàn quốc")
    return row


@transaction.atomic
def update_day(user, day: CalendarDay | int, **changes) -> CalendarDay:
    """Correct a manual or unconfirmed row; it becomes a manual row, kept by re-seeding."""
    row = (
        CalendarDay.objects.select_for_update(of=("self",))
        .select_related("scope")
        .get(pk=getattr(day, "pk", day))
    )
    _require_admin(user, row.scope)
    if not row.is_editable:
        raise ValidationError("Ngày này đã được xác nhận từ dữ liệu nạp tự động; không sửa được.")
    unknown = set(changes) - set(_FIELDS)
    if unknown:
        raise TypeError(f"update_day() got unexpected fields: {sorted(unknown)}")
    for name, value in changes.items():
        setattr(row, name, value.strip() if isinstance(value, str) else value)
    _validate_day(row)
    row.source = DaySource.MANUAL
    row.confirmed_by = user if getattr(user, "is_authenticated", False) else None
    row.confirmed_at = timezone.now()
    row.save()
    return row


@transaction.atomic
def delete_day(user, day: CalendarDay | int) -> None:
    row = (
        CalendarDay.objects.select_for_update(of=("self",))
        .select_related("scope")
        .get(pk=getattr(day, "pk", day))
    )
    _require_admin(user, row.scope)
    if not row.is_editable:
        raise ValidationError("Ngày này đã được xác nhận từ dữ liệu nạp tự động; không xóa được.")
    log.info("Xóa ngày %s khỏi lịch.", row)
    row.delete()


# -- the engine for a scope, cached by table version -------------------------------------

_cache: dict = {}  # replaced whole (never mutated in place at the top level): thread-safe reads


def reset_cache() -> None:
    """Forget built calendars and issued warnings (tests; after bulk edits in raw SQL)."""
    global _cache
    _cache = {}


def _version() -> tuple:
    """Changes whenever a calendar row, a unit's hours or a confirmation changes."""
    parts = []
    for model, stamp in (
        (CalendarDay, "updated_at"),
        (UnitWorkingHours, "updated_at"),
        (CalendarYear, "confirmed_at"),
    ):
        table = connection.ops.quote_name(model._meta.db_table)
        parts.append(f"SELECT COUNT(*), MAX({stamp}), MAX(id) FROM {table}")
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts))
        return tuple(tuple(str(v) for v in row) for row in cursor.fetchall())


def _state() -> dict:
    version = _version()
    global _cache
    state = _cache
    if state.get("version") != version:
        state = {"version": version, "calendars": {}, "confirmed": {}, "warned": set()}
        _cache = state
    return state


def calendar_for(unit: Unit | None = None) -> WorkCalendar:
    """The engine calendar of `unit` (national days + the unit's own, the unit's hours).

    Cached per process and rebuilt when the table version changes, so an edit on the
    calendar page applies to the next deadline computed anywhere. Batch callers take it once
    and use the engine directly (`add`, `add_many`).
    """
    return _calendar(_state(), unit)


def _calendar(state: dict, unit: Unit | None) -> WorkCalendar:
    key = unit.pk if unit is not None else None
    calendar = state["calendars"].get(key)
    if calendar is None:
        calendar = _build(unit)
        state["calendars"][key] = calendar
    return calendar


def _build(unit: Unit | None) -> WorkCalendar:
    kinds = dict(CalendarDay.objects.filter(scope__isnull=True).values_list("date", "kind"))
    hours, rest = WorkingHours(), frozenset({5, 6})
    if unit is not None:
        # The unit's own rows win over national rows on the same date.
        kinds.update(CalendarDay.objects.filter(scope=unit).values_list("date", "kind"))
        own = UnitWorkingHours.objects.filter(unit=unit).first()
        if own is not None:
            hours, rest = own.to_engine(), own.rest_weekday_set
    working = {d for d, kind in kinds.items() if kind == DayKind.MAKEUP}
    return WorkCalendar(set(kinds) - working, working, rest_weekdays=rest, hours=hours)


def _confirmed_years(state: dict, unit: Unit | None) -> set[int]:
    key = unit.pk if unit is not None else None
    if key not in state["confirmed"]:
        rows = CalendarYear.objects.filter(scope__isnull=True)
        if unit is not None:
            rows = CalendarYear.objects.filter(Q(scope__isnull=True) | Q(scope=unit))
        state["confirmed"][key] = set(rows.values_list("year", flat=True))
    return state["confirmed"][key]


def warn_if_unconfirmed(
    years, unit: Unit | None = None, *, _state_now: dict | None = None
) -> list[int]:
    """Log (once per year and table version) a deadline computed on an unconfirmed year.

    Returns the unconfirmed ones among `years`.
    """
    state = _state_now or _state()
    missing = sorted(set(years) - _confirmed_years(state, unit))
    for year in missing:
        key = (year, unit.pk if unit is not None else None)
        if key not in state["warned"]:
            state["warned"].add(key)
            log.warning(
                "Lịch làm việc năm %s%s chưa được xác nhận; thời hạn tính theo dữ liệu chưa kiểm tra.",
                year,
                f" của {unit.code}" if unit is not None else "",
            )
    return missing


# -- deadlines ---------------------------------------------------------------------------


def to_local(moment: datetime) -> datetime:
    """A naive local (Asia/Ho_Chi_Minh) time; naive input is taken as local already."""
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(LOCAL_TZ).replace(tzinfo=None)


def _aware(moment: datetime) -> datetime:
    return moment.replace(tzinfo=LOCAL_TZ)


def due_at(start: datetime, duration: Duration | str, unit: Unit | None = None) -> datetime:
    """THE deadline function: `start` + `duration` on `unit`'s calendar (calendar.md §3).

    `start` is aware (naive is taken as local time); `duration` is a Duration or its text
    ("3d", "0.5d", "4h", "15cd", "0d@15:00"). Returns an aware time in Asia/Ho_Chi_Minh.
    Logs a warning when the start or due year has no confirmed calendar.
    """
    if isinstance(duration, str):
        duration = Duration.parse(duration)
    local = to_local(start)
    state = _state()
    due = _calendar(state, unit).add(local, duration)
    warn_if_unconfirmed({local.year, due.year}, unit, _state_now=state)
    return _aware(due)


def due_date(day: date, duration: Duration | str, unit: Unit | None = None) -> date:
    """The day a date-based deadline falls on: `duration` counted from the working day after
    `day` ("20d" from a plan signed on Monday 07/12/2026 → Monday 04/01/2027, past the New
    Year holiday). For tasks and plans, which have due dates, not due times."""
    return to_local(due_at(datetime.combine(day, time(23, 59)), duration, unit)).date()


def extend_due(
    due: datetime, pause_start: datetime, pause_end: datetime, unit: Unit | None = None
) -> datetime:
    """The due time after a pause: moved by the working time between pause start and end."""
    calendar = calendar_for(unit)
    return _aware(calendar.extend(to_local(due), to_local(pause_start), to_local(pause_end)))


def before_due(due: datetime, duration: Duration | str, unit: Unit | None = None) -> datetime:
    """The moment `duration` of working time before `due` (reminders: "1d" before)."""
    if isinstance(duration, str):
        duration = Duration.parse(duration)
    if not duration.is_working_time:
        raise ValueError("Chỉ lùi được theo ngày hoặc giờ làm việc.")
    calendar = calendar_for(unit)
    return _aware(calendar.add_working_minutes(to_local(due), -calendar.duration_minutes(duration)))


def working_minutes_between(a: datetime, b: datetime, unit: Unit | None = None) -> int:
    return calendar_for(unit).working_minutes_between(to_local(a), to_local(b))


def classify(finish: datetime, due: datetime, strict: bool | None = None) -> str:
    """ "early" / "on_time" / "late" (calendar.md §4); strict defaults to CCHC_STRICT_TIMING."""
    if strict is None:
        strict = getattr(settings, "CCHC_STRICT_TIMING", False)
    return classify_times(to_local(finish), to_local(due), strict)

"""The working calendar and deadline arithmetic (pure: no Django). Rules: domain calendar.md §3.

Times are naive local datetimes (Asia/Ho_Chi_Minh); the services layer converts aware ones.
Resolution is one minute: seconds are dropped before counting.

Internally every moment maps to a *position*: the number of working minutes elapsed since
the start of a precomputed table of days. Adding working time is adding to a position and
mapping back; the mapping back picks the earliest moment with that position, which is the
boundary rule of §3 for free (a result on 13:30 is written 11:30, one on Monday 07:00 is
written as the previous working day's 17:00). Tables are extended on demand by whole years.

Counting vs clock minutes: a working day *counts* `day_minutes` (480 by default); when a
unit's periods add up to something else (07:30–11:30 + 13:30–17:00 = 450), durations are
scaled so that N working days still land at the same clock time N working days later.
Positions and `working_minutes_between` are clock minutes.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from fractions import Fraction

from .duration import Duration, DurationKind

MINUTES_PER_DAY = 1440
Period = tuple[int, int]  # minutes from midnight, start < end

DEFAULT_PERIODS: tuple[Period, ...] = ((7 * 60, 11 * 60 + 30), (13 * 60 + 30, 17 * 60))
DEFAULT_REST_WEEKDAYS = frozenset({5, 6})  # Saturday, Sunday (Monday is 0)
WEEKDAY_CODES = ("T2", "T3", "T4", "T5", "T6", "T7", "CN")
WEEKDAY_NAMES = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")

EARLY, ON_TIME, LATE = "early", "on_time", "late"
_BULK_WINDOW_DAYS = 12 * 366  # the bulk tables hold ~2 MB per year of minutes

_PERIOD = re.compile(r"^\s*(\d{1,2})[:hg](\d{2})\s*[-–]\s*(\d{1,2})[:hg](\d{2})\s*$", re.IGNORECASE)


# ---------------------------------------------------------------------------------------
# Text forms used by models and forms: "07:00-11:30, 13:30-17:00", "T7, CN", "T7: 07:00-11:30"


def parse_periods(text: str) -> tuple[Period, ...]:
    """ "07:00-11:30, 13:30-17:00" -> ((420, 690), (810, 1020)); ValueError in Vietnamese."""
    periods = []
    for part in (text or "").replace(";", ",").split(","):
        if not part.strip():
            continue
        match = _PERIOD.match(part)
        if not match:
            raise ValueError(f"Khung giờ '{part.strip()}' không hợp lệ; dùng dạng 07:00-11:30.")
        h1, m1, h2, m2 = (int(g) for g in match.groups())
        if h1 > 24 or h2 > 24 or m1 > 59 or m2 > 59:
            raise ValueError(f"Khung giờ '{part.strip()}' không hợp lệ.")
        periods.append((h1 * 60 + m1, h2 * 60 + m2))
    if not periods:
        raise ValueError("Cần ít nhất một khung giờ làm việc.")
    return _check_periods(tuple(periods))


def format_periods(periods: Iterable[Period]) -> str:
    return ", ".join(f"{_hhmm(a)}-{_hhmm(b)}" for a, b in periods)


def parse_weekdays(text: str) -> frozenset[int]:
    """ "T7, CN" -> {5, 6}; also accepts "Thứ Bảy", "7", "8" for CN."""
    days = set()
    for part in re.split(r"[,;]+", text or ""):
        part = part.strip()
        if part:
            days.add(_weekday(part))
    return frozenset(days)


def format_weekdays(days: Iterable[int]) -> str:
    return ", ".join(WEEKDAY_CODES[d] for d in sorted(days))


def parse_weekday_periods(text: str) -> dict[int, tuple[Period, ...]]:
    """ "T7: 07:00-11:30" (entries separated by ";" or new lines) -> {5: ((420, 690),)}."""
    result: dict[int, tuple[Period, ...]] = {}
    for entry in re.split(r"[;\n]+", text or ""):
        if not entry.strip():
            continue
        day, sep, periods = entry.partition(":")
        if not sep:
            raise ValueError(f"'{entry.strip()}' không hợp lệ; dùng dạng T7: 07:00-11:30.")
        result[_weekday(day.strip())] = parse_periods(periods)
    return result


def format_weekday_periods(mapping: Mapping[int, Iterable[Period]]) -> str:
    return "; ".join(f"{WEEKDAY_CODES[d]}: {format_periods(p)}" for d, p in sorted(mapping.items()))


def _weekday(token: str) -> int:
    key = " ".join(token.split()).upper()
    for day, (code, name) in enumerate(zip(WEEKDAY_CODES, WEEKDAY_NAMES, strict=True)):
        if key in (code, name.upper(), code.removeprefix("T")):
            return day
    if key in ("8", "T8", "CHỦ NHẬT"):
        return 6
    raise ValueError(f"Thứ '{token.strip()}' không hợp lệ; dùng T2 … T7, CN.")


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _check_periods(periods: tuple[Period, ...]) -> tuple[Period, ...]:
    previous_end = 0
    for start, end in periods:
        if not (0 <= start < end <= MINUTES_PER_DAY):
            raise ValueError(f"Khung giờ {_hhmm(start)}-{_hhmm(end)} không hợp lệ.")
        if start < previous_end:
            raise ValueError("Các khung giờ làm việc phải theo thứ tự và không chồng lấn nhau.")
        previous_end = end
    return periods


# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class WorkingHours:
    """A unit's working periods and how many minutes its working day counts.

    `weekday_periods` overrides the periods on some weekdays (a one-stop desk working
    Saturday mornings: rest weekdays {Sunday} and {5: ((420, 690),)}). Make-up working days
    always use the normal periods.
    """

    periods: tuple[Period, ...] = DEFAULT_PERIODS
    day_minutes: int = 480
    weekday_periods: tuple[tuple[int, tuple[Period, ...]], ...] = field(default=())

    def __post_init__(self):
        object.__setattr__(self, "periods", _check_periods(tuple(tuple(p) for p in self.periods)))
        overrides = self.weekday_periods
        if isinstance(overrides, Mapping):
            overrides = overrides.items()
        normalised = tuple(
            sorted(
                (int(day), _check_periods(tuple(tuple(p) for p in periods)))
                for day, periods in overrides
            )
        )
        if any(not 0 <= day <= 6 for day, _ in normalised):
            raise ValueError("Thứ trong tuần phải từ 0 (Thứ Hai) đến 6 (Chủ nhật).")
        object.__setattr__(self, "weekday_periods", normalised)
        if int(self.day_minutes) <= 0:
            raise ValueError("Số giờ của một ngày làm việc phải lớn hơn 0.")
        object.__setattr__(self, "day_minutes", int(self.day_minutes))

    @property
    def period_minutes(self) -> int:
        """Clock minutes of a normal working day."""
        return sum(end - start for start, end in self.periods)

    def periods_on(self, weekday: int) -> tuple[Period, ...]:
        for day, periods in self.weekday_periods:
            if day == weekday:
                return periods
        return self.periods

    def to_clock_minutes(self, counted: int | Fraction) -> int:
        """Counted working minutes -> clock minutes on the timeline (identity by default)."""
        if self.period_minutes == self.day_minutes:
            return int(counted)
        return round(Fraction(counted) * self.period_minutes / self.day_minutes)


@dataclass
class _DayTable:
    """Per-day arrays from `first` (an ordinal) on; the scalar path's index."""

    first: int
    sched: list[int]  # schedule id per day; 0 = not a working day
    cum_start: list[int]  # working minutes elapsed before the day
    cum_end: list[int]  # ... and at its end

    @property
    def last(self) -> int:
        return self.first + len(self.sched) - 1


class WorkCalendar:
    """Working days and hours of one scope (national, or a unit), and deadline arithmetic."""

    def __init__(
        self,
        non_working: Iterable[date] = (),
        working: Iterable[date] = (),
        rest_weekdays: Iterable[int] = DEFAULT_REST_WEEKDAYS,
        hours: WorkingHours | None = None,
    ):
        self.non_working = frozenset(non_working)
        self.working = frozenset(working)
        clash = self.non_working & self.working
        if clash:
            raise ValueError(
                f"Ngày vừa là ngày nghỉ vừa là ngày làm bù: {sorted(clash)[0]:%d/%m/%Y}."
            )
        self.rest_weekdays = frozenset(rest_weekdays)
        self.hours = hours or WorkingHours()
        # Schedules: 0 = no work, 1 = normal periods, then one per weekday override.
        self._schedules: list[tuple[Period, ...]] = [(), self.hours.periods]
        self._weekday_sched = [1] * 7
        for weekday, periods in self.hours.weekday_periods:
            if periods != self.hours.periods:
                self._schedules.append(periods)
                self._weekday_sched[weekday] = len(self._schedules) - 1
        for weekday in self.rest_weekdays:
            self._weekday_sched[weekday] = 0
        self._off_ord = frozenset(d.toordinal() for d in self.non_working)
        self._work_ord = frozenset(d.toordinal() for d in self.working)
        # Per schedule: offset[m] = working minutes elapsed at minute m of the day (m: 0..1440);
        # moment[r] = earliest minute of the day at which r working minutes have elapsed.
        self._offset: list[list[int]] = []
        self._moment: list[list[int]] = []
        self._length: list[int] = []
        self._day_end: list[int] = []
        for periods in self._schedules:
            offset, moment, elapsed = [0] * (MINUTES_PER_DAY + 1), [0], 0
            for minute in range(MINUTES_PER_DAY + 1):
                offset[minute] = elapsed
                if any(start <= minute < end for start, end in periods):
                    elapsed += 1
                    moment.append(minute + 1)
            self._offset.append(offset)
            self._moment.append(moment)
            self._length.append(elapsed)
            self._day_end.append(periods[-1][1] if periods else 0)
        self._table: _DayTable | None = None
        self._bulk = None  # numpy tables, see _bulk_tables()

    # -- days ----------------------------------------------------------------------------

    def _sched_of(self, ordinal: int) -> int:
        if ordinal in self._work_ord:
            return 1
        if ordinal in self._off_ord:
            return 0
        return self._weekday_sched[(ordinal + 6) % 7]  # date.fromordinal(1) is a Monday

    def is_working_day(self, day: date) -> bool:
        if isinstance(day, datetime):
            day = day.date()
        return self._sched_of(day.toordinal()) != 0

    def periods_on(self, day: date) -> tuple[Period, ...]:
        return self._schedules[self._sched_of(day.toordinal())]

    def next_working_day(self, day: date, include: bool = False) -> date:
        """The first working day after `day` (or on it, with include=True)."""
        ordinal = day.toordinal() + (0 if include else 1)
        for _ in range(3660):
            if self._sched_of(ordinal):
                return date.fromordinal(ordinal)
            ordinal += 1
        raise ValueError("Không có ngày làm việc nào trong 10 năm sau ngày đã cho.")

    def is_working_time(self, moment: datetime) -> bool:
        """True inside a working period of a working day, ends included (11:30, 17:00)."""
        minute = moment.hour * 60 + moment.minute + (moment.second + moment.microsecond / 1e6) / 60
        return any(start <= minute <= end for start, end in self.periods_on(moment.date()))

    # -- the scalar index ----------------------------------------------------------------

    def _ensure(self, first: int, last: int) -> _DayTable:
        """The day table covering ordinals first..last, extended by whole years."""
        table = self._table
        if table is not None and table.first <= first and last <= table.last:
            return table
        if table is not None:
            first, last = min(first, table.first), max(last, table.last)
        lo = date(date.fromordinal(first).year - 1, 1, 1).toordinal()
        hi = date(date.fromordinal(last).year + 1, 12, 31).toordinal()
        sched, cum_start, cum_end, elapsed = [], [], [], 0
        for ordinal in range(lo, hi + 1):
            s = self._sched_of(ordinal)
            sched.append(s)
            cum_start.append(elapsed)
            elapsed += self._length[s]
            cum_end.append(elapsed)
        self._table = _DayTable(lo, sched, cum_start, cum_end)
        return self._table

    def _position(self, table: _DayTable, moment: datetime) -> int:
        i = moment.toordinal() - table.first
        return table.cum_start[i] + self._offset[table.sched[i]][moment.hour * 60 + moment.minute]

    def _moment_at(self, table: _DayTable, position: int) -> datetime:
        """Earliest moment at which `position` working minutes have elapsed (position >= 1)."""
        j = bisect_left(table.cum_end, position)
        minute = self._moment[table.sched[j]][position - table.cum_start[j]]
        return datetime.fromordinal(table.first + j) + timedelta(minutes=minute)

    def _table_for(self, start: datetime, minutes: int) -> tuple[_DayTable, int]:
        """A table holding `start` and `start + minutes`; returns it and start's position."""
        ordinal = start.toordinal()
        span = abs(minutes) // max(self.hours.period_minutes, 1) * 7 // 4 + 14
        first, last = (
            (ordinal - span, ordinal + 1) if minutes < 0 else (ordinal - 1, ordinal + span)
        )
        for _ in range(100):
            table = self._ensure(first, last)
            position = self._position(table, start)
            target = position + minutes
            if 1 <= target <= table.cum_end[-1]:
                return table, position
            if minutes < 0:
                first -= 366
            else:
                last += 366
        raise ValueError("Lịch không có đủ ngày làm việc để tính thời hạn.")  # e.g. every day off

    # -- arithmetic ----------------------------------------------------------------------

    @staticmethod
    def _minute(moment: datetime) -> datetime:
        if moment.tzinfo is not None:
            raise ValueError("The engine works on naive local times; convert aware ones first.")
        return moment.replace(second=0, microsecond=0)

    def normalise(self, moment: datetime) -> datetime:
        """The first working moment at or after `moment` (§3 "normalise the start")."""
        moment = self._minute(moment)
        table, position = self._table_for(moment, 1)
        return self._moment_at(table, position + 1) - timedelta(minutes=1)

    def add_working_minutes(self, start: datetime, minutes: int) -> datetime:
        """`start` plus `minutes` clock working minutes (negative: back in time), §3 boundaries."""
        start = self._minute(start)
        if minutes == 0:
            # A due time written at a period's end (17:00) stays put: adding nothing to it must
            # not move it to the next morning, or add(add(t, a), 0) != add(t, a).
            return start if self._is_period_end(start) else self.normalise(start)
        table, position = self._table_for(start, minutes)
        return self._moment_at(table, position + minutes)

    def working_minutes_between(self, a: datetime, b: datetime) -> int:
        """Clock working minutes from `a` to `b` (negative when b is before a)."""
        a, b = self._minute(a), self._minute(b)
        table = self._ensure(min(a, b).toordinal(), max(a, b).toordinal())
        return self._position(table, b) - self._position(table, a)

    def extend(self, due: datetime, pause_start: datetime, pause_end: datetime) -> datetime:
        """The due time after a pause (supplement request, financial obligation)."""
        paused = self.working_minutes_between(pause_start, pause_end)
        return due if paused <= 0 else self.add_working_minutes(due, paused)

    def duration_minutes(self, duration: Duration) -> int:
        """Clock working minutes of a working-time duration on this calendar."""
        return self.hours.to_clock_minutes(duration.working_minutes(self.hours.day_minutes))

    def add(self, start: datetime, duration: Duration | str) -> datetime:
        """The due time of something received at `start` with `duration` (calendar.md §3)."""
        if isinstance(duration, str):
            duration = Duration.parse(duration)
        if duration.kind is DurationKind.CALENDAR_DAYS:
            return self._add_calendar_days(start, int(duration.amount))
        if duration.kind is DurationKind.SAME_DAY:
            return self._same_day(start, duration.cutoff)
        return self.add_working_minutes(start, self.duration_minutes(duration))

    def _add_calendar_days(self, start: datetime, days: int) -> datetime:
        begin = self.normalise(start)
        day = self.next_working_day(begin.date() + timedelta(days=days), include=True)
        result = datetime.combine(day, begin.time())
        return result if self._is_working_minute(result) else self.normalise(result)

    def _is_period_end(self, moment: datetime) -> bool:
        minute = moment.hour * 60 + moment.minute
        return any(end == minute for _start, end in self.periods_on(moment.date()))

    def _is_working_minute(self, moment: datetime) -> bool:
        minute = moment.hour * 60 + moment.minute
        return any(start <= minute < end for start, end in self.periods_on(moment.date()))

    def _same_day(self, start: datetime, cutoff: time) -> datetime:
        if start.tzinfo is not None:
            raise ValueError("The engine works on naive local times; convert aware ones first.")
        day = start.date()
        s = self._sched_of(day.toordinal())
        minute = start.hour * 60 + start.minute
        if not (s and start.time() <= cutoff and minute < self._day_end[s]):
            day = self.next_working_day(day)
            s = self._sched_of(day.toordinal())
        return datetime.combine(day, time()) + timedelta(minutes=self._day_end[s])

    # -- bulk ----------------------------------------------------------------------------

    def add_many(self, starts, duration):
        """Due times for many starts at once (numpy datetime64[m] in and out).

        `duration` is a Duration applied to every start, or an integer array of clock working
        minutes (>= 0), one per start. Same results as `add`, element by element.
        """
        import numpy as np

        starts = np.asarray(starts, dtype="datetime64[m]")
        minutes = starts.view("int64")
        if minutes.size == 0:
            return starts.copy()
        if isinstance(duration, str):
            duration = Duration.parse(duration)
        lo, hi = int(minutes.min()), int(minutes.max())
        if (hi - lo) // MINUTES_PER_DAY > _BULK_WINDOW_DAYS:
            # Tables are per minute: split a very wide span into windows of a few years.
            result = np.empty_like(starts)
            window = _BULK_WINDOW_DAYS * MINUTES_PER_DAY
            for begin in range(lo, hi + 1, window):
                chosen = (minutes >= begin) & (minutes < begin + window)
                if chosen.any():
                    part = (
                        duration if isinstance(duration, Duration) else np.asarray(duration)[chosen]
                    )
                    result[chosen] = self.add_many(starts[chosen], part)
            return result
        if isinstance(duration, Duration) and duration.kind is DurationKind.SAME_DAY:
            return self._bulk_same_day(minutes, duration.cutoff)
        if isinstance(duration, Duration) and duration.kind is DurationKind.CALENDAR_DAYS:
            return self._bulk_calendar_days(minutes, int(duration.amount))
        if isinstance(duration, Duration):
            delta = self.duration_minutes(duration)
            if delta < 0:
                raise ValueError("Thời hạn không được âm.")
            largest = delta
        else:
            delta = np.asarray(duration, dtype=np.int64)
            if delta.shape != minutes.shape:
                raise ValueError("Cần đúng một thời hạn cho mỗi thời điểm bắt đầu.")
            if delta.min() < 0:
                raise ValueError("Thời hạn không được âm.")
            largest = int(delta.max())
        t = self._bulk_tables(lo // MINUTES_PER_DAY, hi // MINUTES_PER_DAY, largest + 1)
        # Few, narrow temporaries: on a million starts, fresh memory costs more than arithmetic.
        # Indices are within the tables by construction, so mode="clip" only skips checks.
        position = np.subtract(minutes, t.base, dtype=t.dtype, casting="unsafe")
        np.take(t.m2p, position, out=position, mode="clip")
        if isinstance(delta, int):
            position += delta or 1  # zero: the next minute's earliest moment, minus one minute
            zero = 0 if delta else 1
        else:
            zero = delta == 0
            np.add(position, delta, out=position, casting="unsafe")
            position += zero
        np.take(t.p2m, position, out=position, mode="clip")
        result = np.add(position, t.base, dtype=np.int64)
        result -= zero
        self._keep_period_ends(starts, minutes, result, zero)
        return result.view("datetime64[m]")

    def _keep_period_ends(self, starts, minutes, result, zero) -> None:
        """A zero addition that moved its start: the scalar rule decides (a start at a period's
        end stays put, e.g. 11:00 on a half-day Saturday). Zero additions are rare, and a
        moved one rarer still, so this costs nothing on the usual path."""
        import numpy as np

        moved = (result != minutes) & (zero if isinstance(zero, np.ndarray) else bool(zero))
        for index in np.flatnonzero(moved):
            start = starts[index].astype(datetime)
            due = self.add_working_minutes(start, 0)
            result[index] = np.datetime64(due, "m").astype(np.int64)

    def _bulk_calendar_days(self, minutes, days: int):
        import numpy as np

        lo, hi = int(minutes.min()), int(minutes.max())
        t = self._bulk_tables(lo // MINUTES_PER_DAY, hi // MINUTES_PER_DAY + days + 1, 1)
        begin = t.p2m[t.m2p[minutes - t.base] + 1].astype(np.int64) - 1  # normalised, from t.base
        day, clock = np.divmod(begin, MINUTES_PER_DAY)
        t = self._bulk_tables(
            t.base // MINUTES_PER_DAY, int(day.max()) + t.base // MINUTES_PER_DAY + days + 1, 1
        )
        result = t.next_on[day + days].astype(np.int64) * MINUTES_PER_DAY + clock
        at = t.m2p[result]
        off = t.m2p[result + 1] == at  # the minute starting there is not a working minute
        if off.any():
            result = np.where(off, t.p2m[at + 1] - 1, result)
        return (result + t.base).view("datetime64[m]")

    def _bulk_same_day(self, minutes, cutoff: time):
        import numpy as np

        lo, hi = int(minutes.min()), int(minutes.max())
        t = self._bulk_tables(lo // MINUTES_PER_DAY, hi // MINUTES_PER_DAY + 1, 1)
        day, minute = np.divmod(minutes - t.base, MINUTES_PER_DAY)
        end = t.day_end[day]
        today = (t.sched[day] != 0) & (minute <= cutoff.hour * 60 + cutoff.minute) & (minute < end)
        due_day = np.where(today, day, t.next_after[day])
        return (due_day * MINUTES_PER_DAY + t.day_end[due_day] + t.base).view("datetime64[m]")

    def _bulk_tables(self, first_day: int, last_day: int, extra_minutes: int):
        """numpy tables from day `first_day` (days since 1970-01-01) covering `last_day` and
        `extra_minutes` working minutes beyond it. Kept and reused while they suffice.

        m2p[i]: position at minute i (from the table's base minute); p2m[p]: earliest minute
        at which position p is reached. Both are one gather per element in `add_many`.
        """
        import numpy as np

        cached = self._bulk
        if cached is not None and cached.covers(first_day, last_day, extra_minutes):
            return cached
        if cached is not None:
            first_day = min(first_day, cached.first_day)
            last_day = max(last_day, cached.last_day)
            extra_minutes = max(extra_minutes, cached.extra)
        epoch = date(1970, 1, 1).toordinal()
        per_day = max(self.hours.period_minutes, 1)
        n_days = last_day - first_day + 1 + extra_minutes // per_day * 7 // 4 + 21
        for _ in range(50):
            sched = np.fromiter(
                (self._sched_of(epoch + d) for d in range(first_day, first_day + n_days)),
                np.int64,
                n_days,
            )
            length = np.asarray(self._length, dtype=np.int64)[sched]
            cum_end = np.cumsum(length)
            cum_start = cum_end - length
            # Enough working minutes after last_day, and a working day at the end.
            needed = cum_end[last_day - first_day] + extra_minutes
            if cum_end[-1] >= needed + per_day and sched[-7:].any():
                break
            n_days += 366
        else:
            raise ValueError("Lịch không có đủ ngày làm việc để tính thời hạn.")
        dtype = (
            np.int32
            if cum_end[-1] < 2**31 - 1 and n_days * MINUTES_PER_DAY < 2**31 - 1
            else np.int64
        )
        offset = np.ascontiguousarray(np.asarray(self._offset, dtype=dtype)[:, :MINUTES_PER_DAY])
        m2p = np.empty(n_days * MINUTES_PER_DAY + 1, dtype=dtype)
        grid = m2p[:-1].reshape(n_days, MINUTES_PER_DAY)
        np.take(offset, sched, axis=0, out=grid, mode="clip")
        grid += cum_start.astype(dtype)[:, None]
        m2p[-1] = cum_end[-1]
        p2m = np.zeros(int(cum_end[-1]) + 2, dtype=dtype)
        days = np.arange(n_days, dtype=np.int64)
        used = [s for s in range(1, len(self._schedules)) if (sched == s).any()]
        if len(used) == 1:  # the common case: every working day has the same periods
            s = used[0]
            chosen = np.flatnonzero(sched == s).astype(dtype)
            block = p2m[1 : 1 + chosen.size * self._length[s]].reshape(chosen.size, self._length[s])
            np.multiply(chosen[:, None], MINUTES_PER_DAY, out=block)
            block += np.asarray(self._moment[s][1:], dtype=dtype)
        else:
            for s in used:
                chosen = days[sched == s]
                moment = np.asarray(self._moment[s][1:], dtype=np.int64)
                where = cum_start[chosen][:, None] + np.arange(1, len(moment) + 1)
                p2m[where.ravel()] = (chosen[:, None] * MINUTES_PER_DAY + moment).ravel()
        p2m[-1] = p2m[-2]
        # Next working day on/after and strictly after each day (index n_days: none known).
        working = sched != 0
        idx = np.where(working, days, n_days)
        next_on = np.minimum.accumulate(idx[::-1])[::-1]
        next_after = np.append(next_on[1:], n_days)
        day_end = np.asarray(self._day_end, dtype=np.int64)[sched]
        self._bulk = _BulkTables(
            first_day=first_day,
            last_day=last_day,
            extra=extra_minutes,
            base=first_day * MINUTES_PER_DAY,
            n_days=n_days,
            sched=sched,
            m2p=m2p,
            p2m=p2m,
            next_on=np.append(next_on, n_days),
            next_after=np.append(next_after, n_days),
            day_end=np.append(day_end, 0),
            dtype=dtype,
        )
        return self._bulk

    # -- classification ------------------------------------------------------------------

    @staticmethod
    def classify(finish: datetime, due: datetime, strict: bool = False) -> str:
        return classify(finish, due, strict)


@dataclass
class _BulkTables:
    first_day: int
    last_day: int
    extra: int
    base: int
    n_days: int
    sched: object
    m2p: object
    p2m: object
    next_on: object
    next_after: object
    day_end: object
    dtype: object

    def covers(self, first_day: int, last_day: int, extra_minutes: int) -> bool:
        return (
            self.first_day <= first_day
            and last_day <= self.last_day
            and extra_minutes <= self.extra
        )


def classify(finish: datetime, due: datetime, strict: bool = False) -> str:
    """Early / on time / late of a finished item (calendar.md §4), both times in local time.

    Default (day granularity, as the statistics forms count): by date. Strict: late as soon
    as the finish time is after the due time, early only on an earlier date.
    """
    if strict and finish > due:
        return LATE
    if finish.date() < due.date():
        return EARLY
    if finish.date() == due.date():
        return ON_TIME
    return LATE

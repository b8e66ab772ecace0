"""Reporting periods and their data windows (reporting.md §1; pure, no Django).

A named period ("2023-Q1", "2023-H1", "2023-9M", "2023", "2023-03") maps to a data window.
By default the window is the data cut-off window of Nghị định 09/2019/NĐ-CP Điều 12: from the
15th of the month before the period to the 14th of its last month (Q1 = 15/12 of the previous
year → 14/03). A report type may use calendar windows instead (01/01 → 31/03). An explicit
range "2023-01-01..2023-03-31" is taken as written. Both ends are inclusive days.
"""

from __future__ import annotations

import calendar as _calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum


class PeriodError(ValueError):
    """A period text that cannot be read; the message is Vietnamese, for users."""


class Basis(StrEnum):
    CUTOFF = "cutoff"  # NĐ 09/2019 data cut-off windows (15th → 14th)
    CALENDAR = "calendar"  # calendar months


class Kind(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"
    HALF = "half"  # 6 months: first half of the year
    NINE_MONTHS = "nine_months"
    YEAR = "year"
    RANGE = "range"


CUTOFF_DAY = 14  # the last day of a cut-off window; the window starts the day after

_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
_NAMED = re.compile(r"^(?P<year>\d{4})(?:-(?P<rest>Q[1-4]|H1|9M|\d{2}))?$")
_RANGE = re.compile(r"^(?P<start>\d{4}-\d{2}-\d{2})\.\.(?P<end>\d{4}-\d{2}-\d{2})$")


@dataclass(frozen=True)
class Window:
    """A period with its inclusive data window [start, end]."""

    label: str  # the period as written on the command line: "2023-Q1"
    kind: Kind
    year: int
    number: int  # month 1–12, quarter 1–4; 0 for half, nine months, year and ranges
    start: date
    end: date
    basis: Basis

    @property
    def first_month(self) -> tuple[int, int]:
        """(year, month) of the period's first month (for a cut-off quarter, January)."""
        return (self.year, _period_months(self.kind, self.number)[0])

    @property
    def last_month(self) -> tuple[int, int]:
        """(year, month) of the period's last month: submission deadlines count from it."""
        if self.kind is Kind.RANGE:
            return (self.end.year, self.end.month)
        return (self.year, _period_months(self.kind, self.number)[1])

    @property
    def title(self) -> str:
        """The period in words, as report titles write it: "quý I năm 2023"."""
        match self.kind:
            case Kind.MONTH:
                return f"tháng {self.number} năm {self.year}"
            case Kind.QUARTER:
                return f"quý {_ROMAN[self.number]} năm {self.year}"
            case Kind.HALF:
                return f"6 tháng đầu năm {self.year}"
            case Kind.NINE_MONTHS:
                return f"9 tháng năm {self.year}"
            case Kind.YEAR:
                return f"năm {self.year}"
        return f"từ ngày {_dmy(self.start)} đến ngày {_dmy(self.end)}"

    @property
    def range_text(self) -> str:
        """ "Từ ngày 15/12/2022 đến ngày 14/03/2023" — the form header line."""
        return f"Từ ngày {_dmy(self.start)} đến ngày {_dmy(self.end)}"

    def previous(self) -> Window:
        """The period before this one, of the same kind and basis (a range: the same length
        just before it)."""
        match self.kind:
            case Kind.MONTH:
                year, month = (
                    (self.year, self.number - 1) if self.number > 1 else (self.year - 1, 12)
                )
                return window(f"{year}-{month:02d}", self.basis)
            case Kind.QUARTER:
                year, q = (self.year, self.number - 1) if self.number > 1 else (self.year - 1, 4)
                return window(f"{year}-Q{q}", self.basis)
            case Kind.HALF:
                return window(f"{self.year - 1}-H1", self.basis)
            case Kind.NINE_MONTHS:
                return window(f"{self.year - 1}-9M", self.basis)
            case Kind.YEAR:
                return window(str(self.year - 1), self.basis)
        length = self.end - self.start
        end = self.start - timedelta(days=1)
        return window(f"{end - length}..{end}", self.basis)

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end


def _dmy(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def _period_months(kind: Kind, number: int) -> tuple[int, int]:
    """First and last calendar month of a named period."""
    match kind:
        case Kind.MONTH:
            return (number, number)
        case Kind.QUARTER:
            return (3 * number - 2, 3 * number)
        case Kind.HALF:
            return (1, 6)
        case Kind.NINE_MONTHS:
            return (1, 9)
        case Kind.YEAR:
            return (1, 12)
    raise ValueError(kind)


def _month_end(year: int, month: int) -> date:
    return date(year, month, _calendar.monthrange(year, month)[1])


def _bounds(kind: Kind, year: int, number: int, basis: Basis) -> tuple[date, date]:
    first, last = _period_months(kind, number)
    if basis is Basis.CALENDAR:
        return date(year, first, 1), _month_end(year, last)
    before_year, before_month = (year, first - 1) if first > 1 else (year - 1, 12)
    return date(before_year, before_month, CUTOFF_DAY + 1), date(year, last, CUTOFF_DAY)


def window(text: str, basis: Basis | str = Basis.CUTOFF) -> Window:
    """Read a period text (formats.md) into its window; `PeriodError` if it is not one."""
    basis = Basis(basis)
    text = (text or "").strip()
    if match := _RANGE.match(text):
        try:
            start = date.fromisoformat(match["start"])
            end = date.fromisoformat(match["end"])
        except ValueError as exc:
            raise PeriodError(f"Ngày không hợp lệ trong kỳ báo cáo “{text}”.") from exc
        if end < start:
            raise PeriodError(f"Kỳ báo cáo “{text}”: ngày kết thúc trước ngày bắt đầu.")
        return Window(text, Kind.RANGE, end.year, 0, start, end, basis)
    match = _NAMED.match(text)
    if not match:
        raise PeriodError(
            f"Kỳ báo cáo “{text}” không hợp lệ; dùng 2023-Q1, 2023-H1, 2023-9M, 2023, "
            "2023-03 hoặc 2023-01-01..2023-03-31."
        )
    year, rest = int(match["year"]), match["rest"]
    if rest is None:
        kind, number = Kind.YEAR, 0
    elif rest.startswith("Q"):
        kind, number = Kind.QUARTER, int(rest[1])
    elif rest == "H1":
        kind, number = Kind.HALF, 0
    elif rest == "9M":
        kind, number = Kind.NINE_MONTHS, 0
    else:
        kind, number = Kind.MONTH, int(rest)
        if not 1 <= number <= 12:
            raise PeriodError(f"Tháng không hợp lệ trong kỳ báo cáo “{text}”.")
    if not 1900 < year < 3000:
        raise PeriodError(f"Năm không hợp lệ trong kỳ báo cáo “{text}”.")
    start, end = _bounds(kind, year, number, basis)
    return Window(text, kind, year, number, start, end, basis)


def named(
    kind: Kind | str, year: int, number: int = 0, basis: Basis | str = Basis.CUTOFF
) -> Window:
    """The window of a named period given by parts (kind "quarter", year 2023, number 1)."""
    kind = Kind(kind)
    suffix = {
        Kind.MONTH: f"-{number:02d}",
        Kind.QUARTER: f"-Q{number}",
        Kind.HALF: "-H1",
        Kind.NINE_MONTHS: "-9M",
        Kind.YEAR: "",
    }[kind]
    return window(f"{year}{suffix}", basis)


def period_containing(kind: Kind | str, day: date, basis: Basis | str = Basis.CUTOFF) -> Window:
    """The named period of `kind` whose window holds `day` (a cut-off Q1 holds 20/12 of the
    year before)."""
    kind, basis = Kind(kind), Basis(basis)
    candidates = []
    for year in (day.year, day.year + 1):
        match kind:
            case Kind.MONTH:
                candidates += [named(kind, year, m, basis) for m in range(1, 13)]
            case Kind.QUARTER:
                candidates += [named(kind, year, q, basis) for q in range(1, 5)]
            case _:
                candidates.append(named(kind, year, 0, basis))
    for candidate in candidates:
        if candidate.contains(day):
            return candidate
    raise PeriodError(f"Không có kỳ báo cáo loại {kind} chứa ngày {_dmy(day)}.")


@dataclass(frozen=True)
class DeadlineRule:
    """When a report of a period is due: day `day` of the month `month_offset` months after
    the period's last month (units → province by the 18th of the last month: day=18,
    month_offset=0)."""

    day: int
    month_offset: int = 0

    def due(self, win: Window) -> date:
        year, month = win.last_month
        month += self.month_offset
        year += (month - 1) // 12
        month = (month - 1) % 12 + 1
        return date(year, month, min(self.day, _calendar.monthrange(year, month)[1]))

"""Processing-time durations as written in the catalogue and on the command line (pure).

    3d        working days (half days allowed: 0.5d)
    4h        working hours
    15cd      calendar days ("ngày")
    0d@15:00  same day, or the next working day when received after the cut-off

A working day counts the unit's working-day length (8 h by default), so working days are
kept as days and converted only when a calendar is known.
"""

import re
from dataclasses import dataclass
from datetime import time
from decimal import Decimal, InvalidOperation
from enum import Enum

_PATTERN = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*(d|h|cd)\s*$", re.IGNORECASE)
_SAME_DAY = re.compile(r"^\s*0d@(\d{1,2}):(\d{2})\s*$", re.IGNORECASE)


class DurationKind(Enum):
    WORKING_DAYS = "d"
    WORKING_HOURS = "h"
    CALENDAR_DAYS = "cd"
    SAME_DAY = "same_day"


@dataclass(frozen=True)
class Duration:
    kind: DurationKind
    amount: Decimal = Decimal(0)  # days or hours; 0 for SAME_DAY
    cutoff: time | None = None  # SAME_DAY only

    @classmethod
    def parse(cls, text: str) -> "Duration":
        """Parse "3d", "0.5d", "4h", "15cd" or "0d@15:00"; ValueError (in Vietnamese) otherwise."""
        raw = (text or "").strip()
        same_day = _SAME_DAY.match(raw)
        if same_day:
            hour, minute = int(same_day.group(1)), int(same_day.group(2))
            if hour > 23 or minute > 59:
                raise ValueError(f"Giờ chốt không hợp lệ trong thời hạn '{raw}'.")
            return cls(DurationKind.SAME_DAY, Decimal(0), time(hour, minute))
        match = _PATTERN.match(raw)
        if not match:
            raise ValueError(
                f"Thời hạn '{raw}' không hợp lệ; dùng dạng 3d, 0.5d, 4h, 15cd hoặc 0d@15:00."
            )
        try:
            amount = Decimal(match.group(1).replace(",", "."))
        except InvalidOperation as exc:  # pragma: no cover - the regex admits only numbers
            raise ValueError(f"Thời hạn '{raw}' không hợp lệ.") from exc
        kind = {
            "d": DurationKind.WORKING_DAYS,
            "h": DurationKind.WORKING_HOURS,
            "cd": DurationKind.CALENDAR_DAYS,
        }[match.group(2).lower()]
        if kind is DurationKind.CALENDAR_DAYS and amount != amount.to_integral_value():
            raise ValueError(f"Số ngày theo lịch phải là số nguyên: '{raw}'.")
        return cls(kind, amount.normalize() if amount else Decimal(0))

    @property
    def is_working_time(self) -> bool:
        return self.kind in (DurationKind.WORKING_DAYS, DurationKind.WORKING_HOURS)

    def working_minutes(self, day_minutes: int = 480) -> int:
        """Length in working minutes (working days × the unit's day length)."""
        if self.kind is DurationKind.WORKING_DAYS:
            return int(self.amount * day_minutes)
        if self.kind is DurationKind.WORKING_HOURS:
            return int(self.amount * 60)
        if self.kind is DurationKind.SAME_DAY:
            return day_minutes
        raise ValueError("Thời hạn theo ngày lịch không quy đổi được ra giờ làm việc.")

    def __str__(self) -> str:
        if self.kind is DurationKind.SAME_DAY:
            return f"0d@{self.cutoff:%H:%M}"
        amount = format(self.amount, "f")
        if "." in amount:
            amount = amount.rstrip("0").rstrip(".")
        return f"{amount}{self.kind.value}"

    def label(self) -> str:
        """Vietnamese wording for pages and documents: "3 ngày làm việc", "15 ngày"."""
        amount = str(self).rstrip("dhc").replace(".", ",")
        if self.kind is DurationKind.WORKING_DAYS:
            return f"{amount} ngày làm việc"
        if self.kind is DurationKind.WORKING_HOURS:
            return f"{amount} giờ làm việc"
        if self.kind is DurationKind.CALENDAR_DAYS:
            return f"{amount} ngày"
        return f"Trong ngày (nhận sau {self.cutoff:%H} giờ {self.cutoff:%M} thì trả trong ngày làm việc tiếp theo)".replace(
            " giờ 00 thì", " giờ thì"
        )

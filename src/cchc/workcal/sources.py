"""The proposed calendar of a year: `holidays` (country VN) + the notices table (pure, no Django).

`seed_year` writes these rows as unconfirmed; the benchmark builds an engine calendar from
them without a database. The table in the database, once confirmed, is the truth.
"""

import re
from collections.abc import Iterable
from datetime import date

from .engine import WorkCalendar, WorkingHours
from .notices import COMPENSATORY, HOLIDAY, MAKEUP, NOTICES, SWAP_OFF, NoticeDay

LABOUR_CODE = "Bộ luật Lao động 2019"
_ART_112 = f"{LABOUR_CODE}, Điều 112 khoản 1 điểm "
_COMPENSATORY_BASIS = f"{LABOUR_CODE}, Điều 111 khoản 3 (nghỉ bù)"
# Name fragments of the package's Vietnamese labels -> the point of Điều 112 khoản 1.
_HOLIDAY_POINTS = (
    ("tết dương lịch", "a"),
    ("tết", "b"),
    ("giao thừa", "b"),
    ("chiến thắng", "c"),
    ("quốc tế lao động", "d"),
    ("quốc khánh", "đ"),
    ("giỗ tổ", "e"),
)
# Days the package adds because a Tết day fell on a weekend (its observed rule for Tết).
_TET_COMPENSATORY = ("29 tết", "mùng năm", "mùng sáu")
_SUBSTITUTED = re.compile(r"thay cho ngày (\d{1,2})/(\d{1,2})/(\d{4})")


def proposed_days(year: int) -> list[NoticeDay]:
    """The non-working and make-up working days of `year`, sorted by date."""
    import holidays

    library = holidays.country_holidays("VN", years=year, language="vi")
    notice = NOTICES.get(year)
    rows: dict[date, NoticeDay] = {}
    for day in sorted(library):
        names = library.get_list(day)
        rows[day] = _from_library(day, names, notice)
        for name in names:
            match = _SUBSTITUTED.search(name.lower())
            if match:
                worked = date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
                rows.setdefault(
                    worked,
                    NoticeDay(
                        worked,
                        MAKEUP,
                        f"Ngày làm bù cho ngày {day:%d/%m/%Y}",
                        notice.ref if notice else "Thông báo lịch nghỉ lễ, tết hằng năm",
                    ),
                )
    for extra in notice.days if notice else ():
        rows[extra.date] = extra
    return [rows[d] for d in sorted(rows) if d.year == year]


def _from_library(day: date, names: list[str], notice) -> NoticeDay:
    lowered = " ".join(names).lower()
    name = "; ".join(names)
    if _SUBSTITUTED.search(lowered):
        basis = notice.ref if notice else "Thông báo lịch nghỉ lễ, tết hằng năm"
        return NoticeDay(day, SWAP_OFF, name, basis)
    if "nghỉ bù" in lowered:
        return NoticeDay(day, COMPENSATORY, name, _COMPENSATORY_BASIS)
    tet_basis = f"; {notice.tet_basis}" if notice and notice.tet_basis else ""
    if any(lowered.startswith(fragment) for fragment in _TET_COMPENSATORY):
        return NoticeDay(
            day, COMPENSATORY, name, f"{_COMPENSATORY_BASIS}; Điều 112 khoản 3{tet_basis}"
        )
    if "văn hóa việt nam" in lowered:
        return NoticeDay(day, HOLIDAY, name, "Nghị quyết 80-NQ/TW (Ngày Văn hóa Việt Nam 24/11)")
    for fragment, point in _HOLIDAY_POINTS:
        if fragment in lowered:
            basis = _ART_112 + point
            if point == "b":
                basis += tet_basis
            return NoticeDay(day, HOLIDAY, name, basis)
    return NoticeDay(day, HOLIDAY, name, LABOUR_CODE)


def calendar_from_sources(years: Iterable[int], hours: WorkingHours | None = None) -> WorkCalendar:
    """An engine calendar straight from the seeding data (no database): benchmarks, checks."""
    off, worked = set(), set()
    for year in years:
        for row in proposed_days(year):
            (worked if row.kind == MAKEUP else off).add(row.date)
    return WorkCalendar(off, worked, hours=hours)

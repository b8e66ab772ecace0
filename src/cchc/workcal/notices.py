"""What the yearly notices say beyond the `holidays` package (pure data, no Django).

The `holidays` package (country VN) knows the lunar holidays, the compensatory days off and
the weekday taken off in a swap ("Ngày nghỉ (thay cho ngày dd/mm/yyyy)"), but it does not
list the Saturday worked in exchange, nor the notice that decided it. This table adds those,
with their legal basis; its rows win over the package's for the same date.

Add a year here when its notice is out (and the package does not know it yet); an
administrator still confirms the seeded year in the application.
"""

from dataclasses import dataclass
from datetime import date

HOLIDAY = "holiday"
COMPENSATORY = "compensatory"
SWAP_OFF = "swap_off"
MAKEUP = "makeup"


@dataclass(frozen=True)
class NoticeDay:
    date: date
    kind: str  # HOLIDAY, COMPENSATORY, SWAP_OFF or MAKEUP
    name: str
    legal_basis: str


@dataclass(frozen=True)
class Notice:
    """The yearly notice on days off for civil servants, as far as it changes the package."""

    ref: str  # e.g. "Thông báo 9441/TB-BNV"
    tet_basis: str = ""  # appended to the legal basis of that year's Tết rows
    days: tuple[NoticeDay, ...] = ()


_VPCP_2024 = "Công văn 2450/VPCP-KGVX năm 2024 (hoán đổi ngày làm việc dịp 30/4–1/5)"
_TB_2025 = "Thông báo 6150/TB-BLĐTBXH năm 2024 (lịch nghỉ Tết và các dịp lễ năm 2025)"
_TB_2026 = "Thông báo 9441/TB-BNV (lịch nghỉ Tết và các dịp lễ năm 2026)"

NOTICES: dict[int, Notice] = {
    2024: Notice(
        ref="Công văn 2450/VPCP-KGVX",
        days=(
            NoticeDay(
                date(2024, 4, 29),
                SWAP_OFF,
                "Ngày nghỉ hoán đổi (làm bù thứ Bảy 04/05/2024)",
                _VPCP_2024,
            ),
            NoticeDay(date(2024, 5, 4), MAKEUP, "Ngày làm bù cho thứ Hai 29/04/2024", _VPCP_2024),
        ),
    ),
    2025: Notice(
        ref="Thông báo 6150/TB-BLĐTBXH",
        tet_basis=_TB_2025,
        days=(
            NoticeDay(
                date(2025, 5, 2),
                SWAP_OFF,
                "Ngày nghỉ hoán đổi (làm bù thứ Bảy 26/04/2025)",
                _TB_2025,
            ),
            NoticeDay(date(2025, 4, 26), MAKEUP, "Ngày làm bù cho thứ Sáu 02/05/2025", _TB_2025),
        ),
    ),
    2026: Notice(
        ref="Thông báo 9441/TB-BNV",
        tet_basis=_TB_2026,
        days=(
            NoticeDay(
                date(2026, 8, 31),
                SWAP_OFF,
                "Ngày nghỉ hoán đổi (làm bù thứ Bảy 22/08/2026)",
                _TB_2026,
            ),
            NoticeDay(date(2026, 8, 22), MAKEUP, "Ngày làm bù cho thứ Hai 31/08/2026", _TB_2026),
        ),
    ),
}

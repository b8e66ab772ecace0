"""The 13-column dossier-results form: its figures, identities and shares (pure, no Django).

Biểu 06 / 06a / 06b of Thông tư 01/2020/TT-VPCP (reporting.md §2). Columns 3–13 are the
eleven counts below; columns 1 and 2 are the row number and the sector or unit. Totals are
derived from their parts, and the four identities must hold in every row and in the total
before a figure leaves the system — including figures an officer types in by hand (seed
`004_...` reported 2.779 resolved = 7 on time + 2.779 early, which this refuses).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, fields
from decimal import ROUND_HALF_UP, Decimal

from cchc.core import vnformat

# The JSON keys of formats.md, in the order of the form's columns 3–13.
COLUMNS: tuple[str, ...] = (
    "received_total",
    "received_online",
    "received_offline",
    "carried_over",
    "resolved_total",
    "resolved_early",
    "resolved_on_time",
    "resolved_late",
    "pending_total",
    "pending_in_time",
    "pending_overdue",
)

# The counted columns; the three totals are sums of them.
LEAVES: tuple[str, ...] = (
    "received_online",
    "received_offline",
    "carried_over",
    "resolved_early",
    "resolved_on_time",
    "resolved_late",
    "pending_in_time",
    "pending_overdue",
)

COLUMN_NUMBERS: dict[str, int] = {key: number for number, key in enumerate(COLUMNS, start=3)}

COLUMN_LABELS: dict[str, str] = {
    "received_total": "Tổng số hồ sơ nhận giải quyết",
    "received_online": "Số mới tiếp nhận trực tuyến",
    "received_offline": "Số mới tiếp nhận trực tiếp, qua dịch vụ bưu chính",
    "carried_over": "Số từ kỳ trước chuyển qua",
    "resolved_total": "Tổng số hồ sơ đã giải quyết",
    "resolved_early": "Đã giải quyết trước hạn",
    "resolved_on_time": "Đã giải quyết đúng hạn",
    "resolved_late": "Đã giải quyết quá hạn",
    "pending_total": "Tổng số hồ sơ đang giải quyết",
    "pending_in_time": "Đang giải quyết trong hạn",
    "pending_overdue": "Đang giải quyết quá hạn",
}


@dataclass(frozen=True)
class Identity:
    """total = sum of parts, with the form's column numbers for the message."""

    total: str
    parts: tuple[str, ...]

    @property
    def formula(self) -> str:
        """ "(3) = (4) + (5) + (6)": the identity in the form's column numbers."""
        parts = " + ".join(f"({COLUMN_NUMBERS[part]})" for part in self.parts)
        return f"({COLUMN_NUMBERS[self.total]}) = {parts}"


IDENTITIES: tuple[Identity, ...] = (
    Identity("received_total", ("received_online", "received_offline", "carried_over")),
    Identity("resolved_total", ("resolved_early", "resolved_on_time", "resolved_late")),
    Identity("pending_total", ("pending_in_time", "pending_overdue")),
    Identity("received_total", ("resolved_total", "pending_total")),
)


@dataclass(frozen=True)
class Counts:
    received_total: int = 0
    received_online: int = 0
    received_offline: int = 0
    carried_over: int = 0
    resolved_total: int = 0
    resolved_early: int = 0
    resolved_on_time: int = 0
    resolved_late: int = 0
    pending_total: int = 0
    pending_in_time: int = 0
    pending_overdue: int = 0

    @classmethod
    def from_leaves(cls, leaves: Mapping[str, int]) -> Counts:
        """Counts with each total derived from its parts (never counted twice)."""
        values = {key: int(leaves.get(key) or 0) for key in LEAVES}
        return cls(
            received_total=values["received_online"]
            + values["received_offline"]
            + values["carried_over"],
            resolved_total=values["resolved_early"]
            + values["resolved_on_time"]
            + values["resolved_late"],
            pending_total=values["pending_in_time"] + values["pending_overdue"],
            **values,
        )

    @classmethod
    def from_mapping(cls, values: Mapping[str, object]) -> Counts:
        """Counts exactly as given (manual figures keep their totals, to be checked)."""
        return cls(**{key: int(values.get(key) or 0) for key in COLUMNS})

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            **{f.name: getattr(self, f.name) + getattr(other, f.name) for f in fields(self)}
        )

    def as_dict(self) -> dict[str, int]:
        return asdict(self)

    @property
    def received_new(self) -> int:
        """New in the period (online + in person/postal): the narrative's first figure."""
        return self.received_online + self.received_offline

    @property
    def resolved_in_time(self) -> int:
        """Early + on time: "giải quyết đúng hẹn" in the annual statistics appendix."""
        return self.resolved_early + self.resolved_on_time


def total(rows: Iterable[Counts]) -> Counts:
    result = Counts()
    for row in rows:
        result = result + row
    return result


@dataclass(frozen=True)
class Violation:
    identity: Identity
    left: int
    right: int
    row_label: str = ""

    @property
    def message(self) -> str:
        where = f"Dòng “{self.row_label}”: " if self.row_label else ""
        total_label = COLUMN_LABELS[self.identity.total]
        parts = " + ".join(COLUMN_LABELS[p].lower() for p in self.identity.parts)
        return (
            f"{where}số liệu không khớp {self.identity.formula}: {total_label.lower()} là "
            f"{vnformat.number(self.left)} nhưng {parts} là {vnformat.number(self.right)}."
        )


def violations(counts: Counts, row_label: str = "") -> list[Violation]:
    """The identities `counts` breaks (an empty list when the row adds up)."""
    found = []
    for identity in IDENTITIES:
        left = getattr(counts, identity.total)
        right = sum(getattr(counts, part) for part in identity.parts)
        if left != right:
            found.append(Violation(identity, left, right, row_label))
    return found


class IdentityError(ValueError):
    """Figures that do not add up; `violations` names each broken identity."""

    def __init__(self, found: list[Violation], message: str = ""):
        self.violations = found
        super().__init__(message or " ".join(v.message for v in found))


def check(rows: Iterable[tuple[str, Counts]], grand_total: Counts | None = None) -> None:
    """Raise `IdentityError` unless every row and the total add up and the total is the sum
    of the rows."""
    rows = list(rows)
    found = [v for label, counts in rows for v in violations(counts, label)]
    if grand_total is not None:
        found += violations(grand_total, "Tổng cộng")
    if found:
        raise IdentityError(found)
    if grand_total is not None and rows and total(c for _, c in rows) != grand_total:
        summed = total(c for _, c in rows)
        wrong = [key for key in COLUMNS if getattr(summed, key) != getattr(grand_total, key)]
        raise IdentityError(
            [],
            message=(
                "Dòng “Tổng cộng” không bằng tổng các dòng ở cột "
                + ", ".join(f"({COLUMN_NUMBERS[key]})" for key in wrong)
                + "."
            ),
        )


def share(part: int, whole: int, decimals: int = 1) -> str:
    """A part of its parent total as a Vietnamese percentage: 4049 of 26199 -> "15,5%"."""
    if not whole:
        return vnformat.percent(0, decimals)
    return vnformat.percent(part * 100 / whole, decimals)


def rate(part: int, whole: int, decimals: int = 2) -> float | None:
    """part / whole in percent, rounded half up (None when there is no whole)."""
    if not whole:
        return None
    value = Decimal(part * 100) / Decimal(whole)
    return float(value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP))

"""Totals, averages, satisfaction and grade bands of dossier ratings. Pure: no Django.

- A rating's total is the sum of its nine indicator scores (0–18); it is never stored.
- A unit's (or officer's) evaluation score is the average total of its ratings, two decimals.
- Grades are bands over that average, held as data (`GradeBand` rows, editable in the
  admin). The legal text was not confirmed; the default, as one provincial system uses them
  (dossiers.md §7): Xuất sắc ≥ 15, Tốt 12 to < 15, Khá 9 to < 12, Trung bình 6 to < 9,
  Yếu < 6. A band holds the scores from its minimum up to (not including) the next minimum.
- A form is *satisfied* when every satisfaction question it answers is "Hài lòng" (1) or
  "Rất hài lòng" (2); a form answering none is not rated. The satisfaction rate is
  satisfied ÷ rated in percent, two decimals, rounded half up — the figure the reports, the
  portal statistics and the 766 index read (`feedback.satisfaction_rate`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .indicators import MAX_SCORE

TWO_PLACES = Decimal("0.01")


@dataclass(frozen=True)
class Band:
    label: str
    minimum: Decimal


DEFAULT_BANDS: tuple[Band, ...] = (
    Band("Xuất sắc", Decimal(15)),
    Band("Tốt", Decimal(12)),
    Band("Khá", Decimal(9)),
    Band("Trung bình", Decimal(6)),
    Band("Yếu", Decimal(0)),
)


def ordered(bands: Iterable[Band]) -> tuple[Band, ...]:
    """Highest minimum first."""
    return tuple(sorted(bands, key=lambda b: b.minimum, reverse=True))


def problems(bands: Sequence[Band]) -> list[str]:
    """What is wrong with a set of bands (empty when it grades every score 0–18 once)."""
    found = []
    if not bands:
        return ["Chưa có mức xếp loại nào."]
    minimums = [b.minimum for b in bands]
    if any(not (b.label or "").strip() for b in bands):
        found.append("Mức xếp loại phải có tên.")
    if len(set(minimums)) != len(minimums):
        found.append("Hai mức xếp loại không được có cùng điểm tối thiểu.")
    if any(m < 0 or m > MAX_SCORE for m in minimums):
        found.append(f"Điểm tối thiểu phải từ 0 đến {MAX_SCORE}.")
    if min(minimums) != 0:
        found.append("Mức thấp nhất phải bắt đầu từ 0 điểm.")
    return found


def grade(score: Decimal | float | int | None, bands: Sequence[Band] = DEFAULT_BANDS) -> str:
    """The label of the band holding `score` ("" for no score)."""
    if score is None:
        return ""
    value = Decimal(str(score))
    for band in ordered(bands):
        if value >= band.minimum:
            return band.label
    return ""


def average(score_sum: int | None, count: int) -> Decimal | None:
    """The average total, two decimals half up (None without forms)."""
    if not count:
        return None
    return (Decimal(score_sum or 0) / Decimal(count)).quantize(TWO_PLACES, ROUND_HALF_UP)


def is_satisfied(answers: Iterable[int | None]) -> bool | None:
    """Satisfied when every given answer is 1 or 2; None when no question was answered."""
    given = [a for a in answers if a is not None]
    if not given:
        return None
    return all(a >= 1 for a in given)


def rate(part: int, whole: int) -> Decimal | None:
    """part ÷ whole in percent, two decimals half up (None without a whole)."""
    if not whole:
        return None
    return (Decimal(part * 100) / Decimal(whole)).quantize(TWO_PLACES, ROUND_HALF_UP)

"""The scoring methods of a leaf (index.md §1), as pure functions — no Django.

Each method turns what the data say about a unit into points between 0 and the leaf's
maximum; `check_params` says what is wrong with a method's parameters, in Vietnamese, so a
criteria set is refused before it is used. Ratios are fractions (0.985, not 98,5).

- manual: the assessor enters points (no computation);
- yes_no, on_time: the maximum if the condition holds, else 0 (1.2.1: report late → 0);
- proportional: maximum × ratio (7.1: plan 85% done → 1,7 of 2);
- threshold: the maximum only at the threshold, default 100% (5.6.2: 98,6% → 0 of 0,5);
- bands: the points of the first band whose minimum the ratio reaches (6.1.3: 94,2% → 0,5
  of 1 with bands ≥100% → 1, ≥90% → 0,5);
- deductions: maximum − per_late × late − per_undone × undone, not below the floor
  (1.6.1: 11 late and 5 undone tasks → 1,91 of 3).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

MANUAL = "manual"
YES_NO = "yes_no"
ON_TIME = "on_time"
PROPORTIONAL = "proportional"
THRESHOLD = "threshold"
BANDS = "bands"
DEDUCTIONS = "deductions"
METHODS = (MANUAL, YES_NO, ON_TIME, PROPORTIONAL, THRESHOLD, BANDS, DEDUCTIONS)

CENT = Decimal("0.01")
ZERO = Decimal(0)
ONE = Decimal(1)


def points_of(value) -> Decimal:
    """Points as the system keeps them: two decimals, half up."""
    return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)


def decimal(value) -> Decimal:
    """A number from a file or a form: 0.25, "0,25", "1.5"; ValueError otherwise."""
    if isinstance(value, bool):
        raise ValueError("không phải số")
    if isinstance(value, int | float | Decimal):
        return Decimal(str(value))
    text = str(value).strip().replace(" ", "")
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation as exc:
        raise ValueError(f"“{value}” không phải số") from exc
    if not number.is_finite():
        raise ValueError(f"“{value}” không phải số")
    return number


@dataclass(frozen=True)
class Facts:
    """What the data say about a unit for one leaf. `ratio` is a fraction (0..1);
    `holds` a yes/no answer; `late` and `undone` counts of tasks."""

    ratio: Decimal | None = None
    holds: bool | None = None
    late: int = 0
    undone: int = 0


def score(method: str, max_points, params: dict | None, facts: Facts) -> Decimal | None:
    """The points `facts` earn under `method`; None when the method needs a figure the facts
    do not carry (a manual leaf, or no data)."""
    top = Decimal(str(max_points))
    params = params or {}
    if method == MANUAL:
        return None
    if method in (YES_NO, ON_TIME):
        holds = facts.holds
        if holds is None and facts.ratio is not None:
            holds = facts.ratio >= ONE
        return None if holds is None else (top if holds else ZERO)
    if method == DEDUCTIONS:
        rule = params.get("deductions", params)
        lost = (
            decimal(rule.get("per_late", 0)) * facts.late
            + decimal(rule.get("per_undone", 0)) * facts.undone
        )
        return points_of(max(decimal(rule.get("floor", 0)), top - lost))
    ratio = facts.ratio
    if ratio is None:
        return None
    ratio = min(max(ratio, ZERO), ONE)
    if method == PROPORTIONAL:
        return points_of(top * ratio)
    if method == THRESHOLD:
        return top if ratio >= decimal(params.get("at", 1)) else ZERO
    if method == BANDS:
        for band in sorted_bands(params):
            if ratio >= band[0]:
                return band[1]
        return ZERO
    raise ValueError(f"unknown method {method!r}")


def sorted_bands(params: dict) -> list[tuple[Decimal, Decimal]]:
    """(minimum ratio, points), highest minimum first."""
    bands = [(decimal(b["min"]), points_of(decimal(b["points"]))) for b in params["bands"]]
    return sorted(bands, key=lambda band: band[0], reverse=True)


def check_params(method: str, max_points, params: dict | None) -> list[str]:
    """What is wrong with a leaf's method and parameters (empty: nothing)."""
    if method not in METHODS:
        return [f"phương pháp chấm “{method}” không có; dùng một trong: {', '.join(METHODS)}"]
    params = params or {}
    try:
        top = decimal(max_points)
    except ValueError:
        return ["điểm tối đa không phải số"]
    if method == BANDS:
        return _check_bands(top, params)
    if method == DEDUCTIONS:
        return _check_deductions(params)
    if method == THRESHOLD and "at" in params:
        return _check_fraction(params["at"], "ngưỡng “at”")
    return []


def _check_fraction(value, label: str) -> list[str]:
    try:
        number = decimal(value)
    except ValueError:
        return [f"{label} không phải số"]
    if not ZERO <= number <= ONE:
        return [f"{label} phải là tỷ lệ từ 0 đến 1 (ví dụ 0.9 là 90%)"]
    return []


def _check_bands(top: Decimal, params: dict) -> list[str]:
    bands = params.get("bands")
    if not isinstance(bands, list) or not bands:
        return ["phương pháp “bands” cần tham số bands: [{min: 1.0, points: …}, …]"]
    errors = []
    for number, band in enumerate(bands, start=1):
        if not isinstance(band, dict) or "min" not in band or "points" not in band:
            errors.append(f"khoảng thứ {number} cần có min và points")
            continue
        errors += _check_fraction(band["min"], f"min của khoảng thứ {number}")
        try:
            points = decimal(band["points"])
        except ValueError:
            errors.append(f"points của khoảng thứ {number} không phải số")
            continue
        if not ZERO <= points <= top:
            errors.append(f"points của khoảng thứ {number} phải từ 0 đến điểm tối đa")
    return errors


def _check_deductions(params: dict) -> list[str]:
    rule = params.get("deductions", params)
    if not isinstance(rule, dict) or not ({"per_late", "per_undone"} & set(rule)):
        return [
            "phương pháp “deductions” cần tham số deductions: "
            "{per_late: …, per_undone: …, floor: 0}"
        ]
    errors = []
    for key in ("per_late", "per_undone", "floor"):
        if key in rule:
            try:
                if decimal(rule[key]) < 0:
                    errors.append(f"{key} không được âm")
            except ValueError:
                errors.append(f"{key} không phải số")
    return errors

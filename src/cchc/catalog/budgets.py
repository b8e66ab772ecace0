"""Workflow budget arithmetic (pure, no Django).

A procedure version's internal workflow splits its legal processing time into step budgets;
the budgets must add up to the processing time exactly:

- working days / hours: compared in working minutes (a working day = `day_minutes`);
- calendar days ("15cd"): every budget is in calendar days and they sum to the total;
- same day with a cut-off ("0d@15:00"): the budgets sum to one working day.
"""

from decimal import Decimal

from cchc.workcal.duration import Duration, DurationKind

DAY_MINUTES = 480


def normalise(text: str) -> str:
    """The canonical spelling of a duration ("0,5D" -> "0.5d"); ValueError when malformed."""
    return str(Duration.parse(text))


def _working_label(minutes: int, day_minutes: int) -> str:
    days = (Decimal(minutes) / Decimal(day_minutes)).normalize()
    return Duration(DurationKind.WORKING_DAYS, days).label() if days else "0 ngày làm việc"


def workflow_problem(
    processing_time: str, budgets: list[str], day_minutes: int = DAY_MINUTES
) -> str | None:
    """Why `budgets` do not fit `processing_time` (a Vietnamese sentence), or None when they do.

    An empty list means "no workflow declared" and always fits.
    """
    if not budgets:
        return None
    total = Duration.parse(processing_time)
    parsed: list[Duration] = []
    for number, text in enumerate(budgets, start=1):
        try:
            parsed.append(Duration.parse(text))
        except ValueError as exc:
            return f"Bước {number}: {exc}"
        if parsed[-1].kind is DurationKind.SAME_DAY:
            return f"Bước {number}: thời gian của một bước không dùng dạng trong ngày có giờ chốt."
    if total.kind is DurationKind.CALENDAR_DAYS:
        for number, step in enumerate(parsed, start=1):
            if step.kind is not DurationKind.CALENDAR_DAYS:
                return (
                    f"Bước {number}: thời hạn giải quyết tính theo ngày lịch ({total.label()}) "
                    "nên thời gian từng bước cũng phải tính theo ngày lịch (ví dụ 5cd)."
                )
        spent = sum((s.amount for s in parsed), Decimal(0))
        if spent != total.amount:
            spent_label = Duration(DurationKind.CALENDAR_DAYS, spent.normalize()).label()
            return (
                f"Tổng thời gian các bước ({spent_label}) không bằng thời hạn giải quyết "
                f"({total.label()})."
            )
        return None
    for number, step in enumerate(parsed, start=1):
        if step.kind is DurationKind.CALENDAR_DAYS:
            return (
                f"Bước {number}: thời hạn giải quyết tính theo ngày làm việc nên thời gian "
                "từng bước phải tính theo ngày hoặc giờ làm việc (ví dụ 1d, 4h)."
            )
    wanted = total.working_minutes(day_minutes)
    spent_minutes = sum(s.working_minutes(day_minutes) for s in parsed)
    if spent_minutes != wanted:
        wanted_label = (
            total.label()
            if total.kind is not DurationKind.SAME_DAY
            else ("trong ngày, tức 1 ngày làm việc")
        )
        return (
            f"Tổng thời gian các bước ({_working_label(spent_minutes, day_minutes)}) không bằng "
            f"thời hạn giải quyết ({wanted_label})."
        )
    return None


# The usual four-step internal workflow: (name, office kind code).
STANDARD_STEPS = [
    ("Tiếp nhận, kiểm tra và chuyển hồ sơ", "one_stop"),
    ("Thẩm định hồ sơ, dự thảo kết quả", "specialist"),
    ("Phê duyệt, ký kết quả", "leadership"),
    ("Vào sổ, đóng dấu và trả kết quả", "one_stop"),
]


def suggest_workflow(processing_time: str) -> list[tuple[str, str, str]]:
    """A plausible standard workflow `(name, budget, office_kind)` whose budgets fit exactly.

    Examples: 7d -> 1d + 5d + 0.5d + 0.5d; 3d -> 0.5d + 1.5d + 0.5d + 0.5d;
    1d or same day -> 1h + 5h + 1h + 1h; 15cd -> 1cd + 12cd + 1cd + 1cd.
    """
    total = Duration.parse(processing_time)
    if total.kind is DurationKind.CALENDAR_DAYS:
        n = int(total.amount)
        if n >= 4:
            budgets = [1, n - 3, 1, 1]
            return [
                (name, f"{b}cd", kind)
                for (name, kind), b in zip(STANDARD_STEPS, budgets, strict=True)
            ]
        return [(STANDARD_STEPS[1][0], f"{n}cd", STANDARD_STEPS[1][1])]
    if total.kind is DurationKind.SAME_DAY:
        hours = Decimal(DAY_MINUTES) / 60
    elif total.kind is DurationKind.WORKING_HOURS:
        hours = total.amount
    else:
        days = total.amount
        if days >= 5:
            budgets = [Decimal(1), days - 2, Decimal("0.5"), Decimal("0.5")]
        elif days > 2:
            budgets = [Decimal("0.5"), days - Decimal("1.5"), Decimal("0.5"), Decimal("0.5")]
        else:
            budgets = None
        if budgets:
            return [
                (name, str(Duration(DurationKind.WORKING_DAYS, b.normalize())), kind)
                for (name, kind), b in zip(STANDARD_STEPS, budgets, strict=True)
            ]
        hours = days * 8
    # Short times: split in hours, one eighth each for reception, signing and return.
    small = (hours / 8).normalize()
    budgets = [small, (hours - 3 * small).normalize(), small, small]
    if any(b <= 0 for b in budgets):
        return [
            (
                STANDARD_STEPS[1][0],
                str(Duration(DurationKind.WORKING_HOURS, hours.normalize())),
                "specialist",
            )
        ]
    return [
        (name, str(Duration(DurationKind.WORKING_HOURS, b)), kind)
        for (name, kind), b in zip(STANDARD_STEPS, budgets, strict=True)
    ]

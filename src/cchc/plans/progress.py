"""The one place that says how a task stands: completed on time, completed late, overdue
(not completed, past its due date) or pending (not completed, not yet due) — as of a day.

The rules are `Q` objects over `Task`, so the same rule counts tasks in one aggregating query
(`count`) and labels each listed task (`with_outcome`): a figure and the list behind it can
never disagree. A task completed after `as_of` counts as not completed on that day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Case, CharField, Count, F, Q, QuerySet, Value, When

DONE_ON_TIME = "done_on_time"
DONE_LATE = "done_late"
OVERDUE = "overdue"
PENDING = "pending"

LABELS = {
    DONE_ON_TIME: ("Hoàn thành đúng hạn", "ok"),
    DONE_LATE: ("Hoàn thành quá hạn", "warn"),
    OVERDUE: ("Quá hạn, chưa hoàn thành", "bad"),
    PENDING: ("Chưa hoàn thành, còn trong hạn", "info"),
}


def outcome(status: str, due_on: date, completed_on: date | None, as_of: date) -> str:
    """The same rule as `rules`, for one task in memory (forms, tests): completed by `as_of`
    on or before its due date → on time, after it → late; not completed by `as_of` → overdue
    once the due date has passed, pending until then (a task due today is not overdue)."""
    if status == "done" and completed_on is not None and completed_on <= as_of:
        return DONE_ON_TIME if completed_on <= due_on else DONE_LATE
    return OVERDUE if due_on < as_of else PENDING


def done_by(as_of: date) -> Q:
    return Q(status="done", completed_on__lte=as_of)


def rules(as_of: date) -> dict[str, Q]:
    done = done_by(as_of)
    return {
        DONE_ON_TIME: done & Q(completed_on__lte=F("due_on")),
        DONE_LATE: done & Q(completed_on__gt=F("due_on")),
        OVERDUE: ~done & Q(due_on__lt=as_of),
        PENDING: ~done & Q(due_on__gte=as_of),
    }


@dataclass(frozen=True)
class Progress:
    done_on_time: int = 0
    done_late: int = 0
    overdue: int = 0
    pending: int = 0

    @property
    def total(self) -> int:
        return self.done_on_time + self.done_late + self.overdue + self.pending

    @property
    def done(self) -> int:
        return self.done_on_time + self.done_late

    @property
    def not_done(self) -> int:
        return self.overdue + self.pending

    @property
    def on_time_rate(self) -> Decimal | None:
        """Completed on time ÷ total in percent, one decimal; None with no task."""
        return _percent(self.done_on_time, self.total)

    def __add__(self, other: Progress) -> Progress:
        return Progress(
            self.done_on_time + other.done_on_time,
            self.done_late + other.done_late,
            self.overdue + other.overdue,
            self.pending + other.pending,
        )

    @property
    def rate(self) -> Decimal | None:
        """Completed ÷ total in percent, one decimal (seed 003: 21/23 → 91,3); None with no
        task."""
        return _percent(self.done, self.total)


def _percent(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(100 * part) / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


KEYS = (DONE_ON_TIME, DONE_LATE, OVERDUE, PENDING)


def _counts(as_of: date) -> dict:
    return {key: Count("id", filter=q) for key, q in rules(as_of).items()}


def count(tasks: QuerySet, as_of: date) -> Progress:
    """One aggregating query over `tasks`."""
    found = tasks.aggregate(**_counts(as_of))
    return Progress(**{key: found[key] or 0 for key in KEYS})


def count_by(tasks: QuerySet, as_of: date, field: str) -> dict:
    """`field` value → Progress of the tasks having it, in one grouped query (per area, per
    plan, per unit). Values without tasks are absent."""
    rows = tasks.order_by().values(field).annotate(**_counts(as_of))
    return {row[field]: Progress(**{key: row[key] for key in KEYS}) for row in rows}


def with_outcome(tasks: QuerySet, as_of: date) -> QuerySet:
    """`tasks` annotated with `outcome` (one of the four keys above)."""
    return tasks.annotate(
        outcome=Case(
            *(When(q, then=Value(key)) for key, q in rules(as_of).items()),
            output_field=CharField(),
        )
    )

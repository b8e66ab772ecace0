"""One rule says how a task stands as of a day — completed on time, completed late, overdue
or pending — and the counting query, the listed badges and the in-memory rule agree."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cchc.core import vnformat

from .. import progress
from ..models import TaskStatus
from .factories import PlanFactory, TaskFactory

DAY0 = date(2024, 1, 1)
days = st.integers(min_value=0, max_value=400).map(lambda n: DAY0 + timedelta(days=n))
statuses = st.sampled_from(TaskStatus.values)


@given(status=statuses, due=days, completed=days, as_of=days)
def test_every_task_has_exactly_one_outcome_by_the_rule(status, due, completed, as_of):
    """As a reform officer I can trust that each task is in exactly one box, and that a task
    counts as completed only when it is marked done with a completion day on or before the
    day counted."""
    completed_on = completed if status == TaskStatus.DONE else None
    found = progress.outcome(status, due, completed_on, as_of)
    assert found in progress.LABELS
    is_done = status == TaskStatus.DONE and completed <= as_of
    if is_done:
        assert found == (progress.DONE_ON_TIME if completed <= due else progress.DONE_LATE)
    else:
        assert found == (progress.OVERDUE if due < as_of else progress.PENDING)


@given(
    counts=st.tuples(*(st.integers(min_value=0, max_value=500) for _ in range(4))),
)
def test_totals_and_rate_are_derived_from_the_four_outcomes(counts):
    """As a reader of the report I see totals that are the sum of their parts and a rate
    between 0 and 100 with one decimal."""
    p = progress.Progress(*counts)
    assert p.total == sum(counts)
    assert p.done + p.not_done == p.total
    if p.total == 0:
        assert p.rate is None
    else:
        assert Decimal(0) <= p.rate <= Decimal(100)
        assert p.rate == p.rate.quantize(Decimal("0.1"))
        exact = Decimal(100 * p.done) / p.total
        assert abs(p.rate - exact) <= Decimal("0.05")
        assert p.on_time_rate <= p.rate


def test_a_rate_exactly_half_way_rounds_up():
    """As a reader I see 78 of 96 tasks (81,25%) as "81,3%", the way reports round by hand,
    not "81,2%" as banker's rounding would give."""
    assert progress.Progress(0, 78, 0, 18).rate == Decimal("81.3")
    assert progress.Progress(1, 0, 0, 15).rate == Decimal("6.3")


def test_seed_rates_read_the_vietnamese_way():
    """As a reader I see 21/23 as "91,3%" and 25/25 as "100%"."""
    assert vnformat.percent(progress.Progress(20, 1, 2, 0).rate, 1) == "91,3%"
    assert vnformat.percent(progress.Progress(25, 0, 0, 0).rate, 1) == "100%"


@pytest.mark.django_db
@settings(max_examples=25, deadline=None)
@given(
    rows=st.lists(st.tuples(statuses, days, days), min_size=1, max_size=12),
    as_of=days,
)
def test_the_database_counts_and_labels_as_the_rule_says(rows, as_of):
    """As a reform officer the figure and the list behind it never disagree: the aggregating
    query, the badge of each listed task and the rule in memory give the same answer."""
    plan = PlanFactory()
    made = []
    for status, due, completed in rows:
        completed_on = completed if status == TaskStatus.DONE else None
        made.append(TaskFactory(plan=plan, status=status, due_on=due, completed_on=completed_on))
    expected = {key: 0 for key in progress.KEYS}
    for task in made:
        expected[progress.outcome(task.status, task.due_on, task.completed_on, as_of)] += 1
    assert progress.count(plan.tasks.all(), as_of) == progress.Progress(**expected)
    labelled = {t.pk: t.outcome for t in progress.with_outcome(plan.tasks.all(), as_of)}
    assert labelled == {
        t.pk: progress.outcome(t.status, t.due_on, t.completed_on, as_of) for t in made
    }
    grouped = progress.count_by(plan.tasks.all(), as_of, "plan_id")
    assert grouped[plan.pk] == progress.Progress(**expected)

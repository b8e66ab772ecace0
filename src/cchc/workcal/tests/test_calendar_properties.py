"""Properties of the pure engine (calendar.md §3), checked with hypothesis."""

from datetime import date, datetime

import numpy as np
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from cchc.workcal.duration import Duration
from cchc.workcal.engine import WorkCalendar, WorkingHours, parse_periods
from cchc.workcal.sources import calendar_from_sources

NATIONAL = calendar_from_sources(range(2020, 2028))
# A desk open Saturday mornings, with its own holiday, counting an 8 h day over 7.5 h of periods.
DESK = WorkCalendar(
    NATIONAL.non_working | {date(2024, 6, 3)},
    NATIONAL.working,
    rest_weekdays={6},
    hours=WorkingHours(
        periods=parse_periods("07:30-11:30, 13:30-17:00"),
        day_minutes=480,
        weekday_periods={5: parse_periods("07:30-11:00")},
    ),
)
CALENDARS = st.sampled_from([NATIONAL, DESK])
EXAMPLES = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

moments = st.datetimes(
    min_value=datetime(2021, 1, 1), max_value=datetime(2026, 12, 31, 23, 59)
).map(lambda t: t.replace(second=0, microsecond=0))
working_minutes = st.integers(min_value=0, max_value=30 * 480)
durations = st.one_of(
    st.integers(min_value=0, max_value=40).map(lambda n: Duration.parse(f"{n / 2:g}d")),
    st.integers(min_value=0, max_value=40).map(lambda n: Duration.parse(f"{n}h")),
    st.integers(min_value=0, max_value=60).map(lambda n: Duration.parse(f"{n}cd")),
    st.sampled_from(["0d@15:00", "0d@11:00", "0d@16:30"]).map(Duration.parse),
)


@EXAMPLES
@given(calendar=CALENDARS, start=moments, duration=durations)
def test_due_time_is_never_in_non_working_time(calendar, start, duration):
    """As an applicant, my deadline never falls on a holiday, a weekend or outside office hours."""
    result = calendar.add(start, duration)
    assert calendar.is_working_day(result.date())
    assert calendar.is_working_time(result)
    assert result >= start


@EXAMPLES
@given(calendar=CALENDARS, a=moments, b=moments, duration=durations)
def test_later_start_never_gives_an_earlier_due_time(calendar, a, b, duration):
    """As a one-stop officer, a dossier received later is never due earlier than one received before it."""
    a, b = min(a, b), max(a, b)
    assert calendar.add(a, duration) <= calendar.add(b, duration)


@EXAMPLES
@given(calendar=CALENDARS, start=moments, m=working_minutes, n=working_minutes)
def test_longer_duration_never_gives_an_earlier_due_time(calendar, start, m, n):
    """As a specialist, a longer processing time never gives an earlier due time."""
    m, n = min(m, n), max(m, n)
    assert calendar.add_working_minutes(start, m) <= calendar.add_working_minutes(start, n)


@EXAMPLES
@given(calendar=CALENDARS, start=moments, a=working_minutes, b=working_minutes)
def test_adding_in_two_steps_equals_adding_at_once(calendar, start, a, b):
    """As a specialist, a step budget followed by the next gives the same due time as their sum."""
    t = calendar.normalise(start)
    assert calendar.add_working_minutes(
        calendar.add_working_minutes(t, a), b
    ) == calendar.add_working_minutes(t, a + b)


@EXAMPLES
@given(calendar=CALENDARS, start=moments, a=working_minutes)
def test_working_time_between_start_and_due_is_the_duration(calendar, start, a):
    """As a reform officer, the working time between receipt and due time is exactly the processing time."""
    assert calendar.working_minutes_between(start, calendar.add_working_minutes(start, a)) == a


@EXAMPLES
@given(calendar=CALENDARS, start=moments, a=st.integers(min_value=1, max_value=30 * 480))
def test_counting_back_undoes_counting_forward(calendar, start, a):
    """As a specialist, a reminder "a before due" of a due time "t plus a" falls at t (as written)."""
    t = calendar.normalise(start)
    back = calendar.add_working_minutes(calendar.add_working_minutes(t, a), -a)
    assert calendar.working_minutes_between(t, back) == 0


@settings(max_examples=40, deadline=None)
@given(calendar=CALENDARS, starts=st.lists(moments, min_size=1, max_size=40), duration=durations)
# Nothing added at the end of the desk's half-day Saturday stays at 11:00, as one by one.
@example(calendar=DESK, starts=[datetime(2021, 6, 5, 11, 0)], duration=Duration.parse("0d"))
def test_bulk_path_equals_scalar_path(calendar, starts, duration):
    """As a developer, the vectorised due dates for many dossiers are exactly the one-by-one ones."""
    bulk = calendar.add_many(np.array(starts, dtype="datetime64[m]"), duration)
    expected = [np.datetime64(calendar.add(s, duration), "m") for s in starts]
    assert list(bulk) == expected


@settings(max_examples=40, deadline=None)
@given(
    calendar=CALENDARS, pairs=st.lists(st.tuples(moments, working_minutes), min_size=1, max_size=40)
)
def test_bulk_path_with_mixed_minutes_equals_scalar_path(calendar, pairs):
    """As a developer, one bulk call with a different working time per dossier matches the scalar path."""
    starts = np.array([s for s, _ in pairs], dtype="datetime64[m]")
    minutes = np.array([m for _, m in pairs], dtype=np.int64)
    bulk = calendar.add_many(starts, minutes)
    assert list(bulk) == [np.datetime64(calendar.add_working_minutes(s, m), "m") for s, m in pairs]


def test_bulk_rejects_negative_durations():
    """As a developer, the bulk path refuses negative working time instead of guessing."""
    with pytest.raises(ValueError):
        NATIONAL.add_many(np.array(["2026-03-09T10:00"], dtype="datetime64[m]"), np.array([-1]))

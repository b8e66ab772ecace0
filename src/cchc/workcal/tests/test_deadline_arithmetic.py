"""Deadline arithmetic of calendar.md §3 on the national calendar (pure engine, no database)."""

from datetime import date, datetime

import pytest

from cchc.workcal.duration import Duration
from cchc.workcal.engine import (
    EARLY,
    LATE,
    ON_TIME,
    WorkCalendar,
    WorkingHours,
    classify,
    parse_periods,
)


def at(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%d %H:%M")


def due(calendar, start: str, duration: str) -> str:
    return f"{calendar.add(at(start), Duration.parse(duration)):%Y-%m-%d %H:%M}"


def test_make_up_saturday_is_a_working_day(national):
    """As a one-stop officer, a dossier received Friday 21/08/2026 16:00 with 1 working day is due on the make-up Saturday 22/08/2026 at 16:00."""
    assert due(national, "2026-08-21 16:00", "1d") == "2026-08-22 16:00"


def test_working_days_keep_the_clock_time(national):
    """As an applicant, a dossier received Thursday 14:00 with 3 working days is due at 14:00 on the third following working day."""
    assert due(national, "2026-03-05 14:00", "3d") == "2026-03-10 14:00"


def test_received_after_hours_on_friday(national):
    """As a one-stop officer, a dossier received after hours on Friday with 1 working day is due Monday 17:00, not Tuesday 07:00."""
    assert due(national, "2026-03-06 18:00", "1d") == "2026-03-09 17:00"


def test_full_day_from_the_morning_start_ends_that_evening(national):
    """As a specialist, 1 working day from Monday 07:00 ends Monday 17:00 (the boundary is written as the period's end)."""
    assert due(national, "2026-03-09 07:00", "1d") == "2026-03-09 17:00"


def test_landing_on_the_afternoon_start_is_written_as_the_morning_end(national):
    """As a specialist, a deadline landing on 13:30 is written 11:30."""
    assert due(national, "2026-03-09 07:00", "4.5h") == "2026-03-09 11:30"
    assert due(national, "2026-03-09 09:00", "2.5h") == "2026-03-09 11:30"


def test_start_in_the_lunch_break_counts_from_the_afternoon_start(national):
    """As a one-stop officer, a dossier received in the lunch break counts from 13:30."""
    assert due(national, "2026-03-09 12:00", "1h") == "2026-03-09 14:30"
    assert due(national, "2026-03-09 11:30", "1h") == "2026-03-09 14:30"
    assert national.normalise(at("2026-03-09 12:15")) == at("2026-03-09 13:30")


def test_start_before_the_morning_start_counts_from_that_morning(national):
    """As a one-stop officer, a dossier received at 06:00 counts from 07:00 of that day."""
    assert due(national, "2026-03-09 06:00", "1h") == "2026-03-09 08:00"
    assert due(national, "2026-03-09 06:00", "1d") == "2026-03-09 17:00"
    assert national.normalise(at("2026-03-09 06:00")) == at("2026-03-09 07:00")


def test_start_on_a_non_working_day_counts_from_the_next_working_morning(national):
    """As an applicant who submitted online on Sunday, my dossier counts from Monday 07:00."""
    assert national.normalise(at("2026-03-08 10:00")) == at("2026-03-09 07:00")
    assert due(national, "2026-03-08 10:00", "0.5d") == "2026-03-09 11:00"


def test_half_day_is_four_hours(national):
    """As a specialist, half a working day is 4 working hours."""
    assert (
        due(national, "2026-03-09 14:00", "0.5d")
        == due(national, "2026-03-09 14:00", "4h")
        == "2026-03-10 08:00"
    )


@pytest.mark.parametrize(
    ("start", "duration", "expected"),
    [
        ("2026-02-13 10:00", "1d", "2026-02-23 10:00"),  # Tết 2026: 16–20/02 off
        ("2026-08-28 10:00", "1d", "2026-09-03 10:00"),  # 31/08 swapped, 01–02/09 Quốc khánh
        ("2026-04-24 10:00", "1d", "2026-04-28 10:00"),  # Giỗ Tổ on Sunday 26/04, Monday 27/04 off
        ("2024-04-26 10:00", "1d", "2024-05-02 10:00"),  # 29/04/2024 swapped, 30/04, 01/05
        ("2024-05-03 10:00", "1d", "2024-05-04 10:00"),  # Saturday 04/05/2024 worked
        ("2025-04-25 10:00", "1d", "2025-04-26 10:00"),  # Saturday 26/04/2025 worked
        ("2025-04-29 10:00", "1d", "2025-05-05 10:00"),  # 30/04, 01/05, swapped 02/05/2025
        ("2025-01-24 10:00", "1d", "2025-02-03 10:00"),  # Tết 2025: 27–31/01 off
        ("2024-02-07 10:00", "1d", "2024-02-15 10:00"),  # Tết 2024: 08–14/02 off
        ("2023-01-19 10:00", "1d", "2023-01-27 10:00"),  # Tết 2023: 20–26/01 off
        ("2021-02-09 10:00", "1d", "2021-02-17 10:00"),  # Tết 2021: 10–16/02 off
    ],
)
def test_holidays_swaps_and_make_up_days_are_skipped_or_worked(national, start, duration, expected):
    """As an applicant, my deadline skips the year's holidays and swapped days and counts make-up Saturdays."""
    assert due(national, start, duration) == expected


def test_calendar_days_landing_on_a_non_working_day_move_to_the_next_working_day(national):
    """As an applicant, 15 calendar days ending in Tết or on a weekend end on the next working day at the same clock time."""
    assert due(national, "2026-02-02 10:00", "15cd") == "2026-02-23 10:00"  # 17/02 is Tết
    assert due(national, "2026-03-06 09:00", "15cd") == "2026-03-23 09:00"  # Saturday 21/03
    assert due(national, "2026-03-04 09:00", "15cd") == "2026-03-19 09:00"  # a working Thursday


def test_same_day_with_cut_off(national):
    """As an applicant, a same-day procedure received at or before 15:00 is due 17:00 that day; later or on a weekend, 17:00 the next working day."""
    assert due(national, "2026-03-10 15:00", "0d@15:00") == "2026-03-10 17:00"
    assert due(national, "2026-03-10 15:01", "0d@15:00") == "2026-03-11 17:00"
    assert due(national, "2026-03-10 06:30", "0d@15:00") == "2026-03-10 17:00"
    assert due(national, "2026-03-14 09:00", "0d@15:00") == "2026-03-16 17:00"  # Saturday
    assert due(national, "2026-08-21 15:30", "0d@15:00") == "2026-08-22 17:00"  # make-up Saturday
    assert national.add(datetime(2026, 3, 10, 15, 0, 30), Duration.parse("0d@15:00")) == at(
        "2026-03-11 17:00"
    )


def test_pause_moves_the_due_time_by_the_paused_working_time(national):
    """As a specialist who asked for a supplement, the due time moves by the working time the dossier waited."""
    paused = national.working_minutes_between(at("2026-03-09 14:00"), at("2026-03-10 09:00"))
    assert paused == 300
    assert national.extend(
        at("2026-03-11 10:00"), at("2026-03-09 14:00"), at("2026-03-10 09:00")
    ) == at("2026-03-11 17:00")
    # a pause entirely outside working time moves nothing
    assert national.extend(
        at("2026-03-13 17:00"), at("2026-03-14 08:00"), at("2026-03-15 20:00")
    ) == at("2026-03-13 17:00")


def test_counting_back_for_reminders(national):
    """As a specialist, I am reminded one working day before the due time."""
    assert national.add_working_minutes(at("2026-03-09 17:00"), -480) == at("2026-03-06 17:00")
    assert national.add_working_minutes(at("2026-02-23 10:00"), -480) == at("2026-02-13 10:00")


def test_desk_working_saturday_mornings():
    """As a one-stop desk open on Saturday mornings, Saturday morning hours count and Sunday does not."""
    hours = WorkingHours(weekday_periods={5: parse_periods("07:00-11:30")})
    desk = WorkCalendar(rest_weekdays={6}, hours=hours)
    assert desk.is_working_day(date(2026, 3, 14))
    assert desk.add(at("2026-03-13 16:00"), Duration.parse("1d")) == at("2026-03-16 09:30")
    assert desk.add(at("2026-03-14 14:00"), Duration.parse("1h")) == at("2026-03-16 08:00")
    assert desk.add(at("2026-03-14 10:00"), Duration.parse("0d@15:00")) == at("2026-03-14 11:30")


def test_unit_whose_day_counts_more_than_its_clock_hours():
    """As a unit working 07:30–11:30 and 13:30–17:00 whose working day counts 8 hours, N days still land at the same clock time."""
    hours = WorkingHours(periods=parse_periods("07:30-11:30, 13:30-17:00"), day_minutes=480)
    unit = WorkCalendar(hours=hours)
    assert unit.add(at("2026-03-12 14:00"), Duration.parse("1d")) == at("2026-03-13 14:00")
    assert unit.add(at("2026-03-12 07:30"), Duration.parse("0.5d")) == at("2026-03-12 11:15")


@pytest.mark.parametrize(
    ("finish", "due_time", "strict", "expected"),
    [
        ("2026-03-09 16:00", "2026-03-10 09:00", False, EARLY),
        ("2026-03-10 16:59", "2026-03-10 09:00", False, ON_TIME),
        ("2026-03-11 07:05", "2026-03-10 17:00", False, LATE),
        ("2026-03-10 16:59", "2026-03-10 09:00", True, LATE),
        ("2026-03-10 08:00", "2026-03-10 09:00", True, ON_TIME),
        ("2026-03-09 08:00", "2026-03-10 09:00", True, EARLY),
    ],
)
def test_classify_early_on_time_late(finish, due_time, strict, expected):
    """As a reform officer, a finished dossier is early/on time/late by date, or by exact time in strict mode."""
    assert classify(at(finish), at(due_time), strict=strict) == expected


def test_durations_in_the_engine_match_the_parser(national):
    """As a developer, the engine accepts the catalogue's duration text directly."""
    assert national.add(at("2026-03-05 14:00"), "3d") == at("2026-03-10 14:00")
    with pytest.raises(ValueError):
        national.add(at("2026-03-05 14:00"), "3 ngày")


def test_adding_nothing_to_a_due_time_at_the_end_of_the_day_keeps_it(national):
    """As a specialist, a zero-length step after a step due Friday 17:00 is still due Friday 17:00."""
    friday_end = national.add_working_minutes(at("2026-03-06 13:30"), 210)
    assert friday_end == at("2026-03-06 17:00")
    assert national.add_working_minutes(friday_end, 0) == friday_end
    assert national.add_working_minutes(at("2026-03-06 18:00"), 0) == at("2026-03-09 07:00")

"""`due_at` and friends: the deadline function every app calls (calendar.md §3, §4)."""

import logging
from datetime import UTC, date, datetime

import pytest
from django.urls import reverse

from cchc.units.models import Role
from cchc.units.tests.factories import UnitFactory, staff_with_role
from cchc.workcal import queries, services
from cchc.workcal.models import DayKind, UnitWorkingHours

pytestmark = pytest.mark.django_db

HCM = services.LOCAL_TZ


def local(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=HCM)


@pytest.fixture
def seeded():
    services.seed_year(2026)


def test_due_at_takes_aware_times_and_answers_in_vietnam_time(seeded):
    """As the dossier app, I pass an aware receipt time in any zone and get the due time in Asia/Ho_Chi_Minh."""
    start = datetime(2026, 8, 21, 9, 0, tzinfo=UTC)  # 16:00 in Hà Nội
    due = services.due_at(start, "1d")
    assert due == local("2026-08-22 16:00")
    assert str(due.tzinfo) == "Asia/Ho_Chi_Minh"
    assert services.due_at(datetime(2026, 8, 21, 16, 0), "1d") == due  # naive means local


def test_unit_calendar_adds_its_own_days_and_hours(seeded):
    """As a district with its own day off and a Saturday-morning desk, my deadlines differ from the national ones."""
    unit = UnitFactory(code="TRACU")
    admin = staff_with_role(Role.ADMINISTRATOR, unit=unit)
    services.add_day(
        admin, date=date(2026, 3, 16), kind=DayKind.HOLIDAY, name="Ngày giải phóng huyện", unit=unit
    )
    assert services.due_at(local("2026-03-13 16:00"), "1d", unit) == local("2026-03-17 16:00")
    assert services.due_at(local("2026-03-13 16:00"), "1d") == local("2026-03-16 16:00")
    UnitWorkingHours.objects.create(
        unit=unit, rest_weekdays="CN", weekday_periods="T7: 07:00-11:30"
    )
    assert services.due_at(local("2026-03-13 16:00"), "1d", unit) == local("2026-03-17 09:30")


def test_edits_apply_to_the_next_deadline(seeded):
    """As an administrator, a day I add changes the very next deadline computed (the cached calendar is rebuilt)."""
    assert services.due_at(local("2026-10-14 10:00"), "1d") == local("2026-10-15 10:00")
    services.add_day(
        staff_with_role(Role.ADMINISTRATOR),
        date=date(2026, 10, 15),
        kind=DayKind.HOLIDAY,
        name="Nghỉ đột xuất",
    )
    assert services.due_at(local("2026-10-14 10:00"), "1d") == local("2026-10-16 10:00")


def test_warning_when_the_year_is_not_confirmed(seeded, caplog):
    """As an administrator, the log tells me deadlines are computed on a year nobody confirmed; once confirmed it stops."""
    with caplog.at_level(logging.WARNING, logger="cchc.workcal"):
        services.due_at(local("2026-12-31 10:00"), "3d")
    messages = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any("2026" in m for m in messages) and any("2027" in m for m in messages)
    assert queries.unconfirmed_years([2026, 2027]) == [2026, 2027]
    services.confirm_year(2026, None, "Thông báo 9441/TB-BNV")
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="cchc.workcal"):
        services.due_at(local("2026-06-01 10:00"), "3d")
    assert not [r for r in caplog.records if r.levelno == logging.WARNING]
    assert queries.unconfirmed_years([2026, 2027]) == [2027]


def test_unit_confirmation_counts_for_that_unit_only(seeded):
    """As a unit administrator, confirming my unit's year clears the warning for my unit only."""
    unit = UnitFactory(code="XA01")
    services.confirm_year(2026, None, "Quyết định 12/QĐ-UBND", unit=unit)
    assert queries.unconfirmed_years([2026], unit) == []
    assert queries.unconfirmed_years([2026]) == [2026]


def test_pause_and_reminder_helpers(seeded):
    """As a specialist, a supplement pause moves the due time and a reminder falls one working day before it."""
    due = local("2026-03-11 10:00")
    assert services.extend_due(due, local("2026-03-09 14:00"), local("2026-03-10 09:00")) == local(
        "2026-03-11 17:00"
    )
    assert services.before_due(local("2026-08-24 10:00"), "1d") == local(
        "2026-08-22 10:00"
    )  # make-up Saturday
    assert (
        services.working_minutes_between(local("2026-03-09 07:00"), local("2026-03-10 07:00"))
        == 480
    )


def test_classify_follows_the_strict_setting(settings):
    """As a reform officer, day granularity is the default and the strict mode is a setting."""
    finish, due = local("2026-03-10 16:00"), local("2026-03-10 09:00")
    settings.CCHC_STRICT_TIMING = False
    assert services.classify(finish, due) == "on_time"
    settings.CCHC_STRICT_TIMING = True
    assert services.classify(finish, due) == "late"
    # dates are compared in Vietnam time: 23:30 UTC on 09/03 is already 10/03 in Hà Nội
    assert (
        services.classify(
            datetime(2026, 3, 9, 23, 30, tzinfo=UTC), local("2026-03-10 17:00"), strict=False
        )
        == "on_time"
    )


def test_deadline_api(client, seeded):
    """As an outside system, GET /api/calendar/deadline gives the due time; bad input gets a Vietnamese 400."""
    url = reverse("api-calendar-deadline")
    assert client.get(url, {"start": "2026-08-21 16:00", "duration": "1d"}).status_code == 403
    client.force_login(staff_with_role(Role.ONE_STOP_OFFICER))
    body = client.get(url, {"start": "2026-08-21 16:00", "duration": "1d"}).json()
    assert body["due_local"] == "2026-08-22 16:00" and body["due"].startswith(
        "2026-08-22T16:00:00+07:00"
    )
    assert body["calendar_confirmed"] is False
    bad = client.get(url, {"start": "hôm qua", "duration": "3 ngày", "unit": "KHONGCO"})
    assert bad.status_code == 400
    assert set(bad.json()) == {"start", "duration", "unit"}
    days = client.get(reverse("api-calendar-days"), {"year": 2026}).json()
    assert any(r["date"] == "2026-08-22" and r["kind"] == "makeup" for r in days["results"])

"""`cchc deadline --start … --duration … [--unit CODE]` (formats.md, command line)."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from cchc.units.tests.factories import UnitFactory
from cchc.workcal import services
from cchc.workcal.models import UnitWorkingHours

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def seeded_2026():
    services.seed_year(2026)


def deadline(*args) -> str:
    from io import StringIO

    out = StringIO()
    call_command("deadline", *args, stdout=out)
    return out.getvalue()


def test_prints_the_due_time_exactly(capsys):
    """As an outside tool, I read exactly "YYYY-MM-DD HH:MM" and nothing else on stdout."""
    assert deadline("--start", "2026-08-21 16:00", "--duration", "1d") == "2026-08-22 16:00\n"


@pytest.mark.parametrize(
    ("start", "duration", "expected"),
    [
        ("2026-03-05 14:00", "3d", "2026-03-10 14:00"),
        ("2026-03-06 18:00", "1d", "2026-03-09 17:00"),
        ("2026-03-09 07:00", "4.5h", "2026-03-09 11:30"),
        ("2026-02-02 10:00", "15cd", "2026-02-23 10:00"),
        ("2026-03-10 15:00", "0d@15:00", "2026-03-10 17:00"),
        ("2026-03-10 15:01", "0d@15:00", "2026-03-11 17:00"),
        ("2026-08-28 10:00", "0.5d", "2026-08-28 16:00"),
    ],
)
def test_every_duration_form(start, duration, expected):
    """As an operator, every duration form of the catalogue gives the due time of calendar.md §3."""
    assert deadline("--start", start, "--duration", duration).strip() == expected


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--start", "2026-08-21", "--duration", "1d"], "Thời điểm"),
        (["--start", "21/08/2026 16:00", "--duration", "1d"], "Thời điểm"),
        (["--start", "2026-02-30 10:00", "--duration", "1d"], "Thời điểm"),
        (["--start", "2026-08-21 16:00", "--duration", "1 ngày"], "Thời hạn"),
        (["--start", "2026-08-21 16:00", "--duration", "1.5cd"], "Số ngày"),
        (["--start", "2026-08-21 16:00", "--duration", "1d", "--unit", "KHONGCO"], "KHONGCO"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(args, message):
    """As an operator, bad input gives a Vietnamese message and a non-zero exit, never a wrong date."""
    with pytest.raises(CommandError, match=message):
        deadline(*args)


def test_unit_with_its_own_hours():
    """As a one-stop desk working Saturday mornings, `--unit` uses my hours and rest days."""
    unit = UnitFactory(code="MOTCUA01")
    UnitWorkingHours.objects.create(
        unit=unit, rest_weekdays="CN", weekday_periods="T7: 07:00-11:30"
    )
    assert (
        deadline("--start", "2026-03-13 16:00", "--duration", "1d", "--unit", "MOTCUA01").strip()
        == "2026-03-16 09:30"
    )
    assert deadline("--start", "2026-03-13 16:00", "--duration", "1d").strip() == "2026-03-16 16:00"


def test_unconfirmed_year_is_warned_on_the_log_not_on_stdout(caplog):
    """As an operator, I am warned when the year's calendar is unconfirmed, without spoiling the output."""
    with caplog.at_level("WARNING", logger="cchc.workcal"):
        out = deadline("--start", "2026-08-21 16:00", "--duration", "1d")
    assert out == "2026-08-22 16:00\n"
    assert any(
        "2026" in r.getMessage() and "chưa được xác nhận" in r.getMessage() for r in caplog.records
    )

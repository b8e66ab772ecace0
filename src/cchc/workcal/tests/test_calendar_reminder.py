"""Administrators are reminded by e-mail to confirm next year's calendar."""

import pytest
import time_machine
from django.core import mail

from cchc.units.models import Role
from cchc.units.tests.factories import staff_with_role
from cchc.workcal.services import confirm_year, seed_year
from cchc.workcal.tasks import remind_unconfirmed_calendar

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin():
    seed_year(2026)
    seed_year(2027)
    return staff_with_role(Role.ADMINISTRATOR, email="quantri@example.gov.vn")


def test_working_mornings_in_november_remind_until_next_year_is_confirmed(admin):
    """As an administrator I get a mail each working morning until I confirm next year."""
    with time_machine.travel("2026-11-23 07:00 +0700"):  # a Monday
        assert remind_unconfirmed_calendar.call() == 1
    assert mail.outbox[0].to == ["quantri@example.gov.vn"]
    assert "năm 2027 chưa được xác nhận" in mail.outbox[0].subject
    confirm_year(2027, admin, "Thông báo số …/TB-BNV")
    with time_machine.travel("2026-11-25 07:00 +0700"):
        assert remind_unconfirmed_calendar.call() == 0


def test_no_reminder_on_days_off_or_before_november(admin):
    """As an administrator I am not mailed on a Sunday or in summer."""
    with time_machine.travel("2026-11-22 07:00 +0700"):  # Sunday
        assert remind_unconfirmed_calendar.call() == 0
    with time_machine.travel("2026-06-01 07:00 +0700"):
        assert remind_unconfirmed_calendar.call() == 0
    assert mail.outbox == []

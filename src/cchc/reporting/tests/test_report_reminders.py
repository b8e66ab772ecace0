"""Each working morning a unit's reform officers hear about the report due within three
working days — or overdue — once a day, until it is submitted."""

import pytest
import time_machine

from cchc.core import schedule
from cchc.core.models import Notification

from .. import services
from ..models import ReportAction, ReportStatus, ReportType
from ..tasks import remind_reports_due
from .factories import local
from .test_report_editor import (  # noqa: F401 - the calendar cache fixture
    _fresh_calendar_cache,
    open_q1,
    printed_zeros,
    report_world,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    w = report_world(dossiers=False)
    # The district filed last year's reports: only Q1/2025 is in question for it.
    for code in ("tthc-control", "reform-annual"):
        rtype = ReportType.objects.get(code=code)
        filed = services.new_instance(rtype, w.district, services.window_for(rtype, "2024"))
        filed.status, filed.submitted_at = ReportStatus.SUBMITTED, local("2024-12-16 09:00")
        filed.save()
    return w


def reminders(user):
    return Notification.objects.filter(recipient=user).order_by("id")


def test_the_report_due_is_reminded_once_a_day_until_submitted(client, world):
    """As the district's reform officer I am reminded of Q1/2025 (due 18/03/2025) on the
    mornings before it, once each morning, and no more once it is submitted."""
    with time_machine.travel("2025-03-12 07:00 +0700"):  # due in four working days
        remind_reports_due.call()
    assert not reminders(world.officer).exists()
    with time_machine.travel("2025-03-13 07:00 +0700"):  # Thursday: due in three
        assert remind_reports_due.call() >= 1
        assert remind_reports_due.call() == 0
    mine = reminders(world.officer).get()
    assert mine.message == (
        "Báo cáo “Báo cáo kết quả kiểm soát TTHC, cơ chế một cửa, một cửa liên thông và TTHC "
        "trên môi trường điện tử” quý I năm 2025 của UBND huyện Thạnh Trị phải gửi trước hạn "
        "ngày 18/03/2025."
    )
    assert "ky=2025-Q1" in mine.url
    client.force_login(world.officer)  # the link opens the list with the report chosen
    with time_machine.travel("2025-03-13 07:05 +0700"):
        html = client.get(mine.url).content.decode()
    assert '<option value="2025-Q1" selected>' in html
    assert f'<option value="{world.district.pk}" selected>' in html
    with time_machine.travel("2025-03-15 07:00 +0700"):  # Saturday: no reminders
        assert remind_reports_due.call() == 0
    instance = open_q1(world)
    instance = services.save_report(world.officer, instance, values=printed_zeros(instance))
    with time_machine.travel("2025-03-17 07:00 +0700"):
        remind_reports_due.call()
    assert reminders(world.officer).count() == 2
    assert reminders(world.officer).last().url == f"/bao-cao/{instance.pk}/"
    assert instance.events.filter(action=ReportAction.REMIND).count() == 1
    with time_machine.travel("2025-03-17 10:00 +0700"):
        services.submit(world.officer, instance)
    with time_machine.travel("2025-03-18 07:00 +0700"):
        remind_reports_due.call()
    assert reminders(world.officer).count() == 2
    # Nobody of another district, nor the province's appraiser, hears about it.
    assert not reminders(world.outsider).filter(message__contains="Thạnh Trị").exists()
    assert not reminders(world.recipient).exists()


def test_an_overdue_report_is_reminded_as_overdue(world):
    """As the other district's reform officer, not having filed Q1, I am told it is overdue."""
    with time_machine.travel("2025-03-20 07:00 +0700"):
        remind_reports_due.call()
    assert (
        reminders(world.outsider)
        .get(message__contains="2025")
        .message.endswith(
            "quý I năm 2025 của UBND huyện Mỹ Tú đã quá hạn gửi (hạn ngày 18/03/2025) và chưa "
            "được gửi."
        )
    )


def test_the_reminder_is_scheduled_each_working_morning():
    """As an operator I find the reminder among the scheduled jobs."""
    job = next(j for j in schedule.jobs() if j.name == "reporting.due-reminders")
    assert job.task is remind_reports_due and job.cron == "0 7 * * 1-6"

"""The scheduler enqueues each periodic job once per scheduled time, even across restarts."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.test import override_settings
from django_tasks import task

from cchc.core import schedule
from cchc.core.models import ScheduledJobRun
from cchc.core.services import enqueue_due_jobs

pytestmark = pytest.mark.django_db
HCM = ZoneInfo("Asia/Ho_Chi_Minh")
CALLS = []


@task()
def record_call():
    CALLS.append(1)


@pytest.fixture
def morning_job(monkeypatch):
    monkeypatch.setattr(schedule, "_jobs", {})
    schedule.register("test.morning", "0 7 * * *", record_call)
    CALLS.clear()
    with override_settings(
        TASKS={"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    ):
        yield


def at(day, hour, minute=0):
    return datetime(2026, 3, day, hour, minute, tzinfo=HCM)


def test_a_job_runs_at_its_time_and_only_once(morning_job):
    """As an operator I want the morning reminder enqueued once each morning, not on every tick."""
    assert enqueue_due_jobs(at(2, 6, 0)) == []  # first sight: starts counting from now
    assert enqueue_due_jobs(at(2, 6, 59)) == []
    assert enqueue_due_jobs(at(2, 7, 0)) == ["test.morning"]
    assert enqueue_due_jobs(at(2, 7, 1)) == []
    assert enqueue_due_jobs(at(3, 7, 0)) == ["test.morning"]
    assert len(CALLS) == 2


def test_a_scheduler_down_for_days_runs_a_missed_job_once(morning_job):
    """As an operator restarting after an outage I get one catch-up run, not a burst."""
    enqueue_due_jobs(at(2, 6, 0))
    assert enqueue_due_jobs(at(6, 10, 0)) == ["test.morning"]
    assert enqueue_due_jobs(at(6, 10, 1)) == []
    assert ScheduledJobRun.objects.get(name="test.morning").last_run_at == at(6, 10, 0)


def test_invalid_cron_expression_is_refused():
    """As a developer a typo in a job's schedule fails at start-up, not silently at night."""
    with pytest.raises(ValueError, match="invalid cron"):
        schedule.register("bad", "every morning", record_call)


def test_scheduler_command_once_lists_the_jobs(morning_job, capsys):
    """As an operator `cchc scheduler --once` shows the jobs it knows and exits."""
    call_command("scheduler", "--once")
    assert "test.morning (0 7 * * *)" in capsys.readouterr().out

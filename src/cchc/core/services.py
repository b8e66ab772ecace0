"""Writes of the core app: the scheduler's bookkeeping."""

import logging
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from . import schedule
from .models import Notification, ScheduledJobRun

log = logging.getLogger("cchc.scheduler")


def enqueue_due_jobs(now: datetime | None = None) -> list[str]:
    """Enqueue every registered job whose next time since its last run has come.

    A job seen for the first time starts counting from now (no back-fill of history). A job
    missed while the scheduler was down runs once when it comes back, not once per miss.
    """
    now = timezone.localtime(now or timezone.now())
    enqueued = []
    for job in schedule.jobs():
        with transaction.atomic():
            run, created = ScheduledJobRun.objects.select_for_update().get_or_create(
                name=job.name, defaults={"last_run_at": now}
            )
            if created or job.next_after(timezone.localtime(run.last_run_at)) > now:
                continue
            job.task.enqueue()
            run.last_run_at = now
            run.save(update_fields=["last_run_at"])
        log.info("enqueued periodic job %s", job.name)
        enqueued.append(job.name)
    return enqueued


def seconds_until_next(now: datetime | None = None, cap: float = 60.0) -> float:
    now = timezone.localtime(now or timezone.now())
    runs = dict(ScheduledJobRun.objects.values_list("name", "last_run_at"))
    waits = [cap]
    for job in schedule.jobs():
        last = runs.get(job.name)
        if last is not None:
            waits.append((job.next_after(timezone.localtime(last)) - now).total_seconds())
    return max(1.0, min(waits))


def notify(recipient, message: str, url: str = "", key: str = "") -> bool:
    """Leave `message` for `recipient` in the application; False if `key` was already sent."""
    _, created = Notification.objects.get_or_create(
        recipient=recipient,
        key=key or message[:200],
        defaults={"message": message[:500], "url": url},
    )
    return created


def mark_notifications_read(recipient) -> int:
    return Notification.objects.filter(recipient=recipient, read_at__isnull=True).update(
        read_at=timezone.now()
    )

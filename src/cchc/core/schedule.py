"""Periodic jobs: each app registers (name, cron expression, task) in AppConfig.ready();
`cchc scheduler` enqueues each task on the database task queue when its time comes, and
`cchc db_worker` runs it. Times are local (Asia/Ho_Chi_Minh).

Working-day rules (no reminders on Tết) belong to the task itself, which asks the calendar
engine: the scheduler only knows clock times.
"""

from dataclasses import dataclass
from datetime import datetime

from croniter import croniter


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    cron: str  # minute hour day month weekday, local time
    task: object  # a django_tasks Task; enqueued with no arguments

    def next_after(self, moment: datetime) -> datetime:
        return croniter(self.cron, moment).get_next(datetime)


_jobs: dict[str, PeriodicJob] = {}


def register(name: str, cron: str, task) -> None:
    if not croniter.is_valid(cron):
        raise ValueError(f"invalid cron expression for {name}: {cron!r}")
    _jobs[name] = PeriodicJob(name, cron, task)


def jobs() -> list[PeriodicJob]:
    return sorted(_jobs.values(), key=lambda j: j.name)

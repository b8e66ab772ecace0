from django.db import models


class ScheduledJobRun(models.Model):
    """When the scheduler last enqueued a periodic job, so a restart neither repeats nor
    silently skips a run."""

    name = models.CharField("tên công việc", max_length=100, unique=True)
    last_run_at = models.DateTimeField("lần chạy gần nhất")

    class Meta:
        verbose_name = "lần chạy công việc định kỳ"
        verbose_name_plural = "lần chạy công việc định kỳ"

    def __str__(self) -> str:
        return self.name

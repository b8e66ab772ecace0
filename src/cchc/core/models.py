from django.conf import settings
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


class Notification(models.Model):
    """A message to one staff member in the application (reminders, hand-overs)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người nhận",
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    message = models.CharField("nội dung", max_length=500)
    url = models.CharField("liên kết", max_length=300, blank=True)
    # The same reminder is never sent twice: e.g. "dossier-overdue:42:2026-03-06".
    key = models.CharField("khóa chống trùng", max_length=200)
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    read_at = models.DateTimeField("đã đọc lúc", null=True, blank=True)

    class Meta:
        verbose_name = "thông báo"
        verbose_name_plural = "thông báo"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "key"], name="notification_once_per_key")
        ]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread")]

    def __str__(self) -> str:
        return self.message


class AppendOnly(Exception):
    """An attempt to edit or delete an append-only record (history is never rewritten)."""


def history_actor() -> models.ForeignKey:
    """Who wrote a line of history: an officer, or nobody for the system and the applicant."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người thực hiện",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )


class AppendOnlyModel(models.Model):
    """A record that is written once: saving an existing row, deleting it, or updating or
    deleting through a queryset raises `AppendOnly` with the model's `append_only_message`."""

    append_only_message = "Bản ghi lịch sử không được sửa hoặc xóa."

    class AppendOnlyQuerySet(models.QuerySet):
        def update(self, **kwargs):
            raise AppendOnly(self.model.append_only_message)

        def delete(self):
            raise AppendOnly(self.model.append_only_message)

    objects = models.Manager.from_queryset(AppendOnlyQuerySet)()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None or kwargs.get("force_update") or kwargs.get("update_fields"):
            raise AppendOnly(self.append_only_message)
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnly(self.append_only_message)

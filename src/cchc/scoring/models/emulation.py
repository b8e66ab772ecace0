"""Emulation movements (phong trào thi đua, seed 004): a movement launched by a unit with its
plan, period and participating units (in clusters), criteria with points — entered by hand or
read from the reform index and the dossier statistics —, registrations and pledges, results,
ranking and awards, and its 6-month and annual reports."""

from __future__ import annotations

from django.db import models

from cchc.core.models import AppendOnlyModel, history_actor
from cchc.units.models import Unit


class Movement(models.Model):
    organiser = models.ForeignKey(
        Unit, verbose_name="đơn vị phát động", on_delete=models.PROTECT, related_name="movements"
    )
    name = models.CharField("tên phong trào", max_length=500)
    year = models.PositiveSmallIntegerField("năm")
    plan_number = models.CharField("kế hoạch phát động số", max_length=60)
    plan_date = models.DateField("ngày ban hành kế hoạch")
    starts_on = models.DateField("từ ngày")
    ends_on = models.DateField("đến ngày")
    goals = models.TextField("mục đích, yêu cầu", blank=True)
    revision = models.PositiveIntegerField("lần cập nhật", default=0, editable=False)
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)

    class Meta:
        verbose_name = "phong trào thi đua"
        verbose_name_plural = "phong trào thi đua"
        ordering = ["-year", "name"]

    def __str__(self) -> str:
        return self.name


class MovementParticipant(models.Model):
    movement = models.ForeignKey(
        Movement, verbose_name="phong trào", on_delete=models.CASCADE, related_name="participants"
    )
    unit = models.ForeignKey(
        Unit, verbose_name="đơn vị", on_delete=models.PROTECT, related_name="movement_entries"
    )
    cluster = models.CharField("cụm, khối thi đua", max_length=200, blank=True)
    registered_on = models.DateField("ngày đăng ký thi đua", null=True, blank=True)
    pledge_signed_on = models.DateField("ngày ký giao ước thi đua", null=True, blank=True)

    class Meta:
        verbose_name = "đơn vị tham gia phong trào"
        verbose_name_plural = "đơn vị tham gia phong trào"
        ordering = ["movement", "cluster", "unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["movement", "unit"], name="movement_participant_unique")
        ]

    def __str__(self) -> str:
        return f"{self.unit} – {self.movement}"


class MovementCriterion(models.Model):
    """A criterion of the movement. `source` empty: points entered by hand; otherwise read
    from the data: `index:ROUND_CODE` (the unit's reform index in that round, scaled to the
    maximum) or a registered statistics source such as `dossiers.on_time_rate`."""

    movement = models.ForeignKey(
        Movement, verbose_name="phong trào", on_delete=models.CASCADE, related_name="criteria"
    )
    order = models.PositiveSmallIntegerField("thứ tự", default=0)
    code = models.CharField("mã", max_length=20)
    name = models.CharField("tiêu chí thi đua", max_length=500)
    max_points = models.DecimalField("điểm tối đa", max_digits=7, decimal_places=2)
    source = models.CharField("nguồn số liệu", max_length=200, blank=True)

    class Meta:
        verbose_name = "tiêu chí thi đua"
        verbose_name_plural = "tiêu chí thi đua"
        ordering = ["movement", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["movement", "code"], name="movement_criterion_unique")
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.name}"


class MovementScore(models.Model):
    """Points entered by hand for a manual criterion (computed criteria are never stored)."""

    participant = models.ForeignKey(
        MovementParticipant,
        verbose_name="đơn vị",
        on_delete=models.CASCADE,
        related_name="scores",
    )
    criterion = models.ForeignKey(
        MovementCriterion, verbose_name="tiêu chí", on_delete=models.CASCADE, related_name="scores"
    )
    points = models.DecimalField("điểm", max_digits=7, decimal_places=2)
    note = models.TextField("ghi chú", blank=True)

    class Meta:
        verbose_name = "điểm thi đua"
        verbose_name_plural = "điểm thi đua"
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "criterion"], name="movement_score_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.participant.unit} – {self.criterion.code}"


class AwardKind(models.TextChoices):
    CERTIFICATE = "certificate", "Giấy khen"
    MERIT = "merit", "Bằng khen"
    FLAG = "flag", "Cờ thi đua"
    TITLE = "title", "Danh hiệu thi đua"


class Award(models.Model):
    """An award to a collective (a participating unit) or to an individual."""

    movement = models.ForeignKey(
        Movement, verbose_name="phong trào", on_delete=models.CASCADE, related_name="awards"
    )
    kind = models.CharField("hình thức khen thưởng", max_length=12, choices=AwardKind.choices)
    participant = models.ForeignKey(
        MovementParticipant,
        verbose_name="tập thể",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="awards",
    )
    individual_name = models.CharField("cá nhân", max_length=150, blank=True)
    individual_position = models.CharField("chức vụ, đơn vị công tác", max_length=255, blank=True)
    decision_ref = models.CharField("quyết định khen thưởng", max_length=255, blank=True)
    awarded_on = models.DateField("ngày khen thưởng", null=True, blank=True)
    reason = models.CharField("thành tích", max_length=500, blank=True)

    class Meta:
        verbose_name = "khen thưởng"
        verbose_name_plural = "khen thưởng"
        ordering = ["movement", "kind", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(participant__isnull=False) | ~models.Q(individual_name=""),
                name="award_has_recipient",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.individual_name or self.participant}"


class MovementReport(models.Model):
    """The movement's 6-month (`H1`) or annual (`year`) report: the narrative parts of the
    seed's outline; the figures are read from the data when it is rendered."""

    movement = models.ForeignKey(
        Movement, verbose_name="phong trào", on_delete=models.CASCADE, related_name="reports"
    )
    period = models.CharField(
        "kỳ báo cáo", max_length=4, choices=[("H1", "6 tháng đầu năm"), ("year", "Cả năm")]
    )
    number = models.CharField("số văn bản", max_length=40, blank=True)
    place = models.CharField("địa danh", max_length=100, blank=True)
    issued_on = models.DateField("ngày ký", null=True, blank=True)
    situation = models.TextField("I. Đặc điểm, tình hình", blank=True)
    leadership = models.TextField("II.1. Lãnh đạo, chỉ đạo thực hiện phong trào", blank=True)
    results = models.TextField("II.2. Kết quả tổ chức phong trào", blank=True)
    next_tasks = models.TextField("III. Nhiệm vụ, giải pháp thời gian tới", blank=True)
    recipients = models.TextField("nơi nhận", blank=True)
    signer_authority = models.CharField("thẩm quyền ký", max_length=60, blank=True)
    signer_position = models.CharField("chức vụ người ký", max_length=60, blank=True)
    signer_name = models.CharField("người ký", max_length=150, blank=True)
    revision = models.PositiveIntegerField("lần cập nhật", default=0, editable=False)

    class Meta:
        verbose_name = "báo cáo phong trào thi đua"
        verbose_name_plural = "báo cáo phong trào thi đua"
        constraints = [
            models.UniqueConstraint(fields=["movement", "period"], name="movement_report_unique")
        ]

    def __str__(self) -> str:
        return f"{self.movement} – {self.get_period_display()}"


class MovementEvent(AppendOnlyModel):
    """One line of a movement's history: who did what, when (`emulation_services._record`)."""

    append_only_message = "Lịch sử phong trào thi đua không được sửa hoặc xóa."

    movement = models.ForeignKey(
        Movement, verbose_name="phong trào", on_delete=models.CASCADE, related_name="events"
    )
    at = models.DateTimeField("lúc")
    actor = history_actor()
    message = models.TextField("nội dung")

    class Meta:
        verbose_name = "lịch sử phong trào thi đua"
        verbose_name_plural = "lịch sử phong trào thi đua"
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.movement} – {self.message[:60]}"

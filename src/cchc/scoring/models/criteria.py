"""Criteria sets: the tree area → criterion → sub-criterion of index.md §1, versioned per
year and issuing decision, per unit kind. Only leaves carry a maximum; a parent's maximum is
the sum of its children's (derived, never stored). A set used by a round is frozen: a new
year or decision is a new set, so last year's scores stay attached to last year's set."""

from __future__ import annotations

from django.db import models

from cchc.units.models import Unit, UnitKind


class Method(models.TextChoices):
    MANUAL = "manual", "Chấm theo tài liệu kiểm chứng"
    YES_NO = "yes_no", "Có/không: đạt tối đa hoặc 0 điểm"
    ON_TIME = "on_time", "Đúng hạn: đạt tối đa hoặc 0 điểm"
    PROPORTIONAL = "proportional", "Tỷ lệ: điểm tối đa × tỷ lệ đạt"
    THRESHOLD = "threshold", "Ngưỡng: đạt tối đa chỉ khi đạt ngưỡng"
    BANDS = "bands", "Theo khoảng tỷ lệ"
    DEDUCTIONS = "deductions", "Trừ điểm theo số vi phạm"


class Part(models.TextChoices):
    """Who scores a leaf: the unit itself (then the appraisal council), or the level above
    alone (survey results, bonus and penalty points). Bonus and penalty do not count in the
    maximum: they add to or take from the points achieved."""

    SELF = "self", "Đơn vị tự đánh giá"
    SURVEY = "survey", "Điều tra xã hội học"
    BONUS = "bonus", "Điểm thưởng"
    PENALTY = "penalty", "Điểm trừ"


class CriteriaSet(models.Model):
    code = models.CharField("mã bộ tiêu chí", max_length=40, unique=True)
    name = models.CharField("tên bộ tiêu chí", max_length=500)
    year = models.PositiveSmallIntegerField("năm áp dụng")
    unit_kind = models.CharField(
        "loại đơn vị được đánh giá", max_length=20, choices=UnitKind.choices
    )
    decision_ref = models.CharField("quyết định ban hành", max_length=255, blank=True)
    issuer = models.ForeignKey(
        Unit,
        verbose_name="cơ quan ban hành",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="criteria_sets",
    )
    # Highest first: [{"name": "Xuất sắc", "min": "90"}, …]; a unit takes the first band
    # whose minimum its index reaches.
    grades = models.JSONField("xếp loại", default=list)
    revision = models.PositiveIntegerField("lần cập nhật", default=0, editable=False)
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)

    class Meta:
        verbose_name = "bộ tiêu chí Chỉ số CCHC"
        verbose_name_plural = "bộ tiêu chí Chỉ số CCHC"
        ordering = ["-year", "code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class Criterion(models.Model):
    """A node of the tree: an area (`1`), a criterion (`1.2`) or a sub-criterion (`1.2.1`)."""

    criteria_set = models.ForeignKey(
        CriteriaSet, verbose_name="bộ tiêu chí", on_delete=models.CASCADE, related_name="criteria"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name="thuộc tiêu chí",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    code = models.CharField("mã", max_length=20)
    # The code as a sortable key ("0001.0002.0010" for 1.2.10), kept by save().
    sort_key = models.CharField(max_length=120, editable=False, db_index=True)
    name = models.CharField("tên tiêu chí", max_length=1000)
    max_points = models.DecimalField(
        "điểm tối đa", max_digits=7, decimal_places=2, null=True, blank=True
    )
    method = models.CharField("phương pháp chấm", max_length=20, choices=Method.choices, blank=True)
    params = models.JSONField("tham số", default=dict, blank=True)
    source = models.CharField(
        "nguồn số liệu tự động",
        max_length=200,
        blank=True,
        help_text="Ví dụ dossiers.on_time_rate, reporting.on_time?type=reform-annual",
    )
    evidence = models.TextField("tài liệu kiểm chứng", blank=True)
    applicability = models.CharField(
        "điều kiện áp dụng",
        max_length=200,
        blank=True,
        help_text="Để trống: áp dụng cho mọi đơn vị. Ví dụ has_postal_procedures.",
    )
    responsible = models.CharField(
        "mã phòng, ban chịu trách nhiệm", max_length=40, blank=True, help_text="Ví dụ NOIVU"
    )
    responsible_text = models.CharField(
        "trách nhiệm thuộc về", max_length=500, blank=True, help_text="Ghi bằng lời, nếu cần."
    )
    part = models.CharField("phần chấm", max_length=10, choices=Part.choices, default=Part.SELF)
    plan_area = models.CharField(
        "lĩnh vực trong kế hoạch CCHC",
        max_length=20,
        blank=True,
        help_text="Lĩnh vực của nhiệm vụ khắc phục (chỉ ghi ở cấp lĩnh vực).",
    )

    class Meta:
        verbose_name = "tiêu chí"
        verbose_name_plural = "tiêu chí"
        ordering = ["criteria_set", "sort_key"]
        constraints = [
            models.UniqueConstraint(fields=["criteria_set", "code"], name="criterion_code_unique")
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.name}"

    def save(self, *args, **kwargs):
        self.sort_key = sort_key(self.code)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = set(update_fields) | {"sort_key"}
        super().save(*args, **kwargs)


def sort_key(code: str) -> str:
    """ "1.2.10" sorts after "1.2.9"."""
    return ".".join(part.zfill(4) if part.isdigit() else part for part in code.split("."))

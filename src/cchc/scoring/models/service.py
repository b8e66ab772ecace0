"""The real-time service index (Chỉ số 766): its versioned rule sets and the few figures the
province enters by hand.

- `ServiceRuleSet`: one version of a rule set (groups, indicators, weights, thresholds,
  formulas) held as data; the version whose `valid_from` is the latest on or before a
  period's first day scores that period, so a new version from a date changes later points
  and leaves earlier ones alone. Checked by `service_rules` on every save through a form
  (the admin) and by `full_clean`. The index itself is derived, never stored.
- `ServiceIndexEntry`: a numerator and denominator the system cannot count (dossiers
  synchronised to the national portal, online payment on the national portal), entered by
  the province per unit and month for an indicator whose measure is `entered`.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from cchc.units.models import Unit


class ServiceRuleSet(models.Model):
    code = models.CharField("mã bộ chỉ số", max_length=40, default="766")
    version = models.PositiveIntegerField("phiên bản", validators=[MinValueValidator(1)])
    valid_from = models.DateField(
        "áp dụng từ ngày",
        help_text="Kỳ (tháng, quý) bắt đầu từ ngày này trở đi được chấm theo phiên bản này. "
        "Muốn đổi cách chấm, thêm phiên bản mới từ một ngày: số liệu các kỳ trước giữ cách "
        "chấm cũ.",
    )
    name = models.CharField("tên bộ chỉ số", max_length=500)
    legal_basis = models.TextField("căn cứ", blank=True)
    rules = models.JSONField(
        "quy tắc tính điểm",
        default=dict,
        help_text='JSON: {"max": 100, "groups": [{"code", "name", "max", "indicators": '
        '[{"code", "name", "max", "measure", "method", "params", "when_empty", "note"}]}]}. '
        "Xem scoring/README.md.",
    )
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)

    class Meta:
        verbose_name = "bộ quy tắc Chỉ số 766"
        verbose_name_plural = "bộ quy tắc Chỉ số 766"
        ordering = ["code", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="service_rules_version"),
            models.UniqueConstraint(fields=["code", "valid_from"], name="service_rules_from"),
        ]

    def __str__(self) -> str:
        return f"{self.code} phiên bản {self.version} (từ {self.valid_from:%d/%m/%Y})"

    def header(self) -> dict:
        return {
            "code": self.code,
            "version": self.version,
            "valid_from": self.valid_from,
            "name": self.name,
            "legal_basis": self.legal_basis,
        }

    def parsed(self):
        """The rule set as `service_index.RuleSet` (RuleSetError if the stored JSON is wrong)."""
        from ..service_rules import parse_rules

        return parse_rules(self.rules, **self.header())

    def clean_fields(self, exclude=None):
        """The fields, then the rules — once the rules are JSON and the header is valid
        (a form leaves out the fields it already refused)."""
        exclude = set(exclude or ())
        errors: dict = {}
        try:
            super().clean_fields(exclude)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        checked = {"rules", "code", "version", "valid_from", "name"}
        if not checked & (exclude | set(errors)):
            from ..service_rules import check

            problems = check(self.rules, **self.header())
            if problems:
                errors["rules"] = problems
        if errors:
            raise ValidationError(errors)


class ServiceIndexEntry(models.Model):
    indicator = models.CharField(
        "mã chỉ tiêu", max_length=20, help_text="Mã chỉ tiêu trong bộ quy tắc, ví dụ 1.2."
    )
    unit = models.ForeignKey(
        Unit, verbose_name="đơn vị", on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(
        "năm", validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    month = models.PositiveSmallIntegerField(
        "tháng", validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    numerator = models.PositiveIntegerField("tử số")
    denominator = models.PositiveIntegerField("mẫu số", validators=[MinValueValidator(1)])
    note = models.CharField("nguồn, ghi chú", max_length=500, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người nhập",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    entered_at = models.DateTimeField("nhập lúc", auto_now=True)

    class Meta:
        verbose_name = "số liệu Chỉ số 766 do tỉnh nhập"
        verbose_name_plural = "số liệu Chỉ số 766 do tỉnh nhập"
        ordering = ["-year", "-month", "indicator", "unit__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "unit", "year", "month"], name="service_entry_unique"
            )
        ]
        indexes = [models.Index(fields=["unit", "year", "month"], name="service_entry_unit")]

    def __str__(self) -> str:
        return f"{self.indicator} – {self.unit_id} – {self.month:02d}/{self.year}"

    def clean(self):
        if (
            self.numerator is not None
            and self.denominator is not None
            and self.numerator > self.denominator
        ):
            raise ValidationError({"numerator": "Tử số không được lớn hơn mẫu số."})
        from ..service_rules import entered_codes

        codes = entered_codes()
        if self.indicator and self.indicator not in codes:
            listed = ", ".join(sorted(codes)) or "chưa có"
            raise ValidationError(
                {
                    "indicator": f"Chỉ tiêu “{self.indicator}” không phải chỉ tiêu do tỉnh "
                    f"nhập số liệu; các chỉ tiêu nhập: {listed}."
                }
            )

"""The calendar table (the truth about non-working days), year confirmations, unit hours.

Seeded rows come from the `holidays` package and the notices table, unconfirmed; an
administrator confirms the year when the yearly notice is out, or corrects rows by hand.
Re-seeding never touches confirmed or manual rows.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from . import engine, notices
from .engine import WEEKDAY_NAMES


class DayKind(models.TextChoices):
    HOLIDAY = notices.HOLIDAY, "Ngày lễ, tết"
    COMPENSATORY = notices.COMPENSATORY, "Ngày nghỉ bù"
    SWAP_OFF = notices.SWAP_OFF, "Ngày nghỉ hoán đổi"
    MAKEUP = notices.MAKEUP, "Ngày làm bù"


class DaySource(models.TextChoices):
    SEEDED = "seeded", "Nạp tự động"
    MANUAL = "manual", "Nhập tay"


class CalendarDay(models.Model):
    """One non-working day (or make-up working day), national or for one unit."""

    date = models.DateField("ngày")
    kind = models.CharField("loại ngày", max_length=20, choices=DayKind.choices)
    name = models.CharField("tên ngày", max_length=255)
    legal_basis = models.CharField("căn cứ pháp lý", max_length=500, blank=True)
    scope = models.ForeignKey(
        "units.Unit",
        verbose_name="phạm vi áp dụng (trống: toàn quốc)",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="calendar_days",
    )
    source = models.CharField(
        "nguồn", max_length=10, choices=DaySource.choices, default=DaySource.MANUAL
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người xác nhận",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    confirmed_at = models.DateTimeField("thời điểm xác nhận", null=True, blank=True)
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)

    class Meta:
        verbose_name = "ngày trong lịch làm việc"
        verbose_name_plural = "ngày trong lịch làm việc"
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(
                fields=["date"],
                condition=Q(scope__isnull=True),
                name="calendar_day_unique_national",
            ),
            models.UniqueConstraint(
                fields=["date", "scope"],
                condition=Q(scope__isnull=False),
                name="calendar_day_unique_in_unit",
            ),
        ]
        indexes = [models.Index(fields=["scope", "date"], name="calendar_day_scope_date")]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} – {self.name}"

    @property
    def is_working_day(self) -> bool:
        return self.kind == DayKind.MAKEUP

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None

    @property
    def is_editable(self) -> bool:
        """Manual rows and unconfirmed seeded rows may be corrected or deleted on the page."""
        return self.source == DaySource.MANUAL or not self.is_confirmed

    @property
    def weekday_name(self) -> str:
        return WEEKDAY_NAMES[self.date.weekday()]


class CalendarYear(models.Model):
    """The record that a year's calendar (national, or one unit's) was checked and confirmed."""

    year = models.PositiveSmallIntegerField(
        "năm", validators=[MinValueValidator(1995), MaxValueValidator(2100)]
    )
    scope = models.ForeignKey(
        "units.Unit",
        verbose_name="phạm vi áp dụng (trống: toàn quốc)",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="calendar_years",
    )
    notice_ref = models.CharField("văn bản thông báo", max_length=255)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người xác nhận",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    confirmed_at = models.DateTimeField("thời điểm xác nhận")

    class Meta:
        verbose_name = "xác nhận lịch năm"
        verbose_name_plural = "xác nhận lịch năm"
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["year"],
                condition=Q(scope__isnull=True),
                name="calendar_year_unique_national",
            ),
            models.UniqueConstraint(
                fields=["year", "scope"],
                condition=Q(scope__isnull=False),
                name="calendar_year_unique_in_unit",
            ),
        ]

    def __str__(self) -> str:
        where = self.scope.name if self.scope_id else "toàn quốc"
        return f"Lịch năm {self.year} ({where}) – {self.notice_ref}"


def _validate_periods(value: str) -> None:
    try:
        engine.parse_periods(value)
    except ValueError as exc:
        raise ValidationError(str(exc)) from exc


def _validate_weekdays(value: str) -> None:
    try:
        engine.parse_weekdays(value)
    except ValueError as exc:
        raise ValidationError(str(exc)) from exc


def _validate_weekday_periods(value: str) -> None:
    try:
        engine.parse_weekday_periods(value)
    except ValueError as exc:
        raise ValidationError(str(exc)) from exc


class UnitWorkingHours(models.Model):
    """A unit's own working hours; units without a row use the national default."""

    unit = models.OneToOneField(
        "units.Unit", verbose_name="đơn vị", on_delete=models.CASCADE, related_name="working_hours"
    )
    periods = models.CharField(
        "khung giờ làm việc",
        max_length=100,
        default="07:00-11:30, 13:30-17:00",
        validators=[_validate_periods],
        help_text="Ví dụ: 07:00-11:30, 13:30-17:00",
    )
    day_hours = models.DecimalField(
        "số giờ tính cho một ngày làm việc",
        max_digits=4,
        decimal_places=2,
        default=Decimal(8),
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal(24))],
    )
    rest_weekdays = models.CharField(
        "ngày nghỉ hằng tuần",
        max_length=40,
        default="T7, CN",
        blank=True,
        validators=[_validate_weekdays],
        help_text="Ví dụ: T7, CN; bộ phận làm việc sáng thứ Bảy ghi: CN",
    )
    weekday_periods = models.CharField(
        "khung giờ riêng theo thứ",
        max_length=200,
        blank=True,
        validators=[_validate_weekday_periods],
        help_text="Ví dụ: T7: 07:00-11:30 (làm việc sáng thứ Bảy)",
    )
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)

    class Meta:
        verbose_name = "giờ làm việc của đơn vị"
        verbose_name_plural = "giờ làm việc của đơn vị"

    def __str__(self) -> str:
        return f"{self.unit}: {self.periods}"

    def clean(self):
        try:
            self.to_engine()
        except ValueError as exc:
            raise ValidationError(str(exc)) from exc

    def to_engine(self) -> engine.WorkingHours:
        return engine.WorkingHours(
            periods=engine.parse_periods(self.periods),
            day_minutes=int(Decimal(self.day_hours) * 60),
            weekday_periods=engine.parse_weekday_periods(self.weekday_periods),
        )

    @property
    def rest_weekday_set(self) -> frozenset[int]:
        return engine.parse_weekdays(self.rest_weekdays)

"""Administrative units, their offices, staff accounts and roles granted per unit.

The hierarchy is data, not code: the district level ended on 1 July 2025, so a unit has a
validity period and successor units, and old records keep the unit that made them.
"""

import re

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models

CODE_PATTERN = re.compile(r"^[A-Za-z0-9_.\-]{1,40}$")
PATH_SEPARATOR = "/"


def validate_code(value: str) -> None:
    if not CODE_PATTERN.match(value or ""):
        raise ValidationError(
            "Mã chỉ gồm chữ không dấu, chữ số, dấu chấm, gạch ngang hoặc gạch dưới (tối đa 40 ký tự)."
        )


class UnitKind(models.TextChoices):
    PROVINCE = "province", "Tỉnh, thành phố"
    DISTRICT = "district", "Huyện, quận, thị xã, thành phố thuộc tỉnh"
    COMMUNE = "commune", "Xã, phường, thị trấn, đặc khu"
    DEPARTMENT = "department", "Sở, ban, ngành, phòng chuyên môn"
    SERVICE_CENTRE = "service_centre", "Trung tâm Phục vụ hành chính công"
    BRANCH = "branch", "Chi nhánh"
    OTHER = "other", "Khác"


class Unit(models.Model):
    code = models.CharField("mã đơn vị", max_length=40, unique=True, validators=[validate_code])
    name = models.CharField("tên đơn vị", max_length=255)
    kind = models.CharField("loại đơn vị", max_length=20, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name="đơn vị cấp trên",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    identifier = models.CharField("mã định danh điện tử", max_length=40, blank=True)
    valid_from = models.DateField("hiệu lực từ ngày", null=True, blank=True)
    valid_to = models.DateField("hiệu lực đến ngày", null=True, blank=True)
    successors = models.ManyToManyField(
        "self",
        verbose_name="đơn vị kế thừa",
        symmetrical=False,
        blank=True,
        related_name="predecessors",
    )
    # Materialised path of codes ("/ST/TT/XA01/"): a subtree is one indexed prefix query.
    path = models.CharField(max_length=1000, db_index=True, editable=False)

    class Meta:
        verbose_name = "đơn vị"
        verbose_name_plural = "đơn vị"
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        old_path = self.path
        self.path = self.computed_path()
        super().save(*args, **kwargs)
        if old_path and old_path != self.path:
            # Moving a unit moves its whole subtree.
            for child in self.children.all():
                child.save()

    def clean(self):
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": "Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực."})
        ancestor = self.parent
        while ancestor is not None:
            if ancestor.pk == self.pk and self.pk is not None:
                raise ValidationError({"parent": "Đơn vị cấp trên tạo thành vòng lặp."})
            ancestor = ancestor.parent

    def computed_path(self) -> str:
        prefix = self.parent.path if self.parent_id else PATH_SEPARATOR
        return f"{prefix}{self.code}{PATH_SEPARATOR}"

    @property
    def depth(self) -> int:
        return self.path.count(PATH_SEPARATOR) - 2

    def is_valid_on(self, day) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )

    def subtree(self):
        return Unit.objects.filter(path__startswith=self.path)


class OfficeKind(models.TextChoices):
    ONE_STOP = "one_stop", "Bộ phận Một cửa"
    SPECIALIST = "specialist", "Phòng, bộ phận chuyên môn"
    LEADERSHIP = "leadership", "Lãnh đạo đơn vị"
    CLERICAL = "clerical", "Văn thư"
    OTHER = "other", "Khác"


class Office(models.Model):
    """A phòng, ban or bộ phận inside a unit."""

    unit = models.ForeignKey(
        Unit, verbose_name="đơn vị", on_delete=models.CASCADE, related_name="offices"
    )
    code = models.CharField("mã", max_length=40, validators=[validate_code])
    name = models.CharField("tên phòng, ban, bộ phận", max_length=255)
    kind = models.CharField("loại", max_length=20, choices=OfficeKind.choices)

    class Meta:
        verbose_name = "phòng, ban, bộ phận"
        verbose_name_plural = "phòng, ban, bộ phận"
        ordering = ["unit__path", "name"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "code"], name="office_code_unique_in_unit")
        ]

    def __str__(self) -> str:
        return f"{self.name} – {self.unit.name}"


class User(AbstractUser):
    """A staff account (cán bộ, công chức, viên chức)."""

    full_name = models.CharField("họ và tên", max_length=150, blank=True)
    position = models.CharField("chức vụ", max_length=150, blank=True)
    phone = models.CharField("số điện thoại", max_length=20, blank=True)

    class Meta:
        verbose_name = "tài khoản"
        verbose_name_plural = "tài khoản"

    def __str__(self) -> str:
        return self.full_name or self.username


class Role(models.TextChoices):
    ONE_STOP_OFFICER = "one_stop_officer", "Công chức Bộ phận Một cửa"
    SPECIALIST = "specialist", "Chuyên viên xử lý"
    OFFICE_HEAD = "office_head", "Lãnh đạo phòng"
    UNIT_LEADER = "unit_leader", "Lãnh đạo đơn vị"
    REFORM_OFFICER = "reform_officer", "Công chức phụ trách CCHC"
    APPRAISER = "appraiser", "Thẩm định"
    ADMINISTRATOR = "administrator", "Quản trị hệ thống"


class RoleGrant(models.Model):
    """A role held by a user in a unit; it reaches the unit's whole subtree."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="tài khoản",
        on_delete=models.CASCADE,
        related_name="role_grants",
    )
    unit = models.ForeignKey(
        Unit, verbose_name="đơn vị", on_delete=models.CASCADE, related_name="role_grants"
    )
    role = models.CharField("vai trò", max_length=30, choices=Role.choices)
    office = models.ForeignKey(
        Office, verbose_name="phòng, ban", null=True, blank=True, on_delete=models.SET_NULL
    )
    granted_at = models.DateTimeField("cấp ngày", auto_now_add=True)

    class Meta:
        verbose_name = "vai trò được giao"
        verbose_name_plural = "vai trò được giao"
        constraints = [
            models.UniqueConstraint(fields=["user", "unit", "role"], name="role_grant_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.unit}"

"""The procedure catalogue: sectors, procedures with versioned processing times, internal
workflows with step budgets, publication decisions and review (simplification) records.

Invariants:
- a procedure's processing time lives only on its versions; the version in force on a day is
  the one with the latest `effective_from` not after that day (before the first version, the
  first version applies — the catalogue holds nothing older);
- a version's workflow budgets add up to its processing time (checked by services);
- `name_folded` is `fold(name)`, kept on every save, for diacritic-insensitive search.

Public guidance for the citizen portal: life events with their procedures, a written guide per
procedure (picture-led steps, where to submit, a video link) and the blank forms components
name.
"""

import re
import uuid
from datetime import date
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator
from django.db import models
from django.utils import timezone

from cchc.core.text import fold
from cchc.units.models import OfficeKind, Unit
from cchc.workcal.duration import Duration

CODE_PATTERN = re.compile(r"^[A-Za-z0-9_.\-]{1,60}$")


def validate_procedure_code(value: str) -> None:
    if not CODE_PATTERN.match(value or ""):
        raise ValidationError(
            "Mã thủ tục chỉ gồm chữ không dấu, chữ số, dấu chấm, gạch ngang hoặc gạch dưới "
            "(tối đa 60 ký tự)."
        )


def validate_duration(value: str) -> None:
    try:
        Duration.parse(value)
    except ValueError as exc:
        raise ValidationError(str(exc)) from exc


_VND_PATTERN = re.compile(r"^\d+$|^\d{1,3}(?:[.,\s]\d{3})+$")


def parse_vnd(text: str) -> int:
    """A whole number of đồng as people type it: "50000", "50.000", "1.200.000", "50 000".

    ValueError (in Vietnamese) otherwise — "20.5" is not read as 20.
    """
    raw = (text or "").strip()
    if not _VND_PATTERN.match(raw):
        raise ValueError(
            f"Số tiền '{raw}' không hợp lệ; ghi số nguyên đồng, ví dụ 50000 hoặc 50.000."
        )
    return int(re.sub(r"\D", "", raw))


def duration_label(value: str) -> str:
    """Vietnamese wording of a stored duration; the raw text if it cannot be parsed."""
    try:
        return Duration.parse(value).label()
    except ValueError:
        return value or ""


class Level(models.TextChoices):
    PROVINCE = "province", "Cấp tỉnh"
    DISTRICT = "district", "Cấp huyện"
    COMMUNE = "commune", "Cấp xã"


class OnlineMode(models.TextChoices):
    FULL = "full", "Toàn trình"
    PARTIAL = "partial", "Một phần"
    NONE = "none", "Không có DVCTT"


class InterAgency(models.TextChoices):
    NONE = "none", "Không liên thông"
    SAME_LEVEL = "same_level", "Liên thông cùng cấp"
    CROSS_LEVEL = "cross_level", "Liên thông giữa các cấp"


class Sector(models.Model):
    code = models.CharField("mã lĩnh vực", max_length=40, unique=True)
    name = models.CharField("tên lĩnh vực", max_length=255)

    class Meta:
        verbose_name = "lĩnh vực"
        verbose_name_plural = "lĩnh vực"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Procedure(models.Model):
    code = models.CharField(
        "mã thủ tục", max_length=60, unique=True, validators=[validate_procedure_code]
    )
    name = models.CharField("tên thủ tục hành chính", max_length=500)
    name_folded = models.CharField("tên không dấu", max_length=500, db_index=True, editable=False)
    sector = models.ForeignKey(
        Sector, verbose_name="lĩnh vực", on_delete=models.PROTECT, related_name="procedures"
    )
    level = models.CharField("cấp thực hiện", max_length=10, choices=Level.choices)
    online_mode = models.CharField(
        "dịch vụ công trực tuyến",
        max_length=10,
        choices=OnlineMode.choices,
        default=OnlineMode.NONE,
    )
    legacy_online_level = models.PositiveSmallIntegerField(
        "mức độ DVCTT (cũ)",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(4)],
        help_text="Mức độ 1–4 theo cách phân loại trước năm 2022.",
    )
    postal = models.BooleanField("tiếp nhận, trả kết quả qua bưu chính công ích", default=False)
    inter_agency = models.CharField(
        "liên thông", max_length=12, choices=InterAgency.choices, default=InterAgency.NONE
    )
    fee = models.PositiveBigIntegerField(
        "phí, lệ phí (đồng)", null=True, blank=True, help_text="Để trống nếu không thu phí, lệ phí."
    )
    internal = models.BooleanField("TTHC nội bộ", default=False)
    decision_ref = models.CharField("quyết định công bố", max_length=255, blank=True)
    published_on = models.DateField("ngày công bố", null=True, blank=True)
    active = models.BooleanField("đang áp dụng", default=True)
    # Optimistic concurrency: every save bumps it; an edit made on an older revision is refused.
    revision = models.PositiveIntegerField("lần sửa", default=0, editable=False)
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người cập nhật",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    class Meta:
        verbose_name = "thủ tục hành chính"
        verbose_name_plural = "thủ tục hành chính"
        ordering = ["sector__name", "name", "code"]
        indexes = [models.Index(fields=["level", "online_mode"], name="procedure_level_online")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.name_folded = fold(self.name)
        if self.pk is not None:
            self.revision += 1
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = set(update_fields) | {"name_folded", "revision", "updated_at"}
        super().save(*args, **kwargs)

    def version_on(self, day: date | None = None) -> "ProcedureVersion | None":
        """The version in force on `day` (today by default)."""
        day = day or timezone.localdate()
        versions = sorted(self.versions.all(), key=lambda v: v.effective_from)
        if not versions:
            return None
        in_force = [v for v in versions if v.effective_from <= day]
        return in_force[-1] if in_force else versions[0]

    def processing_time_on(self, day: date | None = None) -> str | None:
        """The processing time (duration text, e.g. "3d") that applies to a dossier received on
        `day`; None if the procedure has no version."""
        version = self.version_on(day)
        return version.processing_time if version else None

    @property
    def current_version(self) -> "ProcedureVersion | None":
        return self.version_on()


class ProcedureVersion(models.Model):
    """The processing time (and legal basis) of a procedure from a date on."""

    procedure = models.ForeignKey(
        Procedure, verbose_name="thủ tục", on_delete=models.CASCADE, related_name="versions"
    )
    effective_from = models.DateField("áp dụng từ ngày")
    processing_time = models.CharField(
        "thời hạn giải quyết",
        max_length=20,
        validators=[validate_duration],
        help_text="Dạng 3d (ngày làm việc), 0.5d, 4h (giờ làm việc), 15cd (ngày) hoặc 0d@15:00 (trong ngày).",
    )
    legal_basis = models.TextField("căn cứ, ghi chú", blank=True)
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)

    class Meta:
        verbose_name = "phiên bản thời hạn giải quyết"
        verbose_name_plural = "phiên bản thời hạn giải quyết"
        ordering = ["procedure", "effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["procedure", "effective_from"], name="procedure_version_unique_date"
            )
        ]

    def __str__(self) -> str:
        return f"{self.procedure.code} từ {self.effective_from:%d/%m/%Y}: {self.processing_time}"

    @property
    def duration(self) -> Duration:
        return Duration.parse(self.processing_time)

    @property
    def processing_time_label(self) -> str:
        return duration_label(self.processing_time)


class WorkflowStep(models.Model):
    """One step of a version's internal workflow, with its time budget."""

    version = models.ForeignKey(
        ProcedureVersion, verbose_name="phiên bản", on_delete=models.CASCADE, related_name="steps"
    )
    order = models.PositiveSmallIntegerField("thứ tự")
    name = models.CharField("tên bước", max_length=255)
    budget = models.CharField("thời gian thực hiện", max_length=20, validators=[validate_duration])
    office_kind = models.CharField("bộ phận thực hiện", max_length=20, choices=OfficeKind.choices)

    class Meta:
        verbose_name = "bước quy trình nội bộ"
        verbose_name_plural = "bước quy trình nội bộ"
        ordering = ["version", "order"]
        constraints = [
            models.UniqueConstraint(fields=["version", "order"], name="workflow_step_unique_order")
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.name} ({self.budget})"

    @property
    def budget_label(self) -> str:
        return duration_label(self.budget)


class RequiredForm(models.TextChoices):
    """Which paper of a component the applicant brings."""

    ORIGINAL = "original", "Bản chính"
    COPY = "copy", "Bản sao"
    EITHER = "either", "Bản chính hoặc bản sao"


class RequiredComponent(models.Model):
    """One component (thành phần hồ sơ) of a version's published list: what the desk checks a
    dossier against. A later version (e.g. after a simplification) starts as a copy of the
    list it replaces and may cut components; older dossiers keep the older list."""

    version = models.ForeignKey(
        ProcedureVersion,
        verbose_name="phiên bản",
        on_delete=models.CASCADE,
        related_name="components",
    )
    order = models.PositiveSmallIntegerField("thứ tự")
    name = models.CharField("tên giấy tờ", max_length=500)
    form = models.CharField(
        "loại bản", max_length=10, choices=RequiredForm.choices, default=RequiredForm.ORIGINAL
    )
    sets = models.PositiveSmallIntegerField(
        "số bộ", default=1, validators=[MinValueValidator(1), MaxValueValidator(99)]
    )
    mandatory = models.BooleanField(
        "bắt buộc", default=True, help_text="Bỏ chọn với giấy tờ chỉ nộp “nếu có”."
    )
    note = models.CharField("ghi chú", max_length=500, blank=True)
    template_file = models.CharField(
        "tệp mẫu đơn, tờ khai",
        max_length=255,
        blank=True,
        help_text="Tên tệp mẫu đơn, tờ khai để trống (nếu có), ví dụ to-khai-khai-sinh.docx.",
    )

    class Meta:
        verbose_name = "thành phần hồ sơ"
        verbose_name_plural = "thành phần hồ sơ"
        ordering = ["version", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "order"], name="required_component_unique_order"
            )
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.name}"


class ChangeKind(models.TextChoices):
    NEW = "new", "Ban hành mới"
    AMENDED = "amended", "Sửa đổi, bổ sung"
    ABOLISHED = "abolished", "Bãi bỏ"


class PublicationDecision(models.Model):
    """A decision (quyết định công bố) publishing new, amended or abolished procedures."""

    number = models.CharField("số, ký hiệu", max_length=60, help_text="Ví dụ 1234/QĐ-UBND")
    signed_on = models.DateField("ngày ban hành")
    issuing_unit = models.ForeignKey(
        Unit,
        verbose_name="cơ quan ban hành",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    title = models.CharField("trích yếu", max_length=500)
    procedures = models.ManyToManyField(
        Procedure,
        verbose_name="thủ tục",
        through="PublicationItem",
        related_name="publication_decisions",
    )

    class Meta:
        verbose_name = "quyết định công bố TTHC"
        verbose_name_plural = "quyết định công bố TTHC"
        ordering = ["-signed_on", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["number", "signed_on"], name="publication_decision_unique"
            )
        ]

    def __str__(self) -> str:
        return f"Quyết định số {self.number} ngày {self.signed_on:%d/%m/%Y}"


class PublicationItem(models.Model):
    decision = models.ForeignKey(
        PublicationDecision,
        verbose_name="quyết định",
        on_delete=models.CASCADE,
        related_name="items",
    )
    procedure = models.ForeignKey(
        Procedure,
        verbose_name="thủ tục",
        on_delete=models.PROTECT,
        related_name="publication_items",
    )
    change_kind = models.CharField(
        "hình thức", max_length=10, choices=ChangeKind.choices, default=ChangeKind.NEW
    )

    class Meta:
        verbose_name = "thủ tục được công bố"
        verbose_name_plural = "thủ tục được công bố"
        ordering = ["decision", "procedure__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "procedure"], name="publication_item_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.procedure} – {self.get_change_kind_display()}"


class ReviewKind(models.TextChoices):
    CUT_TIME = "cut_time", "Cắt giảm thời gian giải quyết"
    CUT_COMPONENTS = "cut_components", "Cắt giảm thành phần hồ sơ"
    CUT_FEE = "cut_fee", "Giảm phí, lệ phí"
    SIMPLIFY_STEPS = "simplify_steps", "Đơn giản hóa quy trình"
    ABOLISH = "abolish", "Đề nghị bãi bỏ"
    OTHER = "other", "Khác"


class ReviewStatus(models.TextChoices):
    PROPOSED = "proposed", "Đề xuất"
    APPLIED = "applied", "Đã áp dụng"
    REJECTED = "rejected", "Không thực hiện"


class Review(models.Model):
    """A review / simplification record (rà soát, đơn giản hóa TTHC)."""

    procedure = models.ForeignKey(
        Procedure, verbose_name="thủ tục", on_delete=models.PROTECT, related_name="reviews"
    )
    year = models.PositiveSmallIntegerField("năm rà soát")
    plan_ref = models.CharField(
        "kế hoạch, quyết định",
        max_length=255,
        blank=True,
        help_text="Ví dụ: Kế hoạch số 07/KH-UBND ngày 22/01/2021",
    )
    kind = models.CharField("nội dung đơn giản hóa", max_length=20, choices=ReviewKind.choices)
    old_processing_time = models.CharField(
        "thời hạn trước rà soát", max_length=20, blank=True, validators=[validate_duration]
    )
    new_processing_time = models.CharField(
        "thời hạn đề xuất", max_length=20, blank=True, validators=[validate_duration]
    )
    description = models.TextField("mô tả, phương án đơn giản hóa", blank=True)
    proposed_on = models.DateField("ngày đề xuất", null=True, blank=True)
    applied_on = models.DateField("ngày áp dụng", null=True, blank=True)
    status = models.CharField(
        "trạng thái", max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.PROPOSED
    )
    created_version = models.OneToOneField(
        ProcedureVersion,
        verbose_name="phiên bản được tạo",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="review",
        editable=False,
    )

    class Meta:
        verbose_name = "rà soát, đơn giản hóa TTHC"
        verbose_name_plural = "rà soát, đơn giản hóa TTHC"
        ordering = ["-year", "procedure__name"]

    def __str__(self) -> str:
        return f"Rà soát {self.year}: {self.procedure} – {self.get_kind_display()}"

    @property
    def old_label(self) -> str:
        return duration_label(self.old_processing_time)

    @property
    def new_label(self) -> str:
        return duration_label(self.new_processing_time)


# -- public guidance (the citizen portal) ---------------------------------------------------


class GuideIcon(models.TextChoices):
    """The pictures of the public guides and life events; the portal draws each key
    (templates/portal/icons/icon.html)."""

    BABY = "baby", "Em bé (sinh con)"
    RINGS = "rings", "Nhẫn cưới (kết hôn)"
    HOUSE = "house", "Ngôi nhà (nhà ở, xây dựng)"
    SHOP = "shop", "Cửa hàng (kinh doanh)"
    CANDLE = "candle", "Ngọn nến (người thân qua đời)"
    LAND = "land", "Mảnh đất (đất đai)"
    PAPERS = "papers", "Giấy tờ (chuẩn bị hồ sơ)"
    FORM = "form", "Tờ khai (tải mẫu, điền mẫu)"
    ID_CARD = "id_card", "Thẻ căn cước (giấy tờ tùy thân)"
    DESK = "desk", "Quầy Một cửa (nộp trực tiếp)"
    ONLINE = "online", "Máy tính, điện thoại (nộp trực tuyến)"
    MAIL = "mail", "Bưu điện (gửi, nhận qua bưu chính)"
    MONEY = "money", "Tiền (phí, lệ phí)"
    CLOCK = "clock", "Đồng hồ (thời gian giải quyết)"
    SEARCH = "search", "Kính lúp (tra cứu)"
    RESULT = "result", "Giấy chứng nhận (nhận kết quả)"
    CHECK = "check", "Dấu tích (hoàn thành)"
    VIDEO = "video", "Video hướng dẫn"
    CHART = "chart", "Biểu đồ (thống kê)"
    INFO = "info", "Thông tin"


SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def validate_slug_code(value: str) -> None:
    if not SLUG_PATTERN.match(value or "") or len(value) > 60:
        raise ValidationError(
            "Mã chỉ gồm chữ thường không dấu, chữ số và dấu gạch ngang, ví dụ sinh-con."
        )


class LifeEvent(models.Model):
    """A life event (sự kiện cuộc sống) a citizen starts from — "Sinh con", "Kết hôn" — and
    the procedures it usually needs; the portal lists them as picture tiles."""

    code = models.CharField(
        "mã sự kiện", max_length=60, unique=True, validators=[validate_slug_code]
    )
    name = models.CharField("tên sự kiện", max_length=120)
    description = models.CharField("mô tả ngắn", max_length=300, blank=True)
    order = models.PositiveSmallIntegerField("thứ tự hiển thị", default=0)
    icon = models.CharField(
        "hình minh họa", max_length=20, choices=GuideIcon.choices, default=GuideIcon.INFO
    )
    procedures = models.ManyToManyField(
        Procedure, verbose_name="thủ tục liên quan", blank=True, related_name="life_events"
    )

    class Meta:
        verbose_name = "sự kiện cuộc sống"
        verbose_name_plural = "sự kiện cuộc sống"
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


GUIDE_STEP_KEYS = ("title", "text", "icon")
GUIDE_TITLE_MAX = 80
GUIDE_TEXT_MAX = 400
GUIDE_STEPS_MAX = 12


def validate_guide_steps(value) -> None:
    """A written guide: 1 to 12 steps, each {"title", "text", "icon"} with a short title, a
    short text and one of the `GuideIcon` pictures."""
    if not isinstance(value, list) or not value:
        raise ValidationError("Hướng dẫn cần ít nhất một bước.")
    if len(value) > GUIDE_STEPS_MAX:
        raise ValidationError(f"Hướng dẫn có tối đa {GUIDE_STEPS_MAX} bước.")
    icons = set(GuideIcon.values)
    for number, step in enumerate(value, start=1):
        if not isinstance(step, dict) or set(step) - set(GUIDE_STEP_KEYS):
            raise ValidationError(f"Bước {number}: chỉ gồm tiêu đề, nội dung và hình minh họa.")
        title = step.get("title")
        text = step.get("text", "")
        if not isinstance(title, str) or not title.strip():
            raise ValidationError(f"Bước {number}: thiếu tiêu đề.")
        if len(title) > GUIDE_TITLE_MAX:
            raise ValidationError(f"Bước {number}: tiêu đề dài quá {GUIDE_TITLE_MAX} ký tự.")
        if not isinstance(text, str) or len(text) > GUIDE_TEXT_MAX:
            raise ValidationError(f"Bước {number}: nội dung dài quá {GUIDE_TEXT_MAX} ký tự.")
        if step.get("icon") not in icons:
            raise ValidationError(
                f"Bước {number}: hình minh họa “{step.get('icon')}” không có; dùng một trong "
                + ", ".join(GuideIcon.values)
                + "."
            )


class ProcedureGuide(models.Model):
    """A plain-language, picture-led guide written for one procedure. Without one, the
    portal draws the steps from the procedure's facts (portal/guides.py)."""

    procedure = models.OneToOneField(
        Procedure, verbose_name="thủ tục", on_delete=models.CASCADE, related_name="guide"
    )
    steps = models.JSONField(
        "các bước",
        default=list,
        validators=[validate_guide_steps],
        help_text='Danh sách bước [{"title": …, "text": …, "icon": …}] theo thứ tự.',
    )
    where_to_submit = models.TextField(
        "nơi nộp hồ sơ",
        blank=True,
        help_text="Để trống thì cổng tự ghi Bộ phận Một cửa của cấp thực hiện.",
    )
    video_url = models.URLField(
        "đường dẫn video hướng dẫn",
        blank=True,
        validators=[URLValidator(schemes=["http", "https"])],
    )
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)

    class Meta:
        verbose_name = "hướng dẫn thực hiện thủ tục"
        verbose_name_plural = "hướng dẫn thực hiện thủ tục"
        ordering = ["procedure__name"]

    def __str__(self) -> str:
        return f"Hướng dẫn: {self.procedure}"


BLANK_FORM_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,150}\.(?:docx|xlsx|pdf)$")


def validate_blank_form_name(value: str) -> None:
    if not BLANK_FORM_NAME.match(value or "") or ".." in value:
        raise ValidationError(
            "Tên tệp mẫu chỉ gồm chữ không dấu, chữ số, dấu chấm, gạch ngang, gạch dưới và có "
            "đuôi .docx, .xlsx hoặc .pdf, ví dụ to-khai-dang-ky-khai-sinh.docx."
        )


def blank_form_path(instance: "BlankForm", filename: str) -> str:
    """A random stored name under MEDIA_ROOT (never served directly; the portal's download
    view sends it as an attachment under its public `name`)."""
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"catalog/forms/{uuid.uuid4().hex}{suffix}"


class BlankForm(models.Model):
    """A blank form (mẫu đơn, tờ khai) citizens download. A required component names it by
    `RequiredComponent.template_file`; the file went through `core.uploads.check_upload`."""

    name = models.CharField(
        "tên tệp", max_length=160, unique=True, validators=[validate_blank_form_name]
    )
    title = models.CharField("tên mẫu", max_length=255, blank=True)
    file = models.FileField("tệp", upload_to=blank_form_path, max_length=255)
    content_type = models.CharField("loại tệp", max_length=100, editable=False)
    size = models.PositiveBigIntegerField("dung lượng (byte)", default=0, editable=False)
    sha256 = models.CharField("mã băm SHA-256", max_length=64, editable=False)
    uploaded_at = models.DateTimeField("cập nhật lúc", auto_now=True)

    class Meta:
        verbose_name = "mẫu đơn, tờ khai"
        verbose_name_plural = "mẫu đơn, tờ khai"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.title or self.name

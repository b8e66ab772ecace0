"""Report types as data, their indicator templates, report instances and their submission.

- `ReportType`: the window rule (named period kinds, cut-off or calendar basis), the deadline
  rule (day of the month after the period's last month), the unit kinds that must file it, the
  recipient unit, the document layout and its `ReportSection`s (computed or narrative).
- `IndicatorTemplate` / `Indicator`: a versioned list of indicators (statistics appendix
  "Phụ lục 2 – Bảng 2"); each indicator is computed from a registered source or entered by
  hand (`sources.py` decides which, so an indicator switches to computed when its module
  registers the source).
- `ReportInstance`: one report of one unit for one period, with its due date, status
  (draft → submitted → accepted / returned), narrative texts, manual values, the files frozen
  at submission and an append-only `ReportEvent` history.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from cchc.core.models import AppendOnlyModel, history_actor
from cchc.units.models import Unit

from . import periods


class Layout(models.TextChoices):
    TTHC_CONTROL = "tthc_control", "Báo cáo kiểm soát TTHC (TT 01/2020/TT-VPCP)"
    REFORM_ANNUAL = "reform_annual", "Báo cáo CCHC năm kèm Phụ lục thống kê"


class ReportType(models.Model):
    code = models.SlugField("mã loại báo cáo", max_length=40, unique=True)
    name = models.CharField("tên loại báo cáo", max_length=255)
    subtitle = models.CharField(
        "trích yếu",
        max_length=500,
        help_text="Dòng dưới chữ BÁO CÁO; {period} là kỳ báo cáo bằng chữ (“quý I năm 2023”).",
    )
    period_kinds = models.CharField(
        "các kỳ báo cáo",
        max_length=100,
        help_text="Cách nhau bởi dấu phẩy: month, quarter, half, nine_months, year.",
    )
    basis = models.CharField(
        "kỳ dữ liệu",
        max_length=10,
        choices=[
            (periods.Basis.CUTOFF.value, "Chốt số liệu (NĐ 09/2019: 15 → 14)"),
            (periods.Basis.CALENDAR.value, "Theo tháng dương lịch"),
        ],
        default=periods.Basis.CUTOFF.value,
    )
    due_day = models.PositiveSmallIntegerField("hạn gửi: ngày", default=18)
    due_month_offset = models.PositiveSmallIntegerField(
        "hạn gửi: số tháng sau tháng cuối kỳ", default=0
    )
    filer_kinds = models.CharField(
        "loại đơn vị phải báo cáo",
        max_length=100,
        help_text="Cách nhau bởi dấu phẩy: province, district, commune, department…",
    )
    recipient_code = models.CharField(
        "mã đơn vị nhận báo cáo",
        max_length=40,
        blank=True,
        help_text="Để trống: đơn vị cấp trên trực tiếp. {parent} là mã đơn vị cấp trên (ví dụ {parent}-SNV: Sở Nội vụ của tỉnh); không có đơn vị mang mã đó thì gửi đơn vị cấp trên.",
    )
    addressee = models.CharField(
        "kính gửi", max_length=255, blank=True, help_text="{recipient} là tên đơn vị nhận báo cáo."
    )
    number_suffix = models.CharField("ký hiệu văn bản", max_length=40, default="BC-UBND")
    intro = models.TextField("đoạn mở đầu", blank=True, help_text="{unit} là tên đơn vị.")
    closing = models.TextField("đoạn kết", blank=True)
    recipients = models.TextField("nơi nhận mặc định", blank=True, help_text="Mỗi dòng một nơi.")
    signer_authority = models.CharField("thẩm quyền ký", max_length=60, blank=True)
    signer_position = models.CharField("chức vụ người ký", max_length=60, blank=True)
    layout = models.CharField("mẫu văn bản", max_length=20, choices=Layout.choices)
    indicator_template = models.ForeignKey(
        "IndicatorTemplate",
        verbose_name="bộ chỉ tiêu thống kê",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="report_types",
    )
    legal_basis = models.CharField("căn cứ", max_length=255, blank=True)

    class Meta:
        verbose_name = "loại báo cáo"
        verbose_name_plural = "loại báo cáo"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    @property
    def kinds(self) -> list[periods.Kind]:
        return [periods.Kind(k.strip()) for k in self.period_kinds.split(",") if k.strip()]

    @property
    def filers(self) -> list[str]:
        return [k.strip() for k in self.filer_kinds.split(",") if k.strip()]

    @property
    def deadline(self) -> periods.DeadlineRule:
        return periods.DeadlineRule(self.due_day, self.due_month_offset)

    def recipient_lines(self) -> list[str]:
        return [line.strip() for line in self.recipients.splitlines() if line.strip()]


class SectionKind(models.TextChoices):
    HEADING = "heading", "Tiêu đề mục"
    COMPUTED = "computed", "Tính từ dữ liệu"
    NARRATIVE = "narrative", "Nội dung tự viết"


class ReportSection(models.Model):
    """One part of a report type's body. A computed section's text comes from its source
    (`sources.SECTIONS`); a narrative one is written by the officer, pre-filled from the same
    unit's previous report of the type (or from `template` the first time)."""

    report_type = models.ForeignKey(
        ReportType, verbose_name="loại báo cáo", on_delete=models.CASCADE, related_name="sections"
    )
    order = models.PositiveSmallIntegerField("thứ tự")
    code = models.CharField("mã mục", max_length=20, help_text="Ví dụ I.6")
    heading = models.CharField("tiêu đề", max_length=500)
    level = models.PositiveSmallIntegerField("cấp", default=2)
    kind = models.CharField("loại", max_length=10, choices=SectionKind.choices)
    source = models.CharField("nguồn số liệu", max_length=60, blank=True)
    template = models.TextField("nội dung gợi ý", blank=True)

    class Meta:
        verbose_name = "mục báo cáo"
        verbose_name_plural = "mục báo cáo"
        ordering = ["report_type", "order"]
        constraints = [
            models.UniqueConstraint(fields=["report_type", "code"], name="report_section_code")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.heading}"


class IndicatorTemplate(models.Model):
    """A versioned list of statistics indicators; a new version is a new row, so last year's
    reports keep the template they were filed with."""

    code = models.CharField("mã bộ chỉ tiêu", max_length=40)
    version = models.PositiveSmallIntegerField("phiên bản", default=1)
    name = models.CharField("tên", max_length=255)
    heading = models.CharField("tiêu đề phụ lục", max_length=100, blank=True)
    subheading = models.CharField("tiêu đề phụ", max_length=100, blank=True)
    title = models.CharField(
        "tên bảng", max_length=500, help_text="{period} là kỳ báo cáo bằng chữ (NĂM 2021)."
    )
    valid_from_year = models.PositiveSmallIntegerField("áp dụng từ năm")

    class Meta:
        verbose_name = "bộ chỉ tiêu thống kê"
        verbose_name_plural = "bộ chỉ tiêu thống kê"
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="indicator_template_version")
        ]

    def __str__(self) -> str:
        return f"{self.name} (phiên bản {self.version})"


class ValueType(models.TextChoices):
    INTEGER = "integer", "Số nguyên"
    DECIMAL = "decimal", "Số thập phân"
    PERCENT = "percent", "Tỷ lệ %"
    YES_NO = "yes_no", "Có = 1 / Không = 0"
    CHOICE = "choice", "Mã lựa chọn"
    TEXT = "text", "Văn bản"
    HEADING = "heading", "Dòng tiêu đề"


class Indicator(models.Model):
    template = models.ForeignKey(
        IndicatorTemplate,
        verbose_name="bộ chỉ tiêu",
        on_delete=models.CASCADE,
        related_name="indicators",
    )
    order = models.PositiveSmallIntegerField("thứ tự")
    code = models.CharField("mã chỉ tiêu", max_length=20, help_text="Ví dụ III.6.3")
    number = models.CharField("số thứ tự in", max_length=10, blank=True)
    label = models.CharField("chỉ tiêu", max_length=500)
    unit_of_measure = models.CharField("đơn vị tính", max_length=100, blank=True)
    value_type = models.CharField("kiểu giá trị", max_length=10, choices=ValueType.choices)
    source = models.CharField(
        "nguồn",
        max_length=100,
        blank=True,
        help_text=(
            "Để trống: nhập tay. Tên nguồn dữ liệu (ví dụ dossiers.district.received), "
            "hoặc ratio:MÃ_TỬ/MÃ_MẪU để tính tỷ lệ từ hai chỉ tiêu khác."
        ),
    )
    note_hint = models.CharField("gợi ý ghi chú", max_length=500, blank=True)

    class Meta:
        verbose_name = "chỉ tiêu thống kê"
        verbose_name_plural = "chỉ tiêu thống kê"
        ordering = ["template", "order"]
        constraints = [models.UniqueConstraint(fields=["template", "code"], name="indicator_code")]

    def __str__(self) -> str:
        return f"{self.code} {self.label}"


class ReportStatus(models.TextChoices):
    DRAFT = "draft", "Đang soạn"
    SUBMITTED = "submitted", "Đã gửi"
    ACCEPTED = "accepted", "Đã tiếp nhận"
    RETURNED = "returned", "Trả lại để chỉnh sửa"


class ReportInstance(models.Model):
    report_type = models.ForeignKey(
        ReportType, verbose_name="loại báo cáo", on_delete=models.PROTECT, related_name="instances"
    )
    unit = models.ForeignKey(
        Unit, verbose_name="đơn vị báo cáo", on_delete=models.PROTECT, related_name="reports"
    )
    recipient = models.ForeignKey(
        Unit,
        verbose_name="đơn vị nhận báo cáo",
        null=True,
        on_delete=models.PROTECT,
        related_name="received_reports",
    )
    period = models.CharField("kỳ báo cáo", max_length=30)
    basis = models.CharField("kỳ dữ liệu", max_length=10)
    start = models.DateField("số liệu từ ngày")
    end = models.DateField("số liệu đến ngày")
    due_on = models.DateField("hạn gửi")
    status = models.CharField(
        "trạng thái", max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    number = models.CharField("số văn bản", max_length=40, blank=True)
    place = models.CharField("địa danh", max_length=100, blank=True)
    issued_on = models.DateField("ngày ký", null=True, blank=True)
    signer_authority = models.CharField("thẩm quyền ký", max_length=60, blank=True)
    signer_position = models.CharField("chức vụ người ký", max_length=60, blank=True)
    signer_name = models.CharField("người ký", max_length=150, blank=True)
    recipients = models.TextField("nơi nhận", blank=True)
    submitted_at = models.DateTimeField("gửi lúc", null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người gửi",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField("xem xét lúc", null=True, blank=True)
    return_reason = models.TextField("lý do trả lại", blank=True)
    revision = models.PositiveIntegerField("lần cập nhật", default=0, editable=False)
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)

    class Meta:
        verbose_name = "báo cáo"
        verbose_name_plural = "báo cáo"
        ordering = ["-end", "report_type__code", "unit__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["report_type", "unit", "period"], name="report_instance_unique"
            )
        ]
        indexes = [
            models.Index(fields=["recipient", "report_type", "period"], name="report_recipient"),
            models.Index(fields=["status", "due_on"], name="report_status_due"),
        ]

    def __str__(self) -> str:
        return f"{self.report_type} – {self.unit} – {self.period}"

    @property
    def window(self) -> periods.Window:
        return periods.window(self.period, self.basis)

    @property
    def is_editable(self) -> bool:
        return self.status in (ReportStatus.DRAFT, ReportStatus.RETURNED)

    @property
    def on_time(self) -> bool | None:
        """Submitted on or before its due date (local day); None while not submitted."""
        if self.submitted_at is None:
            return None
        from django.utils import timezone

        return timezone.localdate(self.submitted_at) <= self.due_on


class SectionText(models.Model):
    instance = models.ForeignKey(
        ReportInstance, verbose_name="báo cáo", on_delete=models.CASCADE, related_name="texts"
    )
    section = models.ForeignKey(
        ReportSection, verbose_name="mục", on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField("nội dung", blank=True)

    class Meta:
        verbose_name = "nội dung mục"
        verbose_name_plural = "nội dung mục"
        constraints = [
            models.UniqueConstraint(fields=["instance", "section"], name="section_text_unique")
        ]

    def __str__(self) -> str:
        return f"{self.instance} – {self.section.code}"


class IndicatorValue(models.Model):
    """A manual value (entered by the officer), or — once the report is submitted — the frozen
    value of a computed indicator, so the filed report never changes afterwards."""

    instance = models.ForeignKey(
        ReportInstance, verbose_name="báo cáo", on_delete=models.CASCADE, related_name="values"
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name="chỉ tiêu", on_delete=models.PROTECT, related_name="+"
    )
    value = models.CharField("số liệu", max_length=100, blank=True)
    note = models.TextField("ghi chú, minh chứng", blank=True)
    computed = models.BooleanField("tính từ dữ liệu", default=False)

    class Meta:
        verbose_name = "số liệu chỉ tiêu"
        verbose_name_plural = "số liệu chỉ tiêu"
        constraints = [
            models.UniqueConstraint(fields=["instance", "indicator"], name="indicator_value_unique")
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} = {self.value}"


class ManualResults(models.Model):
    """The 11 dossier-results figures typed in by hand, for a unit whose dossiers are not in
    the system; always checked against the identities of `figures` before saving."""

    instance = models.OneToOneField(
        ReportInstance,
        verbose_name="báo cáo",
        on_delete=models.CASCADE,
        related_name="manual_results",
    )
    received_online = models.PositiveIntegerField(default=0)
    received_offline = models.PositiveIntegerField(default=0)
    carried_over = models.PositiveIntegerField(default=0)
    received_total = models.PositiveIntegerField(default=0)
    resolved_early = models.PositiveIntegerField(default=0)
    resolved_on_time = models.PositiveIntegerField(default=0)
    resolved_late = models.PositiveIntegerField(default=0)
    resolved_total = models.PositiveIntegerField(default=0)
    pending_in_time = models.PositiveIntegerField(default=0)
    pending_overdue = models.PositiveIntegerField(default=0)
    pending_total = models.PositiveIntegerField(default=0)
    note = models.TextField("nguồn số liệu", blank=True)

    class Meta:
        verbose_name = "số liệu hồ sơ nhập tay"
        verbose_name_plural = "số liệu hồ sơ nhập tay"

    def __str__(self) -> str:
        return f"Số liệu hồ sơ nhập tay – {self.instance}"


class FileKind(models.TextChoices):
    DOCX = "docx", "DOCX"
    XLSX = "xlsx", "XLSX"
    PDF = "pdf", "PDF"


class ReportFile(models.Model):
    """A document generated at submission (kept in the database so a submission and its
    files are written in one transaction)."""

    instance = models.ForeignKey(
        ReportInstance, verbose_name="báo cáo", on_delete=models.CASCADE, related_name="files"
    )
    kind = models.CharField("định dạng", max_length=4, choices=FileKind.choices)
    name = models.CharField("tên tệp", max_length=255)
    content = models.BinaryField("nội dung")
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)

    class Meta:
        verbose_name = "tệp báo cáo"
        verbose_name_plural = "tệp báo cáo"
        ordering = ["-created_at", "kind"]

    def __str__(self) -> str:
        return self.name


class ReportAction(models.TextChoices):
    CREATE = "create", "Tạo báo cáo"
    EDIT = "edit", "Cập nhật nội dung"
    SUBMIT = "submit", "Gửi báo cáo"
    ACCEPT = "accept", "Tiếp nhận báo cáo"
    RETURN = "return", "Trả lại để chỉnh sửa"
    REMIND = "remind", "Nhắc hạn gửi báo cáo"


class ReportEvent(AppendOnlyModel):
    append_only_message = "Lịch sử báo cáo không được sửa hoặc xóa."

    instance = models.ForeignKey(
        ReportInstance, verbose_name="báo cáo", on_delete=models.CASCADE, related_name="events"
    )
    at = models.DateTimeField("lúc")
    actor = history_actor()
    action = models.CharField("thao tác", max_length=10, choices=ReportAction.choices)
    from_status = models.CharField(max_length=10, blank=True)
    to_status = models.CharField(max_length=10, blank=True)
    note = models.TextField("ghi chú", blank=True)

    class Meta:
        verbose_name = "lịch sử báo cáo"
        verbose_name_plural = "lịch sử báo cáo"
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} – {self.instance}"

"""Dossiers (hồ sơ TTHC): one application by one applicant for one procedure.

Invariants (domain dossiers.md):
- `status` is the national status code 1–10 (§2); it changes only through `services`, along
  the edges of `transitions.TRANSITIONS`, bumping `revision` (optimistic concurrency).
- `code` is given at acceptance (§4) and never reused; intake outcomes that accept nothing
  ("incomplete", "refused at intake" at the desk) are `IntakeRecord`s and consume no code.
- `due_at` is the appointment in force; `original_due_at` is the appointment before any
  extension (moved only by pauses) and is what statistics compare against.
- `unit` is the receiving unit (used for scoping), `handling_unit` the competent unit,
  `assisting_unit` the unit that helped the citizen (§5). An inter-agency dossier stays one row.
- `HistoryEntry` rows are append-only: never updated, never deleted.
"""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.utils import timezone

from cchc.catalog.models import Procedure, ProcedureVersion, validate_duration
from cchc.core.models import AppendOnly, AppendOnlyModel, history_actor  # noqa: F401 - AppendOnly re-exported
from cchc.units.models import Office, OfficeKind, Unit


class Status(models.IntegerChoices):
    """National status codes (dossiers.md §2); member names are our internal states."""

    SUBMITTED = 1, "Mới đăng ký"
    RECEIVED = 2, "Được tiếp nhận"
    REFUSED = 3, "Không được tiếp nhận"
    PROCESSING = 4, "Đang xử lý"
    AWAITING_SUPPLEMENT = 5, "Yêu cầu bổ sung giấy tờ"
    AWAITING_PAYMENT = 6, "Yêu cầu thực hiện nghĩa vụ tài chính"
    WITHDRAWN = 7, "Công dân yêu cầu rút hồ sơ"
    STOPPED = 8, "Dừng xử lý"
    RESOLVED = 9, "Đã xử lý xong"
    RETURNED = 10, "Đã trả kết quả"


FINAL_STATUSES = frozenset({Status.REFUSED, Status.WITHDRAWN, Status.STOPPED, Status.RETURNED})
# Statuses whose legal clock is running (paused ones, 5 and 6, are not).
RUNNING_STATUSES = (Status.RECEIVED, Status.PROCESSING)
OPEN_STATUSES = (
    Status.RECEIVED,
    Status.PROCESSING,
    Status.AWAITING_SUPPLEMENT,
    Status.AWAITING_PAYMENT,
)


class Channel(models.IntegerChoices):
    """National channel codes (dossiers.md §2)."""

    COUNTER = 1, "Trực tiếp"
    ONLINE = 2, "Trực tuyến"
    POSTAL = 3, "Qua dịch vụ bưu chính công ích"


class ReturnChannel(models.TextChoices):
    DESK = "desk", "Tại Bộ phận Một cửa"
    POST = "post", "Qua dịch vụ bưu chính công ích"
    ONLINE = "online", "Trực tuyến"


class ApplicantKind(models.TextChoices):
    PERSON = "person", "Cá nhân"
    ORGANISATION = "organisation", "Tổ chức"


class ApplicantFields(models.Model):
    """Who applies; personal data, shown only to those handling the dossier, never logged."""

    applicant_kind = models.CharField(
        "loại người nộp", max_length=12, choices=ApplicantKind.choices, default=ApplicantKind.PERSON
    )
    applicant_name = models.CharField("tên tổ chức, cá nhân", max_length=255, blank=True)
    applicant_id_number = models.CharField("số định danh, giấy tờ", max_length=40, blank=True)
    applicant_phone = models.CharField("số điện thoại", max_length=40, blank=True)
    applicant_email = models.EmailField("thư điện tử", blank=True)
    applicant_address = models.CharField("địa chỉ", max_length=500, blank=True)
    representative_name = models.CharField("người được ủy quyền", max_length=255, blank=True)
    representative_id_number = models.CharField(
        "số định danh người được ủy quyền", max_length=40, blank=True
    )

    class Meta:
        abstract = True


class Dossier(ApplicantFields):
    code = models.CharField("mã hồ sơ", max_length=60, unique=True, null=True, blank=True)
    procedure = models.ForeignKey(
        Procedure, verbose_name="thủ tục", on_delete=models.PROTECT, related_name="dossiers"
    )
    procedure_version = models.ForeignKey(
        ProcedureVersion,
        verbose_name="phiên bản thời hạn áp dụng",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="dossiers",
    )
    channel = models.PositiveSmallIntegerField(
        "kênh tiếp nhận", choices=Channel.choices, default=Channel.COUNTER
    )
    status = models.PositiveSmallIntegerField(
        "trạng thái", choices=Status.choices, default=Status.SUBMITTED
    )
    unit = models.ForeignKey(
        Unit, verbose_name="đơn vị tiếp nhận", on_delete=models.PROTECT, related_name="dossiers"
    )
    handling_unit = models.ForeignKey(
        Unit,
        verbose_name="đơn vị có thẩm quyền giải quyết",
        on_delete=models.PROTECT,
        related_name="handled_dossiers",
    )
    assisting_unit = models.ForeignKey(
        Unit,
        verbose_name="đơn vị hỗ trợ tiếp nhận",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assisted_dossiers",
    )
    request = models.TextField("nội dung yêu cầu giải quyết", blank=True)
    return_channel = models.CharField(
        "hình thức nhận kết quả",
        max_length=10,
        choices=ReturnChannel.choices,
        default=ReturnChannel.DESK,
    )
    returned_via = models.CharField(
        "đã trả kết quả qua", max_length=10, choices=ReturnChannel.choices, blank=True
    )
    processing_time = models.CharField("thời hạn giải quyết", max_length=20, blank=True)

    submitted_at = models.DateTimeField("nộp lúc", null=True, blank=True)
    received_at = models.DateTimeField("tiếp nhận lúc", null=True, blank=True)
    due_at = models.DateTimeField("hẹn trả kết quả", null=True, blank=True)
    original_due_at = models.DateTimeField("hẹn trả ban đầu", null=True, blank=True)
    extended_due_at = models.DateTimeField("hẹn trả lại (gia hạn)", null=True, blank=True)
    extension_reason = models.TextField("lý do gia hạn", blank=True)
    approved_at = models.DateTimeField("phê duyệt lúc", null=True, blank=True)
    finished_at = models.DateTimeField("kết thúc xử lý lúc", null=True, blank=True)
    returned_at = models.DateTimeField("trả kết quả lúc", null=True, blank=True)
    supplement_requested_at = models.DateTimeField("yêu cầu bổ sung lúc", null=True, blank=True)
    supplement_deadline = models.DateTimeField("hạn bổ sung", null=True, blank=True)
    supplement_received_at = models.DateTimeField("nhận bổ sung lúc", null=True, blank=True)
    payment_requested_at = models.DateTimeField(
        "yêu cầu thực hiện nghĩa vụ tài chính lúc", null=True, blank=True
    )
    paid_at = models.DateTimeField("hoàn thành nghĩa vụ tài chính lúc", null=True, blank=True)
    end_reason = models.TextField("lý do từ chối, dừng, rút hồ sơ", blank=True)

    supplement_used = models.BooleanField("đã yêu cầu bổ sung", default=False)
    extension_used = models.BooleanField("đã gia hạn", default=False)
    digitised = models.BooleanField("đã số hóa", default=False)
    e_result = models.BooleanField("kết quả điện tử", default=False)
    paid_online = models.BooleanField("thanh toán trực tuyến", default=False)

    current_step = models.ForeignKey(
        "DossierStep",
        verbose_name="bước đang xử lý",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Snapshot of current_step.office (0003), written with current_step by
    # services._set_current_step: the office queue filters on it without a join to the steps.
    current_office = models.ForeignKey(
        Office,
        verbose_name="phòng, ban đang xử lý",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Optimistic concurrency: every action bumps it; a write on an older revision is refused.
    revision = models.PositiveIntegerField("lần cập nhật", default=0, editable=False)
    imported = models.BooleanField("nhập từ hệ thống khác", default=False)
    import_source = models.CharField("nguồn nhập", max_length=255, blank=True)
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)

    class Meta:
        verbose_name = "hồ sơ"
        verbose_name_plural = "hồ sơ"
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["unit", "status", "due_at"], name="dossier_unit_status_due"),
            models.Index(fields=["unit", "received_at"], name="dossier_unit_received"),
            models.Index(
                fields=["handling_unit", "status", "due_at"], name="dossier_handling_status_due"
            ),
            models.Index(fields=["status", "due_at"], name="dossier_status_due"),
            # Queue pages in due order (0002): running (2, 4) and open (2, 4, 5, 6) dossiers.
            models.Index(
                fields=["due_at", "id"],
                condition=models.Q(status__in=[2, 4]),
                name="dossier_running_due",
            ),
            models.Index(
                fields=["due_at", "id"],
                condition=models.Q(status__in=[2, 4, 5, 6]),
                name="dossier_open_due",
            ),
            # The office queue (0003): open dossiers at an office, in (due_at, id) order.
            models.Index(
                fields=["current_office", "due_at", "id"],
                condition=models.Q(status__in=[2, 4, 5, 6]),
                name="dossier_office_open_due",
            ),
        ]

    def __str__(self) -> str:
        return self.code or f"Hồ sơ chưa có mã #{self.pk}"

    @property
    def is_final(self) -> bool:
        return self.status in FINAL_STATUSES

    @property
    def is_paused(self) -> bool:
        return self.status in (Status.AWAITING_SUPPLEMENT, Status.AWAITING_PAYMENT)

    @property
    def paused_since(self):
        """When the clock stopped, while it is stopped (the resumption moves the due time)."""
        if self.status == Status.AWAITING_SUPPLEMENT:
            return self.supplement_requested_at
        if self.status == Status.AWAITING_PAYMENT:
            return self.payment_requested_at
        return None

    @property
    def status_label(self) -> str:
        return Status(self.status).label


class ComponentForm(models.TextChoices):
    ORIGINAL = "original", "Bản chính"
    COPY = "copy", "Bản sao"
    CERTIFIED_COPY = "certified_copy", "Bản sao chứng thực"
    ELECTRONIC = "electronic", "Bản điện tử"


class DossierComponent(models.Model):
    """One component (thành phần hồ sơ) as submitted, with its digitisation flags (§6)."""

    dossier = models.ForeignKey(
        Dossier, verbose_name="hồ sơ", on_delete=models.CASCADE, related_name="components"
    )
    order = models.PositiveSmallIntegerField("thứ tự", default=1)
    name = models.CharField("tên giấy tờ", max_length=500)
    sets = models.PositiveSmallIntegerField("số bộ", default=1)
    form = models.CharField(
        "loại bản", max_length=16, choices=ComponentForm.choices, default=ComponentForm.ORIGINAL
    )
    submitted = models.BooleanField("đã nộp", default=True)
    digitised = models.BooleanField("đã số hóa", default=False)
    reused_from_store = models.BooleanField("tái sử dụng từ kho dữ liệu", default=False)

    class Meta:
        verbose_name = "thành phần hồ sơ"
        verbose_name_plural = "thành phần hồ sơ"
        ordering = ["dossier", "order", "id"]

    def __str__(self) -> str:
        return self.name


class StepResult(models.TextChoices):
    EARLY = "early", "Trước hạn"
    ON_TIME = "on_time", "Đúng hạn"
    LATE = "late", "Quá hạn"


class DossierStep(models.Model):
    """One run of a workflow step; a step sent back and redone gets a new row."""

    dossier = models.ForeignKey(
        Dossier, verbose_name="hồ sơ", on_delete=models.CASCADE, related_name="steps"
    )
    order = models.PositiveSmallIntegerField("thứ tự bước")
    name = models.CharField("tên bước", max_length=255)
    office_kind = models.CharField(
        "bộ phận thực hiện", max_length=20, choices=OfficeKind.choices, blank=True
    )
    unit = models.ForeignKey(
        Unit, verbose_name="đơn vị thực hiện", on_delete=models.PROTECT, related_name="+"
    )
    office = models.ForeignKey(
        Office,
        verbose_name="phòng, ban thực hiện",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người xử lý",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="dossier_steps",
    )
    budget = models.CharField("thời gian thực hiện", max_length=20, validators=[validate_duration])
    inter_agency = models.BooleanField("liên thông", default=False)
    started_at = models.DateTimeField("bắt đầu lúc", null=True, blank=True)
    due_at = models.DateTimeField("hạn bước", null=True, blank=True)
    finished_at = models.DateTimeField("hoàn thành lúc", null=True, blank=True)
    result = models.CharField("kết quả", max_length=10, choices=StepResult.choices, blank=True)

    class Meta:
        verbose_name = "bước xử lý hồ sơ"
        verbose_name_plural = "bước xử lý hồ sơ"
        ordering = ["dossier", "order", "id"]
        indexes = [
            models.Index(fields=["assignee", "finished_at"], name="dossier_step_assignee"),
            models.Index(fields=["office", "finished_at"], name="dossier_step_office"),
            models.Index(fields=["unit", "dossier"], name="dossier_step_unit"),
            models.Index(
                fields=["unit", "dossier"],
                condition=models.Q(inter_agency=True),
                name="dossier_step_partner",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.name}"


class HistoryAction(models.TextChoices):
    SUBMIT = "submit", "Nộp hồ sơ trực tuyến"
    RECEIVE = "receive", "Tiếp nhận hồ sơ"
    ACCEPT = "accept", "Tiếp nhận hồ sơ trực tuyến"
    REFUSE_INTAKE = "refuse_intake", "Từ chối tiếp nhận"
    INTAKE_INCOMPLETE = "intake_incomplete", "Yêu cầu bổ sung, hoàn thiện khi tiếp nhận"
    SUPPLEMENT_ONLINE = "supplement_online", "Người nộp bổ sung, hoàn thiện hồ sơ trực tuyến"
    START = "start", "Chuyển xử lý"
    ASSIGN = "assign", "Phân công xử lý"
    FORWARD = "forward", "Chuyển bước tiếp theo"
    SEND_BACK = "send_back", "Trả lại bước trước"
    FORWARD_TO_UNIT = "forward_to_unit", "Chuyển liên thông"
    APPROVE = "approve", "Phê duyệt"
    REQUEST_SUPPLEMENT = "request_supplement", "Yêu cầu bổ sung hồ sơ"
    RECEIVE_SUPPLEMENT = "receive_supplement", "Nhận hồ sơ bổ sung"
    REQUEST_PAYMENT = "request_payment", "Yêu cầu thực hiện nghĩa vụ tài chính"
    RECORD_PAYMENT = "record_payment", "Hoàn thành nghĩa vụ tài chính"
    EXTEND = "extend", "Xin lỗi và hẹn lại ngày trả kết quả"
    REFUSE = "refuse", "Từ chối giải quyết"
    WITHDRAW = "withdraw", "Rút hồ sơ"
    STOP = "stop", "Dừng giải quyết"
    RESULT_READY = "result_ready", "Đã có kết quả"
    RETURN = "return", "Trả kết quả"
    ATTACH = "attach", "Đính kèm tệp"
    IMPORT = "import", "Nhập từ hệ thống khác"


class HistoryEntry(AppendOnlyModel):
    """One line of the dossier's history; the hand-overs form the process-control slip."""

    append_only_message = "Lịch sử xử lý hồ sơ không được sửa hoặc xóa."

    dossier = models.ForeignKey(
        Dossier, verbose_name="hồ sơ", on_delete=models.PROTECT, related_name="history"
    )
    at = models.DateTimeField("thời điểm")
    actor = history_actor()
    actor_unit = models.ForeignKey(
        Unit,
        verbose_name="đơn vị",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    action = models.CharField("thao tác", max_length=24, choices=HistoryAction.choices)
    from_status = models.PositiveSmallIntegerField(
        "từ trạng thái", choices=Status.choices, null=True, blank=True
    )
    to_status = models.PositiveSmallIntegerField("sang trạng thái", choices=Status.choices)
    note = models.TextField("ghi chú", blank=True)
    step = models.ForeignKey(
        DossierStep,
        verbose_name="bước",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    step_result = models.CharField(
        "kết quả bước", max_length=10, choices=StepResult.choices, blank=True
    )
    giver_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người giao",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    giver_unit = models.ForeignKey(
        Unit,
        verbose_name="đơn vị giao",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    receiver_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người nhận",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    receiver_unit = models.ForeignKey(
        Unit,
        verbose_name="đơn vị nhận",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    receiver_office = models.ForeignKey(
        Office,
        verbose_name="phòng, ban nhận",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = "lịch sử xử lý"
        verbose_name_plural = "lịch sử xử lý"
        ordering = ["dossier", "at", "id"]
        indexes = [models.Index(fields=["dossier", "at"], name="dossier_history_at")]

    def __str__(self) -> str:
        return f"{self.get_action_display()} – {timezone.localtime(self.at):%H:%M %d/%m/%Y}"


class IntakeOutcome(models.TextChoices):
    INCOMPLETE = "incomplete", "Hồ sơ chưa đầy đủ, yêu cầu bổ sung, hoàn thiện"
    REFUSED = "refused", "Từ chối tiếp nhận"


class IntakeRecord(ApplicantFields):
    """A desk outcome that accepts nothing (Mẫu 02 "incomplete", Mẫu 03 "refused").

    It consumes no dossier code and is not a dossier in the statistics. For an online
    dossier (status 1) `dossier` links the record to it.
    """

    outcome = models.CharField("kết quả tiếp nhận", max_length=12, choices=IntakeOutcome.choices)
    unit = models.ForeignKey(
        Unit, verbose_name="đơn vị tiếp nhận", on_delete=models.PROTECT, related_name="+"
    )
    procedure = models.ForeignKey(
        Procedure, verbose_name="thủ tục", on_delete=models.PROTECT, related_name="+"
    )
    channel = models.PositiveSmallIntegerField(
        "kênh tiếp nhận", choices=Channel.choices, default=Channel.COUNTER
    )
    request = models.TextField("nội dung yêu cầu giải quyết", blank=True)
    missing = models.JSONField("nội dung cần bổ sung, hoàn thiện", default=list, blank=True)
    reason = models.TextField("lý do", blank=True)
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="công chức hướng dẫn",
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField("thời điểm")
    dossier = models.ForeignKey(
        Dossier,
        verbose_name="hồ sơ trực tuyến",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="intake_records",
    )

    class Meta:
        verbose_name = "kết quả tiếp nhận không nhận hồ sơ"
        verbose_name_plural = "kết quả tiếp nhận không nhận hồ sơ"
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["unit", "at"], name="intake_record_unit_at")]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} – {timezone.localtime(self.at):%d/%m/%Y}"


def attachment_path(instance: "Attachment", filename: str) -> str:
    """Random stored name under MEDIA_ROOT (never served directly); the original is kept apart."""
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"dossiers/{uuid.uuid4().hex[:2]}/{uuid.uuid4().hex}{suffix}"


class Attachment(models.Model):
    dossier = models.ForeignKey(
        Dossier, verbose_name="hồ sơ", on_delete=models.PROTECT, related_name="attachments"
    )
    component = models.ForeignKey(
        DossierComponent,
        verbose_name="thành phần hồ sơ",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="attachments",
    )
    file = models.FileField("tệp", upload_to=attachment_path, max_length=255)
    original_name = models.CharField("tên tệp", max_length=255)
    content_type = models.CharField("loại tệp", max_length=100)
    size = models.PositiveBigIntegerField("dung lượng (byte)")
    sha256 = models.CharField("mã băm SHA-256", max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người tải lên",
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField("tải lên lúc")

    class Meta:
        verbose_name = "tệp đính kèm"
        verbose_name_plural = "tệp đính kèm"
        ordering = ["dossier", "uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class DossierCodeCounter(models.Model):
    """The last sequence number given per unit per day (dossier codes, §4)."""

    unit = models.ForeignKey(
        Unit, verbose_name="đơn vị", on_delete=models.CASCADE, related_name="+"
    )
    day = models.DateField("ngày")
    last_number = models.PositiveIntegerField("số cuối", default=0)

    class Meta:
        verbose_name = "bộ đếm mã hồ sơ"
        verbose_name_plural = "bộ đếm mã hồ sơ"
        constraints = [
            models.UniqueConstraint(fields=["unit", "day"], name="dossier_code_counter_unique")
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.day}: {self.last_number}"

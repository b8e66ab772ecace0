"""Reform plans and their tasks, tasks assigned by the level above, and the registers the
reports and the reform index count: directive documents, inspections, outreach activities,
initiatives and models.

Invariants:
- a task's outcome (completed on time / completed late / overdue / pending) is derived from
  its due date, status and completion date by `progress.outcome`; it is never stored;
- a plan's counts and completion rate are derived from its tasks (`progress.Progress`);
- every change of a task's status appends a `TaskEvent`; events are never edited;
- every row belongs to one unit, and reads go through `units.permissions.scope`.
"""

from __future__ import annotations

from django.db import models

from cchc.core.models import AppendOnlyModel, history_actor
from cchc.units.models import Office, Unit


class ReformArea(models.TextChoices):
    """The areas a reform plan groups its tasks by (seed 000: 4 + 4 + 3 + 2 + 2 + 4 + 6)."""

    DIRECTION = "direction", "Công tác chỉ đạo, điều hành CCHC"
    INSTITUTIONS = "institutions", "Cải cách thể chế"
    PROCEDURES = "procedures", "Cải cách thủ tục hành chính"
    ORGANISATION = "organisation", "Cải cách tổ chức bộ máy hành chính"
    CIVIL_SERVICE = "civil_service", "Cải cách chế độ công vụ"
    PUBLIC_FINANCE = "public_finance", "Cải cách tài chính công"
    MODERNISATION = "modernisation", "Hiện đại hóa nền hành chính, xây dựng chính quyền số"
    DISCIPLINE = "discipline", "Văn hóa công vụ, kỷ luật, kỷ cương hành chính"
    OTHER = "other", "Nhiệm vụ khác"


class PlanKind(models.TextChoices):
    REFORM = "reform", "Kế hoạch CCHC năm"
    REMEDIATION = "remediation", "Kế hoạch khắc phục hạn chế Chỉ số CCHC"
    OUTREACH = "outreach", "Kế hoạch tuyên truyền CCHC"
    INSPECTION = "inspection", "Kế hoạch kiểm tra CCHC"
    OTHER = "other", "Kế hoạch khác"


class Plan(models.Model):
    """A plan issued by a unit ("Kế hoạch số 05/KH-UBND ngày 19/01/2021")."""

    unit = models.ForeignKey(
        Unit, verbose_name="đơn vị ban hành", on_delete=models.PROTECT, related_name="plans"
    )
    kind = models.CharField(
        "loại kế hoạch", max_length=20, choices=PlanKind.choices, default=PlanKind.REFORM
    )
    year = models.PositiveSmallIntegerField("năm")
    number = models.CharField("số, ký hiệu", max_length=60, help_text="Ví dụ 05/KH-UBND")
    issued_on = models.DateField("ngày ban hành")
    title = models.CharField("trích yếu", max_length=500)
    decision_ref = models.CharField(
        "văn bản ban hành",
        max_length=255,
        blank=True,
        help_text="Quyết định hoặc văn bản cấp trên làm căn cứ (nếu có).",
    )
    revision = models.PositiveIntegerField("lần cập nhật", default=0, editable=False)
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)

    class Meta:
        verbose_name = "kế hoạch"
        verbose_name_plural = "kế hoạch"
        ordering = ["-year", "unit__path", "-issued_on", "number"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year", "number"], name="plan_number_unique")
        ]

    def __str__(self) -> str:
        return f"Kế hoạch số {self.number} – {self.title}"


class TaskOrigin(models.TextChoices):
    OWN = "own", "Nhiệm vụ trong kế hoạch của đơn vị"
    ASSIGNED = "assigned", "Nhiệm vụ cấp trên giao"
    REMEDIATION = "remediation", "Khắc phục hạn chế Chỉ số CCHC"


class TaskStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Chưa thực hiện"
    IN_PROGRESS = "in_progress", "Đang thực hiện"
    DONE = "done", "Đã hoàn thành"


class Task(models.Model):
    """One task: of a plan, assigned by the level above (UBND tỉnh giao), or created to
    remedy a criterion of the reform index that lost points."""

    unit = models.ForeignKey(
        Unit, verbose_name="đơn vị thực hiện", on_delete=models.PROTECT, related_name="tasks"
    )
    plan = models.ForeignKey(
        Plan,
        verbose_name="kế hoạch",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tasks",
    )
    origin = models.CharField(
        "nguồn nhiệm vụ", max_length=20, choices=TaskOrigin.choices, default=TaskOrigin.OWN
    )
    order = models.PositiveIntegerField("số thứ tự", default=0)
    area = models.CharField("lĩnh vực CCHC", max_length=20, choices=ReformArea.choices)
    title = models.CharField("nội dung nhiệm vụ", max_length=500)
    owner_office = models.ForeignKey(
        Office,
        verbose_name="cơ quan chủ trì",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reform_tasks",
    )
    expected_output = models.CharField("sản phẩm", max_length=500, blank=True)
    due_on = models.DateField("thời hạn hoàn thành")
    status = models.CharField(
        "tình trạng", max_length=20, choices=TaskStatus.choices, default=TaskStatus.NOT_STARTED
    )
    completed_on = models.DateField("ngày hoàn thành", null=True, blank=True)
    evidence = models.TextField(
        "kết quả, sản phẩm, văn bản chứng minh", blank=True, help_text="Ví dụ Báo cáo số 12/BC-UBND"
    )
    assigned_by = models.ForeignKey(
        Unit,
        verbose_name="cơ quan giao nhiệm vụ",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_tasks",
    )
    assigning_document = models.CharField("văn bản giao nhiệm vụ", max_length=255, blank=True)
    source_ref = models.CharField(
        "căn cứ",
        max_length=255,
        blank=True,
        help_text="Ví dụ: Chỉ số CCHC năm 2021, tiêu chí 1.2.1",
    )
    revision = models.PositiveIntegerField("lần cập nhật", default=0, editable=False)
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)

    class Meta:
        verbose_name = "nhiệm vụ"
        verbose_name_plural = "nhiệm vụ"
        ordering = ["plan_id", "order", "due_on", "id"]
        indexes = [
            models.Index(fields=["unit", "due_on"], name="task_unit_due"),
            models.Index(fields=["status", "due_on"], name="task_status_due"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="done", completed_on__isnull=False)
                | (~models.Q(status="done") & models.Q(completed_on__isnull=True)),
                name="task_completed_on_iff_done",
            )
        ]

    def __str__(self) -> str:
        return self.title


class TaskAction(models.TextChoices):
    CREATE = "create", "Tạo nhiệm vụ"
    EDIT = "edit", "Cập nhật nhiệm vụ"
    PROGRESS = "progress", "Cập nhật tiến độ"
    REMIND = "remind", "Nhắc hạn"


class TaskEvent(AppendOnlyModel):
    append_only_message = "Lịch sử nhiệm vụ không được sửa hoặc xóa."

    task = models.ForeignKey(
        Task, verbose_name="nhiệm vụ", on_delete=models.CASCADE, related_name="events"
    )
    at = models.DateTimeField("lúc")
    actor = history_actor()
    action = models.CharField("thao tác", max_length=10, choices=TaskAction.choices)
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20, blank=True)
    note = models.TextField("ghi chú", blank=True)

    class Meta:
        verbose_name = "lịch sử nhiệm vụ"
        verbose_name_plural = "lịch sử nhiệm vụ"
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} – {self.task}"


# -- registers ------------------------------------------------------------------------------


class DirectiveKind(models.TextChoices):
    PLAN = "plan", "Kế hoạch"
    DECISION = "decision", "Quyết định"
    DIRECTIVE = "directive", "Chỉ thị"
    LETTER = "letter", "Công văn"
    OTHER = "other", "Văn bản khác"


class Directive(models.Model):
    """A directive document on reform the unit issued (văn bản chỉ đạo, điều hành CCHC)."""

    unit = models.ForeignKey(
        Unit, verbose_name="đơn vị ban hành", on_delete=models.PROTECT, related_name="directives"
    )
    kind = models.CharField("loại văn bản", max_length=10, choices=DirectiveKind.choices)
    number = models.CharField("số, ký hiệu", max_length=60)
    issued_on = models.DateField("ngày ban hành")
    summary = models.CharField("trích yếu", max_length=500)
    revision = models.PositiveIntegerField("lần cập nhật", default=0, editable=False)

    class Meta:
        verbose_name = "văn bản chỉ đạo CCHC"
        verbose_name_plural = "văn bản chỉ đạo CCHC"
        ordering = ["-issued_on", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "number", "issued_on"], name="directive_number_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} số {self.number}"


class Inspection(models.Model):
    """A reform inspection of one office or subordinate unit, planned or done."""

    unit = models.ForeignKey(
        Unit, verbose_name="đơn vị kiểm tra", on_delete=models.PROTECT, related_name="inspections"
    )
    plan = models.ForeignKey(
        Plan,
        verbose_name="kế hoạch kiểm tra",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inspections",
    )
    year = models.PositiveSmallIntegerField("năm")
    inspected_unit = models.ForeignKey(
        Unit,
        verbose_name="đơn vị được kiểm tra",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inspected_by",
    )
    inspected_office = models.ForeignKey(
        Office,
        verbose_name="phòng, ban được kiểm tra",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inspected_by",
    )
    planned_on = models.DateField("dự kiến kiểm tra", null=True, blank=True)
    done_on = models.DateField("ngày kiểm tra", null=True, blank=True)
    issues_found = models.PositiveIntegerField("số vấn đề phát hiện", default=0)
    issues_fixed = models.PositiveIntegerField("số vấn đề đã xử lý xong", default=0)
    conclusion = models.TextField("kết luận", blank=True)
    revision = models.PositiveIntegerField("lần cập nhật", default=0, editable=False)

    class Meta:
        verbose_name = "cuộc kiểm tra CCHC"
        verbose_name_plural = "kiểm tra CCHC"
        ordering = ["-year", "planned_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(issues_fixed__lte=models.F("issues_found")),
                name="inspection_fixed_within_found",
            ),
            models.CheckConstraint(
                condition=models.Q(inspected_unit__isnull=False)
                | models.Q(inspected_office__isnull=False),
                name="inspection_has_target",
            ),
        ]

    def __str__(self) -> str:
        target = self.inspected_office or self.inspected_unit
        return f"Kiểm tra CCHC {target} ({self.year})"


class OutreachForm(models.TextChoices):
    NEWS = "news", "Tin, bài trên báo, đài, trang thông tin điện tử"
    RADIO = "radio", "Phát thanh, truyền hình"
    MEETING = "meeting", "Lồng ghép hội nghị, cuộc họp"
    CONTEST = "contest", "Hội thi, tọa đàm, sân khấu hóa"
    SOCIAL = "social", "Mạng xã hội (Zalo, Facebook…)"
    PRINTED = "printed", "Tờ rơi, pa-nô, áp phích"
    OTHER = "other", "Hình thức khác"


class OutreachActivity(models.Model):
    """Reform outreach (tuyên truyền CCHC): what, in which form, how many, for whom."""

    unit = models.ForeignKey(
        Unit, verbose_name="đơn vị thực hiện", on_delete=models.PROTECT, related_name="outreach"
    )
    held_on = models.DateField("ngày thực hiện")
    form = models.CharField("hình thức", max_length=10, choices=OutreachForm.choices)
    title = models.CharField("nội dung", max_length=500)
    count = models.PositiveIntegerField(
        "số lượng", default=1, help_text="Số tin, bài, buổi, kỳ phát sóng…"
    )
    audience = models.CharField("đối tượng", max_length=255, blank=True)
    audience_count = models.PositiveIntegerField("số người tham dự", null=True, blank=True)
    revision = models.PositiveIntegerField("lần cập nhật", default=0, editable=False)

    class Meta:
        verbose_name = "hoạt động tuyên truyền CCHC"
        verbose_name_plural = "tuyên truyền CCHC"
        ordering = ["-held_on", "id"]

    def __str__(self) -> str:
        return self.title


class InitiativeKind(models.TextChoices):
    INITIATIVE = "initiative", "Sáng kiến, giải pháp"
    MODEL = "model", "Mô hình"


class InitiativeStatus(models.TextChoices):
    PROPOSED = "proposed", "Đăng ký, đề xuất"
    APPLIED = "applied", "Đã áp dụng"
    REPLICATED = "replicated", "Đã nhân rộng"


class Initiative(models.Model):
    """An initiative or model in reform ("Công dân không viết", seed 004)."""

    unit = models.ForeignKey(
        Unit, verbose_name="đơn vị", on_delete=models.PROTECT, related_name="initiatives"
    )
    year = models.PositiveSmallIntegerField("năm")
    kind = models.CharField("loại", max_length=10, choices=InitiativeKind.choices)
    name = models.CharField("tên sáng kiến, mô hình", max_length=500)
    status = models.CharField(
        "tình trạng",
        max_length=10,
        choices=InitiativeStatus.choices,
        default=InitiativeStatus.PROPOSED,
    )
    applied_on = models.DateField("áp dụng từ ngày", null=True, blank=True)
    description = models.TextField("mô tả, hiệu quả", blank=True)
    revision = models.PositiveIntegerField("lần cập nhật", default=0, editable=False)

    class Meta:
        verbose_name = "sáng kiến, mô hình CCHC"
        verbose_name_plural = "sáng kiến, mô hình CCHC"
        ordering = ["-year", "name"]

    def __str__(self) -> str:
        return self.name

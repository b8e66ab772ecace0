"""Assessment rounds: the level above opens a round of a criteria set for its units; each
unit self-scores every leaf with evidence and submits; the appraisal council reviews leaf by
leaf, the unit may explain once, the council finalises; survey and bonus/penalty points are
entered; the round is published. Only leaf scores are stored: every total, index, grade and
rank is derived (`scoring.index`). Every change appends a `RoundEvent`."""

from __future__ import annotations

from pathlib import PurePath
from uuid import uuid4

from django.conf import settings
from django.db import models

from cchc.core.models import AppendOnlyModel, history_actor
from cchc.units.models import Unit

from .criteria import CriteriaSet, Criterion


class RoundStatus(models.TextChoices):
    OPEN = "open", "Đang đánh giá"
    PUBLISHED = "published", "Đã công bố kết quả"


class AssessmentRound(models.Model):
    code = models.CharField("mã đợt đánh giá", max_length=40, unique=True)
    name = models.CharField("tên đợt đánh giá", max_length=500)
    year = models.PositiveSmallIntegerField("năm đánh giá")
    criteria_set = models.ForeignKey(
        CriteriaSet, verbose_name="bộ tiêu chí", on_delete=models.PROTECT, related_name="rounds"
    )
    organiser = models.ForeignKey(
        Unit,
        verbose_name="cơ quan tổ chức đánh giá",
        on_delete=models.PROTECT,
        related_name="organised_rounds",
    )
    opens_on = models.DateField("bắt đầu tự đánh giá")
    self_due_on = models.DateField("hạn nộp tự đánh giá")
    appraisal_due_on = models.DateField("hạn thẩm định", null=True, blank=True)
    status = models.CharField(
        "trạng thái", max_length=10, choices=RoundStatus.choices, default=RoundStatus.OPEN
    )
    published_at = models.DateTimeField("công bố lúc", null=True, blank=True)
    revision = models.PositiveIntegerField("lần cập nhật", default=0, editable=False)
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)

    class Meta:
        verbose_name = "đợt đánh giá Chỉ số CCHC"
        verbose_name_plural = "đợt đánh giá Chỉ số CCHC"
        ordering = ["-year", "code"]

    def __str__(self) -> str:
        return self.name


class ParticipationStatus(models.TextChoices):
    SELF_ASSESSMENT = "self", "Đang tự đánh giá"
    SUBMITTED = "submitted", "Đã nộp, chờ thẩm định"
    APPRAISED = "appraised", "Đã thẩm định, chờ giải trình"
    EXPLAINED = "explained", "Đã giải trình"
    FINAL = "final", "Đã chốt kết quả"


class Participation(models.Model):
    """One unit in one round."""

    round = models.ForeignKey(
        AssessmentRound,
        verbose_name="đợt đánh giá",
        on_delete=models.CASCADE,
        related_name="participations",
    )
    unit = models.ForeignKey(
        Unit, verbose_name="đơn vị", on_delete=models.PROTECT, related_name="participations"
    )
    status = models.CharField(
        "trạng thái",
        max_length=10,
        choices=ParticipationStatus.choices,
        default=ParticipationStatus.SELF_ASSESSMENT,
    )
    submitted_at = models.DateTimeField("nộp tự đánh giá lúc", null=True, blank=True)
    appraised_at = models.DateTimeField("gửi kết quả thẩm định lúc", null=True, blank=True)
    explained_at = models.DateTimeField("giải trình lúc", null=True, blank=True)
    finalised_at = models.DateTimeField("chốt kết quả lúc", null=True, blank=True)
    revision = models.PositiveIntegerField("lần cập nhật", default=0, editable=False)

    class Meta:
        verbose_name = "đơn vị tham gia đánh giá"
        verbose_name_plural = "đơn vị tham gia đánh giá"
        ordering = ["round", "unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["round", "unit"], name="participation_unique")
        ]

    def __str__(self) -> str:
        return f"{self.unit} – {self.round}"


class AppraisalDecision(models.TextChoices):
    ACCEPT = "accept", "Thống nhất với điểm tự chấm"
    CHANGE = "change", "Điều chỉnh điểm"


class Score(models.Model):
    """The scores of one leaf for one unit in one round: what the data say (auto), what the
    unit gave itself, what the council decided, the unit's explanation, and — for the
    responsibility analysis — why points were lost and who answers for it."""

    participation = models.ForeignKey(
        Participation, verbose_name="đơn vị", on_delete=models.CASCADE, related_name="scores"
    )
    criterion = models.ForeignKey(
        Criterion, verbose_name="tiêu chí", on_delete=models.PROTECT, related_name="scores"
    )
    applicable = models.BooleanField("áp dụng đối với đơn vị", default=True)
    applicability_note = models.CharField("lý do không áp dụng", max_length=500, blank=True)
    auto_value = models.DecimalField(
        "số liệu từ hệ thống", max_digits=12, decimal_places=4, null=True, blank=True
    )
    auto_points = models.DecimalField(
        "điểm tính từ số liệu", max_digits=7, decimal_places=2, null=True, blank=True
    )
    auto_provenance = models.TextField("nguồn số liệu", blank=True)
    self_points = models.DecimalField(
        "điểm tự chấm", max_digits=7, decimal_places=2, null=True, blank=True
    )
    self_note = models.TextField("giải thích của đơn vị", blank=True)
    override_reason = models.TextField("lý do điều chỉnh điểm tính từ số liệu", blank=True)
    appraisal_decision = models.CharField(
        "ý kiến thẩm định", max_length=10, choices=AppraisalDecision.choices, blank=True
    )
    appraised_points = models.DecimalField(
        "điểm thẩm định", max_digits=7, decimal_places=2, null=True, blank=True
    )
    appraisal_note = models.TextField("lý do điều chỉnh", blank=True)
    explanation = models.TextField("giải trình của đơn vị", blank=True)
    loss_reason = models.TextField("nguyên nhân mất điểm", blank=True)
    responsible = models.CharField("trách nhiệm thuộc về", max_length=500, blank=True)

    class Meta:
        verbose_name = "điểm tiêu chí"
        verbose_name_plural = "điểm tiêu chí"
        ordering = ["participation", "criterion__sort_key"]
        constraints = [
            models.UniqueConstraint(fields=["participation", "criterion"], name="score_unique")
        ]

    def __str__(self) -> str:
        return f"{self.participation.unit} – {self.criterion.code}"

    @property
    def points(self):
        """The points that count: the council's once it decided, else the unit's own."""
        return self.appraised_points if self.appraised_points is not None else self.self_points


class StatedTotal(models.Model):
    """A total somebody typed (an imported file's area or unit total). Never used: the
    derived total is shown, and a stated one that disagrees with it is flagged."""

    participation = models.ForeignKey(
        Participation,
        verbose_name="đơn vị",
        on_delete=models.CASCADE,
        related_name="stated_totals",
    )
    criterion = models.ForeignKey(
        Criterion,
        verbose_name="lĩnh vực, tiêu chí (trống: tổng điểm)",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    points = models.DecimalField("điểm ghi trong tệp", max_digits=7, decimal_places=2)
    origin = models.CharField("nguồn", max_length=300, blank=True)

    class Meta:
        verbose_name = "tổng điểm ghi sẵn"
        verbose_name_plural = "tổng điểm ghi sẵn"
        constraints = [
            models.UniqueConstraint(
                fields=["participation", "criterion"], name="stated_total_unique"
            ),
            models.UniqueConstraint(
                fields=["participation"],
                condition=models.Q(criterion__isnull=True),
                name="stated_grand_total_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participation.unit} – {self.criterion.code if self.criterion else 'tổng'}"


def evidence_path(instance, filename: str) -> str:
    suffix = PurePath(filename).suffix.lower()
    return f"evidence/{instance.participation.round_id}/{uuid4().hex}{suffix}"


class Evidence(models.Model):
    """An evidence document (tài liệu kiểm chứng) for one leaf, stored outside the web root."""

    participation = models.ForeignKey(
        Participation, verbose_name="đơn vị", on_delete=models.CASCADE, related_name="evidence"
    )
    criterion = models.ForeignKey(
        Criterion, verbose_name="tiêu chí", on_delete=models.PROTECT, related_name="+"
    )
    file = models.FileField("tệp", upload_to=evidence_path, max_length=255)
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
        verbose_name = "tài liệu kiểm chứng"
        verbose_name_plural = "tài liệu kiểm chứng"
        ordering = ["participation", "criterion__sort_key", "uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class RoundAction(models.TextChoices):
    OPEN = "open", "Mở đợt đánh giá"
    SELF_SCORE = "self_score", "Tự chấm điểm"
    ATTACH = "attach", "Tải lên tài liệu kiểm chứng"
    SUBMIT = "submit", "Nộp kết quả tự đánh giá"
    APPRAISE = "appraise", "Thẩm định tiêu chí"
    SEND_APPRAISAL = "send", "Gửi kết quả thẩm định"
    EXPLAIN = "explain", "Giải trình"
    FINALISE = "finalise", "Chốt kết quả"
    SURVEY = "survey", "Nhập điểm điều tra xã hội học, thưởng, trừ"
    IMPORT = "import", "Nhập điểm từ tệp"
    ANALYSE = "analyse", "Phân tích nguyên nhân, trách nhiệm"
    REMEDIATE = "remediate", "Tạo nhiệm vụ khắc phục"
    PUBLISH = "publish", "Công bố kết quả"


class RoundEvent(AppendOnlyModel):
    append_only_message = "Lịch sử đợt đánh giá không được sửa hoặc xóa."

    round = models.ForeignKey(
        AssessmentRound,
        verbose_name="đợt đánh giá",
        on_delete=models.CASCADE,
        related_name="events",
    )
    participation = models.ForeignKey(
        Participation,
        verbose_name="đơn vị",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="events",
    )
    criterion_code = models.CharField("tiêu chí", max_length=20, blank=True)
    at = models.DateTimeField("lúc")
    actor = history_actor()
    action = models.CharField("thao tác", max_length=10, choices=RoundAction.choices)
    old_points = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    new_points = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    note = models.TextField("ghi chú", blank=True)

    class Meta:
        verbose_name = "lịch sử đợt đánh giá"
        verbose_name_plural = "lịch sử đợt đánh giá"
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} – {self.round}"


class Remediation(models.Model):
    """The plan task created to remedy a leaf that lost points (one per leaf and unit)."""

    score = models.OneToOneField(
        Score, verbose_name="điểm tiêu chí", on_delete=models.PROTECT, related_name="remediation"
    )
    task = models.OneToOneField(
        "plans.Task", verbose_name="nhiệm vụ", on_delete=models.PROTECT, related_name="remediation"
    )
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)

    class Meta:
        verbose_name = "nhiệm vụ khắc phục"
        verbose_name_plural = "nhiệm vụ khắc phục"

    def __str__(self) -> str:
        return str(self.task)


class ResponsibilityReport(models.Model):
    """The responsibility analysis report of seed 002 for one unit's result in a round:
    its header, the tasks and solutions per area, and the organisation of implementation.
    The figures are never stored here: they are read from the scores when it is rendered."""

    participation = models.OneToOneField(
        Participation,
        verbose_name="kết quả của đơn vị",
        on_delete=models.CASCADE,
        related_name="responsibility_report",
    )
    subordinate_round = models.ForeignKey(
        AssessmentRound,
        verbose_name="đợt đánh giá các đơn vị trực thuộc",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    number = models.CharField("số văn bản", max_length=40, blank=True)
    place = models.CharField("địa danh", max_length=100, blank=True)
    issued_on = models.DateField("ngày ký", null=True, blank=True)
    legal_basis = models.TextField("căn cứ", blank=True)
    # {"1": {"tasks": "…", "hosts": "…"}, …} per area code.
    solutions = models.JSONField("nhiệm vụ, giải pháp theo lĩnh vực", default=dict, blank=True)
    organisation = models.TextField("tổ chức thực hiện", blank=True)
    remediation_due_on = models.DateField("hạn gửi kế hoạch khắc phục", null=True, blank=True)
    recipients = models.TextField("nơi nhận", blank=True)
    signer_authority = models.CharField("thẩm quyền ký", max_length=60, blank=True)
    signer_position = models.CharField("chức vụ người ký", max_length=60, blank=True)
    signer_name = models.CharField("người ký", max_length=150, blank=True)
    revision = models.PositiveIntegerField("lần cập nhật", default=0, editable=False)
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)

    class Meta:
        verbose_name = "báo cáo phân tích nguyên nhân, trách nhiệm"
        verbose_name_plural = "báo cáo phân tích nguyên nhân, trách nhiệm"

    def __str__(self) -> str:
        return f"Báo cáo phân tích Chỉ số CCHC – {self.participation}"

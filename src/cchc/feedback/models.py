"""Citizens' ratings of returned dossiers, survey campaigns, and feedback and petitions (PAKN).

Invariants:
- one `Rating` per dossier, only for a returned dossier; its nine indicator scores and two
  satisfaction answers are stored, its total (0–18), grade and satisfaction are derived
  (`grades`), never stored; `computed` lists the indicators the system scored itself;
- a `RatingInvitation` (the personal link's token) exists only for a returned dossier;
- grade bands are data (`GradeBand`), the defaults loaded by migration 0002;
- a survey's questions are frozen once it has a response; a response's answers are stored
  as given, its satisfaction derived;
- a feedback item's status changes only through `services`, each change appending a
  `FeedbackEvent` (append-only); its answer deadline is a date from the calendar engine;
- every row belongs to one unit, and reads go through `units.permissions`.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models

from cchc.catalog.models import Procedure
from cchc.core.models import AppendOnlyModel, history_actor
from cchc.dossiers.models import Dossier
from cchc.units.models import Office, Unit

# -- ratings of returned dossiers -------------------------------------------------------------


class Satisfaction(models.IntegerChoices):
    VERY_SATISFIED = 2, "Rất hài lòng"
    SATISFIED = 1, "Hài lòng"
    NOT_SATISFIED = 0, "Không hài lòng"


class RatingSource(models.TextChoices):
    LINK = "link", "Đường dẫn cá nhân (mã QR)"
    KIOSK = "kiosk", "Máy đánh giá tại Bộ phận Một cửa"
    PAPER = "paper", "Phiếu giấy do công chức nhập"


class GradeBand(models.Model):
    """A grade for a unit's average evaluation score: from `minimum` up to the next band."""

    label = models.CharField("xếp loại", max_length=60, unique=True)
    minimum = models.DecimalField(
        "điểm tối thiểu", max_digits=4, decimal_places=2, validators=[MaxValueValidator(18)]
    )

    class Meta:
        verbose_name = "mức xếp loại đánh giá"
        verbose_name_plural = "mức xếp loại đánh giá"
        ordering = ["-minimum"]

    def __str__(self) -> str:
        return f"{self.label} (từ {self.minimum} điểm)"


class RatingInvitation(models.Model):
    """The personal rating link of a returned dossier (the token is the whole secret)."""

    dossier = models.OneToOneField(
        Dossier, verbose_name="hồ sơ", on_delete=models.CASCADE, related_name="rating_invitation"
    )
    token = models.CharField("mã đường dẫn", max_length=64, unique=True)
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)

    class Meta:
        verbose_name = "đường dẫn đánh giá"
        verbose_name_plural = "đường dẫn đánh giá"

    def __str__(self) -> str:
        return f"Đường dẫn đánh giá hồ sơ {self.dossier}"


def _score_field(number: int):
    return models.PositiveSmallIntegerField(f"tiêu chí {number}", validators=[MaxValueValidator(2)])


class Rating(models.Model):
    """A citizen's evaluation of one returned dossier (nine indicators, two satisfaction
    answers). `unit` is the dossier's receiving unit; `received_by` and `returned_by` are the
    officers who received the dossier and returned its result (per-officer results)."""

    dossier = models.OneToOneField(
        Dossier, verbose_name="hồ sơ", on_delete=models.PROTECT, related_name="rating"
    )
    unit = models.ForeignKey(
        Unit, verbose_name="đơn vị tiếp nhận", on_delete=models.PROTECT, related_name="ratings"
    )
    procedure = models.ForeignKey(
        Procedure, verbose_name="thủ tục", on_delete=models.PROTECT, related_name="+"
    )
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="công chức tiếp nhận",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="công chức trả kết quả",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    returned_at = models.DateTimeField("trả kết quả lúc")
    rated_at = models.DateTimeField("đánh giá lúc")
    source = models.CharField("hình thức đánh giá", max_length=10, choices=RatingSource.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="công chức nhập phiếu",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    score_1 = _score_field(1)
    score_2 = _score_field(2)
    score_3 = _score_field(3)
    score_4 = _score_field(4)
    score_5 = _score_field(5)
    score_6 = _score_field(6)
    score_7 = _score_field(7)
    score_8 = _score_field(8)
    score_9 = _score_field(9)
    computed = models.JSONField("tiêu chí hệ thống tự chấm", default=list, blank=True)
    staff_satisfaction = models.PositiveSmallIntegerField(
        "hài lòng về thái độ phục vụ", choices=Satisfaction.choices
    )
    result_satisfaction = models.PositiveSmallIntegerField(
        "hài lòng về kết quả giải quyết", choices=Satisfaction.choices
    )
    comment = models.TextField("góp ý", blank=True)

    class Meta:
        verbose_name = "phiếu đánh giá hồ sơ"
        verbose_name_plural = "phiếu đánh giá hồ sơ"
        ordering = ["-rated_at", "-id"]
        indexes = [
            models.Index(fields=["unit", "rated_at"], name="rating_unit_rated"),
            models.Index(fields=["received_by", "rated_at"], name="rating_receiver_rated"),
            models.Index(fields=["returned_by", "rated_at"], name="rating_returner_rated"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    score_1__lte=2,
                    score_2__lte=2,
                    score_3__lte=2,
                    score_4__lte=2,
                    score_5__lte=2,
                    score_6__lte=2,
                    score_7__lte=2,
                    score_8__lte=2,
                    score_9__lte=2,
                    staff_satisfaction__lte=2,
                    result_satisfaction__lte=2,
                ),
                name="rating_scores_0_to_2",
            )
        ]

    def __str__(self) -> str:
        return f"Đánh giá hồ sơ {self.dossier}"

    @property
    def scores(self) -> dict[int, int]:
        return {n: getattr(self, f"score_{n}") for n in range(1, 10)}

    @property
    def total(self) -> int:
        return sum(self.scores.values())


SCORE_FIELDS = tuple(f"score_{n}" for n in range(1, 10))

# -- survey campaigns ------------------------------------------------------------------------


class QuestionKind(models.TextChoices):
    SATISFACTION = "satisfaction", "Mức độ hài lòng (Rất hài lòng / Hài lòng / Không hài lòng)"
    CHOICE = "choice", "Chọn một phương án"
    TEXT = "text", "Trả lời tự do"


class ResponseSource(models.TextChoices):
    ONLINE = "online", "Trực tuyến"
    PAPER = "paper", "Phiếu giấy"


class Survey(models.Model):
    """A survey campaign of one unit over a period (khảo sát sự hài lòng, chi phí không
    chính thức…); answered online through its public link or entered from paper forms."""

    unit = models.ForeignKey(
        Unit, verbose_name="đơn vị khảo sát", on_delete=models.PROTECT, related_name="surveys"
    )
    title = models.CharField("tên cuộc khảo sát", max_length=255)
    description = models.TextField("lời giới thiệu", blank=True)
    starts_on = models.DateField("từ ngày")
    ends_on = models.DateField("đến ngày")
    token = models.CharField("mã đường dẫn", max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người tạo",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    revision = models.PositiveIntegerField("lần cập nhật", default=0, editable=False)

    class Meta:
        verbose_name = "cuộc khảo sát"
        verbose_name_plural = "cuộc khảo sát"
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="survey_period_order"
            )
        ]

    def __str__(self) -> str:
        return self.title


class SurveyQuestion(models.Model):
    survey = models.ForeignKey(
        Survey, verbose_name="cuộc khảo sát", on_delete=models.CASCADE, related_name="questions"
    )
    order = models.PositiveSmallIntegerField("thứ tự")
    text = models.CharField("câu hỏi", max_length=500)
    kind = models.CharField("loại câu hỏi", max_length=15, choices=QuestionKind.choices)
    options = models.JSONField("các phương án", default=list, blank=True)
    required = models.BooleanField("bắt buộc trả lời", default=True)

    class Meta:
        verbose_name = "câu hỏi khảo sát"
        verbose_name_plural = "câu hỏi khảo sát"
        ordering = ["survey", "order", "id"]

    def __str__(self) -> str:
        return self.text

    @property
    def choices(self) -> list[tuple[int, str]]:
        """(stored value, label): satisfaction 2/1/0, a choice question its option index."""
        if self.kind == QuestionKind.SATISFACTION:
            return [(s.value, s.label) for s in Satisfaction]
        if self.kind == QuestionKind.CHOICE:
            return list(enumerate(self.options))
        return []


class SurveyResponse(models.Model):
    survey = models.ForeignKey(
        Survey, verbose_name="cuộc khảo sát", on_delete=models.PROTECT, related_name="responses"
    )
    source = models.CharField("hình thức", max_length=10, choices=ResponseSource.choices)
    answered_on = models.DateField("ngày trả lời")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="công chức nhập phiếu",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("ghi nhận lúc", auto_now_add=True)

    class Meta:
        verbose_name = "phiếu khảo sát"
        verbose_name_plural = "phiếu khảo sát"
        ordering = ["survey", "answered_on", "id"]
        indexes = [models.Index(fields=["survey", "answered_on"], name="survey_response_day")]

    def __str__(self) -> str:
        return f"Phiếu khảo sát #{self.pk} – {self.survey}"


class SurveyAnswer(models.Model):
    response = models.ForeignKey(
        SurveyResponse, verbose_name="phiếu", on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(
        SurveyQuestion, verbose_name="câu hỏi", on_delete=models.PROTECT, related_name="answers"
    )
    choice = models.PositiveSmallIntegerField("phương án", null=True, blank=True)
    text = models.TextField("câu trả lời", blank=True)

    class Meta:
        verbose_name = "câu trả lời khảo sát"
        verbose_name_plural = "câu trả lời khảo sát"
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question"], name="survey_answer_once_per_question"
            )
        ]

    def __str__(self) -> str:
        return f"{self.question}: {self.choice if self.choice is not None else self.text}"


# -- feedback and petitions (PAKN) ----------------------------------------------------------


class FeedbackChannel(models.TextChoices):
    ONLINE = "online", "Trực tuyến"
    COUNTER = "counter", "Trực tiếp tại cơ quan"
    PHONE = "phone", "Điện thoại"
    LETTER = "letter", "Thư, văn bản"
    HOTLINE = "hotline", "Đường dây nóng"


class FeedbackContent(models.TextChoices):
    REGULATION = "regulation", "Về quy định hành chính"
    SERVICE = "service", "Về việc giải quyết thủ tục, thái độ của cán bộ, công chức"
    OTHER = "other", "Nội dung khác"


class FeedbackStatus(models.TextChoices):
    RECEIVED = "received", "Mới tiếp nhận"
    IN_PROGRESS = "in_progress", "Đang xử lý"
    ANSWERED = "answered", "Đã trả lời"


class Feedback(models.Model):
    """A feedback or petition (phản ánh, kiến nghị) from a citizen or organisation."""

    code = models.CharField("mã phản ánh", max_length=30, unique=True)
    unit = models.ForeignKey(
        Unit, verbose_name="đơn vị xử lý", on_delete=models.PROTECT, related_name="feedback"
    )
    office = models.ForeignKey(
        Office,
        verbose_name="phòng, ban xử lý",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="feedback",
    )
    channel = models.CharField("kênh tiếp nhận", max_length=10, choices=FeedbackChannel.choices)
    content = models.CharField("nội dung", max_length=12, choices=FeedbackContent.choices)
    procedure = models.ForeignKey(
        Procedure,
        verbose_name="thủ tục liên quan",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    dossier = models.ForeignKey(
        Dossier,
        verbose_name="hồ sơ liên quan",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="feedback",
    )
    subject = models.CharField("tiêu đề", max_length=255)
    body = models.TextField("nội dung phản ánh, kiến nghị")
    # Personal data: shown only to the staff handling the item, never on a public page.
    sender_name = models.CharField("họ và tên người gửi", max_length=255)
    sender_phone = models.CharField("số điện thoại", max_length=40, blank=True)
    sender_email = models.EmailField("thư điện tử", blank=True)
    sender_address = models.CharField("địa chỉ", max_length=500, blank=True)
    received_at = models.DateTimeField("tiếp nhận lúc")
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="công chức tiếp nhận",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    due_on = models.DateField("hạn trả lời")
    status = models.CharField(
        "tình trạng",
        max_length=12,
        choices=FeedbackStatus.choices,
        default=FeedbackStatus.RECEIVED,
    )
    answer = models.TextField("nội dung trả lời", blank=True)
    answered_at = models.DateTimeField("trả lời lúc", null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người trả lời",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    unfounded = models.BooleanField("phản ánh không đúng sự thật (đã xác minh)", default=False)
    published_at = models.DateTimeField("công khai lúc", null=True, blank=True)
    public_question = models.TextField(
        "nội dung công khai (không có thông tin cá nhân)", blank=True
    )
    revision = models.PositiveIntegerField("lần cập nhật", default=0, editable=False)
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)

    class Meta:
        verbose_name = "phản ánh, kiến nghị"
        verbose_name_plural = "phản ánh, kiến nghị"
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["unit", "received_at"], name="feedback_unit_received"),
            models.Index(fields=["unit", "answered_at"], name="feedback_unit_answered"),
            models.Index(fields=["status", "due_on"], name="feedback_status_due"),
            models.Index(fields=["published_at"], name="feedback_published"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="answered", answered_at__isnull=False)
                | (~models.Q(status="answered") & models.Q(answered_at__isnull=True)),
                name="feedback_answered_at_iff_answered",
            ),
            models.CheckConstraint(
                condition=models.Q(published_at__isnull=True) | models.Q(status="answered"),
                name="feedback_published_only_answered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} – {self.subject}"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class FeedbackAction(models.TextChoices):
    RECEIVE = "receive", "Tiếp nhận"
    ROUTE = "route", "Phân loại, chuyển xử lý"
    ANSWER = "answer", "Trả lời"
    PUBLISH = "publish", "Công khai trả lời"
    UNPUBLISH = "unpublish", "Thôi công khai"
    REMIND = "remind", "Nhắc hạn"


class FeedbackEvent(AppendOnlyModel):
    """One line of a feedback item's history: never edited, never deleted."""

    append_only_message = "Lịch sử xử lý phản ánh, kiến nghị không được sửa hoặc xóa."

    feedback = models.ForeignKey(
        Feedback,
        verbose_name="phản ánh, kiến nghị",
        on_delete=models.PROTECT,
        related_name="events",
    )
    at = models.DateTimeField("lúc")
    actor = history_actor()
    action = models.CharField("thao tác", max_length=10, choices=FeedbackAction.choices)
    from_status = models.CharField(max_length=12, blank=True)
    to_status = models.CharField(max_length=12, blank=True)
    unit = models.ForeignKey(
        Unit,
        verbose_name="đơn vị",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    office = models.ForeignKey(
        Office,
        verbose_name="phòng, ban",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.TextField("ghi chú", blank=True)

    class Meta:
        verbose_name = "lịch sử xử lý phản ánh, kiến nghị"
        verbose_name_plural = "lịch sử xử lý phản ánh, kiến nghị"
        ordering = ["feedback", "at", "id"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} – {self.feedback.code}"

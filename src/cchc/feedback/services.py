"""Every write of the feedback app: one function per business action, one transaction each,
the permission check first, and for feedback items an appended `FeedbackEvent`.

Who writes:
- ratings: the citizen through the personal link or the kiosk (no account: the token or the
  dossier code with its check value is the proof); the one-stop officer of the dossier's
  receiving unit from a paper form;
- surveys: the reform officer, unit leader or administrator of the unit create them and
  their questions; those and the one-stop officers enter paper answers; anyone answers
  online through the campaign's link while it runs;
- feedback (PAKN): anyone online; the unit's one-stop officers and managers record what
  came at the counter, by phone, letter or hotline; the managers (reform officer, unit
  leader, administrator) route, answer and publish; the head and the specialists of the
  office it was routed to may also answer.

Refusals raise `FeedbackRefused` (a `ValidationError`, Vietnamese, keyed by field where one
field is to blame) or `PermissionDenied`; a stale `revision` raises `FeedbackConflict`.
Either way nothing is written.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import date, datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from cchc.catalog.models import Procedure
from cchc.core import vnformat
from cchc.core.errors import StaleWrite
from cchc.dossiers.models import Dossier, HistoryAction, Status
from cchc.units.models import Office, Role, RoleGrant, Unit
from cchc.units.permissions import visible_unit_ids
from cchc.workcal import services as workcal

from . import access, facts, indicators
from .models import (
    Feedback,
    FeedbackAction,
    FeedbackChannel,
    FeedbackContent,
    FeedbackEvent,
    FeedbackStatus,
    QuestionKind,
    Rating,
    RatingInvitation,
    RatingSource,
    ResponseSource,
    Satisfaction,
    Survey,
    SurveyAnswer,
    SurveyQuestion,
    SurveyResponse,
)

log = logging.getLogger("cchc.feedback")
R = Role

MANAGER_ROLES = (R.REFORM_OFFICER.value, R.UNIT_LEADER.value, R.ADMINISTRATOR.value)
DESK_ROLES = (R.ONE_STOP_OFFICER.value,)
OFFICE_ROLES = (R.OFFICE_HEAD.value, R.SPECIALIST.value)
# Who reads the ratings, survey results and feedback statistics of a unit.
RESULT_ROLES = (*MANAGER_ROLES, R.OFFICE_HEAD.value, R.ONE_STOP_OFFICER.value)
SURVEY_WRITERS = MANAGER_ROLES
SURVEY_RECORDERS = (*MANAGER_ROLES, *DESK_ROLES)
INTAKE_ROLES = (*MANAGER_ROLES, *DESK_ROLES)

DEFAULT_ANSWER_DAYS = 10
MAX_COMMENT = 2000
MAX_BODY = 5000
FEEDBACK_CODE_ATTEMPTS = 5


class FeedbackRefused(ValidationError):
    """A write that is not allowed (Vietnamese message); nothing was written."""


class FeedbackConflict(StaleWrite):
    """The record changed since the caller loaded it; nothing was written."""

    what = "Phản ánh, kiến nghị"


def _reaches(user, unit_id: int, roles) -> bool:
    return unit_id in visible_unit_ids(user, tuple(roles))


def _now(at: datetime | None) -> datetime:
    return at or timezone.now()


def _actor(user):
    return user if getattr(user, "pk", None) and getattr(user, "is_authenticated", False) else None


def _text(errors: dict, field: str, value, label: str, *, required=True, max_length=None) -> str:
    value = (value or "").strip() if isinstance(value, str) or value is None else None
    if value is None:
        errors[field] = f"{label} không hợp lệ."
        return ""
    if required and not value:
        errors[field] = f"Vui lòng nhập {label.lower()}."
    elif max_length and len(value) > max_length:
        errors[field] = f"{label} tối đa {vnformat.number(max_length)} ký tự."
    return value


def _raise(errors: dict) -> None:
    if errors:
        raise FeedbackRefused(dict(errors))


# -- ratings of returned dossiers -----------------------------------------------------------

NOT_RETURNED = "Chỉ đánh giá được hồ sơ đã trả kết quả."
ALREADY_RATED = "Hồ sơ này đã được đánh giá; mỗi hồ sơ chỉ đánh giá một lần. Xin cảm ơn."
WRONG_CODE_OR_CHECK = (
    "Mã hồ sơ hoặc số kiểm tra không đúng. Vui lòng xem lại Giấy tiếp nhận hồ sơ và hẹn trả "
    "kết quả."
)


def invite(dossier: Dossier | int) -> RatingInvitation | None:
    """The personal rating link of a returned dossier, created the first time it is asked
    for (on return, through the dossier events); None for a dossier not returned."""
    pk = getattr(dossier, "pk", dossier)
    if not Dossier.objects.filter(pk=pk, status=Status.RETURNED).exists():
        return None
    found = RatingInvitation.objects.filter(dossier_id=pk).first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            return RatingInvitation.objects.create(dossier_id=pk, token=access.new_token())
    except IntegrityError:  # created by a concurrent request
        return RatingInvitation.objects.get(dossier_id=pk)


def rating_url(dossier: Dossier | int) -> str | None:
    """The absolute address of the dossier's personal rating page (from
    `settings.CCHC_PUBLIC_URL`), or None while the dossier is not returned. The portal's
    lookup page shows it; the page itself shows only the procedure and dates."""
    invitation = invite(dossier)
    if invitation is None:
        return None
    base = getattr(settings, "CCHC_PUBLIC_URL", "").rstrip("/")
    return f"{base}{reverse('rating-link', args=[invitation.token])}"


def on_dossier_event(event) -> None:
    """Dossier events listener (FeedbackConfig.ready): a returned dossier gets its link."""
    if event.action == HistoryAction.RETURN:
        invite(event.dossier_id)


def kiosk_invitation(code: str, check: str) -> RatingInvitation:
    """The kiosk at the desk: the dossier code and the last four digits of the applicant's
    phone or identity number open the rating of a returned dossier. A wrong code and a wrong
    check value get the same refusal (and take the same work)."""
    code = access.normalise_code(code)
    dossier = (
        Dossier.objects.filter(code=code)
        .only("pk", "status", "applicant_phone", "applicant_id_number")
        .first()
        if code
        else None
    )
    numbers = (dossier.applicant_phone, dossier.applicant_id_number) if dossier else ("", "")
    matched = access.check_matches(check, *numbers)
    if dossier is None or not matched:
        raise FeedbackRefused(WRONG_CODE_OR_CHECK)
    if dossier.status != Status.RETURNED:
        raise FeedbackRefused(NOT_RETURNED)
    if Rating.objects.filter(dossier_id=dossier.pk).exists():
        raise FeedbackRefused(ALREADY_RATED)
    return invite(dossier)


def invitation_for(token: str) -> RatingInvitation | None:
    if not token or len(token) > 64:
        return None
    return (
        RatingInvitation.objects.select_related("dossier__procedure", "dossier__unit")
        .filter(token=token)
        .first()
    )


def _clean_answers(known: Mapping[int, int], answers, staff, result, comment) -> dict:
    errors: dict = {}
    try:
        scores = indicators.merge(known, {int(k): v for k, v in (answers or {}).items()})
    except ValueError as exc:
        errors["answers"] = str(exc)
        scores = {}
    for field, value in (("staff_satisfaction", staff), ("result_satisfaction", result)):
        if value not in Satisfaction.values:
            errors[field] = "Vui lòng chọn mức độ hài lòng."
    comment = _text(errors, "comment", comment, "Góp ý", required=False, max_length=MAX_COMMENT)
    _raise(errors)
    return {
        **{f"score_{n}": scores[n] for n in indicators.NUMBERS},
        "computed": sorted(known),
        "staff_satisfaction": staff,
        "result_satisfaction": result,
        "comment": comment,
    }


def _rate(dossier_pk: int, source: str, values: dict, at, recorded_by=None) -> Rating:
    dossier = (
        Dossier.objects.select_for_update(of=("self",))
        .select_related("unit", "unit__parent", "procedure")
        .filter(pk=dossier_pk)
        .first()
    )
    if dossier is None or dossier.status != Status.RETURNED:
        raise FeedbackRefused(NOT_RETURNED)
    if Rating.objects.filter(dossier_id=dossier.pk).exists():
        raise FeedbackRefused(ALREADY_RATED)
    at = _now(at)
    clean = _clean_answers(facts.known_scores(dossier, at), **values)
    received_by, returned_by = facts.officers([dossier.pk])[dossier.pk]
    try:
        with transaction.atomic():
            return Rating.objects.create(
                dossier=dossier,
                unit_id=dossier.unit_id,
                procedure_id=dossier.procedure_id,
                received_by_id=received_by,
                returned_by_id=returned_by,
                returned_at=dossier.returned_at or at,
                rated_at=at,
                source=source,
                recorded_by=_actor(recorded_by),
                **clean,
            )
    except IntegrityError as exc:  # rated at the same moment elsewhere
        raise FeedbackRefused(ALREADY_RATED) from exc


def _values(answers, staff_satisfaction, result_satisfaction, comment) -> dict:
    return {
        "answers": answers,
        "staff": staff_satisfaction,
        "result": result_satisfaction,
        "comment": comment,
    }


@transaction.atomic
def rate_by_link(
    token: str,
    *,
    answers: Mapping[int, int],
    staff_satisfaction: int | None,
    result_satisfaction: int | None,
    comment: str = "",
    at_kiosk: bool = False,
    at: datetime | None = None,
) -> Rating:
    """The citizen rates through the personal link (or the kiosk, which opens the same form):
    the indicators the records decide are scored by the system, `answers` give the others
    (indicator number → 2, 1 or 0)."""
    invitation = invitation_for(token)
    if invitation is None:
        raise FeedbackRefused("Đường dẫn đánh giá không đúng hoặc đã hết hiệu lực.")
    source = RatingSource.KIOSK if at_kiosk else RatingSource.LINK
    values = _values(answers, staff_satisfaction, result_satisfaction, comment)
    return _rate(invitation.dossier_id, source, values, at)


def can_record_paper(user, dossier: Dossier) -> bool:
    return _reaches(user, dossier.unit_id, DESK_ROLES)


@transaction.atomic
def record_paper_rating(
    officer,
    dossier: Dossier,
    *,
    answers: Mapping[int, int],
    staff_satisfaction: int | None,
    result_satisfaction: int | None,
    comment: str = "",
    at: datetime | None = None,
) -> Rating:
    """The one-stop officer of the dossier's receiving unit enters a paper rating form."""
    if not can_record_paper(officer, dossier):
        raise PermissionDenied("Chỉ công chức Bộ phận Một cửa của đơn vị mới nhập phiếu đánh giá.")
    values = _values(answers, staff_satisfaction, result_satisfaction, comment)
    return _rate(dossier.pk, RatingSource.PAPER, values, at, recorded_by=officer)


# -- survey campaigns -----------------------------------------------------------------------

# (kind, question, options, required)
SATISFACTION_TEMPLATE = (
    (QuestionKind.SATISFACTION, "Ông/Bà hài lòng thế nào về việc tiếp cận dịch vụ?", (), True),
    (QuestionKind.SATISFACTION, "Ông/Bà hài lòng thế nào về thủ tục hành chính?", (), True),
    (QuestionKind.SATISFACTION, "Ông/Bà hài lòng thế nào về công chức giải quyết?", (), True),
    (QuestionKind.SATISFACTION, "Ông/Bà hài lòng thế nào về kết quả giải quyết?", (), True),
    (
        QuestionKind.SATISFACTION,
        "Ông/Bà hài lòng thế nào về việc tiếp nhận, xử lý ý kiến góp ý, phản ánh?",
        (),
        True,
    ),
    (QuestionKind.TEXT, "Ông/Bà có góp ý gì để cơ quan phục vụ tốt hơn?", (), False),
)
INFORMAL_COSTS_TEMPLATE = (
    (
        QuestionKind.CHOICE,
        "Khi giải quyết hồ sơ, Ông/Bà có phải trả chi phí không chính thức (ngoài phí, lệ phí "
        "theo quy định) không?",
        ("Không", "Có"),
        True,
    ),
    (
        QuestionKind.CHOICE,
        "Nếu có, chi phí đó xuất phát từ đâu?",
        ("Công chức gợi ý", "Tự nguyện để được giải quyết nhanh hơn", "Không trả lời"),
        False,
    ),
    (
        QuestionKind.SATISFACTION,
        "Mức độ hài lòng chung của Ông/Bà về việc giải quyết hồ sơ",
        (),
        True,
    ),
)
TEMPLATES = {
    "": ("Không dùng mẫu (tự thêm câu hỏi)", ()),
    "satisfaction": ("Mẫu khảo sát mức độ hài lòng (5 khía cạnh)", SATISFACTION_TEMPLATE),
    "informal_costs": ("Mẫu khảo sát chi phí không chính thức", INFORMAL_COSTS_TEMPLATE),
}
MAX_OPTIONS = 10


def can_manage_survey(user, unit: Unit | int) -> bool:
    return _reaches(user, getattr(unit, "pk", unit), SURVEY_WRITERS)


def can_record_survey(user, unit: Unit | int) -> bool:
    return _reaches(user, getattr(unit, "pk", unit), SURVEY_RECORDERS)


def _require_survey_writer(actor, unit_id: int) -> None:
    if actor is None:  # a trusted caller (the demo), never a web request
        return
    if not can_manage_survey(actor, unit_id):
        raise PermissionDenied("Anh/chị không có quyền tổ chức khảo sát của đơn vị này.")


def _clean_question(text, kind, options) -> dict:
    errors: dict = {}
    text = _text(errors, "text", text, "Câu hỏi", max_length=500)
    if kind not in QuestionKind.values:
        errors["kind"] = "Vui lòng chọn loại câu hỏi."
    cleaned = [o.strip() for o in options or () if (o or "").strip()]
    if kind == QuestionKind.CHOICE:
        if len(cleaned) < 2:
            errors["options"] = "Câu hỏi chọn phương án cần ít nhất 2 phương án, mỗi dòng một."
        elif len(cleaned) > MAX_OPTIONS:
            errors["options"] = f"Tối đa {MAX_OPTIONS} phương án."
        elif len(set(cleaned)) != len(cleaned):
            errors["options"] = "Hai phương án không được trùng nhau."
        elif any(len(o) > 255 for o in cleaned):
            errors["options"] = "Mỗi phương án tối đa 255 ký tự."
    else:
        cleaned = []
    _raise(errors)
    return {"text": text, "kind": kind, "options": cleaned}


@transaction.atomic
def create_survey(
    actor,
    unit: Unit,
    *,
    title: str,
    starts_on: date | None,
    ends_on: date | None,
    description: str = "",
    template: str = "",
) -> Survey:
    """A survey campaign of `unit` over [starts_on, ends_on], with the questions of
    `template` ("satisfaction", "informal_costs") or none yet."""
    _require_survey_writer(actor, unit.pk)
    errors: dict = {}
    title = _text(errors, "title", title, "Tên cuộc khảo sát", max_length=255)
    description = _text(errors, "description", description, "Lời giới thiệu", required=False)
    if not isinstance(starts_on, date):
        errors["starts_on"] = "Vui lòng nhập ngày bắt đầu khảo sát."
    if not isinstance(ends_on, date):
        errors["ends_on"] = "Vui lòng nhập ngày kết thúc khảo sát."
    elif isinstance(starts_on, date) and ends_on < starts_on:
        errors["ends_on"] = "Ngày kết thúc phải từ ngày bắt đầu trở đi."
    if template not in TEMPLATES:
        errors["template"] = "Mẫu câu hỏi không hợp lệ."
    _raise(errors)
    survey = Survey.objects.create(
        unit=unit,
        title=title,
        description=description,
        starts_on=starts_on,
        ends_on=ends_on,
        token=access.new_token(),
        created_by=_actor(actor),
    )
    SurveyQuestion.objects.bulk_create(
        SurveyQuestion(
            survey=survey, order=n, text=text, kind=kind, options=list(options), required=required
        )
        for n, (kind, text, options, required) in enumerate(TEMPLATES[template][1], start=1)
    )
    return survey


def _frozen(survey: Survey) -> None:
    if survey.responses.exists():
        raise FeedbackRefused(
            "Cuộc khảo sát đã có phiếu trả lời nên không thêm, bớt câu hỏi được nữa."
        )


def _lock_survey(survey: Survey, expected_revision) -> Survey:
    fresh = Survey.objects.select_for_update().get(pk=survey.pk)
    revision = survey.revision if expected_revision is None else expected_revision
    if fresh.revision != revision:
        raise FeedbackConflict("Cuộc khảo sát")
    return fresh


def _bump_survey(survey: Survey) -> None:
    Survey.objects.filter(pk=survey.pk).update(revision=F("revision") + 1)


@transaction.atomic
def add_question(
    actor,
    survey: Survey,
    *,
    text: str,
    kind: str,
    options=(),
    required: bool = True,
    expected_revision: int | None = None,
) -> SurveyQuestion:
    """A question at the end of the questionnaire (only before the first answer)."""
    _require_survey_writer(actor, survey.unit_id)
    fresh = _lock_survey(survey, expected_revision)
    _frozen(fresh)
    clean = _clean_question(text, kind, options)
    last = fresh.questions.order_by("-order").values_list("order", flat=True).first() or 0
    question = SurveyQuestion.objects.create(
        survey=fresh, order=last + 1, required=bool(required), **clean
    )
    _bump_survey(fresh)
    return question


@transaction.atomic
def remove_question(
    actor, survey: Survey, question: SurveyQuestion, *, expected_revision: int | None = None
) -> None:
    _require_survey_writer(actor, survey.unit_id)
    fresh = _lock_survey(survey, expected_revision)
    _frozen(fresh)
    if question.survey_id != fresh.pk:
        raise FeedbackRefused("Câu hỏi không thuộc cuộc khảo sát này.")
    question.delete()
    _bump_survey(fresh)


def _clean_response(survey: Survey, answers: Mapping) -> list[SurveyAnswer]:
    """Answers keyed by question id: an int (the option) for satisfaction and choice
    questions, text for text questions; a required question must be answered."""
    questions = list(survey.questions.all())
    if not questions:
        raise FeedbackRefused("Cuộc khảo sát chưa có câu hỏi.")
    errors: dict = {}
    rows = []
    for q in questions:
        value = answers.get(q.pk, answers.get(str(q.pk)))
        field = f"q{q.pk}"
        if q.kind == QuestionKind.TEXT:
            text = _text(errors, field, value, "Câu trả lời", required=q.required, max_length=2000)
            if text:
                rows.append(SurveyAnswer(question=q, text=text))
            continue
        if value in (None, ""):
            if q.required:
                errors[field] = f"Vui lòng trả lời câu hỏi {q.order}."
            continue
        try:
            choice = int(value)
        except (TypeError, ValueError):
            choice = -1
        if choice not in dict(q.choices):
            errors[field] = f"Câu trả lời cho câu hỏi {q.order} không hợp lệ."
            continue
        rows.append(SurveyAnswer(question=q, choice=choice))
    if not errors and not rows:
        errors["__all__"] = "Phiếu chưa có câu trả lời nào."
    _raise(errors)
    return rows


def _save_response(survey, source, day, rows, recorded_by=None) -> SurveyResponse:
    response = SurveyResponse.objects.create(
        survey=survey, source=source, answered_on=day, recorded_by=_actor(recorded_by)
    )
    for row in rows:
        row.response = response
    SurveyAnswer.objects.bulk_create(rows)
    return response


def survey_for_token(token: str) -> Survey | None:
    if not token or len(token) > 64:
        return None
    return Survey.objects.select_related("unit").filter(token=token).first()


def is_open(survey: Survey, today: date) -> bool:
    return survey.starts_on <= today <= survey.ends_on


@transaction.atomic
def answer_survey(token: str, answers: Mapping, *, today: date | None = None) -> SurveyResponse:
    """An online answer through the campaign's public link, while the campaign runs."""
    survey = survey_for_token(token)
    if survey is None:
        raise FeedbackRefused("Không tìm thấy cuộc khảo sát.")
    today = today or timezone.localdate()
    if not is_open(survey, today):
        raise FeedbackRefused(
            f"Cuộc khảo sát diễn ra từ ngày {vnformat.short_date(survey.starts_on)} đến ngày "
            f"{vnformat.short_date(survey.ends_on)}; hiện không nhận phiếu trả lời."
        )
    return _save_response(survey, ResponseSource.ONLINE, today, _clean_response(survey, answers))


@transaction.atomic
def record_paper_response(
    actor, survey: Survey, answers: Mapping, *, answered_on: date | None, today=None
) -> SurveyResponse:
    """A paper form entered by staff: its date must fall in the campaign, not in the future.
    `actor` None is a trusted caller (the demo), never a web request."""
    if actor is not None and not can_record_survey(actor, survey.unit_id):
        raise PermissionDenied("Anh/chị không có quyền nhập phiếu khảo sát của đơn vị này.")
    today = today or timezone.localdate()
    if not isinstance(answered_on, date):
        raise FeedbackRefused({"answered_on": "Vui lòng nhập ngày trên phiếu."})
    if not survey.starts_on <= answered_on <= survey.ends_on:
        raise FeedbackRefused(
            {
                "answered_on": f"Ngày trên phiếu phải trong thời gian khảo sát (từ "
                f"{vnformat.short_date(survey.starts_on)} đến "
                f"{vnformat.short_date(survey.ends_on)})."
            }
        )
    if answered_on > today:
        raise FeedbackRefused({"answered_on": "Ngày trên phiếu không được sau hôm nay."})
    rows = _clean_response(survey, answers)
    return _save_response(survey, ResponseSource.PAPER, answered_on, rows, recorded_by=actor)


# -- feedback and petitions (PAKN) ------------------------------------------------------------

# The allowed status changes of a feedback item: action → statuses it may start from.
ALLOWED: dict[str, tuple[str, ...]] = {
    FeedbackAction.ROUTE: (FeedbackStatus.RECEIVED, FeedbackStatus.IN_PROGRESS),
    FeedbackAction.ANSWER: (FeedbackStatus.RECEIVED, FeedbackStatus.IN_PROGRESS),
    FeedbackAction.PUBLISH: (FeedbackStatus.ANSWERED,),
    FeedbackAction.UNPUBLISH: (FeedbackStatus.ANSWERED,),
}
REFUSALS = {
    FeedbackAction.ROUTE: "Phản ánh, kiến nghị đã được trả lời nên không chuyển xử lý được nữa.",
    FeedbackAction.ANSWER: "Phản ánh, kiến nghị đã được trả lời.",
    FeedbackAction.PUBLISH: "Chỉ công khai được phản ánh, kiến nghị đã trả lời.",
    FeedbackAction.UNPUBLISH: "Phản ánh, kiến nghị chưa được công khai.",
}


def answer_days() -> int:
    """Working days to answer (settings `CCHC_FEEDBACK_ANSWER_DAYS`, default 10)."""
    return int(getattr(settings, "CCHC_FEEDBACK_ANSWER_DAYS", DEFAULT_ANSWER_DAYS))


def due_on(received_at: datetime, unit: Unit) -> date:
    """The answer deadline: `answer_days()` working days after the day received, on the
    unit's calendar (`workcal.due_date`: holidays and weekends skipped)."""
    day = workcal.to_local(received_at).date()
    return workcal.due_date(day, f"{answer_days()}d", unit)


def can_intake(user, unit: Unit | int) -> bool:
    return _reaches(user, getattr(unit, "pk", unit), INTAKE_ROLES)


def can_manage(user, item: Feedback) -> bool:
    """Route, answer, publish: the managers of the item's unit."""
    return _reaches(user, item.unit_id, MANAGER_ROLES)


def office_ids(user) -> frozenset[int]:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    return frozenset(
        RoleGrant.objects.filter(user=user, role__in=OFFICE_ROLES, office__isnull=False)
        .values_list("office_id", flat=True)
        .distinct()
    )


def can_answer(user, item: Feedback) -> bool:
    if can_manage(user, item):
        return True
    return (
        item.office_id is not None
        and item.office_id in office_ids(user)
        and _reaches(user, item.unit_id, OFFICE_ROLES)
    )


def _event(item: Feedback, actor, action, from_status, to_status, note="", at=None) -> None:
    FeedbackEvent.objects.create(
        feedback=item,
        at=_now(at),
        actor=_actor(actor),
        action=action,
        from_status=from_status or "",
        to_status=to_status or "",
        unit_id=item.unit_id,
        office_id=item.office_id,
        note=note or "",
    )


def _new_code(day: date) -> str:
    for _ in range(FEEDBACK_CODE_ATTEMPTS):
        code = access.new_feedback_code(day)
        if not Feedback.objects.filter(code=code).exists():
            return code
    raise RuntimeError("could not draw an unused feedback code")  # pragma: no cover


def _clean_intake(values: dict, *, online: bool) -> dict:
    errors: dict = {}
    clean = {
        "subject": _text(errors, "subject", values.get("subject"), "Tiêu đề", max_length=255),
        "body": _text(
            errors, "body", values.get("body"), "Nội dung phản ánh, kiến nghị", max_length=MAX_BODY
        ),
        "sender_name": _text(
            errors, "sender_name", values.get("sender_name"), "Họ và tên", max_length=255
        ),
        "sender_phone": _text(
            errors,
            "sender_phone",
            values.get("sender_phone"),
            "Số điện thoại",
            required=False,
            max_length=40,
        ),
        "sender_email": _text(
            errors,
            "sender_email",
            values.get("sender_email"),
            "Thư điện tử",
            required=False,
            max_length=254,
        ),
        "sender_address": _text(
            errors,
            "sender_address",
            values.get("sender_address"),
            "Địa chỉ",
            required=False,
            max_length=500,
        ),
    }
    if clean["sender_email"] and "sender_email" not in errors:
        try:
            validate_email(clean["sender_email"])
        except ValidationError:
            errors["sender_email"] = "Địa chỉ thư điện tử không hợp lệ."
    if online and not (clean["sender_phone"] or clean["sender_email"]):
        errors["sender_phone"] = (
            "Vui lòng để lại số điện thoại hoặc thư điện tử để cơ quan liên hệ khi cần."
        )
    content = values.get("content")
    if content not in FeedbackContent.values:
        errors["content"] = "Vui lòng chọn nội dung phản ánh, kiến nghị."
    clean["content"] = content
    _raise(errors)
    return clean


def _create(unit: Unit, channel: str, clean: dict, at, actor=None, **links) -> Feedback:
    at = _now(at)
    item = Feedback.objects.create(
        code=_new_code(workcal.to_local(at).date()),
        unit=unit,
        channel=channel,
        received_at=at,
        received_by=_actor(actor),
        due_on=due_on(at, unit),
        **clean,
        **links,
    )
    _event(item, actor, FeedbackAction.RECEIVE, "", item.status, item.get_channel_display(), at)
    log.info("Tiếp nhận phản ánh, kiến nghị %s tại %s.", item.code, unit.code)
    return item


def public_units():
    today = timezone.localdate()
    return Unit.objects.exclude(valid_to__lt=today).exclude(valid_from__gt=today)


@transaction.atomic
def submit_feedback(
    *,
    unit: Unit | None,
    content: str,
    subject: str,
    body: str,
    sender_name: str,
    sender_phone: str = "",
    sender_email: str = "",
    sender_address: str = "",
    procedure: Procedure | None = None,
    dossier_code: str = "",
    dossier_check: str = "",
    at: datetime | None = None,
) -> Feedback:
    """Feedback sent online from the portal (no account). A dossier named by its code is
    linked only with the right check value (same refusal for a wrong code or check)."""
    clean = _clean_intake(
        dict(
            content=content,
            subject=subject,
            body=body,
            sender_name=sender_name,
            sender_phone=sender_phone,
            sender_email=sender_email,
            sender_address=sender_address,
        ),
        online=True,
    )
    if unit is None or not public_units().filter(pk=unit.pk).exists():
        raise FeedbackRefused({"unit": "Vui lòng chọn cơ quan, đơn vị nhận phản ánh, kiến nghị."})
    dossier = None
    code = access.normalise_code(dossier_code)
    if code:
        found = Dossier.objects.filter(code=code).first()
        numbers = (found.applicant_phone, found.applicant_id_number) if found else ("", "")
        if not access.check_matches(dossier_check, *numbers) or found is None:
            raise FeedbackRefused({"dossier_code": WRONG_CODE_OR_CHECK})
        dossier = found
    return _create(unit, FeedbackChannel.ONLINE, clean, at, procedure=procedure, dossier=dossier)


@transaction.atomic
def record_feedback(
    actor,
    *,
    unit: Unit,
    channel: str,
    content: str,
    subject: str,
    body: str,
    sender_name: str,
    sender_phone: str = "",
    sender_email: str = "",
    sender_address: str = "",
    procedure: Procedure | None = None,
    dossier: Dossier | None = None,
    at: datetime | None = None,
) -> Feedback:
    """Feedback received at the counter, by phone, by letter or on the hotline, recorded by
    the unit's one-stop officer or a manager."""
    if actor is not None and not can_intake(actor, unit):
        raise PermissionDenied(
            "Anh/chị không có quyền tiếp nhận phản ánh, kiến nghị tại đơn vị này."
        )
    if channel not in FeedbackChannel.values or channel == FeedbackChannel.ONLINE:
        raise FeedbackRefused({"channel": "Vui lòng chọn kênh tiếp nhận."})
    clean = _clean_intake(
        dict(
            content=content,
            subject=subject,
            body=body,
            sender_name=sender_name,
            sender_phone=sender_phone,
            sender_email=sender_email,
            sender_address=sender_address,
        ),
        online=False,
    )
    if at is not None and at > timezone.now():
        raise FeedbackRefused({"received_at": "Thời điểm tiếp nhận không được sau hiện tại."})
    return _create(unit, channel, clean, at, actor=actor, procedure=procedure, dossier=dossier)


def _lock(item: Feedback, action: str, expected_revision: int | None) -> Feedback:
    revision = item.revision if expected_revision is None else expected_revision
    fresh = Feedback.objects.select_for_update(of=("self",)).get(pk=item.pk)
    if fresh.revision != revision:
        raise FeedbackConflict()
    if fresh.status not in ALLOWED[action]:
        raise FeedbackRefused(REFUSALS[action])
    return fresh


def _save(fresh: Feedback, **fields) -> Feedback:
    Feedback.objects.filter(pk=fresh.pk).update(revision=F("revision") + 1, **fields)
    return Feedback.objects.select_related("unit", "office").get(pk=fresh.pk)


@transaction.atomic
def route(
    actor,
    item: Feedback,
    *,
    unit: Unit,
    office: Office | None,
    content: str,
    procedure: Procedure | None = None,
    note: str = "",
    expected_revision: int | None = None,
    at: datetime | None = None,
) -> Feedback:
    """Classify the item (content, procedure) and route it to the office of the responsible
    unit that answers it. Routed to another unit, the deadline is counted again on that
    unit's calendar from the day received."""
    if not can_manage(actor, item):
        raise PermissionDenied("Anh/chị không có quyền phân loại, chuyển xử lý phản ánh này.")
    fresh = _lock(item, FeedbackAction.ROUTE, expected_revision)
    errors: dict = {}
    if content not in FeedbackContent.values:
        errors["content"] = "Vui lòng chọn nội dung phản ánh, kiến nghị."
    if office is None:
        errors["office"] = "Vui lòng chọn phòng, ban xử lý."
    elif office.unit_id != unit.pk:
        errors["office"] = f"Phòng, ban xử lý phải thuộc {unit.name}."
    note = _text(errors, "note", note, "Ghi chú", required=False, max_length=2000)
    _raise(errors)
    changes = {
        "unit": unit,
        "office": office,
        "content": content,
        "procedure": procedure,
        "status": FeedbackStatus.IN_PROGRESS,
    }
    if unit.pk != fresh.unit_id:
        changes["due_on"] = due_on(fresh.received_at, unit)
    updated = _save(fresh, **changes)
    text = f"Chuyển {office.name} ({unit.name}); {updated.get_content_display().lower()}"
    _event(
        updated,
        actor,
        FeedbackAction.ROUTE,
        fresh.status,
        updated.status,
        "; ".join(p for p in (text, note) if p),
        at,
    )
    return updated


@transaction.atomic
def answer(
    actor,
    item: Feedback,
    *,
    text: str,
    unfounded: bool = False,
    expected_revision: int | None = None,
    at: datetime | None = None,
) -> Feedback:
    """Answer the item (the managers, or the office it was routed to). `unfounded`: the
    verification found it untrue (a complaint so marked no longer costs staff indicator 7)."""
    if not can_answer(actor, item):
        raise PermissionDenied("Anh/chị không có quyền trả lời phản ánh, kiến nghị này.")
    fresh = _lock(item, FeedbackAction.ANSWER, expected_revision)
    errors: dict = {}
    text = _text(errors, "text", text, "Nội dung trả lời", max_length=MAX_BODY)
    _raise(errors)
    at = _now(at)
    if at < fresh.received_at:
        raise FeedbackRefused({"text": "Thời điểm trả lời không được trước khi tiếp nhận."})
    updated = _save(
        fresh,
        status=FeedbackStatus.ANSWERED,
        answer=text,
        answered_at=at,
        answered_by=_actor(actor),
        unfounded=bool(unfounded),
    )
    late = workcal.to_local(at).date() > fresh.due_on
    note = "trả lời quá hạn" if late else "trả lời đúng hạn"
    if unfounded:
        note += "; phản ánh không đúng sự thật"
    _event(updated, actor, FeedbackAction.ANSWER, fresh.status, updated.status, note, at)
    return updated


@transaction.atomic
def publish(
    actor,
    item: Feedback,
    *,
    public_question: str,
    expected_revision: int | None = None,
    at: datetime | None = None,
) -> Feedback:
    """Publish the answer on the portal with `public_question`: the question as the public
    reads it, written without the sender's personal data (the sender is never shown)."""
    if not can_manage(actor, item):
        raise PermissionDenied("Anh/chị không có quyền công khai trả lời phản ánh này.")
    fresh = _lock(item, FeedbackAction.PUBLISH, expected_revision)
    errors: dict = {}
    question = _text(
        errors, "public_question", public_question, "Nội dung công khai", max_length=MAX_BODY
    )
    _raise(errors)
    at = _now(at)
    updated = _save(fresh, published_at=at, public_question=question)
    _event(updated, actor, FeedbackAction.PUBLISH, fresh.status, updated.status, "", at)
    return updated


@transaction.atomic
def unpublish(actor, item: Feedback, *, expected_revision: int | None = None, at=None) -> Feedback:
    if not can_manage(actor, item):
        raise PermissionDenied("Anh/chị không có quyền thôi công khai trả lời phản ánh này.")
    fresh = _lock(item, FeedbackAction.UNPUBLISH, expected_revision)
    if fresh.published_at is None:
        raise FeedbackRefused(REFUSALS[FeedbackAction.UNPUBLISH])
    updated = _save(fresh, published_at=None)
    _event(updated, actor, FeedbackAction.UNPUBLISH, fresh.status, updated.status, "", at)
    return updated

"""Staff pages under /y-kien/: rating results, paper rating forms, survey campaigns, the
feedback inbox (route, answer, publish) and the statistics of appendix 05a.

Views parse, call one query or service and render. Order of answers: a record or unit the
user cannot see → 404 (`queries`); a page or action without the role for it → 403; a stale
revision → the page again with the conflict message, 409; input the services refuse → the
page again with the message, 400. A refusal changes nothing; a success redirects.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from cchc.dossiers.queries import visible_dossiers
from cchc.units.models import Office, Unit
from cchc.units.permissions import visible_unit_ids

from . import access, facts, grades, indicators, queries, services
from .forms import (
    AnswerForm,
    InboxFilterForm,
    PaperLookupForm,
    PeriodForm,
    PublishForm,
    QuestionForm,
    RatingForm,
    RatingResultsForm,
    ResultsPeriodForm,
    RevisionOnlyForm,
    RouteForm,
    StaffFeedbackForm,
    SurveyAnswerForm,
    SurveyForm,
)
from .models import FeedbackStatus
from .services import (
    DESK_ROLES,
    INTAKE_ROLES,
    MANAGER_ROLES,
    OFFICE_ROLES,
    RESULT_ROLES,
    SURVEY_RECORDERS,
    SURVEY_WRITERS,
    FeedbackConflict,
    FeedbackRefused,
)

PAGE_ROWS = 500


def apply_refusal(form, error: ValidationError) -> None:
    """The services' messages on the form: on the field to blame, else on the form."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            target = name if name in form.fields else None
            for item in errors:
                form.add_error(target, item.messages[0])
    else:
        for text in error.messages:
            form.add_error(None, text)


def chosen_unit(request, roles, name: str = "don_vi") -> Unit | None:
    raw = request.GET.get(name, "") or request.POST.get(name, "")
    return queries.unit_for(request.user, raw, roles) if raw else None


# -- the hub ----------------------------------------------------------------------------------


@login_required
def home(request):
    user = request.user
    roles_anywhere = visible_unit_ids(user, (*RESULT_ROLES, *OFFICE_ROLES))
    if not roles_anywhere:
        raise PermissionDenied(queries.NO_ROLE)
    today = timezone.localdate()
    can_inbox = bool(visible_unit_ids(user, queries.INBOX_ROLES) or services.office_ids(user))
    inbox = queries.inbox(user) if can_inbox else None
    return render(
        request,
        "feedback/home.html",
        {
            "can_results": bool(visible_unit_ids(user, RESULT_ROLES)),
            "can_paper": bool(visible_unit_ids(user, DESK_ROLES)),
            "can_inbox": can_inbox,
            "can_intake": bool(visible_unit_ids(user, INTAKE_ROLES)),
            "open_count": inbox.exclude(status=FeedbackStatus.ANSWERED).count() if can_inbox else 0,
            "overdue_count": queries.inbox(user, overdue_on=today).count() if can_inbox else 0,
            "kiosk_url": reverse("rating-kiosk"),
        },
    )


# -- ratings --------------------------------------------------------------------------------


@login_required
def rating_results(request):
    queries.require_any(request.user, RESULT_ROLES)
    unit = (
        chosen_unit(request, RESULT_ROLES) or queries.units_with(request.user, RESULT_ROLES).first()
    )
    form = RatingResultsForm(
        request.GET or None,
        units=queries.units_with(request.user, RESULT_ROLES),
        today=timezone.localdate(),
        initial={"don_vi": unit.pk},
    )
    by = form.value("theo") or "unit"
    results = queries.rating_results(
        unit, form.window(), by=by, include_children=bool(form.value("gom"))
    )
    return render(
        request,
        "feedback/rating_results.html",
        {
            "form": form,
            "unit": unit,
            "results": results,
            "indicators": indicators.INDICATORS,
            "bands": queries.bands(),
        },
    )


@login_required
def rating_paper(request):
    """Step 1 of entering a paper form: the dossier code."""
    queries.require_any(request.user, DESK_ROLES)
    form = PaperLookupForm(request.GET or None)
    if request.GET and form.is_valid():
        dossier = queries.desk_dossier(request.user, access.normalise_code(form.cleaned_data["ma"]))
        return redirect("rating-paper-form", pk=dossier.pk)
    return render(request, "feedback/rating_paper.html", {"form": form})


@login_required
def rating_paper_form(request, pk: int):
    dossier = queries.desk_dossier_by_pk(request.user, pk)
    rateable = queries.is_rateable(dossier)
    now = timezone.now()
    known = facts.known_scores(dossier, now) if rateable else {}
    form = RatingForm(request.POST or None, asked=indicators.asked(known))
    status = 200 if rateable or request.method == "GET" else 400
    if request.method == "POST" and rateable:
        status = 400
        if form.is_valid():
            try:
                services.record_paper_rating(request.user, dossier, **form.values())
            except FeedbackRefused as exc:
                apply_refusal(form, exc)
            else:
                messages.success(request, f"Đã ghi phiếu đánh giá hồ sơ {dossier.code}.")
                return redirect("rating-paper")
    return render(
        request,
        "feedback/rating_paper_form.html",
        {
            "dossier": dossier,
            "rateable": rateable,
            "known": _known_rows(known),
            "form": form,
        },
        status=status,
    )


def _known_rows(known: dict[int, int]) -> list[tuple[indicators.Indicator, int, str]]:
    rows = []
    for indicator in indicators.INDICATORS:
        if indicator.number in known:
            score = known[indicator.number]
            rows.append((indicator, score, indicator.options[2 - score]))
    return rows


# -- surveys --------------------------------------------------------------------------------


@login_required
def survey_list(request):
    queries.require_any(request.user, RESULT_ROLES)
    unit = chosen_unit(request, RESULT_ROLES)
    return render(
        request,
        "feedback/survey_list.html",
        {
            "surveys": list(queries.surveys(request.user, unit)[:PAGE_ROWS]),
            "unit": unit,
            "can_create": queries.units_with(request.user, SURVEY_WRITERS).exists(),
            "today": timezone.localdate(),
        },
    )


def _writer_unit(request) -> Unit:
    unit = chosen_unit(request, SURVEY_WRITERS)
    if unit is None:
        unit = queries.units_with(request.user, SURVEY_WRITERS).first()
    if unit is None:
        raise PermissionDenied("Anh/chị không có quyền tổ chức khảo sát của đơn vị nào.")
    return unit


@login_required
def survey_create(request):
    unit = _writer_unit(request)
    today = timezone.localdate()
    form = SurveyForm(
        request.POST or None,
        initial={"starts_on": today, "ends_on": today, "template": "satisfaction"},
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                survey = services.create_survey(request.user, unit, **form.cleaned_data)
            except FeedbackRefused as exc:
                apply_refusal(form, exc)
            else:
                messages.success(request, "Đã tạo cuộc khảo sát.")
                return redirect("survey-detail", pk=survey.pk)
    units = list(queries.units_with(request.user, SURVEY_WRITERS))
    return render(
        request,
        "feedback/survey_form.html",
        {"form": form, "unit": unit, "units": units if len(units) > 1 else []},
        status=status,
    )


def public_url(name: str, *args) -> str:
    base = getattr(settings, "CCHC_PUBLIC_URL", "").rstrip("/")
    return f"{base}{reverse(name, args=args)}"


def _survey_page(request, survey, question_form=None, status=200):
    period = ResultsPeriodForm(request.GET or None)
    start, end = period.value("tu_ngay"), period.value("den_ngay")
    return render(
        request,
        "feedback/survey_detail.html",
        {
            "survey": survey,
            "questions": list(survey.questions.all()),
            "results": queries.survey_results(survey, start, end),
            "period_form": period,
            "partial": bool(start or end),
            "can_manage": services.can_manage_survey(request.user, survey.unit_id),
            "can_record": services.can_record_survey(request.user, survey.unit_id),
            "frozen": survey.responses.exists(),
            "question_form": question_form or QuestionForm(revision=survey.revision),
            "link": public_url("survey-public", survey.token),
            "is_open": services.is_open(survey, timezone.localdate()),
        },
        status=status,
    )


@login_required
def survey_detail(request, pk: int):
    return _survey_page(request, queries.survey_for(request.user, pk))


@login_required
@require_POST
def survey_question_add(request, pk: int):
    survey = queries.survey_for(request.user, pk)
    if not services.can_manage_survey(request.user, survey.unit_id):
        raise PermissionDenied("Anh/chị không có quyền sửa cuộc khảo sát này.")
    form = QuestionForm(request.POST, revision=survey.revision)
    status = 400
    if form.is_valid():
        try:
            services.add_question(
                request.user, survey, expected_revision=form.revision, **form.values()
            )
        except FeedbackConflict as exc:
            form.add_error(None, str(exc))
            status = 409
        except FeedbackRefused as exc:
            apply_refusal(form, exc)
        else:
            messages.success(request, "Đã thêm câu hỏi.")
            return redirect("survey-detail", pk=survey.pk)
    return _survey_page(request, survey, form, status)


@login_required
@require_POST
def survey_question_remove(request, pk: int, question: int):
    survey = queries.survey_for(request.user, pk)
    if not services.can_manage_survey(request.user, survey.unit_id):
        raise PermissionDenied("Anh/chị không có quyền sửa cuộc khảo sát này.")
    target = survey.questions.filter(pk=question).first()
    if target is None:
        raise Http404("Không tìm thấy câu hỏi.")
    form = RevisionOnlyForm(request.POST, revision=survey.revision)
    form.is_valid()
    try:
        services.remove_question(request.user, survey, target, expected_revision=form.revision)
    except FeedbackConflict as exc:
        messages.error(request, str(exc))
        return _survey_page(request, survey, status=409)
    except FeedbackRefused as exc:
        messages.error(request, exc.messages[0])
        return _survey_page(request, survey, status=400)
    messages.success(request, "Đã bỏ câu hỏi.")
    return redirect("survey-detail", pk=survey.pk)


@login_required
def survey_paper(request, pk: int):
    survey = queries.survey_for(request.user, pk, roles=SURVEY_RECORDERS)
    questions = list(survey.questions.all())
    form = SurveyAnswerForm(
        request.POST or None,
        questions=questions,
        paper=True,
        initial={"answered_on": min(timezone.localdate(), survey.ends_on)},
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.record_paper_response(
                    request.user,
                    survey,
                    form.answers(),
                    answered_on=form.cleaned_data["answered_on"],
                )
            except FeedbackRefused as exc:
                apply_refusal(form, exc)
            else:
                messages.success(request, "Đã ghi phiếu khảo sát. Có thể nhập phiếu tiếp theo.")
                return redirect("survey-paper", pk=survey.pk)
    return render(
        request,
        "feedback/survey_paper.html",
        {"survey": survey, "form": form},
        status=status,
    )


# -- feedback (PAKN) ------------------------------------------------------------------------


@login_required
def feedback_inbox(request):
    queries.require_inbox(request.user)
    unit = chosen_unit(request, (*queries.INBOX_ROLES, *OFFICE_ROLES))
    form = InboxFilterForm(
        request.GET or None,
        units=queries.units_with(request.user, (*queries.INBOX_ROLES, *OFFICE_ROLES)),
    )
    today = timezone.localdate()
    items = queries.inbox(
        request.user,
        unit=unit,
        status=form.value("tinh_trang") or "",
        overdue_on=today if form.value("qua_han") else None,
    )
    return render(
        request,
        "feedback/inbox.html",
        {
            "form": form,
            "items": list(items[:PAGE_ROWS]),
            "today": today,
            "can_intake": queries.intake_units(request.user).exists(),
        },
    )


@login_required
def feedback_create(request):
    units = list(queries.intake_units(request.user))
    if not units:
        raise PermissionDenied("Anh/chị không có quyền tiếp nhận phản ánh, kiến nghị.")
    form = StaffFeedbackForm(request.POST or None, units=units)
    status = 200
    if request.method == "POST":
        status = 400
        unit = chosen_unit(request, INTAKE_ROLES, name="unit")  # 404 / 403 before the form
        if form.is_valid():
            dossier = None
            code = access.normalise_code(form.cleaned_data.get("dossier_code", ""))
            if code:
                dossier = visible_dossiers(request.user).filter(code=code).first()
                if dossier is None:
                    form.add_error("dossier_code", "Không tìm thấy hồ sơ có mã này.")
            if not form.errors:
                try:
                    item = services.record_feedback(
                        request.user,
                        unit=unit,
                        channel=form.cleaned_data["channel"],
                        dossier=dossier,
                        **form.sender(),
                    )
                except FeedbackRefused as exc:
                    apply_refusal(form, exc)
                else:
                    messages.success(request, f"Đã tiếp nhận phản ánh, kiến nghị, mã {item.code}.")
                    return redirect("feedback-detail", pk=item.pk)
    return render(request, "feedback/feedback_form.html", {"form": form}, status=status)


def _route_offices(user, item) -> list[Office]:
    """Offices the item may be routed to: those of the units the user manages, of the
    item's unit, and of the units above it (a commune passes an item to the district)."""
    codes = [c for c in item.unit.path.strip("/").split("/") if c]
    return list(
        Office.objects.filter(
            Q(unit_id__in=visible_unit_ids(user, MANAGER_ROLES)) | Q(unit__code__in=codes)
        )
        .select_related("unit")
        .order_by("unit__path", "name")
    )


def _detail_page(request, item, *, forms=None, status=200):
    user = request.user
    manage = services.can_manage(user, item)
    answer = services.can_answer(user, item)
    forms = forms or {}
    open_item = item.status != FeedbackStatus.ANSWERED
    context = {
        "item": item,
        "events": queries.history(item),
        "today": timezone.localdate(),
        "route_form": forms.get("route")
        or (
            RouteForm(
                offices=_route_offices(user, item),
                revision=item.revision,
                initial={
                    "content": item.content,
                    "office": item.office_id,
                    "procedure_code": item.procedure.code if item.procedure_id else "",
                },
            )
            if manage and open_item
            else None
        ),
        "answer_form": forms.get("answer")
        or (AnswerForm(revision=item.revision) if answer and open_item else None),
        "publish_form": forms.get("publish")
        or (
            PublishForm(
                revision=item.revision,
                initial={"public_question": item.public_question or item.body},
            )
            if manage and not open_item
            else None
        ),
        "unpublish_form": RevisionOnlyForm(revision=item.revision)
        if manage and item.is_published
        else None,
    }
    return render(request, "feedback/feedback_detail.html", context, status=status)


@login_required
def feedback_detail(request, pk: int):
    return _detail_page(request, queries.feedback_for(request.user, pk))


def _act(request, item, key, form, call, success: str):
    status = 400
    if form.is_valid():
        try:
            call(form)
        except FeedbackConflict as exc:
            form.add_error(None, str(exc))
            status = 409
        except FeedbackRefused as exc:
            apply_refusal(form, exc)
        else:
            messages.success(request, success)
            return redirect("feedback-detail", pk=item.pk)
    return _detail_page(request, item, forms={key: form}, status=status)


@login_required
@require_POST
def feedback_route(request, pk: int):
    item = queries.feedback_for(request.user, pk)
    if not services.can_manage(request.user, item):
        raise PermissionDenied("Anh/chị không có quyền phân loại, chuyển xử lý phản ánh này.")
    form = RouteForm(
        request.POST, offices=_route_offices(request.user, item), revision=item.revision
    )
    return _act(
        request,
        item,
        "route",
        form,
        lambda f: services.route(request.user, item, expected_revision=f.revision, **f.values()),
        "Đã phân loại và chuyển xử lý.",
    )


@login_required
@require_POST
def feedback_answer(request, pk: int):
    item = queries.feedback_for(request.user, pk)
    if not services.can_answer(request.user, item):
        raise PermissionDenied("Anh/chị không có quyền trả lời phản ánh, kiến nghị này.")
    form = AnswerForm(request.POST, revision=item.revision)
    return _act(
        request,
        item,
        "answer",
        form,
        lambda f: services.answer(
            request.user,
            item,
            text=f.cleaned_data["text"],
            unfounded=f.cleaned_data["unfounded"],
            expected_revision=f.revision,
        ),
        "Đã ghi nội dung trả lời.",
    )


@login_required
@require_POST
def feedback_publish(request, pk: int):
    item = queries.feedback_for(request.user, pk)
    if not services.can_manage(request.user, item):
        raise PermissionDenied("Anh/chị không có quyền công khai trả lời phản ánh này.")
    if "thoi_cong_khai" in request.POST:
        form = RevisionOnlyForm(request.POST, revision=item.revision)
        return _act(
            request,
            item,
            "unpublish",
            form,
            lambda f: services.unpublish(request.user, item, expected_revision=f.revision),
            "Đã thôi công khai nội dung trả lời.",
        )
    form = PublishForm(request.POST, revision=item.revision)
    return _act(
        request,
        item,
        "publish",
        form,
        lambda f: services.publish(
            request.user,
            item,
            public_question=f.cleaned_data["public_question"],
            expected_revision=f.revision,
        ),
        "Đã công khai nội dung trả lời trên Cổng dịch vụ công.",
    )


@login_required
def feedback_stats(request):
    queries.require_any(request.user, RESULT_ROLES)
    unit = (
        chosen_unit(request, RESULT_ROLES) or queries.units_with(request.user, RESULT_ROLES).first()
    )
    form = PeriodForm(
        request.GET or None,
        units=queries.units_with(request.user, RESULT_ROLES),
        today=timezone.localdate(),
        initial={"don_vi": unit.pk},
    )
    win = form.window()
    ids = queries.subtree_ids(unit, bool(form.value("gom")))
    rated, satisfied = queries.rating_counts(ids, win)
    responses, survey_rated, survey_satisfied = queries.response_counts(
        queries.responses_in(ids, win)
    )
    return render(
        request,
        "feedback/stats.html",
        {
            "form": form,
            "unit": unit,
            "stats": queries.feedback_stats(ids, win),
            "rated": rated,
            "satisfied": satisfied,
            "rate": grades.rate(satisfied, rated),
            "responses": responses,
            "survey_rated": survey_rated,
            "survey_satisfied": survey_satisfied,
            "survey_rate": grades.rate(survey_satisfied, survey_rated),
            "include_children": bool(form.value("gom")),
        },
    )

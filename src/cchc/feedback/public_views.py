"""Public pages under /dvc/y-kien/ (no login): sending feedback and following it, the
published answers, the rating of a returned dossier (personal link or kiosk) and answering a
survey campaign.

Safety: every form carries a CSRF token (Django's middleware refuses a POST without it);
every POST — and the personal link pages — is rate-limited per client address
(`core.throttle`, limits in `LIMITS`, overridable with `settings.CCHC_FEEDBACK_THROTTLE`);
no page shows a name, phone number, address or identity number: a rating page shows the
procedure, the unit and the dates, a followed item its status and answer, a published answer
the question as the unit rewrote it. A wrong dossier code and a wrong check value, an unknown
token and an unknown feedback code get the same answers.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from cchc.core import throttle

from . import access, facts, indicators, queries, services
from .forms import FollowForm, KioskForm, PublicFeedbackForm, RatingForm, SurveyAnswerForm
from .services import FeedbackRefused
from .views import _known_rows, apply_refusal

# scope → (requests, seconds) per client address.
LIMITS = {
    "feedback-submit": (5, 600),
    "feedback-follow": (10, 300),
    "rating-kiosk": (10, 300),
    "rating-link": (60, 300),
    "survey-answer": (20, 600),
}
TOO_MANY = "Bạn đã thử quá nhiều lần. Vui lòng thử lại sau ít phút."
SENT_KEY = "feedback_sent_code"
ANSWERS_PER_PAGE = 20


def throttled(request, scope: str) -> bool:
    """True once the client address used up the scope's requests in the current window."""
    limits = {**LIMITS, **getattr(settings, "CCHC_FEEDBACK_THROTTLE", {})}
    limit, seconds = limits[scope]
    return not throttle.allow(scope, throttle.client_address(request), limit, seconds)


def _too_many(request, template: str, context: dict):
    context = {**context, "error": TOO_MANY}
    return render(request, template, context, status=429)


# -- feedback (PAKN) ------------------------------------------------------------------------


def feedback_page(request):
    """The public feedback page: the form, how to follow an item, the latest answers."""
    units = list(services.public_units().order_by("path"))
    form = PublicFeedbackForm(request.POST or None, units=units)
    context = {
        "form": form,
        "latest": list(queries.published_answers()[:5]),
        "answer_days": services.answer_days(),
    }
    if request.method != "POST":
        return render(request, "feedback/public/feedback.html", context)
    if throttled(request, "feedback-submit"):
        return _too_many(request, "feedback/public/feedback.html", context)
    if form.is_valid():
        unit = next((u for u in units if u.pk == form.cleaned_data["unit"]), None)
        try:
            item = services.submit_feedback(
                unit=unit,
                dossier_code=form.cleaned_data.get("dossier_code", ""),
                dossier_check=form.cleaned_data.get("dossier_check", ""),
                **form.sender(),
            )
        except FeedbackRefused as exc:
            apply_refusal(form, exc)
        else:
            request.session[SENT_KEY] = item.code
            return redirect("feedback-sent")
    return render(request, "feedback/public/feedback.html", context, status=400)


def feedback_sent(request):
    code = request.session.pop(SENT_KEY, None)
    if not code:
        return redirect("portal-feedback")
    item = queries.follow(code)
    return render(request, "feedback/public/sent.html", {"code": code, "item": item})


def feedback_follow(request):
    form = FollowForm(request.POST or None)
    context = {"form": form, "item": None}
    if request.method != "POST":
        return render(request, "feedback/public/follow.html", context)
    if throttled(request, "feedback-follow"):
        return _too_many(request, "feedback/public/follow.html", context)
    item = None
    if form.is_valid():
        code = access.normalise_code(form.cleaned_data["code"])
        item = queries.follow(code) if access.looks_like_feedback_code(code) else None
    if item is None:  # the typed code is not echoed: every miss reads the same
        context["form"] = FollowForm()
        context["error"] = "Không tìm thấy phản ánh, kiến nghị có mã này."
        return render(request, "feedback/public/follow.html", context, status=404)
    context["item"] = item
    context["today"] = timezone.localdate()
    return render(request, "feedback/public/follow.html", context)


def feedback_answers(request):
    page = Paginator(queries.published_answers(), ANSWERS_PER_PAGE).get_page(
        request.GET.get("trang")
    )
    return render(request, "feedback/public/answers.html", {"page": page})


# -- ratings --------------------------------------------------------------------------------


def _rating_context(invitation, form, *, kiosk: bool) -> dict:
    dossier = invitation.dossier
    known = facts.known_scores(dossier, timezone.now())
    return {
        "dossier": dossier,
        "token": invitation.token,
        "known": _known_rows(known),
        "form": form or RatingForm(asked=indicators.asked(known)),
        "kiosk": kiosk,
        "action": reverse("rating-link", args=[invitation.token]),
    }


def rating_kiosk(request):
    """The kiosk at the desk: the dossier code and the check value open the rating form."""
    form = KioskForm(request.POST or None)
    if request.method != "POST":
        return render(request, "feedback/public/kiosk.html", {"form": form})
    if throttled(request, "rating-kiosk"):
        return _too_many(request, "feedback/public/kiosk.html", {"form": KioskForm()})
    if form.is_valid():
        try:
            invitation = services.kiosk_invitation(
                form.cleaned_data["code"], form.cleaned_data["check"]
            )
        except FeedbackRefused as exc:
            context = {"form": KioskForm(), "error": exc.messages[0]}
            return render(request, "feedback/public/kiosk.html", context, status=400)
        invitation = services.invitation_for(invitation.token)
        context = _rating_context(invitation, None, kiosk=True)
        return render(request, "feedback/public/rating.html", context)
    return render(request, "feedback/public/kiosk.html", {"form": form}, status=400)


def rating_link(request, token: str):
    """The personal rating page of a returned dossier (from the lookup page or the kiosk)."""
    kiosk = request.POST.get("kiosk") == "1"
    if throttled(request, "rating-link"):
        return _too_many(request, "feedback/public/not_found.html", {})
    invitation = services.invitation_for(token)
    if invitation is None:
        return render(request, "feedback/public/not_found.html", {}, status=404)
    if hasattr(invitation.dossier, "rating"):
        return render(request, "feedback/public/rating_done.html", {"kiosk": kiosk})
    if request.method != "POST":
        return render(
            request, "feedback/public/rating.html", _rating_context(invitation, None, kiosk=False)
        )
    known = facts.known_scores(invitation.dossier, timezone.now())
    form = RatingForm(request.POST, asked=indicators.asked(known))
    if form.is_valid():
        try:
            services.rate_by_link(token, at_kiosk=kiosk, **form.values())
        except FeedbackRefused as exc:
            apply_refusal(form, exc)
        else:
            if kiosk:
                messages.success(request, "Cảm ơn Ông/Bà đã đánh giá. Mời người tiếp theo.")
                return redirect("rating-kiosk")
            return redirect("rating-link", token=token)
    context = _rating_context(invitation, form, kiosk=kiosk)
    return render(request, "feedback/public/rating.html", context, status=400)


# -- surveys --------------------------------------------------------------------------------


def survey_page(request, token: str):
    survey = services.survey_for_token(token)
    if survey is None:
        return render(request, "feedback/public/not_found.html", {}, status=404)
    questions = list(survey.questions.all())
    form = SurveyAnswerForm(request.POST or None, questions=questions)
    is_open = services.is_open(survey, timezone.localdate())
    context = {"survey": survey, "form": form, "is_open": is_open and bool(questions)}
    if request.method != "POST":
        return render(request, "feedback/public/survey.html", context)
    if throttled(request, "survey-answer"):
        return _too_many(request, "feedback/public/survey.html", context)
    if form.is_valid():
        try:
            services.answer_survey(token, form.answers())
        except FeedbackRefused as exc:
            apply_refusal(form, exc)
        else:
            return render(request, "feedback/public/survey.html", {**context, "done": True})
    return render(request, "feedback/public/survey.html", context, status=400)

"""The public dossier lookup (/dvc/tra-cuu/): no login, throttled per client address.

GET shows the form (from the receipt's QR code: /dvc/tra-cuu/<code>/ with the code filled
in) and reads nothing. POST answers: the dossier when the code (or reference) and the check
value match, otherwise ONE answer — the same page, text and status — whether the code is
unknown or the check value wrong (`queries.find`).

An online dossier the desk found incomplete carries a supplement form on its answer; it posts
to `supplement` with the answer's signed token (the proof of the lookup), throttled like a
submission, and lands on `supplemented`."""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from cchc.dossiers.services import DossierConflict
from cchc.dossiers.transitions import TransitionRefused

from . import queries, services, throttling
from .forms import LookupForm, SupplementForm

NOT_FOUND = (
    "Không tìm thấy hồ sơ với mã và số kiểm tra đã nhập. Vui lòng kiểm tra lại mã hồ sơ "
    "(hoặc mã tra cứu) và 4 số cuối số điện thoại hoặc số định danh đã khai khi nộp hồ sơ."
)


@never_cache
@require_http_methods(["GET", "POST"])
def lookup(request, code: str = ""):
    if request.method == "GET":
        form = LookupForm(initial={"ma_ho_so": code[:60]})
        return render(request, "portal/lookup/form.html", {"form": form})
    if not throttling.allowed(request, "lookup"):
        return throttling.refused(request, "lookup")
    form = LookupForm(request.POST)
    if not form.is_valid():
        return render(request, "portal/lookup/form.html", {"form": form}, status=400)
    answer = queries.find(form.cleaned_data["ma_ho_so"], form.cleaned_data["so_kiem_tra"])
    if answer is None:
        context = {"form": LookupForm(initial={"ma_ho_so": form.cleaned_data["ma_ho_so"]})}
        context["not_found"] = NOT_FOUND
        return render(request, "portal/lookup/form.html", context, status=404)
    context = {"answer": answer}
    if answer.supplement_token:
        context["supplement_form"] = SupplementForm(initial={"token": answer.supplement_token})
    return render(request, "portal/lookup/result.html", context)


CHANGED = (
    "Hồ sơ vừa được Bộ phận Một cửa cập nhật nên giấy tờ bổ sung chưa được gửi. Vui lòng tra "
    "cứu lại hồ sơ để xem yêu cầu mới nhất."
)


@never_cache
@require_http_methods(["POST"])
def supplement(request):
    """The applicant sends what the desk asked for; refused sends write nothing."""
    if not throttling.allowed(request, "submit"):
        return throttling.refused(request, "submit")
    form = SupplementForm(request.POST, request.FILES)
    if not form.is_valid():
        return _supplement_page(request, form, status=400)
    data = form.cleaned_data
    try:
        services.supplement_dossier(data["token"], data["tep"], data["noi_dung"])
    except (TransitionRefused, DossierConflict) as error:
        message = CHANGED if isinstance(error, DossierConflict) else str(error)
        return _supplement_page(request, None, message, status=409)
    except ValidationError as error:
        errors = error.message_dict if hasattr(error, "error_dict") else {}
        if "token" in errors:
            return _supplement_page(request, None, services.SUPPLEMENT_EXPIRED, status=400)
        form.add_error("tep", errors.get("files") or error.messages)
        return _supplement_page(request, form, status=400)
    return redirect("portal-lookup-supplemented")


def _supplement_page(request, form, message="", status=200):
    """The supplement form again with its errors, or only `message` (start over)."""
    if form is not None and queries.supplement_target(form.data.get("token", "")) is None:
        form, message = None, services.SUPPLEMENT_EXPIRED
    return render(
        request, "portal/lookup/supplement.html", {"form": form, "message": message}, status=status
    )


@never_cache
@require_http_methods(["GET"])
def supplemented(request):
    return render(request, "portal/lookup/supplemented.html")


@never_cache
@require_http_methods(["GET"])
def rating(request, token: str):
    """The rating link of the lookup page: on to the feedback app's rating page."""
    target = queries.rating_target(token)
    if target is None:
        raise Http404("Đường dẫn đánh giá không hợp lệ hoặc hồ sơ chưa thể đánh giá.")
    return redirect(target)

"""The public dossier lookup (/dvc/tra-cuu/): no login, throttled per client address.

GET shows the form (from the receipt's QR code: /dvc/tra-cuu/<code>/ with the code filled
in) and reads nothing. POST answers: the dossier when the code (or reference) and the check
value match, otherwise ONE answer — the same page, text and status — whether the code is
unknown or the check value wrong (`queries.find`)."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from . import queries, throttling
from .forms import LookupForm

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
    return render(request, "portal/lookup/result.html", {"answer": answer})


@never_cache
@require_http_methods(["GET"])
def rating(request, token: str):
    """The rating link of the lookup page: on to the feedback app's rating page."""
    target = queries.rating_target(token)
    if target is None:
        raise Http404("Đường dẫn đánh giá không hợp lệ hoặc hồ sơ chưa thể đánh giá.")
    return redirect(target)

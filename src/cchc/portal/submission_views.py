"""Online submission (/dvc/nop-ho-so/<procedure code>/): no login, throttled per client
address, CSRF-protected, one-time token against repeated submission.

A POST whose token already created an application shows that application's confirmation
again and creates nothing. A refused POST (a field, a file) shows the form again with the
messages, status 400, and nothing is written."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from . import queries, services, throttling
from .forms import SubmissionForm

# Service error keys → form fields.
FIELDS = {
    "unit": "don_vi",
    "email": "email",
    "notify_channel": "thong_bao_qua",
    "postal_address": "dia_chi_nhan",
    "return_channel": "nhan_ket_qua",
    "applicant_name": "ho_ten",
}


def _page(request, procedure, form, units, status=200):
    return render(
        request,
        "portal/submission/form.html",
        {"procedure": procedure, "form": form, "units": units},
        status=status,
    )


def _confirmation(request, application, status=200):
    return render(
        request,
        "portal/submission/done.html",
        {
            "application": application,
            "dossier": application.dossier,
            "lookup_url": f"{settings.CCHC_PUBLIC_URL}/dvc/tra-cuu/",
        },
        status=status,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def submit(request, procedure_code: str):
    procedure = queries.online_procedure(procedure_code)
    units = queries.receiving_units(procedure)
    components = queries.required_components(procedure)
    if request.method == "GET":
        if not units:
            return render(
                request, "portal/submission/unavailable.html", {"procedure": procedure}, status=404
            )
        form = SubmissionForm(
            initial={"token": services.new_token()}, units=units, components=components
        )
        return _page(request, procedure, form, units)
    if not throttling.allowed(request, "submit"):
        return throttling.refused(request, "submit")
    done = queries.application_for_token(request.POST.get("token", ""))
    if done is not None:
        return _confirmation(request, done)
    form = SubmissionForm(request.POST, request.FILES, units=units, components=components)
    if not form.is_valid():
        return _invalid(request, procedure, form, units)
    data = form.cleaned_data
    submission = services.Submission(
        unit=data["don_vi"],
        name=data["ho_ten"],
        id_number=data["so_dinh_danh"],
        phone=data["dien_thoai"],
        address=data["dia_chi"],
        email=data["email"],
        notify_channel=data["thong_bao_qua"],
        return_channel=data["nhan_ket_qua"],
        postal_address=data["dia_chi_nhan"],
        request=data["noi_dung"],
    )
    try:
        application, created = services.submit_application(
            procedure, submission, form.files_by_component(), data["token"]
        )
    except ValidationError as error:
        _add_errors(form, error)
        return _invalid(request, procedure, form, units)
    return _confirmation(request, application, status=201 if created else 200)


def _invalid(request, procedure, form, units):
    """The form again (status 400); a bad or expired token gets a fresh one."""
    if "token" in form.errors or not services.token_is_valid(form.data.get("token", "")):
        form.data = form.data.copy()
        form.data["token"] = services.new_token()
    return _page(request, procedure, form, units, status=400)


def _add_errors(form, error: ValidationError) -> None:
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for key, errors in error.error_dict.items():
        name = FIELDS.get(key)
        form.add_error(name if name in form.fields else None, errors)

"""POST endpoints of the dossier page's action panel and attachment upload.

Order of answers, as in the services: a dossier the user cannot see → 404; no role for the
action → 403; a stale revision → 409; an action the transition table refuses, or typed
values the form or the service refuse → the dossier page again with the message, 400.
Any refusal leaves the dossier unchanged; a success redirects to the dossier page.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from . import queries, services
from .action_forms import ACTIONS, PRINT_AFTER, PRINT_PARAM, UploadForm, action_form, run_action
from .actions import refusal
from .services import DossierConflict
from .transitions import TransitionRefused
from .views import render_detail

CONFLICT = "Hồ sơ vừa được người khác cập nhật; vui lòng tải lại trang và thực hiện lại."


def _conflict(request, dossier):
    messages.error(request, CONFLICT)
    return render_detail(request, dossier, status=409)


def _refused(request, dossier, error: ValidationError, form=None, bound=None, upload=None):
    """Show a refusal: field errors next to their field, the rest as a page message."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            if form is not None and field in form.fields:
                form.add_error(field, errors)
            else:
                for text in ValidationError(errors).messages:
                    messages.error(request, text)
    else:
        for text in error.messages:
            messages.error(request, text)
    return render_detail(request, dossier, status=400, bound=bound, upload=upload)


@login_required
@require_POST
def dossier_action(request, pk, action):
    dossier = queries.dossier_for(request.user, pk)
    if action not in ACTIONS:
        raise Http404("Không có thao tác này.")
    refusal_error = None
    try:
        refusal(request.user, dossier, action)  # PermissionDenied → 403
    except TransitionRefused as exc:
        refusal_error = exc
    form = action_form(action, dossier, request.user, request.POST)
    posted = request.POST.get("revision", "")
    if not posted.isdigit() or int(posted) != dossier.revision:
        return _conflict(request, dossier)
    if refusal_error is not None:
        return _refused(request, dossier, refusal_error)
    if not form.is_valid():
        return render_detail(request, dossier, status=400, bound=(action, form))
    try:
        message = run_action(action, request.user, dossier, form)
    except DossierConflict:
        return _conflict(request, queries.dossier_for(request.user, pk))
    except ValidationError as exc:
        fresh = queries.dossier_for(request.user, pk)
        return _refused(request, fresh, exc, form=form, bound=(action, form))
    messages.success(request, message)
    url = reverse("dossier-detail", args=[pk])
    if action in PRINT_AFTER:
        url += f"?{PRINT_PARAM}={PRINT_AFTER[action]}"
    return redirect(url)


@login_required
@require_POST
def attachment_upload(request, pk):
    dossier = queries.dossier_for(request.user, pk)
    form = UploadForm(request.POST, request.FILES, dossier=dossier, auto_id="id_upload_%s")
    if not form.is_valid():
        return render_detail(request, dossier, status=400, upload=form)
    try:
        attachment = services.add_attachment(
            request.user,
            dossier,
            form.cleaned_data["file"],
            component=form.cleaned_data["component"],
        )
    except ValidationError as exc:
        return _refused(request, dossier, exc, form=form, upload=form)
    messages.success(request, f"Đã tải lên tệp {attachment.original_name}.")
    return redirect("dossier-detail", pk=pk)

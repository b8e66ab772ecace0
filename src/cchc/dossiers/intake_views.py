"""The one-stop desk's intake page (Tiếp nhận hồ sơ) and the printed form of a desk outcome.

GET without a procedure: step one, find the procedure (recently used first; htmx swaps the
results while typing, a plain GET works without JavaScript). GET with `thu_tuc`: the intake
form. POST: one of the three outcomes through the services; a refusal (form or service)
renders the form again with what was typed (400) and changes nothing.
Only users with the desk role on some unit reach the page (403 otherwise).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from cchc.catalog.models import Procedure

from . import printing, queries
from .intake_forms import OUTCOMES, IntakeSubmission, ProcedureSearchForm
from .models import Dossier, IntakeOutcome
from .views import download

PRINT_LABELS = {
    IntakeOutcome.INCOMPLETE: "Mẫu 02 – Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ",
    IntakeOutcome.REFUSED: "Mẫu 03 – Phiếu từ chối tiếp nhận, giải quyết hồ sơ",
}


def _desk_units(user):
    units = queries.desk_units(user)
    if not units.exists():
        raise PermissionDenied("Chỉ công chức Bộ phận Một cửa được tiếp nhận hồ sơ.")
    return units


def _render_form(request, submission, status=200):
    procedure = submission.procedure
    version = procedure.version_on(timezone.localdate()) if procedure else None
    return render(
        request,
        "dossiers/intake/form.html",
        {
            "form": submission.form,
            "components": submission.components,
            "components_errors": submission.components_errors,
            "procedure": procedure,
            "version": version,
            "outcomes": OUTCOMES,
        },
        status=status,
    )


@login_required
def intake(request):
    units = _desk_units(request.user)
    if request.method == "POST":
        submission = IntakeSubmission(request.user, units, request.POST)
        if not submission.is_valid():
            return _render_form(request, submission, status=400)
        try:
            result = submission.run()
        except ValidationError as exc:
            submission.show(exc)
            return _render_form(request, submission, status=400)
        if isinstance(result, Dossier):
            messages.success(
                request,
                f"Đã tiếp nhận hồ sơ {result.code}; hẹn trả kết quả "
                f"{timezone.localtime(result.due_at):%H:%M %d/%m/%Y}. "
                "In Giấy tiếp nhận hồ sơ và hẹn trả kết quả (Mẫu 01) ở mục Biểu mẫu.",
            )
            return redirect("dossier-detail", pk=result.pk)
        messages.success(request, f"Đã ghi nhận: {result.get_outcome_display()}.")
        return redirect("dossier-intake-record", pk=result.pk)

    search = ProcedureSearchForm(request.GET, units=units)
    unit = search.unit()
    chosen = request.GET.get("thu_tuc", "")
    if chosen.isdigit():
        procedure = get_object_or_404(Procedure, pk=int(chosen))
        submission = IntakeSubmission(
            request.user,
            units,
            unit=unit,
            procedure=procedure,
            listed=queries.usual_components(request.user, procedure),
        )
        return _render_form(request, submission)
    text = search.text()
    context = {
        "search": search,
        "unit": unit,
        "text": text,
        "procedures": queries.intake_procedures(request.user, text),
        "several_units": units.count() > 1,
    }
    if getattr(request, "htmx", False):
        return render(request, "dossiers/intake/_procedures.html", context)
    return render(request, "dossiers/intake/search.html", context)


@login_required
def intake_record(request, pk):
    record = queries.intake_record_for(request.user, pk)
    return render(
        request,
        "dossiers/intake/record.html",
        {"record": record, "print_label": PRINT_LABELS[record.outcome]},
    )


@login_required
def intake_record_print(request, pk):
    return download(printing.intake_form(queries.intake_record_for(request.user, pk)))

"""Catalogue pages. Views parse input, call one query or service, and render; no rules here.

Reading needs a signed-in staff member holding any role; writing needs the reform officer or
administrator role (checked again by the services).
"""

from functools import wraps
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from cchc.units.models import OfficeKind

from . import queries, services
from .budgets import suggest_workflow
from .forms import (
    ApplyReviewForm,
    ProcedureFilterForm,
    ProcedureForm,
    PublicationDecisionForm,
    ReviewFilterForm,
    ReviewForm,
    WorkflowFormSet,
)
from .models import Procedure, ProcedureVersion, Review, ReviewStatus

PAGE_SIZE = 50


def reader_required(view):
    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not queries.can_read_catalog(request.user):
            raise PermissionDenied(
                "Tài khoản chưa được giao vai trò nên chưa xem được danh mục thủ tục."
            )
        return view(request, *args, **kwargs)

    return wrapped


def editor_required(view):
    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not services.can_edit_catalog(request.user):
            raise PermissionDenied(
                "Chỉ công chức phụ trách CCHC hoặc quản trị hệ thống được sửa danh mục thủ tục."
            )
        return view(request, *args, **kwargs)

    return wrapped


def _apply_validation_error(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            target = field if field in form.fields else None
            for e in errors:
                form.add_error(target, e.messages[0] if hasattr(e, "messages") else str(e))
    else:
        for message in error.messages:
            form.add_error(None, message)


@reader_required
def procedure_list(request):
    form = ProcedureFilterForm(request.GET or None)
    form.is_valid()
    filters = form.to_filters()
    procedures = queries.search_procedures(filters)
    counts = queries.catalogue_counts(procedures)
    page = Paginator(procedures, PAGE_SIZE).get_page(request.GET.get("page"))
    query = {k: v for k, v in request.GET.items() if k != "page" and v}
    context = {
        "form": form,
        "page": page,
        "counts": counts,
        "query_string": urlencode(query),
        "can_edit": services.can_edit_catalog(request.user),
    }
    template = (
        "catalog/_procedure_results.html"
        if getattr(request, "htmx", False)
        else "catalog/procedure_list.html"
    )
    return render(request, template, context)


@reader_required
def procedure_detail(request, pk: int):
    try:
        procedure = queries.procedure_detail(pk)
    except Procedure.DoesNotExist:
        raise Http404("Không tìm thấy thủ tục.") from None
    versions = list(procedure.versions.all())
    in_force = procedure.version_on()
    return render(
        request,
        "catalog/procedure_detail.html",
        {
            "procedure": procedure,
            "versions": versions,
            "in_force": in_force,
            "can_edit": services.can_edit_catalog(request.user),
        },
    )


@editor_required
def procedure_create(request):
    form = ProcedureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            procedure = services.create_procedure(
                request.user,
                processing_time=form.cleaned_data["processing_time"],
                effective_from=form.cleaned_data.get("effective_from"),
                **form.procedure_fields(),
            )
        except ValidationError as exc:
            _apply_validation_error(form, exc)
        else:
            messages.success(request, f"Đã thêm thủ tục {procedure.code}.")
            return redirect("procedure-detail", pk=procedure.pk)
    return render(
        request,
        "catalog/procedure_form.html",
        {"form": form, "procedure": None},
        status=400 if form.errors else 200,
    )


@editor_required
def procedure_edit(request, pk: int):
    procedure = get_object_or_404(Procedure.objects.select_related("sector"), pk=pk)
    current_time = procedure.processing_time_on()
    if request.method != "POST":
        form = ProcedureForm(instance=procedure)
        return render(
            request,
            "catalog/procedure_form.html",
            {"form": form, "procedure": procedure, "current_time": current_time},
        )
    form = ProcedureForm(request.POST, instance=Procedure.objects.get(pk=pk))
    status = 200
    if form.is_valid():
        try:
            services.update_procedure(
                request.user,
                pk,
                expected_revision=form.cleaned_data.get("revision"),
                new_processing_time=form.cleaned_data.get("processing_time", ""),
                effective_from=form.cleaned_data.get("effective_from"),
                legal_basis=form.cleaned_data.get("legal_basis", ""),
                **form.procedure_fields(),
            )
        except services.EditConflict as conflict:
            form.add_error(None, str(conflict))
            status = 409
        except ValidationError as exc:
            _apply_validation_error(form, exc)
        else:
            messages.success(request, "Đã lưu thay đổi của thủ tục.")
            return redirect("procedure-detail", pk=pk)
    return render(
        request,
        "catalog/procedure_form.html",
        {"form": form, "procedure": procedure, "current_time": current_time},
        status=status if status != 200 else 400,
    )


@editor_required
def workflow_edit(request, pk: int):
    version = get_object_or_404(ProcedureVersion.objects.select_related("procedure"), pk=pk)
    if request.method == "POST":
        formset = WorkflowFormSet(request.POST)
        if formset.is_valid():
            steps = [
                services.StepInput(
                    f.cleaned_data["name"], f.cleaned_data["budget"], f.cleaned_data["office_kind"]
                )
                for f in formset.forms
                if f.cleaned_data and not f.is_blank
            ]
            try:
                services.set_workflow(request.user, version, steps)
            except ValidationError as exc:
                formset_error = " ".join(exc.messages)
            else:
                messages.success(request, "Đã lưu quy trình nội bộ.")
                return redirect("procedure-detail", pk=version.procedure_id)
        else:
            formset_error = "Vui lòng sửa các lỗi được đánh dấu bên dưới."
        return render(
            request,
            "catalog/workflow_form.html",
            {"formset": formset, "version": version, "formset_error": formset_error},
            status=400,
        )
    steps = list(version.steps.order_by("order"))
    if steps:
        initial = [
            {"name": s.name, "budget": s.budget, "office_kind": s.office_kind} for s in steps
        ]
        suggested = False
    else:
        initial = [
            {"name": n, "budget": b, "office_kind": k}
            for n, b, k in suggest_workflow(version.processing_time)
        ]
        suggested = True
    formset = WorkflowFormSet(initial=initial)
    return render(
        request,
        "catalog/workflow_form.html",
        {
            "formset": formset,
            "version": version,
            "suggested": suggested,
            "office_kinds": OfficeKind.choices,
        },
    )


@reader_required
def review_list(request):
    filter_form = ReviewFilterForm(request.GET or None, years=queries.review_years())
    filter_form.is_valid()
    data = getattr(filter_form, "cleaned_data", {})
    reviews = queries.reviews(year=data.get("year"), status=data.get("status", ""))
    return render(
        request,
        "catalog/review_list.html",
        {
            "filter_form": filter_form,
            "reviews": reviews,
            "apply_form": ApplyReviewForm(),
            "can_edit": services.can_edit_catalog(request.user),
            "proposed": ReviewStatus.PROPOSED,
        },
    )


@editor_required
def review_create(request):
    initial = {}
    if request.GET.get("procedure"):
        initial["procedure"] = request.GET["procedure"]
    form = ReviewForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        procedure = data.pop("procedure")
        try:
            services.create_review(request.user, procedure, **data)
        except ValidationError as exc:
            _apply_validation_error(form, exc)
        else:
            messages.success(request, "Đã ghi nhận đề xuất rà soát, đơn giản hóa.")
            return redirect("review-list")
    return render(
        request, "catalog/review_form.html", {"form": form}, status=400 if form.errors else 200
    )


@require_POST
@editor_required
def review_apply(request, pk: int):
    review = get_object_or_404(Review, pk=pk)
    form = ApplyReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Ngày áp dụng không hợp lệ.")
        return redirect("review-list")
    try:
        services.apply_review(request.user, review, form.cleaned_data["applied_on"])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"Đã áp dụng kết quả rà soát thủ tục “{review.procedure.name}”.")
    return redirect("review-list")


@reader_required
def decision_list(request):
    return render(
        request,
        "catalog/decision_list.html",
        {
            "decisions": queries.publication_decisions(),
            "can_edit": services.can_edit_catalog(request.user),
        },
    )


@editor_required
def decision_create(request):
    form = PublicationDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_publication_decision(
                request.user,
                number=data["number"],
                signed_on=data["signed_on"],
                title=data["title"],
                items=data["items"],
                issuing_unit=data.get("issuing_unit"),
            )
        except ValidationError as exc:
            _apply_validation_error(form, exc)
        else:
            messages.success(request, f"Đã ghi nhận Quyết định số {data['number']}.")
            return redirect("decision-list")
    return render(
        request, "catalog/decision_form.html", {"form": form}, status=400 if form.errors else 200
    )

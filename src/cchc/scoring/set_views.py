"""Criteria-set pages (/chi-so-cchc/bo-tieu-chi/): the list, a set with its whole tree and
grades, import and export of set files, and the back-office editor.

Order of answers: a set the user may not see → 404 (`sets.set_for`); a write without the
role on the set's issuer → 403; a stale revision → the form again with the conflict message,
409; anything the rules refuse (including any change to a set a round uses) → the form or
page again with the message, 400, and nothing changed; a success redirects.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from cchc.core.errors import ImportRefused
from cchc.units.models import Unit
from cchc.units.permissions import visible_units

from . import criteria_files, sets
from .models import CriteriaSet, Criterion
from .set_forms import CopyForm, CriterionForm, DeleteForm, ImportForm, SetForm

CONTENT_TYPES = {
    "yaml": "application/yaml; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _set_or_404(user, pk) -> CriteriaSet:
    try:
        return sets.set_for(user, pk)
    except CriteriaSet.DoesNotExist:
        raise Http404("Không tìm thấy bộ tiêu chí.") from None


def _criterion_or_404(user, pk) -> Criterion:
    try:
        return sets.criterion_for(user, pk)
    except Criterion.DoesNotExist:
        raise Http404("Không tìm thấy tiêu chí.") from None


def _require_writer(user, criteria_set: CriteriaSet) -> None:
    if not sets.can_write(user, criteria_set.issuer):
        raise PermissionDenied(
            "Chỉ công chức phụ trách CCHC, thẩm định hoặc quản trị của cơ quan ban hành được "
            "sửa bộ tiêu chí này."
        )


def _apply_error(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            target = field if field in form.fields else None
            for e in errors:
                for message in e.messages:
                    form.add_error(target, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


def _issuers(user):
    if user.is_superuser:
        return Unit.objects.order_by("path")
    return visible_units(user, sets.WRITE_ROLES).order_by("path")


@login_required
def criteria_set_list(request):
    return render(
        request,
        "scoring/sets/list.html",
        {"rows": sets.set_list(request.user), "can_import": sets.can_write_sets(request.user)},
    )


def _detail_context(user, criteria_set: CriteriaSet) -> dict:
    rounds = sets.rounds_using(criteria_set)
    writer = sets.can_write(user, criteria_set.issuer)
    return {
        "criteria_set": criteria_set,
        "rows": sets.tree_rows(criteria_set),
        "grades": sets.grade_rows(criteria_set),
        "total": criteria_files.vn(sets.spec_from_set(criteria_set).total_max),
        "rounds": rounds,
        "frozen_message": sets.frozen_message(criteria_set) if rounds else "",
        "can_edit": writer and not rounds,
        "can_copy": writer,
    }


@login_required
def criteria_set_detail(request, pk):
    criteria_set = _set_or_404(request.user, pk)
    return render(request, "scoring/sets/detail.html", _detail_context(request.user, criteria_set))


@login_required
def criteria_set_import(request):
    if not sets.can_write_sets(request.user):
        raise PermissionDenied(
            "Chỉ công chức phụ trách CCHC, thẩm định hoặc quản trị hệ thống được nhập bộ tiêu chí."
        )
    form = ImportForm(request.POST or None, request.FILES or None)
    row_errors = []
    if request.method == "POST" and form.is_valid():
        try:
            criteria_set, summary = sets.import_set_upload(request.user, form.cleaned_data["file"])
        except ImportRefused as refused:
            row_errors = refused.errors
        except ValidationError as error:
            _apply_error(form, error)
        else:
            messages.success(request, summary)
            return redirect("criteria-set-detail", pk=criteria_set.pk)
    failed = bool(form.errors or row_errors)
    return render(
        request,
        "scoring/sets/import.html",
        {"form": form, "row_errors": row_errors},
        status=400 if failed else 200,
    )


@login_required
def criteria_set_export(request, pk, fmt):
    criteria_set = _set_or_404(request.user, pk)
    if fmt not in sets.EXPORT_FORMATS:
        raise Http404("Không có định dạng tệp này.")
    filename, content = sets.export_set(criteria_set, fmt)
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _render_form(request, template, context, form, status=None):
    if status is None:
        status = 400 if form.errors else 200
    return render(request, template, {**context, "form": form}, status=status)


@login_required
def criteria_set_edit(request, pk):
    criteria_set = _set_or_404(request.user, pk)
    _require_writer(request.user, criteria_set)
    context = {
        "criteria_set": criteria_set,
        "frozen_message": sets.frozen_message(criteria_set) if sets.is_used(criteria_set) else "",
    }
    issuers = _issuers(request.user)
    if request.method != "POST":
        form = SetForm(initial=SetForm.initial_for(criteria_set), issuers=issuers)
        return _render_form(request, "scoring/sets/set_form.html", context, form)
    form = SetForm(request.POST, issuers=issuers)
    status = 400
    if form.is_valid():
        try:
            sets.update_set(
                request.user, criteria_set, form.set_fields(), form.cleaned_data["revision"]
            )
        except sets.SetConflict as conflict:
            form.add_error(None, str(conflict))
            status = 409
        except ValidationError as error:
            _apply_error(form, error)
        else:
            messages.success(request, "Đã lưu thông tin bộ tiêu chí.")
            return redirect("criteria-set-detail", pk=criteria_set.pk)
    return _render_form(request, "scoring/sets/set_form.html", context, form, status)


def _parent_of_request(request, criteria_set: CriteriaSet) -> Criterion | None:
    raw = request.POST.get("parent") or request.GET.get("parent")
    if not raw:
        return None
    try:
        return criteria_set.criteria.get(pk=int(raw))
    except (ValueError, Criterion.DoesNotExist):
        raise Http404("Không tìm thấy tiêu chí cha.") from None


@login_required
def criterion_add(request, pk):
    criteria_set = _set_or_404(request.user, pk)
    _require_writer(request.user, criteria_set)
    parent = _parent_of_request(request, criteria_set)
    context = {
        "criteria_set": criteria_set,
        "parent": parent,
        "criterion": None,
        "becomes_parent": parent is not None and not parent.children.exists(),
        "frozen_message": sets.frozen_message(criteria_set) if sets.is_used(criteria_set) else "",
    }
    area = parent is None
    if request.method != "POST":
        initial = {
            "revision": criteria_set.revision,
            "code": sets.next_code(criteria_set, parent),
        }
        form = CriterionForm(initial=initial, leaf=True, area=area)
        return _render_form(request, "scoring/sets/criterion_form.html", context, form)
    form = CriterionForm(request.POST, leaf=True, area=area)
    status = 400
    if form.is_valid():
        try:
            criterion = sets.add_criterion(
                request.user,
                criteria_set,
                parent,
                form.criterion_fields(),
                form.cleaned_data["revision"],
            )
        except sets.SetConflict as conflict:
            form.add_error(None, str(conflict))
            status = 409
        except ValidationError as error:
            _apply_error(form, error)
        else:
            messages.success(request, f"Đã thêm tiêu chí {criterion.code}.")
            return redirect(f"{criteria_set_url(criteria_set)}#tc-{criterion.pk}")
    return _render_form(request, "scoring/sets/criterion_form.html", context, form, status)


def criteria_set_url(criteria_set: CriteriaSet) -> str:
    return reverse("criteria-set-detail", args=[criteria_set.pk])


@login_required
def criterion_edit(request, pk):
    criterion = _criterion_or_404(request.user, pk)
    criteria_set = criterion.criteria_set
    _require_writer(request.user, criteria_set)
    leaf = not criterion.children.exists()
    area = criterion.parent_id is None
    context = {
        "criteria_set": criteria_set,
        "parent": criterion.parent,
        "criterion": criterion,
        "leaf": leaf,
        "frozen_message": sets.frozen_message(criteria_set) if sets.is_used(criteria_set) else "",
    }
    if request.method != "POST":
        form = CriterionForm(
            initial=CriterionForm.initial_for(criterion, criteria_set.revision),
            leaf=leaf,
            area=area,
        )
        return _render_form(request, "scoring/sets/criterion_form.html", context, form)
    form = CriterionForm(request.POST, leaf=leaf, area=area)
    status = 400
    if form.is_valid():
        try:
            criterion = sets.update_criterion(
                request.user, criterion, form.criterion_fields(), form.cleaned_data["revision"]
            )
        except sets.SetConflict as conflict:
            form.add_error(None, str(conflict))
            status = 409
        except ValidationError as error:
            _apply_error(form, error)
        else:
            messages.success(request, f"Đã lưu tiêu chí {criterion.code}.")
            return redirect(f"{criteria_set_url(criteria_set)}#tc-{criterion.pk}")
    return _render_form(request, "scoring/sets/criterion_form.html", context, form, status)


@login_required
def criterion_delete(request, pk):
    criterion = _criterion_or_404(request.user, pk)
    criteria_set = criterion.criteria_set
    _require_writer(request.user, criteria_set)
    below = criteria_set.criteria.filter(code__startswith=f"{criterion.code}.").count()
    context = {
        "criteria_set": criteria_set,
        "criterion": criterion,
        "below": below,
        "frozen_message": sets.frozen_message(criteria_set) if sets.is_used(criteria_set) else "",
    }
    if request.method != "POST":
        form = DeleteForm(initial={"revision": criteria_set.revision})
        return _render_form(request, "scoring/sets/criterion_delete.html", context, form)
    form = DeleteForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            gone = sets.delete_criterion(request.user, criterion, form.cleaned_data["revision"])
        except sets.SetConflict as conflict:
            form.add_error(None, str(conflict))
            status = 409
        except ValidationError as error:
            _apply_error(form, error)
        else:
            messages.success(
                request,
                f"Đã xóa tiêu chí {criterion.code}"
                + (f" và {gone - 1} tiêu chí con." if gone > 1 else "."),
            )
            return redirect("criteria-set-detail", pk=criteria_set.pk)
    return _render_form(request, "scoring/sets/criterion_delete.html", context, form, status)


@login_required
def criteria_set_copy(request, pk):
    criteria_set = _set_or_404(request.user, pk)
    _require_writer(request.user, criteria_set)
    context = {"criteria_set": criteria_set}
    if request.method != "POST":
        form = CopyForm(
            initial={"year": criteria_set.year + 1, "decision_ref": criteria_set.decision_ref}
        )
        return _render_form(request, "scoring/sets/copy_form.html", context, form)
    form = CopyForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            copy = sets.copy_set(
                request.user, criteria_set, data["code"], data["year"], data["decision_ref"]
            )
        except ValidationError as error:
            _apply_error(form, error)
        else:
            messages.success(
                request,
                f"Đã tạo bộ tiêu chí {copy.code} từ bộ tiêu chí {criteria_set.code}; "
                "có thể sửa bộ tiêu chí mới trước khi dùng cho đợt đánh giá.",
            )
            return redirect("criteria-set-detail", pk=copy.pk)
    return _render_form(request, "scoring/sets/copy_form.html", context, form)

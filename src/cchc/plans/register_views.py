"""Pages of the four registers the reports count: directive documents, inspections, outreach
activities, initiatives and models. One set of views serves all four, each described by a
`RegisterPage`; the answers follow `views` (404 / 403 / 409 / 400, a success redirects).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone

from . import queries, services
from .forms import (
    DirectiveForm,
    InitiativeForm,
    InspectionForm,
    OutreachActivityForm,
    RecordForm,
    RegisterFilterForm,
)
from .models import Directive, Initiative, Inspection, OutreachActivity
from .services import PlanConflict, PlanRefused
from .views import PAGE_ROWS, _unit_switch, apply_refusal, chosen_unit, require_writer, writer_unit


@dataclass(frozen=True)
class RegisterPage:
    key: str  # url names: "<key>-list", "<key>-create", "<key>-edit", "<key>-delete"
    slug: str  # the address under /ke-hoach/
    model: type
    form: type[RecordForm]
    register: object  # services.DIRECTIVES…
    title: str
    add_label: str
    saved: str  # the success message
    empty: str


PAGES = (
    RegisterPage(
        "directive",
        "van-ban-chi-dao",
        Directive,
        DirectiveForm,
        services.DIRECTIVES,
        "Văn bản chỉ đạo, điều hành CCHC",
        "Thêm văn bản",
        "Đã lưu văn bản chỉ đạo.",
        "Chưa có văn bản chỉ đạo nào.",
    ),
    RegisterPage(
        "inspection",
        "kiem-tra",
        Inspection,
        InspectionForm,
        services.INSPECTIONS,
        "Kiểm tra công tác CCHC",
        "Thêm cuộc kiểm tra",
        "Đã lưu cuộc kiểm tra.",
        "Chưa có cuộc kiểm tra nào.",
    ),
    RegisterPage(
        "outreach",
        "tuyen-truyen",
        OutreachActivity,
        OutreachActivityForm,
        services.OUTREACH,
        "Tuyên truyền CCHC",
        "Thêm hoạt động tuyên truyền",
        "Đã lưu hoạt động tuyên truyền.",
        "Chưa có hoạt động tuyên truyền nào.",
    ),
    RegisterPage(
        "initiative",
        "sang-kien",
        Initiative,
        InitiativeForm,
        services.INITIATIVES,
        "Sáng kiến, mô hình CCHC",
        "Thêm sáng kiến, mô hình",
        "Đã lưu sáng kiến, mô hình.",
        "Chưa có sáng kiến, mô hình nào.",
    ),
)


@login_required
def record_list(request, page: RegisterPage):
    queries.require_reader(request.user)
    unit = chosen_unit(request)
    form = RegisterFilterForm(
        request.GET or None, units=queries.reader_units(request.user), today=timezone.localdate()
    )
    found = queries.records(
        request.user,
        page.model,
        unit=unit,
        year=form.value("nam"),
        start=form.value("tu_ngay"),
        end=form.value("den_ngay"),
    )
    writable = {u.pk for u in queries.writer_units(request.user)}
    return render(
        request,
        "plans/registers/list.html",
        {
            "page": page,
            "form": form,
            "records": found[:PAGE_ROWS],
            "count": found.count(),
            "writable": writable,
            "rows_template": f"plans/registers/_{page.key}_rows.html",
        },
    )


@login_required
def record_create(request, page: RegisterPage):
    unit = writer_unit(request)
    form = page.form(request.POST or None, unit=unit, initial=_initial(page))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.add_record(request.user, page.register, unit, **form.values())
            except PlanRefused as exc:
                apply_refusal(form, exc)
            else:
                messages.success(request, page.saved)
                return redirect(f"{page.key}-list")
    return render(
        request,
        "plans/registers/form.html",
        {"page": page, "form": form, "unit": unit, "record": None, **_unit_switch(request, unit)},
        status=status,
    )


def _initial(page: RegisterPage) -> dict:
    if page.model in (Inspection, Initiative):
        return {"year": timezone.localdate().year}
    return {}


@login_required
def record_edit(request, page: RegisterPage, pk: int):
    record = queries.record_for(request.user, page.model, pk)
    require_writer(request.user, record.unit_id)
    initial = {name: getattr(record, name) for name in page.register.fields}
    form = page.form(
        request.POST or None, unit=record.unit, initial=initial, revision=record.revision
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.edit_record(
                    request.user, record, expected_revision=form.revision, **form.values()
                )
            except PlanConflict as exc:
                form.add_error(None, str(exc))
                status = 409
            except PlanRefused as exc:
                apply_refusal(form, exc)
            else:
                messages.success(request, page.saved)
                return redirect(f"{page.key}-list")
    return render(
        request,
        "plans/registers/form.html",
        {"page": page, "form": form, "unit": record.unit, "record": record},
        status=status,
    )


@login_required
def record_delete(request, page: RegisterPage, pk: int):
    """GET: the confirmation; POST: remove the row (with the revision the page showed)."""
    record = queries.record_for(request.user, page.model, pk)
    require_writer(request.user, record.unit_id)
    status = 200
    if request.method == "POST":
        posted = request.POST.get("revision", "")
        try:
            services.remove_record(
                request.user, record, expected_revision=int(posted) if posted.isdigit() else -1
            )
        except PlanConflict as exc:
            messages.error(request, str(exc))
            status = 409
            record = queries.record_for(request.user, page.model, pk)
        else:
            messages.success(request, "Đã xóa khỏi sổ.")
            return redirect(f"{page.key}-list")
    return render(
        request,
        "plans/registers/delete.html",
        {"page": page, "record": record},
        status=status,
    )

"""Pages of the dossier-results statistics: the 13-column table, the records behind each
figure, and the form as XLSX / DOCX / JSON.

Who: reform officers, unit leaders, office heads, administrators and appraisers (403 for
anyone else), for the units their roles reach (404 for another unit). The views parse the
choice (`results_forms.ResultsForm`), call `statistics` once and render; the counting rules
live in `counting.py`, the printed layout in `results_documents.py`.
"""

from __future__ import annotations

import json
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from cchc.catalog.models import Sector
from cchc.core import vnformat
from cchc.units.models import Role, Unit
from cchc.units.permissions import has_role, visible_unit_ids, visible_units
from cchc.workcal.queries import unconfirmed_years

from . import statistics
from .figures import COLUMN_LABELS, COLUMNS
from .results_documents import (
    HEADER_GROUPS,
    SUBHEADERS,
    TOTAL_LABEL,
    filename,
    form_lines,
    render_results_docx,
    render_results_xlsx,
    results_form,
    results_paragraphs,
)
from .results_forms import ResultsForm, quick_periods

REPORT_ROLES = (
    Role.REFORM_OFFICER,
    Role.UNIT_LEADER,
    Role.OFFICE_HEAD,
    Role.ADMINISTRATOR,
    Role.APPRAISER,
)
PAGE_SIZE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
DOWNLOADS = ("xlsx", "docx", "json")


def _require_reporter(user) -> None:
    if not has_role(user, *REPORT_ROLES):
        raise PermissionDenied("Tài khoản của bạn không có quyền xem thống kê hồ sơ.")


def _unit_for(user, pk: int) -> Unit:
    """The unit if one of the user's reporting roles reaches it; 404 otherwise."""
    if pk not in visible_unit_ids(user, REPORT_ROLES):
        raise Http404("Không tìm thấy đơn vị.")
    return Unit.objects.select_related("parent").get(pk=pk)


def _form(request) -> ResultsForm:
    """The bound choice (a quick-choice button replaces the period text)."""
    data = None
    if request.GET:
        data = request.GET.copy()
        if data.get("quick"):
            data["period"] = data.pop("quick")[-1]
        for name, default in (("window", "cutoff"), ("by", "sector")):
            if not data.get(name):
                data[name] = default  # so that the radio buttons show what was computed
    units = list(visible_units(request.user, REPORT_ROLES).order_by("path"))
    return ResultsForm(data, units=units, today=timezone.localdate())


def _results(request, form: ResultsForm) -> statistics.DossierResults:
    data = form.cleaned_data
    unit = _unit_for(request.user, data["unit"])
    return statistics.dossier_results(
        unit, data["period_window"], by=data["by"], include_children=data["children"]
    )


def _calendar_warning(results: statistics.DossierResults) -> str:
    win = results.window
    years = unconfirmed_years(range(win.start.year, win.end.year + 1), results.unit)
    if not years:
        return ""
    listed = ", ".join(str(year) for year in years)
    return (
        f"Lịch làm việc năm {listed} chưa được xác nhận: hạn giải quyết, và vì vậy việc xếp "
        "hồ sơ trước hạn, đúng hạn, quá hạn, đang dựa trên lịch nạp tự động."
    )


def _cells(counts, base: list[tuple[str, str]], group_id: int | None):
    """(shown value, link to the records or None) for the 11 figures of a row."""
    records = reverse("dossier-results-records")
    cells = []
    for column in COLUMNS:
        value = getattr(counts, column)
        link = None
        if value:
            extra = [("column", column)] + ([("group", str(group_id))] if group_id else [])
            link = f"{records}?{urlencode(base + extra)}"
        cells.append((vnformat.number(value), link))
    return cells


@login_required
def dossier_results_page(request):
    _require_reporter(request.user)
    form = _form(request)
    context = {
        "form": form,
        "quick": quick_periods(timezone.localdate()),
        "groups": [(text, last - first + 1) for text, first, last in HEADER_GROUPS],
        "subheaders": SUBHEADERS,
        "numbers": range(3, 14),
    }
    if form.is_bound and form.is_valid():
        results = _results(request, form)
        base = form.query_items()
        printed = results_form(results)
        context.update(
            results=results,
            printed=printed,
            rows=[
                {
                    "number": line.number,
                    "label": line.label,
                    "heading": line.heading,
                    "cells": _cells(line.counts, base, line.group_id) if line.counts else [],
                }
                for line in form_lines(results)
            ],
            total_cells=_cells(results.total, base, None),
            total_label=TOTAL_LABEL,
            paragraphs=results_paragraphs(results),
            calendar_warning=_calendar_warning(results),
            downloads=[
                (
                    fmt.upper(),
                    f"{reverse('dossier-results-download', args=[fmt])}?{urlencode(base)}",
                )
                for fmt in DOWNLOADS
            ],  # fmt: skip
        )
    template = "reporting/results/page.html"
    if getattr(request, "htmx", False):
        template = "reporting/results/_content.html"
    return render(request, template, context)


@login_required
def dossier_results_download(request, fmt: str):
    _require_reporter(request.user)
    if fmt not in DOWNLOADS:
        raise Http404("Không có định dạng này.")
    form = _form(request)
    if not form.is_valid():
        raise Http404("Lựa chọn thống kê không hợp lệ.")
    results = _results(request, form)
    if fmt == "xlsx":
        response = HttpResponse(render_results_xlsx(results), content_type=XLSX)
    elif fmt == "docx":
        response = HttpResponse(render_results_docx(results), content_type=DOCX)
    else:
        content = json.dumps(results.as_json(), ensure_ascii=False, indent=2)
        response = HttpResponse(content, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename(results, fmt)}"'
    return response


@login_required
def dossier_results_records(request):
    """The dossiers behind one figure, 50 a page, without counting them all (one row more
    than the page tells whether there is a next page)."""
    _require_reporter(request.user)
    column = request.GET.get("column", "")
    group = request.GET.get("group", "")
    form = _form(request)
    if column not in COLUMNS or (group and not group.isdigit()) or not form.is_valid():
        raise Http404("Không tìm thấy số liệu.")
    data = form.cleaned_data
    unit = _unit_for(request.user, data["unit"])
    group_id = int(group) if group else None
    rows = statistics.records_behind(
        unit,
        data["period_window"],
        column,
        by=data["by"],
        group_id=group_id,
        include_children=data["children"],
    ).select_related("procedure", "unit")
    raw_page = request.GET.get("trang", "1")
    page = max(1, int(raw_page)) if raw_page.isdigit() else 1
    window = list(rows.order_by("received_at", "id")[(page - 1) * PAGE_SIZE : page * PAGE_SIZE + 1])
    base = form.query_items() + [("column", column)] + ([("group", group)] if group else [])
    return render(
        request,
        "reporting/results/records.html",
        {
            "unit": unit,
            "period": data["period_window"],
            "column_label": COLUMN_LABELS[column],
            "group_label": _group_label(data["by"], group_id),
            "dossiers": window[:PAGE_SIZE],
            "first_number": (page - 1) * PAGE_SIZE + 1,
            "page": page,
            "has_next": len(window) > PAGE_SIZE,
            "page_query": urlencode(base),
            "back": f"{reverse('dossier-results')}?{urlencode(form.query_items())}",
        },
    )


def _group_label(by: str, group_id: int | None) -> str:
    if group_id is None:
        return TOTAL_LABEL
    model = Sector if by == statistics.GroupBy.SECTOR else Unit
    found = model.objects.filter(pk=group_id).values_list("name", flat=True).first()
    return found or ""

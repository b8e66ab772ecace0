"""Pages of periodic reports: the list, the editor, preview and downloads, submission, the
recipient's filings and review, on-time statistics.

Order of answers, as on the dossier pages: a report the user can see neither through its unit
nor through its recipient → 404 (`queries.report_for`); an action without the role for it →
403 (the services raise PermissionDenied); a stale revision → the editor again with the
conflict message, 409; figures or values the services refuse → the page again with the
message, 400. A refusal changes nothing; a success redirects.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from dataclasses import field as dc_field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from cchc.core import vnformat
from cchc.units.models import Unit
from cchc.units.permissions import can_act, visible_unit_ids
from cchc.workcal.queries import unconfirmed_years

from . import figures, queries, report_documents, services, sources
from .content import Block
from .models import (
    FileKind,
    ManualResults,
    ReportSection,
    ReportStatus,
    ReportType,
    SectionKind,
    ValueType,
)
from .report_forms import (
    ACCEPT,
    FilingsForm,
    ManualResultsForm,
    OpenReportForm,
    ReportEditForm,
    ReviewForm,
    StatsForm,
    text_field,
)
from .services import FILER_ROLES, RECIPIENT_ROLES, ReportConflict, ReportRefused

log = logging.getLogger(__name__)

CONTENT_TYPES = {
    FileKind.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    FileKind.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    FileKind.PDF: "application/pdf",
}
GENERATION_FAILED = (
    "Không tạo được tệp báo cáo, nên báo cáo chưa được gửi và không có gì thay đổi. "
    "Vui lòng thử lại; nếu vẫn lỗi, báo cho quản trị hệ thống."
)
# The indicator placeholders of a section template ("{I.3.1}"), as services fills them.
_PLACEHOLDER = re.compile(r"\{([A-Z]+(?:\.\d+)*)\}")


def _refusal_messages(request, error) -> None:
    texts = getattr(error, "messages", None) or [str(error)]
    for text in texts:
        messages.error(request, text)


def _content_error(error) -> list[str]:
    if isinstance(error, figures.IdentityError):
        found = [v.message for v in error.violations] or [str(error)]
        return ["Số liệu không khớp, chưa thể lập báo cáo: " + " ".join(found)]
    return list(getattr(error, "messages", None) or [str(error)])


# -- the list and opening a report ---------------------------------------------------------


def _badge(instance, today):
    state = queries.timeliness(instance, instance.due_on, today)
    if state == queries.MISSING:
        return None
    label, css = queries.TIMELINESS_LABELS[state]
    return ("Quá hạn" if instance.submitted_at is None else label), css


def _open_initial(request, units) -> dict:
    """A reminder links to the list with the report to open already chosen."""
    wanted = {k: request.GET.get(k, "") for k in ("loai", "don_vi", "ky")}
    initial = {"loai": wanted["loai"]} if wanted["loai"] else {}
    if wanted["don_vi"].isdigit() and int(wanted["don_vi"]) in {u.pk for u in units}:
        initial["don_vi"] = int(wanted["don_vi"])
    if wanted["ky"]:
        initial["ky"] = initial["ky_khac"] = wanted["ky"]
    return initial


@login_required
def report_list(request, *, open_form=None, status=200):
    today = timezone.localdate()
    reports = queries.visible_reports(request.user).order_by("-due_on", "unit__path")[:200]
    units = list(queries.filer_units(request.user))
    form = open_form
    if form is None and units:
        form = OpenReportForm(units=units, today=today, initial=_open_initial(request, units))
        if form.initial.get("ky") in dict(form.fields["ky"].widget.choices):
            form.initial.pop("ky_khac")  # a quick choice: no need to type it
    return render(
        request,
        "reporting/reports/list.html",
        {
            "reports": [(r, _badge(r, today)) for r in reports],
            "open_form": form,
            "receives": queries.recipient_units(request.user).exists(),
        },
        status=status,
    )


@login_required
@require_POST
def report_open(request):
    raw = request.POST.get("don_vi", "")
    unit = Unit.objects.filter(
        pk=int(raw) if raw.isdigit() else None, id__in=visible_unit_ids(request.user)
    ).first()
    if unit is None:
        raise Http404("Không tìm thấy đơn vị.")
    if not can_act(request.user, unit, *FILER_ROLES):
        raise PermissionDenied("Anh/chị không có quyền lập báo cáo của đơn vị này.")
    units = list(queries.filer_units(request.user))
    form = OpenReportForm(request.POST, units=units, today=timezone.localdate())
    if not form.is_valid():
        return report_list(request, open_form=form, status=400)
    data = form.cleaned_data
    try:
        instance = services.open_report(request.user, data["loai"], unit, data["period"])
    except ReportRefused as exc:
        _refusal_messages(request, exc)
        return report_list(request, open_form=form, status=400)
    return redirect("report-detail", pk=instance.pk)


def _require_filer(user, instance) -> None:
    """403 before anything is parsed: only the unit's filers write (the services check it
    again inside their transaction)."""
    if not can_act(user, instance.unit, *FILER_ROLES):
        raise PermissionDenied("Anh/chị không có quyền lập, sửa hoặc gửi báo cáo của đơn vị này.")


# -- the editor ------------------------------------------------------------------------------


@dataclass
class Figure:
    label: str
    value: str
    link: str = ""
    provenance: str = ""


@dataclass
class SectionView:
    section: ReportSection
    block: Block | None
    field: object = None  # the bound text field, when the user may edit
    figures: list[Figure] = dc_field(default_factory=list)
    link: str = ""  # the list behind a whole section (reviewed procedures)
    auto: bool = False  # some of its figures come from the records

    @property
    def kind(self) -> str:
        return self.section.kind


def _reverse(name: str) -> str:
    try:
        return reverse(name)
    except NoReverseMatch:
        return ""


def _dossier_figures(instance) -> list[Figure]:
    """The form's main figures with, unless typed by hand, the records behind each."""
    results, provenance = services.dossier_figures(instance)
    manual = ManualResults.objects.filter(instance=instance).exists()
    context = sources.SourceContext(instance.unit, instance.window)
    shown = []
    for key in figures.COLUMNS:
        link = ""
        if not manual:
            try:
                computed = sources.compute(f"dossiers.results?scope=all&column={key}", context)
                link = computed.link if computed else ""
            except NoReverseMatch:  # the records page is not installed
                link = ""
        label = f"({figures.COLUMN_NUMBERS[key]}) {figures.COLUMN_LABELS[key]}"
        shown.append(Figure(label, vnformat.number(getattr(results.total, key)), link, provenance))
    return shown


def _section_views(instance, sections, blocks, rows, form) -> list[SectionView]:
    by_code = {row.indicator.code: row for row in rows}
    views = []
    for index, section in enumerate(sections):
        block = blocks[index] if blocks and index < len(blocks) else None
        item = SectionView(section, block)
        if form is not None and text_field(section) in form.fields:
            item.field = form[text_field(section)]
        if section.kind == SectionKind.COMPUTED:
            if section.source == "section.dossier_results":
                item.figures = _dossier_figures(instance)
            elif section.source == "section.reviews":
                item.link = _reverse("review-list")
            placed = [by_code[c] for c in _PLACEHOLDER.findall(section.template) if c in by_code]
            # Figures typed in the indicator table are not repeated here; computed ones are
            # listed with their source and the records behind them.
            for row in (r for r in placed if r.computed):
                label = f"{row.indicator.code} {row.indicator.label}"
                item.figures.append(Figure(label, row.display or "…", row.link, row.provenance))
            item.auto = bool(item.figures) or section.source.startswith("section.")
        views.append(item)
    return views


MODULES = {
    "feedback": "Phản ánh, kiến nghị và khảo sát",
    "plans": "Kế hoạch CCHC",
    "documents": "Văn bản điện tử",
    "scoring": "Chỉ số CCHC",
}


@dataclass
class IndicatorView:
    row: services.IndicatorRow
    value_field: object = None
    note_field: object = None

    @property
    def heading(self) -> bool:
        return self.row.indicator.value_type == ValueType.HEADING

    @property
    def awaiting(self) -> str:
        """The module a manual value waits for: "nhập tay cho đến khi có phân hệ …"."""
        if not self.row.awaiting_module:
            return ""
        module = self.row.indicator.source.split(".", 1)[0]
        return MODULES.get(module, module)


def _indicator_views(rows, form) -> list[IndicatorView]:
    views = []
    for row in rows:
        name = f"value-{row.indicator.code}"
        if form is not None and name in form.fields:
            views.append(IndicatorView(row, form[name], form[f"note-{row.indicator.code}"]))
        else:
            views.append(IndicatorView(row))
    return views


def _calendar_warning(instance) -> str:
    years = range(instance.start.year, instance.end.year + 1)
    missing = unconfirmed_years(years, instance.unit)
    if not missing:
        return ""
    listed = ", ".join(str(y) for y in missing)
    return (
        f"Lịch làm việc năm {listed} chưa được xác nhận: hạn giải quyết hồ sơ, và vì thế số hồ "
        "sơ đúng hạn, quá hạn trong báo cáo, đang tính theo lịch nạp tự động."
    )


def _status_label(status: str) -> str:
    return ReportStatus(status).label if status in ReportStatus.values else status


def render_editor(request, instance, *, form=None, manual_form=None, status=200):
    """The report page: the editor while the report is a draft or returned and the user
    files for its unit; read-only otherwise (with the stored files and the history)."""
    user = request.user
    rtype = instance.report_type
    sections = list(rtype.sections.all())
    rows = services.indicator_rows(instance)
    content_errors: list[str] = []
    blocks = ()
    try:
        blocks = services.build_content(instance).blocks
    except (ReportRefused, figures.IdentityError) as exc:
        content_errors = _content_error(exc)
    can_file = instance.is_editable and can_act(user, instance.unit, *FILER_ROLES)
    if form is None:
        texts = services.texts_of(instance)
        form = ReportEditForm(instance=instance, sections=sections, texts=texts, rows=rows)
    if manual_form is None:
        saved = ManualResults.objects.filter(instance=instance).first()
        initial = {"revision": instance.revision}
        if saved is not None:
            initial |= {key: getattr(saved, key) for key in figures.COLUMNS}
            initial["note"] = saved.note
        manual_form = ManualResultsForm(initial=initial)
    can_review = (
        instance.status == ReportStatus.SUBMITTED
        and instance.recipient is not None
        and can_act(user, instance.recipient, *RECIPIENT_ROLES)
    )
    today = timezone.localdate()
    return render(
        request,
        "reporting/reports/detail.html",
        {
            "instance": instance,
            "rtype": rtype,
            "window": instance.window,
            "form": form,
            "manual_form": manual_form,
            "has_manual": ManualResults.objects.filter(instance=instance).exists(),
            "sections": _section_views(
                instance, sections, blocks, rows, form if can_file else None
            ),
            "rows": _indicator_views(rows, form if can_file else None),
            "content_errors": content_errors,
            "calendar_warning": _calendar_warning(instance),
            "can_file": can_file,
            "can_review": can_review,
            "review_form": ReviewForm() if can_review else None,
            "badge": _badge(instance, today),
            "files": instance.files.all() if not instance.is_editable else (),
            "events": [
                (e, _status_label(e.from_status), _status_label(e.to_status))
                for e in instance.events.select_related("actor")
            ],
            "kinds": [k.value for k in FileKind],
        },
        status=status,
    )


@login_required
def report_detail(request, pk):
    instance = queries.report_for(request.user, pk)
    if request.method != "POST":
        return render_editor(request, instance)
    _require_filer(request.user, instance)
    sections = list(instance.report_type.sections.all())
    rows = services.indicator_rows(instance)
    form = ReportEditForm(request.POST, instance=instance, sections=sections, texts={}, rows=rows)
    if not form.is_valid():
        return render_editor(request, instance, form=form, status=400)
    try:
        services.save_report(
            request.user,
            instance,
            texts=form.texts(),
            values=form.values(),
            header=form.header(),
            expected_revision=form.cleaned_data["revision"],
        )
    except ReportConflict as exc:
        messages.error(request, str(exc))
        return render_editor(request, queries.report_for(request.user, pk), status=409)
    except ReportRefused as exc:
        _refusal_messages(request, exc)
        return render_editor(request, queries.report_for(request.user, pk), form=form, status=400)
    messages.success(request, "Đã lưu báo cáo.")
    return redirect("report-detail", pk=pk)


@login_required
@require_POST
def report_manual_results(request, pk):
    instance = queries.report_for(request.user, pk)
    _require_filer(request.user, instance)
    form = ManualResultsForm(request.POST)
    if not form.is_valid():
        return render_editor(request, instance, manual_form=form, status=400)
    try:
        services.save_manual_results(
            request.user,
            instance,
            form.counts(),
            form.cleaned_data["note"],
            expected_revision=form.cleaned_data["revision"],
        )
    except ReportConflict as exc:
        messages.error(request, str(exc))
        return render_editor(request, queries.report_for(request.user, pk), status=409)
    except ReportRefused as exc:
        _refusal_messages(request, exc)
        return render_editor(
            request, queries.report_for(request.user, pk), manual_form=form, status=400
        )
    messages.success(request, "Đã lưu số liệu hồ sơ nhập tay.")
    return redirect("report-detail", pk=pk)


# -- preview and downloads -------------------------------------------------------------------


@login_required
def report_preview(request, pk):
    instance = queries.report_for(request.user, pk)
    errors, html = [], ""
    try:
        html = report_documents.render_html(services.build_content(instance))
    except (ReportRefused, figures.IdentityError) as exc:
        errors = _content_error(exc)
    return render(
        request,
        "reporting/reports/preview.html",
        {
            "instance": instance,
            "window": instance.window,
            "document": html,  # rendered by report_documents from escaped templates
            "content_errors": errors,
            "kinds": [k.value for k in FileKind],
        },
        status=400 if errors else 200,
    )


@login_required
def report_download(request, pk, kind):
    """While the report can be edited, the document as it stands now; once submitted, the
    file stored at submission (never regenerated)."""
    instance = queries.report_for(request.user, pk)
    if kind not in CONTENT_TYPES:
        raise Http404("Không có định dạng này.")
    if instance.is_editable:
        try:
            name, data = services.render(instance, kind)
        except (ReportRefused, figures.IdentityError) as exc:
            for text in _content_error(exc):
                messages.error(request, text)
            return render_editor(request, instance, status=400)
    else:
        stored = instance.files.filter(kind=kind).order_by("-created_at", "-id").first()
        if stored is None:
            raise Http404("Báo cáo không có tệp định dạng này.")
        name, data = stored.name, bytes(stored.content)
    response = HttpResponse(data, content_type=CONTENT_TYPES[kind])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# -- submission and review ---------------------------------------------------------------------


@login_required
def report_submit(request, pk):
    """GET: the confirmation page; POST: submit (all files generated, or nothing changes)."""
    instance = queries.report_for(request.user, pk)
    _require_filer(request.user, instance)
    if request.method != "POST":
        return render(
            request,
            "reporting/reports/submit.html",
            {
                "instance": instance,
                "window": instance.window,
                "late": timezone.localdate() > instance.due_on,
                "calendar_warning": _calendar_warning(instance),
            },
        )
    posted = request.POST.get("revision", "")
    try:
        services.submit(
            request.user, instance, expected_revision=int(posted) if posted.isdigit() else -1
        )
    except ReportConflict as exc:
        messages.error(request, str(exc))
        return render_editor(request, queries.report_for(request.user, pk), status=409)
    except (ReportRefused, figures.IdentityError) as exc:
        for text in _content_error(exc):
            messages.error(request, text)
        return render_editor(request, queries.report_for(request.user, pk), status=400)
    except PermissionDenied:
        raise
    except Exception:  # a renderer failed: the transaction rolled back, say so
        log.exception("report %s: generating the documents failed", pk)
        messages.error(request, GENERATION_FAILED)
        return render_editor(request, queries.report_for(request.user, pk), status=500)
    messages.success(request, "Đã gửi báo cáo; các tệp DOCX, XLSX, PDF đã được lưu.")
    return redirect("report-detail", pk=pk)


def _next_url(request, default: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return target
    return default


@login_required
@require_POST
def report_review(request, pk):
    instance = queries.report_for(request.user, pk)
    form = ReviewForm(request.POST)
    back = _next_url(request, reverse("report-detail", args=[pk]))
    if not form.is_valid():
        raise Http404("Không có quyết định này.")
    try:
        if form.cleaned_data["decision"] == ACCEPT:
            services.accept(request.user, instance)
            messages.success(request, f"Đã tiếp nhận báo cáo của {instance.unit.name}.")
        else:
            services.return_for_correction(request.user, instance, form.cleaned_data["reason"])
            messages.success(request, f"Đã trả lại báo cáo của {instance.unit.name}.")
    except ReportRefused as exc:
        _refusal_messages(request, exc)
    return redirect(back)


# -- the recipient's overview and statistics -----------------------------------------------------


@login_required
def report_filings(request):
    """For a recipient unit, a report type and a period: every unit that must file, with its
    status, submission time and on time / late / missing."""
    units = list(queries.recipient_units(request.user))
    raw = request.GET.get("don_vi", "")
    if raw:
        if not raw.isdigit() or int(raw) not in visible_unit_ids(request.user):
            raise Http404("Không tìm thấy đơn vị.")
        if int(raw) not in {u.pk for u in units}:
            raise PermissionDenied("Anh/chị không xem được báo cáo gửi đơn vị này.")
    if not units:
        raise PermissionDenied("Anh/chị không thuộc đơn vị nhận báo cáo.")
    today = timezone.localdate()
    form = FilingsForm(request.GET or None, units=units, today=today)
    chosen = dict(form.initial)
    if form.is_bound:
        form.is_valid()  # what was chosen validly replaces the defaults
        chosen |= {key: value for key, value in form.cleaned_data.items() if value}
    recipient = next(u for u in units if u.pk == chosen["don_vi"])
    rows, window, error = [], None, ""
    try:
        rtype = services.report_type(chosen["loai"])
        window = services.window_for(rtype, chosen["ky"])
        rows = queries.filings(recipient, rtype, chosen["ky"], today=today)
    except ReportRefused as exc:
        error = " ".join(exc.messages)
        rtype = None
    counts = {
        state: sum(1 for r in rows if r.timeliness == state) for state in queries.TIMELINESS_LABELS
    }
    return render(
        request,
        "reporting/reports/filings.html",
        {
            "form": form,
            "recipient": recipient,
            "rtype": rtype,
            "window": window,
            "due_on": rtype.deadline.due(window) if rtype and window else None,
            "rows": rows,
            "counts": counts,
            "error": error,
            "can_review": can_act(request.user, recipient, *RECIPIENT_ROLES),
            "here": request.get_full_path(),
        },
    )


@login_required
def report_stats(request):
    """On-time submission per unit and report type for a year (feeds the reform index)."""
    ids = visible_unit_ids(request.user)
    if not ids:
        raise PermissionDenied("Anh/chị chưa được giao đơn vị nào.")
    today = timezone.localdate()
    form = StatsForm(request.GET or None, today=today)
    year, code = today.year, ""
    if form.is_bound and form.is_valid():
        year, code = form.cleaned_data["nam"], form.cleaned_data["loai"]
    rtype = services.report_type(code) if code else None
    kinds = {kind for t in ReportType.objects.all() for kind in t.filers}
    units = Unit.objects.filter(id__in=ids, kind__in=kinds).order_by("path")
    stats = queries.on_time_stats(units, rtype, year, today=today)
    return render(
        request,
        "reporting/reports/stats.html",
        {"form": form, "stats": stats, "year": year, "rtype": rtype},
    )

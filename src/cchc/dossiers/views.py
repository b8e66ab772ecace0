"""Pages of the one-stop desk: work queues, the dossier page, printed forms, attachments.

Views parse input, call one query or printing function, and render; every dossier is
fetched through `queries.dossier_for`, which answers 404 for dossiers the user may not see.
"""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from cchc.core import vnformat

from . import printing, queries
from .action_forms import build_panel
from .forms import QueueFilterForm, RegisterForm

PAGE_SIZE = 50
QUEUE_LABELS = {
    "mine": "Hồ sơ của tôi",
    "office": "Hồ sơ của phòng",
    "online": "Hồ sơ trực tuyến chờ tiếp nhận",
    "awaiting_return": "Chờ trả kết quả",
    "due_today": "Đến hạn hôm nay",
    "due_tomorrow": "Đến hạn ngày làm việc tiếp theo",
    "overdue": "Quá hạn",
}
# Queues of dossiers without a due time, in the order they arrived (the rest: by due time).
QUEUE_ORDER = {"online": ("submitted_at", "id")}
TIMING_LABELS = {
    "early": ("Trước hạn", "ok"),
    "on_time": ("Đúng hạn", "ok"),
    "late": ("Quá hạn", "bad"),
    "pending_in_time": ("Trong hạn", "ok"),
    "pending_overdue": ("Quá hạn", "bad"),
}


def queue_badge(count: int) -> str:
    """A queue badge: "1.234"; above `queries.QUEUE_COUNT_CAP`, "1.000+" (counts are capped)."""
    if count > queries.QUEUE_COUNT_CAP:
        return vnformat.number(queries.QUEUE_COUNT_CAP) + "+"
    return vnformat.number(count)


@login_required
def dossier_queues(request):
    now = timezone.now()
    counts = queries.queue_counts(request.user, now)
    name = request.GET.get("hang")
    if name not in QUEUE_LABELS:
        name = next((n for n in QUEUE_LABELS if counts[n]), "mine")
    form = QueueFilterForm(request.GET, **queries.queue_filter_choices(request.user))
    rows = queries.filter_queue(queries.queue(request.user, name, now), **form.filters())
    rows = rows.select_related("procedure", "unit", "current_step")
    raw_page = request.GET.get("trang", "1")
    page = max(1, int(raw_page)) if raw_page.isdigit() else 1
    # One row more than a page tells whether a next page exists, without COUNT(*) over the table.
    order = QUEUE_ORDER.get(name, ("due_at", "id"))
    window = list(rows.order_by(*order)[(page - 1) * PAGE_SIZE : page * PAGE_SIZE + 1])
    dossiers = [(d, TIMING_LABELS.get(queries.timing(d, now))) for d in window[:PAGE_SIZE]]
    return render(
        request,
        "dossiers/queues.html",
        {
            "queues": [
                (n, label, counts[n], queue_badge(counts[n])) for n, label in QUEUE_LABELS.items()
            ],
            "current": name,
            "current_label": QUEUE_LABELS[name],
            "dossiers": dossiers,
            "page": page,
            "has_next": len(window) > PAGE_SIZE,
            "form": form,
            "page_query": urlencode([("hang", name), *form.query_items()]),
        },
    )


@login_required
def dossier_register(request):
    """Mẫu 07 of one unit, sector and period as XLSX; without a valid choice, the form."""
    units = list(queries.register_units(request.user))
    if not units:
        raise PermissionDenied("Bạn không có quyền in sổ theo dõi hồ sơ.")
    form = RegisterForm(request.GET or None, units=units, today=timezone.localdate())
    if not form.is_valid():
        return render(request, "dossiers/register.html", {"form": form})
    unit = queries.register_unit(request.user, form.cleaned_data["don_vi"])
    sector, start, end = (form.cleaned_data[k] for k in ("linh_vuc", "tu_ngay", "den_ngay"))
    printed = printing.register(
        unit,
        sector.name,
        start,
        end,
        queries.register_dossiers(request.user, unit, sector, start, end),
    )
    return download(printed)


@login_required
def dossier_detail(request, pk):
    return render_detail(request, queries.dossier_for(request.user, pk))


def render_detail(request, dossier, *, status=200, bound=None, upload=None):
    """The dossier page; the action views render it again (status 400/409) after a refusal."""
    history = dossier.history.select_related(
        "actor", "actor_unit", "receiver_user", "receiver_unit", "receiver_office"
    ).order_by("at", "id")
    steps = dossier.steps.select_related("unit", "office", "assignee").order_by("order", "id")
    forms = [(key, printing.FORM_LABELS[key]) for key in printing.available_forms(dossier)]
    return render(
        request,
        "dossiers/detail.html",
        {
            "dossier": dossier,
            "timing": TIMING_LABELS.get(queries.timing(dossier)),
            "history": history,
            "steps": steps,
            "components": dossier.components.all(),
            "attachments": dossier.attachments.select_related("component"),
            "forms": forms,
            "panel": build_panel(request, dossier, bound=bound, upload=upload),
        },
        status=status,
    )


@login_required
def dossier_print(request, pk, form):
    dossier = queries.dossier_for(request.user, pk)
    printed = printing.print_form(dossier, form)
    if printed is None:
        raise Http404("Biểu mẫu này không áp dụng cho hồ sơ.")
    return download(printed)


@login_required
def dossier_print_page(request, pk, form):
    """The form as a print-ready page, drawn from the same context as its DOCX."""
    dossier = queries.dossier_for(request.user, pk)
    context = printing.form_context(dossier, form)
    if context is None:
        raise Http404("Biểu mẫu này không áp dụng cho hồ sơ.")
    return render(
        request,
        f"dossiers/print/mau-{form}.html",
        {"dossier": dossier, "form_key": form, "c": context},
    )


def download(printed: printing.Printed) -> HttpResponse:
    """A printed form or register as a file download."""
    response = HttpResponse(printed.content, content_type=printed.content_type)
    response["Content-Disposition"] = f'attachment; filename="{printed.filename}"'
    return response


@login_required
def attachment_download(request, pk, attachment_pk):
    dossier = queries.dossier_for(request.user, pk)
    attachment = dossier.attachments.filter(pk=attachment_pk).first()
    if attachment is None:
        raise Http404("Không tìm thấy tệp.")
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response

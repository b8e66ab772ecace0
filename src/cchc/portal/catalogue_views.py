"""Public catalogue pages of the portal: the home page, the procedure list and a procedure's
page with its picture-led guide and blank forms. No login; nothing here is personal data.

Only procedures in force for citizens and businesses are public (`reporting.sources.
procedures_in_force`: active, not internal); any other code answers 404. The reads come
first (public reads need no unit scope: nothing personal leaves them); the views parse, call
one read and render.

A citizen's "đơn vị" is the office they go to: the one-stop desk of their commune or ward,
or the public service centre. `receiving_units` lists the units with a desk valid today, and
`dossiers.receiving.levels_received` says which procedure levels each receives (since 01/07/2025 a
commune under the province also takes the former district procedures).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from urllib.parse import urlencode

from django import forms
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from cchc.catalog import queries as catalog_queries
from cchc.catalog.models import (
    BlankForm,
    GuideIcon,
    Level,
    LifeEvent,
    Procedure,
    ProcedureGuide,
    RequiredComponent,
    Sector,
)
from cchc.core.text import fold
from cchc.dossiers import receiving
from cchc.reporting.sources import procedures_in_force
from cchc.units.models import Unit, UnitKind

from . import guides

PAGE_SIZE = 20
MOST_USED = 6
MOST_USED_DAYS = 365
MOST_USED_CACHE_SECONDS = 600
SUBMIT_URL_NAME = "portal-submit"  # defined by the online-submission pages

UNIT_GROUPS = (
    ((UnitKind.SERVICE_CENTRE,), "Trung tâm Phục vụ hành chính công"),
    ((UnitKind.PROVINCE,), "UBND tỉnh, thành phố"),
    ((UnitKind.DEPARTMENT, UnitKind.BRANCH, UnitKind.OTHER), "Sở, ban, ngành, phòng chuyên môn"),
    ((UnitKind.DISTRICT,), "UBND cấp huyện"),
    ((UnitKind.COMMUNE,), "UBND xã, phường"),
)


# -- reads ---------------------------------------------------------------------------------


def public_procedures() -> QuerySet[Procedure]:
    return Procedure.objects.filter(procedures_in_force())


def receiving_units(day: date) -> list[Unit]:
    """The units that receive dossiers (`dossiers.receiving`), each with its desk's name."""
    units = receiving.receiving_units(day)
    for unit in units:
        unit.desk = guides.desk_name(unit.name, unit.kind, unit.desk_office)
    return units


def grouped_unit_choices(units: list[Unit]) -> list:
    """Choices of a unit select, grouped by kind (centre, province, departments, district,
    commune), by name inside a group."""
    grouped = []
    for kinds, label in UNIT_GROUPS:
        members = sorted(
            ((unit.code, unit.name) for unit in units if unit.kind in kinds),
            key=lambda choice: fold(choice[1]),
        )
        if members:
            grouped.append((label, members))
    return grouped


def life_events() -> QuerySet[LifeEvent]:
    """Life events with their number of public procedures."""
    public = Q(procedures__active=True, procedures__internal=False)
    return LifeEvent.objects.annotate(procedure_count=Count("procedures", filter=public)).order_by(
        "order", "name"
    )


@dataclass(frozen=True)
class Popular:
    code: str
    name: str
    dossiers: int


def most_used(now: datetime, limit: int = MOST_USED) -> list[Popular]:
    """The public procedures with most dossiers received in the last 12 months: ONE
    aggregating query (kept 10 minutes: the home page is the busiest public page)."""
    key = f"portal:most-used:{limit}:{timezone.localtime(now):%Y-%m-%d}"
    found = cache.get(key)
    if found is None:
        since = now - timedelta(days=MOST_USED_DAYS)
        rows = (
            public_procedures()
            .filter(dossiers__received_at__gte=since, dossiers__received_at__lte=now)
            .values("code", "name")
            .annotate(received=Count("dossiers"))
            .order_by("-received", "name", "code")[:limit]
        )
        found = [Popular(row["code"], row["name"], row["received"]) for row in rows]
        cache.set(key, found, MOST_USED_CACHE_SECONDS)
    return found


def find_procedures(
    *, q="", sector="", level="", levels=(), event="", online=False, postal=False
) -> QuerySet[Procedure]:
    """The public procedures matching the filters; the text search ignores diacritics
    (`catalog.queries.search_procedures`)."""
    found = catalog_queries.search_procedures(
        catalog_queries.ProcedureFilters(
            q=q,
            sector=sector,
            level=level,
            postal=True if postal else None,
            internal=False,
            active=True,
        )
    )
    if levels:
        found = found.filter(level__in=levels)
    if online:
        found = found.filter(online_mode__in=(guides.FULL, guides.PARTIAL))
    if event:
        found = found.filter(life_events__code=event)
    return found


def public_procedure(code: str) -> Procedure:
    """A public procedure by code with its versions and life events prefetched; 404
    for an unknown, abolished or internal one."""
    procedure = (
        public_procedures()
        .filter(code=code)
        .select_related("sector")
        .prefetch_related(
            "versions",
            Prefetch(
                "life_events",
                queryset=LifeEvent.objects.order_by("order", "name"),
            ),
        )
        .first()
    )
    if procedure is None:
        raise Http404("Không tìm thấy thủ tục hành chính này.")
    return procedure


def blank_forms_for(components: list[RequiredComponent]) -> dict[str, BlankForm]:
    names = {c.template_file for c in components if c.template_file}
    return BlankForm.objects.in_bulk(names, field_name="name") if names else {}


def submit_url(procedure: Procedure) -> str:
    """The online submission page of an online procedure; empty when the procedure is not
    offered online or the submission pages are not installed."""
    if not guides.is_online(procedure.online_mode):
        return ""
    try:
        return reverse(SUBMIT_URL_NAME, args=[procedure.code])
    except NoReverseMatch:
        return ""


def video_link(guide: ProcedureGuide | None) -> str:
    """The guide's video link, only when it is a web address (validated on save; checked
    again here because the page puts it in an href)."""
    url = (guide.video_url if guide else "").strip()
    return url if url.lower().startswith(("https://", "http://")) else ""


def _size_label(size: int) -> str:
    if size < 1024 * 1024:
        return f"{max(1, math.ceil(size / 1024))} KB"
    return f"{math.ceil(size / (1024 * 1024))} MB"


@dataclass(frozen=True)
class Paper:
    """One required component as the page lists it, with its blank form if there is one."""

    component: RequiredComponent
    download: str = ""  # the download address
    download_label: str = ""  # "DOCX, 25 KB"


def papers_of(procedure: Procedure, components: list[RequiredComponent]) -> list[Paper]:
    blank = blank_forms_for(components)
    papers = []
    for component in components:
        form_file = blank.get(component.template_file) if component.template_file else None
        if form_file is None:
            papers.append(Paper(component))
            continue
        kind = component.template_file.rsplit(".", 1)[-1].upper()
        papers.append(
            Paper(
                component,
                reverse("portal-blank-form", args=[procedure.code, component.pk]),
                f"{kind}, {_size_label(form_file.size)}",
            )
        )
    return papers


def where_to_submit(guide: ProcedureGuide | None, units: list[Unit], chosen: Unit | None) -> str:
    """The chosen unit's desk; else the written guide's words; else the only unit receiving
    the procedure, or a general phrase for the kinds of units that do."""
    if chosen is not None:
        return chosen.desk
    if guide and guide.where_to_submit.strip():
        return guide.where_to_submit.strip()
    if len(units) == 1:
        return units[0].desk
    return guides.generic_desk(unit.kind for unit in units)


def procedure_page(code: str, unit_code: str, day: date) -> dict:
    """Everything a procedure's public page shows (404 for a procedure that is not public):
    the guide (written, else drawn from the facts), the papers with their blank forms, the
    time of the version in force on `day`, the fee, where to submit (for the chosen unit if
    it receives the procedure) and the online submission address."""
    procedure = public_procedure(code)
    version = procedure.version_on(day)
    components = catalog_queries.components_of(procedure, day)
    papers = papers_of(procedure, components)
    guide = ProcedureGuide.objects.filter(procedure=procedure).first()
    units = [u for u in receiving_units(day) if procedure.level in u.levels]
    chosen = next((u for u in units if u.code == unit_code), None)
    where = where_to_submit(guide, units, chosen)
    time_label = version.processing_time_label if version else ""
    if guide and guide.steps:
        steps = guides.written_steps(guide.steps, GuideIcon.values)
    else:
        steps = guides.default_steps(
            guides.Facts(
                online_mode=procedure.online_mode,
                postal=procedure.postal,
                fee=procedure.fee,
                time_label=time_label,
                desk=where,
                mandatory_papers=sum(1 for c in components if c.mandatory),
                optional_papers=sum(1 for c in components if not c.mandatory),
                blank_forms=sum(1 for paper in papers if paper.download),
            )
        )
    return {
        "procedure": procedure,
        "version": version,
        "papers": papers,
        "steps": steps,
        "written_guide": bool(guide and guide.steps),
        "video_url": video_link(guide),
        "time_label": time_label or "Theo giấy hẹn trả kết quả",
        "fee_text": guides.fee_text(procedure.fee),
        "ways": guides.ways_to_submit(procedure.online_mode, procedure.postal),
        "online": guides.is_online(procedure.online_mode),
        "submit_url": submit_url(procedure),
        "where": where,
        "units": units,
        "unit_choices": grouped_unit_choices(units),
        "chosen": chosen,
    }


# -- forms ---------------------------------------------------------------------------------


class ProcedureSearchForm(forms.Form):
    q = forms.CharField(label="Tìm thủ tục", required=False, max_length=200)
    event = forms.ChoiceField(label="Sự kiện trong cuộc sống", required=False)
    unit = forms.ChoiceField(label="Nơi nộp hồ sơ (đơn vị)", required=False)
    level = forms.ChoiceField(
        label="Cấp thực hiện", required=False, choices=[("", "Tất cả các cấp")] + Level.choices
    )
    sector = forms.ChoiceField(label="Lĩnh vực", required=False)
    online = forms.BooleanField(label="Nộp trực tuyến được", required=False)
    postal = forms.BooleanField(label="Nộp, nhận kết quả qua bưu chính", required=False)

    def __init__(self, data, *, units: list[Unit], events: list[LifeEvent]):
        super().__init__(data)
        self.fields["event"].choices = [("", "Tất cả")] + [(e.code, e.name) for e in events]
        self.fields["unit"].choices = [("", "Tất cả các nơi")] + grouped_unit_choices(units)
        sectors = Sector.objects.filter(procedures__in=public_procedures()).distinct()
        self.fields["sector"].choices = [("", "Tất cả các lĩnh vực")] + list(
            sectors.order_by("name").values_list("code", "name")
        )


# -- views ---------------------------------------------------------------------------------


def _page_query(request) -> str:
    return urlencode([(k, v) for k, v in request.GET.items() if k != "page" and v])


# The four pictures of "how to submit online" on the home page (seed 001 II.2: guides should
# be pictures, not text).
HOW_ONLINE = (
    guides.Step("Tìm thủ tục", "Gõ tên việc cần làm, có dấu hay không dấu đều được.", "search"),
    guides.Step("Nộp trực tuyến", "Điền tờ khai, chụp ảnh giấy tờ và gửi.", "online"),
    guides.Step("Nhận mã hồ sơ", "Giữ mã hồ sơ để theo dõi, không cần đi lại.", "papers"),
    guides.Step("Nhận kết quả", "Tại Một cửa, qua bưu điện hoặc bản điện tử.", "result"),
)


@require_safe
def home(request):
    """The portal's front page: the search box, life events, most used procedures and the
    ways to look up a dossier or read the statistics."""
    return render(
        request,
        "portal/home.html",
        {
            "events": [event for event in life_events() if event.procedure_count],
            "popular": most_used(timezone.now()),
            "how_online": HOW_ONLINE,
        },
    )


@require_safe
def procedure_list(request):
    """Browse and filter the public procedures."""
    today = timezone.localdate()
    units = receiving_units(today)
    events = list(life_events())
    form = ProcedureSearchForm(request.GET or None, units=units, events=events)
    valid = form.is_valid() if form.is_bound else True
    data = form.cleaned_data if form.is_bound and valid else {}
    unit = next((u for u in units if u.code == data.get("unit")), None)
    event = next((e for e in events if e.code == data.get("event")), None)
    found = find_procedures(
        q=data.get("q", ""),
        sector=data.get("sector", ""),
        level=data.get("level", ""),
        levels=unit.levels if unit else (),
        event=event.code if event else "",
        online=bool(data.get("online")),
        postal=bool(data.get("postal")),
    )
    if not valid:
        found = found.none()
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "unit": unit,
        "event": event,
        "query_string": _page_query(request),
        "detail_query": urlencode({"unit": unit.code}) if unit else "",
    }
    return render(request, "portal/procedures/list.html", context, status=200 if valid else 400)


@require_safe
def procedure_detail(request, code: str):
    """A procedure in plain words: the picture guide, the papers with their blank forms, the
    time, the fee, where to submit, and the online button when it is offered online."""
    context = procedure_page(code, request.GET.get("unit", ""), timezone.localdate())
    return render(request, "portal/procedures/detail.html", context)


@require_safe
def blank_form_download(request, code: str, component_id: int):
    """The blank form of a component of the version in force, as an attachment (never shown
    inline, never sniffed); 404 for anything else."""
    procedure = public_procedure(code)
    components = catalog_queries.components_of(procedure, timezone.localdate())
    component = next((c for c in components if c.pk == component_id), None)
    if component is None or not component.template_file:
        raise Http404("Không có mẫu đơn, tờ khai này.")
    form_file = BlankForm.objects.filter(name=component.template_file).first()
    if form_file is None or not form_file.file:
        raise Http404("Không có mẫu đơn, tờ khai này.")
    try:
        handle = form_file.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404("Tệp mẫu đơn, tờ khai chưa được tải lên.") from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=form_file.name,
        content_type=form_file.content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response

"""Where computed figures come from: a registry of named sources.

An indicator (or a report section) names its source, e.g. `dossiers.on_time_rate?scope=self`.
A source registered here is computed from the records and carries its provenance (what was
counted) and, where there is one, a link to the records behind it. A name nobody registered
yet (`plans.tasks_done` before the plans module exists) is entered by hand; when its module
registers it (`register("plans.tasks_done", fn)` in its AppConfig.ready), every template that
names it switches to computed with no data change.

`ratio:A/B:d` is computed from two other indicators of the same template (whatever their
source), as a percentage with d decimals.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import parse_qsl, urlencode

from django.db.models import Q
from django.urls import reverse

from cchc.catalog.models import (
    ChangeKind,
    InterAgency,
    Level,
    Procedure,
    PublicationDecision,
    PublicationItem,
)
from cchc.dossiers.models import Channel, Dossier, ReturnChannel
from cchc.units.models import Unit, UnitKind

from . import counting, figures, statistics
from .periods import Window


@dataclass(frozen=True)
class Computed:
    """A computed figure. `percent`: the value is a percentage (99,95), not a count.
    `parts`: the counts behind it, for readers that need more than one number (the reform
    index deducts per late and per undone task)."""

    value: Decimal | int | None
    provenance: str
    link: str = ""
    percent: bool = False
    parts: dict = field(default_factory=dict)


@dataclass
class SourceContext:
    """The unit and window a report is computed for, with a cache so a report runs each
    aggregating query once however many indicators read it."""

    unit: Unit
    window: Window
    cache: dict = field(default_factory=dict)

    def results(self, scope: str, sector: str = "") -> figures.Counts:
        key = ("results", scope, sector)
        if key not in self.cache:
            queryset = scoped_dossiers(self.unit, scope)
            if sector:
                queryset = queryset.filter(procedure__sector__code=sector)
            self.cache[key] = statistics.count_total(queryset, self.window)
        return self.cache[key]


Source = Callable[[SourceContext, dict[str, str]], Computed]
_registry: dict[str, Source] = {}


def register(name: str, source: Source) -> None:
    _registry[name] = source


def is_registered(source: str) -> bool:
    name, _ = split(source)
    return name in _registry


def split(source: str) -> tuple[str, dict[str, str]]:
    name, _, query = source.partition("?")
    return name, dict(parse_qsl(query))


def compute(source: str, context: SourceContext) -> Computed | None:
    """The computed value of `source`, or None when it is entered by hand (not registered)."""
    name, params = split(source)
    fn = _registry.get(name)
    return fn(context, params) if fn else None


# -- scopes --------------------------------------------------------------------------------

SCOPE_LABELS = {
    "self": "do {unit} tiếp nhận",
    "communes": "do UBND cấp xã trực thuộc tiếp nhận",
    "all": "do {unit} và các đơn vị trực thuộc tiếp nhận",
}


def scoped_dossiers(unit: Unit, scope: str):
    """`self`: received by the unit itself; `communes`: by its communes; `all`: the unit
    and every unit below it (each dossier counted once, by its receiving unit)."""
    if scope == "self":
        return Dossier.objects.filter(unit=unit)
    below = Unit.objects.filter(path__startswith=unit.path)
    if scope == "communes":
        below = below.filter(kind=UnitKind.COMMUNE).exclude(pk=unit.pk)
    elif scope != "all":
        raise ValueError(f"unknown scope {scope!r}")
    return Dossier.objects.filter(unit__in=below)


def _records_link(context: SourceContext, column: str, scope: str) -> str:
    query = {"unit": context.unit.pk, "period": context.window.label, "column": column}
    query["window"] = str(context.window.basis)
    if scope != "self":
        query["children"] = "1"
    return f"{reverse('dossier-results-records')}?{urlencode(query)}"


def _scope_text(context: SourceContext, scope: str) -> str:
    return SCOPE_LABELS[scope].format(unit=context.unit.name)


# -- dossiers ------------------------------------------------------------------------------


def dossier_results(context: SourceContext, params: dict[str, str]) -> Computed:
    scope, column = params.get("scope", "self"), params["column"]
    counts = context.results(scope, params.get("sector", ""))
    return Computed(
        getattr(counts, column),
        f"{figures.COLUMN_LABELS[column]} ({figures.COLUMN_NUMBERS[column]}) — hồ sơ "
        f"{_scope_text(context, scope)}, {context.window.range_text.lower()} "
        "(thống kê kết quả giải quyết TTHC).",
        # The records page lists the unit alone or with its whole subtree; the communes-only
        # scope and per-sector figures have no list of their own.
        _records_link(context, column, scope)
        if scope != "communes" and not params.get("sector")
        else "",
    )


def on_time_rate(context: SourceContext, params: dict[str, str]) -> Computed:
    """(early + on time) / resolved, in percent with two decimals ("đúng hẹn")."""
    scope, sector = params.get("scope", "self"), params.get("sector", "")
    counts = context.results(scope, sector)
    value = figures.rate(counts.resolved_in_time, counts.resolved_total, 2)
    where = f", lĩnh vực {sector}" if sector else ""
    return Computed(
        None if value is None else Decimal(str(value)),
        f"Tỷ lệ đúng hẹn = (trước hạn + đúng hạn) / đã giải quyết = "
        f"{counts.resolved_in_time}/{counts.resolved_total} — hồ sơ "
        f"{_scope_text(context, scope)}{where}, {context.window.range_text.lower()}.",
        "",
        percent=True,
        parts={"in_time": counts.resolved_in_time, "resolved": counts.resolved_total},
    )


def channel_count(context: SourceContext, params: dict[str, str]) -> Computed:
    scope, channel = params.get("scope", "all"), int(params["channel"])
    start, end = counting.window_bounds(context.window)
    count = (
        counting.counted(scoped_dossiers(context.unit, scope), context.window)
        .filter(received_at__gte=start, channel=channel)
        .count()
    )
    return Computed(
        count,
        f"Hồ sơ mới tiếp nhận qua kênh {Channel(channel).label.lower()} "
        f"{_scope_text(context, scope)}, {context.window.range_text.lower()}.",
    )


def returned_by_post(context: SourceContext, params: dict[str, str]) -> Computed:
    scope = params.get("scope", "all")
    start, end = counting.window_bounds(context.window)
    count = (
        scoped_dossiers(context.unit, scope)
        .filter(returned_at__gte=start, returned_at__lt=end, returned_via=ReturnChannel.POST)
        .count()
    )
    return Computed(
        count,
        f"Hồ sơ trả kết quả qua dịch vụ bưu chính công ích {_scope_text(context, scope)}, "
        f"{context.window.range_text.lower()}.",
    )


def online_rate(context: SourceContext, params: dict[str, str]) -> Computed:
    scope = params.get("scope", "all")
    counts = context.results(scope)
    value = figures.rate(counts.received_online, counts.received_new, 2)
    return Computed(
        None if value is None else Decimal(str(value)),
        f"Hồ sơ trực tuyến / hồ sơ mới tiếp nhận = {counts.received_online}/"
        f"{counts.received_new}, hồ sơ {_scope_text(context, scope)}.",
        percent=True,
        parts={"online": counts.received_online, "received": counts.received_new},
    )


# -- report submissions ---------------------------------------------------------------------


def reports_on_time(context: SourceContext, params: dict[str, str]) -> Computed:
    """Reports of a type (`type=CODE`; all types without it) due in the window's year that the
    unit filed by their due date, in percent — the figures of the on-time statistics page."""
    from .models import ReportType
    from .queries import on_time_stats  # queries → services → sources: imported late

    code = params.get("type", "")
    rtype = ReportType.objects.filter(code=code).first() if code else None
    if code and rtype is None:
        return Computed(None, f"Không có loại báo cáo “{code}”.", percent=True)
    year = context.window.end.year
    stats = on_time_stats([context.unit], rtype, year)
    due = sum(s.due for s in stats)
    on_time = sum(s.on_time for s in stats)
    late = sum(s.late for s in stats)
    which = f"“{rtype.name}”" if rtype else "định kỳ"
    value = None if not due else Decimal(on_time * 100) / due
    return Computed(
        None if value is None else value.quantize(Decimal("0.01")),
        f"Báo cáo {which} năm {year} gửi đúng hạn: {on_time}/{due} "
        f"(gửi trễ hạn {late}, chưa gửi {due - on_time - late}).",
        f"{reverse('report-stats')}?nam={year}" + (f"&loai={code}" if code else ""),
        percent=True,
        parts={"due": due, "on_time": on_time, "late": late, "missing": due - on_time - late},
    )


# -- catalogue -----------------------------------------------------------------------------

LEVEL_OF_KIND = {
    UnitKind.PROVINCE: Level.PROVINCE,
    UnitKind.DEPARTMENT: Level.PROVINCE,
    UnitKind.DISTRICT: Level.DISTRICT,
    UnitKind.COMMUNE: Level.COMMUNE,
}


def procedures_in_force() -> Q:
    """Procedures applied to citizens and businesses now (internal ones are not counted)."""
    return Q(active=True, internal=False)


def in_force(context: SourceContext, params: dict[str, str]) -> Computed:
    level = params.get("level", "own")
    if level == "own":
        level = LEVEL_OF_KIND.get(context.unit.kind, Level.DISTRICT)
    count = Procedure.objects.filter(procedures_in_force(), level=level).count()
    return Computed(
        count,
        f"Thủ tục đang áp dụng (không gồm TTHC nội bộ) {Level(level).label.lower()} "
        "trong danh mục TTHC.",
        f"{reverse('procedure-list')}?level={level}",
    )


def online_level(context: SourceContext, params: dict[str, str]) -> Computed:
    levels = [int(x) for x in params.get("level", "3,4").split(",")]
    own = LEVEL_OF_KIND.get(context.unit.kind, Level.DISTRICT)
    count = Procedure.objects.filter(
        procedures_in_force(), level=own, legacy_online_level__in=levels
    ).count()
    return Computed(
        count,
        f"Thủ tục {Level(own).label.lower()} cung cấp trực tuyến mức độ "
        f"{', '.join(map(str, levels))} trong danh mục TTHC.",
    )


def postal(context: SourceContext, params: dict[str, str]) -> Computed:
    own = LEVEL_OF_KIND.get(context.unit.kind, Level.DISTRICT)
    count = Procedure.objects.filter(procedures_in_force(), level=own, postal=True).count()
    return Computed(count, "Thủ tục có tiếp nhận, trả kết quả qua bưu chính công ích.")


def inter_agency(context: SourceContext, params: dict[str, str]) -> Computed:
    own = LEVEL_OF_KIND.get(context.unit.kind, Level.DISTRICT)
    kind = params["kind"]
    count = Procedure.objects.filter(procedures_in_force(), level=own, inter_agency=kind).count()
    return Computed(
        count, f"Thủ tục {InterAgency(kind).label.lower()}, {Level(own).label.lower()}."
    )


def _publication_items(context: SourceContext):
    return PublicationItem.objects.filter(
        decision__signed_on__gte=context.window.start, decision__signed_on__lte=context.window.end
    )


def decisions(context: SourceContext, params: dict[str, str]) -> Computed:
    count = PublicationDecision.objects.filter(
        signed_on__gte=context.window.start, signed_on__lte=context.window.end
    ).count()
    return Computed(
        count,
        f"Quyết định công bố TTHC ký {context.window.range_text.lower()}.",
        reverse("decision-list"),
    )


def published(context: SourceContext, params: dict[str, str]) -> Computed:
    count = _publication_items(context).values("procedure_id").distinct().count()
    return Computed(
        count,
        f"Thủ tục trong các quyết định công bố ký {context.window.range_text.lower()}.",
        reverse("decision-list"),
    )


def published_new(context: SourceContext, params: dict[str, str]) -> Computed:
    count = _publication_items(context).filter(change_kind=ChangeKind.NEW).count()
    return Computed(
        count,
        f"Thủ tục công bố mới trong các quyết định công bố ký {context.window.range_text.lower()}.",
        reverse("decision-list"),
    )


def abolished(context: SourceContext, params: dict[str, str]) -> Computed:
    count = _publication_items(context).filter(change_kind=ChangeKind.ABOLISHED).count()
    return Computed(
        count,
        f"Thủ tục bãi bỏ, thay thế trong các quyết định công bố ký "
        f"{context.window.range_text.lower()}.",
        reverse("decision-list"),
    )


for _name, _fn in {
    "dossiers.results": dossier_results,
    "dossiers.on_time_rate": on_time_rate,
    "dossiers.channel": channel_count,
    "dossiers.returned_by_post": returned_by_post,
    "dossiers.online_rate": online_rate,
    "reporting.on_time": reports_on_time,
    "catalog.in_force": in_force,
    "catalog.online_level": online_level,
    "catalog.postal": postal,
    "catalog.inter_agency": inter_agency,
    "catalog.decisions": decisions,
    "catalog.published": published,
    "catalog.published_new": published_new,
    "catalog.abolished": abolished,
}.items():
    register(_name, _fn)

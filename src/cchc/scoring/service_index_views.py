"""Pages of the service index (Chỉ số 766): a unit's index for a month or a quarter with every
indicator's numerator, denominator and points, its trend over the months of the year, the
ranking of units of one kind — for staff (login, unit-scoped) and for the public (no login,
no personal data: only counts).

Staff: the roles of the reform index pages (403 for anyone else); a unit outside the user's
reach answers 404; the ranking lists only the units the user may see. A choice that cannot be
read answers the page again with its Vietnamese message, 400. The views parse the choice
(`service_index_forms`), call `service_index_queries` once and render; the formulas are in
`service_index.py`, the weights and thresholds in the rule set.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.safestring import mark_safe

from cchc.core import charts, vnformat
from cchc.core.charts import inline_svg

from . import service_index as si
from . import service_index_queries as queries
from .service_index_forms import IndexForm, RankingForm, default_period, sentence

# -- what the templates show ------------------------------------------------------------------


def _number(value) -> str:
    return "—" if value is None else vnformat.number(value)


def _points(value) -> str:
    return "—" if value is None else vnformat.trimmed(value)


def _index(value) -> str:
    return "—" if value is None else vnformat.number(value, 2)


@dataclass(frozen=True)
class IndicatorRow:
    code: str
    name: str
    numerator_label: str
    denominator_label: str
    numerator: str
    denominator: str
    ratio: str
    points: str
    max: str
    counted: bool
    method: str
    provenance: str
    empty_reason: str
    empty_rule: str
    entered: bool


@dataclass(frozen=True)
class GroupRow:
    code: str
    name: str
    points: str
    max: str
    nominal: str
    indicators: list[IndicatorRow]


def _indicator_row(item: si.IndicatorResult) -> IndicatorRow:
    rule, figure = item.rule, item.figure
    measure = rule.measure_info
    return IndicatorRow(
        code=rule.code,
        name=rule.name,
        numerator_label=measure.numerator,
        denominator_label=measure.denominator,
        numerator=_number(figure.numerator),
        denominator=_number(figure.denominator),
        ratio=si.NO_DATA if item.percent is None else vnformat.percent(item.percent, 2),
        points=_points(item.points),
        max=_points(rule.max),
        counted=item.counted_max > 0,
        method=rule.method_text,
        provenance=item.provenance,
        empty_reason=item.empty_reason,
        empty_rule=item.empty_rule,
        entered=measure.kind == si.ENTERED,
    )


def group_rows(result: si.ServiceResult) -> list[GroupRow]:
    return [
        GroupRow(
            group.code,
            group.name,
            _points(group.points),
            _points(group.max),
            _points(group.rule.max),
            [_indicator_row(item) for item in group.indicators],
        )
        for group in result.groups
    ]


@dataclass(frozen=True)
class Summary:
    unit: str
    period: str
    points: str
    max: str
    nominal: str
    index: str
    running: bool
    data_text: str
    excluded: int


def summary(outcome: queries.Outcome, today) -> Summary | None:
    result = outcome.result
    if result is None:
        return None
    return Summary(
        unit=outcome.scope.unit.name,
        period=outcome.window.title,
        points=_points(result.points),
        max=_points(result.max),
        nominal=_points(result.nominal_max),
        index=_index(result.index),
        running=outcome.window.end >= today,
        data_text=outcome.data_text,
        excluded=len(result.excluded),
    )


def _short_month(outcome: queries.Outcome) -> str:
    return f"T{outcome.window.number}"


def trend_context(page: queries.UnitPage) -> dict:
    rows = []
    for item in page.trend:
        result = item.result
        rows.append(
            {
                "month": sentence(item.window.title),
                "label": item.window.label,
                "points": _points(result.points) if result else "—",
                "max": _points(result.max) if result else "—",
                "index": _index(result.index) if result else "—",
            }
        )
    chart = ""
    if page.trend:
        svg = charts.line_chart(
            f"Chỉ số 766 của {page.outcome.scope.unit.name} theo tháng năm "
            f"{page.outcome.window.year}",
            [_short_month(item) for item in page.trend],
            {"Chỉ số (điểm/100)": si.period_points([item.result for item in page.trend])},
            fmt="svg",
            y_label="Chỉ số",
        )
        # Drawn by core.charts from our own figures and names, which matplotlib escapes.
        chart = mark_safe(inline_svg(svg, "trend-"))
    return {"trend_rows": rows, "trend_chart": chart}


def groups_chart(result: si.ServiceResult) -> str:
    svg = charts.bar_chart(
        "Điểm theo nhóm chỉ số",
        [group.name for group in result.groups],
        {
            "Điểm đạt": [float(group.points) for group in result.groups],
            "Điểm tối đa được tính": [float(group.max) for group in result.groups],
        },
        fmt="svg",
        y_label="Điểm",
    )
    return mark_safe(inline_svg(svg, "groups-"))


@dataclass(frozen=True)
class RankingRow:
    rank: str
    unit_id: int
    name: str
    points: str
    max: str
    index: str
    groups: list[str]
    current: bool


RANKING_CHART_LIMIT = 25


def ranking_context(ranking: queries.Ranking, current_id: int | None = None) -> dict:
    rows = []
    for item in ranking.outcomes:
        result = item.result
        rows.append(
            RankingRow(
                rank=str(result.rank) if result and result.rank else "—",
                unit_id=item.scope.unit.pk,
                name=item.scope.unit.name,
                points=_points(result.points) if result else "—",
                max=_points(result.max) if result else "—",
                index=_index(result.index) if result else "—",
                groups=[_points(g.points) for g in result.groups] if result else [],
                current=item.scope.unit.pk == current_id,
            )
        )
    chart = ""
    ranked = [o for o in ranking.outcomes if o.result and o.result.index is not None]
    if 1 < len(ranked) <= RANKING_CHART_LIMIT:
        svg = charts.bar_chart(
            f"Chỉ số 766 các {ranking.kind_text}, {ranking.window.title}",
            [o.scope.unit.name for o in ranked],
            {"Chỉ số": [float(o.result.index) for o in ranked]},
            fmt="svg",
            y_label="Chỉ số",
        )
        chart = mark_safe(inline_svg(svg, "ranking-"))
    return {
        "ranking": ranking,
        "ranking_rows": rows,
        "ranking_chart": chart,
        "ranking_groups": ranking.rules.groups if ranking.rules else (),
    }


def rules_context(rules: si.RuleSet | None) -> dict:
    if rules is None:
        return {"rules": None}
    return {
        "rules": rules,
        "rules_from": vnformat.short_date(rules.valid_from),
    }


def _defaults(unit, today) -> dict:
    """The first view of the page: the first unit, last period, with its subordinate units
    when it has some (a province's own desk receives few dossiers)."""
    defaults = {"unit": str(unit.pk), "period": default_period(today)}
    if unit.children.exists():
        defaults["children"] = "on"
    return defaults


def _bound(request, defaults: dict) -> dict:
    """The choice in the address, or the defaults (the page always shows an index)."""
    if not request.GET:
        return defaults
    data = request.GET.copy()
    for key, value in defaults.items():
        if key != "children" and not data.get(key):
            data[key] = value
    return data


def unit_context(page: queries.UnitPage, today) -> dict:
    outcome = page.outcome
    context = {
        "outcome": outcome,
        "summary": summary(outcome, today),
        **rules_context(outcome.rules),
        **trend_context(page),
    }
    if outcome.result is not None:
        context["groups"] = group_rows(outcome.result)
        context["groups_chart"] = groups_chart(outcome.result)
    return context


# -- staff -------------------------------------------------------------------------------------


@login_required
def service_index(request):
    queries.require_role(request.user)
    today = timezone.localdate()
    units = list(queries.staff_units(request.user))
    if not units:
        return render(request, "scoring/service_index/unit.html", {"no_units": True})
    form = IndexForm(_bound(request, _defaults(units[0], today)), units=units, today=today)
    if not form.is_valid():
        return render(request, "scoring/service_index/unit.html", {"form": form}, status=400)
    unit = queries.unit_for(request.user, form.cleaned_data["unit"])
    win, children = form.cleaned_data["window"], form.cleaned_data["children"]
    page = queries.unit_page(unit, win, today, children=children)
    context = {"form": form, "unit": unit, "children": children, **unit_context(page, today)}
    return render(request, "scoring/service_index/unit.html", context)


@login_required
def service_index_ranking(request):
    queries.require_role(request.user)
    today = timezone.localdate()
    visible = queries.staff_units(request.user)
    kinds = [k for k in queries.RANKED_KINDS if visible.filter(kind=k).exists()]
    if not kinds:
        return render(request, "scoring/service_index/ranking.html", {"no_units": True})
    defaults = {"kind": kinds[-1], "period": default_period(today)}
    form = RankingForm(_bound(request, defaults), kinds=kinds, today=today)
    if not form.is_valid():
        return render(request, "scoring/service_index/ranking.html", {"form": form}, status=400)
    kind, win = form.cleaned_data["kind"], form.cleaned_data["window"]
    children = form.cleaned_data["children"]
    units = list(queries.rankable(kind, win, ids=queries.visible_ids(request.user)))
    ranking = queries.ranking(units, kind, win, children=children)
    context = {
        "form": form,
        "children": children,
        "window": win,
        **rules_context(ranking.rules),
        **ranking_context(ranking),
    }
    return render(request, "scoring/service_index/ranking.html", context)


# -- public ------------------------------------------------------------------------------------


def public_index(request):
    today = timezone.localdate()
    units = list(queries.public_units(today))
    if not units:
        return render(request, "scoring/service_index/public.html", {"no_units": True})
    form = IndexForm(_bound(request, _defaults(units[0], today)), units=units, today=today)
    if not form.is_valid():
        return render(request, "scoring/service_index/public.html", {"form": form}, status=400)
    unit = next((u for u in units if u.pk == form.cleaned_data["unit"]), None)
    if unit is None:
        raise Http404("Không tìm thấy đơn vị.")
    win, children = form.cleaned_data["window"], form.cleaned_data["children"]
    page, ranking = queries.public_page(unit, win, today, children=children)
    context = {
        "form": form,
        "unit": unit,
        "children": children,
        **unit_context(page, today),
        **ranking_context(ranking, unit.pk),
        "position": ranking.position_of(unit),
    }
    return render(request, "scoring/service_index/public.html", context)

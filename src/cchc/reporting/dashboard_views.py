"""The page "Bảng điều khiển": a unit's dashboard (charts with the numbers behind them).

The view parses the choice (unit, year, with subordinate units), calls `dashboard.build` and
renders the charts as inline SVG from `cchc.core.charts`; an htmx request (the form changed)
gets the content part only.
"""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from cchc.core import charts

from . import dashboard
from .content import Chart

YEARS_BACK = 9  # the year picker offers the current year and the nine before it


class DashboardForm(forms.Form):
    don_vi = forms.TypedChoiceField(label="Đơn vị", coerce=int, required=False)
    nam = forms.TypedChoiceField(label="Năm", coerce=int, required=False)
    gom = forms.BooleanField(label="Gồm đơn vị trực thuộc", required=False)

    def __init__(self, data, *, units, this_year: int):
        super().__init__(data, auto_id="%s")
        top = min((unit.depth for unit in units), default=0)
        self.fields["don_vi"].choices = [
            (unit.pk, "\u00a0\u00a0" * (unit.depth - top) + unit.name) for unit in units
        ]
        years = range(this_year, this_year - YEARS_BACK - 1, -1)
        self.fields["nam"].choices = [(year, str(year)) for year in years]


def inline_svg(chart: Chart, prefix: str) -> SafeString:
    """The chart's SVG in the page (`core.charts.inline_svg`)."""
    return mark_safe(charts.inline_svg(chart.svg, prefix))


def _chosen(request, units) -> tuple[DashboardForm, object, int, bool]:
    this_year = timezone.localdate().year
    form = DashboardForm(request.GET or None, units=units, this_year=this_year)
    raw_unit = request.GET.get("don_vi", "")
    unit = units[0]
    if raw_unit.isdigit():
        unit = next((u for u in units if u.pk == int(raw_unit)), None)
        if unit is None:
            raise Http404("Không tìm thấy đơn vị.")
    if not form.is_bound:
        form.initial = {"don_vi": unit.pk, "nam": this_year, "gom": True}
        return form, unit, this_year, True
    form.is_valid()
    year = form.cleaned_data.get("nam") or this_year
    return form, unit, year, bool(form.cleaned_data.get("gom"))


@login_required
def dashboard_page(request):
    units = list(dashboard.dashboard_units(request.user))
    if not units:
        raise PermissionDenied("Bạn không có quyền xem bảng điều khiển.")
    form, unit, year, include_children = _chosen(request, units)
    d = dashboard.build(request.user, unit, year, include_children=include_children)
    formats = ("svg",)
    panels = [
        ("kenh", dashboard.channels_chart(d, formats)),
        ("truc-tuyen", dashboard.online_share_chart(d, formats)),
        ("dung-han", dashboard.on_time_chart(d, formats)),
    ]
    overdue = dashboard.overdue_chart(d, formats)
    units_chart = dashboard.comparison_chart(d, formats)
    context = {
        "form": form,
        "d": d,
        "panels": [(key, chart, inline_svg(chart, f"{key}-")) for key, chart in panels],
        "overdue": (overdue, inline_svg(overdue, "qua-han-")),
        "units_chart": (units_chart, inline_svg(units_chart, "don-vi-")) if units_chart else None,
        "no_satisfaction": dashboard.NO_SATISFACTION,
        "extra_panels": dashboard.extra_panels(
            request.user,
            [u for u in units if u.path.startswith(unit.path)] if include_children else [unit],
            year,
            timezone.localdate(),
        ),
    }
    template = (
        "reporting/dashboard/_content.html"
        if getattr(request, "htmx", False)
        else "reporting/dashboard/page.html"
    )
    return render(request, template, context)

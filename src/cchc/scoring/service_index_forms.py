"""The choices of the service index pages: a unit (or a kind of unit for the ranking), a month
or a quarter, and whether the units below count. The forms only parse: the period goes through
`service_index_queries.period_window` (its Vietnamese message lands on the field, the window is
`cleaned_data["window"]`); the unit is an id the view resolves through the permission helper
(404 for a unit out of reach). Parameter names are those of the dossier-results page: unit,
period, children (and kind)."""

from __future__ import annotations

from datetime import date

from django import forms

from cchc.reporting.periods import Kind, PeriodError
from cchc.units.models import UnitKind

from . import service_index_queries as queries

INVALID = "Lựa chọn không hợp lệ."


def sentence(text: str) -> str:
    """The first letter upper case, the rest as written ("Quý II năm 2025")."""
    return text[:1].upper() + text[1:]


def period_choices(today: date, current: str = "") -> list:
    """Months and quarters begun by today, newest first, grouped; an older period given in
    the address is kept as a choice."""
    recent = queries.recent_periods(today)
    months = [(w.label, sentence(w.title)) for w in recent if w.kind is Kind.MONTH]
    quarters = [(w.label, sentence(w.title)) for w in recent if w.kind is Kind.QUARTER]
    choices = [("Tháng", months), ("Quý", quarters)]
    known = {value for _, group in choices for value, _ in group}
    if current and current not in known:
        try:
            win = queries.period_window(current, today)
        except PeriodError:
            pass
        else:
            choices.insert(0, ("Kỳ đã chọn", [(win.label, sentence(win.title))]))
    return choices


def default_period(today: date) -> str:
    """The last month that has ended (this month on its first day is still running)."""
    return queries.recent_periods(today, months=2, quarters=0)[1].label


def unit_choices(units) -> list:
    """Units grouped by kind, in the order of `queries.RANKED_KINDS`."""
    grouped: dict[str, list] = {}
    for unit in units:
        grouped.setdefault(unit.kind, []).append((unit.pk, unit.name))
    return [
        (UnitKind(kind).label, grouped[kind]) for kind in queries.RANKED_KINDS if kind in grouped
    ]


class _PeriodForm(forms.Form):
    period = forms.CharField(
        label="Kỳ đánh giá",
        widget=forms.Select,
        error_messages={"required": "Vui lòng chọn tháng hoặc quý."},
    )
    children = forms.BooleanField(label="Gồm các đơn vị trực thuộc", required=False)

    def __init__(self, data, *, today: date, **kwargs):
        super().__init__(data, **kwargs)
        self.today = today
        current = (data or {}).get("period", "") if data is not None else ""
        self.fields["period"].widget.choices = period_choices(today, current)

    def clean_period(self):
        text = self.cleaned_data["period"].strip()
        try:
            self.cleaned_data["window"] = queries.period_window(text, self.today)
        except PeriodError as exc:
            raise forms.ValidationError(str(exc)) from exc
        return text


class IndexForm(_PeriodForm):
    unit = forms.IntegerField(
        label="Đơn vị",
        widget=forms.Select,
        error_messages={"required": "Vui lòng chọn đơn vị.", "invalid": INVALID},
    )
    field_order = ["unit", "period", "children"]

    def __init__(self, data, *, units, today: date):
        super().__init__(data, today=today)
        self.fields["unit"].widget.choices = unit_choices(units)


class RankingForm(_PeriodForm):
    kind = forms.ChoiceField(
        label="Xếp hạng các đơn vị",
        error_messages={"required": "Vui lòng chọn loại đơn vị.", "invalid_choice": INVALID},
    )
    field_order = ["kind", "period", "children"]

    def __init__(self, data, *, kinds, today: date):
        super().__init__(data, today=today)
        self.fields["kind"].choices = [
            (kind, sentence(queries.KIND_PLURALS[kind])) for kind in kinds
        ]

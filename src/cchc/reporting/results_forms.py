"""The choice of a dossier-results table: unit, period, window basis, grouping, subtree.

The form only parses: the period text goes through `periods.window` (its Vietnamese error
lands on the field; the window is `cleaned_data["period_window"]`), the unit is an id that the
view resolves through the permission helper (404 for a unit out of reach). `query_items()`
gives the same choice back as URL parameters for the links behind each figure and the
downloads. The parameter names (unit, period, window, by, children) are the ones the report
editor's figure links (`sources._records_link`) and the API use.
"""

from __future__ import annotations

from datetime import date

from django import forms

from .periods import Basis, PeriodError, window
from .statistics import GroupBy

INVALID_CHOICE = "Lựa chọn không hợp lệ."
BASIS_CHOICES = [
    (Basis.CUTOFF.value, "Kỳ dữ liệu (từ ngày 15 kỳ trước đến ngày 14)"),
    (Basis.CALENDAR.value, "Theo tháng dương lịch (từ ngày 01 đến cuối tháng)"),
]
BY_CHOICES = [(GroupBy.SECTOR.value, "Lĩnh vực"), (GroupBy.UNIT.value, "Đơn vị")]
PERIOD_HELP = "Ví dụ: 2023-Q1 (quý), 2023-H1 (6 tháng), 2023-9M, 2023 (năm), 2023-03 (tháng) "
PERIOD_HELP += "hoặc 2023-01-01..2023-03-31."


def quick_periods(today: date) -> list[tuple[str, str]]:
    """The quick choices under the period box: this quarter, last quarter, 6 months, year."""
    quarter = (today.month - 1) // 3 + 1
    last_year, last_quarter = (today.year, quarter - 1) if quarter > 1 else (today.year - 1, 4)
    return [
        ("Quý này", f"{today.year}-Q{quarter}"),
        ("Quý trước", f"{last_year}-Q{last_quarter}"),
        ("6 tháng", f"{today.year}-H1"),
        ("Năm", str(today.year)),
    ]


class ResultsForm(forms.Form):
    unit = forms.IntegerField(
        label="Đơn vị báo cáo",
        widget=forms.Select,
        error_messages={"required": "Vui lòng chọn đơn vị.", "invalid": INVALID_CHOICE},
    )
    period = forms.CharField(
        label="Kỳ báo cáo",
        max_length=40,
        help_text=PERIOD_HELP,
        widget=forms.TextInput(attrs={"placeholder": "2023-Q1", "autocomplete": "off"}),
        error_messages={"required": "Vui lòng nhập kỳ báo cáo, ví dụ 2023-Q1."},
    )
    window = forms.ChoiceField(
        label="Cách tính kỳ",
        choices=BASIS_CHOICES,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": INVALID_CHOICE},
    )
    by = forms.ChoiceField(
        label="Thống kê theo",
        choices=BY_CHOICES,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": INVALID_CHOICE},
    )
    children = forms.BooleanField(label="Gồm các đơn vị cấp dưới", required=False)

    def __init__(self, data, *, units, today: date):
        super().__init__(
            data,
            initial={
                "unit": units[0].pk if units else None,
                "period": quick_periods(today)[0][1],
                "window": Basis.CUTOFF.value,
                "by": GroupBy.SECTOR.value,
            },
        )
        top = min((unit.depth for unit in units), default=0)
        self.fields["unit"].widget.choices = [
            (unit.pk, "— " * (unit.depth - top) + unit.name) for unit in units
        ]

    def clean_window(self):
        return self.cleaned_data.get("window") or Basis.CUTOFF.value

    def clean_by(self):
        return self.cleaned_data.get("by") or GroupBy.SECTOR.value

    def clean(self):
        data = super().clean()
        text = data.get("period")
        if text:
            try:
                data["period_window"] = window(text, data.get("window") or Basis.CUTOFF)
            except PeriodError as exc:
                self.add_error("period", str(exc))
        return data

    def query_items(self) -> list[tuple[str, str]]:
        """The cleaned choice as URL parameters (for the figure links and the downloads)."""
        data = self.cleaned_data
        items = [
            ("unit", str(data["unit"])),
            ("period", data["period"].strip()),
            ("window", data["window"]),
            ("by", data["by"]),
        ]
        if data.get("children"):
            items.append(("children", "1"))
        return items

"""Forms of the report pages: they parse what was typed; the services decide and refuse.

- `OpenReportForm`: type, unit, period (quick choices of the current and previous periods,
  or another period typed in).
- `ReportEditForm`: the header fields, one text per narrative section (and an optional
  addition under a computed one), value and note of every manual indicator.
- `ManualResultsForm`: the 11 dossier-results figures typed by hand, with their source.
- `ReviewForm`, `FilingsForm`, `StatsForm`: the recipient's decision and the two overviews.
"""

from __future__ import annotations

from datetime import date

from django import forms
from django.forms.models import fields_for_model

from . import figures, queries
from .models import ReportInstance, ReportType, SectionKind, ValueType
from .services import HEADER_FIELDS


def _period_choices(windows) -> list[tuple[str, str]]:
    return [(w.label, f"{w.title[:1].upper()}{w.title[1:]} ({w.label})") for w in windows]


class OpenReportForm(forms.Form):
    loai = forms.ChoiceField(label="Loại báo cáo")
    # The unit is checked by the view (404 when the user cannot see it) and the service
    # (403 without a filer role); the choices only list the units the user files for.
    don_vi = forms.IntegerField(label="Đơn vị báo cáo", widget=forms.Select)
    # Any period text is accepted (the service checks it): a page left open overnight or a
    # reminder's link may name a period no longer among the quick choices.
    ky = forms.CharField(label="Kỳ báo cáo", required=False, widget=forms.Select)
    ky_khac = forms.CharField(
        label="Hoặc kỳ khác",
        required=False,
        max_length=30,
        help_text="Ví dụ 2025-Q1, 2025-H1, 2025-9M, 2025.",
    )

    def __init__(self, data=None, *, units, today: date, **kwargs):
        super().__init__(data, **kwargs)
        types = list(ReportType.objects.all())
        self.fields["loai"].choices = [(t.code, t.name) for t in types]
        self.fields["don_vi"].widget.choices = [(u.pk, u.name) for u in units]
        seen: dict[str, object] = {}
        for rtype in types:
            for win in queries.quick_periods(rtype, today):
                seen.setdefault(win.label, win)
        self.fields["ky"].widget.choices = [("", "— chọn kỳ —")] + _period_choices(seen.values())

    def clean(self):
        data = super().clean()
        period = (data.get("ky_khac") or "").strip() or data.get("ky")
        if not period:
            raise forms.ValidationError("Vui lòng chọn hoặc nhập kỳ báo cáo.")
        data["period"] = period
        return data


HEADER_LABELS = {"recipients": "Nơi nhận (mỗi dòng một nơi)", "number": "Số văn bản"}
HEADER_WIDGETS = {
    "issued_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    "recipients": forms.Textarea(attrs={"rows": 5}),
}


class ReportEditForm(forms.Form):
    """The editor: the header fields of the instance (as the model declares them) plus
    dynamic fields `text-<section code>`, `value-<indicator code>`, `note-<indicator code>`.
    A plain form, so a refused save never touches the instance it was built from."""

    revision = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, data=None, *, instance, sections, texts, rows):
        initial = {name: getattr(instance, name) for name in HEADER_FIELDS}
        super().__init__(data, initial={**initial, "revision": instance.revision})
        self.fields.update(
            fields_for_model(
                ReportInstance, fields=HEADER_FIELDS, labels=HEADER_LABELS, widgets=HEADER_WIDGETS
            )
        )
        self.sections = sections
        self.rows = rows
        for section in sections:
            if section.kind == SectionKind.HEADING:
                continue
            computed = section.kind == SectionKind.COMPUTED
            self.fields[text_field(section)] = forms.CharField(
                label=(
                    f"Nội dung bổ sung mục {section.code} (không bắt buộc)"
                    if computed
                    else f"{section.code}. {section.heading}"
                ),
                required=False,
                initial=texts.get(section.pk, ""),
                widget=forms.Textarea(attrs={"rows": 3 if computed else 6}),
            )
        for row in rows:
            indicator = row.indicator
            if indicator.value_type == ValueType.HEADING or row.computed:
                continue
            self.fields[f"value-{indicator.code}"] = forms.CharField(
                label=f"{indicator.label} ({indicator.unit_of_measure or 'giá trị'})",
                required=False,
                max_length=100,
                initial=row.display,
            )
            self.fields[f"note-{indicator.code}"] = forms.CharField(
                label=f"Ghi chú, minh chứng – {indicator.code}",
                required=False,
                initial=row.note,
            )

    def header(self) -> dict:
        return {name: self.cleaned_data[name] for name in HEADER_FIELDS}

    def texts(self) -> dict[str, str]:
        return {
            s.code: self.cleaned_data.get(text_field(s), "")
            for s in self.sections
            if text_field(s) in self.fields
        }

    def values(self) -> dict[str, tuple[str, str]]:
        """Every posted indicator value: the manual ones from their fields, and any value
        posted for a computed one (so the service refuses it rather than it being dropped)."""
        found = {}
        for row in self.rows:
            code = row.indicator.code
            if row.indicator.value_type == ValueType.HEADING:
                continue
            if f"value-{code}" in self.fields:
                found[code] = (
                    self.cleaned_data.get(f"value-{code}", ""),
                    self.cleaned_data.get(f"note-{code}", ""),
                )
            elif (self.data.get(f"value-{code}") or "").strip():
                found[code] = (self.data[f"value-{code}"], self.data.get(f"note-{code}", ""))
        return found


def text_field(section) -> str:
    return f"text-{section.code}"


class ManualResultsForm(forms.Form):
    """The 11 figures of the dossier-results form, labelled with their column numbers."""

    revision = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, data=None, *, initial=None, **kwargs):
        super().__init__(data, initial=initial, auto_id="id_manual_%s", **kwargs)
        for key in figures.COLUMNS:
            self.fields[key] = forms.IntegerField(
                label=f"({figures.COLUMN_NUMBERS[key]}) {figures.COLUMN_LABELS[key]}",
                min_value=0,
                required=False,
            )
        self.fields["note"] = forms.CharField(
            label="Nguồn số liệu",
            required=False,
            widget=forms.Textarea(attrs={"rows": 2}),
        )

    def counts(self) -> dict[str, int]:
        return {key: self.cleaned_data.get(key) or 0 for key in figures.COLUMNS}


ACCEPT, RETURN = "accept", "return"


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label="Quyết định", choices=[(ACCEPT, "Tiếp nhận"), (RETURN, "Trả lại để chỉnh sửa")]
    )
    reason = forms.CharField(
        label="Lý do trả lại", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class FilingsForm(forms.Form):
    don_vi = forms.TypedChoiceField(label="Đơn vị nhận báo cáo", coerce=int)
    loai = forms.ChoiceField(label="Loại báo cáo")
    ky = forms.CharField(label="Kỳ báo cáo", widget=forms.Select)  # any period: checked later

    def __init__(self, data=None, *, units, today: date):
        super().__init__(data, auto_id="id_filings_%s")
        types = list(ReportType.objects.all())
        self.fields["don_vi"].choices = [(u.pk, u.name) for u in units]
        self.fields["loai"].choices = [(t.code, t.name) for t in types]
        windows: dict[str, object] = {}
        nearest = None  # (days from today to the due date, type code, period label)
        for rtype in types:
            for year in (today.year, today.year - 1):
                for win in queries.due_periods(rtype, year):
                    due = rtype.deadline.due(win)
                    windows.setdefault(win.label, (due, win))
                    candidate = (abs((due - today).days), rtype.code, win.label)
                    nearest = min(nearest or candidate, candidate)
        ordered = [w for _, w in sorted(windows.values(), key=lambda p: p[0], reverse=True)]
        self.fields["ky"].widget.choices = _period_choices(ordered)
        # By default: the report whose due date is nearest to today.
        self.initial = {
            "don_vi": units[0].pk if units else None,
            "loai": nearest[1] if nearest else None,
            "ky": nearest[2] if nearest else None,
        }


class StatsForm(forms.Form):
    nam = forms.TypedChoiceField(label="Năm", coerce=int)
    loai = forms.ChoiceField(label="Loại báo cáo", required=False)

    def __init__(self, data=None, *, today: date):
        super().__init__(data, auto_id="id_stats_%s")
        years = range(today.year, today.year - 6, -1)
        self.fields["nam"].choices = [(y, str(y)) for y in years]
        self.fields["loai"].choices = [("", "Tất cả loại báo cáo")] + [
            (t.code, t.name) for t in ReportType.objects.all()
        ]
        self.initial = {"nam": today.year, "loai": ""}

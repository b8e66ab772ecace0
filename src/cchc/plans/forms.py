"""Forms of the plans pages: they parse what was typed; the services decide and refuse.

Plain forms (not model forms), so a refused save never touches a model instance and every
rule lives in `services`. Choices of units, offices and plans are limited to the unit the
page is for; the views resolve the unit itself (404 / 403) before any form is read.
Dates are typed dd/mm/yyyy or sent by a date picker as ISO (yyyy-mm-dd).
"""

from __future__ import annotations

from datetime import date

from django import forms
from django.db.models import Q
from django.forms.models import fields_for_model

from cchc.units.models import Office, Unit, UnitKind

from . import progress
from .models import (
    Directive,
    Initiative,
    Inspection,
    OutreachActivity,
    Plan,
    PlanKind,
    Task,
    TaskOrigin,
    TaskStatus,
)
from .services import MAX_WORKING_DAYS

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
INVALID_DATE = "Ngày không hợp lệ; dùng dạng ngày/tháng/năm, ví dụ 24/03/2026."
YEARS_BACK, YEARS_AHEAD = 8, 1


class DayField(forms.DateField):
    widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", DATE_FORMATS)
        kwargs.setdefault("error_messages", {"invalid": INVALID_DATE})
        super().__init__(**kwargs)


def year_choices(today: date) -> list[tuple[int, str]]:
    return [(y, str(y)) for y in range(today.year + YEARS_AHEAD, today.year - YEARS_BACK, -1)]


def _with_dates(fields: dict) -> dict:
    """Model date fields as `DayField`s (same label, help text and requiredness)."""
    for name, field in list(fields.items()):
        if isinstance(field, forms.DateField):
            fields[name] = DayField(
                label=field.label, required=field.required, help_text=field.help_text
            )
    return fields


class RevisionMixin:
    def add_revision(self, revision: int | None) -> None:
        if revision is not None:
            self.fields["revision"] = forms.IntegerField(widget=forms.HiddenInput)
            self.initial.setdefault("revision", revision)

    @property
    def revision(self) -> int | None:
        return self.cleaned_data.get("revision")


# -- filters -----------------------------------------------------------------------------------


def _unit_choices(units, blank: str | None = "Tất cả đơn vị") -> list[tuple]:
    units = list(units)
    top = min((u.depth for u in units), default=0)
    choices = [("", blank)] if blank else []
    return choices + [(u.pk, "\u00a0\u00a0" * (u.depth - top) + u.name) for u in units]


class FilterForm(forms.Form):
    """The filters of a list: unit, year, and what each list adds. Bad values are dropped
    (`value`), so a hand-edited address shows the unfiltered list instead of failing."""

    don_vi = forms.TypedChoiceField(label="Đơn vị", coerce=int, required=False, empty_value=None)
    nam = forms.TypedChoiceField(label="Năm", coerce=int, required=False, empty_value=None)

    def __init__(self, data=None, *, units, today: date, **kwargs):
        super().__init__(data, auto_id="loc_%s", **kwargs)
        self.fields["don_vi"].choices = _unit_choices(units)
        self.fields["nam"].choices = [("", "Tất cả các năm")] + year_choices(today)
        self.is_valid()

    def value(self, name):
        if not self.is_bound or name in self.errors:
            return None
        return self.cleaned_data.get(name)


class PlanFilterForm(FilterForm):
    loai = forms.ChoiceField(
        label="Loại kế hoạch", required=False, choices=[("", "Tất cả")] + PlanKind.choices
    )


OUTCOME_CHOICES = [
    ("", "Tất cả"),
    ("done", "Đã hoàn thành"),
    ("not_done", "Chưa hoàn thành"),
    *((key, label) for key, (label, _) in progress.LABELS.items()),
]


class TaskFilterForm(FilterForm):
    loai = forms.ChoiceField(
        label="Loại kế hoạch", required=False, choices=[("", "Tất cả")] + PlanKind.choices
    )
    nguon = forms.ChoiceField(
        label="Nguồn nhiệm vụ", required=False, choices=[("", "Tất cả")] + TaskOrigin.choices
    )
    ket_qua = forms.ChoiceField(label="Kết quả", required=False, choices=OUTCOME_CHOICES)
    den_ngay = DayField(label="Tính đến ngày", required=False)


class AssignedFilterForm(FilterForm):
    ket_qua = forms.ChoiceField(label="Kết quả", required=False, choices=OUTCOME_CHOICES)
    den_ngay = DayField(label="Tính đến ngày", required=False)


class RegisterFilterForm(FilterForm):
    tu_ngay = DayField(label="Từ ngày", required=False)
    den_ngay = DayField(label="Đến ngày", required=False)


class SummaryForm(forms.Form):
    don_vi = forms.TypedChoiceField(label="Đơn vị", coerce=int)
    nam = forms.TypedChoiceField(label="Năm", coerce=int, required=False, empty_value=None)
    ky = forms.ChoiceField(
        label="Kỳ số liệu",
        required=False,
        choices=[
            ("cutoff", "Theo kỳ báo cáo (15/12 năm trước đến 14/12)"),
            ("calendar", "Theo năm dương lịch (01/01 đến 31/12)"),
        ],
    )

    def __init__(self, data=None, *, units, today: date):
        super().__init__(data, auto_id="tong_hop_%s")
        self.fields["don_vi"].choices = _unit_choices(units, blank=None)
        self.fields["nam"].choices = year_choices(today)
        units = list(units)
        self.initial = {"don_vi": units[0].pk if units else None, "nam": today.year, "ky": "cutoff"}


class UnitChoiceForm(forms.Form):
    """The unit a create page is for (GET), when the user writes for several."""

    don_vi = forms.TypedChoiceField(label="Đơn vị", coerce=int)

    def __init__(self, *, units, unit):
        super().__init__(initial={"don_vi": unit.pk}, auto_id="chon_%s")
        self.fields["don_vi"].choices = _unit_choices(units, blank=None)


# -- plans and tasks -----------------------------------------------------------------------------


class PlanForm(RevisionMixin, forms.Form):
    def __init__(self, data=None, *, initial=None, revision=None):
        super().__init__(data, initial=initial)
        self.fields.update(
            _with_dates(
                fields_for_model(
                    Plan, fields=("kind", "year", "number", "issued_on", "title", "decision_ref")
                )
            )
        )
        self.fields["title"].widget = forms.Textarea(attrs={"rows": 2})
        self.add_revision(revision)

    def values(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "revision"}


def _office_field(unit: Unit, required=False) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label="Cơ quan chủ trì",
        queryset=Office.objects.filter(unit=unit).order_by("name"),
        required=required,
        empty_label="— chọn phòng, ban —",
    )


def superiors(unit: Unit):
    """Who may assign tasks to `unit`: the units above it and the departments directly under
    them (UBND tỉnh, Sở Nội vụ, Văn phòng UBND tỉnh…)."""
    codes = [code for code in unit.path.strip("/").split("/")[:-1] if code]
    above = list(Unit.objects.filter(code__in=codes).values_list("pk", flat=True))
    return Unit.objects.filter(
        Q(pk__in=above) | Q(parent__in=above, kind=UnitKind.DEPARTMENT)
    ).order_by("path")


class TaskForm(RevisionMixin, forms.Form):
    """A task's content and due date: a date, or a number of working days counted from the
    plan's issue date (today for a task without a plan)."""

    due_days = forms.IntegerField(
        label="Hoặc số ngày làm việc",
        required=False,
        min_value=1,
        max_value=MAX_WORKING_DAYS,
    )

    def __init__(self, data=None, *, unit, plan=None, assigned=False, initial=None, revision=None):
        super().__init__(data, initial=initial)
        names = ["area", "title", "expected_output", "due_on", "source_ref"]
        if revision is not None:
            names.append("order")
        fields = _with_dates(fields_for_model(Task, fields=names))
        fields["due_on"].required = False
        if "order" in fields:
            fields["order"].required = False  # left empty: the task keeps its place
        fields["title"].widget = forms.Textarea(attrs={"rows": 2})
        fields["owner_office"] = _office_field(unit)
        if assigned:
            fields["assigned_by"] = forms.ModelChoiceField(
                label="Cơ quan giao nhiệm vụ",
                queryset=superiors(unit),
                empty_label="— chọn cơ quan —",
            )
            fields["assigning_document"] = fields_for_model(Task, fields=["assigning_document"])[
                "assigning_document"
            ]
            fields["assigning_document"].required = True
            fields["assigning_document"].help_text = "Ví dụ Công văn số 1234/UBND-NC ngày 15/3/2024"
        due_days = self.fields.pop("due_days")
        start = (
            f"ngày ban hành kế hoạch ({plan.issued_on:%d/%m/%Y})"
            if plan is not None
            else "ngày hôm nay"
        )
        due_days.help_text = f"Tính theo lịch làm việc, kể từ sau {start}."
        order = [n for n in names if n not in ("due_on", "source_ref")]
        order += ["owner_office", "due_on", "due_days", "source_ref"]
        if assigned:
            order = ["assigned_by", "assigning_document", *order]
        for name in order:
            self.fields[name] = due_days if name == "due_days" else fields[name]
        self.add_revision(revision)

    def clean(self):
        data = super().clean()
        if data.get("due_on") and data.get("due_days"):
            raise forms.ValidationError(
                "Chỉ nhập ngày hoàn thành hoặc số ngày làm việc, không nhập cả hai."
            )
        if not data.get("due_on") and not data.get("due_days") and not self.errors:
            self.add_error(
                "due_on",
                "Vui lòng nhập thời hạn hoàn thành: một ngày cụ thể hoặc số ngày làm việc.",
            )
        return data

    def values(self) -> dict:
        return {
            k: v
            for k, v in self.cleaned_data.items()
            if k not in ("revision", "due_days") and not (k == "order" and v is None)
        }


class ProgressForm(RevisionMixin, forms.Form):
    status = forms.ChoiceField(label="Tình trạng", choices=TaskStatus.choices)
    completed_on = DayField(label="Ngày hoàn thành", required=False)
    evidence = forms.CharField(
        label="Kết quả, sản phẩm, văn bản chứng minh",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Ví dụ Báo cáo số 12/BC-UBND ngày 20/6/2024",
    )
    note = forms.CharField(label="Ghi chú", required=False, max_length=500)

    def __init__(self, data=None, *, task: Task):
        super().__init__(
            data,
            initial={
                "status": task.status,
                "completed_on": task.completed_on,
                "evidence": task.evidence,
            },
            auto_id="tien_do_%s",
        )
        self.add_revision(task.revision)

    def values(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "revision"}


# -- registers -----------------------------------------------------------------------------------


class RecordForm(RevisionMixin, forms.Form):
    """A register row's fields as the model declares them (choices limited to the unit)."""

    model = None
    names: tuple[str, ...] = ()

    def __init__(self, data=None, *, unit: Unit, initial=None, revision=None):
        super().__init__(data, initial=initial)
        self.unit = unit
        self.fields.update(_with_dates(fields_for_model(self.model, fields=self.names)))
        self.limit_choices(unit)
        self.add_revision(revision)

    def limit_choices(self, unit: Unit) -> None:
        pass

    def values(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "revision"}


class DirectiveForm(RecordForm):
    model = Directive
    names = ("kind", "number", "issued_on", "summary")


class InspectionForm(RecordForm):
    model = Inspection
    names = (
        "year",
        "plan",
        "inspected_office",
        "inspected_unit",
        "planned_on",
        "done_on",
        "issues_found",
        "issues_fixed",
        "conclusion",
    )

    def limit_choices(self, unit: Unit) -> None:
        self.fields["plan"].queryset = Plan.objects.filter(unit=unit).order_by("-year", "number")
        self.fields["inspected_office"].queryset = Office.objects.filter(unit=unit)
        self.fields["inspected_unit"].queryset = Unit.objects.filter(
            path__startswith=unit.path
        ).exclude(pk=unit.pk)
        self.fields[
            "inspected_office"
        ].help_text = "Chọn phòng, ban được kiểm tra hoặc đơn vị trực thuộc được kiểm tra."
        self.fields["conclusion"].widget = forms.Textarea(attrs={"rows": 3})


class OutreachActivityForm(RecordForm):
    model = OutreachActivity
    names = ("held_on", "form", "title", "count", "audience", "audience_count")


class InitiativeForm(RecordForm):
    model = Initiative
    names = ("year", "kind", "name", "status", "applied_on", "description")

    def limit_choices(self, unit: Unit) -> None:
        self.fields["description"].widget = forms.Textarea(attrs={"rows": 3})

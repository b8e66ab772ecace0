"""Forms of the criteria-set pages: they parse input (numbers with "," or ".", parameters as
JSON/YAML, grade lines); the rules of a set are checked by `sets` (the same as for files)."""

from __future__ import annotations

import json

from django import forms

from cchc.plans.models import ReformArea
from cchc.units.models import Unit, UnitKind

from . import criteria_files, methods
from .models import Criterion, Method, Part


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Tệp bộ tiêu chí",
        help_text="Tệp YAML (.yaml), Excel (.xlsx) hoặc CSV (.csv) theo mẫu; tối đa 5 MB. "
        "Nhập lại tệp có cùng mã bộ tiêu chí thì bộ tiêu chí được cập nhật.",
    )


class DecimalText(forms.CharField):
    """A number typed the Vietnamese way ("0,25") or not ("0.25"); empty → None."""

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        try:
            return methods.decimal(value)
        except ValueError as exc:
            raise forms.ValidationError(f"“{value}” không phải số.") from exc


class ParamsField(forms.CharField):
    """A method's parameters as JSON or YAML text → a mapping."""

    widget = forms.Textarea(attrs={"rows": 3})

    def to_python(self, value):
        value = super().to_python(value)
        params, error = criteria_files.parse_params(value or "")
        if error:
            raise forms.ValidationError(error[0].upper() + error[1:] + ".")
        return params

    def prepare_value(self, value):
        if isinstance(value, dict):
            return json.dumps(value, ensure_ascii=False) if value else ""
        return value


class GradesField(forms.CharField):
    """One grade band a line, highest first: "Xuất sắc: 90"."""

    widget = forms.Textarea(attrs={"rows": 6})

    def to_python(self, value):
        value = super().to_python(value) or ""
        grades = []
        for number, line in enumerate(value.splitlines(), start=1):
            if not line.strip():
                continue
            name, colon, low = line.rpartition(":")
            if not colon:
                raise forms.ValidationError(
                    f"Dòng {number}: ghi “Tên xếp loại: điểm tối thiểu”, ví dụ “Tốt: 80”."
                )
            try:
                methods.decimal(low)
            except ValueError:
                raise forms.ValidationError(
                    f"Dòng {number}: điểm tối thiểu “{low.strip()}” không phải số."
                ) from None
            grades.append({"name": name.strip(), "min": low.strip()})
        return grades

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(
                f"{g.get('name', '')}: {criteria_files.vn(methods.decimal(g.get('min', 0)))}"
                for g in value
            )
        return value


class SetForm(forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput)
    name = forms.CharField(label="Tên bộ tiêu chí", max_length=500)
    year = forms.IntegerField(label="Năm áp dụng", min_value=1990, max_value=2100)
    unit_kind = forms.ChoiceField(label="Loại đơn vị được đánh giá", choices=UnitKind.choices)
    decision_ref = forms.CharField(
        label="Quyết định ban hành",
        max_length=255,
        required=False,
        help_text="Ví dụ: 609/QĐ-UBND ngày 12/7/2021",
    )
    issuer = forms.ModelChoiceField(
        label="Cơ quan ban hành",
        queryset=Unit.objects.none(),
        required=False,
        empty_label="— Không ghi (chỉ quản trị viên hệ thống được sửa) —",
    )
    grades = GradesField(
        label="Xếp loại",
        help_text="Mỗi dòng một mức, mức cao nhất trước: “Tên xếp loại: điểm tối thiểu”, "
        "ví dụ “Xuất sắc: 90”.",
    )

    def __init__(self, *args, issuers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issuer"].queryset = issuers if issuers is not None else Unit.objects.none()

    def set_fields(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "revision"}

    @staticmethod
    def initial_for(criteria_set) -> dict:
        return {
            "revision": criteria_set.revision,
            "name": criteria_set.name,
            "year": criteria_set.year,
            "unit_kind": criteria_set.unit_kind,
            "decision_ref": criteria_set.decision_ref,
            "issuer": criteria_set.issuer_id,
            "grades": criteria_set.grades,
        }


LEAF_FIELDS = ("max_points", "method", "params", "source", "applicability", "part")


class CriterionForm(forms.Form):
    """A node of the tree. A parent shows no maximum, method, parameters, source,
    applicability or part (they belong to leaves); only an area shows the plan area."""

    revision = forms.IntegerField(widget=forms.HiddenInput)
    code = forms.CharField(label="Mã", max_length=20, help_text="Ví dụ 1.2.1")
    name = forms.CharField(
        label="Tên tiêu chí", max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )
    max_points = DecimalText(
        label="Điểm tối đa",
        widget=forms.TextInput(attrs={"maxlength": 20, "inputmode": "decimal"}),
        help_text="Tối đa hai chữ số thập phân, ví dụ 0,25.",
    )
    method = forms.ChoiceField(
        label="Phương pháp chấm", choices=Method.choices, initial=Method.MANUAL
    )
    params = ParamsField(
        label="Tham số của phương pháp chấm",
        required=False,
        help_text='JSON hoặc YAML. Theo khoảng: {"bands": [{"min": 1.0, "points": 0.5}, '
        '{"min": 0, "points": 0.25}]}; trừ điểm: {"deductions": {"per_late": 0.04, '
        '"per_undone": 0.13, "floor": 0}}; ngưỡng: {"at": 0.9}.',
    )
    source = forms.CharField(
        label="Nguồn số liệu tự động",
        max_length=200,
        required=False,
        help_text="Ví dụ dossiers.on_time_rate?scope=all, reporting.on_time?type=reform-annual; "
        "để trống nếu chấm theo tài liệu kiểm chứng.",
    )
    evidence = forms.CharField(
        label="Tài liệu kiểm chứng",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    applicability = forms.CharField(
        label="Điều kiện áp dụng",
        max_length=200,
        required=False,
        help_text="Để trống: áp dụng cho mọi đơn vị. Ví dụ has_postal_procedures.",
    )
    responsible = forms.CharField(
        label="Mã phòng, ban chịu trách nhiệm", max_length=40, required=False
    )
    responsible_text = forms.CharField(
        label="Trách nhiệm thuộc về (ghi bằng lời)", max_length=500, required=False
    )
    part = forms.ChoiceField(label="Phần chấm", choices=Part.choices, initial=Part.SELF)
    plan_area = forms.ChoiceField(
        label="Lĩnh vực trong kế hoạch CCHC",
        choices=[("", "—")] + list(ReformArea.choices),
        required=False,
        help_text="Lĩnh vực của nhiệm vụ khắc phục tạo từ lĩnh vực này.",
    )

    def __init__(self, *args, leaf: bool = True, area: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not leaf:
            for name in LEAF_FIELDS:
                del self.fields[name]
        if not area:
            del self.fields["plan_area"]

    def criterion_fields(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "revision"}

    @staticmethod
    def initial_for(criterion: Criterion, revision: int) -> dict:
        initial = {
            name: getattr(criterion, name)
            for name in (
                "code",
                "name",
                "max_points",
                "method",
                "params",
                "source",
                "evidence",
                "applicability",
                "responsible",
                "responsible_text",
                "part",
                "plan_area",
            )
        }
        if criterion.max_points is not None:
            initial["max_points"] = criteria_files.vn(criterion.max_points)
        initial["revision"] = revision
        return initial


class DeleteForm(forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput)


class CopyForm(forms.Form):
    code = forms.CharField(
        label="Mã bộ tiêu chí mới",
        max_length=40,
        help_text="Chữ không dấu, chữ số, dấu chấm, gạch ngang, gạch dưới; ví dụ KT-HUYEN-2022.",
    )
    year = forms.IntegerField(label="Năm áp dụng", min_value=1990, max_value=2100)
    decision_ref = forms.CharField(label="Quyết định ban hành", max_length=255, required=False)

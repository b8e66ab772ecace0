"""Forms: they parse and validate input; the services do the writing."""

from django import forms
from django.forms import formset_factory

from cchc.units.models import OfficeKind, Unit

from .budgets import normalise
from .models import (
    ChangeKind,
    InterAgency,
    Level,
    OnlineMode,
    Procedure,
    ReviewKind,
    ReviewStatus,
    Sector,
    parse_vnd,
)
from .queries import ProcedureFilters

YES_NO = [("", "Tất cả"), ("1", "Có"), ("0", "Không")]
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _duration_field(label: str, required: bool = True, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=20,
        help_text=help_text
        or "Ví dụ: 3d (3 ngày làm việc), 0.5d, 4h, 15cd (15 ngày), 0d@15:00 (trong ngày).",
    )


def _clean_duration(value: str) -> str:
    if not value:
        return value
    try:
        return normalise(value)
    except ValueError as exc:
        raise forms.ValidationError(str(exc)) from exc


class VndField(forms.CharField):
    """Phí, lệ phí in đồng: "50000" or "50.000"; empty means none."""

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        try:
            return parse_vnd(value)
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from exc


class ProcedureFilterForm(forms.Form):
    q = forms.CharField(label="Tìm theo tên hoặc mã thủ tục", required=False, max_length=200)
    level = forms.ChoiceField(
        label="Cấp thực hiện", required=False, choices=[("", "Tất cả")] + Level.choices
    )
    sector = forms.ChoiceField(label="Lĩnh vực", required=False)
    online_mode = forms.ChoiceField(
        label="Dịch vụ công trực tuyến",
        required=False,
        choices=[("", "Tất cả")] + OnlineMode.choices,
    )
    postal = forms.ChoiceField(label="Bưu chính công ích", required=False, choices=YES_NO)
    inter_agency = forms.ChoiceField(
        label="Liên thông",
        required=False,
        choices=[("", "Tất cả"), ("any", "Có liên thông")] + InterAgency.choices,
    )
    internal = forms.ChoiceField(
        label="Loại thủ tục",
        required=False,
        choices=[("", "Tất cả"), ("0", "Giải quyết cho người dân, tổ chức"), ("1", "TTHC nội bộ")],
    )
    active = forms.ChoiceField(
        label="Tình trạng",
        required=False,
        choices=[("", "Đang áp dụng"), ("0", "Đã bãi bỏ, ngưng áp dụng"), ("all", "Tất cả")],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sector"].choices = [("", "Tất cả")] + list(
            Sector.objects.order_by("name").values_list("code", "name")
        )

    def to_filters(self) -> ProcedureFilters:
        """The filters (call after is_valid(); invalid values are ignored)."""
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}

        def yes_no(name):
            value = data.get(name, "")
            return None if value == "" else value == "1"

        active = data.get("active", "")
        return ProcedureFilters(
            q=data.get("q", ""),
            level=data.get("level", ""),
            sector=data.get("sector", ""),
            online_mode=data.get("online_mode", ""),
            postal=yes_no("postal"),
            inter_agency=data.get("inter_agency", ""),
            internal=yes_no("internal"),
            active={"": True, "0": False, "all": None}.get(active, True),
        )


class ProcedureForm(forms.ModelForm):
    """Create / edit a procedure. `revision` is the copy the editor started from; on create the
    first processing time is asked, on edit an optional new time with its start date."""

    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)
    processing_time = _duration_field("Thời hạn giải quyết", required=False)
    effective_from = forms.DateField(
        label="Áp dụng từ ngày",
        required=False,
        widget=DATE_INPUT,
        help_text="Hồ sơ tiếp nhận từ ngày này áp dụng thời hạn mới; hồ sơ tiếp nhận trước vẫn theo thời hạn cũ.",
    )
    fee = VndField(
        label="Phí, lệ phí (đồng)",
        required=False,
        help_text="Để trống nếu không thu phí, lệ phí. Ví dụ: 50000 hoặc 50.000.",
    )
    legal_basis = forms.CharField(
        label="Căn cứ thay đổi thời hạn", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    class Meta:
        model = Procedure
        fields = [
            "code",
            "name",
            "sector",
            "level",
            "online_mode",
            "legacy_online_level",
            "postal",
            "inter_agency",
            "fee",
            "internal",
            "decision_ref",
            "published_on",
            "active",
        ]
        widgets = {"published_on": DATE_INPUT, "name": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.is_new = self.instance.pk is None
        self.fields["legacy_online_level"].widget = forms.Select(
            choices=[
                ("", "Không có"),
                (1, "Mức độ 1"),
                (2, "Mức độ 2"),
                (3, "Mức độ 3"),
                (4, "Mức độ 4"),
            ]
        )
        if self.is_new:
            self.fields["processing_time"].required = True
            self.fields.pop("legal_basis")
            self.fields.pop("revision")
        else:
            self.fields["processing_time"].label = "Thời hạn giải quyết mới (nếu thay đổi)"
            self.fields["processing_time"].help_text = (
                "Để trống nếu không đổi. " + self.fields["processing_time"].help_text
            )
            self.initial.setdefault("revision", self.instance.revision)

    def clean_processing_time(self):
        return _clean_duration(self.cleaned_data.get("processing_time", ""))

    def clean(self):
        data = super().clean()
        if not self.is_new and data.get("effective_from") and not data.get("processing_time"):
            self.add_error(
                "processing_time", "Nhập thời hạn giải quyết mới hoặc bỏ trống ngày áp dụng."
            )
        return data

    def procedure_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class WorkflowStepForm(forms.Form):
    name = forms.CharField(
        label="Tên bước",
        max_length=255,
        required=False,
        widget=forms.TextInput(attrs={"style": "width:100%"}),
    )
    budget = _duration_field("Thời gian", required=False, help_text="Ví dụ: 1d, 0.5d, 4h, 5cd.")
    office_kind = forms.ChoiceField(
        label="Bộ phận thực hiện", choices=OfficeKind.choices, required=False
    )

    def clean_budget(self):
        return _clean_duration(self.cleaned_data.get("budget", ""))

    def clean(self):
        data = super().clean()
        if data.get("name") and not data.get("budget") and "budget" not in self.errors:
            self.add_error("budget", "Nhập thời gian thực hiện của bước.")
        if data.get("budget") and not data.get("name"):
            self.add_error("name", "Nhập tên bước.")
        return data

    @property
    def is_blank(self) -> bool:
        return not (self.cleaned_data.get("name") or self.cleaned_data.get("budget"))


WorkflowFormSet = formset_factory(WorkflowStepForm, extra=2)


class ReviewForm(forms.Form):
    procedure = forms.ModelChoiceField(
        label="Thủ tục",
        queryset=Procedure.objects.filter(active=True).order_by("name"),
        empty_label="— Chọn thủ tục —",
    )
    year = forms.IntegerField(label="Năm rà soát", min_value=2000, max_value=2100)
    plan_ref = forms.CharField(
        label="Kế hoạch, quyết định",
        max_length=255,
        required=False,
        help_text="Ví dụ: Kế hoạch số 07/KH-UBND ngày 22/01/2021",
    )
    kind = forms.ChoiceField(label="Nội dung đơn giản hóa", choices=ReviewKind.choices)
    old_processing_time = _duration_field(
        "Thời hạn hiện hành", required=False, help_text="Để trống để lấy thời hạn đang áp dụng."
    )
    new_processing_time = _duration_field(
        "Thời hạn đề xuất", required=False, help_text="Bắt buộc khi cắt giảm thời gian giải quyết."
    )
    description = forms.CharField(
        label="Mô tả, phương án đơn giản hóa",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    proposed_on = forms.DateField(label="Ngày đề xuất", required=False, widget=DATE_INPUT)

    def clean_old_processing_time(self):
        return _clean_duration(self.cleaned_data.get("old_processing_time", ""))

    def clean_new_processing_time(self):
        return _clean_duration(self.cleaned_data.get("new_processing_time", ""))

    def clean(self):
        data = super().clean()
        if (
            data.get("kind") == ReviewKind.CUT_TIME
            and not data.get("new_processing_time")
            and "new_processing_time" not in self.errors
        ):
            self.add_error(
                "new_processing_time", "Nhập thời hạn giải quyết đề xuất sau khi cắt giảm."
            )
        return data


class ApplyReviewForm(forms.Form):
    applied_on = forms.DateField(label="Ngày áp dụng", widget=DATE_INPUT)


class ReviewFilterForm(forms.Form):
    year = forms.TypedChoiceField(label="Năm", required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(
        label="Trạng thái", required=False, choices=[("", "Tất cả")] + ReviewStatus.choices
    )

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", "Tất cả")] + [(y, y) for y in years]


class PublicationDecisionForm(forms.Form):
    number = forms.CharField(label="Số, ký hiệu", max_length=60, help_text="Ví dụ: 1234/QĐ-UBND")
    signed_on = forms.DateField(label="Ngày ban hành", widget=DATE_INPUT)
    issuing_unit = forms.ModelChoiceField(
        label="Cơ quan ban hành",
        queryset=Unit.objects.all(),
        required=False,
        empty_label="— Không ghi —",
    )
    title = forms.CharField(
        label="Trích yếu", max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )
    new_codes = forms.CharField(
        label="Mã thủ tục ban hành mới",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Các mã cách nhau bởi dấu phẩy, khoảng trắng hoặc xuống dòng.",
    )
    amended_codes = forms.CharField(
        label="Mã thủ tục sửa đổi, bổ sung",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    abolished_codes = forms.CharField(
        label="Mã thủ tục bãi bỏ", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    KIND_FIELDS = {
        "new_codes": ChangeKind.NEW,
        "amended_codes": ChangeKind.AMENDED,
        "abolished_codes": ChangeKind.ABOLISHED,
    }

    def clean(self):
        data = super().clean()
        items, seen = [], {}
        for field, kind in self.KIND_FIELDS.items():
            codes = [
                c for c in (data.get(field) or "").replace(",", " ").replace(";", " ").split() if c
            ]
            if not codes:
                continue
            found = {p.code: p for p in Procedure.objects.filter(code__in=codes)}
            missing = [c for c in codes if c not in found]
            if missing:
                self.add_error(field, f"Không tìm thấy thủ tục có mã: {', '.join(missing)}.")
            for code in codes:
                if code in seen and seen[code] != field:
                    self.add_error(field, f"Mã {code} đã có ở ô khác.")
                seen[code] = field
                if code in found:
                    items.append((found[code], kind))
        if not items and not self.errors:
            raise forms.ValidationError("Nhập ít nhất một mã thủ tục được công bố.")
        data["items"] = list({p.pk: (p, k) for p, k in items}.values())
        return data

"""Forms of the queue filters and the register page: they parse and validate input only.

Dates are typed as dd/mm/yyyy or sent by a date picker as ISO (yyyy-mm-dd). A bad value is
reported in Vietnamese and left out of `cleaned_data`, so the page ignores it instead of failing.
"""

from datetime import date

from django import forms

from cchc.catalog.models import Sector

from .models import Channel, Status

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
# Far outside any dossier, and far from date.min/date.max (whose day bounds would overflow).
EARLIEST, LATEST = date(1900, 1, 1), date(2199, 12, 31)
INVALID_DATE = "Ngày không hợp lệ; dùng dạng ngày/tháng/năm, ví dụ 24/03/2026."
INVALID_CHOICE = "Lựa chọn không hợp lệ."


class DayField(forms.DateField):
    widget = forms.DateInput(
        format="%d/%m/%Y",
        attrs={"inputmode": "numeric", "autocomplete": "off", "placeholder": "dd/mm/yyyy"},
    )

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", DATE_FORMATS)
        kwargs.setdefault(
            "error_messages", {"invalid": INVALID_DATE, "required": "Vui lòng nhập ngày."}
        )
        super().__init__(**kwargs)

    def clean(self, value):
        day = super().clean(value)
        if day is not None and not EARLIEST <= day <= LATEST:
            raise forms.ValidationError(INVALID_DATE, code="invalid")
        return day


def _check_range(form, start: str, end: str) -> None:
    first, last = form.cleaned_data.get(start), form.cleaned_data.get(end)
    if first and last and first > last:
        form.add_error(end, "“Đến ngày” phải sau hoặc trùng “Từ ngày”.")


def _choice(label: str, choices) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "Tất cả"), *choices],
        error_messages={"invalid_choice": INVALID_CHOICE},
    )


class QueueFilterForm(forms.Form):
    """The filters above a work queue; every field is optional."""

    q = forms.CharField(
        label="Mã hồ sơ hoặc tên người nộp",
        required=False,
        max_length=255,
        widget=forms.TextInput(attrs={"type": "search"}),
        error_messages={"max_length": "Nội dung tìm kiếm dài tối đa 255 ký tự."},
    )
    trang_thai = _choice("Trạng thái", Status.choices)
    kenh = _choice("Kênh tiếp nhận", Channel.choices)
    thu_tuc = _choice("Thủ tục", [])
    linh_vuc = _choice("Lĩnh vực", [])
    tu_ngay = DayField(label="Tiếp nhận từ ngày", required=False)
    den_ngay = DayField(label="đến ngày", required=False)

    def __init__(self, data, *, procedures, sectors):
        # Ids equal to the parameter names, as the page has always had ("q", "trang_thai").
        super().__init__(data, auto_id="%s")
        self.fields["thu_tuc"].choices = [("", "Tất cả"), *procedures]
        self.fields["linh_vuc"].choices = [("", "Tất cả"), *sectors]

    def clean(self):
        _check_range(self, "tu_ngay", "den_ngay")
        return self.cleaned_data

    def filters(self) -> dict:
        """The valid filters as keyword arguments of `queries.filter_queue`."""
        self.is_valid()
        data = self.cleaned_data
        return {
            "text": (data.get("q") or "").strip(),
            "status": data.get("trang_thai"),
            "channel": data.get("kenh"),
            "procedure": data.get("thu_tuc"),
            "sector": data.get("linh_vuc"),
            "received_from": data.get("tu_ngay"),
            "received_to": data.get("den_ngay"),
        }

    def query_items(self) -> list[tuple[str, str]]:
        """The submitted values of the valid filters, for the pagination links."""
        self.is_valid()
        return [
            (name, self.data[name])
            for name in self.fields
            if self.data.get(name) and name not in self.errors
        ]


class RegisterForm(forms.Form):
    """Unit, sector and period of a Mẫu 07 register. The unit is only parsed here; the view
    resolves it through `queries.register_unit`, which answers 404 for a unit out of reach."""

    don_vi = forms.IntegerField(
        label="Đơn vị tiếp nhận",
        widget=forms.Select,
        error_messages={"required": "Vui lòng chọn đơn vị.", "invalid": INVALID_CHOICE},
    )
    linh_vuc = forms.ModelChoiceField(
        label="Lĩnh vực",
        queryset=Sector.objects.order_by("name"),
        empty_label="— Chọn lĩnh vực —",
        error_messages={"required": "Vui lòng chọn lĩnh vực.", "invalid_choice": INVALID_CHOICE},
    )
    tu_ngay = DayField(label="Từ ngày")
    den_ngay = DayField(label="Đến ngày")

    def __init__(self, data, *, units, today: date):
        first = today.replace(day=1)
        next_month = (first.replace(day=28) + (date.resolution * 4)).replace(day=1)
        super().__init__(
            data,
            auto_id="%s",
            initial={"tu_ngay": first, "den_ngay": next_month - date.resolution},
        )
        self.fields["don_vi"].widget.choices = [(unit.pk, unit.name) for unit in units]

    def clean(self):
        _check_range(self, "tu_ngay", "den_ngay")
        return self.cleaned_data

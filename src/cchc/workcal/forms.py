"""Forms of the calendar page: parse and validate input only; the services decide."""

from django import forms

from .models import DayKind

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"]


class CalendarDayForm(forms.Form):
    date = forms.DateField(
        label="Ngày",
        input_formats=DATE_FORMATS,
        help_text="Dạng ngày/tháng/năm, ví dụ 31/08/2026",
        error_messages={
            "required": "Vui lòng nhập ngày.",
            "invalid": "Ngày không hợp lệ; dùng dạng ngày/tháng/năm, ví dụ 31/08/2026.",
        },
        widget=forms.DateInput(
            format="%d/%m/%Y", attrs={"inputmode": "numeric", "autocomplete": "off"}
        ),
    )
    kind = forms.ChoiceField(
        label="Loại ngày",
        choices=[("", "— Chọn loại ngày —"), *DayKind.choices],
        error_messages={
            "required": "Vui lòng chọn loại ngày.",
            "invalid_choice": "Loại ngày không hợp lệ.",
        },
    )
    name = forms.CharField(
        label="Tên ngày",
        max_length=255,
        error_messages={
            "required": "Vui lòng nhập tên ngày, ví dụ: Tết Dương lịch.",
            "max_length": "Tên ngày dài tối đa 255 ký tự.",
        },
    )
    legal_basis = forms.CharField(
        label="Căn cứ pháp lý",
        max_length=500,
        required=False,
        help_text="Ví dụ: Thông báo 9441/TB-BNV",
        error_messages={"max_length": "Căn cứ pháp lý dài tối đa 500 ký tự."},
    )


class ConfirmYearForm(forms.Form):
    notice_ref = forms.CharField(
        label="Văn bản thông báo lịch nghỉ",
        max_length=255,
        help_text="Ví dụ: Thông báo 9441/TB-BNV",
        error_messages={
            "required": "Vui lòng nhập số hiệu văn bản thông báo, ví dụ: Thông báo 9441/TB-BNV.",
            "max_length": "Số hiệu văn bản dài tối đa 255 ký tự.",
        },
    )

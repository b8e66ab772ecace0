"""Forms of the public portal: the lookup and the online application.

They only check what was typed (formats, required fields, each upload through
`core.uploads.check_upload`); the rules are in `services` and `queries`."""

from __future__ import annotations

import re

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError

from cchc.core import uploads
from cchc.dossiers.models import ReturnChannel
from cchc.units.models import Unit

from . import rules
from .models import NotifyChannel

FILE_ERRORS = {
    "required": "Vui lòng tải lên giấy tờ này.",
    "empty": "Tệp rỗng.",
    "invalid": "Tệp không hợp lệ.",
    "missing": "Không nhận được tệp; vui lòng chọn lại.",
    "max_length": "Tên tệp quá dài.",
}
ACCEPT = ",".join(uploads.ALLOWED_TYPES)  # ".pdf,.jpg,…" for the file picker


class LookupForm(forms.Form):
    ma_ho_so = forms.CharField(
        label="Mã hồ sơ hoặc mã tra cứu",
        max_length=rules.KEY_MAX_LENGTH,
        help_text="In trên giấy tiếp nhận hồ sơ, hoặc mã tra cứu (DVC-…) nhận được khi nộp "
        "trực tuyến.",
        error_messages={
            "required": "Vui lòng nhập mã hồ sơ.",
            "max_length": "Mã hồ sơ quá dài.",
        },
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )
    so_kiem_tra = forms.CharField(
        label="4 số cuối số điện thoại hoặc số định danh của người nộp",
        max_length=4,
        min_length=4,
        error_messages={
            "required": "Vui lòng nhập 4 chữ số kiểm tra.",
            "min_length": "Vui lòng nhập đúng 4 chữ số.",
            "max_length": "Vui lòng nhập đúng 4 chữ số.",
        },
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "off", "pattern": "[0-9]{4}"}
        ),
    )

    def clean_so_kiem_tra(self):
        value = self.cleaned_data["so_kiem_tra"].strip()
        if not re.fullmatch(r"[0-9]{4}", value):
            raise ValidationError("Vui lòng nhập đúng 4 chữ số.")
        return value


def _digits_between(value: str, low: int, high: int, message: str) -> str:
    found = re.sub(r"[\s.\-]", "", value or "")
    if found.startswith("+84"):
        found = "0" + found[3:]
    if not found.isdigit() or not low <= len(found) <= high:
        raise ValidationError(message)
    return found


class SubmissionForm(forms.Form):
    """The applicant's details, one upload per required component, notification and return."""

    token = forms.CharField(widget=forms.HiddenInput, max_length=200)
    don_vi = forms.ModelChoiceField(
        label="Nơi nộp hồ sơ",
        queryset=None,
        empty_label=None,
        error_messages={
            "required": "Vui lòng chọn nơi nộp hồ sơ.",
            "invalid_choice": "Vui lòng chọn nơi nộp hồ sơ trong danh sách.",
        },
    )
    ho_ten = forms.CharField(
        label="Họ và tên người nộp",
        max_length=255,
        error_messages={"required": "Vui lòng nhập họ và tên."},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    so_dinh_danh = forms.CharField(
        label="Số định danh cá nhân (số CCCD)",
        max_length=40,
        error_messages={"required": "Vui lòng nhập số định danh cá nhân."},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    dien_thoai = forms.CharField(
        label="Số điện thoại",
        max_length=20,
        error_messages={"required": "Vui lòng nhập số điện thoại."},
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    dia_chi = forms.CharField(
        label="Địa chỉ thường trú",
        max_length=500,
        error_messages={"required": "Vui lòng nhập địa chỉ."},
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    email = forms.EmailField(
        label="Thư điện tử (để nhận thông báo)",
        required=False,
        max_length=254,
        error_messages={"invalid": "Địa chỉ thư điện tử không hợp lệ."},
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    thong_bao_qua = forms.ChoiceField(
        label="Nhận thông báo về hồ sơ qua",
        choices=NotifyChannel.choices,
        initial=NotifyChannel.EMAIL,
        widget=forms.RadioSelect,
        error_messages={"required": "Vui lòng chọn cách nhận thông báo."},
    )
    nhan_ket_qua = forms.ChoiceField(
        label="Hình thức nhận kết quả",
        choices=[
            (ReturnChannel.ONLINE.value, "Trực tuyến"),
            (ReturnChannel.DESK.value, "Tại Bộ phận Một cửa"),
            (ReturnChannel.POST.value, "Qua dịch vụ bưu chính công ích"),
        ],
        initial=ReturnChannel.ONLINE,
        widget=forms.RadioSelect,
        error_messages={"required": "Vui lòng chọn hình thức nhận kết quả."},
    )
    dia_chi_nhan = forms.CharField(
        label="Địa chỉ nhận kết quả qua bưu chính",
        max_length=500,
        required=False,
    )
    noi_dung = forms.CharField(
        label="Nội dung yêu cầu (nếu cần ghi thêm)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, units, components, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["don_vi"].queryset = Unit.objects.filter(pk__in=[u.pk for u in units]).order_by(
            "name", "code"
        )
        if len(units) == 1:
            self.fields["don_vi"].initial = units[0].pk
        self.components = list(components)
        self.file_fields: list[tuple[str, object]] = []
        limit = getattr(settings, "CCHC_ATTACHMENT_MAX_BYTES", uploads.MAX_UPLOAD_BYTES)
        self.max_megabytes = limit // (1024 * 1024)
        for component in self.components:
            name = f"tp_{component.pk}"
            label = component.name + ("" if component.mandatory else " (nếu có)")
            self.fields[name] = forms.FileField(
                label=label,
                required=component.mandatory,
                error_messages=FILE_ERRORS,
                help_text=component.note,
                widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
            )
            self.file_fields.append((name, component))
        if not self.components:
            self.fields["tp_khac"] = forms.FileField(
                label="Giấy tờ kèm theo (nếu có)",
                required=False,
                error_messages=FILE_ERRORS,
                widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
            )
            self.file_fields.append(("tp_khac", None))
        self.limit = limit

    # -- fields ----------------------------------------------------------------------------

    def clean_ho_ten(self):
        name = " ".join(self.cleaned_data["ho_ten"].split())
        if not name:
            raise ValidationError("Vui lòng nhập họ và tên.")
        return name

    def clean_so_dinh_danh(self):
        return _digits_between(
            self.cleaned_data["so_dinh_danh"],
            9,
            13,
            "Số định danh gồm 9 đến 13 chữ số (số CCCD có 12 chữ số).",
        )

    def clean_dien_thoai(self):
        return _digits_between(
            self.cleaned_data["dien_thoai"], 9, 11, "Số điện thoại gồm 10 chữ số, ví dụ 0912345678."
        )

    def clean(self):
        data = super().clean()
        if data.get("thong_bao_qua") == NotifyChannel.EMAIL and not data.get("email"):
            if "email" not in self.errors:
                self.add_error("email", "Vui lòng nhập thư điện tử để nhận thông báo.")
        if (
            data.get("nhan_ket_qua") == ReturnChannel.POST
            and not (data.get("dia_chi_nhan") or "").strip()
        ):
            self.add_error("dia_chi_nhan", "Vui lòng nhập địa chỉ nhận kết quả qua bưu chính.")
        for name, _component in self.file_fields:
            upload = data.get(name)
            if not upload or name in self.errors:
                continue
            try:
                uploads.check_upload(upload, self.limit, field=name)
            except ValidationError as error:
                self.add_error(name, error.message_dict[name])
        return data

    def upload_fields(self):
        """The bound upload fields, in the order of the components list."""
        return [self[name] for name, _component in self.file_fields]

    def files_by_component(self) -> dict:
        """{component id (None: outside the list): file} of the uploads given."""
        found = {}
        for name, component in self.file_fields:
            upload = self.cleaned_data.get(name)
            if upload:
                found[component.pk if component is not None else None] = upload
        return found


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one picker: a list (empty when none was chosen)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        items = data if isinstance(data, list | tuple) else [data] if data else []
        cleaned = []
        for item in items:
            try:
                cleaned.append(super().clean(item, initial))
            except ValidationError as error:
                name = getattr(item, "name", "")
                raise ValidationError(f"Tệp “{name}”: {error.messages[0]}") from error
        return cleaned


class SupplementForm(forms.Form):
    """What the applicant sends when the desk found an online dossier incomplete: files and
    a note; the token (`queries.supplement_token`) says which dossier, as looked up."""

    MAX_FILES = 10

    token = forms.CharField(widget=forms.HiddenInput, max_length=300)
    tep = MultipleFileField(
        label="Giấy tờ bổ sung",
        required=False,
        error_messages=FILE_ERRORS,
        help_text=f"Tối đa {MAX_FILES} tệp PDF, JPG, PNG, DOCX hoặc XLSX.",
    )
    noi_dung = forms.CharField(
        label="Nội dung bổ sung, giải trình (nếu có)",
        required=False,
        max_length=2000,
        error_messages={"max_length": "Nội dung quá dài (tối đa 2.000 ký tự)."},
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_tep(self):
        files = self.cleaned_data["tep"]
        if len(files) > self.MAX_FILES:
            raise ValidationError(f"Chỉ gửi được tối đa {self.MAX_FILES} tệp một lần.")
        limit = getattr(settings, "CCHC_ATTACHMENT_MAX_BYTES", uploads.MAX_UPLOAD_BYTES)
        for upload in files:
            try:
                uploads.check_upload(upload, limit, field="tep")
            except ValidationError as error:
                message = error.message_dict["tep"][0]
                raise ValidationError(f"Tệp “{upload.name}”: {message}") from error
        return files

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("tep") and not (data.get("noi_dung") or "").strip():
            raise ValidationError("Vui lòng đính kèm giấy tờ bổ sung hoặc ghi rõ nội dung bổ sung.")
        return data

"""Forms of the feedback pages: they parse what was typed; the services decide and refuse.

Plain forms (not model forms): every rule lives in `services`. Choices of units and offices
are limited to what the page's user may act on; the views resolve units and records (404 /
403) before a form is read. Dates are typed dd/mm/yyyy or sent as ISO by a date picker.
"""

from __future__ import annotations

from datetime import date

from django import forms

from cchc.catalog.models import Procedure
from cchc.reporting import periods
from cchc.units.models import Office, Unit

from . import indicators
from .models import FeedbackChannel, FeedbackContent, QuestionKind, Satisfaction
from .services import TEMPLATES

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
INVALID_DATE = "Ngày không hợp lệ; dùng dạng ngày/tháng/năm, ví dụ 24/03/2026."
YEARS_BACK = 5
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


class DayField(forms.DateField):
    widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", DATE_FORMATS)
        kwargs.setdefault("error_messages", {"invalid": INVALID_DATE})
        super().__init__(**kwargs)


class RevisionMixin:
    def add_revision(self, revision: int | None) -> None:
        if revision is not None:
            self.fields["revision"] = forms.IntegerField(widget=forms.HiddenInput)
            self.initial.setdefault("revision", revision)

    @property
    def revision(self) -> int | None:
        return self.cleaned_data.get("revision")


def unit_choices(units, blank: str | None = None) -> list[tuple]:
    units = list(units)
    top = min((u.depth for u in units), default=0)
    choices = [("", blank)] if blank else []
    return choices + [(u.pk, "\u00a0\u00a0" * (u.depth - top) + u.name) for u in units]


# -- periods --------------------------------------------------------------------------------


def period_choices(today: date) -> list[tuple[str, str]]:
    """Years, quarters and months of the last few years, newest first."""
    choices = []
    for year in range(today.year, today.year - YEARS_BACK, -1):
        choices.append((str(year), f"Năm {year}"))
        for q in range(4, 0, -1):
            choices.append((f"{year}-Q{q}", f"Quý {ROMAN[q]} năm {year}"))
        for m in range(12, 0, -1):
            choices.append((f"{year}-{m:02d}", f"Tháng {m} năm {year}"))
    return choices


BASIS_CHOICES = [
    (str(periods.Basis.CUTOFF), "Kỳ chốt số liệu (ngày 15 tháng trước đến ngày 14)"),
    (str(periods.Basis.CALENDAR), "Theo tháng dương lịch"),
]


class PeriodForm(forms.Form):
    """Unit, period and basis of a results page; bad values fall back to the defaults."""

    don_vi = forms.TypedChoiceField(label="Đơn vị", coerce=int, required=False, empty_value=None)
    ky = forms.ChoiceField(label="Kỳ", required=False)
    co_so = forms.ChoiceField(label="Cách tính kỳ", required=False, choices=BASIS_CHOICES)
    gom = forms.BooleanField(label="Gồm các đơn vị trực thuộc", required=False)

    def __init__(self, data=None, *, units, today: date, **kwargs):
        super().__init__(data, auto_id="loc_%s", **kwargs)
        self.today = today
        self.fields["don_vi"].choices = unit_choices(units)
        self.fields["ky"].choices = period_choices(today)
        self.is_valid()

    def value(self, name):
        if not self.is_bound or name in self.errors:
            return None
        return self.cleaned_data.get(name)

    def window(self) -> periods.Window:
        basis = self.value("co_so") or periods.Basis.CUTOFF
        label = self.value("ky")
        if label:
            return periods.window(label, basis)
        return periods.period_containing("quarter", self.today, basis)


class RatingResultsForm(PeriodForm):
    theo = forms.ChoiceField(
        label="Tổng hợp theo",
        required=False,
        choices=[
            ("unit", "Đơn vị"),
            ("received_by", "Công chức tiếp nhận hồ sơ"),
            ("returned_by", "Công chức trả kết quả"),
        ],
    )


# -- ratings --------------------------------------------------------------------------------

SATISFACTION_CHOICES = [(s.value, s.label) for s in Satisfaction]


class RatingForm(forms.Form):
    """The applicant's answers: the indicators the system does not know (radio 2/1/0) and
    the two satisfaction questions; an optional comment."""

    def __init__(self, data=None, *, asked: tuple[indicators.Indicator, ...], **kwargs):
        super().__init__(data, **kwargs)
        for indicator in asked:
            self.fields[f"i{indicator.number}"] = forms.TypedChoiceField(
                label=f"{indicator.number}. {indicator.question}",
                choices=list(zip(indicators.SCORES, indicator.options, strict=True)),
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": "Vui lòng chọn một câu trả lời."},
            )
        for name, question in indicators.SATISFACTION_QUESTIONS:
            self.fields[name] = forms.TypedChoiceField(
                label=question,
                choices=SATISFACTION_CHOICES,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": "Vui lòng chọn mức độ hài lòng."},
            )
        self.fields["comment"] = forms.CharField(
            label="Góp ý thêm (không bắt buộc; xin đừng ghi thông tin cá nhân)",
            required=False,
            max_length=2000,
            widget=forms.Textarea(attrs={"rows": 3}),
        )
        self.asked = asked

    def indicator_fields(self):
        return [self[f"i{i.number}"] for i in self.asked]

    def satisfaction_fields(self):
        return [self[name] for name, _ in indicators.SATISFACTION_QUESTIONS]

    def values(self) -> dict:
        data = self.cleaned_data
        return {
            "answers": {i.number: data.get(f"i{i.number}") for i in self.asked},
            "staff_satisfaction": data.get("staff_satisfaction"),
            "result_satisfaction": data.get("result_satisfaction"),
            "comment": data.get("comment", ""),
        }


class KioskForm(forms.Form):
    code = forms.CharField(
        label="Mã hồ sơ",
        max_length=60,
        help_text="In trên Giấy tiếp nhận hồ sơ và hẹn trả kết quả.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )
    check = forms.CharField(
        label="4 số cuối số điện thoại hoặc số định danh cá nhân của người nộp",
        max_length=4,
        min_length=4,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "off", "pattern": "[0-9]{4}"}
        ),
        error_messages={"min_length": "Vui lòng nhập đủ 4 chữ số."},
    )


class PaperLookupForm(forms.Form):
    ma = forms.CharField(label="Mã hồ sơ trên phiếu", max_length=60)


# -- surveys --------------------------------------------------------------------------------


class SurveyForm(forms.Form):
    title = forms.CharField(label="Tên cuộc khảo sát", max_length=255)
    description = forms.CharField(
        label="Lời giới thiệu", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    starts_on = DayField(label="Từ ngày")
    ends_on = DayField(label="Đến ngày")
    template = forms.ChoiceField(
        label="Bộ câu hỏi",
        required=False,
        choices=[(key, label) for key, (label, _) in TEMPLATES.items()],
    )


class ResultsPeriodForm(forms.Form):
    """A part of a campaign to count (both days inclusive); bad values are ignored."""

    tu_ngay = DayField(label="Từ ngày", required=False)
    den_ngay = DayField(label="Đến ngày", required=False)

    def __init__(self, data=None, **kwargs):
        super().__init__(data, auto_id="loc_%s", **kwargs)
        self.is_valid()

    def value(self, name):
        if not self.is_bound or name in self.errors:
            return None
        return self.cleaned_data.get(name)


class QuestionForm(RevisionMixin, forms.Form):
    text = forms.CharField(label="Câu hỏi", max_length=500)
    kind = forms.ChoiceField(label="Loại câu hỏi", choices=QuestionKind.choices)
    options = forms.CharField(
        label="Các phương án (mỗi dòng một phương án; chỉ cho câu hỏi chọn phương án)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    required = forms.BooleanField(label="Bắt buộc trả lời", required=False, initial=True)

    def __init__(self, data=None, *, revision=None, **kwargs):
        super().__init__(data, **kwargs)
        self.add_revision(revision)

    def values(self) -> dict:
        data = self.cleaned_data
        return {
            "text": data["text"],
            "kind": data["kind"],
            "options": (data.get("options") or "").splitlines(),
            "required": data.get("required", False),
        }


class SurveyAnswerForm(forms.Form):
    """One field per question (`q<id>`), and the date on the form for paper answers."""

    def __init__(self, data=None, *, questions, paper: bool = False, **kwargs):
        super().__init__(data, **kwargs)
        if paper:
            self.fields["answered_on"] = DayField(label="Ngày trên phiếu")
        for q in questions:
            name = f"q{q.pk}"
            label = f"{q.order}. {q.text}"
            if q.kind == QuestionKind.TEXT:
                self.fields[name] = forms.CharField(
                    label=label,
                    required=False,
                    max_length=2000,
                    widget=forms.Textarea(attrs={"rows": 3}),
                )
            else:
                self.fields[name] = forms.ChoiceField(
                    label=label, required=False, choices=q.choices, widget=forms.RadioSelect
                )
        self.questions = list(questions)

    def answers(self) -> dict:
        return {q.pk: self.cleaned_data.get(f"q{q.pk}") for q in self.questions}


# -- feedback (PAKN) ------------------------------------------------------------------------


def _procedure(code: str) -> Procedure | None:
    code = (code or "").strip()
    if not code:
        return None
    found = Procedure.objects.filter(code__iexact=code).first()
    if found is None:
        raise forms.ValidationError("Không tìm thấy thủ tục có mã này trong danh mục.")
    return found


class _FeedbackFields(forms.Form):
    content = forms.ChoiceField(
        label="Nội dung phản ánh, kiến nghị",
        choices=FeedbackContent.choices,
        widget=forms.RadioSelect,
    )
    subject = forms.CharField(label="Tiêu đề", max_length=255)
    body = forms.CharField(
        label="Nội dung", max_length=5000, widget=forms.Textarea(attrs={"rows": 6})
    )
    procedure_code = forms.CharField(
        label="Mã thủ tục hành chính liên quan (nếu có)", required=False, max_length=60
    )
    sender_name = forms.CharField(label="Họ và tên", max_length=255)
    sender_phone = forms.CharField(label="Số điện thoại", required=False, max_length=40)
    sender_email = forms.EmailField(label="Thư điện tử", required=False)
    sender_address = forms.CharField(label="Địa chỉ", required=False, max_length=500)

    def clean_procedure_code(self):
        return _procedure(self.cleaned_data.get("procedure_code", ""))

    def sender(self) -> dict:
        data = self.cleaned_data
        return {
            "content": data["content"],
            "subject": data["subject"],
            "body": data["body"],
            "procedure": data.get("procedure_code"),
            "sender_name": data["sender_name"],
            "sender_phone": data.get("sender_phone", ""),
            "sender_email": data.get("sender_email", ""),
            "sender_address": data.get("sender_address", ""),
        }


class PublicFeedbackForm(_FeedbackFields):
    unit = forms.TypedChoiceField(label="Gửi đến cơ quan, đơn vị", coerce=int)
    dossier_code = forms.CharField(
        label="Mã hồ sơ liên quan (nếu có)", required=False, max_length=60
    )
    dossier_check = forms.CharField(
        label="4 số cuối số điện thoại hoặc số định danh của người nộp hồ sơ (khi có mã hồ sơ)",
        required=False,
        max_length=4,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    field_order = [
        "unit",
        "content",
        "subject",
        "body",
        "procedure_code",
        "dossier_code",
        "dossier_check",
    ]

    def __init__(self, data=None, *, units, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["unit"].choices = [("", "— Chọn cơ quan, đơn vị —")] + [
            (u.pk, u.name) for u in units
        ]
        self.fields[
            "sender_phone"
        ].help_text = "Để lại số điện thoại hoặc thư điện tử để cơ quan liên hệ khi cần."


class StaffFeedbackForm(_FeedbackFields):
    unit = forms.TypedChoiceField(label="Đơn vị tiếp nhận", coerce=int)
    channel = forms.ChoiceField(
        label="Kênh tiếp nhận",
        choices=[(c.value, c.label) for c in FeedbackChannel if c != FeedbackChannel.ONLINE],
    )
    dossier_code = forms.CharField(
        label="Mã hồ sơ liên quan (nếu có)", required=False, max_length=60
    )
    field_order = ["unit", "channel", "content", "subject", "body", "procedure_code"]

    def __init__(self, data=None, *, units, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["unit"].choices = unit_choices(units)


class RouteForm(RevisionMixin, forms.Form):
    office = forms.TypedChoiceField(label="Chuyển đến phòng, ban xử lý", coerce=int)
    content = forms.ChoiceField(label="Phân loại nội dung", choices=FeedbackContent.choices)
    procedure_code = forms.CharField(
        label="Mã thủ tục hành chính liên quan (nếu có)", required=False, max_length=60
    )
    note = forms.CharField(
        label="Ý kiến chỉ đạo, ghi chú", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, data=None, *, offices, revision=None, **kwargs):
        super().__init__(data, **kwargs)
        self.offices = {o.pk: o for o in offices}
        self.fields["office"].choices = [("", "— Chọn phòng, ban —")] + [
            (o.pk, f"{o.name} – {o.unit.name}") for o in offices
        ]
        self.add_revision(revision)

    def clean_procedure_code(self):
        return _procedure(self.cleaned_data.get("procedure_code", ""))

    def values(self) -> dict:
        office: Office = self.offices[self.cleaned_data["office"]]
        return {
            "unit": office.unit,
            "office": office,
            "content": self.cleaned_data["content"],
            "procedure": self.cleaned_data.get("procedure_code"),
            "note": self.cleaned_data.get("note", ""),
        }


class AnswerForm(RevisionMixin, forms.Form):
    text = forms.CharField(
        label="Nội dung trả lời", max_length=5000, widget=forms.Textarea(attrs={"rows": 6})
    )
    unfounded = forms.BooleanField(
        label="Qua xác minh, phản ánh không đúng sự thật", required=False
    )

    def __init__(self, data=None, *, revision=None, **kwargs):
        super().__init__(data, **kwargs)
        self.add_revision(revision)


class PublishForm(RevisionMixin, forms.Form):
    public_question = forms.CharField(
        label="Nội dung phản ánh, kiến nghị được công khai",
        help_text="Viết lại nếu cần để không còn họ tên, địa chỉ, số điện thoại hay thông tin "
        "cá nhân nào; người gửi không bao giờ được hiển thị.",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, data=None, *, revision=None, **kwargs):
        super().__init__(data, **kwargs)
        self.add_revision(revision)


class RevisionOnlyForm(RevisionMixin, forms.Form):
    def __init__(self, data=None, *, revision=None, **kwargs):
        super().__init__(data, **kwargs)
        self.add_revision(revision)


class FollowForm(forms.Form):
    code = forms.CharField(
        label="Mã phản ánh, kiến nghị",
        max_length=30,
        help_text="Mã nhận được khi gửi, dạng PA-260302-XXXXXXXX.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )


class InboxFilterForm(forms.Form):
    don_vi = forms.TypedChoiceField(label="Đơn vị", coerce=int, required=False, empty_value=None)
    tinh_trang = forms.ChoiceField(label="Tình trạng", required=False)
    qua_han = forms.BooleanField(label="Chỉ phản ánh quá hạn trả lời", required=False)

    def __init__(self, data=None, *, units, **kwargs):
        from .models import FeedbackStatus

        super().__init__(data, auto_id="loc_%s", **kwargs)
        self.fields["don_vi"].choices = unit_choices(units, blank="Tất cả đơn vị")
        self.fields["tinh_trang"].choices = [("", "Tất cả")] + FeedbackStatus.choices
        self.is_valid()

    def value(self, name):
        if not self.is_bound or name in self.errors:
            return None
        return self.cleaned_data.get(name)


__all__ = ["Unit"]

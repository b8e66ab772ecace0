"""Forms of the desk's intake page (Tiếp nhận hồ sơ) and the service call each outcome leads to.

One page, three outcomes (the submit button's `outcome`): accept (`services.accept_at_desk`),
incomplete (`services.record_incomplete`, Mẫu 02) and refuse (`services.refuse_at_intake`,
Mẫu 03). The forms check only what was typed; the services decide, and their
`ValidationError`s are put back next to the field they name (`IntakeSubmission.show`).
Accepting passes the mandatory components of the version in force (from the catalogue, not
from the posted rows); when one is not ticked the service refuses, the message goes next to
the components table and the missing ones are pre-filled for "Chưa đủ – yêu cầu bổ sung".
"""

from django import forms
from django.core.exceptions import ValidationError

from cchc.catalog.models import Procedure

from . import queries, services
from .action_forms import MISSING_REQUIRED, non_blank_lines
from .models import ApplicantKind, Channel, ComponentForm, ReturnChannel

ACCEPT, INCOMPLETE, REFUSE = "accept", "incomplete", "refuse"
OUTCOMES = {
    ACCEPT: "Tiếp nhận",
    INCOMPLETE: "Chưa đủ – yêu cầu bổ sung",
    REFUSE: "Từ chối tiếp nhận",
}
FREE_ROWS = 3  # blank component lines for papers not on the list
NAME_REQUIRED = "Vui lòng nhập tên tổ chức, cá nhân nộp hồ sơ."
REASON_REQUIRED = "Vui lòng nhập lý do từ chối tiếp nhận."
UNIT_REFUSED = "Bạn không có quyền tiếp nhận hồ sơ tại đơn vị này."
# Keys of the services' error dicts that are not a field of the form under the same name.
SERVICE_FIELDS = {"note": "reason"}
COMPONENTS = "components"  # the service's key for a missing mandatory component


class ProcedureSearchForm(forms.Form):
    """Step one (GET): the receiving unit and the text to find the procedure by."""

    don_vi = forms.ModelChoiceField(
        label="Đơn vị tiếp nhận", queryset=None, required=False, empty_label=None
    )
    q = forms.CharField(label="Tên hoặc mã thủ tục", required=False, max_length=200)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["don_vi"].queryset = units

    def unit(self):
        """The chosen unit; the first desk when none (or one not the user's) was chosen."""
        self.is_valid()
        return self.cleaned_data.get("don_vi") or self.fields["don_vi"].queryset.first()

    def text(self) -> str:
        self.is_valid()
        return (self.cleaned_data.get("q") or "").strip()


class IntakeForm(forms.Form):
    unit = forms.ModelChoiceField(
        label="Đơn vị tiếp nhận",
        queryset=None,
        empty_label=None,
        error_messages={"required": UNIT_REFUSED, "invalid_choice": UNIT_REFUSED},
    )
    procedure = forms.ModelChoiceField(
        label="Thủ tục hành chính",
        queryset=Procedure.objects.all(),
        widget=forms.HiddenInput,
        error_messages={
            "required": "Vui lòng chọn thủ tục hành chính.",
            "invalid_choice": "Không tìm thấy thủ tục đã chọn; vui lòng chọn lại.",
        },
    )
    applicant_kind = forms.ChoiceField(
        label="Người nộp là",
        choices=ApplicantKind.choices,
        initial=ApplicantKind.PERSON,
        widget=forms.RadioSelect,
        error_messages={"required": "Vui lòng chọn cá nhân hoặc tổ chức."},
    )
    applicant_name = forms.CharField(
        label="Tên tổ chức, cá nhân nộp hồ sơ",
        max_length=255,
        error_messages={"required": NAME_REQUIRED},
    )
    applicant_id_number = forms.CharField(
        label="Số định danh cá nhân, mã số doanh nghiệp hoặc giấy tờ",
        max_length=40,
        required=False,
    )
    applicant_phone = forms.CharField(label="Số điện thoại", max_length=40, required=False)
    applicant_email = forms.EmailField(
        label="Thư điện tử",
        required=False,
        error_messages={"invalid": "Địa chỉ thư điện tử không hợp lệ."},
    )
    applicant_address = forms.CharField(label="Địa chỉ", max_length=500, required=False)
    representative_name = forms.CharField(
        label="Người được ủy quyền (nếu có)", max_length=255, required=False
    )
    representative_id_number = forms.CharField(
        label="Số định danh người được ủy quyền", max_length=40, required=False
    )
    request = forms.CharField(
        label="Nội dung yêu cầu giải quyết",
        required=False,
        help_text="Để trống thì ghi theo tên thủ tục.",
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    channel = forms.TypedChoiceField(
        label="Hình thức nộp hồ sơ",
        choices=[(c.value, c.label) for c in (Channel.COUNTER, Channel.POSTAL)],
        coerce=int,
        initial=Channel.COUNTER,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Vui lòng chọn hình thức nộp hồ sơ.",
            "invalid_choice": "Vui lòng chọn hình thức nộp hồ sơ.",
        },
    )
    return_channel = forms.ChoiceField(
        label="Nơi nhận kết quả",
        choices=ReturnChannel.choices,
        initial=ReturnChannel.DESK,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Vui lòng chọn nơi nhận kết quả.",
            "invalid_choice": "Vui lòng chọn nơi nhận kết quả.",
        },
    )
    missing = forms.CharField(
        label="Giấy tờ, nội dung cần bổ sung, hoàn thiện (mỗi dòng một mục)",
        required=False,
        help_text="Bắt buộc khi chọn “Chưa đủ – yêu cầu bổ sung”.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    reason = forms.CharField(
        label="Lý do từ chối tiếp nhận",
        required=False,
        help_text="Bắt buộc khi chọn “Từ chối tiếp nhận”.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    outcome = forms.ChoiceField(
        label="Kết quả tiếp nhận",
        choices=list(OUTCOMES.items()),
        error_messages={
            "required": "Vui lòng chọn Tiếp nhận, Chưa đủ hoặc Từ chối tiếp nhận.",
            "invalid_choice": "Vui lòng chọn Tiếp nhận, Chưa đủ hoặc Từ chối tiếp nhận.",
        },
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units

    def clean_missing(self):
        return non_blank_lines(self.cleaned_data.get("missing", ""))

    def clean_reason(self):
        return (self.cleaned_data.get("reason") or "").strip()

    def clean(self):
        data = super().clean()
        outcome = data.get("outcome")
        if outcome == INCOMPLETE and not data.get("missing") and "missing" not in self.errors:
            self.add_error("missing", MISSING_REQUIRED)
        if outcome == REFUSE and not data.get("reason") and "reason" not in self.errors:
            self.add_error("reason", REASON_REQUIRED)
        return data

    def applicant(self) -> services.Applicant:
        d = self.cleaned_data
        return services.Applicant(
            name=d["applicant_name"],
            kind=d["applicant_kind"],
            id_number=d["applicant_id_number"],
            phone=d["applicant_phone"],
            email=d["applicant_email"],
            address=d["applicant_address"],
            representative_name=d["representative_name"],
            representative_id_number=d["representative_id_number"],
        )


class ComponentRowForm(forms.Form):
    """One line of the components table: a listed paper (ticked when submitted) or a free line."""

    listed = forms.BooleanField(required=False, widget=forms.HiddenInput)
    # Only shown ("(bắt buộc)"); the rule reads the catalogue, not this posted flag.
    mandatory = forms.BooleanField(required=False, widget=forms.HiddenInput)
    submitted = forms.BooleanField(label="Có nộp", required=False)
    name = forms.CharField(label="Tên giấy tờ", max_length=500, required=False)
    sets = forms.IntegerField(
        label="Số bộ",
        min_value=1,
        max_value=99,
        initial=1,
        required=False,
        error_messages={
            "invalid": "Số bộ phải là một số nguyên.",
            "min_value": "Số bộ phải từ 1 trở lên.",
            "max_value": "Số bộ không quá 99.",
        },
        widget=forms.NumberInput(attrs={"style": "width:5em"}),
    )
    kind = forms.ChoiceField(
        label="Loại bản",
        choices=ComponentForm.choices,
        initial=ComponentForm.ORIGINAL,
        error_messages={"invalid_choice": "Vui lòng chọn loại bản."},
    )
    digitised = forms.BooleanField(label="Đã số hóa", required=False)

    @property
    def is_listed(self) -> bool:
        """A line of the procedure's list (its name is shown, not typed)."""
        return self.fields["listed"].to_python(self["listed"].value())

    @property
    def is_mandatory(self) -> bool:
        return self.fields["mandatory"].to_python(self["mandatory"].value())

    def component(self) -> services.ComponentInput | None:
        """The component this line stands for, or None (an unticked listed or an empty line)."""
        d = self.cleaned_data
        name = (d.get("name") or "").strip()
        if not name or (d.get("listed") and not d.get("submitted")):
            return None
        return services.ComponentInput(
            name=name, sets=d.get("sets") or 1, form=d["kind"], digitised=d["digitised"]
        )


ComponentFormSet = forms.formset_factory(ComponentRowForm, extra=0)


class IntakeSubmission:
    """The intake form and its components table, validated and run together."""

    def __init__(self, user, units, data=None, *, unit=None, procedure=None, listed=()):
        self.user = user
        initial = {"unit": unit, "procedure": procedure}
        self.form = IntakeForm(data, units=units, initial=initial)
        rows = [
            {
                "listed": True,
                "mandatory": c.mandatory,
                "name": c.name,
                "sets": c.sets,
                "kind": c.form,
            }
            for c in listed
        ]
        rows += [{"listed": False} for _ in range(FREE_ROWS)]
        self.components = ComponentFormSet(
            data, initial=None if data is not None else rows, prefix="tp"
        )
        self.components_errors: list[str] = []
        self.procedure = procedure
        self.required: list[str] = []

    def is_valid(self) -> bool:
        valid = self.form.is_valid()
        if self.form.cleaned_data.get("procedure") is not None:
            self.procedure = self.form.cleaned_data["procedure"]
        # The components only matter when the dossier is accepted.
        if self.form.cleaned_data.get("outcome") in (INCOMPLETE, REFUSE):
            return valid
        return self.components.is_valid() and valid

    @property
    def outcome(self) -> str:
        return self.form.cleaned_data["outcome"]

    def component_inputs(self) -> list[services.ComponentInput]:
        found = (row.component() for row in self.components.forms if row.cleaned_data)
        return [c for c in found if c is not None]

    def run(self):
        """Call the outcome's service: the new Dossier (accept) or the IntakeRecord."""
        d = self.form.cleaned_data
        args = (self.user, d["unit"], d["procedure"], self.form.applicant())
        if self.outcome == ACCEPT:
            components = self.component_inputs()
            self.required = queries.mandatory_components(d["procedure"])
            return services.accept_at_desk(
                *args,
                components,
                channel=d["channel"],
                return_channel=d["return_channel"],
                request=d["request"],
                digitised=bool(components) and all(c.digitised for c in components),
                required_components=self.required,
            )
        if self.outcome == INCOMPLETE:
            return services.record_incomplete(
                *args, d["missing"], channel=d["channel"], request=d["request"]
            )
        return services.refuse_at_intake(
            *args, d["reason"], channel=d["channel"], request=d["request"]
        )

    def show(self, error: ValidationError) -> None:
        """Put a service's refusal next to the field it names; the rest above the form."""
        if not hasattr(error, "error_dict"):
            self.form.add_error(None, error.messages)
            return
        for key, errors in error.error_dict.items():
            field = SERVICE_FIELDS.get(key, key)
            messages = ValidationError(errors).messages
            if key == COMPONENTS:
                self.components_errors += messages
                self._prefill_missing()
                continue
            self.form.add_error(field if field in self.form.fields else None, messages)

    def _prefill_missing(self) -> None:
        """Offer the missing mandatory components as the list of "Chưa đủ – yêu cầu bổ sung"."""
        typed = self.form.cleaned_data.get("missing") or []
        missing = services.missing_components(self.required, self.component_inputs())
        self.form.data = self.form.data.copy()
        self.form.data["missing"] = "\n".join(typed + [m for m in missing if m not in typed])

"""Forms of the dossier page's action panel: one small form per action, each with the
hidden `revision` the page showed, and the service call it leads to (`run_action`).

Which forms appear is decided by `actions.available_actions` (the transition table and
`ACTION_ROLES`); the forms only check what was typed.
"""

from django import forms
from django.contrib.auth import get_user_model

from cchc.units.models import Unit
from cchc.units.permissions import visible_units
from cchc.workcal.duration import Duration

from . import printing, services
from .actions import available_actions, may_attach
from .models import HistoryAction, ReturnChannel

A = HistoryAction
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"]
REASON_REQUIRED = "Vui lòng nhập lý do."
MISSING_REQUIRED = "Vui lòng nhập nội dung cần bổ sung, hoàn thiện (mỗi dòng một mục)."

# After these actions the page offers the form to print (printing.FORM_LABELS keys).
PRINT_AFTER = {A.REQUEST_SUPPLEMENT: "02", A.EXTEND: "04", A.STOP: "05"}
PRINT_PARAM = "in_mau"


class ActionForm(forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(
        label="Ghi chú", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, dossier, user, **kwargs):
        self.dossier = dossier
        self.user = user
        super().__init__(*args, **kwargs)
        if "note" in self.fields:  # the optional note comes after the action's own fields
            self.fields["note"] = self.fields.pop("note")


class ReasonForm(ActionForm):
    note = None
    reason = forms.CharField(
        label="Lý do",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": REASON_REQUIRED},
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(REASON_REQUIRED)
        return reason


def non_blank_lines(text: str) -> list[str]:
    """One item a line, as officers type lists of missing papers."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class MissingForm(ActionForm):
    note = None
    missing = forms.CharField(
        label="Nội dung cần bổ sung, hoàn thiện (mỗi dòng một mục)",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": MISSING_REQUIRED},
    )

    def clean_missing(self):
        items = non_blank_lines(self.cleaned_data["missing"])
        if not items:
            raise forms.ValidationError(MISSING_REQUIRED)
        return items


class AssignForm(ActionForm):
    assignee = forms.ModelChoiceField(
        label="Người được phân công",
        queryset=get_user_model().objects.none(),
        error_messages={"required": "Vui lòng chọn người được phân công."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        step = self.dossier.current_step
        unit = step.unit if step is not None else self.dossier.unit
        self.fields["assignee"].queryset = (
            get_user_model()
            .objects.filter(role_grants__unit=unit, is_active=True)
            .distinct()
            .order_by("username")
        )


class ForwardToUnitForm(ActionForm):
    target_unit = forms.ModelChoiceField(
        label="Đơn vị nhận liên thông",
        queryset=Unit.objects.none(),
        error_messages={"required": "Vui lòng chọn đơn vị nhận hồ sơ liên thông."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        step = self.dossier.current_step
        current = step.unit_id if step is not None else self.dossier.handling_unit_id
        self.fields["target_unit"].queryset = (
            visible_units(self.user).exclude(pk=current).order_by("name")
        )


class ExtendForm(ReasonForm):
    extra = forms.CharField(
        label="Thời gian gia hạn (ngày làm việc, ví dụ 2d)", required=False, max_length=20
    )
    new_due_at = forms.DateTimeField(
        label="Hoặc ngày hẹn trả kết quả mới",
        required=False,
        input_formats=DATETIME_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMATS[0]),
    )

    def clean_extra(self):
        extra = self.cleaned_data["extra"].strip()
        if extra:
            try:
                Duration.parse(extra)
            except ValueError as exc:
                raise forms.ValidationError(str(exc)) from exc
        return extra

    def clean(self):
        data = super().clean()
        if not data.get("extra") and not data.get("new_due_at") and "extra" not in self.errors:
            self.add_error(
                "new_due_at",
                "Vui lòng nhập thời gian gia hạn hoặc ngày hẹn trả kết quả mới.",
            )
        return data


class ReturnForm(ActionForm):
    via = forms.ChoiceField(
        label="Hình thức trả kết quả",
        choices=ReturnChannel.choices,
        error_messages={"required": "Vui lòng chọn hình thức trả kết quả."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["via"].initial = self.dossier.return_channel


class ResultReadyForm(ActionForm):
    e_result = forms.BooleanField(label="Có kết quả điện tử", required=False)


class RecordPaymentForm(ActionForm):
    online = forms.BooleanField(label="Thanh toán trực tuyến", required=False)


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Tệp (PDF, JPG, PNG, DOCX, XLSX)",
        error_messages={"required": "Vui lòng chọn tệp để tải lên."},
    )
    component = forms.ModelChoiceField(
        label="Thuộc thành phần hồ sơ", queryset=None, required=False
    )

    def __init__(self, *args, dossier, **kwargs):
        self.dossier = dossier
        super().__init__(*args, **kwargs)
        self.fields["component"].queryset = dossier.components.order_by("order", "id")


S = services


def _note(data):
    return {"note": data.get("note") or ""}


# action → (form class, success message, service call)
ACTIONS = {
    A.ACCEPT: (
        ActionForm,
        "Đã tiếp nhận hồ sơ trực tuyến.",
        lambda u, d, f, r: S.accept_online(u, d, expected_revision=r),
    ),
    A.REFUSE_INTAKE: (
        ReasonForm,
        "Đã từ chối tiếp nhận hồ sơ.",
        lambda u, d, f, r: S.refuse_online(u, d, f["reason"], expected_revision=r),
    ),
    A.INTAKE_INCOMPLETE: (
        MissingForm,
        "Đã yêu cầu bổ sung, hoàn thiện hồ sơ trực tuyến.",
        lambda u, d, f, r: S.online_incomplete(u, d, f["missing"], expected_revision=r),
    ),
    A.START: (
        ActionForm,
        "Đã chuyển hồ sơ để xử lý.",
        lambda u, d, f, r: S.start_processing(u, d, expected_revision=r, **_note(f)),
    ),
    A.ASSIGN: (
        AssignForm,
        "Đã phân công xử lý hồ sơ.",
        lambda u, d, f, r: S.assign(u, d, f["assignee"], expected_revision=r, **_note(f)),
    ),
    A.FORWARD: (
        ActionForm,
        "Đã chuyển hồ sơ sang bước tiếp theo.",
        lambda u, d, f, r: S.forward(u, d, expected_revision=r, **_note(f)),
    ),
    A.SEND_BACK: (
        ReasonForm,
        "Đã trả hồ sơ về bước trước.",
        lambda u, d, f, r: S.send_back(u, d, f["reason"], expected_revision=r),
    ),
    A.FORWARD_TO_UNIT: (
        ForwardToUnitForm,
        "Đã chuyển hồ sơ liên thông.",
        lambda u, d, f, r: S.forward_to_unit(
            u, d, f["target_unit"], expected_revision=r, **_note(f)
        ),
    ),
    A.APPROVE: (
        ActionForm,
        "Đã phê duyệt hồ sơ.",
        lambda u, d, f, r: S.approve(u, d, expected_revision=r, **_note(f)),
    ),
    A.REQUEST_SUPPLEMENT: (
        MissingForm,
        "Đã yêu cầu bổ sung hồ sơ; thời gian giải quyết tạm dừng.",
        lambda u, d, f, r: S.request_supplement(u, d, "\n".join(f["missing"]), expected_revision=r),
    ),
    A.RECEIVE_SUPPLEMENT: (
        ActionForm,
        "Đã nhận hồ sơ bổ sung; hạn giải quyết đã được tính lại.",
        lambda u, d, f, r: S.receive_supplement(u, d, expected_revision=r, **_note(f)),
    ),
    A.REQUEST_PAYMENT: (
        ActionForm,
        "Đã yêu cầu thực hiện nghĩa vụ tài chính; thời gian giải quyết tạm dừng.",
        lambda u, d, f, r: S.request_payment(u, d, expected_revision=r, **_note(f)),
    ),
    A.RECORD_PAYMENT: (
        RecordPaymentForm,
        "Đã ghi nhận hoàn thành nghĩa vụ tài chính.",
        lambda u, d, f, r: S.record_payment(
            u, d, online=f["online"], expected_revision=r, **_note(f)
        ),
    ),
    A.EXTEND: (
        ExtendForm,
        "Đã gia hạn và hẹn lại ngày trả kết quả.",
        lambda u, d, f, r: S.extend(
            u,
            d,
            f["reason"],
            new_due_at=f.get("new_due_at"),
            extra=f.get("extra") or None,
            expected_revision=r,
        ),
    ),
    A.REFUSE: (
        ReasonForm,
        "Đã từ chối giải quyết hồ sơ.",
        lambda u, d, f, r: S.refuse(u, d, f["reason"], expected_revision=r),
    ),
    A.WITHDRAW: (
        ReasonForm,
        "Đã ghi nhận rút hồ sơ.",
        lambda u, d, f, r: S.withdraw(u, d, f["reason"], expected_revision=r),
    ),
    A.STOP: (
        ReasonForm,
        "Đã dừng giải quyết hồ sơ.",
        lambda u, d, f, r: S.stop(u, d, f["reason"], expected_revision=r),
    ),
    A.RESULT_READY: (
        ResultReadyForm,
        "Đã chuyển hồ sơ sang trạng thái đã có kết quả.",
        lambda u, d, f, r: S.mark_result_ready(
            u, d, e_result=f["e_result"], expected_revision=r, **_note(f)
        ),
    ),
    A.RETURN: (
        ReturnForm,
        "Đã trả kết quả; hồ sơ đã kết thúc.",
        lambda u, d, f, r: S.return_result(u, d, via=f["via"], expected_revision=r, **_note(f)),
    ),
}


def action_form(action: str, dossier, user, data=None) -> ActionForm:
    form_class = ACTIONS[action][0]
    return form_class(
        data,
        dossier=dossier,
        user=user,
        initial={"revision": dossier.revision},
        auto_id=f"id_{action}_%s",
    )


def run_action(action: str, user, dossier, form: ActionForm):
    _form, message, call = ACTIONS[action]
    call(user, dossier, form.cleaned_data, form.cleaned_data["revision"])
    return message


def build_panel(request, dossier, bound=None, upload=None) -> dict:
    """The action panel's context: the forms of the actions the user may take now.

    `bound` is (action, form) of a refused submission, shown again with what was typed."""
    user = request.user
    rows = []
    for action in available_actions(user, dossier):
        if action not in ACTIONS:
            continue
        if bound is not None and bound[0] == action:
            form, is_open = bound[1], True
        else:
            form, is_open = action_form(action, dossier, user), False
        rows.append({"action": action, "label": A(action).label, "form": form, "open": is_open})
    if upload is None and may_attach(user, dossier):
        upload = UploadForm(dossier=dossier, auto_id="id_upload_%s")
    key = request.GET.get(PRINT_PARAM, "")
    print_hint = None
    if key in PRINT_AFTER.values() and key in printing.available_forms(dossier):
        print_hint = (key, printing.FORM_LABELS[key])
    return {"actions": rows, "upload": upload, "print_hint": print_hint}

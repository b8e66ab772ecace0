"""Forms of the emulation pages: they parse what was typed (Vietnamese decimals "1,5",
dates); `emulation_services` decides and refuses (maximum points, units, sources…).
Plain forms, so a refused save never touches the objects they were built from."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import forms

from .models import AwardKind, Movement, MovementReport

DATE_WIDGET = {"widget": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


def parse_decimal(raw: str) -> Decimal | None:
    """ "1,5" or "1.5" → Decimal("1.5"); "" → None; anything else raises ValueError."""
    text = (raw or "").strip().replace(" ", "")
    if not text:
        return None
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    try:
        value = Decimal(text)
    except InvalidOperation as exc:
        raise ValueError(f"“{raw}” không phải là số.") from exc
    if not value.is_finite():
        raise ValueError(f"“{raw}” không phải là số.")
    return value


class DecimalText(forms.CharField):
    """A number typed the Vietnamese way; the range is the service's business."""

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"inputmode": "decimal", "maxlength": 20})
        )
        super().__init__(**kwargs)

    def to_python(self, value):
        text = super().to_python(value)
        if len(text) > 20:
            raise forms.ValidationError(f"“{text[:20]}…” không phải là số.")
        try:
            return parse_decimal(text)
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from exc


class RevisionForm(forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class MovementForm(RevisionForm):
    organiser = forms.IntegerField(label="Đơn vị phát động", widget=forms.Select)
    name = forms.CharField(label="Tên phong trào", max_length=500)
    year = forms.IntegerField(label="Năm", min_value=2000, max_value=2100)
    plan_number = forms.CharField(
        label="Kế hoạch phát động số", max_length=60, help_text="Ví dụ 30/KH-UBND."
    )
    plan_date = forms.DateField(label="Ngày ban hành kế hoạch", **DATE_WIDGET)
    starts_on = forms.DateField(label="Thực hiện từ ngày", **DATE_WIDGET)
    ends_on = forms.DateField(label="Đến ngày", **DATE_WIDGET)
    goals = forms.CharField(
        label="Mục đích, yêu cầu", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, data=None, *, units=None, movement: Movement | None = None):
        initial = {"revision": 0}
        if movement is not None:
            initial = {name: getattr(movement, name) for name in self.data_fields()}
            initial["revision"] = movement.revision
        super().__init__(data, initial=initial)
        if movement is not None or units is None:
            del self.fields["organiser"]  # the organiser of a movement does not change
        else:
            self.fields["organiser"].widget.choices = [(u.pk, u.name) for u in units]

    @staticmethod
    def data_fields() -> tuple[str, ...]:
        return ("name", "year", "plan_number", "plan_date", "starts_on", "ends_on", "goals")

    def movement_data(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in self.data_fields()}


class ParticipantForm(RevisionForm):
    unit = forms.IntegerField(label="Đơn vị tham gia", widget=forms.Select, required=False)
    cluster = forms.CharField(label="Cụm, khối thi đua", max_length=200, required=False)
    registered_on = forms.DateField(label="Ngày đăng ký thi đua", required=False, **DATE_WIDGET)
    pledge_signed_on = forms.DateField(
        label="Ngày ký giao ước thi đua", required=False, **DATE_WIDGET
    )

    def __init__(self, data=None, *, units=None, participant=None, revision=0, prefix=None):
        initial = {"revision": revision}
        if participant is not None:
            initial |= {
                "cluster": participant.cluster,
                "registered_on": participant.registered_on,
                "pledge_signed_on": participant.pledge_signed_on,
            }
        super().__init__(data, initial=initial, prefix=prefix)
        if units is None:
            del self.fields["unit"]
        else:
            self.fields["unit"].required = True
            self.fields["unit"].widget.choices = [("", "— chọn đơn vị —")] + [
                (u.pk, u.name) for u in units
            ]

    def participant_data(self) -> dict:
        return {
            name: self.cleaned_data.get(name)
            for name in ("cluster", "registered_on", "pledge_signed_on")
        }


class CriterionForm(RevisionForm):
    order = forms.IntegerField(label="Thứ tự", min_value=0, max_value=32767, initial=0)
    code = forms.CharField(label="Mã", max_length=20)
    name = forms.CharField(label="Tiêu chí thi đua", max_length=500)
    max_points = DecimalText(label="Điểm tối đa")
    source = forms.CharField(
        label="Nguồn số liệu",
        max_length=200,
        required=False,
        help_text=(
            "Để trống: chấm điểm bằng tay. index:MÃ_ĐỢT: Chỉ số CCHC của đơn vị trong đợt đánh "
            "giá × điểm tối đa ÷ 100. dossiers.on_time_rate?scope=all, dossiers.online_rate: "
            "tỷ lệ (%) trong thời gian phong trào × điểm tối đa ÷ 100."
        ),
    )

    def __init__(self, data=None, *, criterion=None, revision=0, prefix=None):
        initial = {"revision": revision}
        if criterion is not None:
            initial |= {
                "order": criterion.order,
                "code": criterion.code,
                "name": criterion.name,
                "max_points": str(criterion.max_points).replace(".", ","),
                "source": criterion.source,
            }
        super().__init__(data, initial=initial, prefix=prefix)

    def criterion_data(self) -> dict:
        return {
            name: self.cleaned_data.get(name)
            for name in ("order", "code", "name", "max_points", "source")
        }


def score_field(participant_id: int, criterion_id: int) -> str:
    return f"diem-{participant_id}-{criterion_id}"


def note_field(participant_id: int, criterion_id: int) -> str:
    return f"ghichu-{participant_id}-{criterion_id}"


class ScoresForm(RevisionForm):
    """One points field (and note) per participant and manual criterion."""

    def __init__(self, data=None, *, participants, criteria, scores, revision):
        super().__init__(data, initial={"revision": revision})
        self.cells = []
        for participant in participants:
            for criterion in criteria:
                saved = scores.get((participant.pk, criterion.pk))
                points = score_field(participant.pk, criterion.pk)
                note = note_field(participant.pk, criterion.pk)
                self.fields[points] = DecimalText(
                    label=f"Điểm tiêu chí {criterion.code} – {participant.unit.name}",
                    required=False,
                    initial=str(saved.points).replace(".", ",") if saved else "",
                )
                self.fields[note] = forms.CharField(
                    label=f"Ghi chú tiêu chí {criterion.code} – {participant.unit.name}",
                    required=False,
                    initial=saved.note if saved else "",
                )
                self.cells.append((participant.pk, criterion.pk, points, note))

    def entries(self) -> dict:
        return {
            (p, c): (self.cleaned_data.get(points), self.cleaned_data.get(note, ""))
            for p, c, points, note in self.cells
        }


class AwardForm(RevisionForm):
    kind = forms.ChoiceField(label="Hình thức khen thưởng", choices=AwardKind.choices)
    participant = forms.IntegerField(label="Tập thể", widget=forms.Select, required=False)
    individual_name = forms.CharField(label="Hoặc cá nhân", max_length=150, required=False)
    individual_position = forms.CharField(
        label="Chức vụ, đơn vị công tác (cá nhân)", max_length=255, required=False
    )
    decision_ref = forms.CharField(label="Quyết định khen thưởng", max_length=255)
    awarded_on = forms.DateField(label="Ngày khen thưởng", **DATE_WIDGET)
    reason = forms.CharField(label="Thành tích", max_length=500, required=False)

    def __init__(self, data=None, *, participants, revision=0):
        super().__init__(data, initial={"revision": revision})
        self.participants = {p.pk: p for p in participants}
        self.fields["participant"].widget.choices = [("", "— cá nhân —")] + [
            (p.pk, p.unit.name) for p in participants
        ]

    def clean_participant(self):
        value = self.cleaned_data.get("participant")
        if value is None:
            return None
        if value not in self.participants:
            raise forms.ValidationError("Tập thể này không tham gia phong trào.")
        return self.participants[value]

    def award_data(self) -> dict:
        names = (
            "kind",
            "participant",
            "individual_name",
            "individual_position",
            "decision_ref",
            "awarded_on",
            "reason",
        )
        return {name: self.cleaned_data.get(name) for name in names}


REPORT_FIELDS = (
    "number",
    "place",
    "issued_on",
    "signer_authority",
    "signer_position",
    "signer_name",
    "recipients",
    "situation",
    "leadership",
    "results",
    "next_tasks",
)


class ReportForm(RevisionForm):
    number = forms.CharField(
        label="Số văn bản",
        max_length=40,
        required=False,
        help_text="Ví dụ 138 (in “Số: 138/BC-UBND”).",
    )
    place = forms.CharField(label="Địa danh", max_length=100, required=False)
    issued_on = forms.DateField(label="Ngày ký", required=False, **DATE_WIDGET)
    signer_authority = forms.CharField(label="Thẩm quyền ký", max_length=60, required=False)
    signer_position = forms.CharField(label="Chức vụ người ký", max_length=60, required=False)
    signer_name = forms.CharField(label="Người ký", max_length=150, required=False)
    recipients = forms.CharField(
        label="Nơi nhận (mỗi dòng một nơi)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    situation = forms.CharField(
        label="I. Đặc điểm, tình hình",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    leadership = forms.CharField(
        label="II.1. Lãnh đạo, chỉ đạo thực hiện phong trào thi đua",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    results = forms.CharField(
        label="II.2. Kết quả tổ chức phong trào thi đua",
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=(
            "Số liệu giải quyết hồ sơ, bảng xếp hạng, sáng kiến, mô hình và khen thưởng được "
            "tính từ dữ liệu và in sau phần này."
        ),
    )
    next_tasks = forms.CharField(
        label="III. Nhiệm vụ, giải pháp thực hiện trong thời gian tới",
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
    )

    def __init__(self, data=None, *, report: MovementReport):
        initial = {name: getattr(report, name) for name in REPORT_FIELDS}
        initial["revision"] = report.revision if report.pk else 0
        super().__init__(data, initial=initial)

    def report_data(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in REPORT_FIELDS}

"""Forms of the assessment pages. They only parse: every rule (ranges, reasons, states,
roles) is checked by `services`, whose Vietnamese refusals name the criterion."""

from __future__ import annotations

from django import forms

from cchc.units.models import Unit

from .models import AppraisalDecision, CriteriaSet, Criterion, Part, Score
from .services import AppraisalEntry, SelfEntry

TEXTAREA = {"rows": 2, "cols": 40}


def _points_text(value) -> str:
    """Points as the officer types them: "1,67", "3"."""
    return "" if value is None else format(value.normalize(), "f").replace(".", ",")


class RevisionForm(forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput)


class _LeafForm(RevisionForm):
    """One group of fields per leaf, named `<prefix>-<criterion code>`. The fields sit in
    the rows of the scoring sheet, tied to their form by the HTML `form` attribute."""

    form_id = ""

    def __init__(self, *args, scores: list[Score], **kwargs):
        super().__init__(*args, **kwargs)
        self.scores = scores
        for score in scores:
            self.add_leaf_fields(score, score.criterion)
        for item in self.fields.values():
            item.widget.attrs["form"] = self.form_id
            if item.label:  # many leaves share the visible words "Điểm", "Lý do"
                item.widget.attrs["aria-label"] = item.label

    def add_leaf_fields(self, score: Score, leaf: Criterion) -> None:
        raise NotImplementedError

    def value(self, prefix: str, code: str, default=""):
        return self.cleaned_data.get(f"{prefix}-{code}", default)


class SelfAssessmentForm(_LeafForm):
    form_id = "self-form"

    def add_leaf_fields(self, score, leaf):
        if leaf.part != Part.SELF:
            return
        code = leaf.code
        self.fields[f"p-{code}"] = forms.CharField(
            label=f"Điểm tự chấm tiêu chí {code}",
            required=False,
            initial=_points_text(score.self_points),
            widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 5}),
        )
        self.fields[f"n-{code}"] = forms.CharField(
            label=f"Giải thích, tài liệu kiểm chứng tiêu chí {code}",
            required=False,
            initial=score.self_note,
            widget=forms.Textarea(attrs=TEXTAREA),
        )
        self.fields[f"na-{code}"] = forms.BooleanField(
            label=f"Tiêu chí {code} không áp dụng đối với đơn vị",
            required=False,
            initial=not score.applicable,
        )
        self.fields[f"nr-{code}"] = forms.CharField(
            label=f"Lý do không áp dụng tiêu chí {code}",
            required=False,
            initial=score.applicability_note,
        )
        if score.auto_points is not None:
            self.fields[f"o-{code}"] = forms.CharField(
                label=f"Lý do chấm khác điểm tính từ số liệu, tiêu chí {code}",
                required=False,
                initial=score.override_reason,
            )

    def entries(self) -> dict[str, SelfEntry]:
        found = {}
        for score in self.scores:
            code = score.criterion.code
            if f"p-{code}" not in self.fields:
                continue
            found[code] = SelfEntry(
                points=self.value("p", code),
                note=self.value("n", code),
                applicable=not self.value("na", code, False),
                applicability_note=self.value("nr", code),
                override_reason=self.value("o", code),
            )
        return found


class AppraisalForm(_LeafForm):
    form_id = "appraisal-form"

    def add_leaf_fields(self, score, leaf):
        if leaf.part != Part.SELF:
            return
        code = leaf.code
        self.fields[f"d-{code}"] = forms.ChoiceField(
            label=f"Ý kiến thẩm định tiêu chí {code}",
            required=False,
            choices=[("", "— chưa thẩm định —"), *AppraisalDecision.choices],
            initial=score.appraisal_decision,
        )
        self.fields[f"ap-{code}"] = forms.CharField(
            label=f"Điểm thẩm định tiêu chí {code}",
            required=False,
            initial=_points_text(score.appraised_points),
            widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 5}),
        )
        self.fields[f"an-{code}"] = forms.CharField(
            label=f"Lý do điều chỉnh tiêu chí {code}",
            required=False,
            initial=score.appraisal_note,
            widget=forms.Textarea(attrs=TEXTAREA),
        )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["accept_rest"] = forms.BooleanField(
            label="Thống nhất với điểm tự chấm ở mọi tiêu chí chưa có ý kiến thẩm định",
            required=False,
            widget=forms.CheckboxInput(attrs={"form": self.form_id}),
        )

    def entries(self) -> dict[str, AppraisalEntry]:
        found = {}
        accept_rest = self.cleaned_data.get("accept_rest")
        for score in self.scores:
            code = score.criterion.code
            if f"d-{code}" not in self.fields:
                continue
            decision = self.value("d", code)
            if not decision and accept_rest and not score.appraisal_decision:
                decision = AppraisalDecision.ACCEPT
            if not decision:
                continue
            found[code] = AppraisalEntry(
                decision=decision, points=self.value("ap", code), note=self.value("an", code)
            )
        return found


class ExplanationForm(_LeafForm):
    form_id = "explain-form"

    def add_leaf_fields(self, score, leaf):
        if leaf.part == Part.SELF:
            self.fields[f"e-{leaf.code}"] = forms.CharField(
                label=f"Giải trình tiêu chí {leaf.code}",
                required=False,
                initial=score.explanation,
                widget=forms.Textarea(attrs=TEXTAREA),
            )

    def explanations(self) -> dict[str, str]:
        return {
            s.criterion.code: self.value("e", s.criterion.code)
            for s in self.scores
            if f"e-{s.criterion.code}" in self.fields
        }


class OrganiserPointsForm(_LeafForm):
    form_id = "organiser-form"

    def add_leaf_fields(self, score, leaf):
        if leaf.part == Part.SELF:
            return
        self.fields[f"sp-{leaf.code}"] = forms.CharField(
            label=f"Điểm tiêu chí {leaf.code}",
            required=False,
            initial=_points_text(score.appraised_points),
            widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 5}),
        )
        self.fields[f"sn-{leaf.code}"] = forms.CharField(
            label=f"Ghi chú tiêu chí {leaf.code}", required=False, initial=score.appraisal_note
        )

    def entries(self) -> dict[str, tuple[str, str]]:
        return {
            s.criterion.code: (
                self.value("sp", s.criterion.code),
                self.value("sn", s.criterion.code),
            )
            for s in self.scores
            if f"sp-{s.criterion.code}" in self.fields
        }


class EvidenceForm(forms.Form):
    criterion = forms.ChoiceField(label="Tiêu chí")
    file = forms.FileField(label="Tệp tài liệu kiểm chứng (PDF, JPG, PNG, DOCX, XLSX)")

    def __init__(self, *args, leaves: list[Criterion], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["criterion"].choices = [
            (c.code, f"{c.code}. {c.name[:90]}") for c in leaves if c.part == Part.SELF
        ]


class OpenRoundForm(forms.Form):
    organiser = forms.ModelChoiceField(
        label="Cơ quan tổ chức đánh giá", queryset=Unit.objects.none(), empty_label=None
    )
    criteria_set = forms.ModelChoiceField(
        label="Bộ tiêu chí", queryset=CriteriaSet.objects.none(), empty_label=None
    )
    code = forms.CharField(label="Mã đợt đánh giá", max_length=40)
    name = forms.CharField(label="Tên đợt đánh giá", max_length=500, required=False)
    year = forms.IntegerField(label="Năm đánh giá", min_value=2000, max_value=2100)
    self_due_on = forms.DateField(
        label="Hạn nộp tự đánh giá",
        required=False,
        help_text="Để trống: 15 ngày làm việc kể từ hôm nay.",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    appraisal_due_on = forms.DateField(
        label="Hạn thẩm định", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    units = forms.ModelMultipleChoiceField(
        label="Đơn vị được đánh giá",
        queryset=Unit.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, organisers, sets, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organiser"].queryset = organisers
        self.fields["criteria_set"].queryset = sets
        self.fields["units"].queryset = units


class AnalysisForm(RevisionForm):
    """The responsibility report: header fields, per lost leaf the reason and who answers
    for it, per area the tasks and host offices."""

    number = forms.CharField(label="Số văn bản", max_length=40, required=False)
    place = forms.CharField(label="Địa danh", max_length=100, required=False)
    issued_on = forms.DateField(
        label="Ngày ký", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    legal_basis = forms.CharField(
        label="Căn cứ (mỗi dòng một căn cứ; để trống: theo bộ tiêu chí)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    organisation = forms.CharField(
        label="IV. Tổ chức thực hiện (để trống: nội dung mặc định)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    remediation_due_on = forms.DateField(
        label="Hạn gửi kế hoạch khắc phục, hạn nhiệm vụ khắc phục",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    recipients = forms.CharField(
        label="Nơi nhận (mỗi dòng một nơi)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    signer_authority = forms.CharField(label="Thẩm quyền ký", max_length=60, required=False)
    signer_position = forms.CharField(label="Chức vụ người ký", max_length=60, required=False)
    signer_name = forms.CharField(label="Người ký", max_length=150, required=False)

    def __init__(self, *args, lost_codes: list[str], area_codes: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.lost_codes, self.area_codes = lost_codes, area_codes
        for code in lost_codes:
            self.fields[f"r-{code}"] = forms.CharField(
                label=f"Nguyên nhân mất điểm tiêu chí {code}",
                required=False,
                widget=forms.Textarea(attrs=TEXTAREA),
            )
            self.fields[f"t-{code}"] = forms.CharField(
                label=f"Trách nhiệm thuộc về (tiêu chí {code})", required=False, max_length=500
            )
        for code in area_codes:
            self.fields[f"st-{code}"] = forms.CharField(
                label=f"Nhiệm vụ cần thực hiện, lĩnh vực {code}",
                required=False,
                widget=forms.Textarea(attrs=TEXTAREA),
            )
            self.fields[f"sh-{code}"] = forms.CharField(
                label=f"Cơ quan chủ trì, tham mưu, lĩnh vực {code}", required=False, max_length=500
            )

    def leaves(self) -> dict[str, tuple[str, str]]:
        return {
            c: (self.cleaned_data[f"r-{c}"], self.cleaned_data[f"t-{c}"]) for c in self.lost_codes
        }

    def solutions(self) -> dict[str, dict[str, str]]:
        return {
            c: {"tasks": self.cleaned_data[f"st-{c}"], "hosts": self.cleaned_data[f"sh-{c}"]}
            for c in self.area_codes
        }

    def header(self) -> dict:
        keys = (
            "number",
            "place",
            "issued_on",
            "legal_basis",
            "organisation",
            "remediation_due_on",
            "recipients",
            "signer_authority",
            "signer_position",
            "signer_name",
        )
        return {k: self.cleaned_data[k] for k in keys}


class RemediationForm(forms.Form):
    due_on = forms.DateField(
        label="Thời hạn hoàn thành nhiệm vụ khắc phục",
        required=False,
        help_text="Để trống: hạn ghi trong báo cáo, hoặc 20 ngày làm việc kể từ hôm nay.",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

"""Admin pages: for administrators fixing data. Day-to-day edits go through the catalogue
pages, whose services check workflow budgets and edit conflicts."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from cchc.core.uploads import check_upload

from .models import (
    BlankForm,
    GuideIcon,
    LifeEvent,
    Procedure,
    ProcedureGuide,
    ProcedureVersion,
    PublicationDecision,
    PublicationItem,
    RequiredComponent,
    Review,
    Sector,
    WorkflowStep,
    validate_guide_steps,
)


@admin.register(Sector)
class SectorAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


class VersionInline(admin.TabularInline):
    model = ProcedureVersion
    extra = 0
    show_change_link = True


@admin.register(Procedure)
class ProcedureAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "name",
        "sector",
        "level",
        "online_mode",
        "postal",
        "inter_agency",
        "internal",
        "active",
    ]
    list_filter = ["level", "online_mode", "postal", "inter_agency", "internal", "active", "sector"]
    search_fields = ["code", "name", "name_folded"]
    readonly_fields = ["revision", "updated_at", "updated_by"]
    inlines = [VersionInline]


class StepInline(admin.TabularInline):
    model = WorkflowStep
    extra = 0


class ComponentInline(admin.TabularInline):
    model = RequiredComponent
    extra = 0
    fields = ["order", "name", "form", "sets", "mandatory", "note", "template_file"]


@admin.register(ProcedureVersion)
class ProcedureVersionAdmin(admin.ModelAdmin):
    list_display = ["procedure", "effective_from", "processing_time"]
    search_fields = ["procedure__code", "procedure__name"]
    autocomplete_fields = ["procedure"]
    inlines = [ComponentInline, StepInline]


class PublicationItemInline(admin.TabularInline):
    model = PublicationItem
    extra = 0
    autocomplete_fields = ["procedure"]


@admin.register(PublicationDecision)
class PublicationDecisionAdmin(admin.ModelAdmin):
    list_display = ["number", "signed_on", "title", "issuing_unit"]
    search_fields = ["number", "title"]
    inlines = [PublicationItemInline]


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = [
        "year",
        "procedure",
        "kind",
        "old_processing_time",
        "new_processing_time",
        "status",
        "applied_on",
    ]
    list_filter = ["year", "kind", "status"]
    search_fields = ["procedure__code", "procedure__name", "plan_ref"]
    autocomplete_fields = ["procedure"]
    readonly_fields = ["created_version"]


# -- public guidance (the citizen portal) ---------------------------------------------------

GUIDE_LINE_SEPARATOR = "|"


def steps_to_lines(steps) -> str:
    """A written guide as the admin edits it: one line per step, "icon | title | text"."""
    return "\n".join(
        f" {GUIDE_LINE_SEPARATOR} ".join((s.get("icon", ""), s.get("title", ""), s.get("text", "")))
        for s in steps or []
    )


def steps_from_lines(text: str) -> list[dict]:
    """The steps typed one per line ("icon | title | text"); ValidationError naming the line."""
    steps = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        parts = [part.strip() for part in line.split(GUIDE_LINE_SEPARATOR, 2)]
        if len(parts) < 2:
            raise ValidationError(
                f"Dòng {number}: ghi theo dạng “hình | tiêu đề | nội dung”, ví dụ "
                "“desk | Đến Bộ phận Một cửa | Mang giấy tờ đến UBND xã”."
            )
        icon, title, body = (parts + [""])[:3]
        steps.append({"title": title, "text": body, "icon": icon})
    validate_guide_steps(steps)
    return steps


class ProcedureGuideForm(forms.ModelForm):
    steps_text = forms.CharField(
        label="Các bước",
        widget=forms.Textarea(attrs={"rows": 10, "cols": 100}),
        help_text=(
            "Mỗi dòng một bước: hình | tiêu đề ngắn | một câu giải thích. Hình: "
            + ", ".join(f"{value} ({label})" for value, label in GuideIcon.choices)
            + "."
        ),
    )

    video_url = forms.URLField(
        label="Đường dẫn video hướng dẫn", required=False, assume_scheme="https", max_length=200
    )

    class Meta:
        model = ProcedureGuide
        fields = ["procedure", "where_to_submit", "video_url"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["steps_text"].initial = steps_to_lines(self.instance.steps)

    def clean_steps_text(self):
        try:
            return steps_from_lines(self.cleaned_data["steps_text"])
        except ValidationError as exc:
            raise forms.ValidationError(exc.messages) from exc

    def clean(self):
        cleaned = super().clean()
        if "steps_text" in cleaned:
            self.instance.steps = cleaned["steps_text"]
        return cleaned


@admin.register(ProcedureGuide)
class ProcedureGuideAdmin(admin.ModelAdmin):
    form = ProcedureGuideForm
    list_display = ["procedure", "video_url", "updated_at"]
    search_fields = ["procedure__code", "procedure__name"]
    autocomplete_fields = ["procedure"]


@admin.register(LifeEvent)
class LifeEventAdmin(admin.ModelAdmin):
    list_display = ["order", "name", "code", "icon"]
    list_display_links = ["name"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["procedures"]


BLANK_FORM_TYPES = (".docx", ".xlsx", ".pdf")


class BlankFormForm(forms.ModelForm):
    """The upload goes through `core.uploads.check_upload` (size, type, content sniffing)."""

    class Meta:
        model = BlankForm
        fields = ["name", "title", "file"]

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is None or not hasattr(upload, "content_type"):  # unchanged stored file
            return upload
        if not upload.name.lower().endswith(BLANK_FORM_TYPES):
            raise forms.ValidationError("Mẫu đơn, tờ khai phải là tệp DOCX, XLSX hoặc PDF.")
        try:
            self.checked = check_upload(upload, field="file")
        except ValidationError as exc:
            raise forms.ValidationError(exc.message_dict.get("file", exc.messages)) from exc
        return upload

    def save(self, commit=True):
        checked = getattr(self, "checked", None)
        if checked is not None:
            self.instance.content_type = checked.content_type
            self.instance.size = checked.size
            self.instance.sha256 = checked.sha256
        return super().save(commit)


@admin.register(BlankForm)
class BlankFormAdmin(admin.ModelAdmin):
    form = BlankFormForm
    list_display = ["name", "title", "size", "uploaded_at"]
    search_fields = ["name", "title"]
    readonly_fields = ["content_type", "size", "sha256", "uploaded_at"]

"""Admin pages: read-only views for administrators; every change goes through services."""

from django.contrib import admin

from cchc.core.admin import ReadOnly

from .models import Attachment, Dossier, DossierStep, HistoryEntry, IntakeRecord


class ReadOnlyAdmin(ReadOnly, admin.ModelAdmin):
    pass


class StepInline(admin.TabularInline):
    model = DossierStep
    extra = 0
    fields = [
        "order",
        "name",
        "unit",
        "office",
        "assignee",
        "budget",
        "started_at",
        "due_at",
        "finished_at",
        "result",
    ]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class HistoryInline(admin.TabularInline):
    model = HistoryEntry
    extra = 0
    fields = ["at", "action", "from_status", "to_status", "actor", "actor_unit", "note"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Dossier)
class DossierAdmin(ReadOnlyAdmin):
    list_display = ["code", "procedure", "unit", "status", "channel", "received_at", "due_at"]
    list_filter = ["status", "channel"]
    search_fields = ["code"]
    raw_id_fields = ["procedure", "procedure_version", "unit", "handling_unit", "assisting_unit"]
    inlines = [StepInline, HistoryInline]


@admin.register(HistoryEntry)
class HistoryEntryAdmin(ReadOnlyAdmin):
    list_display = ["dossier", "at", "action", "from_status", "to_status", "actor", "actor_unit"]
    list_filter = ["action"]
    search_fields = ["dossier__code"]


@admin.register(IntakeRecord)
class IntakeRecordAdmin(ReadOnlyAdmin):
    list_display = ["at", "outcome", "unit", "procedure", "officer"]
    list_filter = ["outcome"]


@admin.register(Attachment)
class AttachmentAdmin(ReadOnlyAdmin):
    list_display = [
        "dossier",
        "original_name",
        "content_type",
        "size",
        "uploaded_by",
        "uploaded_at",
    ]

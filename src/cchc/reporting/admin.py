"""Admin pages: report types and indicator templates are data an administrator may adjust;
report instances are view-only, with their files and history (every change of a report goes through the services, so
its history and its stored files stay true)."""

from django.contrib import admin

from cchc.core.admin import ReadOnly

from .models import (
    Indicator,
    IndicatorTemplate,
    ReportEvent,
    ReportFile,
    ReportInstance,
    ReportSection,
    ReportType,
)


class SectionInline(admin.TabularInline):
    model = ReportSection
    extra = 0
    fields = ["order", "code", "heading", "level", "kind", "source", "template"]


@admin.register(ReportType)
class ReportTypeAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "period_kinds", "basis", "due_day", "filer_kinds", "layout"]
    search_fields = ["code", "name"]
    inlines = [SectionInline]


class IndicatorInline(admin.TabularInline):
    model = Indicator
    extra = 0
    fields = ["order", "code", "number", "label", "unit_of_measure", "value_type", "source"]


@admin.register(IndicatorTemplate)
class IndicatorTemplateAdmin(admin.ModelAdmin):
    list_display = ["code", "version", "name", "valid_from_year"]
    inlines = [IndicatorInline]


class FileInline(admin.TabularInline):
    model = ReportFile
    extra = 0
    fields = ["kind", "name", "sha256", "created_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class EventInline(admin.TabularInline):
    model = ReportEvent
    extra = 0
    fields = ["at", "action", "from_status", "to_status", "actor", "note"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ReportInstance)
class ReportInstanceAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["report_type", "unit", "period", "due_on", "status", "submitted_at"]
    list_filter = ["report_type", "status"]
    search_fields = ["unit__name", "unit__code", "period"]
    inlines = [FileInline, EventInline]

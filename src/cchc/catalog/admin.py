"""Admin pages: for administrators fixing data. Day-to-day edits go through the catalogue
pages, whose services check workflow budgets and edit conflicts."""

from django.contrib import admin

from .models import (
    Procedure,
    ProcedureVersion,
    PublicationDecision,
    PublicationItem,
    RequiredComponent,
    Review,
    Sector,
    WorkflowStep,
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

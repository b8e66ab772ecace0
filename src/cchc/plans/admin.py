from django.contrib import admin

from cchc.core.admin import ReadOnly

from .models import Directive, Initiative, Inspection, OutreachActivity, Plan, Task, TaskEvent


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ("number", "issued_on", "unit", "kind", "year", "title")
    list_filter = ("kind", "year")
    search_fields = ("number", "title", "unit__name")
    readonly_fields = ("revision", "created_at")


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    list_display = ("title", "unit", "plan", "origin", "area", "due_on", "status", "completed_on")
    list_filter = ("origin", "area", "status")
    search_fields = ("title", "unit__name", "plan__number")
    readonly_fields = ("revision", "created_at")
    raw_id_fields = ("plan", "assigned_by")


@admin.register(TaskEvent)
class TaskEventAdmin(ReadOnly, admin.ModelAdmin):
    """History is read-only here as everywhere."""

    list_display = ("at", "task", "action", "from_status", "to_status", "actor")
    list_filter = ("action",)


@admin.register(Directive)
class DirectiveAdmin(admin.ModelAdmin):
    list_display = ("number", "issued_on", "kind", "unit", "summary")
    list_filter = ("kind",)
    search_fields = ("number", "summary")
    readonly_fields = ("revision",)


@admin.register(Inspection)
class InspectionAdmin(admin.ModelAdmin):
    list_display = (
        "year",
        "unit",
        "inspected_office",
        "inspected_unit",
        "done_on",
        "issues_found",
        "issues_fixed",
    )
    list_filter = ("year",)
    readonly_fields = ("revision",)


@admin.register(OutreachActivity)
class OutreachActivityAdmin(admin.ModelAdmin):
    list_display = ("held_on", "form", "title", "count", "audience_count", "unit")
    list_filter = ("form",)
    search_fields = ("title",)
    readonly_fields = ("revision",)


@admin.register(Initiative)
class InitiativeAdmin(admin.ModelAdmin):
    list_display = ("name", "year", "kind", "status", "unit")
    list_filter = ("kind", "status", "year")
    search_fields = ("name",)
    readonly_fields = ("revision",)

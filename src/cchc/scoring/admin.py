"""Admin pages of the reform index: for administrators fixing data. Day-to-day work goes
through the pages, whose services check roles, states, ranges and edit conflicts."""

from django.contrib import admin

from . import emulation_admin, service_admin, set_admin  # noqa: F401  (their registrations)
from .models import (
    AssessmentRound,
    Evidence,
    Participation,
    Remediation,
    ResponsibilityReport,
    RoundEvent,
    Score,
    StatedTotal,
)


class ParticipationInline(admin.TabularInline):
    model = Participation
    extra = 0
    fields = ["unit", "status", "submitted_at", "finalised_at"]
    readonly_fields = ["submitted_at", "finalised_at"]
    show_change_link = True


@admin.register(AssessmentRound)
class AssessmentRoundAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "year", "criteria_set", "organiser", "status"]
    list_filter = ["status", "year"]
    search_fields = ["code", "name"]
    readonly_fields = ["revision", "published_at", "created_at"]
    inlines = [ParticipationInline]


class ScoreInline(admin.TabularInline):
    model = Score
    extra = 0
    fields = ["criterion", "applicable", "auto_points", "self_points", "appraised_points"]
    readonly_fields = ["criterion", "auto_points"]


@admin.register(Participation)
class ParticipationAdmin(admin.ModelAdmin):
    list_display = ["unit", "round", "status"]
    list_filter = ["status", "round"]
    readonly_fields = ["revision"]
    inlines = [ScoreInline]


@admin.register(RoundEvent)
class RoundEventAdmin(admin.ModelAdmin):
    list_display = ["at", "round", "participation", "action", "criterion_code", "actor"]
    list_filter = ["action"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


for model in (Evidence, StatedTotal, Remediation, ResponsibilityReport):
    admin.site.register(model)

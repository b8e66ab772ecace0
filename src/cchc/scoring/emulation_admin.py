"""Admin of emulation movements (imported by `scoring.admin`). The pages under
/chi-so-cchc/thi-dua/ are where movements are run: they check the rules (units in the
organiser's subtree, points within the maximum, readable sources) and keep the history; the
admin is for operators and shows the computed criteria read-only (their points are never
stored)."""

from django.contrib import admin

from cchc.core.admin import ReadOnly

from .models import (
    Award,
    Movement,
    MovementCriterion,
    MovementEvent,
    MovementParticipant,
    MovementReport,
)


class ParticipantInline(admin.TabularInline):
    model = MovementParticipant
    extra = 0
    autocomplete_fields = ("unit",)
    fields = ("unit", "cluster", "registered_on", "pledge_signed_on")


class CriterionInline(admin.TabularInline):
    model = MovementCriterion
    extra = 0
    fields = ("order", "code", "name", "max_points", "source")


@admin.register(Movement)
class MovementAdmin(admin.ModelAdmin):
    list_display = ("name", "organiser", "year", "plan_number", "starts_on", "ends_on")
    list_filter = ("year",)
    search_fields = ("name", "plan_number", "organiser__name")
    autocomplete_fields = ("organiser",)
    readonly_fields = ("revision", "created_at")
    inlines = (ParticipantInline, CriterionInline)


@admin.register(Award)
class AwardAdmin(admin.ModelAdmin):
    list_display = ("__str__", "movement", "kind", "decision_ref", "awarded_on")
    list_filter = ("kind",)
    search_fields = ("individual_name", "participant__unit__name", "decision_ref")
    list_select_related = ("movement", "participant__unit")


@admin.register(MovementReport)
class MovementReportAdmin(admin.ModelAdmin):
    list_display = ("movement", "period", "number", "issued_on")
    list_filter = ("period",)
    readonly_fields = ("revision",)


@admin.register(MovementEvent)
class MovementEventAdmin(ReadOnly, admin.ModelAdmin):
    """The movements' history, read-only: it is append-only."""

    list_display = ("at", "movement", "actor", "message")
    list_select_related = ("movement", "actor")
    search_fields = ("movement__name", "message")

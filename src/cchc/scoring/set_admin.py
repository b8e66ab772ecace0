"""Admin pages of criteria sets: view-only. Sets are written through the criteria-set pages
and imports (`sets`), which check the whole tree with the rules of the files, refuse any
change to a set a round uses, and keep the revision; an admin edit would bypass all that."""

from django.contrib import admin

from cchc.core.admin import ReadOnly

from .models import CriteriaSet, Criterion


class CriterionInline(ReadOnly, admin.TabularInline):
    model = Criterion
    extra = 0
    fields = ["code", "name", "max_points", "method", "source", "applicability", "part"]
    readonly_fields = fields
    ordering = ["sort_key"]
    show_change_link = True


@admin.register(CriteriaSet)
class CriteriaSetAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["code", "name", "year", "unit_kind", "decision_ref", "issuer", "revision"]
    list_filter = ["year", "unit_kind"]
    search_fields = ["code", "name", "decision_ref"]
    inlines = [CriterionInline]


@admin.register(Criterion)
class CriterionAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["criteria_set", "code", "name", "max_points", "method", "part"]
    list_filter = ["criteria_set", "method", "part"]
    search_fields = ["code", "name", "criteria_set__code"]
    ordering = ["criteria_set", "sort_key"]

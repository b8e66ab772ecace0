from django.contrib import admin

from cchc.core.admin import ReadOnly

from .models import (
    Feedback,
    FeedbackEvent,
    GradeBand,
    Rating,
    Survey,
    SurveyQuestion,
)


@admin.register(GradeBand)
class GradeBandAdmin(admin.ModelAdmin):
    """The grade bands of the average evaluation score (dossiers.md §7), editable as data."""

    list_display = ("label", "minimum")


@admin.register(Rating)
class RatingAdmin(ReadOnly, admin.ModelAdmin):
    """Ratings are the citizens' own: read-only here."""

    list_display = ("dossier", "unit", "rated_at", "source", "staff_satisfaction")
    list_filter = ("source",)
    search_fields = ("dossier__code",)
    raw_id_fields = ("dossier",)


class QuestionInline(admin.TabularInline):
    model = SurveyQuestion
    extra = 0


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin):
    list_display = ("title", "unit", "starts_on", "ends_on")
    search_fields = ("title", "unit__name")
    readonly_fields = ("token", "revision", "created_at")
    inlines = [QuestionInline]


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = ("code", "subject", "unit", "channel", "content", "status", "due_on")
    list_filter = ("status", "channel", "content")
    search_fields = ("code", "subject")
    readonly_fields = ("code", "revision", "created_at", "status", "answered_at", "published_at")
    raw_id_fields = ("dossier", "procedure")


@admin.register(FeedbackEvent)
class FeedbackEventAdmin(ReadOnly, admin.ModelAdmin):
    """History is read-only here as everywhere."""

    list_display = ("at", "feedback", "action", "from_status", "to_status", "actor")
    list_filter = ("action",)

from django.contrib import admin

from .models import CalendarDay, CalendarYear, UnitWorkingHours


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ["date", "kind", "name", "scope", "source", "confirmed_by", "confirmed_at"]
    list_filter = ["kind", "source", ("scope", admin.EmptyFieldListFilter)]
    search_fields = ["name", "legal_basis"]
    date_hierarchy = "date"
    autocomplete_fields = ["scope"]
    readonly_fields = ["confirmed_by", "confirmed_at", "created_at", "updated_at"]


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin):
    list_display = ["year", "scope", "notice_ref", "confirmed_by", "confirmed_at"]
    autocomplete_fields = ["scope"]
    readonly_fields = ["confirmed_by", "confirmed_at"]

    def has_add_permission(self, request):
        return False  # years are confirmed on the calendar page or with `cchc calendar confirm`


@admin.register(UnitWorkingHours)
class UnitWorkingHoursAdmin(admin.ModelAdmin):
    list_display = ["unit", "periods", "day_hours", "rest_weekdays", "weekday_periods"]
    search_fields = ["unit__code", "unit__name"]
    autocomplete_fields = ["unit"]

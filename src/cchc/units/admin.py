from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import Office, RoleGrant, Unit, User


class OfficeInline(admin.TabularInline):
    model = Office
    extra = 0


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "parent", "identifier", "valid_from", "valid_to"]
    list_filter = ["kind"]
    search_fields = ["code", "name", "identifier"]
    filter_horizontal = ["successors"]
    inlines = [OfficeInline]


class RoleGrantInline(admin.TabularInline):
    model = RoleGrant
    extra = 0
    autocomplete_fields = ["unit"]


@admin.register(User)
class StaffAdmin(UserAdmin):
    fieldsets = UserAdmin.fieldsets + (
        ("Thông tin công chức", {"fields": ["full_name", "position", "phone"]}),
    )
    list_display = ["username", "full_name", "position", "is_active"]
    search_fields = ["username", "full_name", "email"]
    inlines = [RoleGrantInline]


@admin.register(RoleGrant)
class RoleGrantAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "unit", "office"]
    list_filter = ["role"]
    autocomplete_fields = ["user", "unit"]

from django.contrib import admin

from .models import OnlineApplication


@admin.register(OnlineApplication)
class OnlineApplicationAdmin(admin.ModelAdmin):
    """Read-only: applications are created by the public form only."""

    list_display = ("reference", "dossier", "notify_channel", "created_at")
    list_filter = ("notify_channel",)
    search_fields = ("reference", "dossier__code")
    fields = (
        "reference",
        "dossier",
        "email",
        "phone",
        "notify_channel",
        "postal_address",
        "created_at",
    )
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

"""What the apps' admin pages share (nothing of core's own is registered)."""


class ReadOnly:
    """An admin page or inline that only shows: history is append-only, and records written
    through an app's services (their rules, revisions and history) are never edited here."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

from django.contrib import admin

from klageportal.notifications.models import OutboxEmail


@admin.register(OutboxEmail)
class OutboxEmailAdmin(admin.ModelAdmin):
    """The outbox is read here; e-mails are never edited by hand (NT-3)."""

    list_display = ["created_at", "to", "reason", "case", "state", "attempts", "sent_at"]
    list_filter = ["state", "reason"]
    search_fields = ["to", "case__number"]
    readonly_fields = [f.name for f in OutboxEmail._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

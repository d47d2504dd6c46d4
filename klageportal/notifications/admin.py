from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from klageportal.notifications.models import DigestRun, OutboxEmail
from klageportal.notifications.services import outbox_resend


@admin.register(OutboxEmail)
class OutboxEmailAdmin(admin.ModelAdmin):
    """The outbox is read here; e-mails are never edited by hand (NT-3). Failed ones can be sent again."""

    list_display = ["created_at", "to", "reason", "case", "state", "attempts", "sent_at", "last_error"]
    list_filter = ["state", "reason"]
    search_fields = ["to", "case__number"]
    readonly_fields = [f.name for f in OutboxEmail._meta.fields]
    actions = ["resend"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Send igen"), permissions=["view"])
    def resend(self, request, queryset):
        """NT-3: the selected e-mails that failed for good start afresh; the others are left as they are."""
        selected = list(queryset.values_list("pk", flat=True))
        resent = outbox_resend(email_ids=selected)
        skipped = len(selected) - len(resent)
        if resent:
            self.message_user(
                request,
                ngettext("%(count)d e-mail sendes igen.", "%(count)d e-mails sendes igen.", len(resent))
                % {"count": len(resent)},
                messages.SUCCESS,
            )
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%(count)d e-mail var ikke opgivet og er ikke ændret.",
                    "%(count)d e-mails var ikke opgivet og er ikke ændret.",
                    skipped,
                )
                % {"count": skipped},
                messages.WARNING,
            )


@admin.register(DigestRun)
class DigestRunAdmin(admin.ModelAdmin):
    """When each day's digest went out, the news it covered and to how many addresses (NT-2)."""

    list_display = ["day", "since", "until", "recipients"]
    readonly_fields = [f.name for f in DigestRun._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

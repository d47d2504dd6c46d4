from typing import TYPE_CHECKING, Any

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest

from klageportal.payments.models import GatewayNotification, Payment, PaymentLink, Refund

if TYPE_CHECKING:
    ModelAdmin = admin.ModelAdmin[Any]  # generic only in the type stubs
else:
    ModelAdmin = admin.ModelAdmin


class ReadOnlyAdmin(ModelAdmin):
    """Payments are recorded by the gateway's word only; never added or edited by hand."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


@admin.register(Payment)
class PaymentAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "case", "amount_kr", "state", "gateway", "gateway_reference", "paid_at"]
    list_filter = ["state", "gateway"]
    search_fields = ["case__number", "gateway_reference"]


@admin.register(PaymentLink)
class PaymentLinkAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "case", "email", "register_as_payer", "expires_at", "used_at"]
    search_fields = ["case__number", "email"]
    exclude = ["token_hash"]


@admin.register(GatewayNotification)
class GatewayNotificationAdmin(ReadOnlyAdmin):
    list_display = ["received_at", "gateway", "event_id", "payment", "status", "applied"]
    list_filter = ["gateway", "status", "applied"]
    search_fields = ["event_id", "payment__gateway_reference"]


@admin.register(Refund)
class RefundAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "case", "amount_ore", "kind", "state", "gateway_reference", "completed_at"]
    list_filter = ["state", "kind"]
    search_fields = ["case__number", "gateway_reference", "idempotency_key"]

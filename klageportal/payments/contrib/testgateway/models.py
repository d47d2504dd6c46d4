"""The test gateway's own record of a hosted payment, as a real gateway keeps it on its side."""

from django.db import models


class HostedCheckout(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Afventer"
        PAID = "paid", "Godkendt"
        DECLINED = "declined", "Afvist"
        CANCELLED = "cancelled", "Annulleret"

    reference = models.CharField(max_length=64, unique=True)
    order_id = models.CharField(max_length=64)
    amount_ore = models.PositiveIntegerField()
    currency = models.CharField(max_length=3, default="DKK")
    description = models.CharField(max_length=300)
    return_url = models.URLField(max_length=2000)
    callback_url = models.URLField(max_length=2000)
    chosen = models.CharField(max_length=20, choices=Status.choices, blank=True)
    """What the payer chose; with a late notification it becomes the status only when that is sent."""
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "payments_testgateway_checkout"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.reference}: {self.status}"


class GatewayRefund(models.Model):
    """A refund the test gateway has made, as a real gateway records it: once per idempotency key."""

    checkout = models.ForeignKey(HostedCheckout, on_delete=models.PROTECT, related_name="refunds")
    idempotency_key = models.CharField(max_length=64, unique=True)
    reference = models.CharField(max_length=64, unique=True)
    amount_ore = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "payments_testgateway_refund"
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.reference}: {self.amount_ore}"

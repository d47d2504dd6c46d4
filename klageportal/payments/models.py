"""Payments of complaint fees, the gateway notifications they were settled by, and payment links (PAY-*).

Amounts are stored in øre (the gateways' unit); the catalogue's fees are whole kroner.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Payment(models.Model):
    """One attempt to pay a case's fee through a gateway; paid is final."""

    class State(models.TextChoices):
        CREATED = "created", _("Oprettet")
        PENDING = "pending", _("Afventer betaling")
        PAID = "paid", _("Betalt")
        DECLINED = "declined", _("Afvist")
        CANCELLED = "cancelled", _("Annulleret")
        EXPIRED = "expired", _("Udløbet")

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="payments")
    amount_ore = models.PositiveIntegerField(_("beløb (øre)"))
    currency = models.CharField(_("valuta"), max_length=3, default="DKK")
    state = models.CharField(_("tilstand"), max_length=20, choices=State.choices, default=State.CREATED)
    gateway = models.CharField(_("betalingstjeneste"), max_length=40)
    gateway_reference = models.CharField(_("reference hos betalingstjenesten"), max_length=100, unique=True, null=True)
    payer = models.ForeignKey(
        "cases.Party",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="payments",
        verbose_name=_("betaler"),
    )
    link = models.ForeignKey(
        "payments.PaymentLink", on_delete=models.PROTECT, null=True, blank=True, related_name="payments"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    paid_at = models.DateTimeField(_("betalt"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["case", "state"], name="payment_case_state")]
        constraints = [models.CheckConstraint(condition=models.Q(amount_ore__gt=0), name="payment_amount_positive")]
        verbose_name = _("betaling")
        verbose_name_plural = _("betalinger")

    def __str__(self) -> str:
        return f"{self.case_id}: {self.amount_kr} kr. ({self.get_state_display()})"

    @property
    def amount_kr(self) -> int:
        return self.amount_ore // 100

    @property
    def is_open(self) -> bool:
        return self.state in (self.State.CREATED, self.State.PENDING)


class GatewayNotification(models.Model):
    """A notification a gateway sent about a payment; the unique event id makes a replay a no-op (PAY-4)."""

    gateway = models.CharField(max_length=40)
    event_id = models.CharField(max_length=200)
    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="notifications")
    status = models.CharField(max_length=20)
    applied = models.BooleanField(default=False, help_text=_("Notifikationen ændrede betalingens tilstand."))
    payload = models.JSONField(default=dict, blank=True)
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["received_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["gateway", "event_id"], name="gatewaynotification_gateway_event")
        ]
        verbose_name = _("notifikation fra betalingstjeneste")
        verbose_name_plural = _("notifikationer fra betalingstjenester")

    def __str__(self) -> str:
        return f"{self.gateway} {self.event_id}: {self.status}"


class PaymentLink(models.Model):
    """A link e-mailed to someone who pays the fee without logging in (PAY-2); only its hash is stored."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="payment_links")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    email = models.EmailField(_("modtagerens e-mail"))
    register_as_payer = models.BooleanField(_("modtageren registreres som betaler"), default=False)
    expires_at = models.DateTimeField(_("udløber"))
    used_at = models.DateTimeField(_("brugt"), null=True, blank=True)
    payer_name = models.CharField(_("betalerens navn"), max_length=200, blank=True)
    payer_address = models.CharField(_("betalerens adresse"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)

    token: str
    """Set only on the link `payment_link_send` returns, for its caller; the token itself is never stored."""

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("betalingslink")
        verbose_name_plural = _("betalingslinks")

    def __str__(self) -> str:
        return f"{self.case_id}: {self.email}"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()


class Refund(models.Model):
    """Money paid back to the registered payer through the gateway the fee was paid with (PAY-5).

    The idempotency key is made when the refund form is shown and sent to the gateway with the request, so a
    double submit or a retry refunds once, here and at the gateway.
    """

    class Kind(models.TextChoices):
        FEE = "fee", _("Tilbagebetaling af klagegebyr")
        OVERPAYMENT = "overpayment", _("Tilbagebetaling af for meget betalt")

    class State(models.TextChoices):
        REQUESTED = "requested", _("Anmodet")
        COMPLETED = "completed", _("Gennemført")
        FAILED = "failed", _("Mislykkedes")

    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="refunds")
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="refunds")
    amount_ore = models.PositiveIntegerField(_("beløb (øre)"))
    kind = models.CharField(_("årsag"), max_length=20, choices=Kind.choices, default=Kind.FEE)
    idempotency_key = models.CharField(max_length=64, unique=True)
    state = models.CharField(_("tilstand"), max_length=20, choices=State.choices, default=State.REQUESTED)
    gateway_reference = models.CharField(_("reference hos betalingstjenesten"), max_length=100, blank=True)
    error = models.CharField(_("fejl"), max_length=500, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)
    completed_at = models.DateTimeField(_("gennemført"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [models.CheckConstraint(condition=models.Q(amount_ore__gt=0), name="refund_amount_positive")]
        verbose_name = _("tilbagebetaling")
        verbose_name_plural = _("tilbagebetalinger")

    def __str__(self) -> str:
        return f"{self.case_id}: {self.amount_ore / 100:.2f} kr. ({self.get_state_display()})"

    @property
    def counts(self) -> bool:
        """Requested or completed: it takes its part of what was paid."""
        return self.state != self.State.FAILED

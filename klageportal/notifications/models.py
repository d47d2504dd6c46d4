"""The e-mail outbox: every e-mail is a row, sent after commit and retried with backoff (NT-3)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OutboxEmail(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", _("I kø")
        SENDING = "sending", _("Sendes")
        SENT = "sent", _("Sendt")
        RETRYING = "retrying", _("Fejlede, prøves igen")
        FAILED = "failed", _("Opgivet")

    class Reason(models.TextChoices):
        NEW_COMPLAINT = "new_complaint", _("Ny klage til førsteinstansen")
        APPROVAL_REQUEST = "approval_request", _("Anmodning om godkendelse af repræsentation")
        APPROVAL_ANSWER = "approval_answer", _("Svar på repræsentation")
        PAYMENT_LINK = "payment_link", _("Betalingslink")
        SUBMITTED = "submitted", _("Klagen er indsendt")
        RECEIPT = "receipt", _("Kvittering")
        DIGEST = "digest", _("Daglig oversigt")
        FORWARDED = "forwarded", _("Sagen er videresendt til nævnet")
        FEE_DUE = "fee_due", _("Klagegebyret skal betales")
        OTHER = "other", _("Andet")

    to = models.EmailField(_("modtager"))
    subject = models.CharField(_("emne"), max_length=300)
    body = models.TextField(_("tekst"))
    reason = models.CharField(_("årsag"), max_length=30, choices=Reason.choices)
    case = models.ForeignKey("cases.Case", on_delete=models.SET_NULL, null=True, blank=True, related_name="emails")
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True, db_index=True)
    state = models.CharField(_("tilstand"), max_length=20, choices=State.choices, default=State.QUEUED, db_index=True)
    attempts = models.PositiveSmallIntegerField(_("forsøg"), default=0)
    last_error = models.TextField(_("seneste fejl"), blank=True)
    next_attempt_at = models.DateTimeField(_("næste forsøg"), null=True, blank=True, db_index=True)
    sent_at = models.DateTimeField(_("sendt"), null=True, blank=True)
    claimed_by = models.CharField(_("forsøgt af"), max_length=64, blank=True, editable=False)
    """The attempt (a Celery task's id) that took the e-mail last: the same task, handed back to the queue after its
    worker died, may take the e-mail up again while it is still marked as being sent."""

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("udgående e-mail")
        verbose_name_plural = _("udgående e-mails")

    def __str__(self) -> str:
        return f"{self.to}: {self.subject}"


class CaughtEmail(models.Model):
    """An e-mail the development catcher 'delivered'; shown at /dev/mail/ and never in production."""

    to = models.TextField()
    from_email = models.CharField(max_length=300)
    subject = models.CharField(max_length=300)
    body = models.TextField()
    caught_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-caught_at", "-pk"]

    def __str__(self) -> str:
        return self.subject


class DigestRun(models.Model):
    """One day's digest (NT-2): the history lines written between `since` and `until` were told about that day."""

    day = models.DateField(_("dag"), unique=True)
    since = models.DateTimeField(_("fra"))
    until = models.DateTimeField(_("til"))
    recipients = models.PositiveIntegerField(_("modtagere"), default=0)
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)

    class Meta:
        ordering = ["-day"]
        verbose_name = _("daglig oversigt")
        verbose_name_plural = _("daglige oversigter")

    def __str__(self) -> str:
        return f"{self.day}: {self.recipients}"


class DigestSent(models.Model):
    """NT-2: an address got its digest of a day; the unique pair makes a second e-mail that day impossible."""

    address = models.CharField(_("modtager"), max_length=254)
    """The address case-folded, so that one mailbox written two ways is still one recipient."""
    day = models.DateField(_("dag"))
    email = models.ForeignKey(OutboxEmail, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["address", "day"], name="digestsent_address_day")]
        indexes = [models.Index(fields=["day"], name="digestsent_day")]
        verbose_name = _("sendt daglig oversigt")
        verbose_name_plural = _("sendte daglige oversigter")

    def __str__(self) -> str:
        return f"{self.address} {self.day}"

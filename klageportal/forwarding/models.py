"""The web appeal form (web-ankeskema, SPEC §8): a municipal caseworker's draft, the sent form with its
løbenummer, the files tied to the checklist, and supplementary information sent afterwards."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AnkeskemaDraft(models.Model):
    """One form being filled in. A caseworker has at most one open draft: the latest is the one offered (AS-3)."""

    class State(models.TextChoices):
        OPEN = "open", _("Kladde")
        SENT = "sent", _("Sendt")
        DISCARDED = "discarded", _("Erstattet af et nyt skema")

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="ankeskema_drafts")
    authority = models.ForeignKey("catalog.Authority", on_delete=models.PROTECT, related_name="ankeskema_drafts")
    state = models.CharField(max_length=20, choices=State.choices, default=State.OPEN, db_index=True)
    data = models.JSONField(default=dict, blank=True)
    """Answers by page: {"1": {field: value, …}, "2": {…}, …}; saved unvalidated so nothing typed is lost."""
    page = models.PositiveSmallIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    saved_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-saved_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner"], condition=models.Q(state="open"), name="ankeskema_one_open_draft_per_owner"
            )
        ]
        verbose_name = _("kladde til ankeskema")
        verbose_name_plural = _("kladder til ankeskemaer")

    def __str__(self) -> str:
        return f"{self.owner_id}: {self.get_state_display()} ({self.saved_at:%Y-%m-%d %H:%M})"


class AnkeskemaSubmission(models.Model):
    """A sent form: its løbenummer (Blanket ID) is unique and gap-free per year (AS-50)."""

    draft = models.OneToOneField(AnkeskemaDraft, on_delete=models.PROTECT, related_name="submission")
    lobenummer = models.CharField(_("løbenummer"), max_length=20, unique=True)
    year = models.PositiveSmallIntegerField()
    sequence = models.PositiveIntegerField()
    sent_at = models.DateTimeField(_("sendt"))
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    authority = models.ForeignKey("catalog.Authority", on_delete=models.PROTECT, related_name="ankeskemaer")
    case = models.OneToOneField("cases.Case", on_delete=models.PROTECT, related_name="ankeskema")
    data = models.JSONField(default=dict)
    """The answers exactly as sent; the receipt and the summary are rendered from these."""
    citizen_cpr = models.CharField(max_length=10, blank=True, db_index=True)
    journal_number = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-sent_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["year", "sequence"], name="ankeskema_year_sequence")]
        verbose_name = _("sendt ankeskema")
        verbose_name_plural = _("sendte ankeskemaer")

    def __str__(self) -> str:
        return self.lobenummer


class AnkeskemaDocument(models.Model):
    """A file uploaded on page 6, tied to the checklist item it covers (AS-40)."""

    draft = models.ForeignKey(AnkeskemaDraft, on_delete=models.CASCADE, related_name="documents")
    checklist_item = models.CharField(max_length=100)
    document = models.ForeignKey("documents.Document", on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return f"{self.checklist_item}: {self.document_id}"


class AnkeskemaSupplement(models.Model):
    """Supplementary information to an earlier form (AS-52), found by løbenummer or by CPR and journal number."""

    submission = models.ForeignKey(
        AnkeskemaSubmission, on_delete=models.PROTECT, null=True, blank=True, related_name="supplements"
    )
    authority = models.ForeignKey("catalog.Authority", on_delete=models.PROTECT, related_name="+")
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)
    lobenummer = models.CharField(max_length=20, blank=True)
    citizen_cpr = models.CharField(max_length=10, blank=True)
    journal_number = models.CharField(max_length=200, blank=True)
    text = models.TextField(blank=True)
    documents = models.ManyToManyField("documents.Document", blank=True, related_name="+")
    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, null=True, blank=True, related_name="ankeskema_supplements"
    )
    """The case the supplement is attached to: its form's, or the one Ankestyrelsen matched it to."""
    matched_at = models.DateTimeField(null=True, blank=True)
    matched_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    """Who at Ankestyrelsen matched a supplement that no form matched when it was sent."""

    class Meta:
        ordering = ["-sent_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.lobenummer or '–'} ({self.sent_at:%Y-%m-%d})"

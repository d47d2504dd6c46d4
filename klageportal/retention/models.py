"""The audit of retention runs (X-5): when, what kind, how many of each. It names no person and no case."""

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class RetentionRun(models.Model):
    """One run of the retention rules, a dry run or a real one. Counts only: never a name, a number or a case."""

    class Source(models.TextChoices):
        SCHEDULER = "scheduler", _("Planlagt kørsel")
        COMMAND = "command", _("Kommando")
        ADMIN = "admin", _("Administration")

    class Action(models.TextChoices):
        DELETE = "delete", _("Slet")
        ANONYMISE = "anonymise", _("Anonymisér")

    started_at = models.DateTimeField(_("startet"), db_index=True)
    duration_ms = models.PositiveIntegerField(_("varighed (ms)"), default=0)
    dry_run = models.BooleanField(_("prøvekørsel"), default=False)
    source = models.CharField(_("startet fra"), max_length=20, choices=Source.choices)
    action = models.CharField(_("afsluttede sager"), max_length=20, choices=Action.choices)
    """What the run did (or would do) to closed cases past their period."""
    completed = models.BooleanField(_("gennemført"), default=False)
    """False when the run stopped on an error; the counts then tell what was done before it."""
    periods = models.JSONField(_("frister"), default=dict)
    """The periods the run applied, in days (and the bookkeeping years)."""
    counts = models.JSONField(_("antal"), default=dict)
    """Per category: closed cases, cases held for bookkeeping, drafts of each channel, documents, files."""
    deleted_rows = models.JSONField(_("slettede rækker"), default=dict)
    """Rows deleted per table ("cases.Party": 12), everything the cases and drafts took with them."""
    anonymised_rows = models.JSONField(_("anonymiserede rækker"), default=dict)

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = _("sletningskørsel")
        verbose_name_plural = _("sletningskørsler")

    def __str__(self) -> str:
        kind = gettext("prøvekørsel") if self.dry_run else gettext("sletningskørsel")
        return f"{self.started_at:%Y-%m-%d %H:%M} ({kind})"


class AnonymisedCase(models.Model):
    """A closed case whose personal data retention has removed; it is not anonymised again."""

    case = models.OneToOneField(
        "cases.Case", on_delete=models.CASCADE, primary_key=True, related_name="retention_anonymised"
    )
    anonymised_at = models.DateTimeField()

    class Meta:
        verbose_name = _("anonymiseret sag")
        verbose_name_plural = _("anonymiserede sager")

    def __str__(self) -> str:
        return f"{self.case_id}: {self.anonymised_at:%Y-%m-%d}"

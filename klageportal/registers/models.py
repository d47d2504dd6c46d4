"""Who looked up which number in the CPR and CVR registers, and when (X-4: never in the logs)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RegisterLookup(models.Model):
    """One look-up in a register, kept for the audit.

    The number (or the search text) is kept in full: the audit exists to answer "who has looked up this
    person's CPR number, and when" — for the person's right of access and for the supervisory authority —
    which a masked number cannot answer. Only administrators read it, in the admin; it is never logged.
    """

    class Kind(models.TextChoices):
        CPR = "cpr", _("CPR-opslag")
        CVR = "cvr", _("CVR-opslag")
        SEARCH = "search", _("Søgning i CVR")

    class Result(models.TextChoices):
        FOUND = "found", _("Fundet")
        NOT_FOUND = "not_found", _("Ikke fundet")
        UNAVAILABLE = "unavailable", _("Registret svarede ikke")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("bruger"),
    )
    organisation = models.CharField(_("organisation"), max_length=220, blank=True)
    kind = models.CharField(_("art"), max_length=10, choices=Kind.choices)
    number = models.CharField(_("nummer eller søgning"), max_length=200, db_index=True)
    result = models.CharField(_("resultat"), max_length=20, choices=Result.choices)
    at = models.DateTimeField(_("tidspunkt"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("registeropslag")
        verbose_name_plural = _("registeropslag")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.at:%Y-%m-%d %H:%M}"

"""Where a person is in the filing flow, so that leaving midway and coming back continues there (KP-1..5)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from klageportal.filing.steps import FIRST_STEP


class Capacity(models.TextChoices):
    OWN = "own", _("Jeg klager på egne vegne")
    REPRESENT = "represent", _("Jeg klager på vegne af en eller flere privatpersoner og/eller virksomheder")
    EXEMPT = "exempt", _("Jeg opretter klage på vegne af borger som er undtaget for digital selvbetjening")
    """KP-2: for a municipality's staff only; the citizen is the complainant and needs no approval (KP-6)."""


class Represented(models.TextChoices):
    PERSONS_COMPANIES = "persons_companies", _("Privatpersoner og/eller virksomheder (CPR- eller CVR-nummer)")
    ASSOCIATION = "association", _("En forening eller lignende, som ikke har CVR-nr.")


class FilingDraft(models.Model):
    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, primary_key=True, related_name="filing")
    capacity = models.CharField(max_length=20, choices=Capacity.choices, blank=True)
    represented = models.CharField(max_length=20, choices=Represented.choices, blank=True)
    step = models.CharField(max_length=30, default=FIRST_STEP)
    steps_done = models.JSONField(default=list, blank=True)
    pending = models.JSONField(default=dict, blank=True)
    """Fields typed on a step but not yet sent with "Næste", by step: {step: {"fields": [[name, value], ...],
    "kept": bool}}, as autosaved or kept after the session ran out; shown as the step's form until it is sent."""
    exemption_reference = models.CharField(
        _("reference til fritagelsen"),
        max_length=200,
        blank=True,
        help_text=_("Fx journalnummeret på afgørelsen om fritagelse for digital selvbetjening."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("kladde til klage")
        verbose_name_plural = _("kladder til klager")

    def __str__(self) -> str:
        return f"{self.case_id}: {self.step}"

    @property
    def is_association(self) -> bool:
        return self.capacity == Capacity.REPRESENT and self.represented == Represented.ASSOCIATION

    @property
    def is_exempt(self) -> bool:
        """A municipality files for a citizen exempted from digital self-service (KP-2, KP-3)."""
        return self.capacity == Capacity.EXEMPT

    @property
    def represents_others(self) -> bool:
        return self.capacity == Capacity.REPRESENT and self.represented == Represented.PERSONS_COMPANIES

"""What each status means, in plain words, for the public status overview and the case pages (BD-2): who may see
the case, and whether the first instance must act."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from klageportal.cases.models import Status


@dataclass(frozen=True)
class StatusGuide:
    status: Status
    meaning: Promise
    first_instance_acts: bool
    """The first instance (the authority whose decision is appealed) must do something in this status."""


GUIDE: tuple[StatusGuide, ...] = (
    StatusGuide(
        Status.KLADDE,
        _("Klagen er påbegyndt, men ikke sendt. Kun den, der har oprettet den, kan se den."),
        False,
    ),
    StatusGuide(
        Status.UDFYLDT,
        _(
            "Klagen er på vej, men mangler fx betaling eller en klagers godkendelse af repræsentationen. Den orange "
            "boks på sagen viser, hvad der mangler. Førsteinstansen kan se klagen, men kan ikke behandle den endnu."
        ),
        False,
    ),
    StatusGuide(
        Status.INDSENDT,
        _(
            "Klagen er klar til at blive behandlet af førsteinstansen, som enten genvurderer sin afgørelse eller "
            "sender sagen videre til klagenævnet med sit svarskema."
        ),
        True,
    ),
    StatusGuide(
        Status.GENOPTAGET,
        _(
            "Førsteinstansen har genoptaget sagen og genvurderer selv sin afgørelse. Sagen er lukket i klageportalen. "
            "Er den genoptaget ved en fejl, kan klagenævnet genåbne den."
        ),
        False,
    ),
    StatusGuide(
        Status.VIDERESENDT,
        _(
            "Førsteinstansen har fastholdt sin afgørelse og sendt sagen til klagenævnet. Alle sagens parter kan nu se "
            "sagens dokumenter."
        ),
        False,
    ),
    StatusGuide(
        Status.UNDER_BEHANDLING,
        _("Klagenævnets sekretariat behandler sagen, fx ved at indhente oplysninger eller sende dokumenter i høring."),
        False,
    ),
    StatusGuide(
        Status.AFVENTER_NAEVN,
        _("Sagen er klar og venter på at blive afgjort af klagenævnet."),
        False,
    ),
    StatusGuide(
        Status.AFGJORT, _("Klagenævnet har truffet afgørelse i sagen. Afgørelsen ligger under Dokumenter."), False
    ),
    StatusGuide(
        Status.AFVIST,
        _("Klagenævnet har afvist at behandle klagen, fx fordi den er kommet for sent. Begrundelsen ligger på sagen."),
        False,
    ),
    StatusGuide(Status.TILBAGEKALDT, _("Klagen er trukket tilbage, og sagen behandles ikke videre."), False),
    StatusGuide(Status.AFSLUTTET, _("Sagen er afsluttet i klageportalen."), False),
)

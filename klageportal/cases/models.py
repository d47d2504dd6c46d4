"""A case at an appeals body: its parties, status history and an event log that is never edited."""

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.db.models.functions import Upper
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from klageportal.catalog.models import Channel
from klageportal.core.bulk import constant, insert_from
from klageportal.core.masking import mask_cpr
from klageportal.core.phrases import RECORD_LANGUAGE, Phrase

if TYPE_CHECKING:
    from klageportal.identity.models import User


class Status(models.TextChoices):
    KLADDE = "kladde", _("Kladde")
    UDFYLDT = "udfyldt", _("Udfyldt")
    INDSENDT = "indsendt", _("Indsendt")
    GENOPTAGET = "genoptaget", _("Genoptaget af førsteinstans")
    VIDERESENDT = "videresendt", _("Videresendt til nævn")
    UNDER_BEHANDLING = "under_behandling", _("Under sekretariatsbehandling")
    AFVENTER_NAEVN = "afventer_naevn", _("Afventer nævnsbehandling")
    AFGJORT = "afgjort", _("Afgjort")
    AFVIST = "afvist", _("Afvist")
    TILBAGEKALDT = "tilbagekaldt", _("Tilbagekaldt")
    AFSLUTTET = "afsluttet", _("Afsluttet")


class CaseNumberSequence(models.Model):
    """One counter per series and year; taken under a row lock so numbers are unique and gap-free."""

    series = models.CharField(max_length=20)
    year = models.PositiveSmallIntegerField()
    last_value = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["series", "year"], name="casenumber_series_year")]

    def __str__(self) -> str:
        return f"{self.series}-{self.year}: {self.last_value}"


class Case(models.Model):
    number = models.CharField(_("sagsnummer"), max_length=30, unique=True)
    channel = models.CharField(_("kanal"), max_length=20, choices=Channel.choices)
    status = models.CharField(_("status"), max_length=30, choices=Status.choices, default=Status.KLADDE, db_index=True)
    board = models.ForeignKey("catalog.Board", on_delete=models.PROTECT, related_name="cases")
    complaint_type = models.ForeignKey(
        "catalog.ComplaintType", on_delete=models.PROTECT, related_name="cases", null=True, blank=True
    )
    type_version = models.ForeignKey(
        "catalog.ComplaintTypeVersion", on_delete=models.PROTECT, related_name="cases", null=True, blank=True
    )
    authority = models.ForeignKey(
        "catalog.Authority", on_delete=models.PROTECT, related_name="cases", null=True, blank=True
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="created_cases")
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True, db_index=True)
    submitted_at = models.DateTimeField(_("indsendt"), null=True, blank=True)
    forwarded_at = models.DateTimeField(_("videresendt"), null=True, blank=True)
    closed_at = models.DateTimeField(_("afsluttet"), null=True, blank=True)
    decision_date = models.DateField(_("afgørelsens dato"), null=True, blank=True)
    decision_reference = models.CharField(_("afgørelsens reference"), max_length=200, blank=True)
    complaint_text = models.TextField(_("klagen"), blank=True)
    location_address = models.CharField(_("adresse"), max_length=300, blank=True)
    location_lat = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    location_lon = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    association_name = models.CharField(_("foreningens navn"), max_length=200, blank=True)
    association_signing_confirmed = models.BooleanField(
        _("foreningens tegningsregler giver ret til at klage på dens vegne"), default=False
    )
    filed_for_exempt_citizen = models.BooleanField(
        _("oprettet af kommunen for en borger, der er fritaget for digital selvbetjening"), default=False
    )
    grouping = models.ForeignKey(
        "cases.Grouping", on_delete=models.SET_NULL, null=True, blank=True, related_name="cases"
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_cases",
        verbose_name=_("sagsbehandler"),
    )
    """BD-1: the appeals body's caseworker who has the case ("Mine sager")."""
    principled_treatment = models.BooleanField(_("udvalgt til principiel behandling"), default=False)
    """BD-9: the appeals body has marked the case for principled treatment."""

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            # The appeals body's inbox: its boards' cases, newest received first, with or without a status.
            models.Index(fields=["board", "-forwarded_at", "-id"], name="case_board_forwarded"),
            models.Index(fields=["board", "status", "-forwarded_at", "-id"], name="case_board_status_forwarded"),
            models.Index(fields=["assigned_to", "status"], name="case_assigned_status"),
            models.Index(fields=["board", "status", "-created_at"], name="case_board_status_created"),
            # The first instance's inbox (cases/inbox.py): its cases newest first, with or without a status.
            models.Index(fields=["authority", "status", "-created_at", "-id"], name="case_authority_status_created"),
            models.Index(fields=["authority", "-created_at", "-id"], name="case_authority_created"),
            models.Index(fields=["authority", "-submitted_at", "-id"], name="case_authority_submitted"),
            # "Is there a complaint in this matter?": the decision's reference, compared case-insensitively.
            models.Index(Upper("decision_reference"), name="case_decision_reference_upper"),
        ]
        verbose_name = _("sag")
        verbose_name_plural = _("sager")

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("workspaces:case_detail", kwargs={"number": self.number})


class Grouping(models.Model):
    """FI-8: complaints of one complaint type that the first instance handles together, e.g. many about one plan."""

    authority = models.ForeignKey("catalog.Authority", on_delete=models.PROTECT, related_name="groupings")
    complaint_type = models.ForeignKey("catalog.ComplaintType", on_delete=models.PROTECT, related_name="groupings")
    name = models.CharField(_("navn"), max_length=200)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("gruppering")
        verbose_name_plural = _("grupperinger")

    def __str__(self) -> str:
        return self.name


class Follow(models.Model):
    """FI-9: a staff member follows a case; its news goes into their daily digest."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="follows")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "case"], name="follow_user_case")]
        verbose_name = _("fulgt sag")
        verbose_name_plural = _("fulgte sager")

    def __str__(self) -> str:
        return f"{self.user_id} → {self.case_id}"


class PartyRole(models.TextChoices):
    COMPLAINANT = "complainant", _("Klager")
    REPRESENTATIVE = "representative", _("Repræsentant")
    FIRST_INSTANCE = "first_instance", _("Førsteinstans")
    PAYER = "payer", _("Betaler")
    OTHER = "other", _("Anden part")


class PartyKind(models.TextChoices):
    PERSON = "person", _("Privatperson")
    COMPANY = "company", _("Virksomhed")
    ASSOCIATION = "association", _("Forening uden CVR-nummer")
    AUTHORITY = "authority", _("Myndighed")


class ApprovalState(models.TextChoices):
    NOT_NEEDED = "not_needed", _("Kræves ikke")
    PENDING = "pending", _("Afventer godkendelse")
    APPROVED = "approved", _("Godkendt")
    DECLINED = "declined", _("Afvist")


class Party(models.Model):
    """A party on one case, with the contact details used for that case (CW-5)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="parties")
    role = models.CharField(_("rolle"), max_length=20, choices=PartyRole.choices)
    kind = models.CharField(_("type"), max_length=20, choices=PartyKind.choices, default=PartyKind.PERSON)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="parties"
    )
    is_filer = models.BooleanField(_("har oprettet klagen"), default=False)
    name = models.CharField(_("navn"), max_length=200)
    cpr = models.CharField(_("CPR-nummer"), max_length=10, blank=True, db_index=True)
    cvr = models.CharField(_("CVR-nummer"), max_length=8, blank=True, db_index=True)
    authority = models.ForeignKey(
        "catalog.Authority", on_delete=models.PROTECT, null=True, blank=True, related_name="parties"
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("telefon"), max_length=40, blank=True)
    address = models.CharField(_("adresse"), max_length=300, blank=True)
    no_email = models.BooleanField(
        _("har ingen e-mail; skriv med post"),
        default=False,
        help_text=_(
            "Parten har ingen e-mailadresse; førsteinstansens adresse bruges, og klageinstansen skriver med post."
        ),
    )
    digital_post_exempt = models.BooleanField(_("fritaget for Digital Post"), default=False)
    removed_at = models.DateTimeField(_("fjernet"), null=True, blank=True)
    approval = models.CharField(
        _("godkendelse"), max_length=20, choices=ApprovalState.choices, default=ApprovalState.NOT_NEEDED
    )
    approval_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    proposed = models.BooleanField(
        _("foreslået part"),
        default=False,
        help_text=_("Foreslået af førsteinstansen; ser intet af sagen, før klageinstansen bekræfter parten."),
    )
    confirmed_at = models.DateTimeField(_("bekræftet"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["case", "pk"]
        verbose_name = _("part")
        verbose_name_plural = _("parter")

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.name}"

    @property
    def masked_cpr(self) -> str:
        return mask_cpr(self.cpr)

    @property
    def awaits_confirmation(self) -> bool:
        """A party the first instance proposed that the appeals body has not yet confirmed (AS-23, BD-8)."""
        return self.proposed and self.confirmed_at is None


class StatusChange(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=30, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=30, choices=Status.choices)
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.from_status} → {self.to_status}"


class ImmutableEventError(Exception):
    """Raised on any attempt to change or remove a case event (X-2)."""


class CaseEventQuerySet(models.QuerySet["CaseEvent"]):
    def update(self, **kwargs: Any) -> int:
        raise ImmutableEventError("Case events cannot be changed.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise ImmutableEventError("Case events cannot be deleted.")

    def _raw_delete(self, using: str | None) -> int:
        raise ImmutableEventError("Case events cannot be deleted.")


def event_display_text(text: str, data: object) -> str:
    """A history line in the reader's language when it was written as a phrase; else as recorded."""
    stored = data.get("phrase") if isinstance(data, dict) else None
    if not stored:
        return text
    try:
        return str(Phrase.from_json(stored))
    except (KeyError, TypeError, ValueError):
        return text


class CaseEvent(models.Model):
    """One line of a case's history: who did what, when. Written once, never edited (X-2)."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Sagen er oprettet")
        STATUS = "status", _("Status er ændret")
        PARTY = "party", _("Part")
        DOCUMENT = "document", _("Dokument")
        PAYMENT = "payment", _("Betaling")
        APPROVAL = "approval", _("Godkendelse")
        MESSAGE = "message", _("Besked")
        NOTE = "note", _("Notat")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actor_name = models.CharField(max_length=200, blank=True)
    text = models.TextField()
    data = models.JSONField(default=dict, blank=True)

    objects = CaseEventQuerySet.as_manager()

    class Meta:
        base_manager_name = "objects"
        ordering = ["at", "pk"]
        verbose_name = _("hændelse")
        verbose_name_plural = _("hændelser")
        indexes = [
            # The body's inbox counts its boards' cases with an overpayment (payments.selectors
            # cases_with_overpayment) on every request: without this the events of all its cases are read.
            models.Index(
                fields=["case"],
                name="caseevent_overpaid",
                condition=models.Q(kind="payment", data__action="overpaid"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.at:%Y-%m-%d %H:%M}: {self.text}"

    @property
    def display_text(self) -> str:
        return event_display_text(self.text, self.data)

    @classmethod
    def record(
        cls,
        *,
        case: Case,
        kind: str,
        text: "str | Phrase",
        actor: "User | None" = None,
        data: dict[str, Any] | None = None,
    ) -> "CaseEvent":
        """Write a history line. A Phrase is recorded in Danish, and kept to be shown in each reader's
        language; the actor's name is recorded in Danish too ("Klageportalen" when the portal acted)."""
        text, actor_name, data = cls._recorded(text=text, actor=actor, data=data)
        return cls.objects.create(case=case, kind=kind, text=text, actor=actor, actor_name=actor_name, data=data)

    @classmethod
    def record_many(
        cls,
        *,
        cases: "models.QuerySet[Case]",
        kind: str,
        text: "str | Phrase",
        actor: "User | None" = None,
        data: dict[str, Any] | None = None,
    ) -> int:
        """The same history line on every case of `cases`, written as record() writes it, in one statement
        however many cases there are (an action on all cases of a grouping, FI-8). Returns the lines written."""
        text, actor_name, data = cls._recorded(text=text, actor=actor, data=data)
        field = cls._meta.get_field
        return insert_from(
            into=cls,
            rows=cases,
            columns={
                "case": models.F("pk"),
                "kind": constant(kind, field("kind")),
                "at": constant(timezone.now(), field("at")),
                "actor": constant(actor.pk if actor else None, models.IntegerField()),
                "actor_name": constant(actor_name, field("actor_name")),
                "text": constant(text, field("text")),
                "data": constant(data, field("data")),
            },
        )

    @staticmethod
    def _recorded(
        *, text: "str | Phrase", actor: "User | None", data: dict[str, Any] | None
    ) -> tuple[str, str, dict[str, Any]]:
        """The text, the actor's name and the data as a history line stores them (Danish, the phrase kept)."""
        data = dict(data or {})
        if isinstance(text, Phrase):
            data["phrase"] = text.to_json()
            text = text.in_record_language()
        with translation.override(RECORD_LANGUAGE):
            actor_name = actor.display_name if actor else gettext("Klageportalen")
        return text, actor_name, data

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None or not self._state.adding:
            raise ImmutableEventError("Case events cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ImmutableEventError("Case events cannot be deleted.")


class Message(models.Model):
    """A message ("Skriv besked", CW-7): a party writes to the appeals body about a case; the body answers, may share
    a message or its answer with the other parties. Written once, never edited; each one is in the history."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    author_name = models.CharField(_("afsender"), max_length=200)
    party = models.ForeignKey(
        Party, on_delete=models.SET_NULL, null=True, blank=True, related_name="messages", verbose_name=_("part")
    )
    """The party the author wrote as; empty when the appeals body wrote."""
    from_body = models.BooleanField(_("fra klageinstansen"), default=False)
    in_reply_to = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="replies", verbose_name=_("svar på")
    )
    text = models.TextField(_("besked"))
    shared = models.BooleanField(_("delt med sagens øvrige parter"), default=False)
    created_at = models.DateTimeField(_("sendt"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("besked")
        verbose_name_plural = _("beskeder")

    def __str__(self) -> str:
        return f"{self.case_id}: {self.author_name}"


class ExemptionRequest(models.Model):
    """KP-8, BD-4: a representative asks that the complainant be exempted from digital self-service; the board
    grants it (the first instance then files for the citizen) or refuses it with a deadline to file in the portal."""

    class State(models.TextChoices):
        PENDING = "pending", _("Afventer afgørelse")
        GRANTED = "granted", _("Imødekommet")
        REFUSED = "refused", _("Afslået")

    number = models.CharField(_("nummer"), max_length=30, unique=True)
    board = models.ForeignKey("catalog.Board", on_delete=models.PROTECT, related_name="exemption_requests")
    complaint_type = models.ForeignKey(
        "catalog.ComplaintType", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    authority = models.ForeignKey(
        "catalog.Authority",
        on_delete=models.PROTECT,
        related_name="exemption_requests",
        verbose_name=_("myndigheden, der har truffet afgørelsen"),
    )
    decision_reference = models.CharField(_("afgørelsens reference"), max_length=200, blank=True)
    decision_date = models.DateField(_("afgørelsens dato"), null=True, blank=True)
    citizen_name = models.CharField(_("borgerens navn"), max_length=200)
    citizen_cpr = models.CharField(_("borgerens CPR-nummer"), max_length=10, blank=True)
    citizen_address = models.CharField(_("borgerens adresse"), max_length=300, blank=True)
    reason = models.TextField(_("begrundelse"))
    digital_post_exempt = models.BooleanField(_("borgeren ønsker også fritagelse for Digital Post"), default=False)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(_("sendt"), auto_now_add=True, db_index=True)
    state = models.CharField(_("afgørelse"), max_length=20, choices=State.choices, default=State.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("afgjort"), null=True, blank=True)
    decision_reason = models.TextField(_("begrundelse for afgørelsen"), blank=True)
    file_deadline = models.DateField(_("frist for at klage i portalen"), null=True, blank=True)
    case = models.ForeignKey(Case, on_delete=models.SET_NULL, null=True, blank=True, related_name="exemption_requests")
    """The complaint filed after the decision (in the portal, or by the first instance for the citizen)."""

    class Meta:
        ordering = ["-requested_at", "-pk"]
        indexes = [models.Index(fields=["board", "state", "-requested_at"], name="exemption_board_state")]
        verbose_name = _("anmodning om fritagelse")
        verbose_name_plural = _("anmodninger om fritagelse")

    def __str__(self) -> str:
        return self.number

    @property
    def masked_cpr(self) -> str:
        return mask_cpr(self.citizen_cpr)

"""The catalogue: appeals bodies, boards, complaint types with versioned fees, authorities, law areas."""

import re
from datetime import date

from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class AppealsBody(models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField(_("navn"), max_length=200)
    cvr = models.CharField(_("CVR-nummer"), max_length=8, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("telefon"), max_length=40, blank=True)
    address = models.CharField(_("adresse"), max_length=200, blank=True)
    website = models.CharField(_("hjemmeside"), max_length=200, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("klageinstans")
        verbose_name_plural = _("klageinstanser")

    def __str__(self) -> str:
        return self.name


class Board(models.Model):
    body = models.ForeignKey(AppealsBody, on_delete=models.PROTECT, related_name="boards")
    slug = models.SlugField(unique=True)
    name = models.CharField(_("navn"), max_length=200)
    short_name = models.CharField(_("forkortelse"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    description = models.TextField(_("beskrivelse"), blank=True)
    expected_processing_days = models.PositiveSmallIntegerField(
        _("forventet sagsbehandlingstid (dage)"),
        null=True,
        blank=True,
        help_text=_(
            "Sager, der har ligget længere siden modtagelsen, vises som overskredet i klageinstansens indbakke."
        ),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("klagenævn")
        verbose_name_plural = _("klagenævn")

    def __str__(self) -> str:
        return self.name


class Channel(models.TextChoices):
    FILING = "filing", _("Klageportalen (klagen indgives af klager)")
    FORWARDING = "forwarding", _("Web-ankeskema (kommunen videresender)")
    OUTSIDE = "outside", _("Indgives ikke i portalen")


class FeeDue(models.TextChoices):
    AT_FILING = "filing", _("Ved indsendelse")
    AT_FORWARDING = "forwarding", _("Når førsteinstansen videresender sagen")


class ComplaintType(models.Model):
    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="complaint_types")
    slug = models.SlugField()
    name = models.CharField(_("navn"), max_length=200)
    name_en = models.CharField(_("navn på engelsk"), max_length=200, blank=True)
    position = models.PositiveIntegerField(default=0)
    is_active = models.BooleanField(_("aktiv"), default=True)

    class Meta:
        ordering = ["board", "position", "name"]
        constraints = [models.UniqueConstraint(fields=["board", "slug"], name="complainttype_board_slug")]
        verbose_name = _("klagetype")
        verbose_name_plural = _("klagetyper")

    def __str__(self) -> str:
        return f"{self.board.short_name or self.board.name}: {self.name}"

    @property
    def label(self) -> str:
        """The name in the active language: the English name when English is active and one is given."""
        if self.name_en and (get_language() or "").startswith("en"):
            return self.name_en
        return self.name

    def version_at(self, when: date | None = None) -> "ComplaintTypeVersion | None":
        """Return the version in force on a day (today by default)."""
        when = when or timezone.localdate()
        return self.versions.filter(valid_from__lte=when).order_by("-valid_from").first()


class ComplaintTypeVersion(models.Model):
    """Fees and texts of a complaint type from a date on; a case keeps the version it was filed under."""

    complaint_type = models.ForeignKey(ComplaintType, on_delete=models.PROTECT, related_name="versions")
    valid_from = models.DateField(_("gældende fra"))
    channel = models.CharField(_("kanal"), max_length=20, choices=Channel.choices, default=Channel.FILING)
    fee_private = models.PositiveIntegerField(_("gebyr for privatpersoner (kr.)"), default=0)
    fee_company = models.PositiveIntegerField(_("gebyr for virksomheder og organisationer (kr.)"), default=0)
    fee_due = models.CharField(_("gebyret forfalder"), max_length=20, choices=FeeDue.choices, default=FeeDue.AT_FILING)
    refund_rule = models.TextField(_("regel for tilbagebetaling"), blank=True)
    outside_text = models.TextField(_("hvor klagen indgives i stedet"), blank=True)
    ready_text = models.TextField(_("hvad klager skal have klar"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["complaint_type", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["complaint_type", "valid_from"], name="ctversion_type_valid_from")
        ]
        verbose_name = _("version af klagetype")
        verbose_name_plural = _("versioner af klagetyper")

    def __str__(self) -> str:
        return f"{self.complaint_type} ({self.valid_from:%d.%m.%Y})"

    @property
    def has_fee(self) -> bool:
        return bool(self.fee_private or self.fee_company)


class Authority(models.Model):
    """A first instance: a municipality or another authority whose decisions are appealed."""

    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _("Kommune")
        AGENCY = "agency", _("Anden myndighed")

    name = models.CharField(_("navn"), max_length=200, unique=True)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.MUNICIPALITY)
    municipality_code = models.CharField(_("kommunekode"), max_length=3, blank=True)
    cvr = models.CharField(_("CVR-nummer"), max_length=8, blank=True, db_index=True)
    email = models.EmailField(_("officiel e-mailadresse"), blank=True)
    letter_receipt_days = models.PositiveSmallIntegerField(
        _("dage før et brev regnes for modtaget"),
        default=0,
        help_text=_("0: brevet regnes for modtaget på brevets dato."),
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality_code"],
                condition=~models.Q(municipality_code=""),
                name="authority_unique_municipality_code",
            )
        ]
        verbose_name = _("myndighed")
        verbose_name_plural = _("myndigheder")

    def __str__(self) -> str:
        return self.name


_LETTERS = "abcdefghijklmnopqrstuvwxyzæøå"
# A letter suffix is one letter standing alone ("§ 70 a"), not the first letter of a word ("§ 41 stk. 2").
_PARAGRAPH_NUMBER = re.compile(r"(\d+)\s*([a-zæøå]?)(?![a-zæøå])", re.IGNORECASE)


def paragraph_sort_key(paragraph: str) -> int:
    """Turn "§ 9", "§ 41", "§ 70 a", "§§ 66-79" into a number that sorts them as a lawyer would."""
    match = _PARAGRAPH_NUMBER.search(paragraph or "")
    if not match:
        return 999_999
    letter = match.group(2).lower()
    return int(match.group(1)) * 100 + (_LETTERS.find(letter) + 1 if letter else 0)


class Law(models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField(_("lov"), max_length=200)
    short_name = models.CharField(_("kort navn"), max_length=60, blank=True)
    single_item = models.BooleanField(_("loven er ét sagsområde"), default=False)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("lov")
        verbose_name_plural = _("love")

    def __str__(self) -> str:
        return self.name


class LawArea(models.Model):
    law = models.ForeignKey(Law, on_delete=models.CASCADE, related_name="areas")
    name = models.CharField(_("sagsområde"), max_length=200)
    paragraph = models.CharField(_("paragraf"), max_length=40, blank=True)
    sort_key = models.PositiveIntegerField(editable=False, default=0)
    follow_up = models.BooleanField(_('spørg "Hvilken paragraf er afgørelsen truffet efter?"'), default=False)
    catch_all = models.BooleanField(_("øvrige bestemmelser"), default=False)
    required_documents = models.JSONField(_("områdets nødvendige akter"), default=list, blank=True)

    class Meta:
        ordering = ["law", "catch_all", "sort_key", "name"]
        constraints = [models.UniqueConstraint(fields=["law", "name"], name="lawarea_law_name")]
        verbose_name = _("sagsområde")
        verbose_name_plural = _("sagsområder")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.sort_key = paragraph_sort_key(self.paragraph)
        super().save(*args, **kwargs)


class DocumentCategory(models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField(_("navn"), max_length=100)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("dokumentkategori")
        verbose_name_plural = _("dokumentkategorier")

    def __str__(self) -> str:
        return self.name

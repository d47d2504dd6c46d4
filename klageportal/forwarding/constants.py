"""Names and choices of the web appeal form, in the guidance's own words (AS-6); its pages are in form/table.py."""

from django.db import models
from django.utils.translation import gettext_lazy as _

LOBENUMMER_SERIES = "ANKESKEMA"


class YesNo(models.TextChoices):
    YES = "ja", _("Ja")
    NO = "nej", _("Nej")


class DecisionChannel(models.TextChoices):
    DIGITAL = "digital", _("Digitalt")
    LETTER = "letter", _("Med brev")
    ORAL = "oral", _("Mundtligt")


class ComplaintChannel(models.TextChoices):
    DIGITAL = "digital", _("Digitalt")
    POST = "post", _("Med post")
    ORAL = "oral", _("Mundtligt")


class Outcome(models.TextChoices):
    MAINTAINED = "fastholdt", _("Kommunen fastholder afgørelsen")
    PARTLY_UPHELD = "delvis", _("Kommunen giver klageren delvist medhold")


class ContactRole(models.TextChoices):
    """ "Kontaktpersonens rolle" (AS-23)."""

    REPRESENTATIVE = "partsrepraesentant", _("Partsrepræsentant")
    GUARDIAN = "vaerge", _("Værge")
    OTHER_COMPLAINANT = "anden-klager", _("Anden klager")
    PARENT = "foraelder", _("Forælder")
    CHILD = "barn", _("Barn")
    COMPANY = "virksomhed", _("Virksomhed")
    OTHER = "anden-part", _("Anden part")


class NameSource(models.TextChoices):
    REGISTER = "register", _("Fra CPR-registret")
    TYPED = "typed", _("Skrevet af kommunen, fordi CPR-registret ikke svarede")
    NO_CPR = "no_cpr", _("Borgeren har ikke et dansk CPR-nummer")

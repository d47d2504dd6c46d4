"""What the first instance and the appeals body write while they work a case, beyond the case itself."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ResponseForm(models.Model):
    """FI-4: the first instance's answer to the complaint (svarskema), one per case.

    Saved as a draft as often as the caseworker likes; attaching it renders it to a PDF on the case, after
    which it is kept as it was attached.
    """

    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, related_name="response_form")
    maintains_decision = models.BooleanField(_("førsteinstansen fastholder afgørelsen"), null=True, blank=True)
    comments = models.TextField(_("bemærkninger til klagen"), blank=True)
    facts = models.TextField(_("sagens faktiske omstændigheder"), blank=True)
    rules = models.TextField(_("anvendte regler"), blank=True)
    principled = models.BooleanField(_("principiel problemstilling"), null=True, blank=True)
    principled_reason = models.TextField(_("begrundelse for principiel problemstilling"), blank=True)
    contact_name = models.CharField(_("kontaktperson"), max_length=200, blank=True)
    contact_email = models.EmailField(_("kontaktpersonens e-mail"), blank=True)
    contact_phone = models.CharField(_("kontaktpersonens telefon"), max_length=40, blank=True)
    other = models.TextField(_("øvrige bemærkninger"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    attached_at = models.DateTimeField(_("vedhæftet sagen"), null=True, blank=True)
    attached_document = models.ForeignKey(
        "documents.CaseDocument", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        indexes = [models.Index(fields=["principled"], name="responseform_principled")]
        verbose_name = _("svarskema")
        verbose_name_plural = _("svarskemaer")

    def __str__(self) -> str:
        return f"{self.case_id}: svarskema"

    @property
    def is_attached(self) -> bool:
        return self.attached_at is not None


class Hearing(models.Model):
    """BD-8: documents sent to parties for their comments (høring), with a reply deadline they see and are
    reminded of."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="hearings")
    documents = models.ManyToManyField("documents.CaseDocument", related_name="hearings", verbose_name=_("dokumenter"))
    parties = models.ManyToManyField("cases.Party", related_name="hearings", verbose_name=_("parter"))
    text = models.TextField(_("følgebrev"), blank=True)
    deadline = models.DateField(_("svarfrist"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("sendt"), auto_now_add=True)
    reminded_at = models.DateTimeField(_("påmindet"), null=True, blank=True)
    closed_at = models.DateTimeField(_("afsluttet"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["deadline", "reminded_at"], name="hearing_deadline_reminded")]
        verbose_name = _("høring")
        verbose_name_plural = _("høringer")

    def __str__(self) -> str:
        return f"{self.case_id}: høring til {self.deadline}"


class Decision(models.Model):
    """BD-3, BD-9: the appeals body's decision, a document with an outcome; deciding closes the case."""

    class Outcome(models.TextChoices):
        STADFAESTET = "stadfaestet", _("Stadfæstet")
        AENDRET = "aendret", _("Ændret eller ophævet")
        HJEMVIST = "hjemvist", _("Hjemvist")
        AFVIST = "afvist", _("Afvist")

    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, related_name="decision")
    outcome = models.CharField(_("resultat"), max_length=20, choices=Outcome.choices)
    document = models.ForeignKey(
        "documents.CaseDocument", on_delete=models.PROTECT, related_name="+", verbose_name=_("afgørelsen")
    )
    principle_decision = models.BooleanField(_("principafgørelse til offentliggørelse"), default=False)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(_("afgjort"), auto_now_add=True)

    class Meta:
        verbose_name = _("afgørelse")
        verbose_name_plural = _("afgørelser")

    def __str__(self) -> str:
        return f"{self.case_id}: {self.outcome}"

"""People who log in. Identity comes only from the identity provider's claims (AUTH-2)."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from klageportal.core.masking import mask_cpr


class Role(models.TextChoices):
    CITIZEN = "citizen", _("Borger")
    COMPANY = "company", _("Virksomhed")
    AUTHORITY = "authority", _("Førsteinstans")
    BODY_STAFF = "body_staff", _("Klageinstans")
    ADMIN = "admin", _("Administrator")


class Right(models.TextChoices):
    """Rights inside an organisation, from the login (AUTH-4)."""

    SIGNING = "tegningsret", _("Tegningsret for virksomheden")
    COMPLAINT_CASES = "klagesager", _("Adgang til virksomhedens klagesager")
    ANKESKEMA = "ankeskema", _("Adgang til web-ankeskemaet")
    ADMINISTRATOR = "administrator", _("Administrator")


CASEWORKER_RIGHT_PREFIX = "sagsbehandler:"
"""A right "sagsbehandler:<board slug>" makes an appeals body's employee a caseworker of that board."""


class User(AbstractUser):
    oidc_sub = models.CharField(_("login-id"), max_length=255, unique=True, null=True, blank=True)
    full_name = models.CharField(_("navn"), max_length=200, blank=True)
    cpr = models.CharField(_("CPR-nummer"), max_length=10, blank=True, db_index=True)
    cvr = models.CharField(_("CVR-nummer"), max_length=8, blank=True, db_index=True)
    organisation_name = models.CharField(_("organisation"), max_length=200, blank=True)
    rights = models.JSONField(_("rettigheder"), default=list, blank=True)
    role = models.CharField(_("rolle"), max_length=20, choices=Role.choices, default=Role.CITIZEN)
    authority = models.ForeignKey(
        "catalog.Authority", on_delete=models.PROTECT, null=True, blank=True, related_name="staff"
    )
    appeals_body = models.ForeignKey(
        "catalog.AppealsBody", on_delete=models.PROTECT, null=True, blank=True, related_name="staff"
    )
    boards = models.ManyToManyField("catalog.Board", blank=True, related_name="caseworkers")
    notification_email = models.EmailField(
        _("e-mail til underretninger"),
        blank=True,
        help_text=_("Din egen eller en afdelings postkasse; her får du den daglige oversigt over sager, du følger."),
    )

    class Meta:
        verbose_name = _("bruger")
        verbose_name_plural = _("brugere")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.full_name or self.username

    def get_full_name(self) -> str:
        return self.display_name

    def get_short_name(self) -> str:
        return self.display_name

    @property
    def masked_cpr(self) -> str:
        return mask_cpr(self.cpr)

    def has_right(self, right: str) -> bool:
        return right in (self.rights or [])

    @property
    def can_sign_for_company(self) -> bool:
        return bool(self.cvr) and self.has_right(Right.SIGNING)

    @property
    def acts_on_company_cases(self) -> bool:
        """X-3: a company's cases are open to its people with signing authority or the complaint-cases right."""
        return bool(self.cvr) and (self.has_right(Right.SIGNING) or self.has_right(Right.COMPLAINT_CASES))

    @property
    def can_use_ankeskema(self) -> bool:
        return self.role == Role.AUTHORITY and self.has_right(Right.ANKESKEMA)


class KeptInput(models.Model):
    """What a person posted on a form page after their session had run out (AUTH-3): kept for a short while
    under their user, and offered back on that page once they have logged in again. Never in a URL or a log."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    path = models.CharField(max_length=400)
    fields = models.JSONField(default=list)
    """The posted fields as [name, value] pairs, in the order posted (a name may come more than once)."""
    kept_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("indtastning gemt efter udløbet session")
        verbose_name_plural = _("indtastninger gemt efter udløbet session")
        constraints = [models.UniqueConstraint(fields=["user", "path"], name="kept_input_one_per_page")]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.path}"

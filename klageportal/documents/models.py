"""Documents are stored once and linked to cases (DOC-6); visibility follows the case status (X-6)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from klageportal.cases.models import PartyRole


def document_upload_to(instance: "Document", filename: str) -> str:
    return f"documents/{instance.sha256[:2]}/{instance.sha256}"


class Document(models.Model):
    file = models.FileField(upload_to=document_upload_to, max_length=300)
    original_name = models.CharField(_("filnavn"), max_length=260)  # validation.NAME_COLUMN_LENGTH
    size = models.PositiveBigIntegerField(_("størrelse"))
    sha256 = models.CharField(max_length=64, db_index=True)
    content_type = models.CharField(max_length=100, blank=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")

    class Meta:
        verbose_name = _("dokument")
        verbose_name_plural = _("dokumenter")

    def __str__(self) -> str:
        return self.original_name


class CaseDocument(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="documents")
    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="case_links")
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    added_by_role = models.CharField(_("tilføjet af"), max_length=20, choices=PartyRole.choices)
    added_at = models.DateTimeField(auto_now_add=True, db_index=True)
    categories = models.ManyToManyField("catalog.DocumentCategory", blank=True, related_name="+")
    restricted = models.BooleanField(_("begrænset adgang"), default=False)
    restricted_reason = models.TextField(_("begrundelse for begrænset adgang"), blank=True)

    class Meta:
        ordering = ["added_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["case", "document"], name="casedocument_case_document")]
        verbose_name = _("sagsdokument")
        verbose_name_plural = _("sagsdokumenter")

    def __str__(self) -> str:
        return f"{self.case_id}: {self.document_id}"

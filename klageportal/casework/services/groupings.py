"""A grouping's documents (FI-8, DOC-6): a file added to a grouping is stored once and linked to every case in
it, with the labels chosen, and a line in each case's history. However many cases the grouping has, the number
of statements is the same: the links, their labels and the history lines are each written by one
`INSERT … SELECT` over the grouping's cases (core.bulk)."""

from collections.abc import Iterable, Sequence

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import models
from django.db.models import F, Sum
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from klageportal.cases import policies
from klageportal.cases.models import Case, CaseEvent, Grouping, PartyRole, Status
from klageportal.cases.workflow import BODY_OPEN
from klageportal.catalog.models import DocumentCategory
from klageportal.core.bulk import constant, insert_from
from klageportal.core.phrases import phrase
from klageportal.documents import validation
from klageportal.documents.models import CaseDocument, Document
from klageportal.documents.uploads import UploadResult, uploads_store
from klageportal.identity.models import User

RECEIVING = (Status.INDSENDT, *BODY_OPEN)
"""The statuses in which the first instance adds documents to a case (policies.can_add_documents): a case of the
grouping that has been closed (Genoptag) or decided gets nothing more through the grouping."""


def grouping_receiving_cases(*, grouping: Grouping) -> models.QuerySet[Case]:
    """The grouping's cases a document added to the grouping goes to."""
    return Case.objects.filter(grouping=grouping, status__in=RECEIVING)


def grouping_document_link(
    *, grouping: Grouping, document: Document, by: User, categories: Sequence[DocumentCategory] = ()
) -> int:
    """Link a stored document to every receiving case of the grouping, as the first instance, with the labels;
    one history line per case. The caller holds the grouping's lock. Returns the number of cases."""
    receiving = grouping_receiving_cases(grouping=grouping)
    link_field = CaseDocument._meta.get_field
    linked = insert_from(
        into=CaseDocument,
        rows=receiving,
        columns={
            "case": F("pk"),
            "document": constant(document.pk, models.IntegerField()),
            "added_by": constant(by.pk, models.IntegerField()),
            "added_by_role": constant(PartyRole.FIRST_INSTANCE.value, link_field("added_by_role")),
            "added_at": constant(timezone.now(), link_field("added_at")),
            "restricted": constant(False, link_field("restricted")),
            "restricted_reason": constant("", link_field("restricted_reason")),
        },
    )
    through = CaseDocument.categories.through
    links = CaseDocument.objects.filter(document=document, case__grouping=grouping)
    for category in categories:  # a handful of labels: one statement each, whatever the number of cases
        insert_from(
            into=through,
            rows=links,
            columns={
                "casedocument": F("pk"),
                "documentcategory": constant(category.pk, models.IntegerField()),
            },
        )
    CaseEvent.record_many(
        cases=receiving,
        kind=CaseEvent.Kind.DOCUMENT,
        text=phrase(gettext_noop("Dokument tilføjet: %(name)s"), name=document.original_name),
        actor=by,
        data={"document": document.pk, "grouping": grouping.pk},
    )
    return linked


def _cases_over_quota(*, grouping: Grouping, size: int) -> list[str]:
    """Numbers of the receiving cases that `size` more bytes would take over a case's bytes (one query)."""
    room = settings.QUOTA_CASE_BYTES - size
    full = (
        Document.objects.filter(case_links__case__in=grouping_receiving_cases(grouping=grouping))
        .values("case_links__case__number")
        .annotate(total=Sum("size"))
        .filter(total__gt=room)
        .order_by("case_links__case__number")
    )
    return [row["case_links__case__number"] for row in full]


def grouping_documents_add(
    *, grouping: Grouping, files: Iterable[UploadedFile], by: User, categories: Sequence[DocumentCategory] = ()
) -> list[UploadResult]:
    """FI-8 "Tilføj dokumenter" on a grouping: each file is checked and stored once (DOC-6) and added to every
    case of the grouping still open to the first instance's documents, visible as X-6 says for each case."""
    policies.require(policies.can_manage_grouping(by, grouping))

    def admit(upload: UploadedFile) -> None:
        locked = Grouping.objects.select_for_update().filter(pk=grouping.pk).first()
        if locked is None or not grouping_receiving_cases(grouping=grouping).exists():
            raise validation.FileRefused(
                "grouping_no_cases",
                _("Ingen af grupperingens sager kan få dokumenter nu. Filen er ikke gemt."),
            )
        full = _cases_over_quota(grouping=grouping, size=upload.size or 0)
        if full:
            raise validation.FileRefused(
                "quota_case",
                _(
                    "En sag kan højst have dokumenter for %(limit)s, og filen ville gøre disse sager større: "
                    "%(numbers)s. Filen er ikke gemt; kontakt os, hvis I skal sende mere."
                )
                % {"limit": filesizeformat(settings.QUOTA_CASE_BYTES), "numbers": ", ".join(full)},
            )

    def attach(document: Document) -> None:
        grouping_document_link(grouping=grouping, document=document, by=by, categories=categories)

    # Each file in a transaction of its own (uploads_store): admit locks the grouping, attach links it.
    return uploads_store(files=files, by=by, limits=validation.filing_limits(), attach=attach, admit=admit)

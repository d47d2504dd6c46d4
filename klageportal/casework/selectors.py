"""Reads of the first instance's work on a case: what is left before it can forward the case (FI-4, FI-3, FI-7)."""

from dataclasses import dataclass, field

from klageportal.cases.models import Case, PartyRole
from klageportal.casework.models import ResponseForm
from klageportal.documents.models import CaseDocument
from klageportal.documents.selectors import complaint_documents_unlabelled

RESPONSE_FORM_CATEGORY = "svarskema"
"""FI-4: the label of the response form, the one the portal attaches or a filled-in Word template uploaded instead."""
REASONS_CATEGORY = "genvurdering"
"""FI-6: the label of the document with the first instance's reasons for reconsidering its decision."""


@dataclass(frozen=True)
class ForwardingMissing:
    """What stands between an Indsendt case and "Videresend til nævn" (FI-7)."""

    response_form: bool
    """Neither an attached response form nor an uploaded document labelled "svarskema"."""
    unlabelled: list[CaseDocument] = field(default_factory=list)
    """The complaint's documents that lack the label "klage" (FI-3)."""

    @property
    def anything(self) -> bool:
        return self.response_form or bool(self.unlabelled)


def response_form_of(*, case: Case) -> ResponseForm | None:
    return ResponseForm.objects.filter(case=case).first()


def response_form_on_case(*, case: Case) -> bool:
    """FI-4: the response form is on the case: attached from the portal's form or uploaded as the Word template."""
    return CaseDocument.objects.filter(
        case=case, added_by_role=PartyRole.FIRST_INSTANCE, categories__slug=RESPONSE_FORM_CATEGORY
    ).exists()


def forwarding_missing(*, case: Case) -> ForwardingMissing:
    """FI-7: what is left before the first instance can forward the case: two queries."""
    return ForwardingMissing(
        response_form=not response_form_on_case(case=case),
        unlabelled=list(complaint_documents_unlabelled(case=case)),
    )

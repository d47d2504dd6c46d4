"""Builders for retention tests: cases of every status and age with everything a case gathers."""

from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from klageportal.cases.models import (
    Case,
    CaseEvent,
    ExemptionRequest,
    Follow,
    Message,
    Party,
    Status,
    StatusChange,
)
from klageportal.casework.models import Decision, Hearing, ResponseForm
from klageportal.documents.models import CaseDocument, Document
from klageportal.filing.models import FilingDraft
from klageportal.forwarding.models import (
    AnkeskemaDocument,
    AnkeskemaDraft,
    AnkeskemaSubmission,
    AnkeskemaSupplement,
)
from klageportal.notifications.models import OutboxEmail
from klageportal.payments.models import GatewayNotification, Payment, PaymentLink
from tests.factories import (
    AnkeskemaDraftFactory,
    BodyStaffFactory,
    CaseDocumentFactory,
    CaseFactory,
    DocumentFactory,
    PartyFactory,
)

NOW = timezone.now() + timedelta(days=3000)
"""The runs in these tests happen some eight years from now: whatever a test makes today is old by then."""

COUNTED = (
    Case,
    Party,
    CaseEvent,
    StatusChange,
    Message,
    Follow,
    CaseDocument,
    Document,
    Payment,
    PaymentLink,
    GatewayNotification,
    OutboxEmail,
    FilingDraft,
    ResponseForm,
    Hearing,
    Decision,
    ExemptionRequest,
    AnkeskemaDraft,
    AnkeskemaDocument,
    AnkeskemaSubmission,
    AnkeskemaSupplement,
)


def counts() -> dict[str, int]:
    return {model._meta.label: model._base_manager.count() for model in COUNTED}


@dataclass
class Built:
    case: Case
    complainant: Party
    document: Document


def full_case(
    *,
    status: str,
    closed_at: datetime | None = None,
    paid_at: datetime | None = None,
    name: str = "Karla Klager",
    cpr: str = "0101801234",
) -> Built:
    """A case with a complainant, history, a document, a message, a paid fee, a payment link, an e-mail, a
    follower and a status change."""
    case = CaseFactory(status=status, complaint_text=f"Klage fra {name} om naboens byggeri")
    if closed_at is not None:
        Case.objects.filter(pk=case.pk).update(closed_at=closed_at)
        case.refresh_from_db()
    complainant = PartyFactory(
        case=case,
        name=name,
        cpr=cpr,
        email="karla@example.dk",
        phone="12345678",
        address="Klagevej 1, 8800 Viborg",
    )
    CaseEvent.record(case=case, kind=CaseEvent.Kind.PARTY, text=f"Part tilføjet: {name}", actor=case.created_by)
    StatusChange.objects.create(case=case, from_status="", to_status=status, by=case.created_by, reason=name)
    link = CaseDocumentFactory(case=case)
    Message.objects.create(case=case, author=case.created_by, author_name=name, party=complainant, text=f"Hej, {name}")
    staff = BodyStaffFactory()
    Follow.objects.create(user=staff, case=case)
    payment_link = PaymentLink.objects.create(
        case=case,
        token_hash=f"hash-{case.pk}",
        email="betaler@example.dk",
        expires_at=timezone.now(),
        payer_name="Bent Betaler",
        payer_address="Betalervej 2",
    )
    payment = Payment.objects.create(
        case=case,
        amount_ore=90000,
        gateway="testgateway",
        gateway_reference=f"ref-{case.pk}",
        state=Payment.State.PAID,
        payer=complainant,
        link=payment_link,
        paid_at=paid_at or timezone.now(),
    )
    GatewayNotification.objects.create(
        gateway="testgateway", event_id=f"ev-{case.pk}", payment=payment, status="paid", payload={"name": name}
    )
    OutboxEmail.objects.create(
        to="karla@example.dk", subject=f"Sag {case.number}", body=f"Kære {name}", reason="other", case=case
    )
    return Built(case=case, complainant=complainant, document=link.document)


@pytest.fixture
def build():
    return full_case


def kladde(*, updated_at: datetime | None = None) -> Case:
    """A complaint being filed, with its flow record; by default untouched since today."""
    case = CaseFactory(status=Status.KLADDE)
    FilingDraft.objects.create(case=case)
    if updated_at is not None:
        FilingDraft.objects.filter(pk=case.pk).update(updated_at=updated_at)
    return case


def ankeskema_draft(*, state: str = AnkeskemaDraft.State.OPEN, saved_at: datetime | None = None) -> AnkeskemaDraft:
    draft = AnkeskemaDraftFactory(state=state, data={"2": {"cpr": "0101801234", "name": "Karla Klager"}})
    AnkeskemaDocument.objects.create(draft=draft, checklist_item="afgorelse", document=DocumentFactory())
    if saved_at is not None:
        AnkeskemaDraft.objects.filter(pk=draft.pk).update(saved_at=saved_at)
    return draft

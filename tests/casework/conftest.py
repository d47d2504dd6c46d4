"""An Indsendt complaint at a first instance, with its staff and everyone else who must be refused; the
case-domain fixtures (people for every role, `make_case`) serve the casework tests too."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from klageportal.cases.models import Case, CaseEvent, PartyRole, Status
from klageportal.casework.models import ResponseForm
from klageportal.catalog.models import DocumentCategory
from klageportal.documents.models import CaseDocument
from klageportal.notifications.models import OutboxEmail
from klageportal.payments.models import Payment, PaymentLink
from tests.cases.conftest import (  # noqa: F401 (fixtures)
    board,
    caseworker,
    complaint_type,
    employee,
    employee_with_right,
    fi_staff,
    make_case,
    other_authority,
    other_caseworker,
    other_company_signer,
    other_fi_staff,
    signer,
)
from tests.factories import (
    AuthorityFactory,
    AuthorityUserFactory,
    BodyStaffFactory,
    CaseDocumentFactory,
    CaseFactory,
    CitizenFactory,
    ComplaintTypeFactory,
)


def category(slug: str) -> DocumentCategory:
    return DocumentCategory.objects.get_or_create(slug=slug, defaults={"name": slug.capitalize()})[0]


@pytest.fixture
def complainant_user(db):
    return CitizenFactory(full_name="Karla Klager", email="karla@example.dk")


@pytest.fixture
def case(complainant_user) -> Case:
    case = CaseFactory(
        status=Status.INDSENDT,
        submitted_at=timezone.now(),
        complaint_type=ComplaintTypeFactory(board__email="naevn@naevneneshus.example"),
        created_by=complainant_user,
        filer__email="karla@example.dk",
    )
    complaint = CaseDocumentFactory(case=case, added_by=complainant_user, added_by_role=PartyRole.COMPLAINANT)
    complaint.categories.add(category("klage"))
    return case


@pytest.fixture
def staff(case):
    return AuthorityUserFactory(authority=case.authority, full_name="Sara Sagsbehandler")


@pytest.fixture
def outsiders(case, complainant_user):
    """Everyone who must be refused the first instance's actions: by name, for the test ids."""
    return {
        "other_authority": AuthorityUserFactory(authority=AuthorityFactory()),
        "complainant": complainant_user,
        "board_caseworker": BodyStaffFactory(boards=[case.board]),
        "anonymous": AnonymousUser(),
    }


def first_instance_document(case: Case, staff, *, name: str = "notat.pdf", labels=()) -> CaseDocument:
    link = CaseDocumentFactory(
        case=case, added_by=staff, added_by_role=PartyRole.FIRST_INSTANCE, document__original_name=name
    )
    for slug in labels:
        link.categories.add(category(slug))
    return link


def snapshot(case: Case) -> dict:
    """What an action may change: the case's status and stamps, and every row an action writes."""
    case.refresh_from_db()
    return {
        "status": case.status,
        "forwarded_at": case.forwarded_at,
        "closed_at": case.closed_at,
        "events": CaseEvent.objects.filter(case=case).count(),
        "documents": CaseDocument.objects.filter(case=case).count(),
        "emails": OutboxEmail.objects.filter(case=case).count(),
        "response_forms": list(ResponseForm.objects.filter(case=case).values_list("pk", "comments", "attached_at")),
        "payment_links": PaymentLink.objects.filter(case=case).count(),
        "payments": Payment.objects.filter(case=case).count(),
    }


FILLED = {
    "maintains_decision": True,
    "comments": "Klageren har ikke ret: lokalplanen tillader byggeriet.",
    "facts": "Ansøgning modtaget 1. marts; byggetilladelse givet 2. april.",
    "rules": "Planloven § 15.",
    "principled": False,
    "contact_name": "Sara Sagsbehandler",
    "contact_email": "sara@kommune.example",
    "contact_phone": "12345678",
}

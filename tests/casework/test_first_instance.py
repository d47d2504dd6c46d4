"""The first instance's actions on an Indsendt complaint: the response form (FI-4), Genoptag (FI-6), Videresend
til nævn (FI-7), and the fee due at forwarding (PAY-6)."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.timezone import now

from klageportal.cases import policies
from klageportal.cases.models import CaseEvent, PartyRole, Status
from klageportal.casework.digest import digest_compose
from klageportal.casework.models import ResponseForm
from klageportal.casework.services.first_instance import (
    CaseworkRefused,
    case_forward,
    case_reopen,
    response_form_attach,
    response_form_save,
)
from klageportal.catalog.models import FeeDue
from klageportal.documents.models import CaseDocument
from klageportal.notifications.models import OutboxEmail
from klageportal.payments.fees import fee_status
from klageportal.payments.models import PaymentLink
from tests.casework.conftest import FILLED, category, first_instance_document, snapshot
from tests.factories import CaseDocumentFactory, PartyFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n"


def reasons(name: str = "begrundelse.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def attached(case, staff) -> CaseDocument:
    response_form_save(case=case, by=staff, answers=FILLED)
    return response_form_attach(case=case, by=staff)


# --- FI-4: the response form ----------------------------------------------------------------------------------


def test_response_form_is_kept_as_a_draft_and_saved_again(case, staff):
    """FI-4: saved as often as the caseworker likes; one history line when it is started."""
    response_form_save(case=case, by=staff, answers={"comments": "Første udkast"})
    form = response_form_save(case=case, by=staff, answers={"comments": "Andet udkast", "principled": True})
    assert ResponseForm.objects.filter(case=case).count() == 1
    form.refresh_from_db()
    assert (form.comments, form.principled, form.attached_at, form.updated_by) == ("Andet udkast", True, None, staff)
    assert CaseEvent.objects.filter(case=case, data__action="response_form_started").count() == 1
    assert not CaseDocument.objects.filter(case=case, added_by_role=PartyRole.FIRST_INSTANCE).exists()


def test_attaching_the_response_form_adds_a_pdf_labelled_svarskema(case, staff):
    """FI-4: attached as a document from the first instance, labelled "svarskema", then kept as it was."""
    link = attached(case, staff)
    assert link.added_by_role == PartyRole.FIRST_INSTANCE
    assert list(link.categories.values_list("slug", flat=True)) == ["svarskema"]
    assert link.document.original_name == f"svarskema-{case.number}.pdf"
    with link.document.file.open("rb") as stored:
        assert stored.read(5) == b"%PDF-"
    form = ResponseForm.objects.get(case=case)
    assert form.attached_document == link and form.attached_at is not None
    assert CaseEvent.objects.filter(case=case, data__action="response_form_attached").exists()
    with pytest.raises(CaseworkRefused):
        response_form_save(case=case, by=staff, answers={"comments": "Ændret"})
    with pytest.raises(CaseworkRefused):
        response_form_attach(case=case, by=staff)
    assert CaseDocument.objects.filter(case=case, categories__slug="svarskema").count() == 1


def test_an_incomplete_response_form_is_not_attached_and_the_field_is_named(case, staff):
    response_form_save(case=case, by=staff, answers={**FILLED, "principled": True, "principled_reason": ""})
    before = snapshot(case)
    with pytest.raises(CaseworkRefused) as refused:
        response_form_attach(case=case, by=staff)
    assert refused.value.field == "principled_reason"
    assert snapshot(case) == before


def test_attaching_without_a_saved_form_is_refused(case, staff):
    before = snapshot(case)
    with pytest.raises(CaseworkRefused):
        response_form_attach(case=case, by=staff)
    assert snapshot(case) == before


# --- FI-7: Videresend til nævn ------------------------------------------------------------------------------


def test_forwarding_moves_the_case_on_and_tells_the_board_and_the_parties(case, staff):
    """FI-7: Videresendt til nævn, forwarded_at stamped; the board told at once by a link, and each party with
    e-mail in the next daily digest (NT-2: news, nothing they must act on)."""
    attached(case, staff)
    PartyFactory(case=case, role=PartyRole.OTHER, name="Nabo", email="nabo@example.dk")
    PartyFactory(case=case, role=PartyRole.OTHER, name="Uden e-mail", email="kommune@example.dk", no_email=True)
    PartyFactory(case=case, role=PartyRole.OTHER, name="Foreslået", email="forslag@example.dk", proposed=True)
    case_forward(case=case, by=staff, maintains_decision=True)
    case.refresh_from_db()
    assert case.status == Status.VIDERESENDT and case.forwarded_at is not None
    change = case.status_changes.get(to_status=Status.VIDERESENDT)
    assert change.by == staff and "fastholder" in change.reason
    emails = OutboxEmail.objects.filter(case=case, reason=OutboxEmail.Reason.FORWARDED)
    assert list(emails.values_list("to", flat=True)) == ["naevn@naevneneshus.example"]
    for email in emails:
        assert case.get_absolute_url() in email.body
        assert "Klageren har ikke ret" not in email.body  # a link, never the content
    assert not OutboxEmail.objects.filter(case=case, reason=OutboxEmail.Reason.FEE_DUE).exists()  # paid at filing
    told = {item.to: item.case_numbers for item in digest_compose(since=now() - timedelta(hours=1), until=now())}
    assert told["karla@example.dk"] == told["nabo@example.dk"] == (case.number,)
    assert not {"kommune@example.dk", "forslag@example.dk"} & set(told)


def test_forwarding_releases_the_first_instance_documents_to_the_complainant(case, staff, complainant_user):
    """X-6: what the first instance added stays with it until it forwards the case."""
    link = attached(case, staff)
    note = first_instance_document(case, staff, labels=["afgoerelse"])
    visible = lambda: set(CaseDocument.objects.filter(policies.documents_visible_to(complainant_user, case)))  # noqa: E731
    assert link not in visible() and note not in visible()
    case_forward(case=case, by=staff, maintains_decision=True)
    case.refresh_from_db()
    assert {link, note} <= visible()


def test_an_uploaded_document_labelled_svarskema_counts_as_the_response_form(case, staff):
    """FI-4: the Word template, filled in and uploaded with the label, instead of the form."""
    first_instance_document(case, staff, name="svarskema.docx", labels=["svarskema"])
    case_forward(case=case, by=staff, maintains_decision=True)
    case.refresh_from_db()
    assert case.status == Status.VIDERESENDT


def test_forwarding_without_the_response_form_is_refused_and_nothing_changes(case, staff):
    response_form_save(case=case, by=staff, answers=FILLED)  # a draft is not enough
    before = snapshot(case)
    with pytest.raises(CaseworkRefused, match="Svarskemaet mangler"):
        case_forward(case=case, by=staff, maintains_decision=True)
    assert snapshot(case) == before


def test_forwarding_with_an_unlabelled_complaint_document_is_refused(case, staff, complainant_user):
    """FI-3: the complaint and its attachments must carry the label "klage" first."""
    attached(case, staff)
    CaseDocumentFactory(case=case, added_by=complainant_user, added_by_role=PartyRole.COMPLAINANT)
    before = snapshot(case)
    with pytest.raises(CaseworkRefused, match="mærkningen Klage"):
        case_forward(case=case, by=staff, maintains_decision=True)
    assert snapshot(case) == before


def test_forwarding_without_maintaining_the_decision_is_refused(case, staff):
    attached(case, staff)
    before = snapshot(case)
    with pytest.raises(CaseworkRefused) as refused:
        case_forward(case=case, by=staff, maintains_decision=False)
    assert refused.value.field == "maintains_decision"
    assert snapshot(case) == before


# --- FI-6: Genoptag -----------------------------------------------------------------------------------------


def test_reopening_stores_the_reasons_and_closes_the_case(case, staff, complainant_user):
    """FI-6: the reasons document first (labelled "genvurdering"), then Genoptaget, closed in the portal."""
    results = case_reopen(case=case, by=staff, files=[reasons()])
    assert [result.ok for result in results] == [True]
    case.refresh_from_db()
    assert case.status == Status.GENOPTAGET and case.closed_at is not None and case.forwarded_at is None
    link = CaseDocument.objects.get(case=case, added_by_role=PartyRole.FIRST_INSTANCE)
    assert list(link.categories.values_list("slug", flat=True)) == ["genvurdering"]
    assert case.status_changes.get(to_status=Status.GENOPTAGET).by == staff
    # The parties see the reasons once the case is reopened.
    assert CaseDocument.objects.filter(policies.documents_visible_to(complainant_user, case), pk=link.pk).exists()


def test_reopening_with_a_refused_file_changes_nothing(case, staff):
    before = snapshot(case)
    results = case_reopen(case=case, by=staff, files=[reasons("begrundelse.pdf", b"no pdf at all")])
    assert [result.ok for result in results] == [False] and results[0].message
    assert snapshot(case) == before


# --- Refused: other people, wrong status --------------------------------------------------------------------

ACTIONS = {
    "save": lambda case, by: response_form_save(case=case, by=by, answers=FILLED),
    "attach": lambda case, by: response_form_attach(case=case, by=by),
    "reopen": lambda case, by: case_reopen(case=case, by=by, files=[reasons()]),
    "forward": lambda case, by: case_forward(case=case, by=by, maintains_decision=True),
}


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("who", ["other_authority", "complainant", "board_caseworker", "anonymous"])
def test_only_the_first_instance_acts(case, staff, outsiders, action, who):
    """Refused as staff of another authority, a complainant, a board caseworker and anonymously: nothing changes."""
    response_form_save(case=case, by=staff, answers=FILLED)
    first_instance_document(case, staff, labels=["svarskema"])
    before = snapshot(case)
    with pytest.raises(PermissionDenied):
        ACTIONS[action](case, outsiders[who])
    assert snapshot(case) == before


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("status", [Status.UDFYLDT, Status.VIDERESENDT, Status.GENOPTAGET])
def test_the_first_instance_acts_only_while_the_case_is_indsendt(case, staff, action, status):
    response_form_save(case=case, by=staff, answers=FILLED)
    first_instance_document(case, staff, labels=["svarskema"])
    case.status = status
    case.save(update_fields=["status"])
    before = snapshot(case)
    with pytest.raises(PermissionDenied):
        ACTIONS[action](case, staff)
    assert snapshot(case) == before


# --- PAY-6: the fee due at forwarding -------------------------------------------------------------------------


@pytest.fixture
def fee_later(case):
    version = case.type_version
    version.fee_due = FeeDue.AT_FORWARDING
    version.save(update_fields=["fee_due"])
    return case


def test_forwarding_asks_the_filer_to_pay_a_fee_due_at_forwarding(fee_later, staff):
    """PAY-6: Indsendt without payment; at forwarding the filer is e-mailed a link to pay on the case's page."""
    case = fee_later
    assert not fee_status(case).payable_now and not fee_status(case).is_paid
    attached(case, staff)
    case_forward(case=case, by=staff, maintains_decision=True)
    case.refresh_from_db()
    fee = fee_status(case)
    assert fee.payable_now and not fee.is_paid
    email = OutboxEmail.objects.get(case=case, reason=OutboxEmail.Reason.FEE_DUE)
    assert email.to == "karla@example.dk"
    assert reverse("payments:pay", kwargs={"number": case.number}) in email.body
    assert "900" in email.body
    assert CaseEvent.objects.filter(case=case, data__action="fee_due").count() == 1


def test_a_payer_who_cannot_log_in_gets_a_payment_link(fee_later, staff):
    """PAY-6, PAY-2: a payer registered through a payment link pays through a single-use link of its own."""
    case = fee_later
    PartyFactory(case=case, role=PartyRole.PAYER, name="Bror Betaler", email="bror@example.dk")
    attached(case, staff)
    case_forward(case=case, by=staff, maintains_decision=True)
    email = OutboxEmail.objects.get(case=case, reason=OutboxEmail.Reason.FEE_DUE)
    assert email.to == "bror@example.dk"
    link = PaymentLink.objects.get(case=case)
    assert link.email == "bror@example.dk" and link.used_at is None
    assert "/betal/" in email.body and reverse("payments:pay", kwargs={"number": case.number}) not in email.body


def test_a_payer_without_e_mail_is_not_written_to(fee_later, staff):
    case = fee_later
    case.parties.filter(is_filer=True).update(no_email=True)
    attached(case, staff)
    case_forward(case=case, by=staff, maintains_decision=True)
    assert not OutboxEmail.objects.filter(case=case, reason=OutboxEmail.Reason.FEE_DUE).exists()
    assert CaseEvent.objects.filter(case=case, data__action="fee_due").count() == 1


def test_case_is_fixture_consistent(case):
    assert category("klage").slug == "klage"

"""The approval link (KP-7) tells someone not entitled nothing, not even whether the case exists."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from klageportal.cases.models import ApprovalState, PartyKind, PartyRole, Status
from tests.factories import CaseFactory, PartyFactory
from tests.filing.test_flow import _start

pytestmark = pytest.mark.django_db


@pytest.fixture
def pending_case(filer, complainant):
    case = CaseFactory(
        status=Status.UDFYLDT,
        created_by=filer,
        filer__role=PartyRole.REPRESENTATIVE,
        type_version=None,
        complaint_text="Nabohegnet er for højt.",
    )
    PartyFactory(
        case=case, kind=PartyKind.PERSON, cpr=complainant.cpr, name="Karla Klager", approval=ApprovalState.PENDING
    )
    return case


def approve_url(number: str) -> str:
    return reverse("filing:approve", kwargs={"number": number})


def test_an_existing_case_and_a_missing_one_answer_a_stranger_alike(client, stranger, pending_case):
    client.force_login(stranger)

    existing = client.get(approve_url(pending_case.number))
    missing = client.get(approve_url(pending_case.number + "9"))

    assert existing.status_code == missing.status_code == 404
    for response in (existing, missing):
        assert [t.name for t in response.templates][0] == "filing/approve.html"
        assert "Du kan ikke godkende denne repræsentation" in response.content.decode()
        assert "Karla Klager" not in response.content.decode()
        assert pending_case.complaint_text not in response.content.decode()


def test_a_stranger_posting_an_answer_changes_nothing(client, stranger, pending_case):
    client.force_login(stranger)

    response = client.post(approve_url(pending_case.number), {"answer": "approve"})

    assert response.status_code == 404
    assert pending_case.parties.get(name="Karla Klager").approval == ApprovalState.PENDING


def test_the_named_complainant_still_sees_the_request(client, complainant, pending_case):
    client.force_login(complainant)

    response = client.get(approve_url(pending_case.number))

    assert response.status_code == 200
    assert "Karla Klager" in response.content.decode()


def test_uploads_to_a_draft_beyond_the_rate_are_refused(client, filing_world, person, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "upload": {"user": "2/m", "ip": "10/m"}}
    client.force_login(person("mette"))
    draft = _start(client, filing_world["type"])
    url = reverse("filing:step", kwargs={"number": draft.number, "step": "dokumenter"})

    def upload():
        pdf = SimpleUploadedFile("bilag.pdf", b"%PDF-1.4 bilag", content_type="application/pdf")
        return client.post(url, {"action": "upload", "files": [pdf]})

    statuses = [upload().status_code for _ in range(3)]

    assert 429 not in statuses[:2]
    assert statuses[2] == 429
    assert client.get(url).status_code == 200  # only what carries files counts


def test_a_declined_representation_is_news_for_the_filers_daily_digest(client, complainant, filer, pending_case):
    """KP-7, NT-2: no e-mail at once; the filer's next digest names the case, and the one who declined is not told."""
    from datetime import timedelta

    from django.utils import timezone

    from klageportal.casework.digest import digest_compose
    from klageportal.filing.services import representation_answer
    from klageportal.notifications.models import OutboxEmail

    representation_answer(case=pending_case, by=complainant, approve=False)

    assert pending_case.parties.get(name="Karla Klager").approval == ApprovalState.DECLINED
    assert not OutboxEmail.objects.filter(case=pending_case, reason=OutboxEmail.Reason.APPROVAL_ANSWER).exists()
    now = timezone.now()
    told = {item.to: item.case_numbers for item in digest_compose(since=now - timedelta(hours=1), until=now)}
    assert told[pending_case.parties.get(is_filer=True).email] == (pending_case.number,)
    assert pending_case.parties.get(name="Karla Klager").email not in told

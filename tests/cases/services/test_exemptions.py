"""Requests for exemption from digital self-service (KP-8, BD-4, NT-4): sent by a representative (the
municipality hears at once), decided once by a caseworker of the board (granted: the municipality is to file;
refused: a deadline to file in the portal), and linked to the complaint the municipality files. No e-mail
carries the citizen's CPR number; every refusal changes nothing."""

from datetime import date, timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from klageportal.cases.deadlines import is_working_day
from klageportal.cases.models import Case, CaseEvent, ExemptionRequest, Party, PartyRole, Status
from klageportal.cases.services.exemptions import (
    ExemptionError,
    exemption_request_grant,
    exemption_request_link,
    exemption_request_refuse,
    exemption_request_send,
    suggested_file_deadline,
)
from klageportal.filing import services as filing
from klageportal.notifications.models import OutboxEmail
from tests.factories import (
    AuthorityFactory,
    AuthorityUserFactory,
    BodyStaffFactory,
    CitizenFactory,
    CompanyUserFactory,
    ComplaintTypeFactory,
    ExemptionRequestFactory,
)

pytestmark = pytest.mark.django_db

CPR = "0901410432"
State = ExemptionRequest.State


@pytest.fixture
def lawyer():
    return CompanyUserFactory(
        cvr="38025694", organisation_name="Advokatfirmaet Lind", email="lind@advokat.example", full_name="Lise Lind"
    )


@pytest.fixture
def complaint_type():
    return ComplaintTypeFactory()


@pytest.fixture
def viborg():
    return AuthorityFactory(name="Viborg Kommune", email="post@viborg.example")


@pytest.fixture
def caseworker(complaint_type):
    return BodyStaffFactory(boards=[complaint_type.board])


@pytest.fixture
def pending(complaint_type, viborg, lawyer):
    return ExemptionRequestFactory(complaint_type=complaint_type, authority=viborg, requested_by=lawyer)


@pytest.fixture
def municipal_staff(viborg):
    return AuthorityUserFactory(authority=viborg, full_name="Birgitte Andersen", email="ba@viborg.example")


def _send(by, complaint_type, authority, **overrides):
    fields = {
        "complaint_type": complaint_type,
        "authority": authority,
        "decision_reference": " J.nr. 26/1234 ",
        "decision_date": date(2026, 3, 2),
        "citizen_name": " Inger Poulsen ",
        "citizen_cpr": CPR,
        "citizen_address": "Solvænget 3, 8800 Viborg",
        "reason": " Borgeren har demens. ",
        "digital_post_exempt": True,
        **overrides,
    }
    return exemption_request_send(by=by, **fields)


def _snapshot():
    return (
        list(ExemptionRequest.objects.order_by("pk").values()),
        list(OutboxEmail.objects.order_by("pk").values_list("to", "subject")),
        CaseEvent.objects.count(),
        Case.objects.count(),
    )


def _assert_no_cpr(email: OutboxEmail) -> None:
    for text in (email.subject, email.body):
        assert CPR not in text and "090141" not in text
        assert "Inger" not in text  # nor the citizen's name: the number and the decision identify the request


# --- Sending (KP-8, NT-4) ------------------------------------------------------------------------------


def test_a_sent_request_is_numbered_goes_to_the_types_board_and_the_municipality_hears_at_once(
    lawyer, complaint_type, viborg
):
    request = _send(lawyer, complaint_type, viborg)

    year = timezone.localdate().year
    assert request.number == f"FR-{year}-000001"
    assert request.board == complaint_type.board and request.complaint_type == complaint_type
    assert request.authority == viborg and request.requested_by == lawyer
    assert (request.citizen_name, request.citizen_cpr, request.reason) == ("Inger Poulsen", CPR, "Borgeren har demens.")
    assert request.decision_reference == "J.nr. 26/1234" and request.decision_date == date(2026, 3, 2)
    assert request.digital_post_exempt is True
    assert request.state == State.PENDING and request.decided_by is None and request.case is None
    email = OutboxEmail.objects.get()
    assert email.to == "post@viborg.example"
    assert request.number in email.subject and "J.nr. 26/1234" in email.body
    assert "/myndighed/fritagelser/" in email.body
    _assert_no_cpr(email)
    assert _send(CitizenFactory(), complaint_type, viborg).number == f"FR-{year}-000002"


def test_a_municipality_without_an_official_address_gets_no_email_and_the_request_is_still_sent(lawyer, complaint_type):
    request = _send(lawyer, complaint_type, AuthorityFactory(email=""))
    assert request.state == State.PENDING
    assert not OutboxEmail.objects.exists()


@pytest.mark.parametrize("who", ["authority_staff", "caseworker", "anonymous"])
def test_only_people_and_companies_send_requests(who, complaint_type, viborg, caseworker, municipal_staff):
    by = {"authority_staff": municipal_staff, "caseworker": caseworker, "anonymous": AnonymousUser()}[who]
    before = _snapshot()
    with pytest.raises(PermissionDenied):
        _send(by, complaint_type, viborg)
    assert _snapshot() == before


# --- Deciding (BD-4) ----------------------------------------------------------------------------------


def test_granting_records_who_and_why_and_tells_the_requester_and_the_municipality(pending, caseworker):
    granted = exemption_request_grant(request=pending, by=caseworker, reason=" Lægeerklæring vedlagt. ")

    granted.refresh_from_db()
    assert granted.state == State.GRANTED and granted.decided_by == caseworker and granted.decided_at is not None
    assert granted.decision_reason == "Lægeerklæring vedlagt." and granted.file_deadline is None
    emails = {email.to: email for email in OutboxEmail.objects.all()}
    assert set(emails) == {"lind@advokat.example", "post@viborg.example"}
    assert "/mine-klager/fritagelse/" in emails["lind@advokat.example"].body
    assert "Opret klage for borgeren" in emails["post@viborg.example"].body
    assert "/myndighed/fritagelser/" in emails["post@viborg.example"].body
    for email in emails.values():
        assert pending.number in email.subject
        _assert_no_cpr(email)


def test_refusing_sets_the_deadline_on_a_working_day_and_tells_the_requester_only(pending, caseworker):
    saturday = timezone.localdate() + timedelta(days=14)
    while saturday.weekday() != 5:
        saturday += timedelta(days=1)
    refused = exemption_request_refuse(
        request=pending, by=caseworker, reason="Borgeren kan få hjælp af sin søn.", file_deadline=saturday
    )

    refused.refresh_from_db()
    assert refused.state == State.REFUSED and refused.decided_by == caseworker
    assert refused.decision_reason == "Borgeren kan få hjælp af sin søn."
    assert refused.file_deadline > saturday and is_working_day(refused.file_deadline)
    email = OutboxEmail.objects.get()
    assert email.to == "lind@advokat.example"
    assert pending.number in email.subject and "/mine-klager/fritagelse/" in email.body
    assert f"{refused.file_deadline.day}." in email.body and str(refused.file_deadline.year) in email.body
    _assert_no_cpr(email)


def test_the_suggested_deadline_is_fourteen_days_on_moved_past_weekends():
    assert suggested_file_deadline(date(2026, 12, 4)) == date(2026, 12, 18)  # a Friday
    assert suggested_file_deadline(date(2026, 12, 5)) == date(2026, 12, 21)  # Saturday 19th → Monday
    assert suggested_file_deadline(date(2026, 12, 12)) == date(2026, 12, 28)  # 26th is 2. juledag, a Saturday


@pytest.mark.parametrize("who", ["other_caseworker", "first_instance", "requester", "other_citizen", "anonymous"])
@pytest.mark.parametrize("decision", ["grant", "refuse"])
def test_nobody_but_the_boards_caseworker_decides_and_a_refusal_changes_nothing(
    who, decision, pending, municipal_staff, lawyer
):
    by = {
        "other_caseworker": BodyStaffFactory(boards=[ComplaintTypeFactory().board]),
        "first_instance": municipal_staff,
        "requester": lawyer,
        "other_citizen": CitizenFactory(),
        "anonymous": AnonymousUser(),
    }[who]
    before = _snapshot()
    with pytest.raises(PermissionDenied):
        if decision == "grant":
            exemption_request_grant(request=pending, by=by)
        else:
            exemption_request_refuse(
                request=pending, by=by, reason="Nej", file_deadline=timezone.localdate() + timedelta(days=14)
            )
    assert _snapshot() == before


@pytest.mark.parametrize("first", ["grant", "refuse"])
def test_a_decided_request_cannot_be_decided_again(first, pending, caseworker):
    deadline = timezone.localdate() + timedelta(days=20)
    if first == "grant":
        exemption_request_grant(request=pending, by=caseworker)
    else:
        exemption_request_refuse(request=pending, by=caseworker, reason="Nej", file_deadline=deadline)
    before = _snapshot()
    with pytest.raises(PermissionDenied):
        exemption_request_grant(request=pending, by=caseworker)
    with pytest.raises(PermissionDenied):
        exemption_request_refuse(request=pending, by=caseworker, reason="Nej", file_deadline=deadline)
    assert _snapshot() == before


@pytest.mark.parametrize(
    ("reason", "deadline"), [("  ", timedelta(days=14)), ("Borgeren kan selv", timedelta(days=-1))]
)
def test_a_refusal_without_reasons_or_with_a_past_deadline_is_not_recorded(reason, deadline, pending, caseworker):
    before = _snapshot()
    with pytest.raises(ExemptionError):
        exemption_request_refuse(
            request=pending, by=caseworker, reason=reason, file_deadline=timezone.localdate() + deadline
        )
    assert _snapshot() == before


# --- Filing for the citizen and linking (KP-2, KP-8) -----------------------------------------------------


def test_the_municipality_files_from_the_granted_request_prefilled_and_the_request_is_linked(
    pending, caseworker, municipal_staff, viborg
):
    exemption_request_grant(request=pending, by=caseworker)
    case = filing.complaint_start_for_exemption(by=municipal_staff, exemption=pending)

    pending.refresh_from_db()
    assert pending.case == case
    assert case.status == Status.KLADDE and case.filed_for_exempt_citizen
    assert case.complaint_type == pending.complaint_type and case.board == pending.board
    assert (case.authority, case.decision_reference, case.decision_date) == (
        viborg,
        pending.decision_reference,
        pending.decision_date,
    )
    assert case.filing.exemption_reference == pending.number
    citizen = filing.exempt_citizen(case=case)
    assert (citizen.cpr, citizen.name, citizen.address) == (CPR, "Inger Poulsen", "Solvænget 3, 8800 Viborg")
    filer = case.parties.get(is_filer=True)
    assert filer.user == municipal_staff and filer.role == PartyRole.REPRESENTATIVE
    line = CaseEvent.objects.filter(case=case, data__exemption_request=pending.number).get()
    assert pending.number in line.display_text and line.actor == municipal_staff
    # Asked again, the complaint already begun is opened, not a second one.
    assert filing.complaint_start_for_exemption(by=municipal_staff, exemption=pending) == case
    assert Case.objects.count() == 1


def test_a_reference_typed_in_the_exempt_filing_links_the_granted_request_and_a_changed_one_lets_go(
    pending, caseworker, municipal_staff
):
    exemption_request_grant(request=pending, by=caseworker)
    case = filing.complaint_start(by=municipal_staff, complaint_type=pending.complaint_type)
    filing.complaint_set_exempt_citizen(
        case=case, by=municipal_staff, cpr=CPR, exemption_reference=pending.number.lower()
    )
    pending.refresh_from_db()
    assert pending.case == case

    filing.complaint_set_exempt_citizen(case=case, by=municipal_staff, cpr=CPR, exemption_reference="MFKN 26/01")
    pending.refresh_from_db()
    assert pending.case is None


@pytest.mark.parametrize("state", ["pending", "refused", "other_municipality", "linked_elsewhere"])
def test_a_request_that_is_not_this_municipalitys_granted_one_is_not_linked(
    state, pending, caseworker, municipal_staff
):
    other_case = None
    if state == "refused":
        exemption_request_refuse(
            request=pending, by=caseworker, reason="Nej", file_deadline=timezone.localdate() + timedelta(days=14)
        )
    elif state == "other_municipality":
        exemption_request_grant(request=pending, by=caseworker)
        municipal_staff = AuthorityUserFactory(authority=AuthorityFactory())
    elif state == "linked_elsewhere":
        exemption_request_grant(request=pending, by=caseworker)
        other_case = filing.complaint_start_for_exemption(by=municipal_staff, exemption=pending)
    case = filing.complaint_start(by=municipal_staff, complaint_type=pending.complaint_type)
    filing.complaint_set_exempt_citizen(case=case, by=municipal_staff, cpr=CPR, exemption_reference=pending.number)

    pending.refresh_from_db()
    assert pending.case == other_case
    assert not CaseEvent.objects.filter(case=case, data__exemption_request=pending.number).exists()


@pytest.mark.parametrize("who", ["other_municipality", "caseworker", "requester"])
def test_only_the_named_municipality_starts_the_filing_from_a_granted_request(who, pending, caseworker, lawyer):
    exemption_request_grant(request=pending, by=caseworker)
    by = {
        "other_municipality": AuthorityUserFactory(authority=AuthorityFactory()),
        "caseworker": caseworker,
        "requester": lawyer,
    }[who]
    before = (_snapshot(), Party.objects.count())
    with pytest.raises(PermissionDenied):
        filing.complaint_start_for_exemption(by=by, exemption=pending)
    assert (_snapshot(), Party.objects.count()) == before


def test_linking_is_refused_quietly_for_an_unknown_number(municipal_staff, pending):
    case = filing.complaint_start(by=municipal_staff, complaint_type=pending.complaint_type)
    assert exemption_request_link(case=case, reference="FR-1999-000001", by=municipal_staff) is None

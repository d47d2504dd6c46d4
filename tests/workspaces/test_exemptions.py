"""The pages of exemption requests (KP-8, BD-4): the requester's form and list from Mine klager, the board
caseworker's list and decision, and the municipality's list of granted requests. Wrong input is shown at the
field and in the summary, what was typed stays, and nothing is recorded."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from klageportal.cases.models import Case, ExemptionRequest
from klageportal.cases.services.exemptions import exemption_request_grant, suggested_file_deadline
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

PARTY_URL = reverse("workspaces:party_exemptions")
BODY_URL = reverse("workspaces:body_exemptions")
AUTHORITY_URL = reverse("workspaces:authority_exemptions")
State = ExemptionRequest.State


@pytest.fixture
def lawyer():
    return CompanyUserFactory(cvr="38025694", organisation_name="Advokatfirmaet Lind", email="lind@advokat.example")


@pytest.fixture
def complaint_type():
    return ComplaintTypeFactory()


@pytest.fixture
def viborg():
    return AuthorityFactory(name="Viborg Kommune", email="post@viborg.example")


@pytest.fixture
def caseworker(complaint_type):
    return BodyStaffFactory(boards=[complaint_type.board])


def _valid(complaint_type, authority, /, **overrides):
    today = timezone.localdate()
    return {
        "citizen_name": "Inger Poulsen",
        "citizen_cpr": "090141-0432",
        "citizen_address": "Solvænget 3, 8800 Viborg",
        "complaint_type": str(complaint_type.pk),
        "authority": str(authority.pk),
        "decision_date_0": str(today.day),
        "decision_date_1": str(today.month),
        "decision_date_2": str(today.year),
        "decision_reference": "J.nr. 26/1234",
        "reason": "Borgeren har demens.",
        "digital_post_exempt": "on",
        **overrides,
    }


def _decide_url(request):
    return reverse("workspaces:body_exemption_decide", kwargs={"exemption": request.number})


# --- The requester ---------------------------------------------------------------------------------------


def test_mine_klager_links_to_the_request_page(client, lawyer):
    client.force_login(lawyer)
    page = client.get(reverse("workspaces:my_cases")).content.decode()
    assert f'href="{PARTY_URL}"' in page and "Anmod om fritagelse for digital selvbetjening" in page


def test_a_request_sent_from_the_form_is_recorded_and_listed_with_the_municipality_told(
    client, lawyer, complaint_type, viborg
):
    client.force_login(lawyer)
    response = client.post(PARTY_URL, _valid(complaint_type, viborg), follow=True)

    request = ExemptionRequest.objects.get()
    assert request.citizen_cpr == "0901410432" and request.digital_post_exempt is True
    assert request.requested_by == lawyer and request.authority == viborg
    assert OutboxEmail.objects.get().to == "post@viborg.example"
    page = response.content.decode()
    assert request.number in page and "Afventer afgørelse" in page
    assert "Viborg Kommune har fået besked om, at en klage er på vej." in page


def test_a_municipality_without_an_address_is_to_be_told_by_the_representative(client, lawyer, complaint_type):
    client.force_login(lawyer)
    response = client.post(PARTY_URL, _valid(complaint_type, AuthorityFactory(email="")), follow=True)
    assert "Giv selv myndigheden besked" in response.content.decode()
    assert not OutboxEmail.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("citizen_cpr", "1234", "CPR-nummeret skal have 10 cifre og begynde med en gyldig fødselsdato."),
        ("citizen_cpr", "3213411234", "CPR-nummeret skal have 10 cifre og begynde med en gyldig fødselsdato."),
        ("citizen_cpr", "", "Skriv borgerens CPR-nummer."),
        ("citizen_name", "", "Skriv borgerens fulde navn."),
        ("citizen_address", "", "Skriv borgerens adresse."),
        ("reason", "   ", "Skriv, hvorfor borgeren skal fritages."),
        ("complaint_type", "", "Vælg en klagetype."),
        ("complaint_type", "999999", "Vælg en klagetype."),
        ("authority", "", "Vælg den myndighed, der har truffet afgørelsen."),
        ("decision_date_2", "2999", "Afgørelsens dato kan ikke ligge i fremtiden."),
        ("decision_date_0", "31", None),
    ],
)
def test_wrong_input_is_shown_at_the_field_and_nothing_is_sent(
    client, lawyer, complaint_type, viborg, field, value, message
):
    client.force_login(lawyer)
    data = _valid(complaint_type, viborg, **{field: value})
    if field == "decision_date_0":
        data["decision_date_1"] = "2"  # 31 February
    response = client.post(PARTY_URL, data)

    assert response.status_code == 200
    page = response.content.decode()
    name = field.removesuffix("_0").removesuffix("_2")
    assert f'id="id_{name}_error"' in page and 'id="error-summary"' in page
    if message:
        assert message in page
    assert "Borgeren har demens." in page or field == "reason"  # what was typed stays
    assert not ExemptionRequest.objects.exists() and not OutboxEmail.objects.exists()


def test_a_type_filed_outside_the_portal_is_not_offered(client, lawyer, viborg):
    outside = ComplaintTypeFactory(version__channel="outside")
    client.force_login(lawyer)
    response = client.post(PARTY_URL, _valid(outside, viborg))
    assert "Vælg en klagetype." in response.content.decode()
    assert not ExemptionRequest.objects.exists()


def test_the_list_shows_only_the_persons_requests_and_the_deadline_when_refused(client, lawyer):
    mine = ExemptionRequestFactory(
        requested_by=lawyer, state=State.REFUSED, file_deadline=timezone.localdate() + timedelta(days=14)
    )
    other = ExemptionRequestFactory(requested_by=CitizenFactory())
    client.force_login(lawyer)
    page = client.get(PARTY_URL).content.decode()
    assert mine.number in page and other.number not in page
    assert "Afslået" in page and "Klag i klageportalen senest" in page
    assert "0901410432" not in page


@pytest.mark.parametrize("factory", [AuthorityUserFactory, BodyStaffFactory])
def test_staff_cannot_send_requests(client, factory, complaint_type, viborg):
    client.force_login(factory())
    assert client.post(PARTY_URL, _valid(complaint_type, viborg)).status_code == 403
    assert not ExemptionRequest.objects.exists()


# --- The board ----------------------------------------------------------------------------------------------


def test_the_caseworker_sees_the_requests_to_its_boards_only(client, caseworker, complaint_type):
    own = ExemptionRequestFactory(complaint_type=complaint_type)
    foreign = ExemptionRequestFactory()
    client.force_login(caseworker)
    page = client.get(BODY_URL).content.decode()
    assert own.number in page and foreign.number not in page
    assert client.get(_decide_url(foreign)).status_code == 404
    inbox = client.get(reverse("workspaces:body_inbox")).content.decode()
    assert f'href="{BODY_URL}"' in inbox


def test_the_decision_page_suggests_the_deadline(client, caseworker, complaint_type):
    request = ExemptionRequestFactory(complaint_type=complaint_type)
    client.force_login(caseworker)
    page = client.get(_decide_url(request)).content.decode()
    suggested = suggested_file_deadline()
    assert f'name="file_deadline_0" value="{suggested.day}"' in page
    assert "090141-0432" in page  # the board sees whom the request is about


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        ({}, {"decision": "Vælg, om anmodningen imødekommes eller afslås."}),
        (
            {"decision": "refuse", "decision_reason": " "},
            {"decision_reason": "Skriv begrundelsen for afslaget.", "file_deadline": "Skriv fristen"},
        ),
        (
            {"decision": "refuse", "decision_reason": "Nej", "past": True},
            {"file_deadline": "Fristen kan ikke ligge før i dag."},
        ),
        ({"decision": "refuse", "decision_reason": "Nej", "file_deadline_0": "40"}, {"file_deadline": None}),
    ],
)
def test_a_decision_with_wrong_input_is_not_recorded(client, caseworker, complaint_type, data, errors):
    request = ExemptionRequestFactory(complaint_type=complaint_type)
    client.force_login(caseworker)
    posted = dict(data)
    if posted.pop("past", False):
        past = timezone.localdate() - timedelta(days=1)
        posted.update(file_deadline_0=past.day, file_deadline_1=past.month, file_deadline_2=past.year)
    elif "file_deadline_0" in posted:
        posted.update(file_deadline_1="1", file_deadline_2="2030")
    response = client.post(_decide_url(request), posted)

    assert response.status_code == 200
    page = response.content.decode()
    for field, message in errors.items():
        assert f'id="id_{field}_error"' in page
        if message:
            assert message in page
    if posted.get("decision_reason") == "Nej":
        assert "Nej</textarea>" in page  # what was typed stays
    request.refresh_from_db()
    assert request.state == State.PENDING and request.decided_by is None
    assert not OutboxEmail.objects.exists()


def test_granting_on_the_page_needs_no_reason_and_the_page_then_shows_the_decision(client, caseworker, complaint_type):
    request = ExemptionRequestFactory(complaint_type=complaint_type)
    client.force_login(caseworker)
    response = client.post(_decide_url(request), {"decision": "grant"}, follow=True)
    assert "er imødekommet" in response.content.decode()
    request.refresh_from_db()
    assert request.state == State.GRANTED

    again = client.post(_decide_url(request), {"decision": "refuse", "decision_reason": "Nej"}, follow=True)
    assert "Anmodningen er allerede afgjort." in again.content.decode()
    request.refresh_from_db()
    assert request.state == State.GRANTED and request.decision_reason == ""


def test_refusing_on_the_page_records_the_deadline(client, caseworker, complaint_type):
    request = ExemptionRequestFactory(complaint_type=complaint_type)
    deadline = suggested_file_deadline()
    client.force_login(caseworker)
    client.post(
        _decide_url(request),
        {
            "decision": "refuse",
            "decision_reason": "Borgeren kan få hjælp.",
            "file_deadline_0": deadline.day,
            "file_deadline_1": deadline.month,
            "file_deadline_2": deadline.year,
        },
    )
    request.refresh_from_db()
    assert request.state == State.REFUSED and request.file_deadline == deadline


# --- The municipality ------------------------------------------------------------------------------------


def test_the_municipality_sees_its_granted_requests_and_starts_the_filing_from_one(
    client, caseworker, complaint_type, viborg
):
    granted = ExemptionRequestFactory(complaint_type=complaint_type, authority=viborg)
    exemption_request_grant(request=granted, by=caseworker)
    pending = ExemptionRequestFactory(complaint_type=complaint_type, authority=viborg)
    foreign = ExemptionRequestFactory(complaint_type=complaint_type, state=State.GRANTED)
    staff = AuthorityUserFactory(authority=viborg)
    client.force_login(staff)
    page = client.get(AUTHORITY_URL).content.decode()
    start = reverse("filing:exempt_start", kwargs={"exemption": granted.number})
    assert granted.number in page and f'action="{start}"' in page
    assert pending.number not in page and foreign.number not in page
    assert "0901410432" not in page

    response = client.post(start)
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/klage/{case.number}/fortsaet/")
    granted.refresh_from_db()
    assert granted.case == case
    page = client.get(AUTHORITY_URL).content.decode()
    assert case.number in page and f'action="{start}"' not in page
    # The other municipality's granted request cannot be started here.
    assert client.post(reverse("filing:exempt_start", kwargs={"exemption": foreign.number})).status_code == 404
    assert Case.objects.count() == 1

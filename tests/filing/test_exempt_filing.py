"""A municipality files a complaint for a citizen exempted from digital self-service (KP-2, KP-3, KP-6, PAY-3):
the staff member chooses the capacity with the citizen's CPR and the exemption's reference, gives the
citizen's contact details, and no approval is asked; the fee is paid by card or by a link to a relative, who
is registered as payer. Nobody else is offered the capacity or can take it."""

import re
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from klageportal.cases import policies
from klageportal.cases.models import ApprovalState, Case, CaseEvent, Party, PartyKind, PartyRole, Status
from klageportal.catalog.models import Authority, ComplaintType
from klageportal.filing import services
from klageportal.filing.models import Capacity, FilingDraft
from klageportal.notifications.models import OutboxEmail
from klageportal.payments.models import Payment, PaymentLink
from klageportal.payments.services import payment_link_send, payment_link_start, payment_settle
from tests.factories import AuthorityUserFactory, BodyStaffFactory, CitizenFactory, CompanyUserFactory
from tests.payments.conftest import portal_transport  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db

INGER = "0901410432"  # Inger Poulsen, 88, in the local CPR register
RETURN_URL = "http://testserver/betaling/retur/testgateway/"
CALLBACK_URL = "http://testserver/betaling/notifikation/testgateway/"
RELATIVE = {"name": "Hans Poulsen", "address": "Solvænget 3, 8850 Bjerringbro"}


def _step(case, step):
    return reverse("filing:step", kwargs={"number": case.number, "step": step})


@pytest.fixture
def viborg(filing_world):
    return filing_world["authority"]


@pytest.fixture
def staff(viborg):
    return AuthorityUserFactory(authority=viborg, full_name="Birgitte Andersen", email="ba@viborg.example")


@pytest.fixture
def lokalplan(catalogue):
    return ComplaintType.objects.get(slug="lokalplan")


def _counts():
    return (Case.objects.count(), Party.objects.count(), FilingDraft.objects.count(), CaseEvent.objects.count())


def _filled(staff, authority, complaint_type, *, email="") -> Case:
    """A draft filled in up to the summary through the services."""
    case = services.complaint_start(by=staff, complaint_type=complaint_type)
    services.complaint_set_exempt_citizen(case=case, by=staff, cpr=INGER, exemption_reference="MFKN 26/01234")
    services.complaint_set_citizen_contact(
        case=case,
        by=staff,
        name="Inger Poulsen",
        email=email,
        phone="",
        address="Solvænget 1, bolig 14, 8850 Bjerringbro",
        digital_post_exempt=True,
    )
    services.complaint_set_decision(
        case=case,
        by=staff,
        authority=authority,
        decision_date=date(2026, 10, 1),
        reference="LP-1",
        complaint_text="Afgørelsen er forkert.",
        address="",
        lat=None,
        lon=None,
    )
    services.complaint_documents_done(case=case, by=staff)
    case.refresh_from_db()
    return case


# --- services ---------------------------------------------------------------------------------------------


def test_the_staff_member_is_the_filer_representing_for_the_municipality(staff, viborg, lokalplan):
    case = services.complaint_start(by=staff, complaint_type=lokalplan)
    filer = case.parties.get(is_filer=True)
    assert (filer.role, filer.kind, filer.authority, filer.user) == (
        PartyRole.REPRESENTATIVE,
        PartyKind.AUTHORITY,
        viborg,
        staff,
    )
    assert filer.name == f"Birgitte Andersen, {viborg.name}"
    assert filer.cpr == "" and filer.email == "ba@viborg.example"
    assert not case.parties.filter(role=PartyRole.COMPLAINANT).exists()  # the staff member is no complainant


def test_the_citizen_is_the_complainant_and_needs_no_approval(
    staff, viborg, lokalplan, django_capture_on_commit_callbacks
):
    """KP-3, KP-6: the case is marked as filed for an exempt citizen; submitting asks nobody to approve."""
    case = _filled(staff, viborg, lokalplan)
    citizen = case.parties.get(role=PartyRole.COMPLAINANT)
    assert (citizen.kind, citizen.cpr, citizen.approval, citizen.is_filer) == (
        PartyKind.PERSON,
        INGER,
        ApprovalState.NOT_NEEDED,
        False,
    )
    assert citizen.no_email and citizen.digital_post_exempt
    assert case.filed_for_exempt_citizen
    assert case.filing.capacity == Capacity.EXEMPT and case.filing.exemption_reference == "MFKN 26/01234"
    assert case.events.filter(text__contains="Fritagelsen: MFKN 26/01234").exists()
    assert case.events.filter(text__contains="Klager tilføjet: Inger Poulsen").exists()
    assert case.events.filter(text__contains="Repræsentant tilføjet: Birgitte Andersen").exists()
    with django_capture_on_commit_callbacks(execute=True):
        services.complaint_submit(case=case, by=staff)
    case.refresh_from_db()
    citizen.refresh_from_db()
    assert case.status == Status.UDFYLDT  # the fee only is missing
    assert citizen.approval == ApprovalState.NOT_NEEDED
    assert not OutboxEmail.objects.filter(reason=OutboxEmail.Reason.APPROVAL_REQUEST).exists()


def test_a_citizen_with_e_mail_is_written_to_there(staff, viborg, lokalplan):
    case = _filled(staff, viborg, lokalplan, email="inger@example.dk")
    citizen = case.parties.get(role=PartyRole.COMPLAINANT)
    assert citizen.email == "inger@example.dk" and not citizen.no_email


def test_another_cpr_number_replaces_the_citizen_and_asks_for_the_contact_details_again(staff, viborg, lokalplan):
    case = _filled(staff, viborg, lokalplan)
    services.complaint_set_exempt_citizen(case=case, by=staff, cpr="2205380965", exemption_reference="MFKN 26/01234")
    citizen = case.parties.get(role=PartyRole.COMPLAINANT)
    assert citizen.cpr == "2205380965" and citizen.name == ""
    case.filing.refresh_from_db()
    assert services.complaint_incomplete_steps(case) == [services.Step.CONTACT]


@pytest.mark.usefixtures("portal_transport")
def test_the_card_payment_makes_the_case_indsendt_and_tells_the_authority(
    client, staff, viborg, lokalplan, django_capture_on_commit_callbacks
):
    """KP-6: the fee is the one condition; paid by card, the citizen is the payer and the case is Indsendt."""
    case = _filled(staff, viborg, lokalplan)
    with django_capture_on_commit_callbacks(execute=True):
        services.complaint_submit(case=case, by=staff)
    client.force_login(staff)
    response = client.post(reverse("payments:pay", kwargs={"number": case.number}))
    assert response.status_code == 302 and response["Location"].startswith("/testbetaling/")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(response["Location"], {"choice": "approve"}, follow=True)
    case.refresh_from_db()
    assert case.status == Status.INDSENDT
    payment = case.payments.get(state=Payment.State.PAID)
    assert payment.payer == case.parties.get(role=PartyRole.COMPLAINANT)  # PAY-3: the citizen's card
    new = OutboxEmail.objects.get(reason=OutboxEmail.Reason.NEW_COMPLAINT)
    assert new.to == viborg.email
    assert OutboxEmail.objects.get(reason=OutboxEmail.Reason.SUBMITTED).to == "ba@viborg.example"


def test_the_link_payment_registers_the_relative_as_payer_and_the_case_is_indsendt(
    staff, viborg, lokalplan, django_capture_on_commit_callbacks
):
    """PAY-3: a relative pays through the link, after giving name and address, and is the registered payer."""
    case = _filled(staff, viborg, lokalplan)
    with django_capture_on_commit_callbacks(execute=True):
        services.complaint_submit(case=case, by=staff)
        link = payment_link_send(case=case, by=staff, email="hans@example.dk", register_as_payer=True)
    url = payment_link_start(
        link=link,
        **{"payer_name": RELATIVE["name"], "payer_address": RELATIVE["address"]},
        return_url=RETURN_URL,
        callback_url=CALLBACK_URL,
    )
    assert url
    payment = Payment.objects.get(link=link)
    with django_capture_on_commit_callbacks(execute=True):
        payment_settle(gateway="testgateway", reference=payment.gateway_reference, status="paid", event_id="link")
    case.refresh_from_db()
    assert case.status == Status.INDSENDT
    payer = case.parties.get(role=PartyRole.PAYER)
    assert (payer.name, payer.address, payer.email) == (RELATIVE["name"], RELATIVE["address"], "hans@example.dk")
    payment.refresh_from_db()
    assert payment.payer == payer


def test_the_staff_member_and_the_citizen_see_the_case_and_the_staff_member_may_pay(
    staff, viborg, lokalplan, django_capture_on_commit_callbacks
):
    case = _filled(staff, viborg, lokalplan)
    with django_capture_on_commit_callbacks(execute=True):
        services.complaint_submit(case=case, by=staff)
    case.refresh_from_db()
    inger = CitizenFactory(cpr=INGER)
    assert policies.can_view_case(staff, case) and policies.is_filer(staff, case)
    assert Case.objects.filter(policies.cases_visible_to(staff), pk=case.pk).exists()
    assert policies.can_view_case(inger, case)
    assert Case.objects.filter(policies.cases_visible_to(inger), pk=case.pk).exists()
    assert not policies.can_view_case(CitizenFactory(), case)


def test_the_case_is_filed_for_the_citizen_also_when_another_authority_decided(staff, lokalplan, catalogue):
    """KP-2: assisting an exempt citizen is the municipality's duty whoever made the decision."""
    other = Authority.objects.exclude(pk=staff.authority_id).order_by("pk").first()
    case = _filled(staff, other, lokalplan)
    assert case.authority == other
    assert services.complaint_incomplete_steps(case) == []


# --- refused ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda: AuthorityUserFactory(authority__kind=Authority.Kind.AGENCY), id="agency staff"),
        pytest.param(BodyStaffFactory, id="board caseworker"),
    ],
)
def test_others_cannot_start_a_complaint_for_an_exempt_citizen(client, make, lokalplan):
    """KP-2: the option is the municipality's; an agency's staff and a board's caseworker get nothing."""
    user = make()
    before = _counts()
    with pytest.raises(PermissionDenied):
        services.complaint_start(by=user, complaint_type=lokalplan)
    client.force_login(user)
    assert client.get(reverse("filing:start")).status_code == 403
    assert client.post(reverse("filing:start"), {"complaint_type": lokalplan.pk}).status_code == 403
    assert _counts() == before


def test_anonymous_cannot_start(client, lokalplan):
    before = _counts()
    response = client.post(reverse("filing:start"), {"complaint_type": lokalplan.pk})
    assert response.status_code == 302 and response["Location"].startswith("/oidc/authenticate/")
    assert _counts() == before


@pytest.mark.parametrize("make", [CitizenFactory, CompanyUserFactory], ids=["citizen", "company"])
def test_a_citizen_or_company_is_not_offered_the_exempt_capacity_and_cannot_take_it(client, make, lokalplan):
    user = make()
    case = services.complaint_start(by=user, complaint_type=lokalplan)
    client.force_login(user)
    page = client.get(_step(case, "klager")).content.decode()
    assert "undtaget for digital selvbetjening" not in page
    assert 'name="cpr"' not in page
    before = _counts()
    response = client.post(_step(case, "klager"), {"capacity": "exempt", "cpr": INGER, "exemption_reference": "X"})
    assert response.status_code == 200  # the form refuses the choice it does not offer
    case.refresh_from_db()
    assert not case.filed_for_exempt_citizen and case.filing.capacity == ""
    assert _counts()[:3] == before[:3]
    with pytest.raises(PermissionDenied):
        services.complaint_set_exempt_citizen(case=case, by=user, cpr=INGER, exemption_reference="X")
    with pytest.raises(services.FilingError):
        services.complaint_set_capacity(case=case, by=user, capacity=Capacity.EXEMPT)
    assert not case.parties.filter(role=PartyRole.COMPLAINANT, cpr=INGER).exists()


def test_the_staff_member_cannot_file_on_own_behalf_or_as_a_representative(staff, lokalplan):
    case = services.complaint_start(by=staff, complaint_type=lokalplan)
    with pytest.raises(PermissionDenied):
        services.complaint_set_capacity(case=case, by=staff, capacity=Capacity.OWN)
    case.filing.refresh_from_db()
    assert case.filing.capacity == ""


def test_nobody_else_can_fill_in_the_staff_members_draft(staff, lokalplan):
    case = services.complaint_start(by=staff, complaint_type=lokalplan)
    colleague = AuthorityUserFactory(authority=staff.authority)
    for user in (colleague, CitizenFactory(cpr=INGER), BodyStaffFactory()):
        with pytest.raises(PermissionDenied):
            services.complaint_set_exempt_citizen(case=case, by=user, cpr=INGER, exemption_reference="X")
    assert not case.parties.filter(role=PartyRole.COMPLAINANT).exists()


# --- views ------------------------------------------------------------------------------------------------


def test_the_inbox_offers_the_way_in_to_municipality_staff_only(client, staff):
    client.force_login(staff)
    assert reverse("filing:start") in client.get(reverse("workspaces:authority_inbox")).content.decode()
    client.force_login(AuthorityUserFactory(authority__kind=Authority.Kind.AGENCY))
    assert reverse("filing:start") not in client.get(reverse("workspaces:authority_inbox")).content.decode()


def test_the_whole_flow_through_the_pages(client, staff, viborg, lokalplan, django_capture_on_commit_callbacks):
    """KP-3: screen 1 has Klager and Repræsenterer; step 2 is the citizen's with the register's name; no step for
    the filer; summary and "Indsend" lead to the payment step with the link for a relative."""
    client.force_login(staff)
    start = client.get(reverse("filing:start")).content.decode()
    assert "Borgerens CPR-nummer" in start
    client.post(reverse("filing:start"), {"complaint_type": lokalplan.pk})
    case = Case.objects.order_by("-pk").first()
    assert case.created_by == staff
    first = client.get(_step(case, "klager")).content.decode()
    assert "Jeg opretter klage på vegne af borger som er undtaget for digital selvbetjening" in first
    assert "Repræsenterer" in first
    assert "Jeg klager på egne vegne" not in first
    refused = client.post(_step(case, "klager"), {"capacity": "exempt", "cpr": "0101011111", "exemption_reference": ""})
    assert refused.status_code == 200
    assert "CPR-nummeret findes ikke i CPR" in refused.content.decode()
    assert "Skriv en reference til afgørelsen om fritagelse" in refused.content.decode()
    response = client.post(
        _step(case, "klager"), {"capacity": "exempt", "cpr": "090141-0432", "exemption_reference": "MFKN 26/01234"}
    )
    assert response["Location"] == _step(case, "kontakt")
    contact = client.get(_step(case, "kontakt")).content.decode()
    assert "Klagers kontaktoplysninger" in contact
    assert "Inger Poulsen" in contact and "Solvænget 1, bolig 14, 8850 Bjerringbro" in contact
    response = client.post(
        _step(case, "kontakt"),
        {"name": "Someone Else", "address": "Solvænget 1, bolig 14, 8850 Bjerringbro", "phone": "", "email": ""},
    )
    assert response["Location"] == _step(case, "afgoerelse")  # no step for the filer, no complainants step
    citizen = case.parties.get(role=PartyRole.COMPLAINANT)
    assert citizen.name == "Inger Poulsen" and citizen.no_email and not citizen.digital_post_exempt
    decision = client.get(_step(case, "afgoerelse")).content.decode()
    assert "Borgerens klage" in decision
    assert f'value="{viborg.pk}" selected' in decision
    client.post(
        _step(case, "afgoerelse"),
        {
            "authority": viborg.pk,
            "decision_date": "2026-10-01",
            "reference": "LP-1",
            "complaint_text": "Afgørelsen er forkert.",
            "address": "",
            "lat": "",
            "lon": "",
        },
    )
    client.post(_step(case, "dokumenter"), {"action": "next"})
    summary = client.get(_step(case, "opsummering")).content.decode()
    assert "MFKN 26/01234" in summary and "Inger Poulsen" in summary
    assert "Ingen e-mail" in summary
    assert "skal ikke godkende" in summary
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_step(case, "opsummering"), {"action": "submit"})
    assert response["Location"] == reverse("filing:payment", kwargs={"number": case.number})
    case.refresh_from_db()
    assert case.status == Status.UDFYLDT and case.filed_for_exempt_citizen
    payment = client.get(response["Location"]).content.decode()
    assert "familiemedlem" in payment
    assert reverse("payments:send_link", kwargs={"number": case.number}) in payment
    mine = client.get(reverse("filing:start")).content.decode()
    assert case.number in mine and "Inger Poulsen" in mine


def test_the_send_link_page_ticks_the_payer_box_and_requires_it(
    client, staff, viborg, lokalplan, django_capture_on_commit_callbacks
):
    """PAY-3: "Modtageren af linket registreres som betaler" is ticked, and sending without it is refused."""
    case = _filled(staff, viborg, lokalplan)
    with django_capture_on_commit_callbacks(execute=True):
        services.complaint_submit(case=case, by=staff)
    client.force_login(staff)
    url = reverse("payments:send_link", kwargs={"number": case.number})
    page = client.get(url).content.decode()
    assert re.search(r'<input[^>]*name="register_as_payer"[^>]*checked', page)
    refused = client.post(url, {"email": "hans@example.dk"})
    assert refused.status_code == 200
    assert not PaymentLink.objects.filter(case=case).exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"email": "hans@example.dk", "register_as_payer": "on"})
    assert response.status_code == 302
    link = PaymentLink.objects.get(case=case)
    assert link.register_as_payer and link.created_by == staff
    assert OutboxEmail.objects.filter(reason=OutboxEmail.Reason.PAYMENT_LINK, to="hans@example.dk").exists()


def test_when_the_cpr_register_does_not_answer_the_name_is_typed(client, staff, lokalplan, settings):
    """KP-3, as for a represented complainant: the number is taken unchecked, said so, and the name typed."""
    settings.REGISTER_LOCAL_UNAVAILABLE = True
    client.force_login(staff)
    case = services.complaint_start(by=staff, complaint_type=lokalplan)
    response = client.post(
        _step(case, "klager"),
        {"capacity": "exempt", "cpr": "0901410432", "exemption_reference": "AST 26-77"},
        follow=True,
    )
    page = response.content.decode()
    assert "CPR-nummeret er ikke kontrolleret" in page
    assert "Skriv borgerens fulde navn" in page
    refused = client.post(_step(case, "kontakt"), {"name": "", "address": "Solvænget 1, 8850 Bjerringbro"})
    assert refused.status_code == 200 and "Skriv borgerens navn." in refused.content.decode()
    response = client.post(
        _step(case, "kontakt"), {"name": "Inger Poulsen", "address": "Solvænget 1, 8850 Bjerringbro"}
    )
    assert response["Location"] == _step(case, "afgoerelse")
    assert case.parties.get(role=PartyRole.COMPLAINANT).name == "Inger Poulsen"

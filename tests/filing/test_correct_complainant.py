"""KP-7: a complainant's CPR number typed wrong leads somewhere. The filer corrects the complainant while the
complaint waits in Udfyldt, a new approval e-mail goes out, and the link answers only the person now named;
the refusal page says what to do without telling a stranger anything about the case."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from klageportal.cases.models import ApprovalState, CaseEvent, PartyKind, PartyRole, Status
from klageportal.filing import services
from klageportal.notifications.models import OutboxEmail
from tests.factories import CaseFactory, CitizenFactory, PartyFactory

pytestmark = pytest.mark.django_db

TYPO = "0507651234"  # Jens Nielsen is 0507651237 in the local register


@pytest.fixture
def jens(db):
    return CitizenFactory(full_name="Jens Nielsen", cpr="0507651237")


@pytest.fixture
def wrong(db):
    """Whoever has the mistyped number."""
    return CitizenFactory(full_name="Janus Nielsen", cpr=TYPO)


@pytest.fixture
def case(filer):
    case = CaseFactory(status=Status.UDFYLDT, created_by=filer, filer__role=PartyRole.REPRESENTATIVE, type_version=None)
    case.parties.filter(is_filer=True).update(email="rita@example.dk")
    PartyFactory(
        case=case,
        kind=PartyKind.PERSON,
        cpr=TYPO,
        name="Jens Nielsen",
        email="jens@example.dk",
        approval=ApprovalState.PENDING,
    )
    return case


def _url(case, party=None):
    party = party or case.parties.get(name="Jens Nielsen")
    return reverse("filing:correct_complainant", kwargs={"number": case.number, "party_id": party.pk})


def _approve_url(case):
    return reverse("filing:approve", kwargs={"number": case.number})


CORRECTED = {"kind": "person", "number": "050765-1237", "name": "Jens Nielsen", "email": "jens@example.dk"}


def test_the_refusal_says_what_to_do_and_nothing_about_the_case(client, case, jens):
    client.force_login(jens)  # the right person, but the representative typed a different number

    response = client.get(_approve_url(case))

    html = response.content.decode()
    assert response.status_code == 404
    assert "Hvad kan du gøre?" in html
    assert "har repræsentanten måske skrevet dit CPR- eller CVR-nummer forkert" in html
    assert "Du er logget ind som Jens Nielsen" in html
    for secret in ("Rita Repræsentant", "rita@example.dk", case.board.name):
        assert secret not in html


def test_the_case_page_offers_the_filer_to_correct_a_complainant(client, case, filer):
    client.force_login(filer)
    page = client.get(case.get_absolute_url()).content.decode()
    assert _url(case) in page and "Ret Jens Nielsen" in page


def test_the_filer_corrects_the_cpr_and_the_complainant_is_asked_again(client, case, filer, jens, wrong):
    client.force_login(filer)
    page = client.get(_url(case)).content.decode()
    assert f'value="{TYPO}"' in page  # the filer sees the number they typed, to spot the typo

    response = client.post(_url(case), CORRECTED)

    assert response["Location"] == case.get_absolute_url()
    party = case.parties.get(name="Jens Nielsen")
    assert (party.cpr, party.approval, party.approved_by) == ("0507651237", ApprovalState.PENDING, None)
    mail = OutboxEmail.objects.filter(case=case, reason=OutboxEmail.Reason.APPROVAL_REQUEST, to="jens@example.dk")
    assert mail.count() == 1
    assert "rita@example.dk" in mail.get().body
    event = CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.PARTY).latest("pk")
    assert (event.text, event.actor, event.data["corrected"]) == ("Klager rettet: Jens Nielsen", filer, True)

    # The link now answers Jens and no longer whoever has the mistyped number.
    client.force_login(wrong)
    assert client.get(_approve_url(case)).status_code == 404
    client.force_login(jens)
    assert "Godkend repræsentationen" in client.get(_approve_url(case)).content.decode()


def test_a_complainant_who_declined_can_be_corrected_and_is_asked_again(client, case, filer):
    case.parties.filter(name="Jens Nielsen").update(approval=ApprovalState.DECLINED)
    client.force_login(filer)
    client.post(_url(case), CORRECTED)
    assert case.parties.get(name="Jens Nielsen").approval == ApprovalState.PENDING


def test_a_corrected_number_is_looked_up_too(client, case, filer):
    client.force_login(filer)

    response = client.post(_url(case), {**CORRECTED, "number": "050765-1235"})

    assert "CPR-nummeret findes ikke i CPR" in response.content.decode()
    assert case.parties.get(name="Jens Nielsen").cpr == TYPO
    assert not OutboxEmail.objects.filter(case=case, reason=OutboxEmail.Reason.APPROVAL_REQUEST).exists()


@pytest.mark.parametrize("who", ["stranger", "jens", "wrong"])
def test_nobody_but_the_filer_can_correct_a_complainant(client, case, stranger, jens, wrong, who):
    client.force_login({"stranger": stranger, "jens": jens, "wrong": wrong}[who])

    assert client.get(_url(case)).status_code in (403, 404)
    assert client.post(_url(case), CORRECTED).status_code in (403, 404)

    assert case.parties.get(name="Jens Nielsen").cpr == TYPO
    assert not OutboxEmail.objects.filter(case=case, reason=OutboxEmail.Reason.APPROVAL_REQUEST).exists()
    with pytest.raises(PermissionDenied):
        services.complaint_correct_complainant(
            case=case,
            by={"stranger": stranger, "jens": jens, "wrong": wrong}[who],
            party_id=case.parties.get(name="Jens Nielsen").pk,
            kind="person",
            number="0507651237",
            name="Jens Nielsen",
            email="jens@example.dk",
        )


def test_an_approved_complainant_cannot_be_corrected(client, case, filer):
    case.parties.filter(name="Jens Nielsen").update(approval=ApprovalState.APPROVED)
    client.force_login(filer)
    assert client.post(_url(case), CORRECTED).status_code == 404
    assert case.parties.get(name="Jens Nielsen").cpr == TYPO


def test_only_while_the_complaint_is_udfyldt(client, case, filer):
    case.status = Status.INDSENDT
    case.save(update_fields=["status"])
    client.force_login(filer)
    assert client.post(_url(case), CORRECTED).status_code == 403
    assert case.parties.get(name="Jens Nielsen").cpr == TYPO


def test_the_approval_page_buttons_are_spaced_as_a_dkfds_button_group(client, case, wrong):
    client.force_login(wrong)
    html = client.get(_approve_url(case)).content.decode()
    assert '<div class="button-group">' in html

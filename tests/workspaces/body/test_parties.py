"""The appeals body's pages on parties, hearings and restricted documents (BD-5, BD-8, X-6): the board's caseworker
confirms, removes and adds parties on the Parter tab, sends documents in a hearing, and restricts a document on the
Dokumenter tab; a party sees "Du er i høring" on the overview. Everyone else is refused, and nothing changes."""

# ruff: noqa: F811 (the case-domain fixtures, imported above, are the tests' parameters)

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from klageportal.cases.models import CaseEvent, Party, PartyRole, Status
from klageportal.casework.models import Hearing
from klageportal.casework.services.hearings import hearing_deadline_suggested, hearing_send
from klageportal.documents.models import CaseDocument
from klageportal.notifications.models import OutboxEmail
from tests.cases.conftest import (  # noqa: F401 (fixtures)
    board,
    caseworker,
    complaint_type,
    fi_staff,
    make_case,
    other_authority,
    other_caseworker,
)
from tests.factories import CaseDocumentFactory, PartyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(make_case):
    return make_case(Status.VIDERESENDT)


@pytest.fixture
def proposed(case, stranger):
    return PartyFactory(case=case, role=PartyRole.OTHER, cpr=stranger.cpr, name="Far Hansen", proposed=True)


@pytest.fixture
def link(case, filer):
    return CaseDocumentFactory(case=case, added_by=filer, document__original_name="udtalelse.pdf")


def url(name: str, case, **kwargs) -> str:
    return reverse(f"workspaces:{name}", kwargs={"number": case.number, **kwargs})


def page(client, user, name: str, case, **kwargs) -> str:
    client.force_login(user)
    response = client.get(url(name, case, **kwargs))
    assert response.status_code == 200
    return response.content.decode()


def state(case) -> tuple:
    return (
        tuple(case.parties.order_by("pk").values_list("pk", "removed_at", "confirmed_at")),
        tuple(case.documents.order_by("pk").values_list("pk", "restricted", "restricted_reason")),
        CaseEvent.objects.filter(case=case).count(),
        Hearing.objects.filter(case=case).count(),
        OutboxEmail.objects.filter(case=case).count(),
    )


def test_caseworker_confirms_a_proposed_party_from_the_parties_tab(client, case, proposed, caseworker, stranger):
    """BD-8: before the confirmation the proposed party sees nothing; after it, the case."""
    client.force_login(stranger)
    assert client.get(url("case_detail", case)).status_code == 404
    html = page(client, caseworker, "case_parties", case)
    confirm = url("body_party_confirm", case, party=proposed.pk)
    assert confirm in html and url("body_party_remove", case, party=proposed.pk) in html
    assert "Far Hansen" in page(client, caseworker, "body_party_confirm", case, party=proposed.pk)
    response = client.post(confirm)
    assert response.status_code == 302 and response["Location"] == url("case_parties", case)
    proposed.refresh_from_db()
    assert proposed.confirmed_by == caseworker
    client.force_login(stranger)
    assert client.get(url("case_detail", case)).status_code == 200


def test_caseworker_removes_a_party_with_a_reason(client, case, proposed, caseworker, stranger):
    client.force_login(caseworker)
    target = url("body_party_remove", case, party=proposed.pk)
    before = state(case)
    response = client.post(target, {"reason": ""})
    html = response.content.decode()
    assert response.status_code == 200 and "error-summary" in html and "Udfyld feltet „Begrundelse“." in html
    assert state(case) == before
    response = client.post(target, {"reason": "Ikke part i sagen."})
    assert response.status_code == 302
    proposed.refresh_from_db()
    assert proposed.removed_at is not None
    assert CaseEvent.objects.filter(case=case, data__removed=True, data__reason="Ikke part i sagen.").exists()
    html = page(client, caseworker, "case_parties", case)
    assert "Far Hansen er fjernet som part." in html  # the message, once
    assert '<td data-title="Navn">Far Hansen</td>' not in html and target not in html
    client.force_login(stranger)
    assert client.get(url("case_detail", case)).status_code == 404
    # Confirming a removed party does not bring it back.
    client.force_login(caseworker)
    client.post(url("body_party_confirm", case, party=proposed.pk))
    proposed.refresh_from_db()
    assert proposed.confirmed_at is None


def test_caseworker_adds_a_party_who_sees_the_case_at_once(client, case, caseworker, stranger):
    """BD-5: the body adds a party with party status; the form keeps what was typed when it is wrong."""
    html = page(client, caseworker, "case_parties", case)
    assert url("body_party_add", case) in html
    response = client.post(url("body_party_add", case), {"name": "Nabo Jensen", "kind": "person", "number": "12"})
    html = response.content.decode()
    assert response.status_code == 200 and "Nabo Jensen" in html and "CPR-nummeret skal have 10 cifre" in html
    response = client.post(
        url("body_party_add", case),
        {"name": "Nabo Jensen", "kind": "person", "number": stranger.cpr, "email": "nabo@example.dk"},
    )
    assert response.status_code == 302
    party = Party.objects.get(case=case, name="Nabo Jensen")
    assert (party.proposed, party.role, party.cpr) == (False, PartyRole.OTHER, stranger.cpr)
    client.force_login(stranger)
    assert client.get(url("case_detail", case)).status_code == 200


def test_caseworker_sends_a_hearing_and_the_party_sees_the_deadline(client, case, link, caseworker, complainant):
    """BD-8: the form suggests a deadline 14 days on; the party sees "Du er i høring" with the documents."""
    party = case.parties.get(cpr=complainant.cpr)
    html = page(client, caseworker, "body_hearing_send", case)
    suggested = hearing_deadline_suggested()
    assert f'value="{suggested.day}"' in html and "udtalelse.pdf" in html and party.name in html
    assert url("body_hearing_send", case) in page(client, caseworker, "case_documents", case)
    deadline = timezone.localdate() + timedelta(days=10)
    response = client.post(
        url("body_hearing_send", case),
        {
            "documents": [link.pk],
            "parties": [party.pk],
            "text": "Kommentér venligst udtalelsen.",
            "deadline_0": deadline.day,
            "deadline_1": deadline.month,
            "deadline_2": deadline.year,
        },
    )
    assert response.status_code == 302 and response["Location"] == url("case_detail", case)
    hearing = Hearing.objects.get(case=case)
    assert hearing.deadline == deadline and list(hearing.parties.all()) == [party]
    assert OutboxEmail.objects.filter(case=case, to=party.email).exists()
    panel = page(client, caseworker, "case_detail", case)
    assert "Åbne høringer" in panel and "Du er i høring" not in panel
    html = page(client, complainant, "case_detail", case)
    assert "Du er i høring: svar senest" in html and "Kommentér venligst udtalelsen." in html
    assert url("case_document_download", case, pk=link.pk) in html


def test_a_party_not_in_the_hearing_sees_no_hearing(client, case, link, caseworker, complainant, proposed):
    confirmed = proposed
    confirmed.confirmed_at = timezone.now()
    confirmed.save()
    hearing_send(
        case=case,
        by=caseworker,
        documents=[link],
        parties=[confirmed],
        text="x",
        deadline=timezone.localdate() + timedelta(days=5),
    )
    assert "Du er i høring" not in page(client, complainant, "case_detail", case)


def test_a_hearing_of_a_restricted_document_is_refused_with_a_message(client, case, link, caseworker, complainant):
    link.restricted = True
    link.restricted_reason = "Fortroligt."
    link.save()
    party = case.parties.get(cpr=complainant.cpr)
    deadline = timezone.localdate() + timedelta(days=10)
    client.force_login(caseworker)
    before = state(case)
    response = client.post(
        url("body_hearing_send", case),
        {
            "documents": [link.pk],
            "parties": [party.pk],
            "text": "Se bilaget.",
            "deadline_0": deadline.day,
            "deadline_1": deadline.month,
            "deadline_2": deadline.year,
        },
    )
    html = response.content.decode()
    assert response.status_code == 200 and "begrænset adgang og kan ikke sendes i høring" in html
    assert "Se bilaget." in html  # nothing typed is lost
    assert state(case) == before


def test_caseworker_restricts_and_lifts_a_documents_visibility(client, case, link, caseworker, complainant):
    """X-6: with a reason; the parties no longer see the document, then see it again."""
    html = page(client, caseworker, "case_documents", case)
    restrict = url("body_document_restrict", case, pk=link.pk)
    assert restrict in html
    client.post(restrict, {"reason": "Indeholder oplysninger om tredjemand."})
    link.refresh_from_db()
    assert link.restricted and link.restricted_reason == "Indeholder oplysninger om tredjemand."
    html = page(client, caseworker, "case_documents", case)
    assert "Begrænset adgang" in html and "Indeholder oplysninger om tredjemand." in html
    assert "udtalelse.pdf" not in page(client, complainant, "case_documents", case)
    client.force_login(caseworker)
    client.post(url("body_document_unrestrict", case, pk=link.pk))
    link.refresh_from_db()
    assert not link.restricted
    assert "udtalelse.pdf" in page(client, complainant, "case_documents", case)


ACTIONS = [
    ("body_party_confirm", "party", {}),
    ("body_party_remove", "party", {"reason": "Ikke part."}),
    ("body_party_add", None, {"name": "X", "kind": "person", "email": "x@example.dk"}),
    ("body_document_restrict", "pk", {"reason": "Fortroligt."}),
    ("body_document_unrestrict", "pk", {}),
    ("body_hearing_send", None, {"text": "x", "deadline_0": "1", "deadline_1": "1", "deadline_2": "2099"}),
]


@pytest.mark.parametrize("who", ["other_caseworker", "fi_staff", "complainant", "stranger", "anonymous"])
@pytest.mark.parametrize(("name", "kwarg", "data"), ACTIONS)
def test_every_action_is_refused_to_anyone_but_the_boards_caseworker(
    client, case, proposed, link, who, name, kwarg, data, request
):
    link.restricted = name == "body_document_unrestrict"
    link.save()
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    kwargs = {"party": proposed.pk} if kwarg == "party" else {"pk": link.pk} if kwarg == "pk" else {}
    if name == "body_hearing_send":
        data = {**data, "documents": [link.pk], "parties": [case.parties.first().pk]}
    before = state(case)
    for response in (client.get(url(name, case, **kwargs)), client.post(url(name, case, **kwargs), data)):
        assert response.status_code in (302, 403, 404)
        if response.status_code == 302:
            assert (
                response["Location"].startswith(reverse("oidc_authentication_init")) or "login" in response["Location"]
            )
    assert state(case) == before


def test_the_tabs_offer_the_body_actions_to_nobody_else(client, case, proposed, link, fi_staff, complainant):
    for user in (fi_staff, complainant):
        assert "bekraeft" not in page(client, user, "case_parties", case)
        html = page(client, user, "case_documents", case)
        assert "begraens" not in html and "hoering" not in html


def test_on_a_decided_case_the_caseworker_sees_no_actions(client, make_case, caseworker, stranger):
    case = make_case(Status.AFGJORT)
    party = PartyFactory(case=case, role=PartyRole.OTHER, cpr=stranger.cpr, proposed=True)
    CaseDocumentFactory(case=case)
    assert url("body_party_confirm", case, party=party.pk) not in page(client, caseworker, "case_parties", case)
    assert "begraens" not in page(client, caseworker, "case_documents", case)
    client.force_login(caseworker)
    assert client.post(url("body_party_confirm", case, party=party.pk)).status_code == 403
    assert not CaseDocument.objects.filter(case=case, restricted=True).exists()

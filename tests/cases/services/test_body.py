"""The appeals body's writes: confirming a party the first instance proposed (BD-8)."""

import pytest
from django.core.exceptions import PermissionDenied

from klageportal.cases import policies
from klageportal.cases.models import CaseEvent, PartyRole, Status
from klageportal.cases.services.body import party_confirm
from tests.factories import PartyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def proposed(make_case, stranger):
    case = make_case(Status.VIDERESENDT)
    return PartyFactory(case=case, role=PartyRole.OTHER, cpr=stranger.cpr, name="Far Hansen", proposed=True)


def test_party_confirm_opens_the_case_to_the_party_and_writes_the_history(proposed, caseworker, stranger):
    """BD-8: from the confirmation on, the party sees the case; the history says who confirmed whom."""
    assert not policies.can_view_case(stranger, proposed.case)

    party = party_confirm(party=proposed, by=caseworker)

    assert party.confirmed_at is not None and party.confirmed_by == caseworker
    assert policies.can_view_case(stranger, proposed.case)
    event = CaseEvent.objects.get(case=proposed.case, kind=CaseEvent.Kind.PARTY, data__confirmed=True)
    assert (event.actor, event.data["party"], event.text) == (
        caseworker,
        party.pk,
        "Anden part bekræftet som part: Far Hansen",
    )


def test_party_confirm_is_refused_to_anyone_but_the_boards_caseworker(proposed, other_caseworker, fi_staff, stranger):
    for user in (other_caseworker, fi_staff, stranger):
        with pytest.raises(PermissionDenied):
            party_confirm(party=proposed, by=user)
    proposed.refresh_from_db()
    assert proposed.confirmed_at is None
    assert not CaseEvent.objects.filter(case=proposed.case, data__confirmed=True).exists()


def test_a_party_is_confirmed_once(proposed, caseworker):
    party_confirm(party=proposed, by=caseworker)
    with pytest.raises(PermissionDenied):
        party_confirm(party=proposed, by=caseworker)
    assert CaseEvent.objects.filter(case=proposed.case, data__confirmed=True).count() == 1


# --- Removing a party with a reason (BD-8) and adding one as the body (BD-5) -----------------------------------

from django.contrib.auth.models import AnonymousUser  # noqa: E402

from klageportal.cases.models import Party, PartyKind  # noqa: E402
from klageportal.cases.services.body import party_add_as_body, party_remove  # noqa: E402


def _parties(case) -> tuple:
    return (
        tuple(case.parties.order_by("pk").values_list("pk", "removed_at", "confirmed_at")),
        CaseEvent.objects.filter(case=case).count(),
    )


def test_party_remove_takes_a_proposed_party_off_with_the_reason_in_the_history(proposed, caseworker, stranger):
    """BD-8: a proposed party the body does not confirm is removed; it never sees the case, the reason is kept."""
    party = party_remove(party=proposed, reason="  Ikke part i sagen efter forvaltningsloven.  ", by=caseworker)

    assert party.removed_at is not None
    assert not policies.can_view_case(stranger, proposed.case)
    event = CaseEvent.objects.get(case=proposed.case, kind=CaseEvent.Kind.PARTY, data__removed=True)
    assert (event.actor, event.data["party"], event.data["reason"]) == (
        caseworker,
        party.pk,
        "Ikke part i sagen efter forvaltningsloven.",
    )
    assert (
        event.text == "Anden part fjernet som part: Far Hansen. Begrundelse: Ikke part i sagen efter forvaltningsloven."
    )


def test_a_confirmed_party_that_is_removed_sees_nothing_any_more(proposed, caseworker, stranger):
    party_confirm(party=proposed, by=caseworker)
    assert policies.can_view_case(stranger, proposed.case)
    party_remove(party=proposed, reason="Fejlagtigt bekræftet.", by=caseworker)
    assert not policies.can_view_case(stranger, proposed.case)
    assert not policies.is_case_side_party(stranger, proposed.case)


def test_a_removed_party_cannot_be_confirmed_or_removed_again(proposed, caseworker):
    party_remove(party=proposed, reason="Ikke part.", by=caseworker)
    before = _parties(proposed.case)
    with pytest.raises(PermissionDenied):
        party_confirm(party=proposed, by=caseworker)
    with pytest.raises(PermissionDenied):
        party_remove(party=proposed, reason="Igen.", by=caseworker)
    assert _parties(proposed.case) == before


def test_party_remove_needs_a_reason(proposed, caseworker):
    before = _parties(proposed.case)
    with pytest.raises(ValueError):
        party_remove(party=proposed, reason="   ", by=caseworker)
    assert _parties(proposed.case) == before


def test_the_complainant_is_not_removed_as_a_party(make_case, caseworker):
    case = make_case(Status.VIDERESENDT)
    complainant_party = case.parties.filter(role=PartyRole.COMPLAINANT).first()
    before = _parties(case)
    with pytest.raises(PermissionDenied):
        party_remove(party=complainant_party, reason="Nej.", by=caseworker)
    assert _parties(case) == before


@pytest.mark.parametrize("who", ["other_caseworker", "fi_staff", "stranger", "complainant", "anonymous"])
def test_party_remove_is_refused_to_anyone_but_the_boards_caseworker_and_changes_nothing(proposed, who, request):
    user = AnonymousUser() if who == "anonymous" else request.getfixturevalue(who)
    before = _parties(proposed.case)
    with pytest.raises(PermissionDenied):
        party_remove(party=proposed, reason="Ikke part.", by=user)
    assert _parties(proposed.case) == before


def test_party_remove_is_refused_once_the_body_no_longer_has_the_case(make_case, caseworker, stranger):
    case = make_case(Status.AFGJORT)
    party = PartyFactory(case=case, role=PartyRole.OTHER, cpr=stranger.cpr, proposed=True)
    with pytest.raises(PermissionDenied):
        party_remove(party=party, reason="Ikke part.", by=caseworker)
    party.refresh_from_db()
    assert party.removed_at is None


def test_party_add_as_body_gives_party_status_at_once(make_case, caseworker, stranger):
    """BD-5: the body decides party status itself: the party it adds sees the case without a confirmation."""
    case = make_case(Status.UNDER_BEHANDLING)
    party = party_add_as_body(
        case=case, by=caseworker, name=" Nabo Jensen ", kind=PartyKind.PERSON, cpr=stranger.cpr, email="nabo@example.dk"
    )
    assert (party.name, party.role, party.proposed, party.email, party.cpr) == (
        "Nabo Jensen",
        PartyRole.OTHER,
        False,
        "nabo@example.dk",
        stranger.cpr,
    )
    assert policies.can_view_case(stranger, case)
    event = CaseEvent.objects.get(case=case, kind=CaseEvent.Kind.PARTY, data__party=party.pk)
    assert (event.actor, event.text) == (caseworker, "Anden part tilføjet: Nabo Jensen")


def test_party_add_as_body_without_email_is_written_to_by_post(make_case, caseworker):
    case = make_case(Status.VIDERESENDT)
    party = party_add_as_body(
        case=case,
        by=caseworker,
        name="Uden Mail",
        kind=PartyKind.COMPANY,
        cvr="29876541",
        cpr="0101011234",
        email="ignored@example.dk",
        address="Skovvej 2, 8800 Viborg",
        no_email=True,
    )
    assert (party.email, party.no_email, party.cvr, party.cpr, party.address) == (
        "",
        True,
        "29876541",
        "",
        "Skovvej 2, 8800 Viborg",
    )


@pytest.mark.parametrize("who", ["other_caseworker", "fi_staff", "stranger", "complainant", "anonymous"])
def test_party_add_as_body_is_refused_to_anyone_but_the_boards_caseworker(make_case, who, request):
    case = make_case(Status.VIDERESENDT)
    user = AnonymousUser() if who == "anonymous" else request.getfixturevalue(who)
    before = _parties(case)
    with pytest.raises(PermissionDenied):
        party_add_as_body(case=case, by=user, name="X", kind=PartyKind.PERSON, email="x@example.dk")
    assert _parties(case) == before
    assert not Party.objects.filter(case=case, name="X").exists()

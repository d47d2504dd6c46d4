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

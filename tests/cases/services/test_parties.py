"""Adding parties to a case."""

from klageportal.cases.models import CaseEvent, Party, PartyRole, Status
from klageportal.cases.services.parties import party_add


def test_party_add_writes_a_party_event(make_case, filer):
    """X-2: adding a party is in the history."""
    case = make_case(Status.INDSENDT)
    party = party_add(case=case, by=filer, role=PartyRole.OTHER, name="Nabo Nielsen", email="nabo@example.dk")
    event = CaseEvent.objects.get(case=case, kind=CaseEvent.Kind.PARTY)
    assert (event.data["party"], event.data["role"]) == (party.pk, PartyRole.OTHER)
    assert event.text == "Anden part tilføjet: Nabo Nielsen"
    assert Party.objects.filter(case=case, name="Nabo Nielsen").exists()

"""Adding parties to a case: the first instance's proposed parties (FI-5), the complainant's representative
(CW-4) and a party's e-mail for the case (CW-5)."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from klageportal.cases import policies
from klageportal.cases.models import CaseEvent, Party, PartyKind, PartyRole, Status
from klageportal.cases.services.parties import (
    party_add,
    party_email_set,
    party_propose,
    representative_remove,
    representative_replace,
)
from tests.factories import CitizenFactory, PartyFactory


def test_party_add_writes_a_party_event(make_case, filer):
    """X-2: adding a party is in the history."""
    case = make_case(Status.INDSENDT)
    party = party_add(case=case, by=filer, role=PartyRole.OTHER, name="Nabo Nielsen", email="nabo@example.dk")
    event = CaseEvent.objects.get(case=case, kind=CaseEvent.Kind.PARTY)
    assert (event.data["party"], event.data["role"]) == (party.pk, PartyRole.OTHER)
    assert event.text == "Anden part tilføjet: Nabo Nielsen"
    assert Party.objects.filter(case=case, name="Nabo Nielsen").exists()


# --- FI-5, CW-4, CW-5: the Parter tab's writes ----------------------------------------------------------------


def _state(case) -> tuple:
    parties = tuple(case.parties.order_by("pk").values_list("pk", "email", "no_email", "removed_at", "role"))
    return parties, CaseEvent.objects.filter(case=case).count()


@pytest.mark.django_db
def test_party_propose_adds_a_proposed_party_with_a_history_line(make_case, fi_staff):
    """FI-5, BD-8: a party the first instance adds is proposed and sees nothing until the board confirms it."""
    case = make_case(Status.INDSENDT)
    neighbour = CitizenFactory()
    party = party_propose(
        case=case, by=fi_staff, name=" Nabo Nielsen ", kind=PartyKind.PERSON, cpr=neighbour.cpr, email="n@example.dk"
    )
    assert (party.role, party.name, party.cpr, party.email, party.proposed) == (
        PartyRole.OTHER,
        "Nabo Nielsen",
        neighbour.cpr,
        "n@example.dk",
        True,
    )
    assert not party.no_email and not party.digital_post_exempt
    assert not policies.can_view_case(neighbour, case)
    event = CaseEvent.objects.get(case=case, kind=CaseEvent.Kind.PARTY, data__party=party.pk)
    assert (event.actor, event.text) == (fi_staff, "Anden part tilføjet: Nabo Nielsen")


@pytest.mark.django_db
def test_party_without_email_gets_the_authoritys_address_and_the_flags(make_case, fi_staff):
    """FI-5: no e-mail → the first instance's address, flagged, and possibly exempt from Digital Post."""
    case = make_case(Status.INDSENDT)
    party = party_propose(
        case=case,
        by=fi_staff,
        name="Ejendomsselskabet A/S",
        kind=PartyKind.COMPANY,
        cvr="37042374",
        cpr="0101801234",
        email="ignored@example.dk",
        address="Vejen 1, 8000 Aarhus C",
        no_email=True,
        digital_post_exempt=True,
    )
    assert (party.email, party.no_email, party.digital_post_exempt) == (case.authority.email, True, True)
    assert (party.cvr, party.cpr, party.address) == ("37042374", "", "Vejen 1, 8000 Aarhus C")


@pytest.mark.django_db
@pytest.mark.parametrize("status", [Status.UDFYLDT, Status.VIDERESENDT, Status.GENOPTAGET])
def test_party_propose_is_refused_outside_indsendt(make_case, fi_staff, status):
    case = make_case(status)
    before = _state(case)
    with pytest.raises(PermissionDenied):
        party_propose(case=case, by=fi_staff, name="X", kind=PartyKind.PERSON, email="x@example.dk")
    assert _state(case) == before


@pytest.mark.django_db
def test_party_propose_is_refused_to_everyone_but_the_first_instance(
    make_case, other_fi_staff, complainant, filer, caseworker
):
    case = make_case(Status.INDSENDT)
    before = _state(case)
    for user in (other_fi_staff, complainant, filer, caseworker, AnonymousUser()):
        with pytest.raises(PermissionDenied):
            party_propose(case=case, by=user, name="X", kind=PartyKind.PERSON, email="x@example.dk")
    assert _state(case) == before


@pytest.mark.django_db
def test_representative_remove_takes_away_the_representatives_access(make_case, complainant, filer):
    """CW-4: the removed representative (here the filer) no longer sees the case; the history says so."""
    case = make_case(Status.INDSENDT)
    assert policies.can_view_case(filer, case)
    (removed,) = representative_remove(case=case, by=complainant)
    assert removed.removed_at is not None and removed.is_filer
    assert not policies.can_view_case(filer, case)
    assert not policies.is_filer(filer, case)
    assert not case.parties.filter(policies.own_party_q(filer)).exists()
    assert policies.can_view_case(complainant, case)
    event = CaseEvent.objects.get(case=case, data__removed=True)
    assert (event.actor, event.text) == (complainant, f"Repræsentant fjernet: {removed.name}")


@pytest.mark.django_db
def test_representative_replace_gives_the_new_representative_access(make_case, complainant, filer):
    """CW-4: the new representative sees the case by the CPR named; the former one does not."""
    case = make_case(Status.INDSENDT)
    lawyer = CitizenFactory(full_name="Advokat Hansen")
    assert not policies.can_view_case(lawyer, case)
    party, removed = representative_replace(
        case=case, by=complainant, name="Advokat Hansen", kind=PartyKind.PERSON, cpr=lawyer.cpr, email="a@example.dk"
    )
    assert (party.role, party.cpr, party.email, party.proposed) == (
        PartyRole.REPRESENTATIVE,
        lawyer.cpr,
        "a@example.dk",
        False,
    )
    assert [p.user for p in removed] == [filer]
    assert policies.can_view_case(lawyer, case) and not policies.can_view_case(filer, case)
    texts = list(CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.PARTY).values_list("text", flat=True))
    assert texts[-2:] == [f"Repræsentant fjernet: {removed[0].name}", "Repræsentant tilføjet: Advokat Hansen"]


@pytest.mark.django_db
def test_company_complainant_changes_the_representative_only_with_signing_authority(
    make_case, signer, employee_with_right
):
    case = make_case(Status.INDSENDT)
    assert policies.can_change_representative(signer, case)
    assert not policies.can_change_representative(employee_with_right, case)


@pytest.mark.django_db
@pytest.mark.parametrize("status", [Status.UDFYLDT, Status.VIDERESENDT, Status.GENOPTAGET])
def test_representative_change_is_refused_outside_indsendt(make_case, complainant, status):
    case = make_case(status)
    before = _state(case)
    with pytest.raises(PermissionDenied):
        representative_remove(case=case, by=complainant)
    with pytest.raises(PermissionDenied):
        representative_replace(case=case, by=complainant, name="X", kind=PartyKind.PERSON, email="x@example.dk")
    assert _state(case) == before


@pytest.mark.django_db
def test_representative_change_is_refused_to_others(
    make_case, filer, stranger, fi_staff, other_fi_staff, caseworker, employee
):
    """CW-4: the representative, a complainant of another case, staff and the anonymous may not."""
    case = make_case(Status.INDSENDT)
    other_case = make_case(Status.INDSENDT)
    PartyFactory(case=other_case, role=PartyRole.COMPLAINANT, cpr=stranger.cpr)
    before = _state(case)
    for user in (filer, stranger, fi_staff, other_fi_staff, caseworker, employee, AnonymousUser()):
        with pytest.raises(PermissionDenied):
            representative_remove(case=case, by=user)
        with pytest.raises(PermissionDenied):
            representative_replace(case=case, by=user, name="X", kind=PartyKind.PERSON, email="x@example.dk")
    assert _state(case) == before


@pytest.mark.django_db
def test_removing_when_there_is_no_representative_is_refused(make_case, complainant):
    case = make_case(Status.INDSENDT)
    representative_remove(case=case, by=complainant)
    before = _state(case)
    with pytest.raises(PermissionDenied):
        representative_remove(case=case, by=complainant)
    assert _state(case) == before


@pytest.mark.django_db
def test_party_email_set_changes_the_address_for_this_case(make_case, complainant):
    """CW-5: the party's address on the case changes; the history says so without the address."""
    case = make_case(Status.VIDERESENDT)
    party = case.parties.get(cpr=complainant.cpr)
    changed, done = party_email_set(party=party, by=complainant, email=" ny@example.dk ")
    assert done and changed.email == "ny@example.dk"
    party.refresh_from_db()
    assert party.email == "ny@example.dk"
    event = CaseEvent.objects.get(case=case, data__email_changed=True)
    assert (event.actor, event.data["party"], event.text) == (complainant, party.pk, "E-mail ændret for Karla")


@pytest.mark.django_db
def test_party_email_set_unchanged_writes_nothing(make_case, complainant):
    case = make_case(Status.INDSENDT)
    party = case.parties.get(cpr=complainant.cpr)
    before = _state(case)
    _, done = party_email_set(party=party, by=complainant, email=party.email.upper())
    assert not done and _state(case) == before


@pytest.mark.django_db
def test_party_email_set_is_refused_for_another_partys_row(
    make_case, complainant, filer, stranger, fi_staff, other_fi_staff, caseworker
):
    case = make_case(Status.INDSENDT)
    party = case.parties.get(cpr=complainant.cpr)
    before = _state(case)
    for user in (filer, stranger, fi_staff, other_fi_staff, caseworker, AnonymousUser()):
        with pytest.raises(PermissionDenied):
            party_email_set(party=party, by=user, email="x@example.dk")
    assert _state(case) == before


@pytest.mark.django_db
@pytest.mark.parametrize("status", [Status.KLADDE, Status.GENOPTAGET, Status.AFGJORT])
def test_party_email_set_is_refused_on_a_draft_or_closed_case(make_case, filer, status):
    case = make_case(status)
    party = case.parties.get(is_filer=True)
    before = _state(case)
    with pytest.raises(PermissionDenied):
        party_email_set(party=party, by=filer, email="x@example.dk")
    assert _state(case) == before


@pytest.mark.django_db
def test_first_instance_changes_its_own_party_row(make_case, fi_staff, other_fi_staff, authority):
    """CW-5: the first instance's own row (a case it forwarded) is its to change."""
    case = make_case(Status.VIDERESENDT)
    own = party_add(
        case=case,
        by=fi_staff,
        role=PartyRole.FIRST_INSTANCE,
        kind=PartyKind.AUTHORITY,
        authority=authority,
        name=authority.name,
        email=authority.email,
    )
    with pytest.raises(PermissionDenied):
        party_email_set(party=own, by=other_fi_staff, email="x@example.dk")
    changed, done = party_email_set(party=own, by=fi_staff, email="afdeling@kommune.example")
    assert done and changed.email == "afdeling@kommune.example"


@pytest.mark.django_db
def test_a_removed_party_cannot_change_its_email(make_case, complainant, filer):
    case = make_case(Status.INDSENDT)
    representative_remove(case=case, by=complainant)
    party = case.parties.get(is_filer=True)
    with pytest.raises(PermissionDenied):
        party_email_set(party=party, by=filer, email="x@example.dk")


def test_a_removed_representative_leaves_the_parties_tab(make_case, complainant, filer):
    """CW-4: the Parter tab no longer names the removed representative; the history does."""
    from klageportal.cases.selectors import case_history, parties_for_page

    case = make_case(Status.INDSENDT)
    (removed,) = representative_remove(case=case, by=complainant)
    assert removed.pk not in set(parties_for_page(case=case, user=complainant).values_list("pk", flat=True))
    assert any(
        line.text == f"Repræsentant fjernet: {removed.name}" for line in case_history(case=case, user=complainant)
    )

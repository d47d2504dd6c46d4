"""After a complainant declines the representation (KP-7), the filer can take them off the complaint and go on
for the others; nobody else can, and never the last complainant."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from klageportal.cases.models import ApprovalState, CaseEvent, PartyKind, PartyRole, Status
from klageportal.filing import services
from klageportal.notifications.models import OutboxEmail
from tests.factories import CaseFactory, CitizenFactory, PartyFactory

pytestmark = pytest.mark.django_db


def _case(filer, complainant, *, other: str | None = ApprovalState.APPROVED):
    """Udfyldt, filed by a representative for Karla (who declined) and, unless other is None, for Ole;
    no fee, so only the approvals hold it back."""
    case = CaseFactory(status=Status.UDFYLDT, created_by=filer, filer__role=PartyRole.REPRESENTATIVE, type_version=None)
    declined = PartyFactory(
        case=case, kind=PartyKind.PERSON, cpr=complainant.cpr, name="Karla Klager", approval=ApprovalState.DECLINED
    )
    if other is not None:
        PartyFactory(case=case, kind=PartyKind.PERSON, cpr="0101701234", name="Ole Olsen", approval=other)
    return case, declined


def test_the_filer_removes_the_declined_complainant_and_the_complaint_is_submitted(filer, complainant):
    case, declined = _case(filer, complainant)

    services.complaint_remove_declined(case=case, by=filer, party_id=declined.pk)

    case.refresh_from_db()
    assert not case.parties.filter(pk=declined.pk).exists()
    event = CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.PARTY).latest("pk")
    assert (event.text, event.data["declined"], event.actor) == ("Klager fjernet: Karla Klager", True, filer)
    assert case.status == Status.INDSENDT
    assert OutboxEmail.objects.filter(case=case, reason=OutboxEmail.Reason.NEW_COMPLAINT).exists()


def test_the_complaint_waits_while_another_complainant_has_not_answered(filer, complainant):
    case, declined = _case(filer, complainant, other=ApprovalState.PENDING)
    services.complaint_remove_declined(case=case, by=filer, party_id=declined.pk)
    case.refresh_from_db()
    assert case.status == Status.UDFYLDT


@pytest.mark.parametrize("who", ["complainant", "stranger", "other_complainant"])
def test_nobody_but_the_filer_can_remove_a_complainant(filer, complainant, stranger, who):
    case, declined = _case(filer, complainant)
    user = {"complainant": complainant, "stranger": stranger, "other_complainant": CitizenFactory(cpr="0101701234")}[
        who
    ]
    with pytest.raises(PermissionDenied):
        services.complaint_remove_declined(case=case, by=user, party_id=declined.pk)
    assert case.parties.filter(pk=declined.pk).exists()


def test_only_a_complainant_who_declined_can_be_removed(filer, complainant):
    case, _declined = _case(filer, complainant)
    approved = case.parties.get(name="Ole Olsen")
    with pytest.raises(services.FilingError):
        services.complaint_remove_declined(case=case, by=filer, party_id=approved.pk)
    assert case.parties.filter(pk=approved.pk).exists()


def test_the_last_complainant_cannot_be_removed(filer, complainant):
    case, declined = _case(filer, complainant, other=None)
    with pytest.raises(services.LastComplainant):
        services.complaint_remove_declined(case=case, by=filer, party_id=declined.pk)
    assert case.parties.filter(pk=declined.pk).exists()


def test_only_while_the_complaint_is_udfyldt(filer, complainant):
    case, declined = _case(filer, complainant)
    case.status = Status.INDSENDT
    case.save(update_fields=["status"])
    with pytest.raises(PermissionDenied):
        services.complaint_remove_declined(case=case, by=filer, party_id=declined.pk)


def test_the_filer_is_offered_the_removal_and_confirms_it_in_the_browser(client, filer, complainant):
    case, declined = _case(filer, complainant, other=ApprovalState.PENDING)
    url = reverse("filing:remove_declined", kwargs={"number": case.number, "party_id": declined.pk})
    client.force_login(filer)

    overview = client.get(case.get_absolute_url()).content.decode()
    assert url in overview
    confirm = client.get(url)
    assert confirm.status_code == 200
    assert "Fjern Karla Klager fra klagen" in confirm.content.decode()
    done = client.post(url, follow=True)
    assert "Karla Klager er fjernet fra klagen." in done.content.decode()
    assert not case.parties.filter(pk=declined.pk).exists()


def test_the_declined_complainant_is_not_offered_it_and_is_refused(client, filer, complainant):
    case, declined = _case(filer, complainant)
    url = reverse("filing:remove_declined", kwargs={"number": case.number, "party_id": declined.pk})
    client.force_login(complainant)
    assert url not in client.get(case.get_absolute_url()).content.decode()
    assert client.post(url).status_code == 403
    assert case.parties.filter(pk=declined.pk).exists()


def test_a_stranger_cannot_tell_the_case_exists(client, filer, complainant, stranger):
    case, declined = _case(filer, complainant)
    client.force_login(stranger)
    url = reverse("filing:remove_declined", kwargs={"number": case.number, "party_id": declined.pk})
    assert client.post(url).status_code == 404


def test_the_last_complainant_page_explains_and_a_post_changes_nothing(client, filer, complainant):
    case, declined = _case(filer, complainant, other=None)
    url = reverse("filing:remove_declined", kwargs={"number": case.number, "party_id": declined.pk})
    client.force_login(filer)
    answer = client.post(url)
    assert answer.status_code == 200
    assert "Klagen skal have mindst én klager" in answer.content.decode()
    assert case.parties.filter(pk=declined.pk).exists()


def test_taking_off_a_company_that_declined_records_the_fee_paid_beyond_the_private_rate(filer, complainant):
    """The company rate (1800 kr.) was paid; with the company gone the private rate (900 kr.) applies, and the
    difference is recorded once, to be refunded. The complaint, approved by Karla, is then submitted."""
    from klageportal.payments.models import Payment
    from klageportal.payments.services import fee_overpayment_record
    from tests.factories import ComplaintTypeVersionFactory

    version = ComplaintTypeVersionFactory(fee_private=900, fee_company=1800)
    case = CaseFactory(
        status=Status.UDFYLDT,
        created_by=filer,
        filer__role=PartyRole.REPRESENTATIVE,
        complaint_type=version.complaint_type,
        type_version=version,
    )
    PartyFactory(case=case, kind=PartyKind.PERSON, cpr=complainant.cpr, name="Karla", approval=ApprovalState.APPROVED)
    company = PartyFactory(
        case=case, kind=PartyKind.COMPANY, cvr="37042374", name="Firma ApS", approval=ApprovalState.DECLINED
    )
    Payment.objects.create(case=case, amount_ore=180000, gateway="testgateway", state=Payment.State.PAID)

    services.complaint_remove_declined(case=case, by=filer, party_id=company.pk)

    overpaid = case.events.get(data__action="overpaid")
    assert (overpaid.data["excess_ore"], overpaid.text) == (
        90000,
        "Der er betalt 900 kr. mere end gebyret; beløbet skal tilbagebetales til betaleren.",
    )
    assert fee_overpayment_record(case=case) == 0  # recorded once
    case.refresh_from_db()
    assert case.status == Status.INDSENDT

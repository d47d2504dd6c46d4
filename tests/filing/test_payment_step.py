"""The fee in the filing flow (PAY-1, PAY-6, KP-6): shown from the first step, paid in a payment step after
"Indsend", "sent" only when the case is Indsendt, and a fee due at forwarding said to be charged then."""

from datetime import date

import pytest
from django.urls import reverse

from klageportal.cases.models import Case, CaseEvent, PartyKind, Status, StatusChange
from klageportal.catalog.models import ComplaintType
from klageportal.filing import services
from klageportal.filing.models import Capacity, Represented
from klageportal.notifications.models import OutboxEmail
from klageportal.payments.models import Payment
from klageportal.payments.services import payment_settle, payment_start

pytestmark = pytest.mark.django_db

RETURN_URL = "http://testserver/betaling/retur/testgateway/"
CALLBACK_URL = "http://testserver/betaling/notifikation/testgateway/"


def _step(case, step):
    return reverse("filing:step", kwargs={"number": case.number, "step": step})


def _draft(filer, authority, *, type_slug="lokalplan", complainants=()) -> Case:
    """A draft filled in up to the summary through the flow's services."""
    case = services.complaint_start(by=filer, complaint_type=ComplaintType.objects.get(slug=type_slug))
    represent = bool(complainants)
    services.complaint_set_capacity(
        case=case,
        by=filer,
        capacity=Capacity.REPRESENT if represent else Capacity.OWN,
        represented=Represented.PERSONS_COMPANIES if represent else "",
    )
    services.complaint_set_contact(
        case=case, by=filer, name=filer.full_name, email="filer@example.dk", phone="", address="Skovvej 4"
    )
    for complainant in complainants:
        services.complaint_add_complainant(case=case, by=filer, kind=PartyKind.PERSON, **complainant)
    if represent:
        services.complaint_complainants_done(case=case, by=filer)
    services.complaint_set_decision(
        case=case,
        by=filer,
        authority=authority,
        decision_date=date(2026, 10, 1),
        reference="LP-1",
        complaint_text="Afgørelsen er forkert.",
        address="Skovvej 4, 8800 Viborg",
        lat=None,
        lon=None,
    )
    services.complaint_documents_done(case=case, by=filer)
    case.refresh_from_db()
    return case


JENS = {"number": "0507651237", "name": "Jens Nielsen", "email": "jens@example.dk"}


def _reasons(case) -> list[str]:
    return [str(change.reason) for change in StatusChange.objects.filter(case=case, to_status=Status.INDSENDT)]


def _submit(client, case):
    return client.post(_step(case, "opsummering"), {"action": "submit"}, follow=True)


def test_the_fee_is_shown_on_the_first_step_with_its_rates_and_when_it_is_paid(client, filing_world, person):
    mette = person("mette")
    client.force_login(mette)
    case = services.complaint_start(by=mette, complaint_type=ComplaintType.objects.get(slug="lokalplan"))
    page = client.get(_step(case, "klager")).content.decode()
    assert "data-fee-note" in page
    assert "900 kr. for privatpersoner og 1.800 kr. for virksomheder" in page
    assert "hvis blot én af klagerne er en" in page
    assert "trin 6 (Betaling)" in page  # own behalf: 1 Klagen .. 5 Opsummering, 6 Betaling
    assert "Gebyret tilbagebetales" in page  # the type's refund rule


def test_the_start_page_lists_each_types_fee_and_when_it_is_paid(client, filing_world, person):
    client.force_login(person("mette"))
    page = client.get(reverse("filing:start")).content.decode()
    assert "Se klagegebyret for hver klagetype" in page
    assert "Planklagenævnet: Landzonetilladelse" in page
    assert "Betales, når myndigheden sender sagen videre til nævnet." in page
    assert "Betales, når du indsender klagen." in page
    assert "900 kr. for privatpersoner, 1.800 kr. for virksomheder og organisationer." in page


def test_indsend_leads_to_the_payment_step_which_says_the_complaint_is_not_sent(
    client, filing_world, person, django_capture_on_commit_callbacks
):
    mette = person("mette")
    client.force_login(mette)
    case = _draft(mette, filing_world["authority"])
    summary = client.get(_step(case, "opsummering")).content.decode()
    assert "betales i trin 6" in summary
    with django_capture_on_commit_callbacks(execute=True):
        response = _submit(client, case)
    assert response.redirect_chain == [(_step(case, "betaling"), 302)]
    case.refresh_from_db()
    assert case.status == Status.UDFYLDT
    page = response.content.decode()
    assert "Din klage er sendt" not in page
    assert "Klagen er ikke sendt endnu" in page
    assert "Klagegebyret på 900 kr. er ikke betalt" in page
    assert 'aria-current="step"' in page and "Betaling" in page
    # The steps before are done and can no longer be opened from the indicator.
    assert f'href="{_step(case, "kontakt")}"' not in page
    assert 'name="tilbage" value="/klage/' in page
    assert not OutboxEmail.objects.filter(case=case, reason=OutboxEmail.Reason.NEW_COMPLAINT).exists()


def test_once_paid_the_payment_step_says_sent_and_the_case_is_indsendt(
    client, filing_world, person, django_capture_on_commit_callbacks
):
    mette = person("mette")
    client.force_login(mette)
    case = _draft(mette, filing_world["authority"])
    with django_capture_on_commit_callbacks(execute=True):
        _submit(client, case)
        payment_start(case=case, by=mette, return_url=RETURN_URL, callback_url=CALLBACK_URL)
        payment = Payment.objects.get(case=case)
        payment_settle(gateway=payment.gateway, reference=payment.gateway_reference, status="paid")
    case.refresh_from_db()
    assert case.status == Status.INDSENDT
    assert _reasons(case) == ["Klagegebyret er betalt."]
    reasons = set(OutboxEmail.objects.filter(case=case).values_list("reason", flat=True))
    assert {OutboxEmail.Reason.NEW_COMPLAINT, OutboxEmail.Reason.SUBMITTED} <= reasons
    page = client.get(_step(case, "betaling")).content.decode()
    assert "Din klage er sendt" in page
    assert "Den har status Indsendt." in page
    assert "Betal med kort" not in page


def test_a_representative_is_told_what_the_complaint_still_waits_for_after_paying(
    client, filing_world, person, django_capture_on_commit_callbacks
):
    peter = person("peter")
    client.force_login(peter)
    case = _draft(peter, filing_world["authority"], complainants=(JENS,))
    with django_capture_on_commit_callbacks(execute=True):
        _submit(client, case)
        payment_start(case=case, by=peter, return_url=RETURN_URL, callback_url=CALLBACK_URL)
        payment = Payment.objects.get(case=case)
        payment_settle(gateway=payment.gateway, reference=payment.gateway_reference, status="paid")
    case.refresh_from_db()
    assert case.status == Status.UDFYLDT
    page = client.get(_step(case, "betaling")).content.decode()
    assert "Din klage er sendt" not in page
    assert "Klagen er ikke sendt endnu" in page
    assert "Jens Nielsen har ikke godkendt repræsentationen" in page
    assert "Klagegebyret på 900 kr. er ikke betalt" not in page
    assert "Klagen bliver sendt, når alle klagere har godkendt repræsentationen." in page
    assert not OutboxEmail.objects.filter(case=case, reason=OutboxEmail.Reason.NEW_COMPLAINT).exists()


def test_without_a_fee_at_filing_indsend_says_sent_only_when_indsendt(
    client, filing_world, person, django_capture_on_commit_callbacks
):
    """A fee due at forwarding (PAY-6): no payment step; Indsendt at once, and the fee is said to come later."""
    mette = person("mette")
    client.force_login(mette)
    case = _draft(mette, filing_world["authority"], type_slug="landzonetilladelse")
    summary = client.get(_step(case, "opsummering")).content.decode()
    assert "betales, når myndigheden sender sagen videre til nævnet, ikke nu" in summary
    assert "Betaling" not in summary.split('class="step-indicator"')[1].split("</ol>")[0]
    with django_capture_on_commit_callbacks(execute=True):
        response = _submit(client, case)
    assert response.redirect_chain == [(case.get_absolute_url(), 302)]
    case.refresh_from_db()
    assert case.status == Status.INDSENDT
    page = response.content.decode()
    assert "Din klage er sendt til Planklagenævnet og har status Indsendt." in page
    assert "betales, når myndigheden sender sagen videre til nævnet" in page
    assert "gebyret er betalt" not in " ".join(_reasons(case)).lower()
    assert _reasons(case) == ["Klagegebyret betales, når førsteinstansen sender sagen videre til nævnet."]
    mail = OutboxEmail.objects.get(case=case, reason=OutboxEmail.Reason.SUBMITTED)
    assert "skal ikke betales nu. Det skal betales, når myndigheden sender sagen videre" in mail.body
    # The payment page says when instead of refusing.
    pay = client.get(reverse("payments:pay", kwargs={"number": case.number}))
    assert pay.status_code == 200
    assert "Klagegebyret skal ikke betales endnu" in pay.content.decode()
    before = Payment.objects.count()
    client.post(reverse("payments:pay", kwargs={"number": case.number}))
    assert Payment.objects.count() == before
    # No payment step in this flow.
    assert client.get(_step(case, "betaling")).status_code == 404


def test_a_representative_waiting_for_approvals_is_not_told_it_is_sent(
    client, filing_world, person, django_capture_on_commit_callbacks
):
    peter = person("peter")
    client.force_login(peter)
    case = _draft(peter, filing_world["authority"], type_slug="landzonetilladelse", complainants=(JENS,))
    with django_capture_on_commit_callbacks(execute=True):
        response = _submit(client, case)
    case.refresh_from_db()
    assert case.status == Status.UDFYLDT
    page = response.content.decode()
    assert "Din klage er sendt" not in page
    assert "ikke sendt endnu" in page
    assert "Jens Nielsen har ikke godkendt repræsentationen" in page


def test_the_contact_step_is_the_representatives_own_when_representing_others(client, filing_world, person):
    peter = person("peter")
    client.force_login(peter)
    case = _draft(peter, filing_world["authority"], complainants=(JENS,))
    summary = client.get(_step(case, "opsummering")).content.decode()
    assert "<h2>Repræsentantens kontaktoplysninger</h2>" in summary
    assert "Dine kontaktoplysninger" in summary  # the step indicator
    assert "Klagers kontaktoplysninger" not in summary
    mette = person("mette")
    client.force_login(mette)
    own = _draft(mette, filing_world["authority"])
    assert "<h2>Klagers kontaktoplysninger</h2>" in client.get(_step(own, "opsummering")).content.decode()


def test_the_payment_step_is_the_filers_alone(client, filing_world, person, django_capture_on_commit_callbacks):
    peter = person("peter")
    client.force_login(peter)
    case = _draft(peter, filing_world["authority"], complainants=(JENS,))
    url = _step(case, "betaling")
    # Before "Indsend" there is nothing to pay yet: back to the summary.
    assert client.get(url)["Location"] == _step(case, "opsummering")
    with django_capture_on_commit_callbacks(execute=True):
        _submit(client, case)
    client.force_login(person("mette"))  # not a party
    assert client.get(url).status_code == 404
    client.force_login(person("jens"))  # the represented complainant: the flow is not theirs
    assert client.get(url).status_code in (403, 404)
    assert client.post(url).status_code in (403, 405)
    assert not Payment.objects.filter(case=case).exists()


def test_the_history_records_the_payment_and_why_the_case_is_indsendt(
    client, filing_world, person, django_capture_on_commit_callbacks
):
    mette = person("mette")
    client.force_login(mette)
    case = _draft(mette, filing_world["authority"])
    with django_capture_on_commit_callbacks(execute=True):
        _submit(client, case)
        payment_start(case=case, by=mette, return_url=RETURN_URL, callback_url=CALLBACK_URL)
        payment = Payment.objects.get(case=case)
        payment_settle(gateway=payment.gateway, reference=payment.gateway_reference, status="paid")
    texts = [str(event.text) for event in case.events.filter(kind=CaseEvent.Kind.PAYMENT)]
    assert texts == ["Klagegebyret på 900 kr. er betalt med kort."]

"""Payment links: sent by e-mail, unguessable, single-use, expiring; the recipient may become the payer (PAY-2..4)."""

import hashlib
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from klageportal.cases.models import CaseEvent, PartyRole
from klageportal.notifications.models import OutboxEmail
from klageportal.payments.models import Payment, PaymentLink
from klageportal.payments.services import PaymentLinkUnusable, payment_link_send, payment_link_start
from tests.factories import AuthorityUserFactory, CaseFactory, PartyFactory
from tests.payments.conftest import CALLBACK_URL, RETURN_URL

pytestmark = pytest.mark.django_db

PAYER = {"name": "Morten Betaler", "address": "Nørregade 1, 8800 Viborg"}


def link_url(token: str) -> str:
    return reverse("payments:link_pay", kwargs={"token": token})


def pay_through_link(client, token: str, choice: str = "approve", **form):
    """The recipient's browser: the link page, name and address, the hosted page, back to the portal."""
    response = client.post(link_url(token), {**PAYER, **form})
    assert response.status_code == 302, response.content.decode()
    assert response["Location"].startswith("/testbetaling/")
    return client.post(response["Location"], {"choice": choice}, follow=True)


@pytest.fixture
def send(filer):
    def send_link(case, *, register_as_payer: bool, email: str = "morten@example.dk") -> PaymentLink:
        return payment_link_send(case=case, by=filer, email=email, register_as_payer=register_as_payer)

    return send_link


def test_payment_link_is_unguessable_and_only_its_hash_is_stored(case, send, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        first = send(case, register_as_payer=False)
        second = send(case, register_as_payer=False)
    assert len(first.token) >= 43  # 32 random bytes
    assert first.token != second.token
    stored = PaymentLink.objects.get(pk=first.pk)
    assert stored.token_hash == hashlib.sha256(first.token.encode()).hexdigest()
    row = PaymentLink.objects.filter(pk=first.pk).values().get()
    assert not any(first.token in str(value) for value in row.values())
    assert not hasattr(stored, "token")
    assert stored.expires_at - timezone.now() > timedelta(days=13, hours=23)


def test_payment_link_is_e_mailed_to_the_recipient(case, send, filer):
    link = send(case, register_as_payer=True)
    email = OutboxEmail.objects.get(reason=OutboxEmail.Reason.PAYMENT_LINK)
    assert email.to == "morten@example.dk"
    assert email.case == case
    assert case.number in email.subject
    assert link_url(link.token) in email.body
    assert "900 kr." in email.body
    assert filer.full_name in email.body
    assert "navn og din adresse" in email.body
    assert "registreret som betaler" in email.body
    event = case.events.get(kind=CaseEvent.Kind.PAYMENT, data__action="link_sent")
    assert "morten@example.dk" in event.text
    assert "registreres som betaler" in event.text


def test_link_lifetime_follows_the_setting(case, send, settings):
    settings.PAYMENT_LINK_DAYS = 3
    link = send(case, register_as_payer=False)
    assert timedelta(days=2, hours=23) < link.expires_at - timezone.now() <= timedelta(days=3)


def test_recipient_registered_as_payer_becomes_the_payer_party(
    client, case, send, portal_transport, fee_paid_calls, django_capture_on_commit_callbacks
):
    """PAY-2: the recipient, with name, address and e-mail, is the payer a later refund goes to."""
    link = send(case, register_as_payer=True)
    page = client.get(link_url(link.token))
    assert page.status_code == 200
    assert "Rita Repræsentant har bedt dig betale klagegebyret" in page.content.decode()
    assert page["Referrer-Policy"] == "same-origin"  # the token never leaves as a referrer; the form still posts
    with django_capture_on_commit_callbacks(execute=True):
        result = pay_through_link(client, link.token)
    assert "Betalingen er gennemført" in result.content.decode()
    assert "lukke vinduet" in result.content.decode()
    payer = case.parties.get(role=PartyRole.PAYER)
    assert (payer.name, payer.address, payer.email) == (PAYER["name"], PAYER["address"], "morten@example.dk")
    payment = case.payments.get(state=Payment.State.PAID)
    assert payment.payer == payer
    assert payment.link == link
    assert payment.created_by is None
    link.refresh_from_db()
    assert link.used_at is not None
    assert (link.payer_name, link.payer_address) == (PAYER["name"], PAYER["address"])
    event = case.events.get(kind=CaseEvent.Kind.PAYMENT, data__action="paid")
    assert "via betalingslink af Morten Betaler" in event.text
    assert fee_paid_calls == [(case.pk, payment.pk)]


def test_recipient_not_registered_leaves_the_filer_as_payer(
    client, case, send, portal_transport, django_capture_on_commit_callbacks
):
    link = send(case, register_as_payer=False)
    with django_capture_on_commit_callbacks(execute=True):
        pay_through_link(client, link.token)
    payment = case.payments.get(state=Payment.State.PAID)
    assert payment.payer.is_filer
    assert not case.parties.filter(role=PartyRole.PAYER).exists()


def test_no_payer_party_is_made_for_a_payment_that_is_not_made(client, case, send, portal_transport):
    link = send(case, register_as_payer=True)
    result = pay_through_link(client, link.token, choice="decline")
    assert "Betalingen blev afvist" in result.content.decode()
    assert "linket i e-mailen" in result.content.decode()
    assert not case.parties.filter(role=PartyRole.PAYER).exists()
    assert client.get(link_url(link.token)).status_code == 200  # not used: it can be tried again


def test_a_paid_link_cannot_be_paid_twice(client, case, send, portal_transport, django_capture_on_commit_callbacks):
    """PAY-4: after payment the link says it is used; posting to it again opens no second payment."""
    link = send(case, register_as_payer=True)
    with django_capture_on_commit_callbacks(execute=True):
        pay_through_link(client, link.token)
    page = client.get(link_url(link.token))
    assert page.status_code == 410
    assert "Linket er allerede brugt" in page.content.decode()
    again = client.post(link_url(link.token), PAYER)
    assert again.status_code == 410
    assert case.payments.count() == 1
    with pytest.raises(PaymentLinkUnusable) as refused:
        payment_link_start(
            link=link, payer_name="X", payer_address="Y 1", return_url=RETURN_URL, callback_url=CALLBACK_URL
        )
    assert refused.value.problem == "used"


def test_a_link_opened_twice_is_paid_once(client, case, send, portal_transport, django_capture_on_commit_callbacks):
    """Two tabs on the same link: once one is paid, the other hosted page can no longer be approved."""
    link = send(case, register_as_payer=False)
    first = client.post(link_url(link.token), PAYER)["Location"]
    second = client.post(link_url(link.token), PAYER)["Location"]
    assert first != second
    with django_capture_on_commit_callbacks(execute=True):
        client.post(first, {"choice": "approve"})
    response = client.post(second, {"choice": "approve"})
    assert "Betalingen er allerede afsluttet" in response.content.decode()
    assert case.payments.filter(state=Payment.State.PAID).count() == 1
    cancelled = case.payments.get(state=Payment.State.CANCELLED)
    back = client.get(RETURN_URL, {"reference": cancelled.gateway_reference}).content.decode()
    assert "Klagegebyret er allerede betalt" in back
    assert "der er ikke trukket penge" in back


def test_a_link_for_a_fee_already_paid_says_so(client, case, send, filer, start_payment):
    link = send(case, register_as_payer=True)
    from klageportal.payments.services import payment_settle

    payment = start_payment(case, by=filer)
    payment_settle(gateway="testgateway", reference=payment.gateway_reference, status="paid", event_id="card")
    page = client.get(link_url(link.token))
    assert page.status_code == 410
    assert "Klagegebyret er allerede betalt" in page.content.decode()


def test_an_expired_link_says_so(client, case, send):
    link = send(case, register_as_payer=False)
    PaymentLink.objects.filter(pk=link.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    for response in (client.get(link_url(link.token)), client.post(link_url(link.token), PAYER)):
        assert response.status_code == 410
        assert "Linket er udløbet" in response.content.decode()
    assert not case.payments.exists()


def test_an_unknown_link_says_so(client, db):
    for token in ("x" * 43, "kort", "a" * 300):
        response = client.get(link_url(token))
        assert response.status_code == 404
        assert "Linket findes ikke" in response.content.decode()


def test_a_link_for_a_case_no_longer_waiting_for_the_fee_says_so(client, case, send):
    link = send(case, register_as_payer=False)
    type(case).objects.filter(pk=case.pk).update(status="tilbagekaldt")
    response = client.get(link_url(link.token))
    assert response.status_code == 410
    assert "Der skal ikke betales gebyr på sagen nu" in response.content.decode()


def test_name_and_address_are_required_with_an_error_at_each_field(client, case, send):
    link = send(case, register_as_payer=True)
    response = client.post(link_url(link.token), {"name": "", "address": ""})
    assert response.status_code == 200
    content = response.content.decode()
    assert "Der er fejl i det, du har indtastet" in content
    assert '<a class="function-link" href="#id_name">Indtast dit fulde navn.</a>' in content
    assert '<a class="function-link" href="#id_address">Indtast din adresse.</a>' in content
    assert content.count('class="form-group form-error"') == 2
    assert 'id="id_name_error"' in content and 'id="id_address_error"' in content
    assert 'aria-invalid="true"' in content
    assert not case.payments.exists()


def test_a_valid_field_keeps_its_value_when_the_other_is_wrong(client, case, send):
    link = send(case, register_as_payer=True)
    content = client.post(link_url(link.token), {"name": "Morten Betaler", "address": "ingen"}).content.decode()
    assert 'value="Morten Betaler"' in content
    assert 'value="ingen"' in content
    assert "Indtast hele adressen med husnummer, postnummer og by." in content
    assert content.count('class="form-group form-error"') == 1


def test_the_filer_sends_a_link_from_the_form(client, case, filer):
    client.force_login(filer)
    url = reverse("payments:send_link", kwargs={"number": case.number})
    form = client.get(url).content.decode()
    assert "Registrér modtageren som betaler" in form
    assert "tilbagebetaling af gebyret sker til modtageren" in form
    assert "<fieldset" in form and "<legend" in form
    response = client.post(url, {"email": "morten@example.dk", "register_as_payer": "on"})
    assert response.status_code == 302
    assert response["Location"] == case.get_absolute_url()
    link = PaymentLink.objects.get()
    assert link.register_as_payer
    assert link.created_by == filer


def test_the_send_link_form_refuses_a_bad_e_mail_address(client, case, filer):
    client.force_login(filer)
    url = reverse("payments:send_link", kwargs={"number": case.number})
    content = client.post(url, {"email": "ikke-en-adresse", "register_as_payer": "on"}).content.decode()
    assert (
        '<a class="function-link" href="#id_email">Modtagerens e-mailadresse: Indtast en gyldig e-mailadresse, fx '
        "navn@eksempel.dk.</a>" in content
    )
    assert 'value="ikke-en-adresse"' in content
    assert "checked" in content
    assert not PaymentLink.objects.exists()


def test_a_municipality_filing_for_an_exempt_citizen_sends_a_link_to_a_relative(
    client, authority, portal_transport, django_capture_on_commit_callbacks
):
    """PAY-3: the first instance that filed pays by link, registering the relative as payer."""
    caseworker = AuthorityUserFactory(authority=authority)
    case = CaseFactory(status="udfyldt", authority=authority, created_by=caseworker, filer__role=PartyRole.OTHER)
    PartyFactory(case=case, role=PartyRole.COMPLAINANT, cpr="0101801234", name="Fritaget Borger")
    client.force_login(caseworker)
    url = reverse("payments:send_link", kwargs={"number": case.number})
    assert client.post(url, {"email": "datter@example.dk", "register_as_payer": "on"}).status_code == 302
    token = re.search(r"/betal/([\w-]+)/", OutboxEmail.objects.get().body).group(1)
    client.logout()
    with django_capture_on_commit_callbacks(execute=True):
        pay_through_link(client, token)
    assert case.payments.get(state=Payment.State.PAID).payer.email == "datter@example.dk"


def test_opening_payment_links_beyond_the_rate_from_one_address_is_refused(client, settings):
    """Guessing link tokens: every opening counts, found or not."""
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "payment_link": {"user": "", "ip": "3/m"}}

    statuses = [client.get(link_url(f"gaet-{attempt}")).status_code for attempt in range(4)]

    assert 429 not in statuses[:3]
    assert statuses[3] == 429

"""The body's refund pages and panel (PAY-5, BD-5): amount, confirmation with a key, once per key."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from klageportal.cases.models import CaseEvent, PartyRole, Status
from klageportal.payments.contrib.testgateway.models import GatewayRefund, HostedCheckout
from klageportal.payments.models import Payment, Refund
from klageportal.payments.services import payment_settle
from tests.factories import AuthorityUserFactory, BoardFactory, BodyStaffFactory, CaseFactory, CitizenFactory

pytestmark = pytest.mark.django_db


def paid_case(*, amount_ore=90000, payer_name="Rita Betaler"):
    """A forwarded case whose fee was paid by card at the test gateway."""
    citizen = CitizenFactory(full_name=payer_name)
    case = CaseFactory(
        status=Status.VIDERESENDT,
        created_by=citizen,
        filer__user=citizen,
        filer__name=payer_name,
        submitted_at=timezone.now(),
    )
    payer = case.parties.get(is_filer=True)
    reference = f"ref-{case.pk}"
    HostedCheckout.objects.create(
        reference=reference,
        order_id="1",
        amount_ore=amount_ore,
        description="Klagegebyr",
        return_url="http://testserver/r/",
        callback_url="http://testserver/c/",
        chosen="paid",
        status="paid",
    )
    Payment.objects.create(
        case=case, amount_ore=amount_ore, gateway="testgateway", gateway_reference=reference, payer=payer
    )
    payment_settle(gateway="testgateway", reference=reference, status="paid")
    return case


@pytest.fixture
def case():
    return paid_case()


@pytest.fixture
def caseworker(case):
    return BodyStaffFactory(boards=[case.board])


def url(case, **query):
    base = reverse("workspaces:body_case_refund", kwargs={"number": case.number})
    return base + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def shown_key(page: str) -> str:
    return re.search(r'name="key" value="([^"]+)"', page).group(1)


def test_the_panel_shows_paid_payer_refund_rule_and_the_refund_link(client, case, caseworker):
    client.force_login(caseworker)
    page = client.get(reverse("workspaces:case_detail", kwargs={"number": case.number})).content.decode()
    assert "data-body-payments" in page
    assert 'data-paid="90000"' in page
    assert "Rita Betaler" in page
    assert case.type_version.refund_rule in page
    assert url(case) in page


def test_the_panel_is_not_shown_to_the_parties(client, case):
    client.force_login(case.created_by)
    page = client.get(reverse("workspaces:case_detail", kwargs={"number": case.number})).content.decode()
    assert "data-body-payments" not in page


def test_partial_refund_through_the_confirmation_then_the_rest(client, case, caseworker):
    client.force_login(caseworker)
    key = shown_key(client.get(url(case)).content.decode())
    confirm = client.post(url(case), {"scope": "part", "amount": "300", "key": key, "kind": "fee"})
    assert confirm.status_code == 200
    assert "data-refund-confirm" in confirm.content.decode()
    assert not Refund.objects.exists()  # nothing before it is confirmed
    assert shown_key(confirm.content.decode()) == key
    done = client.post(url(case), {"scope": "part", "amount": "300", "key": key, "kind": "fee", "confirm": "1"})
    assert done.status_code == 302
    assert Refund.objects.get().amount_ore == 30000
    # A double submit of the same confirmation refunds once.
    client.post(url(case), {"scope": "part", "amount": "300", "key": key, "kind": "fee", "confirm": "1"})
    assert Refund.objects.count() == 1
    assert GatewayRefund.objects.count() == 1
    key2 = shown_key(client.get(url(case)).content.decode())
    assert key2 != key
    client.post(url(case), {"scope": "all", "amount": "", "key": key2, "kind": "fee", "confirm": "1"})
    assert sorted(Refund.objects.values_list("amount_ore", flat=True)) == [30000, 60000]
    history = client.get(reverse("workspaces:case_history", kwargs={"number": case.number})).content.decode()
    assert "300 kr. af klagegebyret er betalt tilbage til Rita Betaler." in history


def test_too_much_is_an_error_at_the_field_and_nothing_is_refunded(client, case, caseworker):
    client.force_login(caseworker)
    response = client.post(url(case), {"scope": "part", "amount": "901", "key": "k", "kind": "fee", "confirm": "1"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "error-summary" in page
    assert "Du kan højst betale 900 kr. tilbage." in page
    assert 'value="901"' in page  # nothing typed is lost
    assert not Refund.objects.exists()


def test_a_failed_refund_is_shown_and_retried_with_the_same_key(client, case, caseworker, settings):
    client.force_login(caseworker)
    settings.TESTGATEWAY_REFUND_FAILS = True
    data = {"scope": "part", "amount": "100", "key": "fail-key", "kind": "fee", "confirm": "1"}
    page = client.post(url(case), data).content.decode()
    assert "data-refund-failed" in page
    assert Refund.objects.get().state == Refund.State.FAILED
    settings.TESTGATEWAY_REFUND_FAILS = False
    panel = client.get(reverse("workspaces:case_detail", kwargs={"number": case.number})).content.decode()
    assert 'value="fail-key"' in panel
    assert client.post(url(case), data).status_code == 302
    refund = Refund.objects.get()
    assert refund.state == Refund.State.COMPLETED
    assert GatewayRefund.objects.get().idempotency_key == "fail-key"


def test_the_payer_sees_the_refund_in_the_history(client, case, caseworker):
    client.force_login(caseworker)
    client.post(url(case), {"scope": "all", "key": "k", "kind": "fee", "confirm": "1"})
    client.force_login(case.created_by)
    history = client.get(reverse("workspaces:case_history", kwargs={"number": case.number})).content.decode()
    assert "900 kr. af klagegebyret er betalt tilbage til Rita Betaler." in history


@pytest.mark.parametrize("who", ["other_caseworker", "first_instance", "party", "anonymous"])
def test_refund_page_is_refused_and_nothing_changes(client, case, who):
    person = {
        "other_caseworker": lambda: BodyStaffFactory(boards=[BoardFactory()]),
        "first_instance": lambda: AuthorityUserFactory(authority=case.authority),
        "party": lambda: case.created_by,
        "anonymous": lambda: None,
    }[who]()
    if person is not None:
        client.force_login(person)
    events = CaseEvent.objects.count()
    for method in (client.get, client.post):
        response = method(url(case), {"scope": "all", "key": "k", "kind": "fee", "confirm": "1"})
        assert response.status_code in (302, 403, 404)
        if response.status_code == 302:
            assert any(part in response["Location"] for part in ("/login", "oidc", "devidp"))
    assert not Refund.objects.exists()
    assert not GatewayRefund.objects.exists()
    assert CaseEvent.objects.count() == events


def test_overpayments_are_listed_for_the_boards_caseworker(client, case, caseworker):
    from klageportal.cases.services.events import case_event_add

    case_event_add(case=case, kind=CaseEvent.Kind.PAYMENT, text="x", data={"action": "overpaid", "excess_ore": 20000})
    other = paid_case()
    case_event_add(case=other, kind=CaseEvent.Kind.PAYMENT, text="x", data={"action": "overpaid", "excess_ore": 100})
    client.force_login(caseworker)
    page = client.get(reverse("workspaces:body_overpayments")).content.decode()
    assert case.number in page
    assert other.number not in page
    key = shown_key(client.get(url(case, art="overpayment")).content.decode())
    client.post(url(case), {"scope": "all", "key": key, "kind": "overpayment", "confirm": "1"})
    refund = Refund.objects.get()
    assert (refund.kind, refund.amount_ore) == (Refund.Kind.OVERPAYMENT, 20000)
    assert case.number not in client.get(reverse("workspaces:body_overpayments")).content.decode()


def test_payer_role_party_is_the_one_refunded(client, case, caseworker):
    from tests.factories import PartyFactory

    PartyFactory(case=case, role=PartyRole.PAYER, name="Bror Betaler")
    client.force_login(caseworker)
    client.post(url(case), {"scope": "all", "key": "k", "kind": "fee", "confirm": "1"})
    assert case.events.filter(data__action="refunded").get().text.endswith("til Bror Betaler.")

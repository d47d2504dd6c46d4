"""Who may pay a case's fee or send a payment link (X-3, PAY-1, PAY-2)."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from klageportal.cases.models import Status
from klageportal.payments.fees import fee_status
from klageportal.payments.models import Payment, PaymentLink
from klageportal.payments.policies import can_pay_fee
from klageportal.payments.services import payment_link_send, payment_start
from tests.factories import AuthorityUserFactory, BodyStaffFactory, CompanyUserFactory
from tests.payments.conftest import CALLBACK_URL, RETURN_URL

pytestmark = pytest.mark.django_db


def urls(case) -> list[str]:
    return [
        reverse("payments:pay", kwargs={"number": case.number}),
        reverse("payments:send_link", kwargs={"number": case.number}),
    ]


def test_the_filer_and_a_complainant_may_pay(case, filer, complainant):
    assert can_pay_fee(filer, case, fee=fee_status(case))
    assert can_pay_fee(complainant, case, fee=fee_status(case))


def test_a_complainant_paying_by_card_is_the_payer(case, complainant):
    url = payment_start(case=case, by=complainant, return_url=RETURN_URL, callback_url=CALLBACK_URL)
    payment = Payment.objects.get(gateway_reference=url.rstrip("/").rsplit("/", 1)[-1])
    assert payment.payer.cpr == complainant.cpr
    assert payment.created_by == complainant


@pytest.mark.parametrize("who", ["stranger", "other_company", "other_authority", "board_caseworker"])
def test_people_who_cannot_see_the_case_get_not_found(client, case, stranger, who):
    user = {
        "stranger": lambda: stranger,
        "other_company": lambda: CompanyUserFactory(cvr="29876541"),
        "other_authority": lambda: AuthorityUserFactory(),
        "board_caseworker": lambda: BodyStaffFactory(boards=[case.board]),  # Udfyldt is not the board's yet
    }[who]()
    assert not can_pay_fee(user, case, fee=fee_status(case))
    client.force_login(user)
    for url in urls(case):
        assert client.get(url).status_code == 404
        assert client.post(url, {"email": "x@example.dk"}).status_code == 404
    assert not Payment.objects.exists()
    assert not PaymentLink.objects.exists()


def test_the_first_instance_sees_the_case_but_may_not_pay(client, case, fi_staff):
    assert not can_pay_fee(fi_staff, case, fee=fee_status(case))
    client.force_login(fi_staff)
    for url in urls(case):
        assert client.get(url).status_code == 403
        assert client.post(url, {"email": "x@example.dk"}).status_code == 403
    assert not Payment.objects.exists()
    assert not PaymentLink.objects.exists()


def test_the_services_refuse_someone_on_the_wrong_side(case, fi_staff, stranger):
    for user in (fi_staff, stranger):
        with pytest.raises(PermissionDenied):
            payment_start(case=case, by=user, return_url=RETURN_URL, callback_url=CALLBACK_URL)
        with pytest.raises(PermissionDenied):
            payment_link_send(case=case, by=user, email="x@example.dk", register_as_payer=False)


def test_anonymous_visitors_are_sent_to_log_in(client, case):
    for url in urls(case):
        response = client.get(url)
        assert response.status_code == 302
        assert "/oidc/authenticate/" in response["Location"]


def test_nothing_can_be_paid_on_a_draft_or_a_closed_case(client, make_case, filer):
    client.force_login(filer)
    for status in (Status.KLADDE, Status.TILBAGEKALDT):
        case = make_case(status)
        assert not can_pay_fee(filer, case, fee=fee_status(case))
        for url in urls(case):
            assert client.get(url).status_code == 403
            assert client.post(url, {"email": "x@example.dk"}).status_code == 403
    assert not Payment.objects.exists()


def test_the_fee_page_offers_card_and_link(client, case, filer):
    client.force_login(filer)
    content = client.get(urls(case)[0]).content.decode()
    assert "900 kr." in content
    assert "Betal med kort" in content
    assert reverse("payments:send_link", kwargs={"number": case.number}) in content


def test_the_fee_page_of_a_paid_case_says_it_is_paid(client, case, filer, start_payment):
    from klageportal.payments.services import payment_settle

    payment = start_payment(case)
    payment_settle(gateway="testgateway", reference=payment.gateway_reference, status="paid", event_id="e")
    client.force_login(filer)
    response = client.get(urls(case)[0])
    assert response.status_code == 200
    assert "Klagegebyret er betalt" in response.content.decode()
    assert client.post(urls(case)[0]).status_code == 302
    assert client.get(urls(case)[1]).status_code == 403
    assert case.payments.count() == 1

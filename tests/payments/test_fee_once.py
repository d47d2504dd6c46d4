"""A page that shows the fee works it out once per request (SPEC §12: one source of the fee rules)."""

import pytest
from django.urls import reverse

from klageportal.payments import fees
from klageportal.payments.services import payment_link_send

pytestmark = pytest.mark.django_db


@pytest.fixture
def fee_calls(monkeypatch):
    """Count every call of fees.fee_status, wherever it was imported."""
    calls: list[int] = []
    original = fees.fee_status

    def counting(case):
        calls.append(case.pk)
        return original(case)

    for module in ("klageportal.payments.views", "klageportal.payments.services", "klageportal.payments.fees"):
        monkeypatch.setattr(f"{module}.fee_status", counting)
    monkeypatch.setattr("klageportal.workspaces.case.views.fees.fee_status", counting)
    return calls


@pytest.mark.parametrize("page", ["workspaces:case_detail", "payments:pay", "payments:send_link"])
def test_case_page_works_out_the_fee_once(client, case, filer, fee_calls, page):
    client.force_login(filer)
    assert client.get(reverse(page, kwargs={"number": case.number})).status_code == 200
    assert fee_calls == [case.pk]


def test_payment_link_page_works_out_the_fee_once(client, case, filer, fee_calls):
    link = payment_link_send(case=case, by=filer, email="betaler@example.dk", register_as_payer=False)
    fee_calls.clear()
    assert client.get(reverse("payments:link_pay", kwargs={"token": link.token})).status_code == 200
    assert fee_calls == [case.pk]

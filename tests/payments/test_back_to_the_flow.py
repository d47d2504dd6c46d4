"""A card payment started from a page of the portal leads back to it after the gateway (the filing flow's
payment step); any other address is ignored, so the return page sends no one to another site."""

import pytest
from django.urls import reverse

from klageportal.payments.contrib.testgateway.models import HostedCheckout
from klageportal.payments.models import Payment

pytestmark = pytest.mark.django_db

STEP = "/klage/X-1/trin/betaling/"


def _pay(client, case, back: str) -> str:
    response = client.post(reverse("payments:pay", kwargs={"number": case.number}), {"tilbage": back})
    assert response.status_code == 302
    return response["Location"]


def test_the_result_page_leads_back_to_the_page_the_payment_was_started_from(
    client, case, filer, portal_transport, django_capture_on_commit_callbacks
):
    client.force_login(filer)
    with django_capture_on_commit_callbacks(execute=True):
        hosted = _pay(client, case, STEP)
        checkout = HostedCheckout.objects.get()
        assert "tilbage=%2Fklage%2FX-1%2Ftrin%2Fbetaling%2F" in checkout.return_url
        back = client.post(hosted, {"choice": "approve"})["Location"]
        assert "tilbage=" in back and "reference=" in back
        result = client.get(back).content.decode()
    assert case.payments.get().state == Payment.State.PAID
    assert f'href="{STEP}"' in result
    assert "Fortsæt" in result
    assert f'href="{case.get_absolute_url()}"' in result


def test_a_declined_card_is_tried_again_from_the_page_it_was_started_from(
    client, case, filer, portal_transport, django_capture_on_commit_callbacks
):
    client.force_login(filer)
    with django_capture_on_commit_callbacks(execute=True):
        hosted = _pay(client, case, STEP)
        back = client.post(hosted, {"choice": "decline"})["Location"]
        result = client.get(back).content.decode()
    assert f'<a class="button button-primary" href="{STEP}">Prøv igen</a>' in result


@pytest.mark.parametrize("elsewhere", ["https://angriber.example/", "//angriber.example/", "javascript:alert(1)"])
def test_an_address_on_another_site_is_not_offered(
    client, case, filer, portal_transport, django_capture_on_commit_callbacks, elsewhere
):
    client.force_login(filer)
    with django_capture_on_commit_callbacks(execute=True):
        hosted = _pay(client, case, elsewhere)
        assert "tilbage" not in HostedCheckout.objects.get().return_url
        back = client.post(hosted, {"choice": "approve"})["Location"]
        tampered = client.get(back + "&tilbage=https://angriber.example/").content.decode()
    assert 'href="https://angriber' not in tampered
    assert "Fortsæt" not in tampered


def test_a_payment_link_sent_from_the_flow_leads_back_to_it(client, case, filer):
    client.force_login(filer)
    url = reverse("payments:send_link", kwargs={"number": case.number}) + f"?tilbage={STEP}"
    page = client.get(url).content.decode()
    assert f'name="tilbage" value="{STEP}"' in page
    response = client.post(url, {"email": "ole@example.dk", "tilbage": STEP})
    assert response["Location"] == STEP
    assert case.payment_links.count() == 1

"""Input never makes the portal answer 5xx: far dates, deep JSON, refused gateways, and generated values."""

import pytest
from django.test import override_settings
from django.urls import reverse

from klageportal.forwarding.form.guidance import computed_complaint_deadline, page4_guidance
from klageportal.payments.contrib.testgateway.gateway import SIGNATURE_HEADER, signature
from klageportal.site.demo import demo_user
from tests.factories import AnkeskemaDraftFactory
from tests.forwarding.conftest import complete_answers, post_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def birgitte(catalogue):
    """A caseworker with the form right, as the development login makes her."""
    return demo_user("birgitte")


FAR = "9999-12-31"


def _far_dates(answers: dict) -> dict:
    answers["4"] = {
        **answers["4"],
        "decision_date": "9999-12-20",
        "complaint_date": FAR,
        "reassessment_date": FAR,
    }
    return answers


def test_guidance_for_dates_at_the_end_of_the_calendar_says_it_cannot_compute():
    answers = {
        "decision_date": FAR,
        "decision_channel": "digital",
        "complaint_date": FAR,
        "deadline_exceeded": "nej",
        "outcome": "fastholdt",
    }
    assert computed_complaint_deadline(answers, authority=None) is None
    items = page4_guidance(answers, authority=None)
    assert [item.key for item in items] == ["out_of_range"]


@pytest.mark.parametrize("number", [4, 7])
def test_a_draft_holding_year_9999_dates_renders_its_pages(client, birgitte, number):
    AnkeskemaDraftFactory(owner=birgitte, data=_far_dates(complete_answers()))
    client.force_login(birgitte)
    response = client.get(reverse("forwarding:page", kwargs={"number": number}))
    assert response.status_code == 200


def test_deadline_guidance_endpoint_answers_for_year_9999(client, birgitte):
    AnkeskemaDraftFactory(owner=birgitte, data=complete_answers())
    client.force_login(birgitte)
    response = client.post(
        reverse("forwarding:deadlines"),
        {
            "decision_date": FAR,
            "decision_channel": "digital",
            "complaint_date": FAR,
            "deadline_exceeded": "nej",
            "outcome": "fastholdt",
        },
    )
    assert response.status_code == 200
    assert [item["key"] for item in response.json()["guidance"]] == ["out_of_range"]


def test_a_far_date_on_page_4_is_a_field_error(client, birgitte):
    AnkeskemaDraftFactory(owner=birgitte, data=complete_answers())
    client.force_login(birgitte)
    response = post_page(client, 4, _far_dates(complete_answers())["4"])
    assert response.status_code == 200
    assert "decision_date" in response.context["page"].main.errors


def test_a_deeply_nested_signed_notification_is_refused_with_400(client):
    body = ("[" * 100_000 + "]" * 100_000).encode()
    response = client.post(
        reverse("payments:callback", kwargs={"gateway": "testgateway"}),
        data=body,
        content_type="application/json",
        headers={SIGNATURE_HEADER: signature(body)},
    )
    assert response.status_code == 400


@override_settings(IS_PRODUCTION=True)
def test_in_production_a_notification_for_the_refused_test_gateway_is_not_found(client):
    response = client.post(
        reverse("payments:callback", kwargs={"gateway": "testgateway"}), data=b"{}", content_type="application/json"
    )
    assert response.status_code == 404


@override_settings(IS_PRODUCTION=True)
def test_in_production_a_return_to_the_refused_test_gateway_is_not_found(client):
    response = client.get(reverse("payments:return", kwargs={"gateway": "testgateway"}), {"reference": "x"})
    assert response.status_code == 404

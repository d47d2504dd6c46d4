"""Look-ups and uploads are limited per person and per address; each look-up is kept for the audit."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from klageportal.registers.models import RegisterLookup
from tests.forwarding.conftest import complete_answers, post_page

CPR = "1203781234"
TOO_MANY = "Du har sendt for mange forespørgsler på kort tid"


@pytest.fixture
def low_limits(settings):
    settings.RATE_LIMITS = {
        **settings.RATE_LIMITS,
        "lookup": {"user": "3/m", "ip": "5/m"},
        "upload": {"user": "2/m", "ip": "10/m"},
    }


def look_up(client, query=CPR, kind="person"):
    return client.post(reverse("forwarding:lookup"), {"kind": kind, "query": query})


def test_cpr_look_ups_beyond_the_rate_are_refused_with_a_danish_json_message(as_birgitte, birgitte, low_limits):
    answered = [look_up(as_birgitte) for _ in range(3)]
    refused = look_up(as_birgitte)

    assert [response.status_code for response in answered] == [200, 200, 200]
    assert refused.status_code == 429
    assert refused["Retry-After"] == "60"
    body = refused.json()
    assert body["status"] == "rate_limited"
    assert body["hits"] == []
    assert TOO_MANY in body["message"]
    assert list(RegisterLookup.objects.values_list("user", "number", "result")) == [(birgitte.pk, CPR, "found")] * 3


def test_the_default_rate_stops_a_flood_of_look_ups(as_birgitte):
    statuses = [look_up(as_birgitte).status_code for _ in range(40)]

    assert statuses.count(200) == 30
    assert statuses[30:] == [429] * 10
    assert RegisterLookup.objects.count() == 30


def test_look_ups_from_one_address_are_limited_across_people(client, birgitte, louise, low_limits):
    client.force_login(birgitte)
    for _ in range(3):
        look_up(client)
    client.force_login(louise)

    statuses = [look_up(client).status_code for _ in range(3)]

    assert statuses == [200, 200, 429]  # louise's own limit is 3, the address's 5


def test_the_citizen_page_look_up_buttons_count_and_end_on_the_429_page(as_birgitte, birgitte, low_limits):
    as_birgitte.get(reverse("forwarding:start"))
    answers = {"citizen_cpr": CPR, "is_child": "nej"}

    statuses = [post_page(as_birgitte, 2, answers, action="lookup-citizen").status_code for _ in range(3)]
    refused = post_page(as_birgitte, 2, answers, action="lookup-citizen")

    assert 429 not in statuses
    assert refused.status_code == 429
    assert "errors/429.html" in [template.name for template in refused.templates]
    assert TOO_MANY in refused.content.decode()
    assert set(RegisterLookup.objects.values_list("user", "kind", "number")) == {(birgitte.pk, "cpr", CPR)}


def test_other_pages_of_the_form_do_not_count_as_look_ups(as_birgitte, low_limits):
    as_birgitte.get(reverse("forwarding:start"))
    answers = complete_answers()

    statuses = [post_page(as_birgitte, 1, answers, action="save").status_code for _ in range(5)]

    assert 429 not in statuses


def test_uploads_beyond_the_rate_are_refused(as_birgitte, low_limits):
    as_birgitte.get(reverse("forwarding:start"))

    def upload():
        pdf = SimpleUploadedFile("afgoerelse.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
        return as_birgitte.post(reverse("forwarding:upload", kwargs={"item": "afgoerelse"}), {"files": [pdf]})

    statuses = [upload().status_code for _ in range(3)]

    assert statuses[2] == 429
    assert 429 not in statuses[:2]

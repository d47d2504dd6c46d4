"""BD-2: a public page lists every status, what it means and whether the first instance must act; the case pages
and the first instance's inbox link to it."""

import re

import pytest
from django.conf import settings

from klageportal.cases.models import Status
from klageportal.cases.statuses import GUIDE
from tests.factories import AuthorityUserFactory, CaseFactory

pytestmark = pytest.mark.django_db


def test_the_guide_explains_every_status_once():
    assert [item.status for item in GUIDE] == list(Status)


def test_the_page_lists_every_status_with_its_meaning_without_a_login(client):
    page = client.get("/statusser/").content.decode()
    for item in GUIDE:
        row = re.search(rf'<tr id="status-{item.status.value}">(.*?)</tr>', page, re.S)
        assert row, item.status
        assert str(item.status.label) in row.group(1)
        assert str(item.meaning) in row.group(1)


def test_only_indsendt_asks_the_first_instance_to_act(client):
    page = client.get("/statusser/").content.decode()
    acting = re.findall(r'<tr id="status-([a-z_]+)">(?:(?!</tr>).)*<strong>Ja</strong>', page, re.S)
    assert acting == [Status.INDSENDT.value]


def test_the_page_in_english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get("/statusser/").content.decode()
    assert "Statuses in the complaints portal" in page
    assert "Must the first instance act?" in page


def test_the_case_page_and_the_inbox_link_to_the_status_in_the_overview(client):
    case = CaseFactory(status=Status.INDSENDT)
    client.force_login(AuthorityUserFactory(authority=case.authority))
    assert 'href="/statusser/#status-indsendt"' in client.get(f"/sag/{case.number}/").content.decode()
    assert 'href="/statusser/"' in client.get("/myndighed/").content.decode()

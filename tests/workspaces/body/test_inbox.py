"""The appeals body's inbox (BD-1): its caseworkers see cases forwarded to their boards; no one else gets in."""

import pytest
from django.urls import reverse

from klageportal.cases.models import Status
from tests.factories import AuthorityUserFactory, BodyStaffFactory, CaseFactory

pytestmark = pytest.mark.django_db

URL = reverse("workspaces:body_inbox")


def test_inbox_lists_cases_forwarded_to_the_caseworkers_boards(client):
    forwarded = CaseFactory(status=Status.VIDERESENDT)
    not_yet = CaseFactory(status=Status.INDSENDT, complaint_type=forwarded.complaint_type)
    other_board = CaseFactory(status=Status.VIDERESENDT)
    client.force_login(BodyStaffFactory(boards=[forwarded.board]))
    page = client.get(URL).content.decode()
    assert forwarded.number in page
    assert not_yet.number not in page
    assert other_board.number not in page


def test_inbox_is_refused_to_citizens_and_the_first_instance(client, filer):
    for user in (filer, AuthorityUserFactory()):
        client.force_login(user)
        assert client.get(URL).status_code == 403

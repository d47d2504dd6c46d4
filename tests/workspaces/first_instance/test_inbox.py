"""The first instance's inbox (FI-1): its staff see complaints against its decisions; no one else gets in."""

import pytest
from django.urls import reverse

from klageportal.cases.models import Status
from tests.factories import AuthorityUserFactory, BodyStaffFactory, CaseFactory

pytestmark = pytest.mark.django_db

URL = reverse("workspaces:authority_inbox")


def test_inbox_lists_submitted_complaints_against_the_authority(client, authority):
    submitted = CaseFactory(authority=authority, status=Status.INDSENDT)
    draft = CaseFactory(authority=authority, status=Status.KLADDE)
    elsewhere = CaseFactory(status=Status.INDSENDT)
    client.force_login(AuthorityUserFactory(authority=authority))
    page = client.get(URL).content.decode()
    assert submitted.number in page
    assert draft.number not in page
    assert elsewhere.number not in page


def test_inbox_is_refused_to_citizens_and_the_boards_caseworkers(client, filer):
    for user in (filer, BodyStaffFactory()):
        client.force_login(user)
        assert client.get(URL).status_code == 403

"""Mine klager (CW-1): people and companies see their cases; other roles are turned away."""

import pytest
from django.urls import reverse

from klageportal.cases.models import Status
from tests.factories import AuthorityUserFactory, BodyStaffFactory, CaseFactory

pytestmark = pytest.mark.django_db

URL = reverse("workspaces:my_cases")


def test_my_cases_lists_the_persons_cases(client, filer):
    case = CaseFactory(created_by=filer, status=Status.UDFYLDT)
    other = CaseFactory(status=Status.UDFYLDT)
    client.force_login(filer)
    page = client.get(URL).content.decode()
    assert case.number in page
    assert other.number not in page


@pytest.mark.parametrize("factory", [AuthorityUserFactory, BodyStaffFactory])
def test_my_cases_is_refused_to_staff(client, factory):
    client.force_login(factory())
    assert client.get(URL).status_code == 403


def test_my_cases_asks_an_anonymous_visitor_to_log_in(client):
    assert client.get(URL).status_code == 302

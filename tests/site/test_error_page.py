"""The 500 page is the portal's own, also when the database is what failed (tests/faults covers the real outage)."""

import pytest
from django.contrib.sessions.backends.cached_db import SessionStore
from django.db import OperationalError
from django.utils.functional import SimpleLazyObject

from klageportal.identity.models import User
from klageportal.site.views import error_500
from tests.factories import CitizenFactory


def _unreachable():
    raise OperationalError("connection refused")


def test_the_error_page_is_shown_when_the_login_cannot_be_looked_up_in_the_database(rf):
    request = rf.get("/mine-klager/")
    request.user = SimpleLazyObject(_unreachable)  # the session names a user; the database does not answer

    response = error_500(request)

    assert response.status_code == 500
    page = response.content.decode()
    assert "Der er sket en fejl" in page
    assert "Prøv igen om lidt" in page
    assert "Log af" not in page


@pytest.mark.django_db
def test_the_error_page_names_who_is_logged_in_while_the_database_answers(rf):
    request = rf.get("/mine-klager/")
    request.user = CitizenFactory(full_name="Fejl Borger")
    request.session = SessionStore()

    response = error_500(request)

    assert response.status_code == 500
    assert "Fejl Borger" in response.content.decode()


@pytest.mark.django_db
def test_after_a_database_error_the_error_page_asks_the_database_nothing(rf, django_assert_num_queries):
    citizen = CitizenFactory(full_name="Fejl Borger")
    request = rf.get("/mine-klager/")
    request.user = SimpleLazyObject(lambda: User.objects.get(pk=citizen.pk))  # as the login is looked up
    request.session = SessionStore()

    try:
        raise OperationalError("the database does not answer")
    except OperationalError:
        with django_assert_num_queries(0):
            response = error_500(request)

    assert response.status_code == 500
    assert "Der er sket en fejl" in response.content.decode()
    assert "Fejl Borger" not in response.content.decode()

import pytest

from klageportal.catalog.models import Authority, ComplaintType
from klageportal.site.demo import demo_user


@pytest.fixture
def filing_world(catalogue):
    """The seeded catalogue and the development identities as portal users."""
    return {
        "type": ComplaintType.objects.get(slug="husdyrbrug"),
        "authority": Authority.objects.get(municipality_code="791"),
    }


@pytest.fixture
def person():
    return demo_user


@pytest.fixture
def login(client):
    def _login(user):
        client.force_login(user)
        return client

    return _login

"""Who reaches the web appeal form (AUTH-4, AS-1): only municipal caseworkers with the right."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from klageportal.cases.policies import can_use_ankeskema
from klageportal.forwarding import services
from klageportal.forwarding.models import AnkeskemaDraft
from klageportal.identity.models import Right, Role
from tests.factories import (
    AdminFactory,
    AnkeskemaCaseworkerFactory,
    AuthorityUserFactory,
    BodyStaffFactory,
    CitizenFactory,
    CompanyUserFactory,
)
from tests.forwarding.conftest import complete_answers, fill_all

pytestmark = pytest.mark.django_db

PAGES = [
    ("get", reverse("forwarding:start")),
    ("post", reverse("forwarding:resume")),
    ("post", reverse("forwarding:start_new")),
    ("get", reverse("forwarding:page", kwargs={"number": 1})),
    ("post", reverse("forwarding:page", kwargs={"number": 4})),
    ("get", reverse("forwarding:page", kwargs={"number": 6})),
    ("post", reverse("forwarding:upload", kwargs={"item": "afgoerelse"})),
    ("post", reverse("forwarding:send")),
    ("get", reverse("forwarding:sent_list")),
    ("get", reverse("forwarding:receipt", kwargs={"lobenummer": "2026-000001"})),
]
ENDPOINTS = [reverse("forwarding:autosave"), reverse("forwarding:lookup"), reverse("forwarding:deadlines")]


@pytest.mark.parametrize(("method", "url"), PAGES)
def test_anonymous_visitors_are_sent_to_the_login(client, method, url):
    response = getattr(client, method)(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("oidc_authentication_init"))


def _people_without_the_right():
    return {
        "caseworker without the right": lambda: AuthorityUserFactory(),
        "citizen with the right's name": lambda: CitizenFactory(rights=[Right.ANKESKEMA.value]),
        "company with the right's name": lambda: CompanyUserFactory(rights=[Right.ANKESKEMA.value]),
        "appeals body staff": lambda: BodyStaffFactory(rights=[Right.ANKESKEMA.value]),
        "administrator": lambda: AdminFactory(rights=[Right.ADMINISTRATOR.value, Right.ANKESKEMA.value]),
        "caseworker with the right but no municipality": lambda: AnkeskemaCaseworkerFactory(
            authority=None, cvr="", organisation_name=""
        ),
        "inactive caseworker": lambda: AnkeskemaCaseworkerFactory(is_active=False),
    }


@pytest.mark.parametrize("who", list(_people_without_the_right()))
@pytest.mark.parametrize(("method", "url"), PAGES)
def test_everyone_else_is_told_to_contact_the_local_administrator(client, who, method, url):
    """AUTH-4: a 403 page that says whom to ask, for every page of the form."""
    user = _people_without_the_right()[who]()
    client.force_login(user)
    response = getattr(client, method)(url)
    if not user.is_active:
        assert response.status_code == 302
        return
    assert response.status_code == 403
    assert "Kontakt din lokale administrator" in response.content.decode()
    assert not AnkeskemaDraft.objects.exists()


@pytest.mark.parametrize("url", ENDPOINTS)
def test_the_script_endpoints_refuse_without_the_right(client, url):
    client.force_login(AuthorityUserFactory())
    response = client.post(url, {"page": "1", "kind": "person", "query": "1203781234"})
    assert response.status_code == 403
    assert response.json() == {"error": "forbidden"}


def test_thomas_has_no_right_and_birgitte_has(thomas, birgitte):
    assert not can_use_ankeskema(thomas)
    assert can_use_ankeskema(birgitte)
    assert thomas.role == birgitte.role == Role.AUTHORITY


def test_the_workspace_offers_the_form_only_with_the_right(client, thomas, birgitte):
    client.force_login(birgitte)
    assert reverse("forwarding:start") in client.get(reverse("workspaces:authority_inbox")).content.decode()
    client.force_login(thomas)
    page = client.get(reverse("workspaces:authority_inbox")).content.decode()
    assert reverse("forwarding:start") not in page
    assert "Kontakt din lokale administrator" in page


def test_a_caseworker_cannot_send_a_colleagues_draft(birgitte, catalogue):
    colleague = AnkeskemaCaseworkerFactory(authority=birgitte.authority)
    draft = services.draft_start(by=colleague)
    with pytest.raises(PermissionDenied):
        services.ankeskema_send(draft=draft, by=birgitte)


def test_the_service_refuses_to_start_a_draft_without_the_right(thomas):
    with pytest.raises(PermissionDenied):
        services.draft_start(by=thomas)


def test_the_receipt_and_the_list_are_the_sending_municipalitys_only(client, as_birgitte, birgitte, louise):
    """AS-50: another municipality's caseworker does not find the receipt; a colleague does."""
    as_birgitte.get(reverse("forwarding:start"))
    fill_all(as_birgitte, complete_answers())
    submission = services.ankeskema_send(draft=AnkeskemaDraft.objects.get(owner=birgitte), by=birgitte)
    url = reverse("forwarding:receipt", kwargs={"lobenummer": submission.lobenummer})
    assert as_birgitte.get(url).status_code == 200
    client.force_login(louise)
    assert client.get(url).status_code == 404
    assert submission.lobenummer not in client.get(reverse("forwarding:sent_list")).content.decode()
    colleague = AnkeskemaCaseworkerFactory(authority=birgitte.authority)
    client.force_login(colleague)
    assert client.get(url).status_code == 200
    assert submission.lobenummer in client.get(reverse("forwarding:sent_list")).content.decode()

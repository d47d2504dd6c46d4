"""The demo data is usable by the people it belongs to: every development identity opens every demo case
page its workspace links to (and the pages those link to on the same case: tabs, "Fortsæt klagen", the
flow's steps, the payment step, the approval page) without being refused."""

import re
from io import StringIO

import pytest
from django.core.management import call_command

from klageportal.cases.models import Case, Status
from klageportal.filing.models import FilingDraft
from klageportal.identity.devidp.identities import BY_KEY
from klageportal.payments.fees import fee_status
from klageportal.site.demo import DEMO_MARK, demo_load, demo_user

pytestmark = pytest.mark.django_db

WORKSPACE = {
    "citizen": "/mine-klager/",
    "company": "/mine-klager/",
    "authority": "/myndighed/",
    "body": "/klageinstans/",
}
CASE_LINK = re.compile(r'href="(/(?:sag|klage)/([A-Z]+-\d{4}-\d+)/[^"#?]*)')


def _setup() -> None:
    call_command("setup_portal", stdout=StringIO())


def _links(body: str) -> list[tuple[str, str]]:
    return [(match.group(1), match.group(2)) for match in CASE_LINK.finditer(body)]


def _walk(client, start: str) -> dict[str, int]:
    """Every page on a demo case reachable from the workspace within two clicks, with its status code."""
    demo = set(Case.objects.filter(decision_reference__startswith=DEMO_MARK).values_list("number", flat=True))
    seen: dict[str, int] = {}
    frontier = [url for url, number in _links(client.get(start).content.decode()) if number in demo]
    for _depth in range(2):
        found: list[str] = []
        for url in frontier:
            if url in seen:
                continue
            response = client.get(url, follow=True)
            seen[url] = response.status_code
            if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
                # A download (a document, the response form's Word template) is a page with no links.
                found += [link for link, number in _links(response.content.decode()) if number in demo]
        frontier = found
    return seen


@pytest.mark.parametrize("key", [key for key, identity in BY_KEY.items() if identity.group in WORKSPACE])
def test_each_identity_opens_its_demo_cases_without_being_refused(client, key):
    _setup()
    client.force_login(demo_user(key))
    pages = _walk(client, WORKSPACE[BY_KEY[key].group])
    refused = {url: status for url, status in pages.items() if status != 200}
    assert not refused, refused


def test_the_owner_opens_her_demo_draft_and_continues_it(client):
    _setup()
    mette = demo_user("mette")
    client.force_login(mette)
    draft = Case.objects.get(decision_reference__startswith=DEMO_MARK, status=Status.KLADDE)
    pages = _walk(client, "/mine-klager/")
    assert f"/sag/{draft.number}/" in pages
    assert f"/klage/{draft.number}/fortsaet/" in pages
    response = client.get(f"/klage/{draft.number}/fortsaet/", follow=True)
    assert response.redirect_chain[-1][0] == f"/klage/{draft.number}/trin/opsummering/"
    assert "Klagen mangler oplysninger" not in response.content.decode()


def test_every_demo_case_filed_in_the_portal_has_the_flows_record_and_its_fee_as_its_status_says():
    _setup()
    for case in Case.objects.filter(decision_reference__startswith=DEMO_MARK):
        assert FilingDraft.objects.filter(case=case).exists(), case.number
        fee = fee_status(case)
        if case.status in (Status.INDSENDT, Status.VIDERESENDT) and fee.required_before_submission:
            assert fee.is_paid, case.number  # Indsendt only with the fee paid (KP-6)


def test_demo_data_loaded_before_is_completed_once(client):
    """A database with demo data from before gets the missing records; a second run changes nothing."""
    _setup()
    FilingDraft.objects.all().delete()
    assert demo_load() == 0
    assert FilingDraft.objects.count() == Case.objects.filter(decision_reference__startswith=DEMO_MARK).count()
    drafts = FilingDraft.objects.count()
    demo_load()
    assert FilingDraft.objects.count() == drafts

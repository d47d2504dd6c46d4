"""The 403 page: a citizen is told what they can do (Mine klager, log in as the right person, the board), never
sent to an administrator; staff keep the pointer to their local administrator."""

from io import StringIO

import pytest
from django.core.management import call_command

from klageportal.cases.models import Case, Status
from klageportal.site.demo import DEMO_MARK, demo_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("setup_portal", stdout=StringIO())


def test_a_citizen_refused_is_told_what_to_do_and_not_sent_to_an_administrator(client, demo):
    client.force_login(demo_user("mette"))
    submitted = Case.objects.get(decision_reference=f"{DEMO_MARK}MIL-2026-311", status=Status.INDSENDT)
    response = client.get(f"/klage/{submitted.number}/trin/klager/")  # no longer a draft: cannot be changed
    assert response.status_code == 403
    page = response.content.decode()
    assert "administrator" not in page
    assert 'href="/mine-klager/"' in page
    assert "log ind igen som den rigtige person eller virksomhed" in page
    assert "kontakt det klagenævn, sagen hører under" in page


def test_staff_refused_are_pointed_to_their_local_administrator(client, demo):
    client.force_login(demo_user("birgitte"))
    response = client.get("/mine-klager/")
    assert response.status_code == 403
    page = response.content.decode()
    assert "Kontakt din lokale administrator" in page
    assert "Gå til Mine klager" not in page

"""AUTH-3 on the case workspaces' forms: text posted after the session ran out is kept for its person, offered
back once after the next login, and the action itself is not carried out until it is sent again."""

import time

import pytest
from django.urls import reverse
from django.utils import timezone

from klageportal.cases.models import Message, Status, StatusChange
from klageportal.identity.middleware import LAST_SEEN_KEY
from klageportal.identity.models import KeptInput
from tests.factories import BodyStaffFactory, CaseFactory, CitizenFactory, PartyFactory

pytestmark = pytest.mark.django_db

TYPED = "Jeg har fundet et nyt brev fra kommunen, som jeg gerne vil sende."


def _expire(client, settings) -> None:
    settings.SESSION_INACTIVITY_TIMEOUT = 60
    session = client.session
    session[LAST_SEEN_KEY] = int(time.time()) - 65
    session.save()


@pytest.fixture
def case():
    return CaseFactory(status=Status.VIDERESENDT, submitted_at=timezone.now(), forwarded_at=timezone.now())


def test_a_message_written_as_the_session_ran_out_is_kept_and_offered_after_the_login(client, case, settings):
    mette = CitizenFactory(full_name="Mette Hansen")
    PartyFactory(case=case, user=mette, name=mette.full_name, cpr=mette.cpr)
    url = reverse("workspaces:case_messages", kwargs={"number": case.number})
    client.force_login(mette)
    _expire(client, settings)

    response = client.post(url, {"text": TYPED})

    assert response.status_code == 302 and "session-udloebet" in response["Location"]
    assert not Message.objects.filter(case=case).exists()
    assert KeptInput.objects.get(user=mette).path == url

    client.force_login(mette)
    page = client.get(url).content.decode()
    assert TYPED in page and "Vi har gemt det, du skrev, før du blev logget ud" in page
    assert not Message.objects.filter(case=case).exists()  # shown, not sent
    assert not KeptInput.objects.exists()
    assert TYPED not in client.get(url).content.decode()  # offered once


def test_a_status_change_posted_after_the_session_ran_out_is_not_made_but_its_reason_is_kept(client, case, settings):
    caseworker = BodyStaffFactory(boards=[case.board])
    url = reverse("workspaces:body_status_change", kwargs={"number": case.number})
    client.force_login(caseworker)
    _expire(client, settings)

    client.post(url, {"to": Status.TILBAGEKALDT, "reason": "Klageren har trukket klagen tilbage pr. telefon."})

    case.refresh_from_db()
    assert case.status == Status.VIDERESENDT and not StatusChange.objects.filter(case=case).exists()
    client.force_login(caseworker)
    page = client.get(url).content.decode()
    assert "Klageren har trukket klagen tilbage pr. telefon." in page
    case.refresh_from_db()
    assert case.status == Status.VIDERESENDT

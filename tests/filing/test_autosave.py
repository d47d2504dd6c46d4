"""Autosave on the filing steps, and a step posted after the session ran out (AUTH-3): what is typed is kept
as the step's pending answers, shown back as typed, and judged only when the step is sent with "Næste"."""

import time

import pytest
from django.test import Client
from django.urls import reverse

from klageportal.cases.models import Case
from klageportal.cases.selectors import filer_party
from klageportal.filing import services
from klageportal.filing.models import FilingDraft
from klageportal.filing.steps import Step
from klageportal.identity.middleware import LAST_SEEN_KEY
from klageportal.identity.models import KeptInput
from tests.factories import CitizenFactory

pytestmark = pytest.mark.django_db

TYPED = {"email": "ikke-en-adresse", "phone": "86 12", "address": "Skovvej 4"}


@pytest.fixture
def mette(person):
    return person("mette")


@pytest.fixture
def draft(filing_world, mette):
    """Mette's draft at the contact step."""
    case = services.complaint_start(by=mette, complaint_type=filing_world["type"])
    services.complaint_set_capacity(
        case=case, by=mette, capacity="own", represented="", association_name="", association_confirmed=False
    )
    return Case.objects.get(pk=case.pk)


def step_url(case, step="kontakt"):
    return reverse("filing:step", kwargs={"number": case.number, "step": step})


def autosave_url(case, step="kontakt"):
    return reverse("filing:autosave", kwargs={"number": case.number, "step": step})


def pending(case) -> dict:
    return FilingDraft.objects.get(pk=case.pk).pending


def steps_done(case) -> list:
    return FilingDraft.objects.get(pk=case.pk).steps_done


# --- autosave ------------------------------------------------------------------------------------------


def test_autosave_keeps_the_step_as_typed_without_judging_it(client, draft, mette):
    client.force_login(mette)

    response = client.post(autosave_url(draft), {**TYPED, "csrfmiddlewaretoken": "x", "action": "next"})

    assert response.status_code == 200
    assert response.json()["saved"] is True and response.json()["time"]
    typed = [["email", "ikke-en-adresse"], ["phone", "86 12"], ["address", "Skovvej 4"]]
    assert pending(draft) == {"kontakt": {"fields": typed, "kept": False}}
    assert "kontakt" not in steps_done(draft)
    assert filer_party(case=draft).email == ""  # the case itself is unchanged until "Næste"


def test_the_step_shows_what_was_autosaved_as_typed_without_messages(client, draft, mette):
    client.force_login(mette)
    client.post(autosave_url(draft), TYPED)

    page = client.get(step_url(draft)).content.decode()

    assert 'value="ikke-en-adresse"' in page
    assert 'value="Skovvej 4"' in page
    assert "form-error-message" not in page  # nothing was sent, so nothing is judged yet


def test_sending_the_step_takes_the_typed_values_and_forgets_them(client, draft, mette):
    client.force_login(mette)
    client.post(autosave_url(draft), TYPED)

    response = client.post(
        step_url(draft), {"email": "mette@example.dk", "phone": "86121234", "address": "Skovvej 4, 8800 Viborg"}
    )

    assert response.status_code == 302
    assert pending(draft) == {}
    assert "kontakt" in steps_done(draft)
    assert filer_party(case=draft).email == "mette@example.dk"


def test_a_step_sent_with_errors_keeps_what_was_typed_for_later(client, draft, mette):
    client.force_login(mette)

    response = client.post(step_url(draft), TYPED)

    assert response.status_code == 200
    assert ["email", "ikke-en-adresse"] in pending(draft)["kontakt"]["fields"]
    assert "kontakt" not in steps_done(draft)
    assert 'value="ikke-en-adresse"' in client.get(step_url(draft)).content.decode()


def test_another_person_cannot_autosave_someone_elses_draft(client, draft):
    client.force_login(CitizenFactory())

    response = client.post(autosave_url(draft), TYPED)

    assert response.status_code == 404
    assert pending(draft) == {}


def test_without_a_login_autosave_is_sent_to_the_login_and_saves_nothing(client, draft):
    response = client.post(autosave_url(draft), TYPED)

    assert response.status_code == 302 and "/oidc/authenticate/" in response["Location"]
    assert pending(draft) == {}


def test_autosave_of_a_step_not_in_the_flow_is_refused(client, draft, mette):
    client.force_login(mette)

    response = client.post(autosave_url(draft, "klagere"), TYPED)  # own behalf: no complainants step

    assert response.status_code == 400
    assert pending(draft) == {}


def test_autosave_on_a_submitted_complaint_stops(client, draft, mette):
    client.force_login(mette)
    Case.objects.filter(pk=draft.pk).update(status="udfyldt")

    response = client.post(autosave_url(draft), TYPED)

    assert response.status_code in (404, 409)
    assert response.json()["saved"] is False
    assert pending(draft) == {}


def test_autosave_only_answers_post(client, draft, mette):
    client.force_login(mette)

    assert client.get(autosave_url(draft)).status_code == 405


# --- a step posted after the session ran out --------------------------------------------------------------


def expire(client, settings):
    settings.SESSION_INACTIVITY_TIMEOUT = 60
    session = client.session
    session[LAST_SEEN_KEY] = int(time.time()) - 65
    session.save()


def test_a_step_posted_after_the_session_ran_out_is_kept_and_shown_after_the_login(client, draft, mette, settings):
    client.force_login(mette)
    expire(client, settings)

    response = client.post(step_url(draft), TYPED, follow=True)

    assert response.redirect_chain == [(f"/session-udloebet/?next={step_url(draft).replace('/', '%2F')}", 302)]
    shown = [str(m) for m in response.context["messages"]]
    assert shown and "Det, du skrev på siden, er gemt" in shown[0]
    assert not response.wsgi_request.user.is_authenticated
    assert "kontakt" not in steps_done(draft) and pending(draft) == {}
    assert KeptInput.objects.get(user=mette).path == step_url(draft)

    client.force_login(mette)
    page = client.get(step_url(draft))

    html = page.content.decode()
    assert "Vi har gemt det, du skrev, før du blev logget ud" in html
    assert 'value="ikke-en-adresse"' in html and 'value="Skovvej 4"' in html
    assert "form-error-message" not in html
    assert pending(draft)["kontakt"]["kept"] is True
    assert not KeptInput.objects.exists()  # taken once
    assert "Vi har gemt det" not in client.get(step_url(draft)).content.decode()


def test_kept_input_is_not_offered_to_someone_else(client, draft, mette, settings):
    from klageportal.identity.kept import input_take

    client.force_login(mette)
    expire(client, settings)
    client.post(step_url(draft), TYPED)

    assert input_take(user=CitizenFactory(), path=step_url(draft)) is None
    assert KeptInput.objects.filter(user=mette).exists()


def test_a_forged_post_after_the_session_ran_out_is_not_kept(draft, mette, settings):
    client = Client(enforce_csrf_checks=True)
    client.force_login(mette)
    expire(client, settings)

    response = client.post(step_url(draft), TYPED)

    assert response.status_code == 302
    assert not KeptInput.objects.exists()


def test_kept_input_that_has_expired_is_not_offered(client, draft, mette, settings):
    client.force_login(mette)
    expire(client, settings)
    client.post(step_url(draft), TYPED)
    KeptInput.objects.update(expires_at="2000-01-01T00:00:00Z")
    settings.SESSION_INACTIVITY_TIMEOUT = 30 * 60

    client.force_login(mette)
    html = client.get(step_url(draft)).content.decode()

    assert "Vi har gemt det" not in html and 'value="Skovvej 4"' not in html
    assert pending(draft) == {}


def test_a_documents_step_posted_after_the_session_ran_out_keeps_nothing(client, draft, mette, settings):
    """Only typed text is kept; a button alone is not (and the button's action is never carried out)."""
    client.force_login(mette)
    expire(client, settings)

    response = client.post(step_url(draft, Step.DOCUMENTS), {"action": "next"})

    assert response["Location"] == "/session-udloebet/"
    assert not KeptInput.objects.exists()

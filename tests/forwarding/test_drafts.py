"""Drafts (AS-3): saved on every page change and by autosave; only the latest is offered; it survives logout."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from klageportal.forwarding import services
from klageportal.forwarding.models import AnkeskemaDraft
from tests.factories import AnkeskemaDraftFactory
from tests.forwarding.conftest import complete_answers, post_data, post_page

pytestmark = pytest.mark.django_db

START = reverse("forwarding:start")
AUTOSAVE = reverse("forwarding:autosave")


def _page(number: int) -> str:
    return reverse("forwarding:page", kwargs={"number": number})


def _open(user) -> AnkeskemaDraft:
    return AnkeskemaDraft.objects.get(owner=user, state=AnkeskemaDraft.State.OPEN)


def test_first_visit_starts_a_draft_prefilled_from_the_login(as_birgitte, birgitte):
    response = as_birgitte.get(START)
    assert response["Location"] == _page(1)
    draft = _open(birgitte)
    assert draft.authority == birgitte.authority
    assert draft.data["1"]["municipality"] == "Viborg Kommune"
    assert draft.data["1"]["caseworker"] == "Birgitte Andersen"


def test_with_a_draft_the_caseworker_chooses_continue_or_start_new(as_birgitte, birgitte):
    as_birgitte.get(START)
    post_page(as_birgitte, 1, complete_answers()["1"])
    html = as_birgitte.get(START).content.decode()
    assert "Fortsæt seneste kladde" in html and "Start ny" in html
    assert as_birgitte.post(reverse("forwarding:resume"))["Location"] == _page(2)


def test_start_new_discards_the_draft_so_only_the_latest_is_offered(as_birgitte, birgitte):
    as_birgitte.get(START)
    post_page(as_birgitte, 1, complete_answers()["1"])
    old = _open(birgitte)
    assert as_birgitte.post(reverse("forwarding:start_new"))["Location"] == _page(1)
    old.refresh_from_db()
    assert old.state == AnkeskemaDraft.State.DISCARDED
    new = _open(birgitte)
    assert new.pk != old.pk and "department" not in new.data["1"]
    assert AnkeskemaDraft.objects.filter(owner=birgitte, state=AnkeskemaDraft.State.OPEN).count() == 1


def test_the_database_holds_one_open_draft_per_caseworker(birgitte):
    services.draft_start(by=birgitte)
    with pytest.raises(IntegrityError), transaction.atomic():
        AnkeskemaDraftFactory(owner=birgitte, authority=birgitte.authority)


def test_the_draft_survives_logout(client, birgitte):
    """AS-3: logging out and in again offers the same draft with its answers."""
    client.force_login(birgitte)
    client.get(START)
    post_page(client, 1, complete_answers()["1"])
    post_page(client, 2, {"citizen_cpr": "1203781234"}, action="back")
    client.post(reverse("logout"))
    assert client.get(START).status_code == 302
    client.force_login(birgitte)
    assert "Fortsæt seneste kladde" in client.get(START).content.decode()
    client.post(reverse("forwarding:resume"))
    assert 'value="Ydelseskontoret"' in client.get(_page(1)).content.decode()
    assert 'value="1203781234"' in client.get(_page(2)).content.decode()


def test_moving_back_saves_without_validating(as_birgitte, birgitte):
    as_birgitte.get(START)
    response = post_page(as_birgitte, 4, {"complaint_date": "not a date"}, action="back")
    assert response["Location"] == _page(3)
    assert _open(birgitte).data["4"]["complaint_date"] == "not a date"


def test_a_valid_page_is_marked_done_and_an_invalid_one_not(as_birgitte, birgitte):
    as_birgitte.get(START)
    post_page(as_birgitte, 1, complete_answers()["1"])
    assert _open(birgitte).data["done"] == [1]
    post_page(as_birgitte, 1, {**complete_answers()["1"], "office_hours": ""})
    assert _open(birgitte).data["done"] == []


# --- autosave --------------------------------------------------------------------------------------


def test_autosave_keeps_the_page_as_typed(as_birgitte, birgitte):
    """AS-3: at least once a minute the script sends the page; invalid input is kept as typed."""
    as_birgitte.get(START)
    draft = _open(birgitte)
    data = post_data(2, {"citizen_cpr": "12037", "parties": [{"role": "vaerge", "name": "Halv"}]})
    response = as_birgitte.post(AUTOSAVE, {**data, "page": "2", "draft": str(draft.pk)})
    assert response.status_code == 200
    assert response.json()["saved"] is True and response.json()["time"]
    answers = _open(birgitte).data["2"]
    assert answers["citizen_cpr"] == "12037"
    assert answers["parties"] == [{"role": "vaerge", "name": "Halv"}]
    assert _open(birgitte).page == 2


def test_autosave_refuses_another_draft_and_unknown_pages(as_birgitte, birgitte):
    as_birgitte.get(START)
    draft = _open(birgitte)
    assert as_birgitte.post(AUTOSAVE, {"page": "1", "draft": str(draft.pk + 1000)}).status_code == 409
    assert as_birgitte.post(AUTOSAVE, {"page": "7", "draft": str(draft.pk)}).status_code == 400
    assert as_birgitte.post(AUTOSAVE, {"page": "x", "draft": str(draft.pk)}).status_code == 400


def test_autosave_after_the_session_ran_out_is_not_json(client, birgitte, settings):
    """The script sees a redirect, not JSON, keeps the input in the browser and asks for a new login."""
    client.force_login(birgitte)
    client.get(START)
    draft = _open(birgitte)
    client.logout()
    response = client.post(AUTOSAVE, {"page": "1", "draft": str(draft.pk), "department": "X"})
    assert response.status_code == 302
    assert not response.get("Content-Type", "").startswith("application/json")
    assert "department" not in _open(birgitte).data["1"]


def test_autosave_after_inactivity_redirects_and_keeps_the_draft(client, birgitte, settings):
    """AUTH-3: the inactivity timeout ends the session; the draft itself is untouched."""
    from klageportal.identity.middleware import LAST_SEEN_KEY

    client.force_login(birgitte)
    client.get(START)
    draft = _open(birgitte)
    session = client.session
    session[LAST_SEEN_KEY] = 0
    session.save()
    response = client.post(AUTOSAVE, {"page": "1", "draft": str(draft.pk), "department": "X"})
    assert response.status_code == 302 and response["Location"] == reverse("session_expired")
    assert _open(birgitte).pk == draft.pk


def test_autosave_stops_on_a_sent_draft(as_birgitte, birgitte):
    as_birgitte.get(START)
    draft = _open(birgitte)
    AnkeskemaDraft.objects.filter(pk=draft.pk).update(state=AnkeskemaDraft.State.SENT)
    assert as_birgitte.post(AUTOSAVE, {"page": "1", "draft": str(draft.pk)}).status_code == 409


def test_pages_carry_what_the_script_needs(as_birgitte, birgitte, settings):
    settings.ANKESKEMA_AUTOSAVE_SECONDS = 90
    as_birgitte.get(START)
    html = as_birgitte.get(_page(1)).content.decode()
    assert f'data-draft="{_open(birgitte).pk}"' in html
    assert 'data-autosave-seconds="60"' in html  # never less often than once a minute
    assert "js/ankeskema.js" in html


def test_a_page_typed_with_nul_characters_is_kept_without_them(birgitte):
    """AS-3: what is typed is kept, valid or not; a NUL character, which PostgreSQL cannot store in JSON or text,
    is dropped instead of losing the page (found by the generated-input test on PostgreSQL)."""
    draft = services.draft_start(by=birgitte)
    services.draft_page_save(
        draft=draft, page=2, answers={"department": "Social\x00 og sundhed", "rows": [{"x\x00": "a\x00b"}]}
    )
    draft.refresh_from_db()
    assert draft.data["2"]["department"] == "Social og sundhed"
    assert draft.data["2"]["rows"] == [{"x": "ab"}]


def test_a_page_posted_after_the_session_ran_out_is_saved_in_the_draft_after_the_login(client, birgitte, settings):
    """AUTH-3: "Næste" after the inactivity timeout keeps the page; after the login it is in the draft, as typed."""
    import time

    from klageportal.identity.middleware import LAST_SEEN_KEY

    client.force_login(birgitte)
    client.get(START)
    settings.SESSION_INACTIVITY_TIMEOUT = 60
    session = client.session
    session[LAST_SEEN_KEY] = int(time.time()) - 65
    session.save()

    response = client.post(_page(1), post_data(1, {"department": "Jobcentret"}, action="next"))

    assert response["Location"] == f"/session-udloebet/?next={_page(1).replace('/', '%2F')}"
    assert "department" not in _open(birgitte).data.get("1", {})

    client.force_login(birgitte)
    page = client.get(_page(1))

    assert "Vi har gemt det, du skrev, før du blev logget ud" in page.content.decode()
    assert _open(birgitte).data["1"]["department"] == "Jobcentret"

"""History lines are recorded in Danish and shown in each reader's language, whoever wrote them in whichever."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_noop

from klageportal.cases import workflow
from klageportal.cases.models import CaseEvent, PartyRole, Status
from klageportal.cases.services.events import case_event_add
from klageportal.cases.services.parties import party_add
from klageportal.core.phrases import Kroner, Phrase, label_phrase, phrase
from tests.factories import CaseFactory


def test_a_phrase_is_shown_in_the_active_language_and_recorded_in_danish():
    line = phrase(gettext_noop("Dokument tilføjet: %(name)s"), name="bilag.pdf")
    with translation.override("en"):
        assert str(line) == "Document added: bilag.pdf"
        assert line.in_record_language() == "Dokument tilføjet: bilag.pdf"


def test_nested_phrases_labels_and_dates_survive_being_stored():
    line = phrase(
        gettext_noop("Kommunen har underrettet borgeren den %(day)s."),
        day=date(2026, 2, 3),
    )
    role = phrase(gettext_noop("%(role)s tilføjet: %(name)s"), role=label_phrase(PartyRole.OTHER.label), name="N")
    for original in (line, role):
        again = Phrase.from_json(original.to_json())
        assert again == original
    with translation.override("da"):
        assert str(Phrase.from_json(line.to_json())) == "Kommunen har underrettet borgeren den 3. februar 2026."
    with translation.override("en"):
        assert str(Phrase.from_json(line.to_json())) == "The municipality informed the citizen on 3 February 2026."
        assert str(Phrase.from_json(role.to_json())) == "Other party added: N"


def test_an_amount_is_grouped_as_the_reader_writes_numbers():
    paid = phrase(gettext_noop("Klagegebyret på %(amount)s kr. er betalt med kort."), amount=Kroner(1500))
    line = Phrase.from_json(paid.to_json())
    assert line.in_record_language() == "Klagegebyret på 1.500 kr. er betalt med kort."
    with translation.override("en"):
        assert str(line) == "The complaint fee of 1,500 DKK has been paid by card."


@pytest.mark.django_db
def test_an_english_actor_still_writes_the_record_in_danish(filer):
    case = CaseFactory(status=Status.INDSENDT)
    with translation.override("en"):
        party_add(case=case, by=filer, role=PartyRole.OTHER, name="Nabo Nielsen")
        workflow.transition(case, to=Status.VIDERESENDT, actor=workflow.Actor.FIRST_INSTANCE)
    texts = list(CaseEvent.objects.filter(case=case).order_by("pk").values_list("text", "actor_name"))
    assert texts[-2][0] == "Anden part tilføjet: Nabo Nielsen"
    assert texts[-1] == ("Status ændret fra Indsendt til Videresendt til nævn", "Klageportalen")


@pytest.mark.django_db
def test_the_history_tab_shows_each_reader_their_language(client, filer):
    case = CaseFactory(status=Status.INDSENDT, created_by=filer)
    party_add(case=case, by=filer, role=PartyRole.OTHER, name="Nabo Nielsen")
    case_event_add(case=case, kind=CaseEvent.Kind.NOTE, text="Et notat skrevet før sætningerne")
    client.force_login(filer)
    url = reverse("workspaces:case_history", kwargs={"number": case.number})

    danish = client.get(url, HTTP_ACCEPT_LANGUAGE="da").content.decode()
    client.cookies["django_language"] = "en"
    english = client.get(url).content.decode()

    assert "Anden part tilføjet: Nabo Nielsen" in danish
    assert "Other party added: Nabo Nielsen" in english
    assert "Et notat skrevet før sætningerne" in english  # a plain line is shown as it was recorded

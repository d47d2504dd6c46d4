"""Page 4 (AS-31..33, AS-35): the dates, the complaint deadline, the reassessment and what the citizen was told."""

from datetime import date

import pytest
from django.urls import reverse

from klageportal.forwarding.form.forms import ReasonForm
from klageportal.forwarding.form.guidance import computed_complaint_deadline, page4_guidance
from klageportal.forwarding.form.pages import form_data
from tests.factories import AuthorityFactory
from tests.forwarding.conftest import complete_answers, post_page

pytestmark = pytest.mark.django_db


def _answers(**changes) -> dict:
    base = {
        "decision_date": "2026-01-05",
        "decision_channel": "digital",
        "complaint_date": "2026-01-20",
        "complaint_channel": "post",
        "deadline_exceeded": "nej",
        "reassessment_date": "2026-02-10",
        "outcome": "fastholdt",
        "citizen_informed": "ja",
        "citizen_informed_date": "2026-02-11",
    }
    return {key: value for key, value in {**base, **changes}.items() if value is not None}


def _form(**changes) -> ReasonForm:
    form = ReasonForm(form_data(4, _answers(**changes)))
    form.is_valid()
    return form


def test_complete_answers_are_valid():
    assert _form().is_valid()


def test_complaint_cannot_be_dated_before_the_decision():
    """AS-31: the message is at the field."""
    assert _form(complaint_date="2026-01-04").errors == {
        "complaint_date": ["Klagedatoen kan ikke være før afgørelsesdatoen."]
    }


def test_reassessment_cannot_be_dated_before_the_decision():
    assert _form(reassessment_date="2026-01-01").errors == {
        "reassessment_date": ["Genvurderingsdatoen kan ikke være før afgørelsesdatoen."]
    }


def test_same_day_is_allowed():
    assert _form(complaint_date="2026-01-05", reassessment_date="2026-01-05").is_valid()


def test_dates_in_the_future_are_refused():
    assert _form(complaint_date="2099-01-01").errors["complaint_date"] == ["Datoen kan ikke ligge i fremtiden."]


def test_each_date_carries_its_definition():
    form = ReasonForm()
    assert "uanset klagebrevets datering" in form.fields["complaint_date"].help_text
    assert "sendt meddelelse om genvurdering" in form.fields["reassessment_date"].help_text
    assert "mundtligt har meddelt" in form.fields["decision_date"].help_text


def test_deadline_exceeded_removes_the_reassessment_fields():
    """AS-32: "Ja" means no reassessment: those fields are hidden and not required."""
    form = _form(
        deadline_exceeded="ja",
        reassessment_date=None,
        outcome=None,
        citizen_informed=None,
        citizen_informed_forwarded="ja",
    )
    assert form.is_valid(), form.errors
    for name in ("reassessment_date", "outcome", "new_decision_date", "maintained_date", "citizen_informed"):
        assert not form.is_shown(name)
    assert form.is_shown("citizen_informed_forwarded") and form.is_shown("citizen_informed_date")
    assert "reassessment_date" not in form.shown_values()


def test_deadline_not_exceeded_requires_the_reassessment():
    form = _form(reassessment_date=None, outcome=None)
    assert set(form.errors) == {"reassessment_date", "outcome"}


def test_partly_upheld_needs_the_new_decision_and_the_reply():
    """AS-33: delvis medhold → the new decision's date and the date the complaint was maintained."""
    form = _form(outcome="delvis")
    assert set(form.errors) == {"new_decision_date", "maintained_date"}
    form = _form(outcome="delvis", new_decision_date="2026-02-10", maintained_date="2026-02-01")
    assert form.errors == {
        "maintained_date": ["Klageren kan ikke have fastholdt klagen før datoen for den nye afgørelse."]
    }
    assert _form(outcome="delvis", new_decision_date="2026-02-10", maintained_date="2026-02-20").is_valid()


def test_informed_date_only_when_told():
    """AS-35: whether the citizen was told, and when."""
    assert _form(citizen_informed="nej", citizen_informed_date=None).is_valid()
    assert set(_form(citizen_informed_date=None).errors) == {"citizen_informed_date"}


# --- the computed deadlines (guidance, never a block) --------------------------------------------------


def test_complaint_deadline_is_four_weeks_from_receipt_on_a_working_day():
    """SPEC §12: digital the day it is sent; 4 weeks; 2026-02-02 is a Monday."""
    assert computed_complaint_deadline(_answers(), authority=None) == date(2026, 2, 2)
    # 2026-03-05 + 4 weeks = 2026-04-02, Skærtorsdag; Langfredag, the weekend and 2. påskedag follow.
    assert computed_complaint_deadline(_answers(decision_date="2026-03-05"), authority=None) == date(2026, 4, 7)


def test_a_letter_counts_from_the_authoritys_configured_day():
    authority = AuthorityFactory(letter_receipt_days=3)
    answers = _answers(decision_channel="letter")
    assert computed_complaint_deadline(answers, authority=AuthorityFactory()) == date(2026, 2, 2)
    assert computed_complaint_deadline(answers, authority=authority) == date(2026, 2, 5)


def _keys(answers, **kwargs) -> dict[str, str]:
    return {item.key: item.text for item in page4_guidance(answers, **{"authority": None, **kwargs})}


def test_guidance_shows_the_deadline_and_warns_when_the_answer_disagrees():
    """AS-32: the caseworker's answer and the computed date disagree → a warning, not an error."""
    keys = _keys(_answers())
    assert "2. februar 2026" in keys["complaint_deadline"]
    assert "disagree" not in keys
    late = _answers(complaint_date="2026-02-10")
    assert "efter klagefristen" in _keys(late)["disagree"]
    assert "disagree" not in _keys({**late, "deadline_exceeded": "ja"})
    assert "inden for klagefristen" in _keys(_answers(deadline_exceeded="ja"))["disagree"]
    assert _form(complaint_date="2026-02-10").is_valid()


def test_the_complaint_deadline_is_told_in_the_future_tense_until_it_has_passed():
    """A deadline of 2 February 2026 "udløber" until that day is over, and "udløb" after it."""
    answers = _answers()
    assert "udløber klagefristen den 2. februar 2026" in _keys(answers, today=date(2026, 1, 20))["complaint_deadline"]
    assert "udløber klagefristen den 2. februar 2026" in _keys(answers, today=date(2026, 2, 2))["complaint_deadline"]
    assert "udløb klagefristen den 2. februar 2026" in _keys(answers, today=date(2026, 2, 3))["complaint_deadline"]


def test_maintained_reassessment_is_due_four_weeks_after_the_complaint():
    """AS-33: fastholdt → due 4 weeks after the complaint was received; a late one is flagged."""
    keys = _keys(_answers())
    assert "17. februar 2026" in keys["reassessment_deadline"]
    assert "reassessment_late" not in keys
    assert "reassessment_late" in _keys(_answers(reassessment_date="2026-02-18"))


def test_partly_upheld_shows_the_14_day_forwarding_deadline_and_flags_it_late():
    """AS-33: forwarded within 14 days of the date the complaint was maintained."""
    answers = _answers(outcome="delvis", new_decision_date="2026-02-10", maintained_date="2026-02-20")
    keys = _keys(answers, today=date(2026, 3, 6))
    assert "inden 14 dage" in keys["forwarding_deadline"] and "6. marts 2026" in keys["forwarding_deadline"]
    assert "forwarding_late" not in keys
    assert "forwarding_late" in _keys(answers, today=date(2026, 3, 7))


def test_partly_upheld_reply_after_four_weeks_is_flagged():
    answers = _answers(outcome="delvis", new_decision_date="2026-01-10", maintained_date="2026-02-20")
    assert "mere end 4 uger" in _keys(answers)["reply_late"]


def test_no_reassessment_guidance_when_the_deadline_was_exceeded():
    keys = _keys(_answers(deadline_exceeded="ja", outcome="delvis", maintained_date="2026-02-20"))
    assert set(keys) <= {"complaint_deadline", "disagree"}


# --- through the page ---------------------------------------------------------------------------------


def test_page_4_shows_the_guidance_and_the_json_endpoint_keeps_it_current(as_birgitte):
    as_birgitte.get(reverse("forwarding:start"))
    response = post_page(as_birgitte, 4, {**complete_answers()["4"], "complaint_date": "2025-12-01"})
    assert response.context["error_summary"] == [
        ("#id_complaint_date", "Klagedatoen kan ikke være før afgørelsesdatoen.")
    ]
    assert "Klagefristen er 4 uger" in response.content.decode()
    data = {**_answers(outcome="delvis", new_decision_date="2026-02-10", maintained_date="2026-02-20")}
    guidance = as_birgitte.post(reverse("forwarding:deadlines"), data).json()["guidance"]
    assert {item["key"] for item in guidance} >= {"complaint_deadline", "forwarding_deadline", "forwarding_late"}


def test_page_4_exceeded_moves_on_without_the_reassessment(as_birgitte):
    as_birgitte.get(reverse("forwarding:start"))
    answers = _answers(
        deadline_exceeded="ja",
        reassessment_date=None,
        outcome=None,
        citizen_informed=None,
        citizen_informed_forwarded="nej",
    )
    answers.pop("citizen_informed_date")
    response = post_page(as_birgitte, 4, answers)
    assert response["Location"] == reverse("forwarding:page", kwargs={"number": 5})

"""The day–month–year date field (DKFDS date group): what is typed becomes a date or a message that says what
is wrong, and what was typed is shown again as typed."""

from datetime import date

import pytest
from django import forms

from klageportal.core.forms import DateGroupField, DkfdsForm


class WhenForm(DkfdsForm):
    when = DateGroupField(label="Afgørelsens dato", help_text="Datoen står i afgørelsen.")


def typed(day="", month="", year=""):
    return WhenForm({"when_0": day, "when_1": month, "when_2": year})


def test_three_numbers_make_a_date():
    form = typed("3", "12", "2026")
    assert form.is_valid()
    assert form.cleaned_data["when"] == date(2026, 12, 3)


@pytest.mark.parametrize(
    ("parts", "message"),
    [
        (("", "", ""), "Skriv datoen med dag, måned og år."),
        (("3", "", ""), "Datoen mangler måned og år."),
        (("3", "12", ""), "Datoen mangler år."),
        (("3", "dec", "2026"), "Skriv datoen med tal, fx 27 3 2026."),
        (("3", "12", "26"), "Skriv året med fire cifre, fx 2026."),
        (("31", "2", "2026"), "Datoen findes ikke. Kontrollér dag og måned."),
        (("3", "13", "2026"), "Datoen findes ikke. Kontrollér dag og måned."),
    ],
)
def test_each_mistake_has_its_own_message(parts, message):
    form = typed(*parts)
    assert not form.is_valid()
    assert form.errors["when"] == [message]


def test_what_was_typed_is_shown_again_in_a_fieldset_named_by_the_label():
    html = str(typed("31", "2", "2026"))
    assert '<legend class="form-label">Afgørelsens dato' in html
    assert 'aria-describedby="id_when_hint id_when_error"' in html
    for number, (part, value) in enumerate((("Dag", "31"), ("Måned", "2"), ("År", "2026"))):
        assert f'<label class="form-label" for="id_when_{number}">{part}</label>' in html
        assert f'name="when_{number}" value="{value}"' in html
    assert "form-group-day" in html and "date-group" in html
    assert 'type="date"' not in html


def test_a_stored_date_is_shown_as_day_month_year():
    html = str(WhenForm(initial={"when": date(2026, 3, 7)}))
    assert 'name="when_0" value="7"' in html
    assert 'name="when_1" value="3"' in html
    assert 'name="when_2" value="2026"' in html


def test_the_error_summary_links_to_the_day():
    form = typed("", "", "")
    form.is_valid()
    assert form.error_summary() == [("#id_when_0", "Afgørelsens dato: Skriv datoen med dag, måned og år.")]


def test_not_required_and_empty_is_no_date():
    class Optional(DkfdsForm):
        when = DateGroupField(label="Dato", required=False)

    form = Optional({"when_0": "", "when_1": "", "when_2": ""})
    assert form.is_valid()
    assert form.cleaned_data["when"] is None
    assert isinstance(Optional.base_fields["when"], forms.Field)


def test_a_date_posted_in_one_iso_field_is_read_as_its_parts():
    """As the browser's date input and drafts saved before the field had three inputs send it."""
    form = WhenForm({"when": "2026-03-07"})
    assert form.is_valid()
    assert form.cleaned_data["when"] == date(2026, 3, 7)

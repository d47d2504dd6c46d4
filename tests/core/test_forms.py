"""One error pattern for every form: the summary names and links each field, the title begins "Fejl:",
every field and fieldset with an error is described by it, checkboxes and radios in DKFDS markup."""

import re

import pytest
from django import forms
from django.template import Context, Template
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html

from klageportal.core.forms import DkfdsForm, error_summary, named
from klageportal.filing.forms import CapacityForm
from klageportal.payments.forms import SendLinkForm


class ExampleForm(DkfdsForm):
    name = forms.CharField(label="Navn", help_text="For- og efternavn")
    kind = forms.ChoiceField(
        label="Klageren er", choices=[("p", "En person"), ("v", "En virksomhed")], widget=forms.RadioSelect
    )
    agree = forms.BooleanField(label="Jeg er enig")
    phone = forms.CharField(label="Telefon", required=False)

    def clean(self):
        super().clean()
        raise forms.ValidationError("Noget i formularen passer ikke sammen.")


def bad_form() -> ExampleForm:
    form = ExampleForm(data={"phone": "1"})
    assert not form.is_valid()
    return form


def test_the_summary_names_each_field_and_links_to_it_or_to_its_groups_first_input():
    assert bad_form().error_summary() == [
        ("#id_name", "Udfyld feltet „Navn“."),
        ("#id_kind_0", "Udfyld feltet „Klageren er“."),
        ("#id_agree", "Sæt kryds ved „Jeg er enig“."),
        ("", "Noget i formularen passer ikke sammen."),
    ]


def test_a_message_that_does_not_name_its_field_is_prefixed_with_the_label():
    assert named("Afgørelsens dato", "Datoen kan ikke være i fremtiden.") == (
        "Afgørelsens dato: Datoen kan ikke være i fremtiden."
    )
    assert named("Foreningens navn", "Skriv foreningens navn.") == "Skriv foreningens navn."
    assert named("Er sagen genvurderet?", "Svar ja eller nej.") == "Er sagen genvurderet? Svar ja eller nej."
    form = SendLinkForm(data={"email": "ikke-en-adresse"})
    assert error_summary(form) == [
        ("#id_email", "Modtagerens e-mailadresse: Indtast en gyldig e-mailadresse, fx navn@eksempel.dk.")
    ]


def test_an_unbound_form_has_nothing_to_summarise():
    assert ExampleForm().error_summary() == []


def render_summary(**context) -> str:
    return render_to_string("forms/error_summary.html", context)


def test_the_summary_links_field_errors_and_lists_the_forms_own_errors_as_text():
    html = render_summary(form=bad_form())
    assert 'id="error-summary"' in html and 'tabindex="-1"' in html and 'role="alert"' in html
    assert 'class="icon-svg alert-icon"' in html
    assert '<a class="function-link" href="#id_kind_0">Udfyld feltet „Klageren er“.</a>' in html
    assert "<li>Noget i formularen passer ikke sammen.</li>" in html
    assert render_summary(form=ExampleForm()).strip() == ""


def test_the_summary_shows_a_views_own_list_of_errors_before_its_form():
    html = render_summary(form=ExampleForm(), error_summary=[("#id_x", "Udfyld feltet „X“.")])
    assert '<a class="function-link" href="#id_x">Udfyld feltet „X“.</a>' in html


def group_of(html: str, name: str) -> str:
    start = html.index(f'id="group-id_{name}"')
    following = re.compile(r'<div class="form-group( form-error)?"').search(html, start)
    return html[start : following.start() if following else len(html)]


def described_ids(tag: str) -> list[str]:
    return re.search(r'aria-describedby="([^"]*)"', tag).group(1).split()


def test_an_input_with_an_error_is_invalid_and_described_by_its_hint_and_error():
    html = str(bad_form())
    group = group_of(html, "name")
    tag = re.search(r"<input[^>]*>", group).group(0)
    assert 'aria-invalid="true"' in tag
    assert described_ids(tag) == ["id_name_hint", "id_name_error"]
    assert '<span class="form-error-message" id="id_name_error">' in group
    assert 'class="form-group form-error"' in html


def test_a_radio_groups_fieldset_is_described_by_its_error_and_the_radios_are_dkfds_radios():
    group = group_of(str(bad_form()), "kind")
    fieldset = re.search(r"<fieldset[^>]*>", group).group(0)
    assert described_ids(fieldset) == ["id_kind_error"]
    assert 'id="id_kind_error"' in group
    assert group.count('<div class="form-group-radio">') == 2
    # DKFDS draws the radio from the label that follows the input straight away.
    assert re.search(
        r'<input class="form-radio" type="radio"[^>]*id="id_kind_0"[^>]*>\s*<label class="form-label" for="id_kind_0">',
        group,
    )


def test_a_fieldset_without_hint_or_error_has_no_empty_description():
    group = group_of(str(ExampleForm()), "kind")
    assert "aria-describedby" not in re.search(r"<fieldset[^>]*>", group).group(0)


def test_a_checkbox_is_a_dkfds_checkbox_with_its_label_right_after_it_and_its_error_described():
    group = group_of(str(bad_form()), "agree")
    assert '<div class="form-group-checkbox">' in group
    match = re.search(r'(<input type="checkbox"[^>]*>)\s*<label class="form-label" for="id_agree">', group)
    assert match, group
    assert 'class="form-checkbox"' in match.group(1)
    assert described_ids(match.group(1)) == ["id_agree_error"]


def test_the_association_checkbox_on_filing_step_1_is_drawn_by_dkfds():
    form = CapacityForm(data={"capacity": "represent", "represented": "association"})
    assert not form.is_valid()
    group = group_of(str(form), "association_confirmed")
    assert re.search(
        r'<div class="form-group-checkbox">\s*<input type="checkbox"[^>]*class="form-checkbox"[^>]*>\s*<label', group
    )


def test_a_forms_group_attributes_are_added_to_its_field_group():
    class Conditional(DkfdsForm):
        name = forms.CharField(label="Navn")

        def group_attributes(self, name):
            return format_html(' data-example="{}"', 1)

    assert 'id="group-id_name" data-example="1"' in str(Conditional())


def title(html: str) -> str:
    return re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip()


def test_the_title_begins_fejl_when_the_page_has_errors():
    template = Template('{% extends "base.html" %}{% block title %}Opret klage{% endblock %}')
    assert title(template.render(Context({"form": bad_form()}))) == "Fejl: Opret klage – Klageportal"
    assert title(template.render(Context({"form": ExampleForm()}))) == "Opret klage – Klageportal"
    with_list = Context({"error_summary": [("#id_x", "Udfyld feltet „X“.")]})
    assert title(template.render(with_list)).startswith("Fejl: ")


@pytest.mark.django_db
def test_a_filing_page_posted_with_errors_has_the_pattern(client, catalogue, filer):
    """The first filing page posted without a complaint type: title, summary and field, as a person gets it."""
    client.force_login(filer)
    html = client.post(reverse("filing:start"), {"complaint_type": ""}).content.decode()
    assert title(html).startswith("Fejl: Opret klage")
    assert '<a class="function-link" href="#id_complaint_type">Udfyld feltet „Klagenævn og klagetype“.</a>' in html
    select = re.search(r"<select[^>]*>", html).group(0)
    assert described_ids(select) == ["id_complaint_type_hint", "id_complaint_type_error"]
    assert not title(client.get(reverse("filing:start")).content.decode()).startswith("Fejl")


def test_a_checkbox_whose_message_says_what_to_tick_is_not_prefixed_with_its_sentence_long_label():
    form = CapacityForm(data={"capacity": "represent", "represented": "association", "association_name": ""})
    assert not form.is_valid()
    messages = dict(form.error_summary())
    assert messages["#id_association_confirmed"] == (
        "Du skal bekræfte, at foreningens tegningsregler giver dig ret til at klage på dens vegne."
    )

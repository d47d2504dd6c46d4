"""The seven pages without JavaScript (AS-2, AS-4, AS-10..35): validation, conditions, nothing typed lost."""

import re

import pytest
from django.template.defaultfilters import filesizeformat
from django.urls import reverse

from klageportal.forwarding.form.forms import (
    AreaForm,
    CitizenForm,
    MunicipalityForm,
    PartyForm,
    RemarksForm,
    law_catalogue,
)
from klageportal.forwarding.form.pages import build, form_data
from klageportal.forwarding.models import AnkeskemaDraft
from tests.forwarding.conftest import area, complete_answers, post_page

pytestmark = pytest.mark.django_db


def _page(number: int) -> str:
    return reverse("forwarding:page", kwargs={"number": number})


def _draft(user) -> AnkeskemaDraft:
    return AnkeskemaDraft.objects.get(owner=user, state=AnkeskemaDraft.State.OPEN)


def _errors(response) -> dict[str, list[str]]:
    """Field id → messages, from the error summary at the top of the page."""
    found: dict[str, list[str]] = {}
    for anchor, message in response.context["error_summary"]:
        found.setdefault(anchor.lstrip("#").removeprefix("id_"), []).append(message)
    return found


def _group(html: str, field_id: str) -> str:
    """The opening tag of a field's group (to see whether it is hidden)."""
    match = re.search(rf'<div class="form-group[^"]*" id="group-id_{re.escape(field_id)}"[^>]*>', html)
    assert match, field_id
    return match.group(0)


@pytest.fixture
def started(as_birgitte):
    as_birgitte.get(reverse("forwarding:start"))
    return as_birgitte


# --- every page: titles, required marks, the contact details ---------------------------------------------


@pytest.mark.parametrize(
    ("number", "title"),
    [
        (1, "Kommunens kontaktoplysninger"),
        (2, "Borgeren, eventuel partsrepræsentant, værge eller anden klager"),
        (3, "Sagsområder"),
        (4, "Hvorfor sender kommunen klagen?"),
        (5, "Eventuelle bemærkninger"),
        (6, "Akterne i sagen"),
        (7, "Opsummering"),
    ],
)
def test_every_page_has_its_title_steps_contact_details_and_guidance(started, number, title):
    """AS-5, AS-6: the source's page titles, the step indicator, Ankestyrelsen's details, the guidance link."""
    html = started.get(_page(number)).content.decode()
    assert f"<h1>{title}</h1>" in html
    assert html.count('class="step-number"') == 7
    assert 'aria-current="step"' in html
    for detail in ("Teglholmsgade 3, 2450 København SV", "33 41 12 00", "ast@ankestyrelsen.example"):
        assert detail in html
    assert reverse("forwarding:guidance") in html


def test_labels_are_the_sources_word_for_word(started):
    """AS-6."""
    html = "".join(started.get(_page(n)).content.decode() for n in (1, 2, 6))
    for label in (
        "Sagsbehandlerens telefonnummer",
        "Sagsbehandlerens e-mail",
        "Klagesagens sagsid/journalnummer i kommunens systemer",
        "Træffetid (den ansvarlige afdeling)",
        "Borgerens navn",
        "Oplysninger om partsrepræsentant, værge eller anden klager",
        "Kontaktpersonens rolle",
        "Nødvendige akter",
    ):
        assert label in html, label
    assert "Oplysninger om klagefristen" in started.get(_page(4)).content.decode()
    assert ">Send</button>" in started.get(_page(7)).content.decode()


# --- page 1 ------------------------------------------------------------------------------------------


def test_page_1_is_prefilled_from_the_login(started, birgitte):
    """AS-10: Kommune, its CVR number and the caseworker's name come from the login."""
    html = started.get(_page(1)).content.decode()
    assert 'value="Viborg Kommune"' in html and f'value="{birgitte.authority.cvr}"' in html
    assert 'value="Birgitte Andersen"' in html


def test_page_1_does_not_move_on_with_missing_fields_and_keeps_what_was_typed(started, birgitte):
    """AS-2, AS-3: the fields are red with a summary at the top; the input is saved as typed."""
    response = post_page(started, 1, {"department": "Ydelseskontoret", "caseworker_phone": "1234"})
    assert response.status_code == 200
    errors = _errors(response)
    assert errors["caseworker_phone"] == ["Sagsbehandlerens telefonnummer: Telefonnummeret skal have 8 cifre."]
    assert set(errors) == {
        "caseworker",
        "caseworker_phone",
        "caseworker_email",
        "same_department_0",
        "journal_number",
        "office_hours",
    }
    html = response.content.decode()
    assert 'id="error-summary"' in html and "form-error" in html
    assert 'value="Ydelseskontoret"' in html
    draft = _draft(birgitte)
    assert draft.data["1"]["department"] == "Ydelseskontoret"
    assert draft.data["1"]["caseworker_phone"] == "1234"
    assert 1 not in draft.data.get("done", [])


@pytest.mark.parametrize(
    ("phone", "ok"), [("86871234", True), ("86 87 12 34", True), ("+45 86 87 12 34", True), ("8687123", False)]
)
def test_page_1_phone_has_eight_digits(phone, ok, birgitte):
    form = MunicipalityForm(
        form_data(1, {**complete_answers()["1"], "caseworker_phone": phone}), authority=birgitte.authority
    )
    assert form.is_valid() is ok, form.errors


def test_page_1_email_must_contain_at(birgitte):
    form = MunicipalityForm(
        form_data(1, {**complete_answers()["1"], "caseworker_email": "birgitte.viborg.example"}),
        authority=birgitte.authority,
    )
    assert form.errors["caseworker_email"] == ["Skriv en gyldig e-mailadresse. Den skal indeholde @."]


def test_page_1_other_department_is_asked_only_after_nej(started):
    """AS-11: "Nej" reveals (and requires) "Afdeling der har genvurderet sagen"; "Ja" hides it."""
    answers = complete_answers()["1"]
    html = started.get(_page(1)).content.decode()
    assert "hidden" in _group(html, "reassessing_department")
    response = post_page(started, 1, {**answers, "same_department": "nej"})
    assert _errors(response) == {"reassessing_department": ["Udfyld feltet „Afdeling der har genvurderet sagen“."]}
    assert "hidden" not in _group(response.content.decode(), "reassessing_department")
    assert post_page(started, 1, {**answers, "same_department": "nej", "reassessing_department": "Team Vest"})[
        "Location"
    ] == _page(2)
    assert post_page(started, 1, {**answers, "same_department": "ja", "reassessing_department": ""}).status_code == 302


def test_page_1_municipality_cannot_be_typed_over(started, birgitte):
    post_page(started, 1, {**complete_answers()["1"], "municipality": "Aarhus Kommune", "municipality_cvr": "1"})
    assert _draft(birgitte).data["1"]["municipality"] == "Viborg Kommune"
    assert _draft(birgitte).data["1"]["municipality_cvr"] == birgitte.authority.cvr


# --- page 2 ------------------------------------------------------------------------------------------


def test_page_2_without_danish_cpr_needs_the_name_only(catalogue):
    """AS-22: name required; phone and address optional; no CPR asked."""
    form = CitizenForm(form_data(2, {"no_cpr": "on", "is_child": "nej"}))
    assert not form.is_valid()
    assert set(form.errors) == {"citizen_name"}
    form = CitizenForm(form_data(2, {"no_cpr": "on", "is_child": "nej", "citizen_name": "Ana Souza"}))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["citizen_name_source"] == "no_cpr"


def test_page_2_citizen_cpr_is_ten_digits_with_a_date(catalogue):
    for cpr in ("12037812", "3213781234", "12037812345", "abcdefghij"):
        form = CitizenForm(form_data(2, {"citizen_cpr": cpr, "is_child": "nej"}))
        assert not form.is_valid()
        assert list(form.errors) == ["citizen_cpr"], cpr


def test_page_2_child_needs_the_custody_holder(catalogue):
    """AS-21: a child's case asks for the holder of parental custody."""
    form = CitizenForm(form_data(2, {"citizen_cpr": "2106124536", "is_child": "ja"}))
    assert not form.is_valid()
    assert set(form.errors) == {"custody_name"}
    form = CitizenForm(form_data(2, {"citizen_cpr": "2106124536", "is_child": "ja", "custody_name": "Anne K"}))
    assert form.is_valid(), form.errors


def test_page_2_a_child_by_cpr_cannot_be_answered_as_an_adult(catalogue):
    form = CitizenForm(form_data(2, {"citizen_cpr": "2106124536", "is_child": "nej"}))
    assert not form.is_valid()
    assert "under 18 år" in form.errors["is_child"][0]


def test_page_2_custody_cpr_is_looked_up(catalogue):
    form = CitizenForm(form_data(2, {"citizen_cpr": "2106124536", "is_child": "ja", "custody_cpr": "170284-3190"}))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["custody_name"] == "Anne Kristensen"
    assert form.cleaned_data["custody_address"] == "Ringvejen 22, 8800 Viborg"
    form = CitizenForm(form_data(2, {"citizen_cpr": "2106124536", "is_child": "ja", "custody_cpr": "0101011234"}))
    assert form.errors["custody_cpr"] == ["CPR-nummeret findes ikke i CPR. Ret nummeret, og prøv igen."]


def test_page_2_refund_case_needs_the_employer(catalogue):
    """AS-24."""
    base = {"citizen_cpr": "1203781234", "is_child": "nej", "refusion": "on"}
    form = CitizenForm(form_data(2, base))
    assert set(form.errors) == {"employer_name"}
    form = CitizenForm(form_data(2, {**base, "employer_name": "Bageriet Kornmod ApS", "employer_cvr": "12345678"}))
    assert set(form.errors) == {"employer_cvr"}


def test_page_2_further_parties_each_need_a_role_and_a_name(started):
    """AS-23: "Partsrepræsentant, værge eller anden klager" rows, any number of them."""
    answers = {
        **complete_answers()["2"],
        "has_parties": "on",
        "parties": [{"role": "", "name": ""}, {"role": "foraelder", "name": "Ole Pedersen", "number": "0909901113"}],
    }
    errors = _errors(post_page(started, 2, answers))
    assert errors == {
        "party-0-role": ["Vælg kontaktpersonens rolle."],
        "party-0-name": ["Skriv navnet, eller søg personen eller virksomheden frem."],
    }


def test_page_2_rows_are_added_and_removed_without_javascript(started, birgitte):
    answers = {**complete_answers()["2"], "parties": [{"role": "vaerge", "name": "A"}]}
    response = post_page(started, 2, answers, action="add-party")
    assert response["Location"] == _page(2) + "#party-1"
    draft = _draft(birgitte)
    assert draft.data["2"]["has_parties"] == "on" and len(draft.data["2"]["parties"]) == 2
    rows = [{"role": "vaerge", "name": "A"}, {"role": "barn", "name": "B"}]
    post_page(started, 2, {**draft.data["2"], "parties": rows}, action="remove-party-0")
    assert [row["name"] for row in _draft(birgitte).data["2"]["parties"]] == ["B"]
    post_page(started, 2, _draft(birgitte).data["2"], action="remove-party-0")
    assert _draft(birgitte).data["2"]["parties"] == [] and _draft(birgitte).data["2"]["has_parties"] == ""


def test_page_2_party_rows_are_ignored_until_ticked(started):
    answers = {**complete_answers()["2"], "parties": [{"role": "", "name": ""}]}
    assert post_page(started, 2, answers)["Location"] == _page(3)


def test_page_2_representative_without_power_of_attorney_is_warned_not_stopped(started):
    """AS-25: a warning, not a block."""
    rep = {"role": "partsrepraesentant", "name": "Peter Lind", "power_of_attorney": "nej"}
    answers = {**complete_answers()["2"], "has_parties": "on", "parties": [rep]}
    response = post_page(started, 2, answers)
    assert response["Location"] == _page(3)
    warnings = [str(m) for m in response.wsgi_request._messages]
    assert any("hverken fuldmagt eller stillingsfuldmagt" in m for m in warnings)
    summary = started.get(_page(7)).content.decode()
    assert "hverken fuldmagt eller stillingsfuldmagt" in summary


@pytest.mark.parametrize(
    ("row", "warned"),
    [
        ({"role": "partsrepraesentant", "power_of_attorney": "ja"}, False),
        ({"role": "partsrepraesentant", "power_of_attorney": "nej", "standing_power": "on"}, False),
        ({"role": "partsrepraesentant", "power_of_attorney": "nej"}, True),
        ({"role": "foraelder"}, False),
    ],
)
def test_power_of_attorney_warning(row, warned):
    form = PartyForm(form_data(2, {}) | {f"party-0-{k}": v for k, v in {"name": "X", **row}.items()}, prefix="party-0")
    assert form.is_valid(), form.errors
    assert form.warning() is warned


def test_power_of_attorney_is_asked_of_representatives_only():
    form = PartyForm({"p-role": "foraelder", "p-name": "Ole"}, prefix="p")
    assert form.is_valid() and not form.is_shown("power_of_attorney")
    form = PartyForm({"p-role": "partsrepraesentant", "p-name": "Lind"}, prefix="p")
    assert form.errors == {"power_of_attorney": ["Svar på, om der er en fuldmagt."]}


# --- page 3 ------------------------------------------------------------------------------------------


def test_page_3_needs_a_law_and_an_area(started):
    errors = _errors(post_page(started, 3, {"areas": [{}]}))
    assert errors == {"area-0-law": ["Vælg loven, afgørelsen er truffet efter."], "area-0-area": ["Vælg sagsområdet."]}


def test_page_3_area_must_belong_to_the_law(catalogue):
    lab = area("lab-loven", "Ansættelse med løntilskud")
    social = area("serviceloven", "Hjælpemidler")
    form = AreaForm({"a-law": str(social.law_id), "a-area": str(lab.pk)}, prefix="a", catalogue=law_catalogue())
    assert not form.is_valid()
    assert "area" in form.errors


def test_page_3_area_chosen_without_law_takes_its_law(catalogue):
    """Without the script, the area list is grouped by law and the law follows from the area."""
    social = area("serviceloven", "Hjælpemidler")
    form = AreaForm({"a-law": "", "a-area": str(social.pk)}, prefix="a", catalogue=law_catalogue())
    assert form.is_valid(), form.errors
    assert form.cleaned_data["law"] == str(social.law_id)


def test_page_3_follow_up_paragraph_is_asked_where_configured(catalogue):
    """CAT-4, AS-30: "Ansættelse med løntilskud - §§ 66-79 og 81" asks which paragraph; § 112 does not."""
    lab = area("lab-loven", "Ansættelse med løntilskud")
    catalogue_ = law_catalogue()
    form = AreaForm({"a-law": str(lab.law_id), "a-area": str(lab.pk)}, prefix="a", catalogue=catalogue_)
    assert form.errors == {"paragraph": ["Skriv, hvilken paragraf afgørelsen er truffet efter."]}
    form = AreaForm(
        {"a-law": str(lab.law_id), "a-area": str(lab.pk), "a-paragraph": "§ 68"}, prefix="a", catalogue=catalogue_
    )
    assert form.is_valid()
    social = area("serviceloven", "Hjælpemidler")
    form = AreaForm({"a-law": str(social.law_id), "a-area": str(social.pk)}, prefix="a", catalogue=catalogue_)
    assert form.is_valid() and not form.is_shown("paragraph")


def test_page_3_areas_of_the_chosen_law_sorted_by_paragraph_catch_all_last(catalogue):
    social = area("serviceloven", "Hjælpemidler")
    form = AreaForm(initial={"law": str(social.law_id)}, prefix="a", catalogue=law_catalogue())
    names = [label for value, label in form.fields["area"].choices if value]
    assert names[-1] == "Øvrige bestemmelser"
    paragraphs = [int(re.search(r"§ (\d+)", name).group(1)) for name in names[:-1]]
    assert paragraphs == sorted(paragraphs)


def test_page_3_two_areas_and_no_duplicates(started, birgitte):
    """AS-30: § 112 and § 116 as two rows; the same area twice is refused."""
    p112, p116 = area("serviceloven", "Hjælpemidler"), area("serviceloven", "Boligindretning")
    rows = [{"law": str(p112.law_id), "area": str(p112.pk)}, {"law": str(p116.law_id), "area": str(p116.pk)}]
    assert post_page(started, 3, {"areas": rows})["Location"] == _page(4)
    response = post_page(started, 3, {"areas": [rows[0], rows[0]]})
    # The page's error leads to the first row's first field.
    assert response.context["error_summary"] == [
        ("#id_area-0-law", "Det samme sagsområde er valgt flere gange. Fjern det ene.")
    ]


def test_page_3_add_and_remove_rows(started, birgitte):
    p112 = area("serviceloven", "Hjælpemidler")
    row = {"law": str(p112.law_id), "area": str(p112.pk)}
    assert post_page(started, 3, {"areas": [row]}, action="add-area")["Location"] == _page(3) + "#area-1"
    assert len(_draft(birgitte).data["3"]["areas"]) == 2
    html = started.get(_page(3)).content.decode()
    assert "Fjern sagsområde 2" in html and "#delete" in html
    post_page(started, 3, _draft(birgitte).data["3"], action="remove-area-0")
    assert _draft(birgitte).data["3"]["areas"] == []
    assert 'id="area-0"' in started.get(_page(3)).content.decode()


# --- page 5 ------------------------------------------------------------------------------------------


def test_page_5_principled_reason_only_when_ticked():
    """AS-34: optional free text; "Principiel problemstilling" reveals an optional reason."""
    form = RemarksForm({"remarks": "", "principled_reason": "kept only when ticked"})
    assert form.is_valid() and "principled_reason" not in form.shown_values()
    form = RemarksForm({"principled": "on", "principled_reason": ""})
    assert form.is_valid() and form.is_shown("principled_reason")


# --- shown only when relevant ----------------------------------------------------------------------------


def test_hidden_fields_are_not_kept_when_sending(catalogue, birgitte):
    """AS-4: a field hidden by a condition is neither required nor part of the answers."""
    answers = {**complete_answers()["1"], "same_department": "ja", "reassessing_department": "old answer"}
    page = build(1, answers, authority=birgitte.authority, bound=True)
    assert page.is_valid()
    assert "reassessing_department" not in page.answers()


def test_the_script_gets_the_same_conditions(started):
    html = started.get(_page(4)).content.decode()
    group = _group(html, "new_decision_date")
    assert "data-show-when=" in group and "hidden" in group
    assert "&quot;deadline_exceeded&quot;, [&quot;nej&quot;]" in group and "&quot;outcome&quot;" in group


def test_the_guidance_page_is_open_to_everyone_and_quotes_the_limits(client, catalogue):
    """AS-5: the form's guidance, with the same figures as the upload hint."""
    html = client.get(reverse("forwarding:guidance")).content.decode()
    assert "<h1>Vejledning til ankeskemaet</h1>" in html
    assert filesizeformat(25 * 1024 * 1024) in html and filesizeformat(200 * 1024 * 1024) in html
    assert "Teglholmsgade 3" in html

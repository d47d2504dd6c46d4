"""Page 7 "Opsummering" (AS-42) and `summary_sections`, which the receipt uses too."""

import pytest
from django.urls import reverse

from klageportal.forwarding import services
from klageportal.forwarding.form.summary import summary_sections
from klageportal.forwarding.models import AnkeskemaDraft
from tests.factories import AuthorityFactory
from tests.forwarding.conftest import area, complete_answers, fill_all

pytestmark = pytest.mark.django_db


def _rich_answers() -> dict:
    """Every kind of answer: a child, a custody holder, a representative, an employer, two areas, delvis medhold."""
    p112, lab = area("serviceloven", "Hjælpemidler"), area("lab-loven", "Ansættelse med løntilskud")
    return complete_answers(
        p1={**complete_answers()["1"], "same_department": "nej", "reassessing_department": "Team Vest"},
        p2={
            "citizen_cpr": "2106124536",
            "citizen_name": "Emma Kristensen",
            "citizen_name_source": "register",
            "is_child": "ja",
            "custody_cpr": "1702843190",
            "custody_name": "Anne Kristensen",
            "custody_address": "Ringvejen 22, 8800 Viborg",
            "custody_phone": "12345678",
            "has_parties": "on",
            "parties": [
                {
                    "role": "partsrepraesentant",
                    "number": "38025694",
                    "name": "Advokatfirmaet Lind & Co",
                    "address": "Store Torv 5",
                    "postcode": "8000",
                    "city": "Aarhus C",
                    "phone": "87654321",
                    "email": "lind@example.dk",
                    "power_of_attorney": "ja",
                }
            ],
            "refusion": "on",
            "employer_cvr": "31560969",
            "employer_name": "Viborg Tømrer & Snedker ApS",
            "employer_address": "Tværvej 2",
            "employer_postcode": "8800",
            "employer_city": "Viborg",
        },
        p3={
            "areas": [
                {"law": str(p112.law_id), "area": str(p112.pk)},
                {"law": str(lab.law_id), "area": str(lab.pk), "paragraph": "§ 68, stk. 2"},
            ]
        },
        p4={
            **complete_answers()["4"],
            "outcome": "delvis",
            "new_decision_date": "2026-02-10",
            "maintained_date": "2026-02-20",
        },
        p5={"remarks": "Sagen haster.", "principled": "on", "principled_reason": "Nye regler om løntilskud."},
    )


def _shown(sections) -> dict[int, dict[str, str]]:
    return {section.page: dict(section.rows) for section in sections}


def test_summary_sections_cover_every_answer(catalogue):
    """Every answer given, on the page it was given, under the page's title."""
    answers = _rich_answers()
    sections = summary_sections(answers, authority=AuthorityFactory())
    assert [(s.page, s.title) for s in sections] == [
        (1, "Kommunens kontaktoplysninger"),
        (2, "Borgeren, eventuel partsrepræsentant, værge eller anden klager"),
        (3, "Sagsområder"),
        (4, "Hvorfor sender kommunen klagen?"),
        (5, "Eventuelle bemærkninger"),
        (6, "Akterne i sagen"),
    ]
    values = " | ".join(value for section in sections for _label, value in section.rows)
    for page in ("1", "2", "4", "5"):
        for name, value in answers[page].items():
            coded = name.endswith(("_date", "_channel")) or name in ("outcome", "citizen_name_source", "parties")
            if coded or not value or value in ("on", "ja", "nej"):
                continue  # shown as words and dates, checked below
            if name.endswith("cpr"):
                value = f"{value[:6]}-{value[6:]}"
            assert value in values, (page, name, value)
    for name, value in answers["2"]["parties"][0].items():
        if value not in ("ja", "partsrepraesentant"):
            assert value in values, name
    shown = _shown(sections)
    assert shown[1]["Afdeling der har genvurderet sagen"] == "Team Vest"
    assert shown[2]["Kontaktperson 1 – Kontaktpersonens rolle"] == "Partsrepræsentant"
    assert shown[2]["Kontaktperson 1 – Er der en fuldmagt?"] == "Ja"
    assert shown[2]["Handler sagen om et barn eller en ung under 18 år?"] == "Ja"
    assert shown[3]["Sagsområde 1 – Sagsområde"] == "Hjælpemidler - § 112"
    assert shown[3]["Sagsområde 2 – Lov"] == "Lov om en aktiv beskæftigelsesindsats"
    assert shown[3]["Sagsområde 2 – Hvilken paragraf er afgørelsen truffet efter?"] == "§ 68, stk. 2"
    assert shown[4]["Afgørelsesdato"] == "5. januar 2026"
    assert shown[4]["Hvordan fik borgeren afgørelsen?"] == "Digitalt"
    assert shown[4]["Resultatet af genvurderingen"] == "Kommunen giver klageren delvist medhold"
    assert shown[4]["Dato for den nye afgørelse"] == "10. februar 2026"
    assert shown[4]["Klagefrist efter de oplyste datoer"] == "2. februar 2026"
    assert "6. marts 2026" in shown[4]["Frist for at sende sagen til Ankestyrelsen"]
    assert shown[5]["Principiel problemstilling"] == "Ja"
    assert shown[6]["Kommunens afgørelse"] == "Mangler"
    assert shown[6]["Andre akter i sagen"] == "Ingen"


def test_hidden_answers_are_left_out(catalogue):
    answers = complete_answers()
    answers["1"]["reassessing_department"] = "Gammelt svar"
    answers["4"]["new_decision_date"] = "2026-02-12"
    values = [
        value for section in summary_sections(answers, authority=AuthorityFactory()) for _label, value in section.rows
    ]
    assert "Gammelt svar" not in values and "12. februar 2026" not in values


def test_typed_name_is_said_so(catalogue):
    answers = complete_answers()
    answers["2"]["citizen_name_source"] = "typed"
    rows = _shown(summary_sections(answers, authority=AuthorityFactory()))[2]
    assert rows["Borgerens navn er"] == "Skrevet af kommunen, fordi CPR-registret ikke svarede"


def test_a_sent_form_keeps_the_names_it_was_sent_with(as_birgitte, birgitte):
    """CAT-6: a later catalogue edit does not change a sent form's summary."""
    as_birgitte.get(reverse("forwarding:start"))
    fill_all(as_birgitte, complete_answers())
    submission = services.ankeskema_send(draft=AnkeskemaDraft.objects.get(owner=birgitte), by=birgitte)
    area("serviceloven", "Hjælpemidler").__class__.objects.filter(name="Hjælpemidler - § 112").update(name="Omdøbt")
    rows = _shown(summary_sections(submission.data, authority=submission.authority))
    assert rows[3]["Sagsområde 1 – Sagsområde"] == "Hjælpemidler - § 112"


def test_page_7_shows_everything_with_links_back_and_send(as_birgitte, birgitte):
    as_birgitte.get(reverse("forwarding:start"))
    fill_all(as_birgitte, complete_answers())
    html = as_birgitte.get(reverse("forwarding:page", kwargs={"number": 7})).content.decode()
    for number in range(1, 7):
        assert f'href="{reverse("forwarding:page", kwargs={"number": number})}"' in html
    assert html.count(">Ret<") == 6
    assert "Mette Hansen" in html and "120378-1234" in html
    assert "Der mangler filer til disse akter" in html
    assert f'action="{reverse("forwarding:send")}"' in html
    assert "Ankeskemaet mangler oplysninger" not in html


def test_page_7_says_which_pages_are_incomplete(as_birgitte):
    as_birgitte.get(reverse("forwarding:start"))
    html = as_birgitte.get(reverse("forwarding:page", kwargs={"number": 7})).content.decode()
    assert "Ankeskemaet mangler oplysninger" in html
    assert "Ret side 1: Kommunens kontaktoplysninger" in html
    assert "Ret side 5" not in html

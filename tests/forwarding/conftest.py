import pytest

from klageportal.catalog.models import LawArea
from klageportal.site.demo import demo_user


@pytest.fixture
def birgitte(catalogue):
    """A Viborg caseworker with the form right, as the development login makes her."""
    user = demo_user("birgitte")
    user.email = "birgitte.andersen@viborg.example"
    user.save(update_fields=["email"])
    return user


@pytest.fixture
def thomas(catalogue):
    """A Viborg caseworker without the form right."""
    return demo_user("thomas")


@pytest.fixture
def louise(catalogue):
    """An Aarhus caseworker with the form right."""
    return demo_user("louise")


@pytest.fixture
def as_birgitte(client, birgitte):
    client.force_login(birgitte)
    return client


def area(law_slug: str, name_start: str) -> LawArea:
    return LawArea.objects.get(law__slug=law_slug, name__startswith=name_start)


def complete_answers(**pages) -> dict:
    """Answers to pages 1–5 that are complete and valid; a page can be replaced by a keyword `p<n>`."""
    hjaelpemidler = area("serviceloven", "Hjælpemidler")
    answers = {
        "1": {
            "department": "Ydelseskontoret",
            "caseworker": "Birgitte Andersen",
            "caseworker_phone": "86 87 12 34",
            "caseworker_email": "birgitte.andersen@viborg.example",
            "same_department": "ja",
            "journal_number": "27.12.08-P20-1-24 / 120378-1234",
            "office_hours": "Mandag–torsdag 9–12",
        },
        "2": {
            "citizen_cpr": "120378-1234",
            "citizen_name": "Mette Hansen",
            "citizen_name_source": "register",
            "is_child": "nej",
            "parties": [],
        },
        "3": {"areas": [{"law": str(hjaelpemidler.law_id), "area": str(hjaelpemidler.pk), "paragraph": ""}]},
        "4": {
            "decision_date": "2026-01-05",
            "decision_channel": "digital",
            "complaint_date": "2026-01-20",
            "complaint_channel": "digital",
            "deadline_exceeded": "nej",
            "reassessment_date": "2026-02-10",
            "outcome": "fastholdt",
            "citizen_informed": "ja",
            "citizen_informed_date": "2026-02-11",
        },
        "5": {"remarks": "Borgeren har en fremadskridende lidelse.", "principled": ""},
    }
    for key, value in pages.items():
        answers[key.removeprefix("p")] = value
    return answers


def post_data(number: int, answers: dict, **extra) -> dict:
    """A page's answers as the browser posts them (rows under their prefixes)."""
    from klageportal.forwarding.form.pages import form_data

    data = {key: values[-1] for key, values in form_data(number, answers).lists()}
    return {**data, **extra}


def post_page(client, number: int, answers: dict, action: str = "next"):
    from django.urls import reverse

    return client.post(reverse("forwarding:page", kwargs={"number": number}), post_data(number, answers, action=action))


def fill_all(client, answers: dict) -> None:
    """Post pages 1–5 with "Næste", as a caseworker would; each must move on."""
    for number in range(1, 6):
        response = post_page(client, number, answers[str(number)])
        assert response.status_code == 302, (number, response.context and response.context["error_summary"])

"""KP-3 step "Klagere" without JavaScript: Enter (the form's first button) adds, "Næste" keeps what was typed,
removing asks first, and every number is looked up in the register whose name is used (AS-20 as in the web
appeal form), audited and rate limited."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from klageportal.cases.models import CaseEvent, PartyKind, PartyRole
from klageportal.filing import services
from klageportal.registers.models import RegisterLookup
from tests.filing.test_flow import _start

pytestmark = pytest.mark.django_db

JENS = {"kind": "person", "number": "050765-1237", "name": "Jens Nielsen", "email": "jens@example.dk"}
KAREN = {"kind": "person", "number": "231159-4422", "name": "Karen Sørensen", "email": "karen@example.dk"}


def _step(case, step="klagere"):
    return reverse("filing:step", kwargs={"number": case.number, "step": step})


@pytest.fixture
def draft(client, filing_world, person):
    """Peter's draft at step "Klagere", representing persons and companies, with Jens added."""
    peter = person("peter")
    client.force_login(peter)
    case = _start(client, filing_world["type"])
    client.post(_step(case, "klager"), {"capacity": "represent", "represented": "persons_companies"})
    client.post(_step(case, "kontakt"), {"email": "peter@example.dk", "phone": "", "address": "Havnegade 1"})
    client.post(_step(case), {"action": "add", **JENS})
    assert list(_names(case)) == ["Jens Nielsen"]
    return case


def _names(case):
    return case.parties.filter(is_filer=False, role=PartyRole.COMPLAINANT).values_list("name", flat=True)


class Forms(HTMLParser):
    """Each form's submit buttons in tree order, as (name, value, class, data-default-button) tuples."""

    def __init__(self):
        super().__init__()
        self.forms: list[list[dict]] = []
        self._open = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form":
            self.forms.append([])
            self._open = True
        elif self._open and self._is_submit(tag, attributes):
            self.forms[-1].append(attributes)

    @staticmethod
    def _is_submit(tag, attributes) -> bool:
        if tag == "button":
            return attributes.get("type", "submit") == "submit"
        return tag == "input" and attributes.get("type") == "submit"

    def handle_endtag(self, tag):
        if tag == "form":
            self._open = False


def first_buttons_that_are_not_primary(html: str) -> list[dict]:
    """The first submit button of every form that has more than one, where that button is not the form's primary
    action (DKFDS button-primary, or marked data-default-button) or removes something."""
    parser = Forms()
    parser.feed(html)
    wrong = []
    for buttons in parser.forms:
        if not buttons:
            continue
        first = buttons[0]
        destructive = (first.get("value") or "").startswith(("remove", "delete", "decline"))
        primary = "button-primary" in (first.get("class") or "").split() or "data-default-button" in first
        if len(buttons) > 1 and (destructive or not primary):
            wrong.append(first)
    return wrong


def test_enter_in_the_fields_adds_the_typed_complainant_and_keeps_the_first(client, draft):
    """Enter submits the form's first button; on "Klagere" that is "Tilføj klager", never a "Fjern"."""
    page = client.get(_step(draft)).content.decode()
    parser = Forms()
    parser.feed(page)
    (buttons,) = [form for form in parser.forms if any(b.get("value") == "add" for b in form)]
    assert buttons[0]["value"] == "add"
    assert not [b for b in buttons if (b.get("value") or "").startswith("remove")]

    response = client.post(_step(draft), {"action": buttons[0]["value"], **KAREN})

    assert response.status_code == 302
    assert list(_names(draft)) == ["Jens Nielsen", "Karen Sørensen"]


def test_next_with_a_typed_complainant_adds_them_before_going_on(client, draft):
    response = client.post(_step(draft), {"action": "next", **KAREN})

    assert response["Location"] == _step(draft, "afgoerelse")
    assert list(_names(draft)) == ["Jens Nielsen", "Karen Sørensen"]


def test_next_with_a_half_typed_complainant_stops_and_keeps_the_typing(client, draft):
    response = client.post(_step(draft), {"action": "next", "kind": "person", "number": "", "name": "Karen"})

    assert response.status_code == 200
    assert 'value="Karen"' in response.content.decode()
    assert "Udfyld feltet „CPR- eller CVR-nummer“." in response.content.decode()
    assert list(_names(draft)) == ["Jens Nielsen"]
    draft.filing.refresh_from_db()
    assert "klagere" not in draft.filing.steps_done


def test_removing_asks_first_and_cancel_keeps_the_person(client, draft):
    jens = draft.parties.get(name="Jens Nielsen")
    url = reverse("filing:remove_complainant", kwargs={"number": draft.number, "party_id": jens.pk})
    assert url in client.get(_step(draft)).content.decode()

    page = client.get(url)

    html = page.content.decode()
    assert page.status_code == 200 and "Vil du fjerne Jens Nielsen?" in html
    assert f'href="{_step(draft)}"' in html  # "Annuller" goes back to the list
    assert list(_names(draft)) == ["Jens Nielsen"]
    assert not first_buttons_that_are_not_primary(html)

    response = client.post(url)

    assert response["Location"] == _step(draft)
    assert list(_names(draft)) == []
    event = CaseEvent.objects.filter(case=draft, kind=CaseEvent.Kind.PARTY).latest("pk")
    assert event.text == "Klager fjernet: Jens Nielsen"


def test_a_complainant_already_removed_leads_back_to_the_list(client, draft):
    jens = draft.parties.get(name="Jens Nielsen")
    url = reverse("filing:remove_complainant", kwargs={"number": draft.number, "party_id": jens.pk})
    client.post(url)

    again = client.post(url)

    assert again["Location"] == _step(draft)


@pytest.mark.parametrize("who", ["stranger", "jens"])
def test_nobody_but_the_filer_can_remove_a_complainant(client, draft, person, stranger, who):
    jens = draft.parties.get(name="Jens Nielsen")
    client.force_login(stranger if who == "stranger" else person("jens"))
    url = reverse("filing:remove_complainant", kwargs={"number": draft.number, "party_id": jens.pk})

    assert client.get(url).status_code in (403, 404)
    assert client.post(url).status_code in (403, 404)
    assert list(_names(draft)) == ["Jens Nielsen"]


def test_the_filer_cannot_remove_themselves_through_the_confirmation(client, draft):
    filer = draft.parties.get(is_filer=True)
    url = reverse("filing:remove_complainant", kwargs={"number": draft.number, "party_id": filer.pk})
    client.post(url)
    assert draft.parties.filter(pk=filer.pk).exists()


# --- the register -------------------------------------------------------------------------------------


def test_a_number_the_register_does_not_know_is_refused_at_the_field(client, draft):
    typo = {**JENS, "number": "050765-1234", "email": "x@example.dk"}

    response = client.post(_step(draft), {"action": "add", **typo})

    html = response.content.decode()
    assert response.status_code == 200
    assert "CPR-nummeret findes ikke i CPR. Ret nummeret, og prøv igen." in html
    assert 'value="050765-1234"' in html and 'value="x@example.dk"' in html
    assert list(_names(draft)) == ["Jens Nielsen"]
    lookup = RegisterLookup.objects.latest("pk")
    assert (lookup.number, lookup.result, lookup.user.full_name) == ("0507651234", "not_found", "Peter Lind")


def test_a_typed_name_that_differs_from_the_registers_stops_and_shows_the_registers_name(client, draft):
    """A CPR number mistyped into someone else's: the register's name is shown and nothing is added."""
    mixed_up = {**KAREN, "name": "Kirsten Sørensen"}

    response = client.post(_step(draft), {"action": "add", **mixed_up})

    html = response.content.decode()
    assert "I CPR-registret hedder personen med dette CPR-nummer Karen Sørensen, ikke Kirsten Sørensen." in html
    assert 'value="Karen Sørensen"' in html  # the name field now holds the register's name
    assert list(_names(draft)) == ["Jens Nielsen"]

    client.post(_step(draft), {"action": "add", **mixed_up, "name": "Karen Sørensen"})
    assert list(_names(draft)) == ["Jens Nielsen", "Karen Sørensen"]


def test_without_a_typed_name_the_registers_name_is_used(client, draft):
    client.post(_step(draft), {"action": "add", **KAREN, "name": ""})
    party = draft.parties.get(cpr="2311594422")
    assert (party.name, party.kind) == ("Karen Sørensen", PartyKind.PERSON)


def test_a_company_gets_the_name_from_cvr(client, draft):
    client.post(_step(draft), {"action": "add", "kind": "company", "number": "37042374", "name": "", "email": "a@b.dk"})
    assert draft.parties.get(cvr="37042374").name == "Byggefirmaet Nord ApS"


def test_when_the_register_does_not_answer_the_typed_name_is_used_with_a_note(client, draft, settings):
    settings.REGISTER_LOCAL_UNAVAILABLE = True

    blank = client.post(_step(draft), {"action": "add", **KAREN, "name": ""})
    assert "CPR-registret svarer ikke lige nu. Skriv klagerens fulde navn." in blank.content.decode()
    assert list(_names(draft)) == ["Jens Nielsen"]

    response = client.post(_step(draft), {"action": "add", **KAREN}, follow=True)

    assert list(_names(draft)) == ["Jens Nielsen", "Karen Sørensen"]
    assert "CPR-registret svarede ikke, så navnet Karen Sørensen er ikke kontrolleret." in response.content.decode()
    assert RegisterLookup.objects.latest("pk").result == "unavailable"


def test_the_look_up_endpoint_gives_the_filer_the_name_only(client, draft):
    url = reverse("filing:lookup", kwargs={"number": draft.number})

    found = client.post(url, {"kind": "person", "query": "231159-4422"}).json()
    missing = client.post(url, {"kind": "person", "query": "050765-1234"}).json()

    assert found == {"status": "found", "hits": [{"number": "2311594422", "name": "Karen Sørensen"}], "message": ""}
    assert missing["status"] == "not_found" and "findes ikke i CPR" in missing["message"]
    assert client.post(url, {"kind": "search", "query": "Nord"}).status_code == 400
    assert RegisterLookup.objects.filter(user__full_name="Peter Lind").count() >= 2


def test_the_look_up_endpoint_answers_nobody_else(client, draft, stranger):
    client.force_login(stranger)
    before = RegisterLookup.objects.count()
    response = client.post(
        reverse("filing:lookup", kwargs={"number": draft.number}), {"kind": "person", "query": "2311594422"}
    )
    assert response.status_code == 404
    assert RegisterLookup.objects.count() == before


def test_look_ups_are_rate_limited(client, draft, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "lookup": {"user": "2/m", "ip": "100/m"}}
    url = reverse("filing:lookup", kwargs={"number": draft.number})
    answers = [client.post(url, {"kind": "person", "query": "2311594422"}).status_code for _ in range(3)]
    assert answers == [200, 200, 429]
    refused = client.post(_step(draft), {"action": "add", **KAREN})
    assert refused.status_code == 429
    assert list(_names(draft)) == ["Jens Nielsen"]


# --- the history and the flow's forms -------------------------------------------------------------------


def test_the_history_names_a_representative_as_representative(client, draft):
    texts = list(CaseEvent.objects.filter(case=draft, kind=CaseEvent.Kind.PARTY).values_list("text", flat=True))
    assert "Repræsentant tilføjet: Advokatfirmaet Lind & Co" in texts
    assert "Klager tilføjet: Advokatfirmaet Lind & Co" not in texts
    assert "Klager tilføjet: Jens Nielsen" in texts


def test_choosing_again_the_same_capacity_adds_no_second_line(client, draft):
    client.post(_step(draft, "klager"), {"capacity": "represent", "represented": "persons_companies"})
    texts = list(CaseEvent.objects.filter(case=draft, kind=CaseEvent.Kind.PARTY).values_list("text", flat=True))
    assert texts.count("Repræsentant tilføjet: Advokatfirmaet Lind & Co") == 1


def test_in_every_form_of_the_filing_flow_the_first_button_is_the_primary_action(client, draft, filing_world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    pdf = SimpleUploadedFile("afgoerelse.pdf", b"%PDF-1.4 afgoerelse", content_type="application/pdf")
    client.post(_step(draft, "dokumenter"), {"action": "upload", "files": [pdf]})
    pages = [
        reverse("filing:start"),
        reverse("filing:change_type", kwargs={"number": draft.number}),
        *(_step(draft, slug) for slug in ("klager", "kontakt", "klagere", "afgoerelse", "dokumenter", "opsummering")),
        reverse(
            "filing:remove_complainant",
            kwargs={"number": draft.number, "party_id": draft.parties.get(name="Jens Nielsen").pk},
        ),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert first_buttons_that_are_not_primary(response.content.decode()) == [], url


def test_the_checker_finds_a_remove_button_first():
    html = (
        '<form method="post"><button type="submit" name="action" value="remove-1" class="button button-tertiary">'
        'Fjern</button><button type="submit" name="action" value="add" class="button button-primary">Tilføj</button>'
        "</form>"
    )
    assert [b["value"] for b in first_buttons_that_are_not_primary(html)] == ["remove-1"]


def test_removal_by_service_needs_the_filer(draft, stranger):
    from django.core.exceptions import PermissionDenied

    jens = draft.parties.get(name="Jens Nielsen")
    with pytest.raises(PermissionDenied):
        services.complaint_remove_complainant(case=draft, by=stranger, party_id=jens.pk)
    assert list(_names(draft)) == ["Jens Nielsen"]

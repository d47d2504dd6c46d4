"""Sending the form (AS-50, AS-53): one transaction makes the løbenummer, the case, its parties and files."""

import re
import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections
from django.urls import reverse
from django.utils import timezone

from klageportal.cases.models import CaseEvent, PartyKind, PartyRole, Status
from klageportal.catalog.models import Channel
from klageportal.forwarding import services
from klageportal.forwarding.models import AnkeskemaDraft, AnkeskemaSubmission
from klageportal.notifications.models import OutboxEmail
from tests.factories import AnkeskemaCaseworkerFactory, AnkeskemaDraftFactory
from tests.forwarding.conftest import area, complete_answers, fill_all

pytestmark = pytest.mark.django_db


def _pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4 " + name.encode(), content_type="application/pdf")


def _upload(client, item: str, name: str):
    return client.post(reverse("forwarding:upload", kwargs={"item": item}), {"files": [_pdf(name)]})


def test_send_makes_a_case_at_ankestyrelsen_with_parties_files_and_a_receipt(
    as_birgitte, birgitte, django_capture_on_commit_callbacks
):
    """AS-50, AS-53: løbenummer, case in Videresendt til nævn, every party, the files, a receipt e-mail."""
    client = as_birgitte
    client.get(reverse("forwarding:start"))
    rep = {
        "role": "partsrepraesentant",
        "number": "38025694",
        "name": "Advokatfirmaet Lind & Co",
        "address": "Store Torv 5",
        "postcode": "8000",
        "city": "Aarhus C",
        "power_of_attorney": "ja",
    }
    answers = complete_answers(
        p2={
            "citizen_cpr": "2106124536",
            "is_child": "ja",
            "custody_cpr": "1702843190",
            "has_parties": "on",
            "parties": [rep],
            "refusion": "on",
            "employer_cvr": "31560969",
            "employer_name": "Viborg Tømrer & Snedker ApS",
        }
    )
    fill_all(client, answers)
    draft = AnkeskemaDraft.objects.get(owner=birgitte)
    assert draft.data["2"]["citizen_name"] == "Emma Kristensen"
    assert draft.data["2"]["custody_name"] == "Anne Kristensen"
    for item in ("afgoerelse", "klage", "genvurdering", "fuldmagt"):
        assert _upload(client, item, f"{item}.pdf").status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("forwarding:send"))
    submission = AnkeskemaSubmission.objects.get()
    assert response["Location"] == reverse("forwarding:receipt", kwargs={"lobenummer": submission.lobenummer})
    assert submission.lobenummer == f"{submission.year}-000001" and submission.sequence == 1
    assert (submission.citizen_cpr, submission.authority, submission.sent_by) == (
        "2106124536",
        birgitte.authority,
        birgitte,
    )
    case = submission.case
    assert (case.channel, case.status, case.board.slug, case.complaint_type.slug) == (
        Channel.FORWARDING,
        Status.VIDERESENDT,
        "ast",
        "sociale-sager",
    )
    assert case.authority == birgitte.authority and case.forwarded_at is not None
    parties = {(p.role, p.kind, p.name, p.cpr, p.cvr) for p in case.parties.all()}
    assert parties == {
        (PartyRole.COMPLAINANT, PartyKind.PERSON, "Emma Kristensen", "2106124536", ""),
        (PartyRole.REPRESENTATIVE, PartyKind.PERSON, "Anne Kristensen", "1702843190", ""),
        (PartyRole.REPRESENTATIVE, PartyKind.COMPANY, "Advokatfirmaet Lind & Co", "", "38025694"),
        (PartyRole.OTHER, PartyKind.COMPANY, "Viborg Tømrer & Snedker ApS", "", "31560969"),
        (PartyRole.FIRST_INSTANCE, PartyKind.AUTHORITY, "Viborg Kommune", "", birgitte.authority.cvr),
    }
    documents = {
        link.document.original_name: set(link.categories.values_list("slug", flat=True))
        for link in case.documents.all()
    }
    assert documents == {
        "afgoerelse.pdf": {"afgoerelse"},
        "klage.pdf": {"klage"},
        "genvurdering.pdf": {"genvurdering"},
        "fuldmagt.pdf": {"fuldmagt"},
    }
    assert all(link.added_by_role == PartyRole.FIRST_INSTANCE for link in case.documents.all())
    draft.refresh_from_db()
    assert draft.state == AnkeskemaDraft.State.SENT
    assert submission.data["2"]["citizen_name"] == "Emma Kristensen"
    assert submission.data["3"]["areas"][0]["area_name"] == "Hjælpemidler - § 112"
    assert [d["name"] for d in submission.data["6"]["documents"]] == [
        "afgoerelse.pdf",
        "klage.pdf",
        "genvurdering.pdf",
        "fuldmagt.pdf",
    ]
    assert "done" not in submission.data
    assert CaseEvent.objects.filter(case=case, text__contains=submission.lobenummer).exists()
    mails = OutboxEmail.objects.filter(reason=OutboxEmail.Reason.RECEIPT)
    assert [mail.to for mail in mails] == ["birgitte.andersen@viborg.example"]
    assert submission.lobenummer in mails[0].subject and submission.lobenummer in mails[0].body
    assert mails[0].state == OutboxEmail.State.SENT
    assert "2106124536" not in mails[0].body


def test_employment_laws_make_an_employment_case(as_birgitte, birgitte):
    """Sygedagpenge or LAB areas → "Beskæftigelsessager"; the case type follows the chosen areas."""
    sick = area("sygedagpengeloven", "Uarbejdsdygtighed")
    as_birgitte.get(reverse("forwarding:start"))
    fill_all(as_birgitte, complete_answers(p3={"areas": [{"law": str(sick.law_id), "area": str(sick.pk)}]}))
    submission = services.ankeskema_send(draft=AnkeskemaDraft.objects.get(owner=birgitte), by=birgitte)
    assert submission.case.complaint_type.slug == "beskaeftigelsessager"


def test_an_incomplete_form_is_not_sent(as_birgitte, birgitte):
    as_birgitte.get(reverse("forwarding:start"))
    fill_all(as_birgitte, complete_answers())
    draft = AnkeskemaDraft.objects.get(owner=birgitte)
    draft.data["4"]["complaint_date"] = "2025-12-01"  # before the decision
    draft.save()
    response = as_birgitte.post(reverse("forwarding:send"))
    assert response["Location"] == reverse("forwarding:page", kwargs={"number": 7})
    assert not AnkeskemaSubmission.objects.exists()
    with pytest.raises(services.FormIncomplete) as raised:
        services.ankeskema_send(draft=draft, by=birgitte)
    assert raised.value.pages == [4]


def test_a_form_is_sent_once(as_birgitte, birgitte):
    as_birgitte.get(reverse("forwarding:start"))
    fill_all(as_birgitte, complete_answers())
    draft = AnkeskemaDraft.objects.get(owner=birgitte)
    services.ankeskema_send(draft=draft, by=birgitte)
    with pytest.raises(services.DraftNotOpen):
        services.ankeskema_send(draft=draft, by=birgitte)
    assert as_birgitte.post(reverse("forwarding:send"))["Location"] == reverse("forwarding:sent_list")
    assert AnkeskemaSubmission.objects.count() == 1


def test_receipt_page_shows_the_lobenummer_the_time_and_the_next_steps(as_birgitte, birgitte):
    """AS-50: løbenummer (Blanket ID), time, the PDF and the supplementary form."""
    as_birgitte.get(reverse("forwarding:start"))
    fill_all(as_birgitte, complete_answers())
    submission = services.ankeskema_send(draft=AnkeskemaDraft.objects.get(owner=birgitte), by=birgitte)
    html = as_birgitte.get(reverse("forwarding:receipt", kwargs={"lobenummer": submission.lobenummer})).content.decode()
    assert "Løbenummer (Blanket ID)" in html and submission.lobenummer in html
    assert reverse("forwarding:receipt_pdf", kwargs={"lobenummer": submission.lobenummer}) in html
    assert reverse("forwarding:supplement") in html
    assert "1203781234" not in html


def test_sent_list_is_newest_first_with_cpr_masked(as_birgitte, birgitte):
    """AS-12, X-4: a journal number may be a CPR number; the list masks it and no URL carries one."""
    for journal in ("120378-1234", "SAG-2 om 0507651237"):
        as_birgitte.get(reverse("forwarding:start"))
        fill_all(as_birgitte, complete_answers(p1={**complete_answers()["1"], "journal_number": journal}))
        services.ankeskema_send(draft=AnkeskemaDraft.objects.get(owner=birgitte, state="open"), by=birgitte)
    html = as_birgitte.get(reverse("forwarding:sent_list")).content.decode()
    assert "120378-xxxx" in html and "SAG-2 om 050765-xxxx" in html
    assert "1234" not in html.split("<tbody>")[1].split("</tbody>")[0].replace("120378-xxxx", "")
    first, second = AnkeskemaSubmission.objects.order_by("sequence")
    assert html.index(second.lobenummer) < html.index(first.lobenummer)
    assert not re.search(r'href="[^"]*\d{6}-?\d{4}', html)


def test_the_case_is_in_ankestyrelsens_inbox_and_the_municipalitys(as_birgitte, birgitte, client):
    """BD-1, AS-53: the forwarded case is visible to Ankestyrelsen's caseworkers and to the municipality."""
    from klageportal.cases.policies import can_view_case
    from klageportal.catalog.models import Board
    from tests.factories import BodyStaffFactory

    as_birgitte.get(reverse("forwarding:start"))
    fill_all(as_birgitte, complete_answers())
    case = services.ankeskema_send(draft=AnkeskemaDraft.objects.get(owner=birgitte), by=birgitte).case
    staff = BodyStaffFactory(boards=[Board.objects.get(slug="ast")])
    assert can_view_case(staff, case) and can_view_case(birgitte, case)


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="50 concurrent sends need PostgreSQL's row locks; SQLite serialises whole transactions",
)
@pytest.mark.django_db(transaction=True)
def test_lobenumre_are_unique_and_gap_free_with_50_concurrent_sends(catalogue):
    """AS-50: 50 caseworkers press "Send" at the same moment; each gets a number, 1..50, none twice."""
    from klageportal.catalog.models import Authority

    viborg = Authority.objects.get(municipality_code="791")
    answers = complete_answers()
    drafts = []
    for _ in range(50):
        caseworker = AnkeskemaCaseworkerFactory(authority=viborg)
        drafts.append(AnkeskemaDraftFactory(owner=caseworker, authority=viborg, data=answers))
    start = threading.Barrier(len(drafts))
    results, errors = [], []

    def send(draft):
        try:
            start.wait(timeout=60)
            results.append(services.ankeskema_send(draft=draft, by=draft.owner).lobenummer)
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send, args=(draft,)) for draft in drafts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)
    assert errors == []
    year = timezone.localdate().year
    assert sorted(results) == [f"{year}-{n:06d}" for n in range(1, 51)]
    assert AnkeskemaSubmission.objects.count() == 50
    assert sorted(AnkeskemaSubmission.objects.values_list("sequence", flat=True)) == list(range(1, 51))
    assert len(set(AnkeskemaSubmission.objects.values_list("case__number", flat=True))) == 50


def test_parties_the_municipality_names_see_nothing_until_the_appeals_body_confirms_them(as_birgitte, birgitte):
    """AS-23, BD-8: the citizen and a representative with power of attorney see the case from the start; a
    parent, a guardian, a company and the employer are proposed, and none of their people sees the case."""
    from klageportal.cases.policies import can_view_case
    from klageportal.cases.services.body import party_confirm
    from klageportal.catalog.models import Board
    from tests.factories import BodyStaffFactory, CitizenFactory, CompanyUserFactory

    def row(role: str, number: str, name: str, **more) -> dict:
        return {"role": role, "number": number, "name": name, **more}

    as_birgitte.get(reverse("forwarding:start"))
    answers = complete_answers(
        p2={
            "citizen_cpr": "1203781234",
            "citizen_name": "Mette Hansen",
            "citizen_name_source": "register",
            "is_child": "nej",
            "has_parties": "on",
            "parties": [
                row("partsrepraesentant", "38025694", "Advokatfirmaet Lind & Co", power_of_attorney="ja"),
                row("partsrepraesentant", "0507651237", "Jens Nielsen", power_of_attorney="nej"),
                row("foraelder", "1702843190", "Anne Kristensen"),
                row("vaerge", "0909901113", "Ole Pedersen"),
                row("virksomhed", "37042374", "Byggefirmaet Nord ApS"),
            ],
            "refusion": "on",
            "employer_cvr": "31560969",
            "employer_name": "Viborg Tømrer & Snedker ApS",
        }
    )
    fill_all(as_birgitte, answers)
    case = services.ankeskema_send(draft=AnkeskemaDraft.objects.get(owner=birgitte), by=birgitte).case
    proposed = {p.name for p in case.parties.filter(proposed=True)}
    assert proposed == {
        "Jens Nielsen",
        "Anne Kristensen",
        "Ole Pedersen",
        "Byggefirmaet Nord ApS",
        "Viborg Tømrer & Snedker ApS",
    }

    citizen = CitizenFactory(cpr="1203781234")
    lawyer = CompanyUserFactory(cvr="38025694", rights=["tegningsret"])
    parent = CitizenFactory(cpr="1702843190")
    unauthorised = [
        CitizenFactory(cpr="0507651237"),
        parent,
        CitizenFactory(cpr="0909901113"),
        *(CompanyUserFactory(cvr="37042374", rights=rights) for rights in (["tegningsret"], ["klagesager"], [])),
        CompanyUserFactory(cvr="31560969", rights=["tegningsret"]),
    ]
    assert can_view_case(citizen, case) and can_view_case(lawyer, case)
    assert not any(can_view_case(user, case) for user in unauthorised)

    caseworker = BodyStaffFactory(boards=[Board.objects.get(slug="ast")])
    party_confirm(party=case.parties.get(name="Anne Kristensen"), by=caseworker)
    assert can_view_case(parent, case)

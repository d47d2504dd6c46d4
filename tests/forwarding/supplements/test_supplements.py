"""Web-ankeskema til supplerende oplysninger (AS-52): files and/or text to an earlier form."""

import logging
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from klageportal.cases.models import CaseEvent, PartyRole
from klageportal.documents.models import CaseDocument, Document
from klageportal.forwarding.models import AnkeskemaSupplement
from klageportal.forwarding.supplements import services as supplements
from klageportal.identity.models import Right
from klageportal.notifications.models import OutboxEmail
from tests.factories import AuthorityUserFactory, BodyStaffFactory, CitizenFactory
from tests.forwarding.receipts.test_receipt_pdf import submission_make

CPR = "0101801234"
JOURNAL = "27.12.08-P20-1-24"
PDF = b"%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n"


def pdf_upload(name: str = "journalnotat.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture
def submission(catalogue):
    return submission_make(citizen_cpr=CPR, journal_number=JOURNAL)


@pytest.fixture
def caseworker(submission):
    """A colleague in the sending municipality, with the form right."""
    return AuthorityUserFactory(
        authority=submission.authority, rights=[Right.ANKESKEMA.value], email="sagsbehandler@kommune.example"
    )


@pytest.fixture
def logged_in(client, caseworker):
    client.force_login(caseworker)
    return client


def url(**query) -> str:
    base = reverse("forwarding:supplement")
    return f"{base}?{'&'.join(f'{k}={v}' for k, v in query.items())}" if query else base


def post(client, **fields):
    data = {"receipt_email": "sagsbehandler@kommune.example", **fields}
    return client.post(url(), data)


def errors_of(response) -> dict[str, list[str]]:
    """The form's errors by field, with filesizeformat's non-breaking spaces as plain ones."""
    errors = response.context["form"].errors.items()
    return {field: [message.replace("\xa0", " ") for message in messages] for field, messages in errors}


# --- Who may use it ------------------------------------------------------------------------------


def test_the_form_asks_for_the_lobenummer_as_recommended_not_required(logged_in):
    response = logged_in.get(url())
    assert response.status_code == 200
    page = response.content.decode().replace("\xa0", " ")
    assert "Web-ankeskema til supplerende oplysninger" in page
    assert "Anbefales, men er ikke et krav" in page
    assert not response.context["form"].fields["lobenummer"].required
    assert "25,0 MB" in page and "200,0 MB" in page


def test_the_lobenummer_can_be_given_in_the_link(logged_in, submission):
    response = logged_in.get(url(lobenummer=submission.lobenummer))
    assert response.context["form"]["lobenummer"].value() == submission.lobenummer


@pytest.mark.parametrize("rights", [[], [Right.SIGNING.value]])
def test_a_caseworker_without_the_form_right_is_turned_away(client, submission, rights):
    """AUTH-4: told to contact the local administrator (the 403 page says so)."""
    client.force_login(AuthorityUserFactory(authority=submission.authority, rights=rights))
    response = client.get(url())
    assert response.status_code == 403
    assert "lokale administrator" in response.content.decode()
    response = client.post(url(), {"text": "x", "lobenummer": submission.lobenummer, "receipt_email": "a@b.dk"})
    assert response.status_code == 403
    assert not AnkeskemaSupplement.objects.exists()


def test_a_citizen_is_turned_away(client, catalogue):
    client.force_login(CitizenFactory())
    assert client.get(url()).status_code == 403


# --- Identified by løbenummer --------------------------------------------------------------------


def test_supplement_with_lobenummer_reaches_the_case_as_documents_with_history_and_receipt(
    logged_in, caseworker, submission
):
    response = post(
        logged_in,
        lobenummer=submission.lobenummer.lower(),
        text="Borgeren har sendt en ny lægeerklæring.",
        files=[pdf_upload("lægeerklæring.pdf"), pdf_upload("journalnotat.pdf", PDF + b"% 2\n")],
    )
    assert response.status_code == 302
    supplement = AnkeskemaSupplement.objects.get()
    assert supplement.submission == submission
    assert supplement.lobenummer == submission.lobenummer
    assert supplement.sent_by == caseworker
    assert supplement.authority == submission.authority
    assert supplement.text == "Borgeren har sendt en ny lægeerklæring."
    assert sorted(d.original_name for d in supplement.documents.all()) == ["journalnotat.pdf", "lægeerklæring.pdf"]

    links = CaseDocument.objects.filter(case=submission.case).select_related("document")
    names = sorted(link.document.original_name for link in links)
    assert names[:2] == ["journalnotat.pdf", "lægeerklæring.pdf"]
    assert len(names) == 3 and names[2].startswith("supplerende-oplysninger-") and names[2].endswith(".txt")
    assert {link.added_by_role for link in links} == {PartyRole.FIRST_INSTANCE}
    assert {link.added_by for link in links} == {caseworker}
    text_document = next(link.document for link in links if link.document.original_name.endswith(".txt"))
    with text_document.file.open("rb") as stored:
        assert stored.read().decode("utf-8") == supplement.text

    event = CaseEvent.objects.filter(case=submission.case, kind=CaseEvent.Kind.MESSAGE).get()
    assert submission.lobenummer in event.text
    assert event.data["supplement"] == supplement.pk
    assert event.actor == caseworker

    email = OutboxEmail.objects.get(reason=OutboxEmail.Reason.RECEIPT)
    assert email.to == "sagsbehandler@kommune.example"
    assert submission.lobenummer in email.subject
    assert email.case == submission.case
    assert "lægeerklæring" not in email.body  # NT-1: the e-mail says that something came, not what

    receipt = logged_in.get(response["Location"])
    assert receipt.status_code == 200
    page = receipt.content.decode()
    assert "Kvittering for supplerende oplysninger" in page
    assert submission.lobenummer in page
    assert "Tidspunkt for afsendelsen" in page
    assert "lægeerklæring.pdf" in page


def test_text_alone_is_enough(logged_in, submission):
    response = post(logged_in, lobenummer=submission.lobenummer, text="Kommunen har modtaget flere akter.")
    assert response.status_code == 302
    supplement = AnkeskemaSupplement.objects.get()
    assert supplement.submission == submission and not supplement.documents.exists()
    assert CaseDocument.objects.filter(case=submission.case).count() == 1


def test_files_alone_are_enough(logged_in, submission):
    response = post(logged_in, lobenummer=submission.lobenummer, files=[pdf_upload()])
    assert response.status_code == 302
    assert CaseDocument.objects.filter(case=submission.case).count() == 1


def test_neither_text_nor_files_is_told_at_the_field(logged_in, submission):
    response = post(logged_in, lobenummer=submission.lobenummer, text="   ")
    assert response.status_code == 200
    assert errors_of(response)["text"] == ["Skriv de supplerende oplysninger, eller vedhæft mindst én fil."]
    assert not AnkeskemaSupplement.objects.exists()


def test_a_lobenummer_of_another_municipality_is_refused_at_the_field_and_the_text_kept(client, submission):
    other = AuthorityUserFactory(rights=[Right.ANKESKEMA.value])
    client.force_login(other)
    response = post(client, lobenummer=submission.lobenummer, text="Min tekst", files=[pdf_upload("bilag.pdf")])
    assert response.status_code == 200
    (message,) = errors_of(response)["lobenummer"]
    assert "anden kommune" in message and submission.lobenummer in message
    page = response.content.decode()
    assert "Min tekst" in page
    assert "Vælg filerne igen" in page and "bilag.pdf" in page
    assert not AnkeskemaSupplement.objects.exists()
    assert not Document.objects.exists()
    assert not CaseEvent.objects.filter(kind=CaseEvent.Kind.MESSAGE).exists()


def test_an_unknown_lobenummer_is_told_at_the_field(logged_in, submission):
    response = post(logged_in, lobenummer="X1999-000001", text="Min tekst")
    (message,) = errors_of(response)["lobenummer"]
    assert "kan ikke finde" in message and "X1999-000001" in message
    assert "Min tekst" in response.content.decode()
    assert not AnkeskemaSupplement.objects.exists()


def test_a_cpr_number_that_does_not_fit_the_lobenummer_is_refused(logged_in, submission):
    response = post(logged_in, lobenummer=submission.lobenummer, citizen_cpr="020280-1234", text="x")
    assert "passer ikke" in errors_of(response)["citizen_cpr"][0]
    assert not AnkeskemaSupplement.objects.exists()


# --- Identified by CPR number and journal number --------------------------------------------------


def test_without_lobenummer_cpr_and_journal_number_identify_the_form(logged_in, submission):
    response = post(logged_in, citizen_cpr="010180-1234", journal_number=" 27.12.08-p20-1-24 ", text="Nyt notat")
    assert response.status_code == 302
    supplement = AnkeskemaSupplement.objects.get()
    assert supplement.submission == submission
    assert supplement.citizen_cpr == CPR
    assert CaseEvent.objects.filter(case=submission.case, kind=CaseEvent.Kind.MESSAGE).exists()


def test_without_lobenummer_cpr_and_journal_number_are_needed(logged_in, submission):
    response = post(logged_in, text="Nyt notat")
    errors = errors_of(response)
    assert "citizen_cpr" in errors and "journal_number" in errors
    assert not AnkeskemaSupplement.objects.exists()


def test_a_malformed_cpr_number_is_told_at_the_field(logged_in, submission):
    response = post(logged_in, citizen_cpr="12345", journal_number=JOURNAL, text="x")
    assert "10 cifre" in errors_of(response)["citizen_cpr"][0]


def test_no_form_found_records_the_supplement_unmatched_for_ankestyrelsen(logged_in, caseworker, submission):
    """AS-52: without a løbenummer, Ankestyrelsen matches what no form fits; the person is told."""
    response = post(
        logged_in, citizen_cpr="0202801234", journal_number="J-999", text="Ny oplysning", files=[pdf_upload()]
    )
    assert response.status_code == 302
    supplement = AnkeskemaSupplement.objects.get()
    assert supplement.submission is None
    assert supplement.lobenummer == ""
    assert supplement.citizen_cpr == "0202801234"
    assert supplement.journal_number == "J-999"
    assert supplement.authority == caseworker.authority
    assert supplement.documents.count() == 1
    assert not CaseDocument.objects.exists()
    page = logged_in.get(response["Location"]).content.decode()
    assert "endnu ikke knyttet til et ankeskema" in page
    assert "Ankestyrelsen knytter oplysningerne til den rigtige sag" in page
    assert OutboxEmail.objects.filter(reason=OutboxEmail.Reason.RECEIPT, case=None).count() == 1


def test_two_forms_with_the_same_cpr_and_journal_number_are_left_to_ankestyrelsen(logged_in, submission):
    submission_make(by=submission.sent_by, citizen_cpr=CPR, journal_number=JOURNAL)
    response = post(logged_in, citizen_cpr=CPR, journal_number=JOURNAL, text="x")
    assert response.status_code == 302
    assert AnkeskemaSupplement.objects.get().submission is None


def test_another_municipalitys_form_is_never_matched_by_cpr_and_journal_number(client, submission):
    client.force_login(AuthorityUserFactory(rights=[Right.ANKESKEMA.value]))
    response = post(client, citizen_cpr=CPR, journal_number=JOURNAL, text="x")
    assert response.status_code == 302
    assert AnkeskemaSupplement.objects.get().submission is None
    assert not CaseEvent.objects.filter(case=submission.case, kind=CaseEvent.Kind.MESSAGE).exists()


def test_ankestyrelsen_matches_an_unmatched_supplement_to_the_case(logged_in, submission):
    post(logged_in, citizen_cpr=CPR, journal_number="ukendt", text="Ny oplysning", files=[pdf_upload()])
    supplement = AnkeskemaSupplement.objects.get(submission=None)
    staff = BodyStaffFactory(boards=[submission.case.board])
    supplements.supplement_match(supplement=supplement, submission=submission, by=staff)
    supplement.refresh_from_db()
    assert supplement.submission == submission and supplement.lobenummer == submission.lobenummer
    assert CaseDocument.objects.filter(case=submission.case).count() == 2
    event = CaseEvent.objects.get(case=submission.case, kind=CaseEvent.Kind.MESSAGE)
    assert event.actor == staff


# --- The receipt e-mail -------------------------------------------------------------------------


def test_without_an_address_the_receipt_goes_to_the_forms_caseworker(client, submission):
    """AS-50/52: the caseworker named on page 1 of the form hears that the supplement came."""
    colleague = AuthorityUserFactory(authority=submission.authority, rights=[Right.ANKESKEMA.value], email="")
    client.force_login(colleague)
    response = client.post(url(), {"lobenummer": submission.lobenummer, "text": "x", "receipt_email": ""})
    assert response.status_code == 302
    email = OutboxEmail.objects.get(reason=OutboxEmail.Reason.RECEIPT)
    assert email.to == submission.data["1"]["caseworker_email"]


def test_the_address_is_prefilled_from_the_caseworkers_latest_form(client, submission):
    client.force_login(submission.sent_by)
    submission.sent_by.email = ""
    submission.sent_by.save(update_fields=["email"])
    response = client.get(url())
    assert response.context["form"]["receipt_email"].value() == submission.data["1"]["caseworker_email"]


# --- Files ---------------------------------------------------------------------------------------


def test_a_file_over_the_limit_is_refused_with_the_hints_figure_and_nothing_is_lost(logged_in, submission, settings):
    """AS-41: the form's own limit per file, the same figure in hint and message; the text stays."""
    settings.ANKESKEMA_MAX_FILE_BYTES = 1024
    response = post(
        logged_in, lobenummer=submission.lobenummer, text="Min tekst", files=[pdf_upload("stor.pdf", PDF * 100)]
    )
    (message,) = errors_of(response)["files"]
    assert message.startswith("stor.pdf:") and "1,0 KB" in message
    page = response.content.decode().replace("\xa0", " ")
    assert "Hver fil må højst fylde 1,0 KB" in page
    assert "Min tekst" in page and "Vælg filerne igen" in page
    assert not AnkeskemaSupplement.objects.exists()


def test_files_over_the_total_point_to_another_supplement(logged_in, submission, settings):
    settings.ANKESKEMA_MAX_TOTAL_BYTES = 2 * len(PDF) + 10
    files = [pdf_upload(f"bilag-{n}.pdf", PDF + bytes([n])) for n in range(3)]
    response = post(logged_in, lobenummer=submission.lobenummer, files=files)
    (message,) = errors_of(response)["files"]
    assert "nyt supplerende skema" in message and "løbenummeret" in message
    assert not AnkeskemaSupplement.objects.exists()


def test_a_file_whose_content_is_refused_stores_nothing(logged_in, submission, settings):
    """DOC-3: after a good file was stored, a bad one rolls everything back, bytes on disk included."""
    response = post(
        logged_in,
        lobenummer=submission.lobenummer,
        text="Min tekst",
        files=[pdf_upload("god.pdf"), pdf_upload("falsk.pdf", b"this is no pdf")],
    )
    (message,) = errors_of(response)["files"]
    assert message.startswith("falsk.pdf:")
    assert "Min tekst" in response.content.decode()
    assert not AnkeskemaSupplement.objects.exists()
    assert not Document.objects.exists()
    assert not CaseDocument.objects.exists()
    assert not [path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()]


def test_video_is_refused(logged_in, submission):
    response = post(logged_in, lobenummer=submission.lobenummer, files=[pdf_upload("film.mp4", b"\x00" * 10)])
    assert "video" in errors_of(response)["files"][0].lower()


# --- CPR numbers (X-4) ---------------------------------------------------------------------------


def test_the_cpr_number_is_in_no_url_and_no_log_line(logged_in, submission, caplog):
    caplog.set_level(logging.DEBUG)
    response = post(logged_in, citizen_cpr="020280-1234", journal_number="0202801234", text="x")
    assert response.status_code == 302
    for text in (response["Location"], caplog.text):
        assert "0202801234" not in text and "020280-1234" not in text
    page = logged_in.get(response["Location"]).content.decode()
    assert "0202801234" not in page and "020280-1234" not in page
    assert "020280-xxxx" in page
    email = OutboxEmail.objects.get()
    assert "0202801234" not in email.body + email.subject


def test_the_receipt_page_is_not_found_by_another_municipality(client, logged_in, submission):
    response = post(logged_in, lobenummer=submission.lobenummer, text="x")
    location = response["Location"]
    client.force_login(AuthorityUserFactory(rights=[Right.ANKESKEMA.value]))
    assert client.get(location).status_code == 404


def test_files_beyond_the_persons_daily_quota_are_refused_and_nothing_is_sent(logged_in, submission, settings):
    """The supplementary form holds the same bytes per 24 hours as every other upload (quota per person)."""
    settings.QUOTA_USER_BYTES_PER_DAY = len(PDF) + 10
    before = Document.objects.count()
    response = post(
        logged_in,
        lobenummer=submission.lobenummer,
        text="Flere akter.",
        files=[pdf_upload("a.pdf"), pdf_upload("b.pdf", PDF + b"%")],
    )
    assert response.status_code == 200
    assert any("24 timer" in message for message in errors_of(response)["files"])
    assert not AnkeskemaSupplement.objects.exists()
    assert Document.objects.count() == before
    assert "Flere akter." in response.content.decode()

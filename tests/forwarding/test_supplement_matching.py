"""AS-52: Ankestyrelsen matches supplements that no form matched to a case; the files and text become its documents."""

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from klageportal.cases.models import CaseEvent, PartyRole
from klageportal.documents.models import CaseDocument
from klageportal.forwarding.models import AnkeskemaSupplement
from klageportal.forwarding.supplements import services as supplements
from klageportal.identity.models import Right
from tests.factories import AuthorityUserFactory, BoardFactory, BodyStaffFactory, CitizenFactory
from tests.forwarding.receipts.test_receipt_pdf import submission_make

CPR = "0101801234"
JOURNAL = "27.12.08-P20-1-24"
PDF = b"%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n"

pytestmark = pytest.mark.django_db


@pytest.fixture
def submission(catalogue):
    return submission_make(citizen_cpr=CPR, journal_number=JOURNAL)


@pytest.fixture
def municipality(submission):
    return AuthorityUserFactory(authority=submission.authority, rights=[Right.ANKESKEMA.value])


@pytest.fixture
def ankestyrelsen(submission):
    return BodyStaffFactory(boards=[submission.case.board], full_name="Anne Ankestyrelsen")


@pytest.fixture
def unmatched(municipality, submission):
    """Sent without løbenummer and with a journal number no form has: left for Ankestyrelsen."""
    supplement = supplements.supplement_send(
        by=municipality,
        text="Nyt lægebrev",
        files=[SimpleUploadedFile("laegebrev.pdf", PDF, content_type="application/pdf")],
        citizen_cpr=CPR,
        journal_number="J-ukendt",
    )
    assert supplement.submission is None and supplement.case is None
    return supplement


def state(case):
    return (
        CaseDocument.objects.filter(case=case).count(),
        CaseEvent.objects.filter(case=case).count(),
        AnkeskemaSupplement.objects.filter(case__isnull=False).count(),
    )


def test_candidates_are_found_by_the_citizens_cpr(unmatched, ankestyrelsen, submission):
    other = submission_make(by=submission.sent_by, citizen_cpr="0202801234", journal_number="J-2")
    candidates = supplements.supplement_candidates(supplement=unmatched, user=ankestyrelsen)
    assert [c.case for c in candidates] == [submission.case]
    assert candidates[0].cpr_fits and not candidates[0].journal_fits
    assert other.case not in [c.case for c in candidates]


def test_candidates_are_found_by_the_journal_number(municipality, ankestyrelsen, submission):
    supplement = supplements.supplement_send(
        by=municipality, text="x", citizen_cpr="0303801234", journal_number="27.12.08 P20 1 24"
    )
    assert supplement.submission is None
    candidates = supplements.supplement_candidates(supplement=supplement, user=ankestyrelsen)
    assert [(c.case, c.cpr_fits, c.journal_fits) for c in candidates] == [(submission.case, False, True)]


def test_another_municipalitys_case_is_never_a_candidate_nor_found_by_number(unmatched, ankestyrelsen, catalogue):
    foreign = submission_make(citizen_cpr=CPR, journal_number="J-ukendt")
    candidates = supplements.supplement_candidates(supplement=unmatched, user=ankestyrelsen)
    assert foreign.case not in [c.case for c in candidates]
    found = supplements.supplement_case_lookup(supplement=unmatched, user=ankestyrelsen, number=foreign.lobenummer)
    assert found is None


def test_a_case_is_found_by_its_number_or_lobenummer(unmatched, ankestyrelsen, submission):
    by_number = supplements.supplement_case_lookup(
        supplement=unmatched, user=ankestyrelsen, number=f" {submission.case.number.lower()} "
    )
    by_lobenummer = supplements.supplement_case_lookup(
        supplement=unmatched, user=ankestyrelsen, number=submission.lobenummer
    )
    assert by_number == by_lobenummer == submission.case


def test_matching_attaches_exactly_the_supplements_documents_with_a_history_line(unmatched, ankestyrelsen, submission):
    case = submission.case
    other_files = CaseDocument.objects.exclude(case=case).count()
    supplements.supplement_match_case(supplement=unmatched, case=case, by=ankestyrelsen)
    unmatched.refresh_from_db()
    assert unmatched.case == case
    assert unmatched.submission == submission
    assert unmatched.lobenummer == submission.lobenummer
    assert unmatched.matched_by == ankestyrelsen and unmatched.matched_at is not None
    links = CaseDocument.objects.filter(case=case).select_related("document")
    names = sorted(link.document.original_name for link in links)
    assert names[0] == "laegebrev.pdf" and names[1].startswith("supplerende-oplysninger-")
    assert len(names) == 2
    assert {link.added_by_role for link in links} == {PartyRole.FIRST_INSTANCE}
    assert CaseDocument.objects.exclude(case=case).count() == other_files
    event = CaseEvent.objects.get(case=case, kind=CaseEvent.Kind.MESSAGE)
    assert event.actor == ankestyrelsen
    assert "er knyttet til sagen af Ankestyrelsen: 1 fil(er) og en tekst" in event.text
    assert sorted(event.data["documents"] + [event.data["text_document"]]) == sorted(link.document_id for link in links)


def test_a_supplement_cannot_be_matched_twice(unmatched, ankestyrelsen, submission):
    supplements.supplement_match_case(supplement=unmatched, case=submission.case, by=ankestyrelsen)
    second = submission_make(by=submission.sent_by, citizen_cpr=CPR, journal_number="J-3")
    before = state(second.case)
    with pytest.raises(supplements.SupplementAlreadyMatched):
        supplements.supplement_match_case(supplement=unmatched, case=second.case, by=ankestyrelsen)
    assert state(second.case) == before
    assert CaseDocument.objects.filter(case=submission.case).count() == 2
    assert unmatched not in supplements.supplements_unmatched(user=ankestyrelsen)


@pytest.mark.parametrize("who", ["other_board", "municipality", "citizen", "anonymous"])
def test_matching_is_refused_to_others_and_nothing_changes(who, unmatched, submission, municipality):
    from django.contrib.auth.models import AnonymousUser

    person = {
        "other_board": lambda: BodyStaffFactory(boards=[BoardFactory()]),
        "municipality": lambda: municipality,
        "citizen": lambda: CitizenFactory(),
        "anonymous": AnonymousUser,
    }[who]()
    before = state(submission.case)
    with pytest.raises(PermissionDenied):
        supplements.supplement_match_case(supplement=unmatched, case=submission.case, by=person)
    assert state(submission.case) == before
    assert not supplements.supplements_unmatched(user=person).exists()


def test_a_case_of_another_municipality_is_refused(unmatched, ankestyrelsen, catalogue):
    foreign = submission_make(citizen_cpr=CPR, journal_number="J-ukendt")
    before = state(foreign.case)
    with pytest.raises(PermissionDenied):
        supplements.supplement_match_case(supplement=unmatched, case=foreign.case, by=ankestyrelsen)
    assert state(foreign.case) == before


# --- The screen -----------------------------------------------------------------------------------------------


def test_the_list_shows_the_unmatched_with_the_cpr_masked(client, unmatched, ankestyrelsen):
    client.force_login(ankestyrelsen)
    page = client.get(reverse("forwarding:supplements_unmatched")).content.decode()
    assert "010180-xxxx" in page
    assert CPR not in page
    assert "J-ukendt" in page
    assert unmatched.authority.name in page
    assert "laegebrev.pdf" in page
    inbox = client.get(reverse("workspaces:body_inbox")).content.decode()
    assert reverse("forwarding:supplements_unmatched") in inbox


def test_the_screen_matches_a_chosen_candidate(client, unmatched, ankestyrelsen, submission):
    client.force_login(ankestyrelsen)
    url = reverse("forwarding:supplement_match", kwargs={"supplement": unmatched.pk})
    page = client.get(url).content.decode()
    assert submission.case.number in page
    assert CPR not in page
    response = client.post(url, {"case": str(submission.case.pk), "number": ""})
    assert response.status_code == 302
    assert AnkeskemaSupplement.objects.get(pk=unmatched.pk).case == submission.case
    assert client.get(url).status_code == 404  # matched: no longer on the screen


def test_the_screen_matches_a_typed_number_and_tells_an_unknown_one_at_the_field(
    client, unmatched, ankestyrelsen, submission
):
    client.force_login(ankestyrelsen)
    url = reverse("forwarding:supplement_match", kwargs={"supplement": unmatched.pk})
    response = client.post(url, {"number": "AST-0000-999999"})
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()
    assert 'value="AST-0000-999999"' in response.content.decode()
    assert AnkeskemaSupplement.objects.get(pk=unmatched.pk).case is None
    response = client.post(url, {"number": submission.lobenummer})
    assert response.status_code == 302
    assert AnkeskemaSupplement.objects.get(pk=unmatched.pk).case == submission.case


def test_nothing_chosen_is_an_error(client, unmatched, ankestyrelsen):
    client.force_login(ankestyrelsen)
    url = reverse("forwarding:supplement_match", kwargs={"supplement": unmatched.pk})
    response = client.post(url, {})
    assert response.status_code == 200
    assert "Vælg den sag" in response.content.decode()


def test_the_files_can_be_read_before_matching(client, unmatched, ankestyrelsen):
    client.force_login(ankestyrelsen)
    document = unmatched.documents.get()
    url = reverse("forwarding:supplement_document", kwargs={"supplement": unmatched.pk, "document": document.pk})
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF


@pytest.mark.parametrize("who", ["other_board", "municipality", "citizen"])
def test_the_screen_is_refused_to_others(client, who, unmatched, submission, municipality):
    person = {
        "other_board": lambda: BodyStaffFactory(boards=[BoardFactory()]),
        "municipality": lambda: municipality,
        "citizen": lambda: CitizenFactory(),
    }[who]()
    client.force_login(person)
    before = state(submission.case)
    assert client.get(reverse("forwarding:supplements_unmatched")).status_code == 403
    url = reverse("forwarding:supplement_match", kwargs={"supplement": unmatched.pk})
    assert client.post(url, {"case": str(submission.case.pk)}).status_code == 403
    assert state(submission.case) == before

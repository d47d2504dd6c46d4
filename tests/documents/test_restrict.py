"""X-6: the appeals body restricts who sees a document of the case, with a reason in the history, and lifts it."""

# ruff: noqa: F811 (the case-domain fixtures, imported above, are the tests' parameters)

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from klageportal.cases import policies, selectors
from klageportal.cases.models import CaseEvent, PartyRole, Status
from klageportal.documents.models import CaseDocument
from klageportal.documents.services import case_document_restrict, case_document_unrestrict
from tests.cases.conftest import (  # noqa: F401 (fixtures)
    board,
    caseworker,
    complaint_type,
    fi_staff,
    make_case,
    other_authority,
    other_caseworker,
)
from tests.factories import CaseDocumentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def link(make_case, fi_staff):
    case = make_case(Status.VIDERESENDT)
    return CaseDocumentFactory(
        case=case, added_by=fi_staff, added_by_role=PartyRole.FIRST_INSTANCE, document__original_name="journal.pdf"
    )


def _state(link) -> tuple:
    row = CaseDocument.objects.get(pk=link.pk)
    return row.restricted, row.restricted_reason, CaseEvent.objects.filter(case=link.case).count()


def _history_texts(case, user) -> list[str]:
    return [event.text for event in selectors.case_history(case=case, user=user)]


def test_restrict_hides_the_document_from_the_parties_and_keeps_the_reason(link, caseworker, complainant, fi_staff):
    """X-6: only the board and whoever added the document see it; the history line only they see."""
    assert policies.can_view_document(complainant, link)

    case_document_restrict(link=link, reason=" Indeholder helbredsoplysninger om tredjemand. ", by=caseworker)

    link.refresh_from_db()
    assert (link.restricted, link.restricted_reason) == (True, "Indeholder helbredsoplysninger om tredjemand.")
    assert not policies.can_view_document(complainant, link)
    assert policies.can_view_document(caseworker, link)
    assert policies.can_view_document(fi_staff, link)  # who added it
    line = (
        "Adgangen til dokumentet journal.pdf er begrænset. Begrundelse: Indeholder helbredsoplysninger om tredjemand."
    )
    event = CaseEvent.objects.get(case=link.case, data__restricted=True)
    assert (event.actor, event.text, event.data["document"]) == (caseworker, line, link.document_id)
    assert line in _history_texts(link.case, caseworker)
    assert line not in _history_texts(link.case, complainant)


def test_unrestrict_shows_the_document_to_the_parties_again(link, caseworker, complainant):
    case_document_restrict(link=link, reason="Fortroligt.", by=caseworker)
    case_document_unrestrict(link=link, by=caseworker)
    link.refresh_from_db()
    assert (link.restricted, link.restricted_reason) == (False, "")
    assert policies.can_view_document(complainant, link)
    event = CaseEvent.objects.get(case=link.case, data__restricted=False)
    assert event.text == "Begrænsningen af adgangen til dokumentet journal.pdf er ophævet"
    assert event.text in _history_texts(link.case, complainant)


def test_unrestrict_of_a_document_that_is_not_restricted_changes_nothing(link, caseworker):
    before = _state(link)
    case_document_unrestrict(link=link, by=caseworker)
    assert _state(link) == before


def test_restrict_needs_a_reason(link, caseworker):
    before = _state(link)
    with pytest.raises(ValueError):
        case_document_restrict(link=link, reason="  ", by=caseworker)
    assert _state(link) == before


@pytest.mark.parametrize("who", ["other_caseworker", "fi_staff", "complainant", "stranger", "anonymous"])
def test_restrict_and_unrestrict_are_refused_to_anyone_but_the_boards_caseworker(link, caseworker, who, request):
    user = AnonymousUser() if who == "anonymous" else request.getfixturevalue(who)
    before = _state(link)
    with pytest.raises(PermissionDenied):
        case_document_restrict(link=link, reason="Fortroligt.", by=user)
    assert _state(link) == before
    case_document_restrict(link=link, reason="Fortroligt.", by=caseworker)
    before = _state(link)
    with pytest.raises(PermissionDenied):
        case_document_unrestrict(link=link, by=user)
    assert _state(link) == before


def test_restrict_is_refused_once_the_case_is_decided(make_case, caseworker, filer):
    case = make_case(Status.AFGJORT)
    link = CaseDocumentFactory(case=case, added_by=filer)
    before = _state(link)
    with pytest.raises(PermissionDenied):
        case_document_restrict(link=link, reason="Fortroligt.", by=caseworker)
    assert _state(link) == before

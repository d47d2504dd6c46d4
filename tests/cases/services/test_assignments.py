"""Who at the appeals body has a case (BD-1): case_assign gives it to a caseworker of its board, or releases it."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from klageportal.cases import policies
from klageportal.cases.models import Case, CaseEvent, Status
from klageportal.cases.services.assignments import case_assign
from tests.factories import BodyStaffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(make_case):
    return make_case(Status.VIDERESENDT)


@pytest.fixture
def colleague(board):
    return BodyStaffFactory(boards=[board], full_name="Anders Kollega")


def notes(case: Case) -> list[CaseEvent]:
    return list(CaseEvent.objects.filter(case=case, data__action="assigned"))


def test_caseworker_takes_the_case_and_the_history_says_so(case, caseworker):
    case_assign(case=case, to=caseworker, by=caseworker)
    case.refresh_from_db()
    assert case.assigned_to == caseworker
    [event] = notes(case)
    assert (event.actor, event.text, event.data["to"], event.data["from"]) == (
        caseworker,
        "Maja Nævn har taget sagen",
        caseworker.pk,
        None,
    )


def test_caseworker_gives_the_case_to_a_colleague_then_releases_it(case, caseworker, colleague):
    case_assign(case=case, to=colleague, by=caseworker)
    case.refresh_from_db()
    assert case.assigned_to == colleague
    case_assign(case=case, to=None, by=caseworker)
    case.refresh_from_db()
    assert case.assigned_to is None
    assert [e.text for e in notes(case)] == ["Sagen er tildelt Anders Kollega", "Anders Kollega har ikke længere sagen"]
    assert [e.data["to"] for e in notes(case)] == [colleague.pk, None]


def test_assigning_to_whom_has_it_changes_nothing(case, caseworker):
    case_assign(case=case, to=caseworker, by=caseworker)
    case_assign(case=case, to=caseworker, by=caseworker)
    assert len(notes(case)) == 1


@pytest.mark.parametrize("who", ["other_caseworker", "fi_staff", "filer", "complainant", "anonymous"])
def test_refused_to_anyone_but_the_boards_caseworker_and_nothing_changes(request, case, caseworker, who):
    case_assign(case=case, to=caseworker, by=caseworker)
    user = AnonymousUser() if who == "anonymous" else request.getfixturevalue(who)
    for to in (user, caseworker, None):
        with pytest.raises(PermissionDenied):
            case_assign(case=case, to=to, by=user)
    case.refresh_from_db()
    assert case.assigned_to == caseworker
    assert len(notes(case)) == 1


def test_refused_to_give_it_to_someone_not_of_its_board(case, caseworker, other_caseworker, fi_staff, complainant):
    for to in (other_caseworker, fi_staff, complainant):
        with pytest.raises(PermissionDenied):
            case_assign(case=case, to=to, by=caseworker)
    case.refresh_from_db()
    assert case.assigned_to is None and notes(case) == []


@pytest.mark.parametrize("status", [Status.INDSENDT, Status.AFGJORT, Status.AFSLUTTET])
def test_refused_before_the_body_has_the_case_and_once_it_is_closed(make_case, caseworker, status):
    case = make_case(status)
    assert not policies.can_assign_case(caseworker, case, to=caseworker)
    with pytest.raises(PermissionDenied):
        case_assign(case=case, to=caseworker, by=caseworker)
    case.refresh_from_db()
    assert case.assigned_to is None and notes(case) == []

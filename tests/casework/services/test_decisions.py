"""The appeals body's statuses and decisions: status changes (BD-2), the decision (BD-3, BD-9), dismissal of a
complaint not filed through the portal (BD-7), principled treatment (BD-9), closing, and restoring a case the
first instance reopened by mistake (FI-6, BD-5)."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from klageportal.cases import policies, selectors
from klageportal.cases.inbox import InboxFilters, filtered, first_instance_scope
from klageportal.cases.models import Case, CaseEvent, PartyRole, Status, StatusChange
from klageportal.casework.models import Decision
from klageportal.casework.services.decisions import (
    case_close,
    case_decide,
    case_dismiss_not_via_portal,
    case_principled_mark,
    case_restore,
    case_status_change,
    decision_principle_mark,
    status_choices,
)
from klageportal.casework.services.first_instance import CaseworkRefused
from klageportal.catalog.models import Channel
from klageportal.documents.models import CaseDocument
from klageportal.notifications.models import OutboxEmail
from tests.factories import (
    AuthorityFactory,
    AuthorityUserFactory,
    BodyStaffFactory,
    CaseFactory,
    CitizenFactory,
    ComplaintTypeFactory,
    ComplaintTypeVersionFactory,
)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n"


def pdf(name: str = "afgoerelse.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture
def complainant_user(db):
    return CitizenFactory(full_name="Karla Klager", email="karla@example.dk")


@pytest.fixture
def case(complainant_user) -> Case:
    return CaseFactory(
        status=Status.VIDERESENDT, submitted_at=timezone.now(), created_by=complainant_user, filer__email="k@x.dk"
    )


@pytest.fixture
def caseworker(case):
    return BodyStaffFactory(boards=[case.board], full_name="Nina Nævn")


@pytest.fixture
def fi_staff(case):
    return AuthorityUserFactory(authority=case.authority)


@pytest.fixture
def outsiders(case, complainant_user, fi_staff):
    """Everyone who must be refused the board's actions on the case, by name for the test ids."""
    return {
        "other_caseworker": BodyStaffFactory(boards=[ComplaintTypeFactory().board]),
        "first_instance": fi_staff,
        "complainant": complainant_user,
        "other_authority": AuthorityUserFactory(authority=AuthorityFactory()),
        "anonymous": AnonymousUser(),
    }


def snapshot(case: Case) -> dict:
    """Everything the board's status actions may change."""
    case.refresh_from_db()
    return {
        "status": case.status,
        "closed_at": case.closed_at,
        "principled_treatment": case.principled_treatment,
        "status_changes": StatusChange.objects.filter(case=case).count(),
        "events": CaseEvent.objects.filter(case=case).count(),
        "documents": CaseDocument.objects.filter(case=case).count(),
        "decisions": Decision.objects.filter(case=case).count(),
        "emails": OutboxEmail.objects.filter(case=case).count(),
    }


def last_change(case: Case) -> StatusChange:
    return StatusChange.objects.filter(case=case).order_by("-pk").first()


# --- BD-2: status changes -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "offered"),
    [
        (Status.VIDERESENDT, [Status.UNDER_BEHANDLING, Status.AFVENTER_NAEVN, Status.TILBAGEKALDT]),
        (Status.UNDER_BEHANDLING, [Status.AFVENTER_NAEVN, Status.TILBAGEKALDT]),
        (Status.AFVENTER_NAEVN, [Status.UNDER_BEHANDLING, Status.TILBAGEKALDT]),
        (Status.AFGJORT, []),
        (Status.GENOPTAGET, []),
    ],
)
def test_only_the_moves_the_table_allows_the_body_are_offered(status, offered):
    assert status_choices(Case(status=status)) == offered


def test_a_status_change_records_the_move_who_and_when_and_a_history_line(case, caseworker):
    """BD-2: each change with date and who; nothing else on the case changes."""
    before = snapshot(case)
    case_status_change(case=case, to=Status.UNDER_BEHANDLING, by=caseworker, reason="Oplysninger indhentes.")
    after = snapshot(case)
    assert after["status"] == Status.UNDER_BEHANDLING
    change = last_change(case)
    assert (change.from_status, change.to_status, change.by, change.reason) == (
        Status.VIDERESENDT,
        Status.UNDER_BEHANDLING,
        caseworker,
        "Oplysninger indhentes.",
    )
    assert change.at is not None
    event = CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.STATUS).order_by("-pk").first()
    assert event.actor == caseworker and "Under sekretariatsbehandling" in event.text
    assert after == {
        **before,
        "status": Status.UNDER_BEHANDLING,
        "status_changes": before["status_changes"] + 1,
        "events": before["events"] + 1,
    }
    assert case.closed_at is None


@pytest.mark.parametrize("to", [Status.VIDERESENDT, Status.AFGJORT, Status.AFVIST, Status.AFSLUTTET, Status.INDSENDT])
def test_a_move_outside_the_body_statuses_or_the_table_is_refused(case, caseworker, to):
    case_status_change(case=case, to=Status.UNDER_BEHANDLING, by=caseworker)
    before = snapshot(case)
    with pytest.raises(CaseworkRefused) as refused:
        case_status_change(case=case, to=to, by=caseworker)
    assert refused.value.field == "to"
    assert snapshot(case) == before


def test_a_withdrawal_needs_the_reason_and_closes_the_case(case, caseworker):
    """BD-2: Tilbagekaldt on the complainant's word, with the reason in the record."""
    before = snapshot(case)
    with pytest.raises(CaseworkRefused) as refused:
        case_status_change(case=case, to=Status.TILBAGEKALDT, by=caseworker, reason="  ")
    assert refused.value.field == "reason"
    assert snapshot(case) == before
    case_status_change(case=case, to=Status.TILBAGEKALDT, by=caseworker, reason="Klageren skrev 3. marts.")
    case.refresh_from_db()
    assert case.status == Status.TILBAGEKALDT and case.closed_at is not None
    assert last_change(case).reason == "Klageren skrev 3. marts."


# --- BD-3, BD-9: the decision ---------------------------------------------------------------------------------


def test_a_decision_is_a_pdf_every_party_sees_and_the_case_is_afgjort_and_closed(
    case, caseworker, complainant_user, fi_staff
):
    before = snapshot(case)
    results = case_decide(case=case, by=caseworker, outcome=Decision.Outcome.STADFAESTET, files=[pdf()])
    assert [result.ok for result in results] == [True]
    after = snapshot(case)
    assert after["status"] == Status.AFGJORT and after["closed_at"] is not None
    assert (after["decisions"], after["documents"]) == (1, before["documents"] + 1)
    assert after["emails"] == before["emails"]
    decision = Decision.objects.get(case=case)
    assert (decision.outcome, decision.decided_by, decision.principle_decision) == ("stadfaestet", caseworker, False)
    link = decision.document
    assert link.document.original_name == "afgoerelse.pdf"
    assert list(link.categories.values_list("slug", flat=True)) == ["afgoerelse"]
    assert (link.added_by_role, link.restricted) == (PartyRole.OTHER, False)
    for person in (complainant_user, fi_staff, caseworker):
        assert policies.can_view_document(person, link)
    change = last_change(case)
    assert (change.to_status, change.by) == (Status.AFGJORT, caseworker)
    assert "Stadfæstet" in change.reason
    history = [line.text for line in selectors.case_history(case=case, user=complainant_user)]
    assert any("Afgjort" in text and "Stadfæstet" in text for text in history)
    assert any("afgoerelse.pdf" in text for text in history)


def test_a_decision_with_the_outcome_afvist_moves_the_case_to_afvist(case, caseworker):
    case_decide(case=case, by=caseworker, outcome=Decision.Outcome.AFVIST, files=[pdf()])
    case.refresh_from_db()
    assert case.status == Status.AFVIST and case.closed_at is not None
    assert Decision.objects.get(case=case).outcome == Decision.Outcome.AFVIST


def test_a_principle_decision_is_marked_for_publication_with_a_history_line(case, caseworker):
    """BD-9."""
    case_decide(case=case, by=caseworker, outcome=Decision.Outcome.AENDRET, files=[pdf()], principle_decision=True)
    assert Decision.objects.get(case=case).principle_decision
    assert CaseEvent.objects.filter(case=case, data__action="principle_decision").count() == 1


@pytest.mark.parametrize(
    ("name", "content"),
    [("afgoerelse.docx", b"PK\x03\x04 not really"), ("afgoerelse.pdf", b"not a pdf at all"), ("tom.txt", b"hej")],
)
def test_a_decision_that_is_no_pdf_is_refused_and_nothing_changes(case, caseworker, name, content):
    before = snapshot(case)
    results = case_decide(case=case, by=caseworker, outcome="stadfaestet", files=[pdf(name, content)])
    assert [result.ok for result in results] == [False]
    assert results[0].message
    assert snapshot(case) == before


def test_a_case_is_decided_once(case, caseworker):
    case_decide(case=case, by=caseworker, outcome="hjemvist", files=[pdf()])
    before = snapshot(case)
    with pytest.raises(PermissionDenied):
        case_decide(case=case, by=caseworker, outcome="stadfaestet", files=[pdf("igen.pdf")])
    assert snapshot(case) == before


# --- Afslut sagen ---------------------------------------------------------------------------------------------


def test_a_decided_case_is_closed_with_afslut_sagen(case, caseworker):
    before = snapshot(case)
    with pytest.raises(PermissionDenied):
        case_close(case=case, by=caseworker)  # not decided yet
    assert snapshot(case) == before
    case_decide(case=case, by=caseworker, outcome="stadfaestet", files=[pdf()])
    closed_at = Case.objects.get(pk=case.pk).closed_at
    case_close(case=case, by=caseworker)
    case.refresh_from_db()
    assert case.status == Status.AFSLUTTET and case.closed_at == closed_at
    assert (last_change(case).from_status, last_change(case).to_status) == (Status.AFGJORT, Status.AFSLUTTET)
    with pytest.raises(PermissionDenied):
        case_close(case=case, by=caseworker)


# --- BD-9: principled treatment -------------------------------------------------------------------------------


def test_principled_treatment_is_marked_and_unmarked_with_a_history_line_each(case, caseworker):
    case_principled_mark(case=case, by=caseworker, principled=True)
    case.refresh_from_db()
    assert case.principled_treatment
    case_principled_mark(case=case, by=caseworker, principled=True)  # already so: no second line
    events = CaseEvent.objects.filter(case=case, data__action="principled_treatment")
    assert [event.data["principled"] for event in events] == [True]
    case_principled_mark(case=case, by=caseworker, principled=False)
    case.refresh_from_db()
    assert not case.principled_treatment
    assert [event.data["principled"] for event in events.order_by("pk")] == [True, False]
    assert case.status == Status.VIDERESENDT and not StatusChange.objects.filter(case=case, by=caseworker).exists()


# --- BD-7: not filed through the portal -----------------------------------------------------------------------


def test_a_complaint_not_filed_through_the_portal_is_dismissed_with_the_reason(case, caseworker, complainant_user):
    before = snapshot(case)
    case_dismiss_not_via_portal(case=case, by=caseworker)
    after = snapshot(case)
    assert after["status"] == Status.AFVIST and after["closed_at"] is not None
    assert after["decisions"] == before["decisions"] and after["documents"] == before["documents"]
    assert last_change(case).reason == "Klagen er ikke indgivet via klageportalen."
    history = [line.text for line in selectors.case_history(case=case, user=complainant_user)]
    assert any("ikke indgivet via klageportalen" in text for text in history)


def test_an_exempt_complainants_complaint_is_not_dismissed_for_it(case, caseworker):
    Case.objects.filter(pk=case.pk).update(filed_for_exempt_citizen=True)
    before = snapshot(case)
    with pytest.raises(CaseworkRefused) as refused:
        case_dismiss_not_via_portal(case=case, by=caseworker)
    assert "fritaget" in refused.value.message
    assert snapshot(case) == before


def test_a_complaint_of_a_type_filed_outside_the_portal_is_not_dismissed_for_it(caseworker, complainant_user):
    complaint_type = ComplaintTypeFactory(version=None)
    version = ComplaintTypeVersionFactory(complaint_type=complaint_type, channel=Channel.OUTSIDE)
    case = CaseFactory(
        status=Status.VIDERESENDT, complaint_type=complaint_type, type_version=version, created_by=complainant_user
    )
    caseworker = BodyStaffFactory(boards=[case.board])
    before = snapshot(case)
    with pytest.raises(CaseworkRefused) as refused:
        case_dismiss_not_via_portal(case=case, by=caseworker)
    assert "indgives ikke i klageportalen" in refused.value.message
    assert snapshot(case) == before


# --- FI-6, BD-5: restoring a case reopened by mistake ---------------------------------------------------------


@pytest.fixture
def reopened(complainant_user) -> Case:
    return CaseFactory(
        status=Status.GENOPTAGET, submitted_at=timezone.now(), closed_at=timezone.now(), created_by=complainant_user
    )


def test_a_case_reopened_by_mistake_is_back_with_the_first_instance_as_indsendt(reopened, complainant_user):
    caseworker = BodyStaffFactory(boards=[reopened.board])
    staff = AuthorityUserFactory(authority=reopened.authority)
    before = snapshot(reopened)
    with pytest.raises(CaseworkRefused) as refused:
        case_restore(case=reopened, by=caseworker, reason=" ")
    assert refused.value.field == "reason"
    assert snapshot(reopened) == before
    case_restore(case=reopened, by=caseworker, reason="Kommunen har bedt om det i brev af 2. marts.")
    after = snapshot(reopened)
    assert after["status"] == Status.INDSENDT and after["closed_at"] is None
    assert after["emails"] == before["emails"]  # told through the history, not by e-mail now
    change = last_change(reopened)
    assert (change.from_status, change.to_status, change.by) == (Status.GENOPTAGET, Status.INDSENDT, caseworker)
    assert "brev af 2. marts" in change.reason
    inbox = filtered(first_instance_scope(staff), InboxFilters(statuses=(Status.INDSENDT,)))
    assert reopened in inbox
    assert policies.can_act_as_first_instance(staff, reopened)
    history = [line.text for line in selectors.case_history(case=reopened, user=complainant_user)]
    assert any("genåbnet" in text and "brev af 2. marts" in text for text in history)


def test_only_a_reopened_case_is_restored(case, caseworker):
    before = snapshot(case)
    with pytest.raises(PermissionDenied):
        case_restore(case=case, by=caseworker, reason="Fejl")
    assert snapshot(case) == before


# --- Refusals: another board's caseworker, the first instance, a party, anonymous -----------------------------

ACTIONS = {
    "status": lambda case, by: case_status_change(case=case, to=Status.UNDER_BEHANDLING, by=by, reason="x"),
    "withdraw": lambda case, by: case_status_change(case=case, to=Status.TILBAGEKALDT, by=by, reason="x"),
    "decide": lambda case, by: case_decide(case=case, by=by, outcome="stadfaestet", files=[pdf()]),
    "dismiss": lambda case, by: case_dismiss_not_via_portal(case=case, by=by),
    "principled": lambda case, by: case_principled_mark(case=case, by=by, principled=True),
}


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("who", ["other_caseworker", "first_instance", "complainant", "other_authority", "anonymous"])
def test_the_board_actions_are_refused_to_everyone_else_and_change_nothing(case, outsiders, action, who):
    before = snapshot(case)
    with pytest.raises(PermissionDenied):
        ACTIONS[action](case, outsiders[who])
    assert snapshot(case) == before


@pytest.mark.parametrize("who", ["other_caseworker", "first_instance", "complainant", "other_authority", "anonymous"])
def test_closing_and_restoring_are_refused_to_everyone_else(reopened, complainant_user, who):
    decided = CaseFactory(status=Status.AFGJORT, submitted_at=timezone.now(), closed_at=timezone.now())
    people = {
        "other_caseworker": BodyStaffFactory(boards=[ComplaintTypeFactory().board]),
        "first_instance": AuthorityUserFactory(authority=reopened.authority),
        "complainant": complainant_user,
        "other_authority": AuthorityUserFactory(authority=AuthorityFactory()),
        "anonymous": AnonymousUser(),
    }
    person = people[who]
    if who == "first_instance":
        decided.authority = reopened.authority
        Case.objects.filter(pk=decided.pk).update(authority=reopened.authority)
    before = (snapshot(reopened), snapshot(decided))
    with pytest.raises(PermissionDenied):
        case_restore(case=reopened, by=person, reason="Fejl")
    with pytest.raises(PermissionDenied):
        case_close(case=decided, by=person)
    assert (snapshot(reopened), snapshot(decided)) == before


def test_a_decision_is_marked_a_principle_decision_after_the_case_is_decided_and_closed(case, caseworker, outsiders):
    """BD-9: publication follows the decision, so the mark may be set or taken off also once the case is closed."""
    with pytest.raises(PermissionDenied):
        decision_principle_mark(case=case, by=caseworker, principle_decision=True)  # not decided yet
    case_decide(case=case, by=caseworker, outcome="stadfaestet", files=[pdf()])
    case_close(case=case, by=caseworker)
    for person in outsiders.values():
        before = snapshot(case)
        with pytest.raises(PermissionDenied):
            decision_principle_mark(case=case, by=person, principle_decision=True)
        assert snapshot(case) == before and not Decision.objects.get(case=case).principle_decision
    decision_principle_mark(case=case, by=caseworker, principle_decision=True)
    decision_principle_mark(case=case, by=caseworker, principle_decision=True)  # already so: no second line
    assert Decision.objects.get(case=case).principle_decision
    decision_principle_mark(case=case, by=caseworker, principle_decision=False)
    assert not Decision.objects.get(case=case).principle_decision
    events = CaseEvent.objects.filter(case=case, data__action="principle_decision").order_by("pk")
    assert [event.data["principle_decision"] for event in events] == [True, False]
    case.refresh_from_db()
    assert case.status == Status.AFSLUTTET

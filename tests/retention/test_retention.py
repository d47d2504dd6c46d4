"""Retention (X-5): closed cases and stale drafts are deleted or anonymised after their periods, nothing else."""

import json
from datetime import timedelta
from io import StringIO

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from klageportal.cases.models import (
    Case,
    CaseEvent,
    ExemptionRequest,
    Grouping,
    ImmutableEventError,
    Message,
    Party,
    Status,
    StatusChange,
)
from klageportal.cases.workflow import CLOSED
from klageportal.casework.models import Decision, Hearing, ResponseForm
from klageportal.catalog.models import Channel
from klageportal.documents.models import CaseDocument, Document
from klageportal.forwarding.models import (
    AnkeskemaDocument,
    AnkeskemaDraft,
    AnkeskemaSubmission,
    AnkeskemaSupplement,
)
from klageportal.notifications.models import OutboxEmail
from klageportal.payments.models import GatewayNotification, Payment, PaymentLink
from klageportal.retention.models import AnonymisedCase, RetentionRun
from klageportal.retention.services import ANONYMISED_NAME, retention_run
from klageportal.retention.tasks import retention_run_task
from tests.factories import (
    AdminFactory,
    AnkeskemaDraftFactory,
    BodyStaffFactory,
    CaseDocumentFactory,
    CaseFactory,
    CitizenFactory,
    DocumentFactory,
)
from tests.retention.conftest import NOW, ankeskema_draft, counts, full_case, kladde

pytestmark = pytest.mark.django_db

OPEN = [status for status in Status if status not in CLOSED and status != Status.KLADDE]
WITHIN = NOW - timedelta(days=30)
"""Closed a month before the run: well within five years."""
LONG_AGO = timezone.now() - timedelta(days=2500)
"""For runs at the present time: closed, and the fee paid, more than six years ago."""


def world():
    """Every status, old and recent: which cases a run must take, and which it must leave."""
    due, kept = [], []
    for status in CLOSED:
        due.append(full_case(status=status, closed_at=timezone.now()).case)
        kept.append(full_case(status=status, closed_at=WITHIN).case)
    for status in OPEN:
        kept.append(full_case(status=status).case)  # eight years old at the run, and still open
    due.append(kladde())
    kept.append(kladde(updated_at=NOW - timedelta(days=5)))
    recent_document = kladde()
    upload = CaseDocumentFactory(case=recent_document)
    CaseDocument.objects.filter(pk=upload.pk).update(added_at=NOW - timedelta(days=1))
    kept.append(recent_document)
    return due, kept


def test_exactly_the_closed_cases_and_drafts_past_their_period_are_deleted(settings):
    """X-5: closed cases past five years and drafts untouched for 90 days go; open cases, however old, recent
    drafts and cases closed within the period stay, with everything that is theirs."""
    settings.RETENTION_CLOSED_CASE_ACTION = "delete"
    due, kept = world()
    kept_counts = {
        "parties": Party.objects.filter(case__in=kept).count(),
        "events": CaseEvent.objects.filter(case__in=kept).count(),
        "documents": CaseDocument.objects.filter(case__in=kept).count(),
        "payments": Payment.objects.filter(case__in=kept).count(),
        "emails": OutboxEmail.objects.filter(case__in=kept).count(),
    }
    assert Payment.objects.filter(case__in=due).count() == len(CLOSED)

    report = retention_run(dry_run=False, now=NOW)

    assert set(Case.objects.values_list("pk", flat=True)) == {case.pk for case in kept}
    assert report.count("closed_cases") == len(CLOSED)
    assert report.count("filing_drafts") == 1
    assert report.count("closed_cases_held") == 0
    assert {
        "parties": Party.objects.count(),
        "events": CaseEvent.objects.count(),
        "documents": CaseDocument.objects.count(),
        "payments": Payment.objects.count(),
        "emails": OutboxEmail.objects.count(),
    } == kept_counts
    assert not PaymentLink.objects.exclude(case__in=kept).exists()
    assert not GatewayNotification.objects.exclude(payment__case__in=kept).exists()
    assert not Message.objects.exclude(case__in=kept).exists()
    assert not StatusChange.objects.exclude(case__in=kept).exists()
    assert Document.objects.count() == CaseDocument.objects.count()  # the deleted cases' documents went too
    assert report.count("documents") == len(CLOSED)
    assert report.deleted_rows["cases.Case"] == len(CLOSED) + 1
    assert report.deleted_rows["cases.CaseEvent"] == len(CLOSED)


def test_a_second_run_finds_nothing_more():
    world()
    retention_run(dry_run=False, now=NOW)
    before = counts()
    again = retention_run(dry_run=False, now=NOW)
    assert counts() == before
    assert sum(again.counts.values()) == 0


@pytest.mark.parametrize("action", ["delete", "anonymise"])
def test_a_dry_run_changes_nothing_and_reports_what_the_run_then_does(
    settings, action, django_capture_on_commit_callbacks
):
    """The administrator sees beforehand exactly what will go; the dry run itself leaves every row and file."""
    settings.RETENTION_CLOSED_CASE_ACTION = action
    world()
    ankeskema_draft()
    before = counts()
    files = [document.file.name for document in Document.objects.all()]

    with django_capture_on_commit_callbacks(execute=True):
        dry = retention_run(dry_run=True, now=NOW)

    assert counts() == before
    assert all(default_storage.exists(name) for name in files)
    assert dry.count("closed_cases") == len(CLOSED)
    assert dry.count("ankeskema_drafts") == 1
    with django_capture_on_commit_callbacks(execute=True):
        real = retention_run(dry_run=False, now=NOW)
    assert real.counts == dry.counts
    assert real.deleted_rows == dry.deleted_rows
    assert real.anonymised_rows == dry.anonymised_rows
    assert bool(real.anonymised_rows) == (action == "anonymise")
    assert counts() != before
    assert list(RetentionRun.objects.order_by("pk").values_list("dry_run", "completed")) == [
        (True, True),
        (False, True),
    ]


def test_a_file_is_removed_only_when_no_case_that_stays_shares_it(django_capture_on_commit_callbacks):
    """DOC-6: content is stored once; deleting one case's document keeps a file another case still uses."""
    gone = full_case(status=Status.AFSLUTTET, closed_at=timezone.now())
    stays = full_case(status=Status.UNDER_BEHANDLING)
    # One document row linked by both cases (a grouping's document).
    both = CaseDocumentFactory(case=gone.case).document
    CaseDocumentFactory(case=stays.case, document=both)
    # Two rows of the same content: the one of the deleted case goes, the file stays for the other.
    twin = DocumentFactory()
    copy = Document.objects.create(file=twin.file.name, original_name="kopi.pdf", size=twin.size, sha256=twin.sha256)
    CaseDocumentFactory(case=gone.case, document=copy)
    CaseDocumentFactory(case=stays.case, document=twin)
    own_file = gone.document.file.name

    with django_capture_on_commit_callbacks(execute=True):
        report = retention_run(dry_run=False, now=NOW)

    assert not default_storage.exists(own_file)
    assert not Document.objects.filter(pk__in=[gone.document.pk, copy.pk]).exists()
    assert Document.objects.filter(pk=both.pk).exists()
    assert default_storage.exists(both.file.name)
    assert default_storage.exists(twin.file.name)
    assert (report.count("documents"), report.count("files")) == (2, 1)


def test_the_run_is_recorded_without_any_personal_data():
    """X-4, X-5: the audit of runs says when and how many, never who, which number or which case."""
    built = full_case(status=Status.AFGJORT, closed_at=timezone.now(), name="Svend Særnavn", cpr="3112851234")
    number = built.case.number
    retention_run(dry_run=False, now=NOW)
    run = RetentionRun.objects.get()
    stored = json.dumps(
        {field.name: str(getattr(run, field.name)) for field in RetentionRun._meta.fields}, ensure_ascii=False
    )
    for personal in ("Svend", "Særnavn", "3112851234", "311285", number, "karla@example.dk", "Bent Betaler"):
        assert personal not in stored
    assert run.counts["closed_cases"] == 1
    assert run.deleted_rows["cases.Case"] == 1
    assert run.periods["closed_case_days"] == settings.RETENTION_CLOSED_CASE_DAYS


def test_anonymise_keeps_the_case_skeleton_and_removes_the_personal_data(
    settings, client, django_capture_on_commit_callbacks
):
    """X-5 with KP_RETENTION_CLOSED_CASE_ACTION=anonymise: number, board, type, dates and statuses stay."""
    settings.RETENTION_CLOSED_CASE_ACTION = "anonymise"
    built = full_case(status=Status.AFGJORT, closed_at=timezone.now())
    case = built.case
    skeleton = ("number", "channel", "status", "board_id", "complaint_type_id", "authority_id", "closed_at")
    kept = {name: getattr(case, name) for name in skeleton}
    open_case = full_case(status=Status.UNDER_BEHANDLING)
    file_name = built.document.file.name
    staff = BodyStaffFactory(boards=[case.board])
    decision = CaseDocumentFactory(case=case)
    Decision.objects.create(case=case, outcome=Decision.Outcome.STADFAESTET, document=decision, decided_by=staff)

    with django_capture_on_commit_callbacks(execute=True):
        report = retention_run(dry_run=False, now=NOW)

    case.refresh_from_db()
    assert {name: getattr(case, name) for name in skeleton} == kept
    assert case.closed_at is not None
    assert case.complaint_text == ""
    parties = Party.objects.filter(case=case)
    assert parties.count() == 2
    for party in parties:
        assert (party.name, party.cpr, party.email, party.phone, party.address, party.user_id) == (
            ANONYMISED_NAME,
            "",
            "",
            "",
            "",
            None,
        )
    assert list(Message.objects.filter(case=case).values_list("text", "author_name")) == [("", "")]
    assert list(OutboxEmail.objects.filter(case=case).values_list("to", "body")) == [("", "")]
    assert list(StatusChange.objects.filter(case=case).values_list("to_status", "reason", "by")) == [
        (Status.AFGJORT, "", None)
    ]
    assert not CaseDocument.objects.filter(case=case).exists()
    assert not Decision.objects.filter(case=case).exists()
    assert not Document.objects.filter(pk__in=[built.document.pk, decision.document_id]).exists()
    assert not default_storage.exists(file_name)
    assert list(CaseEvent.objects.filter(case=case).values_list("kind", "actor_id")) == [(CaseEvent.Kind.NOTE, None)]
    assert "Karla" not in CaseEvent.objects.get(case=case).text
    assert Payment.objects.filter(case=case, amount_ore=90000).exists()
    assert list(PaymentLink.objects.filter(case=case).values_list("email", "payer_name", "payer_address")) == [
        ("", "", "")
    ]
    assert GatewayNotification.objects.get(payment__case=case).payload == {}
    assert AnonymisedCase.objects.filter(case=case).exists()
    assert report.count("closed_cases") == 1
    # The open case is whole.
    assert Party.objects.get(pk=open_case.complainant.pk).name == "Karla Klager"
    assert CaseDocument.objects.filter(case=open_case.case).exists()
    # The appeals body still opens the case: what is left of it shows.
    client.force_login(staff)
    page = client.get(reverse("workspaces:case_detail", kwargs={"number": case.number}))
    assert page.status_code == 200
    assert "Karla" not in page.content.decode()
    # Anonymised once: the next run leaves it.
    again = retention_run(dry_run=False, now=NOW)
    assert again.count("closed_cases") == 0
    assert CaseEvent.objects.filter(case=case).count() == 1


def test_a_case_whose_fee_is_still_an_accounting_record_is_held(settings):
    """Bookkeeping: a fee paid in a financial year less than five years ended keeps its case a while longer."""
    settings.RETENTION_CLOSED_CASE_ACTION = "delete"
    held = full_case(status=Status.AFSLUTTET, closed_at=timezone.now(), paid_at=NOW - timedelta(days=200)).case
    report = retention_run(dry_run=False, now=NOW)
    assert Case.objects.filter(pk=held.pk).exists()
    assert Payment.objects.filter(case=held).exists()
    assert (report.count("closed_cases"), report.count("closed_cases_held")) == (0, 1)
    settings.RETENTION_BOOKKEEPING_YEARS = 0
    retention_run(dry_run=False, now=NOW)
    assert not Case.objects.filter(pk=held.pk).exists()


def test_a_decided_case_goes_with_its_decision_hearings_and_answer():
    """PROTECT between a decision and its document does not stop a case whose time is up."""
    built = full_case(status=Status.AFGJORT, closed_at=timezone.now())
    case = built.case
    staff = BodyStaffFactory()
    decision_document = CaseDocumentFactory(case=case)
    Decision.objects.create(
        case=case, outcome=Decision.Outcome.STADFAESTET, document=decision_document, decided_by=staff
    )
    hearing = Hearing.objects.create(case=case, deadline=timezone.localdate(), created_by=staff, text="Karla Klager")
    hearing.documents.add(decision_document)
    hearing.parties.add(built.complainant)
    ResponseForm.objects.create(case=case, comments="Karla Klager", attached_document=decision_document)

    retention_run(dry_run=False, now=NOW)

    assert not Case.objects.filter(pk=case.pk).exists()
    assert not Decision.objects.exists()
    assert not Hearing.objects.exists()
    assert not ResponseForm.objects.exists()


def sent_form(case: Case) -> AnkeskemaSubmission:
    """The web appeal form the case came from, with a file on page 6 and supplementary information."""
    Case.objects.filter(pk=case.pk).update(channel=Channel.FORWARDING)
    draft = ankeskema_draft(state=AnkeskemaDraft.State.SENT)
    submission = AnkeskemaSubmission.objects.create(
        draft=draft,
        lobenummer=f"WA-2026-{case.pk:06d}",
        year=2026,
        sequence=case.pk,
        sent_at=timezone.now(),
        sent_by=draft.owner,
        authority=draft.authority,
        case=case,
        data=draft.data,
        citizen_cpr="0101801234",
        journal_number="0101801234",
    )
    supplement = AnkeskemaSupplement.objects.create(
        submission=submission,
        authority=draft.authority,
        sent_by=draft.owner,
        text="Mere fra Karla Klager",
        citizen_cpr="0101801234",
    )
    supplement.documents.add(DocumentFactory())
    return submission


def test_a_forwarded_case_goes_with_its_sent_form_its_draft_and_supplements():
    """§8: the sent web appeal form, its draft's files and supplementary information go with the case."""
    case = full_case(status=Status.AFSLUTTET, closed_at=timezone.now()).case
    sent_form(case)
    documents = Document.objects.count()

    report = retention_run(dry_run=False, now=NOW)

    assert not AnkeskemaSubmission.objects.exists()
    assert not AnkeskemaSupplement.objects.exists()
    assert not AnkeskemaDraft.objects.exists()
    assert not AnkeskemaDocument.objects.exists()
    assert Document.objects.count() == documents - 3  # the case's, the form's and the supplement's
    assert report.count("ankeskema_drafts") == 0  # it went with its case, not as a stale draft


def test_stale_web_appeal_form_drafts_go_and_recent_ones_stay(django_capture_on_commit_callbacks):
    """§8, AS-3: a draft survives logout, but not thirty days without being saved."""
    old = ankeskema_draft()
    replaced = ankeskema_draft(state=AnkeskemaDraft.State.DISCARDED)
    recent = ankeskema_draft(saved_at=NOW - timedelta(days=2))
    old_file = AnkeskemaDocument.objects.get(draft=old).document.file.name

    with django_capture_on_commit_callbacks(execute=True):
        report = retention_run(dry_run=False, now=NOW)

    assert list(AnkeskemaDraft.objects.values_list("pk", flat=True)) == [recent.pk]
    assert AnkeskemaDocument.objects.filter(draft=recent).exists()
    assert not default_storage.exists(old_file)
    assert report.count("ankeskema_drafts") == 2
    assert not AnkeskemaDraft.objects.filter(pk__in=[old.pk, replaced.pk]).exists()


def test_a_draft_with_a_file_uploaded_lately_is_kept():
    draft = AnkeskemaDraftFactory()
    AnkeskemaDraft.objects.filter(pk=draft.pk).update(saved_at=timezone.now())
    document = AnkeskemaDocument.objects.create(draft=draft, checklist_item="klage", document=DocumentFactory())
    AnkeskemaDocument.objects.filter(pk=document.pk).update(uploaded_at=NOW - timedelta(days=1))
    retention_run(dry_run=False, now=NOW)
    assert AnkeskemaDraft.objects.filter(pk=draft.pk).exists()


def test_decided_exemption_requests_without_a_case_go_with_the_closed_cases_period():
    board_case = CaseFactory(status=Status.UNDER_BEHANDLING)
    common = {
        "board": board_case.board,
        "authority": board_case.authority,
        "citizen_name": "Karla Klager",
        "citizen_cpr": "0101801234",
        "reason": "Kan ikke bruge computer",
        "requested_by": CitizenFactory(),
    }
    old_refused = ExemptionRequest.objects.create(
        number="F-1", state=ExemptionRequest.State.REFUSED, decided_at=timezone.now(), **common
    )
    pending = ExemptionRequest.objects.create(number="F-2", **common)
    with_case = ExemptionRequest.objects.create(
        number="F-3", state=ExemptionRequest.State.GRANTED, decided_at=timezone.now(), case=board_case, **common
    )
    report = retention_run(dry_run=False, now=NOW)
    assert set(ExemptionRequest.objects.values_list("pk", flat=True)) == {pending.pk, with_case.pk}
    assert not ExemptionRequest.objects.filter(pk=old_refused.pk).exists()
    assert report.count("exemption_requests") == 1


def test_history_lines_still_cannot_be_deleted_except_by_retention():
    """X-2: the exception is retention's own; CaseEvent's manager and rows refuse as before."""
    case = full_case(status=Status.AFSLUTTET, closed_at=timezone.now()).case
    with pytest.raises(ImmutableEventError):
        CaseEvent.objects.filter(case=case).delete()
    with pytest.raises(ImmutableEventError):
        CaseEvent.objects.filter(case=case).first().delete()
    retention_run(dry_run=False, now=NOW)
    assert not CaseEvent.objects.filter(case_id=case.pk).exists()


def test_the_database_still_refuses_to_delete_or_change_history_outside_retention():
    """X-2 on PostgreSQL: the trigger lets deletes through only while retention deletes, updates never."""
    if connection.vendor != "postgresql":
        pytest.skip("the trigger refusing deletes is PostgreSQL's (SQLite refuses updates only)")
    case = full_case(status=Status.AFSLUTTET, closed_at=timezone.now()).case
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM cases_caseevent WHERE case_id = %s", [case.pk])
    retention_run(dry_run=False, now=NOW)
    other = full_case(status=Status.AFSLUTTET, closed_at=WITHIN).case
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('klageportal.retention_delete', true)")
        assert cursor.fetchone()[0] == "off"
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM cases_caseevent WHERE case_id = %s", [other.pk])
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT set_config('klageportal.retention_delete', 'on', true)")
        cursor.execute("UPDATE cases_caseevent SET text = '' WHERE case_id = %s", [other.pk])
    assert CaseEvent.objects.filter(case=other).exists()


def test_the_command_reports_a_dry_run_and_runs():
    case = full_case(status=Status.TILBAGEKALDT, closed_at=LONG_AGO, paid_at=LONG_AGO).case
    out = StringIO()
    call_command("retention", "--dry-run", stdout=out)
    assert "Prøvekørsel" in out.getvalue()
    assert "Afsluttede sager ud over fristen: 1" in out.getvalue()
    assert Case.objects.filter(pk=case.pk).exists()
    out = StringIO()
    call_command("retention", stdout=out)
    assert "Afsluttede sager ud over fristen: 1" in out.getvalue()
    assert not Case.objects.filter(pk=case.pk).exists()
    assert list(RetentionRun.objects.order_by("pk").values_list("source", "dry_run")) == [
        ("command", True),
        ("command", False),
    ]


def test_the_daily_task_runs_retention_and_is_scheduled():
    case = full_case(status=Status.AFVIST, closed_at=LONG_AGO, paid_at=LONG_AGO).case
    result = retention_run_task()
    assert result["closed_cases"] == 1
    assert not Case.objects.filter(pk=case.pk).exists()
    assert RetentionRun.objects.get().source == RetentionRun.Source.SCHEDULER
    entry = settings.CELERY_BEAT_SCHEDULE["retention-run"]
    assert entry["task"] == "klageportal.retention.tasks.retention_run_task"
    assert entry["schedule"] == timedelta(days=1)


def test_the_administrators_dry_run_shows_the_report_and_deletes_nothing(client):
    case = full_case(status=Status.AFSLUTTET, closed_at=LONG_AGO, paid_at=LONG_AGO).case
    client.force_login(AdminFactory())
    url = reverse("admin:retention_retentionrun_dry_run")
    assert client.get(reverse("admin:retention_retentionrun_changelist")).status_code == 200
    assert url in client.get(reverse("admin:retention_retentionrun_changelist")).content.decode()
    assert client.get(url).status_code == 200
    response = client.post(url)
    assert response.status_code == 200
    assert response.context["report"].count("closed_cases") == 1
    assert "Intet er slettet eller ændret." in response.content.decode()
    assert "cases.Case" in response.content.decode()
    assert Case.objects.filter(pk=case.pk).exists()
    run = RetentionRun.objects.get()
    assert (run.dry_run, run.source) == (True, RetentionRun.Source.ADMIN)
    change = client.get(reverse("admin:retention_retentionrun_change", args=[run.pk]))
    assert change.status_code == 200
    assert "closed_cases" in change.content.decode()
    assert client.post(reverse("admin:retention_retentionrun_delete", args=[run.pk])).status_code == 403
    assert RetentionRun.objects.filter(pk=run.pk).exists()


@pytest.mark.parametrize("person", [None, CitizenFactory, BodyStaffFactory])
def test_the_dry_run_page_is_refused_to_everyone_but_administrators(client, person):
    full_case(status=Status.AFSLUTTET, closed_at=LONG_AGO, paid_at=LONG_AGO)
    if person is not None:
        client.force_login(person())
    url = reverse("admin:retention_retentionrun_dry_run")
    for response in (client.get(url), client.post(url)):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))
    assert not RetentionRun.objects.exists()
    assert Case.objects.count() == 1


def test_anonymising_a_forwarded_case_empties_its_sent_form(settings):
    """§8, X-5: the form's answers, the citizen's CPR and the journal number go; the løbenummer stays."""
    settings.RETENTION_CLOSED_CASE_ACTION = "anonymise"
    case = full_case(status=Status.AFSLUTTET, closed_at=timezone.now()).case
    submission = sent_form(case)
    retention_run(dry_run=False, now=NOW)
    submission.refresh_from_db()
    assert (submission.data, submission.citizen_cpr, submission.journal_number) == ({}, "", "")
    assert submission.lobenummer == f"WA-2026-{case.pk:06d}"
    assert AnkeskemaDraft.objects.get(pk=submission.draft_id).data == {}
    assert not AnkeskemaDocument.objects.exists()
    supplement = AnkeskemaSupplement.objects.get(submission=submission)
    assert (supplement.text, supplement.citizen_cpr, supplement.documents.count()) == ("", "", 0)
    assert Document.objects.count() == 0


def test_a_grouping_goes_with_its_last_case_and_stays_while_it_holds_one():
    """FI-8: a grouping left empty by retention goes; one with a case still open stays."""
    gone = full_case(status=Status.AFSLUTTET, closed_at=timezone.now()).case
    emptied = Grouping.objects.create(
        authority=gone.authority, complaint_type=gone.complaint_type, name="Lokalplan 12", created_by=gone.created_by
    )
    holding = Grouping.objects.create(
        authority=gone.authority, complaint_type=gone.complaint_type, name="Lokalplan 13", created_by=gone.created_by
    )
    also_gone = full_case(status=Status.AFVIST, closed_at=timezone.now()).case
    stays = full_case(status=Status.INDSENDT).case
    Case.objects.filter(pk=gone.pk).update(grouping=emptied)
    Case.objects.filter(pk__in=[also_gone.pk, stays.pk]).update(grouping=holding)

    report = retention_run(dry_run=False, now=NOW)

    assert list(Grouping.objects.values_list("pk", flat=True)) == [holding.pk]
    assert list(Case.objects.values_list("pk", flat=True)) == [stays.pk]
    assert report.deleted_rows["cases.Grouping"] == 1

"""The case's pages, shared by everyone who may see the case: overview, documents, parties, history (CW-2..5).
Every view asks the policies before it shows anything."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from klageportal.cases import policies, selectors
from klageportal.cases.models import Case, PartyRole, Status
from klageportal.casework.selectors import forwarding_missing, response_form_of
from klageportal.core.access import CASE_VIEWERS, access
from klageportal.core.ratelimits import is_upload, rate_limited
from klageportal.core.uploads import upload_response
from klageportal.documents.downloads import document_response
from klageportal.documents.models import CaseDocument
from klageportal.documents.selectors import COMPLAINT_CATEGORY, complaint_documents_unlabelled, document_rows
from klageportal.documents.uploads import UploadResult, uploads_accept
from klageportal.identity.kept import input_take
from klageportal.identity.models import User
from klageportal.payments import fees
from klageportal.payments.policies import can_pay_fee
from klageportal.workspaces.case.forms import DocumentLabelsForm

CASE_TABS = (
    ("oversigt", "workspaces:case_detail"),
    ("dokumenter", "workspaces:case_documents"),
    ("parter", "workspaces:case_parties"),
    ("beskeder", "workspaces:case_messages"),
    ("historik", "workspaces:case_history"),
)


def _case_or_404(request: HttpRequest, number: str) -> Case:
    case = selectors.case_for_page(number=number)
    if case is None or not policies.can_view_case(request.user, case):
        raise Http404  # do not tell whether a case number exists
    return case


def case_for(request: HttpRequest, number: str, *, may: Callable[[Any, Case], bool]) -> tuple[Case, User]:
    """The case and the person, for an action's page: 404 unless the person may see the case (whether it exists
    is not told), 403 unless `may(person, case)` — a policy of cases/policies.py."""
    case = _case_or_404(request, number)
    user = request.user
    if not isinstance(user, User) or not may(user, case):
        raise PermissionDenied
    return case, user


def posted(request: HttpRequest) -> QueryDict | None:
    """The form's data: on a POST what was sent, even nothing (an unticked checkbox alone sends nothing); on a GET
    what the person posted here after their session ran out, once, with a message (AUTH-3: pages marked
    @keeps_input_after_expiry); else None, for an empty form. The action itself is never carried out on a GET."""
    if request.method == "POST":
        return request.POST
    kept = input_take(user=request.user, path=request.path) if isinstance(request.user, User) else None
    if kept is not None:
        messages.info(request, _("Vi har gemt det, du skrev, før du blev logget ud. Kontrollér det, og send igen."))
    return kept


def overview_url(case: Case) -> str:
    return reverse("workspaces:case_detail", kwargs={"number": case.number})


def _case_context(request: HttpRequest, case: Case, tab: str, **extra: Any) -> dict[str, Any]:
    tabs = [
        {"key": key, "url": reverse(name, kwargs={"number": case.number}), "current": key == tab}
        for key, name in CASE_TABS
    ]
    return {"case": case, "tab": tab, "tabs": tabs, **extra}


@access(CASE_VIEWERS, case="forwarded")
@login_required
@require_GET
def case_detail(request: HttpRequest, number: str) -> HttpResponse:
    """CW-2: the case's overview: status, what is missing (the orange box), key dates and fee."""
    case = _case_or_404(request, number)
    fee = fees.fee_status(case)
    missing = selectors.submission_missing(case=case, fee=fee) if case.status == Status.UDFYLDT else None
    pending = missing.pending if missing is not None else []
    answerable = [p for p in pending if policies.can_answer_representation(request.user, p)]
    first_instance = policies.is_first_instance_staff(request.user, case)
    acts = first_instance and case.status == Status.INDSENDT
    return render(
        request,
        "workspaces/case_detail.html",
        _case_context(
            request,
            case,
            "oversigt",
            missing=missing,
            answerable=answerable,
            fee=fee,
            can_pay=can_pay_fee(request.user, case, fee=fee),
            is_draft_owner=policies.can_edit_draft(request.user, case),
            can_add_documents=policies.can_add_documents(request.user, case),
            can_remove_declined=bool(missing and missing.declined)
            and policies.can_remove_declined_complainant(request.user, case),
            correctable=[*pending, *missing.declined]
            if missing is not None and policies.can_correct_complainant(request.user, case)
            else [],
            # FI-4, FI-6, FI-7: the first instance's orange box, and what a reopened case tells whom.
            is_first_instance=first_instance,
            forwarding=forwarding_missing(case=case) if acts else None,
            response_form=response_form_of(case=case) if acts else None,
            reopened=case.status == Status.GENOPTAGET,
            is_board_caseworker=case.status == Status.GENOPTAGET and policies.is_board_caseworker(request.user, case),
            # BD-1..9: the appeals body's panel of actions (each action's page checks its own policy).
            body_staff=policies.is_board_caseworker(request.user, case),
        ),
    )


@access(CASE_VIEWERS, case="forwarded")
@login_required
@require_http_methods(["GET", "POST"])
@rate_limited("upload", when=is_upload)
def case_documents(request: HttpRequest, number: str) -> HttpResponse:
    """CW-3, DOC-5, FI-3: the documents this person may see, and "Tilføj dokumenter" at any open status; the
    first instance labels them as it uploads and afterwards, and is told which of the complaint's lack "Klage"."""
    case = _case_or_404(request, number)
    can_add = policies.can_add_documents(request.user, case)
    can_label = policies.can_label_documents(request.user, case)
    if request.method == "POST":
        user = request.user
        if not can_add or not isinstance(user, User):
            raise PermissionDenied
        files = request.FILES.getlist("files")
        here = reverse("workspaces:case_documents", kwargs={"number": case.number})
        if not files:
            messages.error(request, _("Vælg en eller flere filer."))
            return redirect(here)
        categories = []
        if can_label:
            labels = DocumentLabelsForm(request.POST)
            if not labels.is_valid():
                refusal = _("Vælg kategorier fra listen.")
                return upload_response(
                    request,
                    [UploadResult(name=f.name or "", ok=False, message=refusal, code="categories") for f in files],
                    redirect_url=here,
                )
            categories = list(labels.cleaned_data["categories"])
        results = uploads_accept(
            files=files, case=case, by=user, role=policies.upload_role(user, case), categories=categories
        )
        return upload_response(request, results, redirect_url=here)
    documents = document_rows(case=case, visible=policies.documents_visible_to(request.user, case, case_checked=True))
    labelable = (
        {row.pk for row in documents if policies.added_before_forwarding(case, row.added_at)} if can_label else set()
    )
    unlabelled = []
    if can_label:
        for link in complaint_documents_unlabelled(case=case):
            link.case = case
            if policies.can_label_document(request.user, link):
                unlabelled.append(link)
    return render(
        request,
        "workspaces/case_documents.html",
        _case_context(
            request,
            case,
            "dokumenter",
            documents=documents,
            can_add_documents=can_add,
            can_label=can_label,
            labelable=labelable,
            unlabelled=unlabelled,
            complaint_category=COMPLAINT_CATEGORY,
            labels_form=DocumentLabelsForm(
                auto_id="id_upload_%s",
                hint=_("Vælg en eller flere. Klagen og dens bilag skal mærkes „Klage“. I kan også mærke senere."),
            )
            if can_label and can_add
            else None,
            warn_first_instance=policies.is_first_instance_staff(request.user, case),
            download_base=reverse("workspaces:case_document_download", kwargs={"number": case.number, "pk": 0})[:-2],
            labels_base=reverse("workspaces:case_document_labels", kwargs={"number": case.number, "pk": 0})[:-2],
        ),
    )


@access(CASE_VIEWERS, case="forwarded")
@login_required
@require_GET
def case_document_download(request: HttpRequest, number: str, pk: int) -> HttpResponseBase:
    case = _case_or_404(request, number)
    link = CaseDocument.objects.select_related("document", "case").filter(case=case, pk=pk).first()
    if link is None or not policies.can_view_document(request.user, link):
        raise Http404
    return document_response(request, link.document)


@access(CASE_VIEWERS, case="forwarded")
@login_required
@require_GET
def case_parties(request: HttpRequest, number: str) -> HttpResponse:
    """CW-4, CW-5, FI-5: the case's parties; a pencil at each row the person may change the e-mail of, the flags a
    party without e-mail carries, "Tilføj parter" for the first instance and the representative for a complainant."""
    case = _case_or_404(request, number)
    user = request.user
    parties = list(selectors.parties_for_page(case=case, user=user))
    staff = policies.is_first_instance_staff(user, case) or policies.is_board_caseworker(user, case)
    return render(
        request,
        "workspaces/case_parties.html",
        _case_context(
            request,
            case,
            "parter",
            parties=parties,
            editable=policies.party_emails_changeable(user, case, parties),
            show_emails=staff,
            can_add_party=policies.can_add_party(user, case),
            can_change_representative=policies.can_change_representative(user, case),
            can_report_representative=policies.can_report_representative(user, case),
            has_representative=any(party.role == PartyRole.REPRESENTATIVE for party in parties),
        ),
    )


@access(CASE_VIEWERS, case="forwarded")
@login_required
@require_GET
def case_history(request: HttpRequest, number: str) -> HttpResponse:
    case = _case_or_404(request, number)
    return render(
        request,
        "workspaces/case_history.html",
        _case_context(request, case, "historik", events=selectors.case_history(case=case, user=request.user)),
    )

"""The page for supplementary information to a sent web appeal form (AS-52), for caseworkers with the form right
(AUTH-4). The citizen's CPR number is only ever posted, never put in a URL or a log line (X-4).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from klageportal.cases.models import Case
from klageportal.core.access import AUTHORITY_STAFF, Who, access
from klageportal.core.ids import as_id
from klageportal.core.masking import mask_cpr, mask_cpr_in_text
from klageportal.documents.downloads import document_response
from klageportal.documents.validation import ALLOWED_EXTENSIONS
from klageportal.forwarding import access as forwarding_access
from klageportal.forwarding import selectors
from klageportal.forwarding.access import ankeskema_required
from klageportal.forwarding.form.answers import Answers
from klageportal.forwarding.models import AnkeskemaSubmission, AnkeskemaSupplement
from klageportal.forwarding.supplements import services as supplements
from klageportal.forwarding.supplements.forms import SupplementForm, SupplementMatchForm


def _email_default(user) -> str:
    """The caseworker's own address, else the one the caseworker gave on the latest form they sent."""
    if user.email:
        return user.email
    latest = AnkeskemaSubmission.objects.filter(sent_by=user).values_list("data", flat=True).first()
    return str(Answers(latest).municipality.get("caseworker_email", ""))


@access(AUTHORITY_STAFF)
@ankeskema_required
@require_http_methods(["GET", "POST"])
def supplement(request):
    """AS-52: "Web-ankeskema til supplerende oplysninger": files and/or text to an earlier form."""
    if request.method == "GET" and "kvittering" in request.GET:
        return _supplement_receipt(request, request.GET["kvittering"])
    chosen: list[str] = []
    if request.method == "POST":
        form = SupplementForm(request.POST, request.FILES)
        files = request.FILES.getlist("files")
        chosen = [upload.name for upload in files]
        if form.is_valid():
            data = form.cleaned_data
            try:
                sent = supplements.supplement_send(
                    by=request.user,
                    text=data["text"],
                    files=files,
                    lobenummer=data["lobenummer"],
                    citizen_cpr=data["citizen_cpr"],
                    journal_number=data["journal_number"],
                    receipt_email=data["receipt_email"],
                )
            except supplements.SupplementRefused as refusal:
                for field, message in refusal.errors:
                    form.add_error(field, message)
            else:
                address = supplements.receipt_address(
                    by=request.user, submission=sent.submission, typed=data["receipt_email"]
                )
                if address:
                    messages.success(request, _("Kvitteringen er sendt til %(email)s.") % {"email": address})
                return redirect(f"{reverse('forwarding:supplement')}?kvittering={sent.pk}")
    else:
        form = SupplementForm(
            initial={
                "lobenummer": supplements.lobenummer_normalise(request.GET.get("lobenummer", ""))[:40],
                "receipt_email": _email_default(request.user),
            }
        )
    limits = supplements.supplement_limits()
    return render(
        request,
        "forwarding/supplement.html",
        {
            "appeals_body": selectors.appeals_body(),
            "form": form,
            "chosen_files": chosen,
            "max_file_bytes": limits.max_file_bytes,
            "max_total_bytes": limits.max_total_bytes,
            "allowed": ", ".join(f".{e}" for e in ALLOWED_EXTENSIONS),
            "accept": ",".join(f".{e}" for e in ALLOWED_EXTENSIONS),
        },
    )


def _supplement_receipt(request, pk: str):
    sent = (
        AnkeskemaSupplement.objects.select_related("submission__case", "authority", "sent_by")
        .filter(pk=as_id(pk) or 0)
        .first()
    )
    if sent is None or not supplements.supplement_visible_to(request.user, sent):
        raise Http404
    return render(
        request,
        "forwarding/supplement_receipt.html",
        {
            "appeals_body": selectors.appeals_body(),
            "supplement": sent,
            "documents": sent.documents.order_by("pk"),
            "masked_cpr": mask_cpr(sent.citizen_cpr),
            "masked_journal_number": mask_cpr_in_text(sent.journal_number),
        },
    )


# --- Ankestyrelsen: supplements no form matched (AS-52) --------------------------------------------------------

FORM_BOARD_STAFF = frozenset({Who.CASEWORKER})
"""The caseworkers of the board(s) the web appeal form sends to (in the matrix: the caseworker's own board)."""


def _matcher_required(request) -> None:
    if not forwarding_access.can_match_supplements(request.user):
        raise PermissionDenied


def _supplement_or_404(request, supplement: int) -> AnkeskemaSupplement:
    found = supplements.supplement_unmatched_for(user=request.user, pk=supplement)
    if found is None:
        raise Http404
    return found


def _shown(supplement: AnkeskemaSupplement) -> dict:
    return {
        "supplement": supplement,
        "masked_cpr": mask_cpr(supplement.citizen_cpr),
        "masked_journal_number": mask_cpr_in_text(supplement.journal_number),
        "documents": list(supplement.documents.all()),
    }


@access(FORM_BOARD_STAFF)
@login_required
@require_GET
def unmatched_list(request):
    """AS-52: the supplements that matched no form, for Ankestyrelsen to match to a case."""
    _matcher_required(request)
    rows = [_shown(supplement) for supplement in supplements.supplements_unmatched(user=request.user)[:200]]
    return render(request, "forwarding/supplements_unmatched.html", {"rows": rows})


@access(FORM_BOARD_STAFF)
@login_required
@require_http_methods(["GET", "POST"])
def unmatched_match(request, supplement: int):
    """Choose the case among the candidates (the citizen's CPR, the journal number), or type its number."""
    _matcher_required(request)
    found = _supplement_or_404(request, supplement)
    candidates = supplements.supplement_candidates(supplement=found, user=request.user)
    form = SupplementMatchForm(request.POST if request.method == "POST" else None, candidates=candidates)
    if request.method == "POST" and form.is_valid():
        typed = form.cleaned_data["number"]
        case: Case | None
        if typed:
            case = supplements.supplement_case_lookup(supplement=found, user=request.user, number=typed)
            if case is None:
                form.add_error(
                    "number",
                    _(
                        "Vi kan ikke finde en sag fra %(authority)s med sagsnummeret eller løbenummeret %(number)s "
                        "blandt dine nævns sager fra web-ankeskemaet."
                    )
                    % {"authority": found.authority.name, "number": typed},
                )
        else:
            case = next(c.case for c in candidates if str(c.case.pk) == form.cleaned_data["case"])
        if case is not None and not form.errors:
            try:
                supplements.supplement_match_case(supplement=found, case=case, by=request.user)
            except supplements.SupplementAlreadyMatched:
                raise Http404 from None
            messages.success(
                request,
                _("De supplerende oplysninger er knyttet til sag %(number)s.") % {"number": case.number},
            )
            return redirect("forwarding:supplements_unmatched")
    return render(
        request,
        "forwarding/supplement_match.html",
        {**_shown(found), "candidates": candidates, "form": form},
    )


@access(FORM_BOARD_STAFF)
@login_required
@require_GET
def unmatched_document(request, supplement: int, document: int):
    """One of an unmatched supplement's files, for the one matching it to read."""
    _matcher_required(request)
    found = _supplement_or_404(request, supplement)
    stored = found.documents.filter(pk=document).first()
    if stored is None:
        raise Http404
    return document_response(request, stored)

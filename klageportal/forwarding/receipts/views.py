"""The receipt of a sent form (AS-50), its PDF (AS-51) and the municipality's list of sent forms.

All are for caseworkers with the form right (AUTH-4). The løbenummer is no CPR number and may be in a URL.
"""

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from klageportal.core.access import AUTHORITY_STAFF, Who, access
from klageportal.core.masking import mask_cpr_in_text
from klageportal.forwarding import selectors
from klageportal.forwarding.access import ankeskema_required, base_context
from klageportal.forwarding.form.answers import Answers
from klageportal.forwarding.receipts import pdf


@access(frozenset({Who.FIRST_INSTANCE}), case="forwarded")
@ankeskema_required
@require_GET
def receipt_pdf(request, lobenummer: str):
    """Download the receipt PDF; another municipality's form is not found, whoever asks."""
    submission = selectors.submission_for_authority(lobenummer=lobenummer, authority=request.user.authority)
    if submission is None:
        raise Http404
    response = HttpResponse(pdf.receipt_pdf(submission), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=pdf.receipt_filename(submission)
    )
    return response


@access(frozenset({Who.FIRST_INSTANCE}), case="forwarded")
@ankeskema_required
@require_GET
def receipt(request, lobenummer: str):
    """AS-50: the løbenummer (Blanket ID) and the time; only the sending municipality sees it."""
    submission = selectors.submission_for_authority(lobenummer=lobenummer, authority=request.user.authority)
    if submission is None:
        raise Http404
    return render(request, "forwarding/receipt.html", base_context(request, submission=submission))


@access(AUTHORITY_STAFF)
@ankeskema_required
@require_GET
def sent_list(request):
    """The municipality's sent forms, newest first; CPR numbers in journal numbers are masked (AS-12, X-4)."""
    paginator = Paginator(selectors.submissions_for_authority(authority=request.user.authority), 50)
    page_obj = paginator.get_page(request.GET.get("side"))
    rows = [
        {
            "submission": submission,
            "journal_number": mask_cpr_in_text(submission.journal_number),
            "citizen": Answers(submission.data).citizen.get("citizen_name") or "",
        }
        for submission in page_obj
    ]
    return render(request, "forwarding/sent_list.html", base_context(request, rows=rows, page_obj=page_obj))

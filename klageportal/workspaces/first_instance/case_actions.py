"""The first instance's actions on an Indsendt case, reached from the orange box on the case's overview: the
response form (FI-4) and its Word template, Genoptag (FI-6) and Videresend til nævn (FI-7).

Only staff of the authority whose decision is appealed get past the gate; on a case that is no longer Indsendt
they are sent back to the overview with a message that says why.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from klageportal.cases import policies
from klageportal.cases.models import Case, Status
from klageportal.casework import response_documents, selectors
from klageportal.casework.services import first_instance as services
from klageportal.core.access import Who, access
from klageportal.core.ratelimits import is_upload, rate_limited
from klageportal.identity.kept import keeps_input_after_expiry
from klageportal.identity.models import User
from klageportal.workspaces.case.views import _case_context, case_for, overview_url, posted
from klageportal.workspaces.first_instance.case_action_forms import ForwardForm, ReopenForm, ResponseFormForm

FIRST_INSTANCE = frozenset({Who.FIRST_INSTANCE})


def _staff_case(request: HttpRequest, number: str) -> tuple[Case, User]:
    """The case, if the person is staff of its first instance (others: 404 when they cannot see it, else 403)."""
    return case_for(request, number, may=policies.is_first_instance_staff)


def _not_indsendt(request: HttpRequest, case: Case, what: str) -> HttpResponse | None:
    """Back to the overview with a message, unless the case is Indsendt (the only status the first instance acts in)."""
    if case.status == Status.INDSENDT:
        return None
    messages.error(
        request,
        _("%(what)s kan kun bruges, mens sagen har status Indsendt. Sagen har status %(status)s.")
        % {"what": what, "status": case.get_status_display()},
    )
    return redirect(overview_url(case))


@keeps_input_after_expiry
@access(FIRST_INSTANCE, case="forwarded")
@login_required
@require_http_methods(["GET", "POST"])
def response_form(request: HttpRequest, number: str) -> HttpResponse:
    """FI-4: fill in the response form, save it as a draft as often as needed, then attach it to the case."""
    case, user = _staff_case(request, number)
    if (back := _not_indsendt(request, case, _("Svarskemaet"))) is not None:
        return back
    saved = selectors.response_form_of(case=case)
    here = reverse("workspaces:response_form", kwargs={"number": case.number})
    if saved is not None and saved.is_attached:
        return render(
            request,
            "workspaces/first_instance/response_form_attached.html",
            _case_context(request, case, "oversigt", saved=saved),
        )
    form = ResponseFormForm(posted(request), initial=ResponseFormForm.initial_from(saved))
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.response_form_save(case=case, by=user, answers=form.answers())
            if request.POST.get("handling") == "vedhaeft":
                services.response_form_attach(case=case, by=user)
                messages.success(request, _("Svarskemaet er vedhæftet sagen som dokument."))
                return redirect(overview_url(case))
        except services.CaseworkRefused as refusal:
            form.add_error(refusal.field or None, refusal.message)
        else:
            messages.success(request, _("Svarskemaet er gemt som kladde. Du kan fortsætte senere."))
            return redirect(here)
    return render(
        request,
        "workspaces/first_instance/response_form.html",
        _case_context(request, case, "oversigt", form=form, saved=saved),
    )


@access(FIRST_INSTANCE, case="forwarded")
@login_required
@require_GET
def response_form_template(request: HttpRequest, number: str) -> HttpResponse:
    """FI-4: the response form as a Word document, to fill in and upload when the form cannot be used."""
    case, _user = _staff_case(request, number)
    response = HttpResponse(
        response_documents.response_form_docx(case), content_type=response_documents.DOCX_CONTENT_TYPE
    )
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=response_documents.response_form_template_filename(case)
    )
    return response


@keeps_input_after_expiry
@access(FIRST_INSTANCE, case="forwarded")
@login_required
@require_http_methods(["GET", "POST"])
@rate_limited("upload", when=is_upload)
def case_reopen(request: HttpRequest, number: str) -> HttpResponse:
    """FI-6 "Genoptag": the reasons as a document, the reminder to inform the parties, then the case closes."""
    case, user = _staff_case(request, number)
    if (back := _not_indsendt(request, case, _("Genoptag"))) is not None:
        return back
    form = ReopenForm(posted(request), request.FILES if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        results = services.case_reopen(case=case, by=user, files=[form.cleaned_data["reasons"]])
        refused = [result for result in results if not result.ok]
        if refused:
            form.add_error("reasons", refused[0].message)
        else:
            messages.success(
                request,
                _("Sagen er genoptaget og lukket i klageportalen. Husk at orientere klageren og sagens øvrige parter."),
            )
            return redirect(overview_url(case))
    return render(
        request,
        "workspaces/first_instance/case_reopen.html",
        _case_context(request, case, "oversigt", form=form),
    )


@keeps_input_after_expiry
@access(FIRST_INSTANCE, case="forwarded")
@login_required
@require_http_methods(["GET", "POST"])
def case_forward(request: HttpRequest, number: str) -> HttpResponse:
    """FI-7 "Videresend til nævn": what is missing, the reminders, and the confirmation that the decision stands."""
    case, user = _staff_case(request, number)
    if (back := _not_indsendt(request, case, _("Videresend til nævn"))) is not None:
        return back
    form = ForwardForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.case_forward(case=case, by=user, maintains_decision=form.cleaned_data["maintains_decision"])
        except services.CaseworkRefused as refusal:
            form.add_error(refusal.field or None, refusal.message)
        else:
            messages.success(
                request,
                _(
                    "Sagen er sendt videre til %(board)s. Husk at orientere sagens øvrige parter og at uploade "
                    "orienteringen på sagen."
                )
                % {"board": case.board.name},
            )
            return redirect(overview_url(case))
    return render(
        request,
        "workspaces/first_instance/case_forward.html",
        _case_context(request, case, "oversigt", form=form, forwarding=selectors.forwarding_missing(case=case)),
    )

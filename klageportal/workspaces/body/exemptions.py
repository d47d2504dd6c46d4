"""BD-4: the board's caseworker decides requests for exemption from digital self-service (KP-8): the list of
requests to the caseworker's boards, and a request's page where it is granted or refused with a deadline."""

from datetime import date

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from klageportal.cases import policies
from klageportal.cases.models import ExemptionRequest
from klageportal.cases.services.exemptions import (
    exemption_request_grant,
    exemption_request_refuse,
    suggested_file_deadline,
)
from klageportal.core.access import BODY_STAFF, Who, access
from klageportal.core.forms import DateGroupField, DkfdsForm
from klageportal.identity.kept import keeps_input_after_expiry
from klageportal.identity.models import User
from klageportal.workspaces.case.views import posted

GRANT, REFUSE = "grant", "refuse"


class ExemptionDecisionForm(DkfdsForm):
    """Grant or refuse; a refusal gives its reasons and the deadline to file in the portal."""

    decision = forms.ChoiceField(
        label=gettext_lazy("Afgørelse"),
        choices=[(GRANT, gettext_lazy("Imødekom anmodningen")), (REFUSE, gettext_lazy("Afslå anmodningen"))],
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Vælg, om anmodningen imødekommes eller afslås.")},
    )
    decision_reason = forms.CharField(
        label=gettext_lazy("Begrundelse"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6, "class": "form-input input-width-xl"}),
        help_text=gettext_lazy("Skal udfyldes ved afslag. Begrundelsen vises for den, der har sendt anmodningen."),
    )
    file_deadline = DateGroupField(
        label=gettext_lazy("Frist for at klage i klageportalen"),
        required=False,
        help_text=gettext_lazy(
            "Skal udfyldes ved afslag. Forslaget er 14 dage fra i dag; en frist på en weekend eller helligdag "
            "flyttes til næste hverdag."
        ),
    )

    def clean(self):
        data = super().clean() or {}
        if data.get("decision") != REFUSE:
            return data
        if not (data.get("decision_reason") or "").strip() and "decision_reason" not in self.errors:
            self.add_error("decision_reason", _("Skriv begrundelsen for afslaget."))
        deadline: date | None = data.get("file_deadline")
        if "file_deadline" in self.errors:
            return data
        if deadline is None:
            self.add_error("file_deadline", _("Skriv fristen for at klage i klageportalen."))
        elif deadline < timezone.localdate():
            self.add_error("file_deadline", _("Fristen kan ikke ligge før i dag."))
        return data


def _caseworker(request: HttpRequest) -> User:
    user = request.user
    if not policies.can_use_body_inbox(user):
        raise PermissionDenied
    return user


@access(BODY_STAFF)
@login_required
@require_GET
def body_exemptions(request: HttpRequest) -> HttpResponse:
    """BD-4: the requests to the caseworker's boards: those waiting for a decision first, then the decided."""
    user = _caseworker(request)
    requests = ExemptionRequest.objects.filter(policies.exemption_requests_for_body(user)).select_related(
        "board", "authority", "requested_by", "case"
    )
    return render(
        request,
        "workspaces/exemptions/body_list.html",
        {
            "pending": requests.filter(state=ExemptionRequest.State.PENDING).order_by("requested_at", "pk")[:200],
            "decided": requests.exclude(state=ExemptionRequest.State.PENDING).order_by("-decided_at", "-pk")[:200],
        },
    )


@keeps_input_after_expiry
@access(frozenset({Who.CASEWORKER}))
@login_required
@require_http_methods(["GET", "POST"])
def body_exemption_decide(request: HttpRequest, exemption: str) -> HttpResponse:
    """BD-4: a request's page: what was asked and why, and the decision (once)."""
    user = _caseworker(request)
    found = (
        ExemptionRequest.objects.select_related("board", "authority", "complaint_type", "requested_by", "decided_by")
        .filter(number=exemption)
        .first()
    )
    if found is None or not policies.can_view_exemption_request_as_body(user, found):
        raise Http404  # another board's request is nobody's business here
    can_decide = policies.can_decide_exemption_request(user, found)
    form = ExemptionDecisionForm(
        posted(request) if can_decide else None,
        initial={"file_deadline": suggested_file_deadline()},
    )
    if request.method == "POST" and not can_decide:
        messages.error(request, _("Anmodningen er allerede afgjort."))
        return redirect("workspaces:body_exemption_decide", exemption=found.number)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if data["decision"] == GRANT:
            exemption_request_grant(request=found, by=user, reason=data["decision_reason"])
            messages.success(request, _("Anmodningen %(number)s er imødekommet.") % {"number": found.number})
        else:
            decided = exemption_request_refuse(
                request=found, by=user, reason=data["decision_reason"], file_deadline=data["file_deadline"]
            )
            messages.success(
                request,
                _("Anmodningen %(number)s er afslået. Fristen for at klage i klageportalen er %(deadline)s.")
                % {"number": found.number, "deadline": date_format(decided.file_deadline or "", "j. F Y")},
            )
        return redirect("workspaces:body_exemptions")
    return render(
        request, "workspaces/exemptions/body_decide.html", {"exemption": found, "form": form, "can_decide": can_decide}
    )


urlpatterns: list[URLPattern] = [
    path("klageinstans/fritagelser/", body_exemptions, name="body_exemptions"),
    path("klageinstans/fritagelser/<str:exemption>/", body_exemption_decide, name="body_exemption_decide"),
]

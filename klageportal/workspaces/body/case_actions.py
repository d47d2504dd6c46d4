"""The appeals body's actions on a case's status, reached from its panel on the case's overview: "Skift status"
(BD-2), "Træf afgørelse" (BD-3, BD-9), "Afvis: ikke indgivet via klageportalen" (BD-7), "Afslut sagen",
principled treatment (BD-9), and "Genåbn sagen" for a case the first instance reopened by mistake (FI-6, BD-5).

Only caseworkers of the case's board get past the gate; where the case's status does not allow the action they
are sent back to the overview with a message that says why.
"""

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from klageportal.cases import policies
from klageportal.cases.models import Case, Status
from klageportal.casework.models import Decision
from klageportal.casework.services import decisions as services
from klageportal.casework.services.first_instance import CaseworkRefused
from klageportal.core.access import Who, access
from klageportal.core.forms import DkfdsForm
from klageportal.core.ratelimits import is_upload, rate_limited
from klageportal.identity.kept import keeps_input_after_expiry
from klageportal.identity.models import User
from klageportal.workspaces.case.views import _case_context, case_for, overview_url, posted

CASEWORKER = frozenset({Who.CASEWORKER})


# --- Forms ----------------------------------------------------------------------------------------------------


def _reason_field(label: Any, help_text: Any, *, required: bool) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=required,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-input input-width-xl"}),
    )


class StatusForm(DkfdsForm):
    """BD-2: the next status, from those the transition table allows, and a note for the history."""

    to = forms.ChoiceField(
        label=gettext_lazy("Ny status"),
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": gettext_lazy("Vælg en af de statusser, sagen kan skifte til.")},
    )
    reason = _reason_field(
        gettext_lazy("Begrundelse"),
        gettext_lazy(
            "Står i sagens historik, som parterne kan se. Skal udfyldes, når klagen er trukket tilbage: skriv, "
            "hvordan og hvornår klageren har trukket den tilbage."
        ),
        required=False,
    )

    def __init__(self, *args: Any, choices: list[Status], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        to = self.fields["to"]
        assert isinstance(to, forms.ChoiceField)
        to.choices = [(status.value, status.label) for status in choices]


class DecisionForm(DkfdsForm):
    """BD-3, BD-9: the decision as a PDF, its outcome, and whether it is a principafgørelse."""

    outcome = forms.ChoiceField(
        label=gettext_lazy("Resultat"),
        choices=Decision.Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Vælg afgørelsens resultat.")},
    )
    document = forms.FileField(
        label=gettext_lazy("Afgørelsen som PDF"),
        help_text=gettext_lazy("Alle sagens parter kan se afgørelsen."),
        error_messages={"required": gettext_lazy("Vælg afgørelsen som PDF-fil.")},
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,application/pdf"}),
    )
    principle_decision = forms.BooleanField(
        label=gettext_lazy("Afgørelsen er en principafgørelse, der skal offentliggøres"), required=False
    )


class DismissForm(DkfdsForm):
    """BD-7: the caseworker confirms the complaint did not come through the portal."""

    confirmed = forms.BooleanField(
        label=gettext_lazy("Klagen er ikke indgivet via klageportalen"),
        error_messages={
            "required": gettext_lazy("Sæt kryds for at bekræfte, at klagen ikke er indgivet via klageportalen.")
        },
    )


class RestoreForm(DkfdsForm):
    """FI-6, BD-5: why the case is restored; the complainant reads it in the case's history."""

    reason = _reason_field(
        gettext_lazy("Begrundelse for genåbningen"),
        gettext_lazy("Står i sagens historik, som klageren og førsteinstansen kan se."),
        required=True,
    )


# --- Views ----------------------------------------------------------------------------------------------------


def _body_case(request: HttpRequest, number: str) -> tuple[Case, User]:
    """The case, if the person is a caseworker of its board (others: 404 when they cannot see it, else 403)."""
    return case_for(request, number, may=policies.is_board_caseworker)


def _back(request: HttpRequest, case: Case, what: str) -> HttpResponse:
    """Back to the overview with why the action cannot be used on the case as it is."""
    messages.error(
        request,
        _("%(what)s kan ikke bruges, når sagen har status %(status)s.")
        % {"what": what, "status": case.get_status_display()},
    )
    return redirect(overview_url(case))


def _page(request: HttpRequest, case: Case, template: str, **extra: Any) -> HttpResponse:
    return render(request, f"workspaces/body/{template}", _case_context(request, case, "oversigt", **extra))


@keeps_input_after_expiry
@access(CASEWORKER, case="forwarded")
@login_required
@require_http_methods(["GET", "POST"])
def body_status_change(request: HttpRequest, number: str) -> HttpResponse:
    """BD-2: move the case to one of the statuses the table allows from where it is, with a note for the history."""
    case, user = _body_case(request, number)
    choices = services.status_choices(case)
    if not policies.can_change_body_status(user, case) or not choices:
        return _back(request, case, _("Skift status"))
    form = StatusForm(posted(request), choices=choices)
    if request.method == "POST" and form.is_valid():
        try:
            case = services.case_status_change(
                case=case, to=form.cleaned_data["to"], by=user, reason=form.cleaned_data["reason"]
            )
        except CaseworkRefused as refusal:
            form.add_error(refusal.field or None, refusal.message)
        else:
            messages.success(request, _("Sagen har nu status %(status)s.") % {"status": case.get_status_display()})
            return redirect(overview_url(case))
    return _page(request, case, "status_change.html", form=form)


@keeps_input_after_expiry
@access(CASEWORKER, case="forwarded")
@login_required
@require_http_methods(["GET", "POST"])
@rate_limited("upload", when=is_upload)
def body_decision(request: HttpRequest, number: str) -> HttpResponse:
    """BD-3, BD-9: upload the decision with its outcome; the case is Afgjort (or Afvist) and closed."""
    case, user = _body_case(request, number)
    if not policies.can_decide(user, case):
        return _back(request, case, _("Træf afgørelse"))
    form = DecisionForm(posted(request), request.FILES if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            results = services.case_decide(
                case=case,
                by=user,
                outcome=form.cleaned_data["outcome"],
                files=[form.cleaned_data["document"]],
                principle_decision=form.cleaned_data["principle_decision"],
            )
        except CaseworkRefused as refusal:
            form.add_error(refusal.field or None, refusal.message)
        else:
            refused = [result for result in results if not result.ok]
            if refused:
                form.add_error("document", refused[0].message)
            else:
                case.refresh_from_db(fields=["status"])
                messages.success(
                    request,
                    _("Afgørelsen er lagt på sagen, og sagen har nu status %(status)s. Alle parter kan se afgørelsen.")
                    % {"status": case.get_status_display()},
                )
                return redirect(overview_url(case))
    return _page(request, case, "decision.html", form=form)


@keeps_input_after_expiry
@access(CASEWORKER, case="forwarded")
@login_required
@require_http_methods(["GET", "POST"])
def body_dismiss_not_via_portal(request: HttpRequest, number: str) -> HttpResponse:
    """BD-7: dismiss a complaint not filed through the portal; the page says so when the rule does not apply."""
    case, user = _body_case(request, number)
    if not policies.can_dismiss_not_via_portal(user, case):
        return _back(request, case, _("Afvisning"))
    obstacle = services.not_via_portal_obstacle(case)
    form = DismissForm(posted(request))
    if request.method == "POST" and not obstacle and form.is_valid():
        try:
            services.case_dismiss_not_via_portal(case=case, by=user)
        except CaseworkRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("Klagen er afvist, fordi den ikke er indgivet via klageportalen."))
            return redirect(overview_url(case))
    return _page(request, case, "dismiss.html", form=form, obstacle=obstacle)


@access(CASEWORKER, case="forwarded", method="POST")
@login_required
@require_POST
def body_case_close(request: HttpRequest, number: str) -> HttpResponse:
    """ "Afslut sagen": a decided, dismissed or withdrawn case becomes Afsluttet."""
    case, user = _body_case(request, number)
    if not policies.can_close_case(user, case):
        return _back(request, case, _("Afslut sagen"))
    services.case_close(case=case, by=user)
    messages.success(request, _("Sagen er afsluttet."))
    return redirect(overview_url(case))


@access(CASEWORKER, case="forwarded", method="POST")
@login_required
@require_POST
def body_principled(request: HttpRequest, number: str) -> HttpResponse:
    """BD-9: mark the case for principled treatment ("ja"), or take the mark off ("nej")."""
    case, user = _body_case(request, number)
    if not policies.can_mark_principled(user, case):
        return _back(request, case, _("Principiel behandling"))
    choice = request.POST.get("principled")
    if choice not in ("ja", "nej"):
        messages.error(request, _("Vælg, om sagen skal udvælges til principiel behandling."))
        return redirect(overview_url(case))
    services.case_principled_mark(case=case, by=user, principled=choice == "ja")
    messages.success(
        request,
        _("Sagen er udvalgt til principiel behandling.")
        if choice == "ja"
        else _("Sagen er ikke længere udvalgt til principiel behandling."),
    )
    return redirect(overview_url(case))


@access(CASEWORKER, case="forwarded", method="POST")
@login_required
@require_POST
def body_principle_decision(request: HttpRequest, number: str) -> HttpResponse:
    """BD-9: mark the decision as a principafgørelse for publication ("ja"), or take the mark off ("nej")."""
    case, user = _body_case(request, number)
    if not policies.can_mark_principle_decision(user, case):
        return _back(request, case, _("Principafgørelse"))
    choice = request.POST.get("principle_decision")
    if choice not in ("ja", "nej"):
        messages.error(request, _("Vælg, om afgørelsen er en principafgørelse."))
        return redirect(overview_url(case))
    try:
        services.decision_principle_mark(case=case, by=user, principle_decision=choice == "ja")
    except CaseworkRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(
            request,
            _("Afgørelsen er markeret som principafgørelse til offentliggørelse.")
            if choice == "ja"
            else _("Afgørelsen er ikke længere markeret som principafgørelse."),
        )
    return redirect(overview_url(case))


@keeps_input_after_expiry
@access(CASEWORKER, case="forwarded")
@login_required
@require_http_methods(["GET", "POST"])
def body_case_restore(request: HttpRequest, number: str) -> HttpResponse:
    """FI-6, BD-5: restore a case the first instance reopened by mistake; it is back in its inbox as Indsendt."""
    case, user = _body_case(request, number)
    if not policies.can_restore_case(user, case):
        return _back(request, case, _("Genåbn sagen"))
    form = RestoreForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.case_restore(case=case, by=user, reason=form.cleaned_data["reason"])
        except CaseworkRefused as refusal:
            form.add_error(refusal.field or None, refusal.message)
        else:
            # The case is the first instance's again; the board sees it once it is forwarded.
            messages.success(
                request,
                _("Sag %(number)s er genåbnet og ligger igen hos førsteinstansen med status Indsendt.")
                % {"number": case.number},
            )
            return redirect("workspaces:body_inbox")
    return _page(request, case, "restore.html", form=form)


urlpatterns: list[URLPattern] = [
    path("sag/<str:number>/klageinstans/status/", body_status_change, name="body_status_change"),
    path("sag/<str:number>/klageinstans/afgoerelse/", body_decision, name="body_decision"),
    path("sag/<str:number>/klageinstans/afvis/", body_dismiss_not_via_portal, name="body_dismiss_not_via_portal"),
    path("sag/<str:number>/klageinstans/afslut/", body_case_close, name="body_case_close"),
    path("sag/<str:number>/klageinstans/principiel/", body_principled, name="body_principled"),
    path("sag/<str:number>/klageinstans/principafgoerelse/", body_principle_decision, name="body_principle_decision"),
    path("sag/<str:number>/klageinstans/genaabn/", body_case_restore, name="body_case_restore"),
]
"""The appeals body's pages: each area's URLs are declared in its own module, beside its views."""

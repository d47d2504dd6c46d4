"""KP-8 for the requester: "Anmod om fritagelse for digital selvbetjening" from Mine klager, the form and the
list of the person's requests with the board's answer (and the deadline to file when refused)."""

from datetime import date

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from klageportal.cases import policies
from klageportal.cases.models import ExemptionRequest
from klageportal.cases.services.exemptions import exemption_request_send
from klageportal.catalog.models import Authority, Channel, ComplaintType
from klageportal.core.access import PEOPLE_AND_COMPANIES, access
from klageportal.core.forms import DateGroupField, DkfdsForm
from klageportal.identity.kept import keeps_input_after_expiry
from klageportal.registers.numbers import clean_cpr
from klageportal.workspaces.case.views import posted


def complaint_type_choices() -> list:
    """The complaint types filed in the portal, grouped by board (an exemption is from filing here)."""
    groups: dict[str, list] = {}
    types = ComplaintType.objects.filter(is_active=True).select_related("board", "board__body")
    for complaint_type in types.order_by("board__name", "position", "name"):
        version = complaint_type.version_at()
        if complaint_type.board.body.slug == "ankestyrelsen" or version is None or version.channel != Channel.FILING:
            continue
        groups.setdefault(complaint_type.board.name, []).append((str(complaint_type.pk), complaint_type.label))
    return [("", gettext_lazy("Vælg klagetype")), *groups.items()]


class ExemptionRequestForm(DkfdsForm):
    """KP-8: who the citizen is, the decision complained about and why the citizen cannot file digitally."""

    citizen_name = forms.CharField(
        label=gettext_lazy("Borgerens navn"),
        max_length=200,
        error_messages={"required": gettext_lazy("Skriv borgerens fulde navn.")},
    )
    citizen_cpr = forms.CharField(
        label=gettext_lazy("Borgerens CPR-nummer"),
        max_length=20,
        help_text=gettext_lazy("10 cifre, fx 010203-1234."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
        error_messages={"required": gettext_lazy("Skriv borgerens CPR-nummer.")},
    )
    citizen_address = forms.CharField(
        label=gettext_lazy("Borgerens adresse"),
        max_length=300,
        help_text=gettext_lazy("Vej, husnummer, postnummer og by."),
        error_messages={"required": gettext_lazy("Skriv borgerens adresse.")},
    )
    complaint_type = forms.ChoiceField(
        label=gettext_lazy("Klagenævn og klagetype"),
        help_text=gettext_lazy("Det klagenævn og den type afgørelse, borgeren vil klage over."),
        error_messages={
            "required": gettext_lazy("Vælg en klagetype."),
            "invalid_choice": gettext_lazy("Vælg en klagetype."),
        },
    )
    authority = forms.ModelChoiceField(
        label=gettext_lazy("Myndighed, der har truffet afgørelsen"),
        queryset=Authority.objects.order_by("name"),
        empty_label=gettext_lazy("Vælg myndighed"),
        help_text=gettext_lazy("Som regel kommunen. Den får straks besked om, at en klage er på vej."),
        widget=forms.Select(attrs={"data-searchable": ""}),
        error_messages={
            "required": gettext_lazy("Vælg den myndighed, der har truffet afgørelsen."),
            "invalid_choice": gettext_lazy("Vælg den myndighed, der har truffet afgørelsen."),
        },
    )
    decision_date = DateGroupField(
        label=gettext_lazy("Afgørelsens dato"), help_text=gettext_lazy("Datoen står i afgørelsen. Fx 27 3 2026.")
    )
    decision_reference = forms.CharField(
        label=gettext_lazy("Afgørelsens journalnummer eller reference"),
        max_length=200,
        required=False,
        help_text=gettext_lazy("Hvis afgørelsen har et."),
    )
    reason = forms.CharField(
        label=gettext_lazy("Begrundelse"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 8, "class": "form-input input-width-xl"}),
        help_text=gettext_lazy(
            "Hvorfor kan borgeren ikke bruge digital selvbetjening? Fx kognitiv eller fysisk funktionsnedsættelse, "
            "demens eller et særligt handicap."
        ),
        error_messages={"required": gettext_lazy("Skriv, hvorfor borgeren skal fritages.")},
    )
    digital_post_exempt = forms.BooleanField(
        label=gettext_lazy("Borgeren er også fritaget for Digital Post"), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["complaint_type"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = complaint_type_choices()

    def clean_citizen_cpr(self) -> str:
        cpr = clean_cpr(self.cleaned_data["citizen_cpr"])
        if cpr is None:
            raise ValidationError(_("CPR-nummeret skal have 10 cifre og begynde med en gyldig fødselsdato."))
        return cpr

    def clean_complaint_type(self) -> ComplaintType:
        # The choice is one of those offered (the field checks it); the type itself is read here.
        complaint_type = ComplaintType.objects.select_related("board").filter(pk=self.cleaned_data["complaint_type"])
        if not complaint_type.exists():
            raise ValidationError(_("Vælg en klagetype."))
        return complaint_type.get()

    def clean_decision_date(self) -> date:
        value: date = self.cleaned_data["decision_date"]
        if value > timezone.localdate():
            raise ValidationError(_("Afgørelsens dato kan ikke ligge i fremtiden."))
        if value.year < 1900:
            raise ValidationError(_("Datoen kan ikke ligge før år 1900."))
        return value


@keeps_input_after_expiry
@access(PEOPLE_AND_COMPANIES)
@login_required
@require_http_methods(["GET", "POST"])
def party_exemptions(request: HttpRequest) -> HttpResponse:
    """KP-8: the form to ask for an exemption, and the person's requests with the board's answers."""
    user = request.user
    if not policies.can_request_exemption(user):
        raise PermissionDenied
    form = ExemptionRequestForm(posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        sent = exemption_request_send(
            by=user,
            complaint_type=data["complaint_type"],
            authority=data["authority"],
            decision_reference=data["decision_reference"],
            decision_date=data["decision_date"],
            citizen_name=data["citizen_name"],
            citizen_cpr=data["citizen_cpr"],
            citizen_address=data["citizen_address"],
            reason=data["reason"],
            digital_post_exempt=data["digital_post_exempt"],
        )
        messages.success(
            request,
            _("Anmodningen %(number)s er sendt til %(board)s.") % {"number": sent.number, "board": sent.board.name},
        )
        if sent.authority.email:
            messages.info(
                request,
                _("%(authority)s har fået besked om, at en klage er på vej.") % {"authority": sent.authority.name},
            )
        else:
            # KP-8: without an official address on file, the representative tells the municipality.
            messages.warning(
                request,
                _(
                    "Vi har ingen e-mailadresse til %(authority)s. Giv selv myndigheden besked om, at en klage er "
                    "på vej, fx pr. brev eller telefon."
                )
                % {"authority": sent.authority.name},
            )
        return redirect("workspaces:party_exemptions")
    requests = (
        ExemptionRequest.objects.filter(policies.exemption_requests_of_requester(user))
        .select_related("board", "authority", "complaint_type", "case")
        .order_by("-requested_at", "-pk")[:200]
    )
    return render(request, "workspaces/exemptions/party.html", {"form": form, "requests": requests})


urlpatterns = [
    path("mine-klager/fritagelse/", party_exemptions, name="party_exemptions"),
]

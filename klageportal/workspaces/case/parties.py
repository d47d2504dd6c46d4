"""The Parter tab's actions: the first instance adds parties (FI-5), a complainant removes or replaces the
representative or, once the board has the case, sends a document about it (CW-4), and a party changes the e-mail
used for it on the case (CW-5). The services decide; these views ask the policies only to show or refuse a page."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from klageportal.cases import policies
from klageportal.cases.models import Case, Party, PartyKind, PartyRole
from klageportal.cases.services.parties import party_propose
from klageportal.casework.services import parties as casework_parties
from klageportal.core.access import Who, access
from klageportal.core.forms import DkfdsForm
from klageportal.core.ratelimits import is_upload, rate_limited
from klageportal.core.uploads import upload_response
from klageportal.identity.kept import keeps_input_after_expiry
from klageportal.identity.models import User
from klageportal.registers.numbers import clean_cpr, clean_cvr, digits
from klageportal.workspaces.case.views import _case_context, _case_or_404, posted

KIND_CHOICES = [
    (PartyKind.PERSON, gettext_lazy("En privatperson (CPR-nummer)")),
    (PartyKind.COMPANY, gettext_lazy("En virksomhed (CVR-nummer)")),
]


def _number(form: forms.Form, kind: str | None, number: str) -> tuple[str, str]:
    """(cpr, cvr) from the number typed for the kind chosen; an error at the field when it is not valid."""
    if not number or not kind:
        return "", ""
    if kind == PartyKind.PERSON:
        cpr = clean_cpr(number)
        if cpr is None:
            form.add_error("number", _("CPR-nummeret skal have 10 cifre og begynde med en gyldig fødselsdato."))
        return cpr or "", ""
    cvr = clean_cvr(number)
    if cvr is None:
        form.add_error("number", _("CVR-nummeret er ikke gyldigt. Det skal have 8 cifre."))
    return "", cvr or ""


def _wide_email() -> forms.EmailInput:
    return forms.EmailInput(attrs={"class": "form-input input-width-xl", "autocomplete": "off"})


class PartyAddForm(DkfdsForm):
    """FI-5: a party the first instance adds; without e-mail, its own address is used and the board writes by post."""

    name = forms.CharField(
        label=gettext_lazy("Navn"), max_length=200, widget=forms.TextInput(attrs={"class": "form-input input-width-xl"})
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("Parten er"),
        choices=KIND_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Vælg, om parten er en privatperson eller en virksomhed.")},
    )
    number = forms.CharField(
        label=gettext_lazy("CPR- eller CVR-nummer"),
        max_length=20,
        required=False,
        help_text=gettext_lazy(
            "Kan udelades. Med nummeret kan parten selv logge ind og se sagen, når nævnet har bekræftet parten."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )
    email = forms.EmailField(
        label=gettext_lazy("E-mail"),
        required=False,
        help_text=gettext_lazy("Skal udfyldes, medmindre parten ingen e-mail har."),
        widget=_wide_email(),
    )
    no_email = forms.BooleanField(
        label=gettext_lazy("Parten har ingen e-mail"),
        required=False,
        help_text=gettext_lazy("Så bruges jeres e-mailadresse, og nævnet skriver til parten med post."),
    )
    digital_post_exempt = forms.BooleanField(label=gettext_lazy("Parten er fritaget for Digital Post"), required=False)
    address = forms.CharField(
        label=gettext_lazy("Adresse"),
        max_length=300,
        required=False,
        help_text=gettext_lazy("Vej, husnummer, postnummer og by. Skal udfyldes, når parten ingen e-mail har."),
        widget=forms.TextInput(attrs={"class": "form-input input-width-xl", "autocomplete": "off"}),
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        data["cpr"], data["cvr"] = _number(self, data.get("kind"), digits(data.get("number", "")))
        if data.get("no_email"):
            if data.get("email") and "email" not in self.errors:
                self.add_error("email", _("Skriv ingen e-mail, når du har sat kryds ved „Parten har ingen e-mail“."))
            if not data.get("address"):
                self.add_error("address", _("Skriv partens adresse, så nævnet kan skrive til parten med post."))
        elif not data.get("email") and "email" not in self.errors:
            self.add_error("email", _("Skriv partens e-mail, eller sæt kryds ved „Parten har ingen e-mail“."))
        return data


class RepresentativeForm(DkfdsForm):
    """CW-4: the representative a complainant names instead of the former one."""

    kind = forms.ChoiceField(
        label=gettext_lazy("Den nye repræsentant er"),
        choices=KIND_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Vælg, om repræsentanten er en privatperson eller en virksomhed.")},
    )
    number = forms.CharField(
        label=gettext_lazy("CPR- eller CVR-nummer"),
        max_length=20,
        help_text=gettext_lazy("Repræsentanten ser sagen, når de logger ind med MitID med dette nummer."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )
    name = forms.CharField(
        label=gettext_lazy("Navn"), max_length=200, widget=forms.TextInput(attrs={"class": "form-input input-width-xl"})
    )
    email = forms.EmailField(
        label=gettext_lazy("E-mail"),
        help_text=gettext_lazy("Repræsentanten får besked om sagen på denne adresse."),
        widget=_wide_email(),
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        data["cpr"], data["cvr"] = _number(self, data.get("kind"), digits(data.get("number", "")))
        return data


class EmailForm(DkfdsForm):
    email = forms.EmailField(
        label=gettext_lazy("E-mail"),
        help_text=gettext_lazy("Besked om nyt i sagen sendes fremover til denne adresse."),
        widget=forms.EmailInput(attrs={"class": "form-input input-width-xl", "autocomplete": "email"}),
    )


def _parties_url(case) -> str:
    return reverse("workspaces:case_parties", kwargs={"number": case.number})


def _user(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user


@keeps_input_after_expiry
@access(frozenset({Who.FIRST_INSTANCE}), case="indsendt")
@login_required
@require_http_methods(["GET", "POST"])
def party_add(request: HttpRequest, number: str) -> HttpResponse:
    """FI-5: "Tilføj parter" for the first instance's staff while the case is Indsendt."""
    case = _case_or_404(request, number)
    user = _user(request)
    if not policies.can_add_party(user, case):
        raise PermissionDenied
    return party_add_page(
        request,
        case=case,
        form=PartyAddForm(posted(request)),
        add=lambda **fields: party_propose(case=case, by=user, **fields),
        back_url=_parties_url(case),
        template="workspaces/parties/add.html",
    )


def party_add_page(
    request: HttpRequest,
    *,
    case: Case,
    form: PartyAddForm,
    add: Callable[..., Party],
    back_url: str,
    template: str,
) -> HttpResponse:
    """The "Tilføj part" page of the first instance (a proposed party) and of the appeals body (a party at once):
    the form, the party added with what was typed, and back to the parties or to a new form ("Tilføj endnu en")."""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = ("name", "kind", "cpr", "cvr", "email", "address", "no_email", "digital_post_exempt")
        party = add(**{name: data[name] for name in fields})
        messages.success(request, _("%(name)s er tilføjet som part.") % {"name": party.name})
        if "another" in request.POST:
            return redirect(request.path)
        return redirect(back_url)
    return render(request, template, _case_context(request, case, "parter", form=form, back_url=back_url))


@keeps_input_after_expiry
@access(frozenset({Who.COMPLAINANT}), case="indsendt")
@login_required
@require_http_methods(["GET", "POST"])
@rate_limited("upload", when=is_upload)
def representative(request: HttpRequest, number: str) -> HttpResponse:
    """CW-4: while Indsendt, name another representative; once the board has the case, send a document instead."""
    case = _case_or_404(request, number)
    user = _user(request)
    current = list(case.parties.filter(policies.ACTIVE, role=PartyRole.REPRESENTATIVE).order_by("pk"))
    if policies.can_report_representative(user, case):
        if request.method == "POST":
            files = request.FILES.getlist("files")
            if not files:
                messages.error(request, _("Vælg en eller flere filer."))
                return redirect(request.path)
            results = casework_parties.representation_documents_add(case=case, by=user, files=files)
            return upload_response(request, results, redirect_url=_parties_url(case))
        return render(
            request,
            "workspaces/parties/representative_document.html",
            _case_context(request, case, "parter", current=current, back_url=_parties_url(case)),
        )
    if not policies.can_change_representative(user, case):
        raise PermissionDenied
    form = RepresentativeForm(posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        party, _link = casework_parties.representative_replace(
            case=case,
            by=user,
            name=data["name"],
            kind=data["kind"],
            cpr=data["cpr"],
            cvr=data["cvr"],
            email=data["email"],
        )
        messages.success(
            request,
            _("%(name)s repræsenterer dig nu i sagen. Et dokument med ændringen er lagt på sagen.")
            % {"name": party.name},
        )
        return redirect(_parties_url(case))
    return render(
        request,
        "workspaces/parties/representative.html",
        _case_context(request, case, "parter", form=form, current=current, back_url=_parties_url(case)),
    )


@access(frozenset({Who.COMPLAINANT}), case="indsendt")
@login_required
@require_http_methods(["GET", "POST"])
def representative_remove(request: HttpRequest, number: str) -> HttpResponse:
    """CW-4: "Vil du fjerne din repræsentant?" — a page of its own, so that it works without script."""
    case = _case_or_404(request, number)
    user = _user(request)
    if not policies.can_change_representative(user, case):
        raise PermissionDenied
    current = list(case.parties.filter(policies.ACTIVE, role=PartyRole.REPRESENTATIVE).order_by("pk"))
    if not current:
        messages.info(request, _("Du har ingen repræsentant i sagen."))
        return redirect(_parties_url(case))
    if request.method == "POST":
        casework_parties.representative_remove(case=case, by=user)
        messages.success(
            request,
            _("%(names)s repræsenterer dig ikke længere i sagen. Et dokument med ændringen er lagt på sagen.")
            % {"names": ", ".join(party.name for party in current)},
        )
        return redirect(_parties_url(case))
    return render(
        request,
        "workspaces/parties/representative_remove.html",
        _case_context(request, case, "parter", current=current, back_url=_parties_url(case)),
    )


@keeps_input_after_expiry
@access(frozenset({Who.COMPLAINANT}), case="forwarded")
@login_required
@require_http_methods(["GET", "POST"])
def party_email(request: HttpRequest, number: str, party: int) -> HttpResponse:
    """CW-5: "Ret e-mail for <navn>": the e-mail used for this party on this case."""
    case = _case_or_404(request, number)
    user = _user(request)
    row = Party.objects.select_related("case").filter(case=case, pk=party).first()
    if row is None:
        raise Http404
    if not policies.can_change_party_email(user, row):
        raise PermissionDenied
    form = EmailForm(posted(request), initial={"email": "" if row.no_email else row.email})
    if request.method == "POST" and form.is_valid():
        link = casework_parties.party_email_change(party=row, by=user, email=form.cleaned_data["email"])
        if link is None:
            messages.info(request, _("E-mailen er ikke ændret."))
        else:
            messages.success(
                request,
                _("E-mailen for %(name)s er ændret. Et dokument med de nye kontaktoplysninger er lagt på sagen.")
                % {"name": row.name},
            )
        return redirect(_parties_url(case))
    return render(
        request,
        "workspaces/parties/email.html",
        _case_context(request, case, "parter", form=form, party=row, back_url=_parties_url(case)),
    )

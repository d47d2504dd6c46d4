"""The appeals body's work on who takes part in a case and what they see (BD-5, BD-8, X-6): confirming or removing
the parties the first instance proposed, adding a party, sending documents for the parties' comments (høring)
and restricting who sees a document. The services decide; these views ask the policies only to show or refuse a
page, and each answer takes the person back to the tab the action started from."""

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from klageportal.cases import policies
from klageportal.cases.models import Case, Party
from klageportal.cases.services.body import party_add_as_body, party_confirm, party_remove
from klageportal.casework.services.hearings import hearing_deadline_suggested, hearing_send
from klageportal.core.access import Who, access
from klageportal.core.forms import DateGroupField, DkfdsForm
from klageportal.documents.models import CaseDocument
from klageportal.documents.services import case_document_restrict, case_document_unrestrict
from klageportal.identity.kept import keeps_input_after_expiry
from klageportal.identity.models import User
from klageportal.workspaces.case.parties import PartyAddForm, party_add_page
from klageportal.workspaces.case.views import _case_context, case_for, posted

CASEWORKER = frozenset({Who.CASEWORKER})


class ReasonForm(DkfdsForm):
    reason = forms.CharField(
        label=gettext_lazy("Begrundelse"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4, "class": "form-input input-width-xl"}),
    )


class BodyPartyAddForm(PartyAddForm):
    """BD-5: a party the appeals body adds; it has party status at once, and without e-mail gets letters by post."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["number"].help_text = gettext_lazy(
            "Kan udelades. Med nummeret kan parten selv logge ind og se sagen."
        )
        self.fields["no_email"].help_text = gettext_lazy("Så skriver nævnet til parten med post.")


class _DocumentChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        if obj.restricted:
            return _("%(name)s (begrænset adgang)") % {"name": obj.document.original_name}
        return str(obj.document.original_name)


class _PartyChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.get_role_display()})"


class HearingForm(DkfdsForm):
    """BD-8: which documents, to which parties, the covering text and the reply deadline."""

    documents = _DocumentChoice(
        label=gettext_lazy("Dokumenter"),
        queryset=CaseDocument.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy(
            "De dokumenter, parterne skal kommentere. Et dokument med begrænset adgang kan ikke sendes."
        ),
        error_messages={"required": gettext_lazy("Vælg de dokumenter, parterne skal kommentere.")},
    )
    parties = _PartyChoice(
        label=gettext_lazy("Parter"),
        queryset=Party.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy(
            "Parterne får en e-mail med svarfristen og et link til sagen, aldrig selve dokumenterne."
        ),
        error_messages={"required": gettext_lazy("Vælg de parter, der skal høres.")},
    )
    text = forms.CharField(
        label=gettext_lazy("Følgebrev"),
        max_length=4000,
        help_text=gettext_lazy("Kort om, hvad parterne skal forholde sig til. Parterne ser teksten på sagen."),
        widget=forms.Textarea(attrs={"rows": 5, "class": "form-input input-width-xl"}),
    )
    deadline = DateGroupField(
        label=gettext_lazy("Svarfrist"),
        help_text=gettext_lazy("Fx 27 3 2026. Forslaget er 14 dage fra i dag, flyttet forbi weekender og helligdage."),
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        documents = self.fields["documents"]
        parties = self.fields["parties"]
        assert isinstance(documents, forms.ModelMultipleChoiceField)
        assert isinstance(parties, forms.ModelMultipleChoiceField)
        documents.queryset = case.documents.select_related("document").order_by("added_at", "pk")
        parties.queryset = case.parties.filter(policies.HEARING_PARTIES).order_by("pk")


def _user(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user


def _body_case(request: HttpRequest, number: str) -> tuple[Case, User]:
    """The case, if this person may see it (else 404), and the person, if the body may act on it (else 403)."""
    return case_for(request, number, may=policies.can_act_as_body)


def _tab(case: Case, name: str) -> str:
    return reverse(f"workspaces:{name}", kwargs={"number": case.number})


def _party(case: Case, pk: int) -> Party:
    party = Party.objects.select_related("case").filter(case=case, pk=pk).first()
    if party is None:
        raise Http404
    return party


def _link(case: Case, pk: int) -> CaseDocument:
    link = CaseDocument.objects.select_related("case", "document").filter(case=case, pk=pk).first()
    if link is None:
        raise Http404
    return link


@access(CASEWORKER, case="forwarded")
@login_required
@require_http_methods(["GET", "POST"])
def party_confirm_view(request: HttpRequest, number: str, party: int) -> HttpResponse:
    """BD-8: "Bekræft partsstatus" for a party the first instance proposed; from then on it sees the case."""
    case, user = _body_case(request, number)
    row = _party(case, party)
    back = _tab(case, "case_parties")
    if row.removed_at is not None:
        messages.info(request, _("%(name)s er fjernet som part.") % {"name": row.name})
        return redirect(back)
    if not policies.can_confirm_party(user, row):
        messages.info(request, _("%(name)s har allerede partsstatus.") % {"name": row.name})
        return redirect(back)
    if request.method == "POST":
        party_confirm(party=row, by=user)
        messages.success(request, _("%(name)s er bekræftet som part og kan nu se sagen.") % {"name": row.name})
        return redirect(back)
    return render(
        request, "workspaces/body/party_confirm.html", _case_context(request, case, "parter", party=row, back_url=back)
    )


@keeps_input_after_expiry
@access(CASEWORKER, case="forwarded")
@login_required
@require_http_methods(["GET", "POST"])
def party_remove_view(request: HttpRequest, number: str, party: int) -> HttpResponse:
    """BD-8: "Fjern som part", with a reason that goes into the history; the party sees nothing of the case."""
    case, user = _body_case(request, number)
    row = _party(case, party)
    back = _tab(case, "case_parties")
    if not policies.can_remove_party(user, row):
        messages.info(request, _("%(name)s kan ikke fjernes som part her.") % {"name": row.name})
        return redirect(back)
    form = ReasonForm(posted(request))
    if request.method == "POST" and form.is_valid():
        party_remove(party=row, reason=form.cleaned_data["reason"], by=user)
        messages.success(request, _("%(name)s er fjernet som part.") % {"name": row.name})
        return redirect(back)
    return render(
        request,
        "workspaces/body/party_remove.html",
        _case_context(request, case, "parter", party=row, form=form, back_url=back),
    )


@keeps_input_after_expiry
@access(CASEWORKER, case="forwarded")
@login_required
@require_http_methods(["GET", "POST"])
def party_add_view(request: HttpRequest, number: str) -> HttpResponse:
    """BD-5: "Tilføj part" for the board's caseworker while the body has the case."""
    case, user = _body_case(request, number)
    policies.require(policies.can_add_party_as_body(user, case))
    return party_add_page(
        request,
        case=case,
        form=BodyPartyAddForm(posted(request)),
        add=lambda **fields: party_add_as_body(case=case, by=user, **fields),
        back_url=_tab(case, "case_parties"),
        template="workspaces/body/party_add.html",
    )


@keeps_input_after_expiry
@access(CASEWORKER, case="forwarded")
@login_required
@require_http_methods(["GET", "POST"])
def hearing_send_view(request: HttpRequest, number: str) -> HttpResponse:
    """BD-8: "Send i høring": documents of the case to parties, with a covering text and a reply deadline."""
    case, user = _body_case(request, number)
    policies.require(policies.can_send_hearing(user, case))
    form = HearingForm(posted(request), case=case, initial={"deadline": hearing_deadline_suggested()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            hearing = hearing_send(
                case=case,
                by=user,
                documents=data["documents"],
                parties=data["parties"],
                text=data["text"],
                deadline=data["deadline"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Dokumenterne er sendt i høring. Parterne skal svare senest %(date)s.")
                % {"date": date_format(hearing.deadline, "DATE_FORMAT")},
            )
            return redirect(_tab(case, "case_detail"))
    return render(
        request,
        "workspaces/body/hearing_send.html",
        _case_context(request, case, "dokumenter", form=form, back_url=_tab(case, "case_documents")),
    )


@keeps_input_after_expiry
@access(CASEWORKER, case="forwarded")
@login_required
@require_http_methods(["GET", "POST"])
def document_restrict_view(request: HttpRequest, number: str, pk: int) -> HttpResponse:
    """X-6: "Begræns adgang" to a document, with a reason; only the board and whoever added it see it then."""
    case, user = _body_case(request, number)
    link = _link(case, pk)
    policies.require(policies.can_restrict_document(user, link))
    back = _tab(case, "case_documents")
    if link.restricted:
        messages.info(request, _("Adgangen til dokumentet er allerede begrænset."))
        return redirect(back)
    form = ReasonForm(posted(request))
    if request.method == "POST" and form.is_valid():
        case_document_restrict(link=link, reason=form.cleaned_data["reason"], by=user)
        messages.success(request, _("Adgangen til %(name)s er begrænset.") % {"name": link.document.original_name})
        return redirect(back)
    return render(
        request,
        "workspaces/body/document_restrict.html",
        _case_context(request, case, "dokumenter", link=link, form=form, back_url=back),
    )


@access(CASEWORKER, case="forwarded")
@login_required
@require_http_methods(["GET", "POST"])
def document_unrestrict_view(request: HttpRequest, number: str, pk: int) -> HttpResponse:
    """X-6: "Ophæv begrænsning": every party who sees the case sees the document again."""
    case, user = _body_case(request, number)
    link = _link(case, pk)
    policies.require(policies.can_restrict_document(user, link))
    back = _tab(case, "case_documents")
    if not link.restricted:
        messages.info(request, _("Adgangen til dokumentet er ikke begrænset."))
        return redirect(back)
    if request.method == "POST":
        case_document_unrestrict(link=link, by=user)
        messages.success(
            request,
            _("Begrænsningen er ophævet. Sagens parter kan nu se %(name)s.") % {"name": link.document.original_name},
        )
        return redirect(back)
    return render(
        request,
        "workspaces/body/document_unrestrict.html",
        _case_context(request, case, "dokumenter", link=link, back_url=back),
    )


urlpatterns = [
    path("klageinstans/sag/<str:number>/parter/tilfoej/", party_add_view, name="body_party_add"),
    path("klageinstans/sag/<str:number>/parter/<int:party>/bekraeft/", party_confirm_view, name="body_party_confirm"),
    path("klageinstans/sag/<str:number>/parter/<int:party>/fjern/", party_remove_view, name="body_party_remove"),
    path("klageinstans/sag/<str:number>/hoering/", hearing_send_view, name="body_hearing_send"),
    path(
        "klageinstans/sag/<str:number>/dokumenter/<int:pk>/begraens/",
        document_restrict_view,
        name="body_document_restrict",
    ),
    path(
        "klageinstans/sag/<str:number>/dokumenter/<int:pk>/ophaev-begraensning/",
        document_unrestrict_view,
        name="body_document_unrestrict",
    ),
]

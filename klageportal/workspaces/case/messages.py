"""The Beskeder tab, "Skriv besked" (CW-7): a party writes to the appeals body; the board's caseworker answers each
message and may share a message or an answer with the case's other parties. The services decide; these views ask
the policies only to show or refuse a form."""

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from klageportal.cases import policies
from klageportal.cases.messages import message_threads
from klageportal.cases.models import Case, Message, Status
from klageportal.cases.services.messages import (
    MESSAGE_MAX_LENGTH,
    MessageRefused,
    message_answer,
    message_send,
    message_share,
    message_text_problem,
)
from klageportal.core.access import CASE_VIEWERS, Who, access
from klageportal.core.forms import DkfdsForm, error_summary
from klageportal.identity.kept import keeps_input_after_expiry
from klageportal.identity.models import User
from klageportal.workspaces.case.views import _case_context, _case_or_404, posted


def _text_field(label: Any, help_text: Any = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        # The limit is checked, with its message, by the service's rule; no maxlength, so nothing typed is cut off.
        strip=False,
        widget=forms.Textarea(attrs={"rows": 6, "class": "form-input input-width-xl"}),
    )


class _TextForm(DkfdsForm):
    def clean_text(self) -> str:
        text = self.cleaned_data.get("text", "")
        problem = message_text_problem(text)
        if problem:
            raise forms.ValidationError(problem)
        return text


class MessageForm(_TextForm):
    text = _text_field(
        gettext_lazy("Besked"),
        gettext_lazy("Højst %(limit)s tegn. Vil du sende dokumenter, så tilføj dem under Dokumenter."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["text"].help_text = str(self.fields["text"].help_text) % {
            "limit": number_format(MESSAGE_MAX_LENGTH, force_grouping=True)
        }
        self.fields["text"].error_messages["required"] = _("Skriv din besked.")


class AnswerForm(_TextForm):
    text = _text_field(gettext_lazy("Svar"))
    share = forms.BooleanField(
        label=gettext_lazy("Del med sagens øvrige parter"),
        required=False,
        help_text=gettext_lazy("Uden kryds ser kun den, der skrev beskeden, dit svar."),
    )

    def __init__(self, *args: Any, message: Message, **kwargs: Any) -> None:
        super().__init__(*args, prefix=f"svar-{message.pk}", **kwargs)
        self.fields["text"].label = _("Svar til %(name)s") % {"name": message.author_name}
        self.fields["text"].error_messages["required"] = _("Skriv dit svar.")


def _user(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user


def _messages_url(case: Case, message: Message | None = None) -> str:
    url = reverse("workspaces:case_messages", kwargs={"number": case.number})
    return f"{url}#besked-{message.pk}" if message is not None else url


def _page(
    request: HttpRequest,
    case: Case,
    *,
    form: MessageForm | None = None,
    answer_form: AnswerForm | None = None,
    answered: Message | None = None,
) -> HttpResponse:
    user = request.user
    can_write = policies.can_write_message(user, case)
    handles = policies.can_handle_messages(user, case)
    threads = message_threads(case=case, user=user, case_checked=True)
    rows = []
    for thread in threads:
        thread_form: AnswerForm | None = None
        if handles and not thread.message.from_body:
            bound = answered is not None and thread.message.pk == answered.pk
            thread_form = answer_form if bound and answer_form is not None else AnswerForm(message=thread.message)
        rows.append({"thread": thread, "answer_form": thread_form})
    context = _case_context(
        request,
        case,
        "beskeder",
        form=form if form is not None else (MessageForm() if can_write else None),
        rows=rows,
        can_write=can_write,
        handles=handles,
        is_party=policies.is_case_side_party(user, case),
        before_submission=case.status in (Status.KLADDE, Status.UDFYLDT),
        closed=case.status == Status.AFSLUTTET,
    )
    if answer_form is not None:
        context["error_summary"] = error_summary(answer_form)
    return render(request, "workspaces/case_messages.html", context)


@keeps_input_after_expiry
@access(CASE_VIEWERS, case="forwarded")
@login_required
@require_http_methods(["GET", "POST"])
def case_messages(request: HttpRequest, number: str) -> HttpResponse:
    """CW-7: the messages this person may read and, from Indsendt until Afsluttet, "Skriv besked"."""
    case = _case_or_404(request, number)
    if request.method != "POST":
        kept = posted(request)
        return _page(request, case, form=MessageForm(kept) if kept is not None else None)
    user = _user(request)
    if not policies.can_write_message(user, case):
        raise PermissionDenied
    form = MessageForm(request.POST)
    if form.is_valid():
        try:
            message = message_send(case=case, text=form.cleaned_data["text"], by=user)
        except MessageRefused as refused:
            form.add_error("text", refused.message)
        else:
            messages.success(request, _("Din besked er sendt til klageinstansen."))
            return redirect(_messages_url(case, message))
    return _page(request, case, form=form)


def _message_or_404(case: Case, pk: int) -> Message:
    message = Message.objects.select_related("case", "in_reply_to").filter(case=case, pk=pk).first()
    if message is None:
        raise Http404
    message.case = case
    return message


@access(frozenset({Who.CASEWORKER}), case="forwarded", method="POST")
@login_required
@require_POST
def case_message_answer(request: HttpRequest, number: str, message: int) -> HttpResponse:
    """CW-7: the board's caseworker answers a party's message, shared with the other parties or not."""
    case = _case_or_404(request, number)
    user = _user(request)
    row = _message_or_404(case, message)
    if not policies.can_answer_message(user, row):
        raise PermissionDenied
    form = AnswerForm(request.POST, message=row)
    if form.is_valid():
        try:
            message_answer(message=row, text=form.cleaned_data["text"], share=form.cleaned_data["share"], by=user)
        except MessageRefused as refused:
            form.add_error("text", refused.message)
        else:
            if form.cleaned_data["share"]:
                messages.success(request, _("Dit svar er sendt og delt med sagens øvrige parter."))
            else:
                messages.success(request, _("Dit svar er sendt til %(name)s.") % {"name": row.author_name})
            return redirect(_messages_url(case, row))
    return _page(request, case, answer_form=form, answered=row)


@access(frozenset({Who.CASEWORKER}), case="forwarded", method="POST")
@login_required
@require_POST
def case_message_share(request: HttpRequest, number: str, message: int) -> HttpResponse:
    """CW-7: the board's caseworker shares a message, or its answer, with the case's other parties."""
    case = _case_or_404(request, number)
    user = _user(request)
    row = _message_or_404(case, message)
    if row.shared and policies.can_handle_messages(user, case):
        messages.info(request, _("Beskeden er allerede delt med sagens øvrige parter."))
        return redirect(_messages_url(case, row.in_reply_to or row))
    if not policies.can_share_message(user, row):
        raise PermissionDenied
    message_share(message=row, by=user)
    messages.success(request, _("Beskeden er delt med sagens øvrige parter."))
    return redirect(_messages_url(case, row.in_reply_to or row))

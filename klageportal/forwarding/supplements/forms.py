"""The form for supplementary information (AS-52): the fields as typed, each checked by the service."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy

from klageportal.core.forms import DkfdsForm
from klageportal.forwarding.supplements import services as supplements


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field; each is checked by the documents' own rules when the form is sent."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        if not data:
            return []
        return list(data) if isinstance(data, list | tuple) else [data]


class SupplementForm(DkfdsForm):
    """The fields as typed; which form they point to, and whether the files may go, the service decides."""

    lobenummer = forms.CharField(
        label=gettext_lazy("Løbenummer (Blanket ID)"),
        required=False,
        max_length=40,
        help_text=gettext_lazy(
            "Anbefales, men er ikke et krav. Du finder løbenummeret i kvitteringsmailen fra det ankeskema, du "
            "oprindeligt sendte. Uden løbenummer finder Ankestyrelsen sagen ud fra borgerens CPR-nummer og "
            "kommunens journalnummer."
        ),
    )
    citizen_cpr = forms.CharField(
        label=gettext_lazy("Borgerens CPR-nummer"),
        required=False,
        max_length=20,
        help_text=gettext_lazy("10 cifre, med eller uden bindestreg. Skal udfyldes, hvis du ikke har løbenummeret."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric", "spellcheck": "false"}),
    )
    journal_number = forms.CharField(
        label=gettext_lazy("Klagesagens sagsid/journalnummer i kommunens systemer"),
        required=False,
        max_length=200,
        help_text=gettext_lazy("Skal udfyldes, hvis du ikke har løbenummeret."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    text = forms.CharField(
        label=gettext_lazy("Supplerende oplysninger"),
        required=False,
        max_length=supplements.TEXT_MAX_LENGTH,
        help_text=gettext_lazy("Skriv oplysningerne her, vedhæft dem som filer, eller begge dele."),
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    receipt_email = forms.EmailField(
        label=gettext_lazy("E-mail til kvitteringen"),
        required=False,
        help_text=gettext_lazy(
            "Vi sender en kvittering hertil. Står feltet tomt, går kvitteringen til sagsbehandlerens e-mail fra "
            "ankeskemaet."
        ),
        error_messages={"invalid": gettext_lazy("Skriv en gyldig e-mailadresse. Den skal indeholde @.")},
    )

    field_order = ["lobenummer", "citizen_cpr", "journal_number", "text", "files", "receipt_email"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Added here, not declared on the class: a form's own `files` attribute holds the uploaded files.
        self.fields["files"] = MultipleFileField(label=gettext_lazy("Filer"), required=False)
        self.order_fields(self.field_order)


class SupplementMatchForm(DkfdsForm):
    """AS-52: the case a supplement belongs to: one of the candidates, or its number typed."""

    case = forms.ChoiceField(
        label=gettext_lazy("Sager, der passer på borgerens CPR-nummer eller journalnummeret"),
        required=False,
        widget=forms.RadioSelect,
    )
    number = forms.CharField(
        label=gettext_lazy("Eller skriv sagsnummeret eller løbenummeret"),
        required=False,
        max_length=40,
        help_text=gettext_lazy("Fx AST-2026-000123 eller løbenummeret fra ankeskemaets kvittering."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["case"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(str(c.case.pk), c.case.number) for c in candidates]
        self.candidates = candidates

    def clean(self):
        cleaned = super().clean() or {}
        cleaned["number"] = (cleaned.get("number") or "").strip()
        if not cleaned.get("case") and not cleaned["number"]:
            if self.candidates:
                message = gettext_lazy("Vælg den sag, oplysningerne hører til, eller skriv sagens nummer.")
                self.add_error("case", message)
            else:
                message = gettext_lazy("Skriv sagsnummeret eller løbenummeret på den sag, oplysningerne hører til.")
                self.add_error("number", message)
        return cleaned

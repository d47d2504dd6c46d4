import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from klageportal.core.forms import DkfdsForm
from klageportal.payments.models import Refund


class SendLinkForm(DkfdsForm):
    email = forms.EmailField(
        label=_("Modtagerens e-mailadresse"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": _("Indtast modtagerens e-mailadresse."),
            "invalid": _("Indtast en gyldig e-mailadresse, fx navn@eksempel.dk."),
        },
    )
    register_as_payer = forms.BooleanField(label=_("Registrér modtageren som betaler"), required=False)


class LinkPayerForm(DkfdsForm):
    name = forms.CharField(
        label=_("Dit fulde navn"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={
            "required": _("Indtast dit fulde navn."),
            "max_length": _("Navnet må højst være %(limit_value)d tegn."),
        },
    )
    address = forms.CharField(
        label=_("Din adresse"),
        max_length=300,
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
        help_text=_("Vej og husnummer, postnummer og by."),
        error_messages={
            "required": _("Indtast din adresse."),
            "max_length": _("Adressen må højst være %(limit_value)d tegn."),
        },
    )

    def clean_name(self) -> str:
        name: str = self.cleaned_data["name"].strip()
        if len(name) < 2:
            raise forms.ValidationError(_("Indtast dit fulde navn."), code="required")
        return name

    def clean_address(self) -> str:
        address: str = self.cleaned_data["address"].strip()
        if len(address) < 5 or not any(char.isdigit() for char in address):
            raise forms.ValidationError(_("Indtast hele adressen med husnummer, postnummer og by."), code="incomplete")
        return address


AMOUNT_PATTERN = re.compile(r"^(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d{1,2}))?$")


def kroner_to_ore(text: str) -> int | None:
    """ "1.234,50", "1234,5" or "450" kroner in øre; None when it is not an amount."""
    match = AMOUNT_PATTERN.match((text or "").strip().replace(" ", ""))
    if match is None:
        return None
    kroner = int(match.group(1).replace(".", ""))
    ore = int((match.group(2) or "0").ljust(2, "0"))
    return kroner * 100 + ore


class RefundForm(DkfdsForm):
    """How much of the fee to pay back (PAY-5); the key was made when the form was first shown."""

    ALL, PART = "all", "part"

    scope = forms.ChoiceField(
        label=_("Hvor meget skal betales tilbage?"),
        choices=[(ALL, _("Hele det resterende beløb")), (PART, _("En del af beløbet"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Vælg, om hele beløbet eller en del skal betales tilbage.")},
    )
    amount = forms.CharField(
        label=_("Beløb i kr."),
        required=False,
        max_length=20,
        help_text=_("Kun hvis en del af beløbet skal betales tilbage. Fx 450 eller 450,50."),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off", "class": "input-width-s"}),
    )
    key = forms.CharField(widget=forms.HiddenInput, max_length=64)
    kind = forms.ChoiceField(widget=forms.HiddenInput, choices=Refund.Kind.choices)

    def __init__(self, *args: Any, ceiling_ore: int, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.ceiling_ore = ceiling_ore

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        cleaned["amount_ore"] = None
        if cleaned.get("scope") == self.PART:
            text = cleaned.get("amount", "")
            ore = kroner_to_ore(text)
            if not text:
                self.add_error("amount", _("Skriv det beløb, der skal betales tilbage."))
            elif ore is None or ore <= 0:
                self.add_error("amount", _("Skriv beløbet i kroner, fx 450 eller 450,50."))
            elif ore > self.ceiling_ore:
                self.add_error(
                    "amount",
                    _("Du kan højst betale %(amount)s kr. tilbage.")
                    % {"amount": f"{self.ceiling_ore // 100},{self.ceiling_ore % 100:02d}".removesuffix(",00")},
                )
            else:
                cleaned["amount_ore"] = ore
        return cleaned

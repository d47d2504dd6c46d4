from django import forms
from django.utils.translation import gettext_lazy as _

from klageportal.core.forms import DkfdsForm


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

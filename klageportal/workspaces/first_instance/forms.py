"""The first instance's forms for groupings (FI-8) and the staff profile (FI-9)."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from klageportal.catalog.models import DocumentCategory
from klageportal.core.forms import DkfdsForm

NUMBERS_HINT = _("Skriv ét sagsnummer pr. linje, eller adskil dem med komma, fx NH-2026-000123.")


class CaseNumbersField(forms.CharField):
    widget = forms.Textarea(
        attrs={"rows": 6, "autocomplete": "off", "spellcheck": "false", "class": "form-input input-width-m"}
    )


class GroupingCreateForm(DkfdsForm):
    name = forms.CharField(
        label=_("Navn på grupperingen"),
        max_length=200,
        help_text=_("Et navn, I kender sagerne på, fx „Lokalplan 123, Viborg Midtby“."),
        error_messages={"required": _("Skriv et navn på grupperingen.")},
    )
    numbers = CaseNumbersField(
        label=_("Sagsnumre"),
        help_text=NUMBERS_HINT,
        error_messages={"required": _("Skriv mindst ét sagsnummer.")},
    )

    def clean_name(self) -> str:
        name: str = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("Skriv et navn på grupperingen."), code="required")
        return name


class GroupingCasesAddForm(DkfdsForm):
    prefix = "tilfoej"
    numbers = CaseNumbersField(
        label=_("Sagsnumre på sager, der skal med i grupperingen"),
        help_text=NUMBERS_HINT,
        error_messages={"required": _("Skriv mindst ét sagsnummer.")},
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = data if isinstance(data, list | tuple) else [data] if data else []
        if not files and self.required:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        return [file for file in files if file]


class GroupingDocumentsForm(DkfdsForm):
    prefix = "dokumenter"
    uploads = MultipleFileField(
        label=_("Vælg filer"),
        error_messages={"required": _("Vælg en eller flere filer.")},
        widget=MultipleFileInput(attrs={"class": "form-file"}),
    )
    categories = forms.ModelMultipleChoiceField(
        label=_("Kategorier"),
        queryset=DocumentCategory.objects.none(),
        widget=forms.CheckboxSelectMultiple(attrs={"columns": True}),
        required=False,
        help_text=_("Sæt kryds ved de kategorier, dokumenterne hører til. Kategorierne gælder på alle sagerne."),
    )
    understood = forms.BooleanField(
        label=_(
            "Jeg ved, at dokumenterne tilføjes til alle grupperingens sager og bliver synlige for alle deres klagere."
        ),
        error_messages={"required": _("Bekræft, at dokumenterne må tilføjes til alle sagerne i grupperingen.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        categories = self.fields["categories"]
        assert isinstance(categories, forms.ModelMultipleChoiceField)
        categories.queryset = DocumentCategory.objects.order_by("position", "name")


class NotificationEmailForm(DkfdsForm):
    notification_email = forms.EmailField(
        label=_("E-mail til underretninger"),
        max_length=254,
        required=False,
        help_text=_(
            "Din egen e-mailadresse eller en afdelings postkasse. Hertil sendes en gang dagligt en oversigt over "
            "nyt i de sager, du følger. Lad feltet stå tomt for at bruge din e-mail fra login."
        ),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={"invalid": _("Skriv en gyldig e-mailadresse, fx navn@kommune.dk.")},
    )

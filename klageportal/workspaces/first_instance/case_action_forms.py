"""The first instance's forms on a case: the response form (FI-4), Genoptag (FI-6), Videresend til nævn (FI-7)."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from klageportal.casework.models import ResponseForm
from klageportal.core.forms import DkfdsForm

YES_NO = [("ja", _("Ja")), ("nej", _("Nej"))]


def _yes_no(value: bool | None) -> str:
    return "" if value is None else ("ja" if value else "nej")


def _text(label: Any, *, help_text: Any = "", rows: int = 5) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": rows, "class": "form-input input-width-xl"}),
    )


class ResponseFormForm(DkfdsForm):
    """FI-4: every answer may be left empty while it is a draft; attaching asks for what the board needs."""

    maintains_decision = forms.ChoiceField(
        label=_("Fastholder førsteinstansen afgørelsen?"), choices=YES_NO, required=False, widget=forms.RadioSelect
    )
    comments = _text(
        _("Bemærkninger til klagen"), help_text=_("Førsteinstansens bemærkninger til det, klageren skriver.")
    )
    facts = _text(_("Sagens faktiske omstændigheder"), help_text=_("De faktiske forhold, afgørelsen bygger på."))
    rules = _text(_("Anvendte regler"), help_text=_("Love, bekendtgørelser og vejledninger, afgørelsen bygger på."))
    principled = forms.ChoiceField(
        label=_("Rejser sagen en principiel problemstilling?"),
        help_text=_("Klagenævnet kan udvælge sager med en principiel problemstilling til særlig behandling."),
        choices=YES_NO,
        required=False,
        widget=forms.RadioSelect,
    )
    principled_reason = _text(
        _("Begrundelse for den principielle problemstilling"), help_text=_("Kun hvis du har svaret ja."), rows=3
    )
    contact_name = forms.CharField(
        label=_("Kontaktperson hos førsteinstansen"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    contact_email = forms.EmailField(
        label=_("Kontaktpersonens e-mail"),
        max_length=254,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={"invalid": _("Indtast en gyldig e-mailadresse, fx navn@kommune.dk.")},
    )
    contact_phone = forms.CharField(
        label=_("Kontaktpersonens telefon"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    other = _text(_("Øvrige bemærkninger"), rows=3)

    @classmethod
    def initial_from(cls, form: ResponseForm | None) -> dict[str, Any]:
        if form is None:
            return {}
        initial: dict[str, Any] = {name: getattr(form, name) for name in cls.base_fields}
        initial["maintains_decision"] = _yes_no(form.maintains_decision)
        initial["principled"] = _yes_no(form.principled)
        return initial

    def answers(self) -> dict[str, Any]:
        """The answers as the response form keeps them (yes/no as True/False, unanswered as None)."""
        data = dict(self.cleaned_data)
        for name in ("maintains_decision", "principled"):
            data[name] = {"ja": True, "nej": False}.get(data.get(name) or "")
        return data


class ReopenForm(DkfdsForm):
    """FI-6: the reasons first, then the reminder to inform the parties."""

    reasons = forms.FileField(
        label=_("Dokument med begrundelsen for genoptagelsen"),
        help_text=_("PDF, Word eller billede. Klageren og sagens øvrige parter kan se dokumentet."),
        error_messages={"required": _("Vælg en fil.")},
    )
    parties_informed = forms.BooleanField(
        label=_("Jeg ved, at vi selv skal orientere klageren og sagens øvrige parter om genoptagelsen"),
        error_messages={"required": _("Sæt kryds for at bekræfte, at I selv orienterer parterne.")},
    )


class ForwardForm(DkfdsForm):
    """FI-7: forwarding records that the first instance maintains its decision."""

    maintains_decision = forms.BooleanField(
        label=_("Førsteinstansen fastholder sin afgørelse"),
        error_messages={"required": _("Sæt kryds for at bekræfte, at førsteinstansen fastholder sin afgørelse.")},
    )

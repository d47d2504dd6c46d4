"""The first instance's inbox (FI-1): the filters (a GET form) and the search (POSTed, so that a CPR number
never reaches a URL, a log or the browser's history)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from klageportal.cases.inbox import FIRST_INSTANCE_STATUSES, DateField, InboxFilters
from klageportal.cases.models import Status
from klageportal.catalog.models import Board, ComplaintType
from klageportal.core.forms import DateGroupField, DkfdsForm
from klageportal.registers.numbers import clean_cpr, clean_cvr, digits
from klageportal.workspaces.inbox import LaidOut

STATUS_HINTS = {
    Status.UDFYLDT: _("på vej – mangler betaling eller godkendelse"),
    Status.INDSENDT: _("klar til behandling"),
}
"""What Udfyldt and Indsendt mean to the first instance, beside the status in the filter and the table."""


def _status_choices() -> list[tuple[str, str]]:
    choices: list[tuple[str, str]] = [("", str(_("Alle statusser")))]
    for status in FIRST_INSTANCE_STATUSES:
        hint = STATUS_HINTS.get(status)
        choices.append((status.value, f"{status.label} ({hint})" if hint else str(status.label)))
    return choices


class ComplaintTypeChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: ComplaintType) -> str:
        return f"{obj.board.short_name or obj.board.name}: {obj.label}"


class InboxFilterForm(LaidOut, DkfdsForm):
    """The filters, read from the address (GET): status, board, complaint type and a date range."""

    layout = ((("status", 4), ("naevn", 4), ("klagetype", 4)), (("dato", 4), ("fra", 4), ("til", 4)))

    status = forms.ChoiceField(label=_("Status"), required=False, choices=_status_choices)
    naevn = forms.ModelChoiceField(
        label=_("Klagenævn"),
        required=False,
        queryset=Board.objects.none(),
        to_field_name="slug",
        empty_label=_("Alle klagenævn"),
        help_text=_("Vælg ét klagenævn for at se klagernes lokalitet."),
    )
    klagetype = ComplaintTypeChoice(
        label=_("Klagetype"), required=False, queryset=ComplaintType.objects.none(), empty_label=_("Alle klagetyper")
    )
    dato = forms.ChoiceField(
        label=_("Dato"),
        required=False,
        choices=[(DateField.CREATED.value, _("Oprettet")), (DateField.SUBMITTED.value, _("Indsendt"))],
        help_text=_("Hvilken dato fra og til gælder for."),
    )
    fra = DateGroupField(label=_("Fra og med"), required=False)
    til = DateGroupField(label=_("Til og med"), required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        boards = Board.objects.filter(complaint_types__isnull=False).distinct().order_by("name")
        self.fields["naevn"].queryset = boards  # type: ignore[attr-defined]
        self.fields["klagetype"].queryset = ComplaintType.objects.select_related("board").order_by(  # type: ignore[attr-defined]
            "board__name", "position", "name"
        )

    def clean(self):
        data = super().clean() or {}
        start, end = data.get("fra"), data.get("til")
        if start and end and start > end:
            self.add_error("til", _("Til-datoen ligger før fra-datoen. Ret en af dem."))
        return data


class InboxSearchForm(LaidOut, DkfdsForm):
    """The search, POSTed and kept in the session under a token: case number, complainant, CPR/CVR, matter."""

    layout = ((("sagsnummer", 6), ("navn", 6)), (("nummer", 6), ("sag", 6)))

    sagsnummer = forms.CharField(label=_("Sagsnummer"), required=False, max_length=30)
    navn = forms.CharField(
        label=_("Klagers navn"), required=False, max_length=200, help_text=_("Hele navnet eller en del af det.")
    )
    nummer = forms.CharField(
        label=_("Klagers CPR- eller CVR-nummer"),
        required=False,
        max_length=20,
        help_text=_("Hele nummeret: 10 cifre for CPR, 8 for CVR."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )
    sag = forms.CharField(
        label=_("Afgørelsens reference eller adresse"),
        required=False,
        max_length=300,
        help_text=_("Er der en klage i denne sag? Jeres reference på afgørelsen, eller en del af adressen."),
    )

    def clean_nummer(self) -> str:
        value = (self.cleaned_data.get("nummer") or "").strip()
        if not value:
            return ""
        number = digits(value)
        if not number.isascii() or not number.isdigit() or len(number) not in (8, 10):
            raise ValidationError(_("Skriv et CPR-nummer med 10 cifre eller et CVR-nummer med 8 cifre."))
        if len(number) == 10 and clean_cpr(number) is None:
            raise ValidationError(_("CPR-nummeret findes ikke. Kontrollér de 6 første cifre (fødselsdatoen)."))
        if len(number) == 8 and clean_cvr(number) is None:
            raise ValidationError(_("CVR-nummeret findes ikke. Kontrollér cifrene."))
        return number

    def stored(self) -> dict[str, str]:
        """What the session keeps of a valid search."""
        return {name: value for name, value in self.cleaned_data.items() if value}


def filters_from(filter_data: dict, search: dict[str, str]) -> InboxFilters:
    """The selector's filters from a filter form's cleaned data and a stored search."""
    board = filter_data.get("naevn")
    complaint_type = filter_data.get("klagetype")
    number = search.get("nummer", "")
    return InboxFilters(
        statuses=(filter_data["status"],) if filter_data.get("status") else (),
        board_id=board.pk if board else None,
        complaint_type_id=complaint_type.pk if complaint_type else None,
        date_field=DateField(filter_data.get("dato") or DateField.CREATED),
        date_from=filter_data.get("fra"),
        date_to=filter_data.get("til"),
        number=search.get("sagsnummer", ""),
        name=search.get("navn", ""),
        cpr=number if len(number) == 10 else "",
        cvr=number if len(number) == 8 else "",
        matter=search.get("sag", ""),
    )

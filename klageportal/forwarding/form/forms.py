"""The pages of the web appeal form (AS-10..35). Labels and help texts are the guidance's own (AS-6).

Answers are stored raw per page (nothing typed is lost by an error); a page is valid when its form is.
A field shows only when its conditions hold (AS-4); a hidden field is never required and never kept.
"""

import re
from datetime import date, timedelta
from typing import Any, Protocol, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from klageportal.core.forms import DkfdsForm
from klageportal.forwarding.constants import (
    ComplaintChannel,
    ContactRole,
    DecisionChannel,
    NameSource,
    Outcome,
    YesNo,
)
from klageportal.forwarding.templatetags.ankeskema import show_when
from klageportal.registers import answers as lookups
from klageportal.registers import numbers

CHECKED = "on"
Condition = tuple[str, tuple[str, ...]]


class NamedAuthority(Protocol):
    """What page 1 shows of the sending authority."""

    name: str
    cvr: str


def as_form_data(raw: dict | None) -> MultiValueDict:
    """Stored answers as the request data a form is bound to."""
    return MultiValueDict({key: [str(value)] for key, value in (raw or {}).items() if value is not None})


def _date_widget():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _radio(label, choices, **kwargs):
    return forms.ChoiceField(label=label, choices=choices, widget=forms.RadioSelect, **kwargs)


class PageForm(DkfdsForm):
    """A page's form with conditional fields: `show_when` maps a field to conditions that must all hold."""

    show_when: dict[str, tuple[Condition, ...]] = {}
    show_when_any: dict[str, tuple[tuple[Condition, ...], ...]] = {}
    """A field shown when any one of several lists of conditions holds (besides its `show_when`)."""
    notices: dict[str, tuple[Condition, ...]] = {}
    """Messages (not fields) shown under the same kind of conditions, keyed by a name the template uses."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.show_when = dict(self.show_when)
        self.derived: dict[str, str] = {}
        """Answers the registers gave while validating, to be kept with the page's answers."""
        if self.is_bound:
            for name in self.fields:
                if not self.is_shown(name):
                    self.fields[name].required = False

    def group_attributes(self, name: str) -> str:
        """The attributes of the field's group that hide it until its conditions hold (forms/field.html)."""
        return show_when(self[name])

    def value_of(self, name: str) -> str:
        """The field's current raw value as the browser would report it ("on" for a ticked box)."""
        field = self.fields.get(name)
        if field is None:
            return ""
        if self.is_bound:
            value = field.widget.value_from_datadict(self.data, self.files, self.add_prefix(name))
        else:
            value = self.initial.get(name, field.initial)
        if isinstance(field.widget, forms.CheckboxInput):
            return CHECKED if value and value not in ("false", "False", "0", "off") else ""
        return "" if value is None else str(value)

    def raw_values(self) -> dict[str, str]:
        """Every field's current raw value, as the page's script would post them."""
        return {name: self.value_of(name) for name in self.fields}

    def holds(self, conditions: tuple[Condition, ...]) -> bool:
        return all(self.is_shown(name) and self.value_of(name) in values for name, values in conditions)

    def is_shown(self, name: str) -> bool:
        if not self.holds(self.show_when.get(name, ())):
            return False
        alternatives = self.show_when_any.get(name)
        return not alternatives or any(self.holds(conditions) for conditions in alternatives)

    def notice_shown(self, name: str) -> bool:
        return self.holds(self.notices[name])

    def conditions_json(self, conditions: tuple[Condition, ...]) -> list:
        """Conditions for the page's script, with the fields' names as the browser sends them."""
        return [[self.add_prefix(name), list(values)] for name, values in conditions]

    def field_conditions(self, name: str) -> dict:
        """What the page's script needs to show and hide a field: all of `all`, and one of `any` if given."""
        return {
            "all": self.conditions_json(self.show_when.get(name, ())),
            "any": [self.conditions_json(c) for c in self.show_when_any.get(name, ())],
        }

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.fields:
            if not self.is_shown(name):
                self.errors.pop(name, None)
                if hasattr(self, "cleaned_data"):
                    self.cleaned_data.pop(name, None)

    def clean(self) -> dict[str, Any]:
        super().clean()
        return self.cleaned_data

    def shown_values(self) -> dict:
        """The cleaned answers of the fields that are shown."""
        return {name: value for name, value in self.cleaned_data.items() if self.is_shown(name)}


def clean_phone(value: str) -> str:
    number = numbers.digits(value or "")
    number = number.removeprefix("+45") if len(number) > 8 else number
    if number and (not number.isdigit() or len(number) != 8):
        raise ValidationError(_("Telefonnummeret skal have 8 cifre."))
    return number


def clean_cpr(value: str, *, message=None) -> str:
    number = numbers.digits(value or "")
    if number and numbers.clean_cpr(number) is None:
        raise ValidationError(
            message or _("CPR-nummeret skal have 10 cifre og begynde med en gyldig fødselsdato (ddmmåå).")
        )
    return number


EARLIEST_DATE = date(1900, 1, 1)
"""No decision, complaint or reassessment of a case still open is older; an earlier date is a typing error."""


def not_in_future(value: date | None) -> date | None:
    if value and value > timezone.localdate():
        raise ValidationError(_("Datoen kan ikke ligge i fremtiden."))
    if value and value < EARLIEST_DATE:
        raise ValidationError(_("Datoen kan ikke ligge før år 1900."))
    return value


# --- Page 1 ------------------------------------------------------------------------------------------


class MunicipalityForm(PageForm):
    """AS-10..12: the municipality, the caseworker, who reassessed, the journal number, office hours."""

    municipality = forms.CharField(label=_("Kommune"), disabled=True, required=False)
    municipality_cvr = forms.CharField(label=_("Kommunens CVR-nummer"), disabled=True, required=False)
    department = forms.CharField(
        label=_("Afdeling"),
        max_length=200,
        help_text=_("Den afdeling, der har udfyldt ankeskemaet. For eksempel Ydelseskontoret."),
    )
    caseworker = forms.CharField(
        label=_("Sagsbehandler"),
        max_length=200,
        help_text=_(
            "Navnet kommer fra dit login. Ret det, hvis du sender sagen på vegne af den sagsbehandler, "
            "der har foretaget genvurderingen."
        ),
    )
    caseworker_phone = forms.CharField(
        label=_("Sagsbehandlerens telefonnummer"),
        max_length=20,
        help_text=_("Telefonnummeret skal indeholde otte cifre og gerne være et direkte nummer."),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    caseworker_email = forms.EmailField(
        label=_("Sagsbehandlerens e-mail"),
        max_length=254,
        help_text=_("E-mail skal indeholde @."),
        error_messages={"invalid": _("Skriv en gyldig e-mailadresse. Den skal indeholde @.")},
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    same_department = _radio(_("Er genvurdering foretaget af ovenstående afdeling?"), YesNo.choices)
    reassessing_department = forms.CharField(
        label=_("Afdeling der har genvurderet sagen"),
        max_length=200,
        help_text=_("Navnet på den afdeling, der har genvurderet klagen."),
    )
    journal_number = forms.CharField(
        label=_("Klagesagens sagsid/journalnummer i kommunens systemer"),
        max_length=200,
        help_text=_(
            "Den sagsidentifikation eller det journalnummer, der gør det muligt for kommunen at identificere "
            "klagesagen, for eksempel borgerens CPR-nummer."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    office_hours = forms.CharField(
        label=_("Træffetid (den ansvarlige afdeling)"),
        max_length=200,
        help_text=_("Det tidsrum, hvor Ankestyrelsen telefonisk kan træffe sagsbehandleren i kommunen."),
    )

    show_when = {"reassessing_department": (("same_department", (YesNo.NO,)),)}

    def __init__(self, *args: Any, authority: NamedAuthority, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["municipality"].initial = authority.name
        self.fields["municipality_cvr"].initial = authority.cvr
        self.fields["municipality"].help_text = _("Udfyldes automatisk fra dit login.")
        self.fields["municipality_cvr"].help_text = _("Udfyldes automatisk fra dit login.")
        self.fields["same_department"].error_messages["required"] = _(
            "Svar på, om genvurderingen er foretaget af ovenstående afdeling."
        )

    def clean_caseworker_phone(self):
        return clean_phone(self.cleaned_data["caseworker_phone"])


# --- Page 2 ------------------------------------------------------------------------------------------


class CitizenForm(PageForm):
    """AS-20..22, AS-24: the citizen looked up in CPR, a child's custody holder, the employer in refund cases."""

    no_cpr = forms.BooleanField(label=_("Borgeren har ikke et dansk CPR-nummer"), required=False)
    citizen_cpr = forms.CharField(
        label=_("Borgerens CPR-nummer"),
        max_length=11,
        help_text=_(
            "Det 10-cifrede personnummer, med eller uden bindestreg. Når du forlader feltet, hentes borgerens "
            "navn i CPR."
        ),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "data-cpr-lookup": "citizen"}),
    )
    citizen_name = forms.CharField(label=_("Borgerens navn"), max_length=200)
    citizen_phone = forms.CharField(label=_("Borgerens telefonnummer"), max_length=20, required=False)
    citizen_address = forms.CharField(label=_("Borgerens adresse"), max_length=300, required=False)
    citizen_name_source = forms.CharField(required=False, widget=forms.HiddenInput)
    is_child = _radio(
        _("Handler sagen om et barn eller en ung under 18 år?"),
        YesNo.choices,
        help_text=_("Så skal du skrive forældremyndighedsindehaverens oplysninger."),
    )
    custody_cpr = forms.CharField(
        label=_("Forældremyndighedsindehaverens CPR-nummer"),
        max_length=11,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "data-cpr-lookup": "custody"}),
    )
    custody_name = forms.CharField(label=_("Forældremyndighedsindehaverens navn"), max_length=200)
    custody_address = forms.CharField(label=_("Forældremyndighedsindehaverens adresse"), max_length=300, required=False)
    custody_phone = forms.CharField(
        label=_("Forældremyndighedsindehaverens telefonnummer"), max_length=20, required=False
    )
    has_parties = forms.BooleanField(label=_("Der er en partsrepræsentant, værge eller anden klager"), required=False)
    refusion = forms.BooleanField(
        label=_("Sagen handler om arbejdsgiverrefusion"),
        required=False,
        help_text=_("I sager om arbejdsgiverrefusion skrives oplysninger om arbejdsgiveren."),
    )
    employer_cvr = forms.CharField(
        label=_("Arbejdsgiverens CVR-nummer"),
        max_length=10,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "data-cvr-lookup": "employer"}),
    )
    employer_name = forms.CharField(label=_("Arbejdsgiverens navn"), max_length=200)
    employer_address = forms.CharField(label=_("Arbejdsgiverens adresse"), max_length=300, required=False)
    employer_postcode = forms.CharField(label=_("Arbejdsgiverens postnummer"), max_length=4, required=False)
    employer_city = forms.CharField(label=_("Arbejdsgiverens by"), max_length=100, required=False)

    show_when = {
        "citizen_cpr": (("no_cpr", ("",)),),
        "citizen_phone": (("no_cpr", (CHECKED,)),),
        "citizen_address": (("no_cpr", (CHECKED,)),),
        "custody_cpr": (("is_child", (YesNo.YES,)),),
        "custody_name": (("is_child", (YesNo.YES,)),),
        "custody_address": (("is_child", (YesNo.YES,)),),
        "custody_phone": (("is_child", (YesNo.YES,)),),
        "employer_cvr": (("refusion", (CHECKED,)),),
        "employer_name": (("refusion", (CHECKED,)),),
        "employer_address": (("refusion", (CHECKED,)),),
        "employer_postcode": (("refusion", (CHECKED,)),),
        "employer_city": (("refusion", (CHECKED,)),),
    }

    def __init__(self, *args, lookup: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.lookup = lookup
        self.fields["is_child"].error_messages["required"] = _(
            "Svar på, om sagen handler om et barn eller en ung under 18 år."
        )
        source = self.value_of("citizen_name_source")
        if self.value_of("no_cpr") == CHECKED:
            self.fields["citizen_name"].help_text = _("Skriv borgerens fulde navn.")
        elif source == NameSource.TYPED:
            self.fields["citizen_name"].help_text = _("CPR-registret svarer ikke. Skriv borgerens fulde navn.")
        else:
            self.fields["citizen_name"].help_text = _(
                "Hentes i CPR-registret. Svarer registret ikke, kan du selv skrive borgerens fulde navn."
            )
            self.fields["citizen_name"].widget.attrs["readonly"] = "readonly"

    def clean_citizen_cpr(self):
        return clean_cpr(self.cleaned_data["citizen_cpr"])

    def clean_custody_cpr(self):
        return clean_cpr(self.cleaned_data["custody_cpr"])

    def clean_citizen_phone(self):
        return clean_phone(self.cleaned_data["citizen_phone"])

    def clean_custody_phone(self):
        return clean_phone(self.cleaned_data["custody_phone"])

    def clean_employer_cvr(self):
        number = numbers.digits(self.cleaned_data["employer_cvr"])
        if number and numbers.clean_cvr(number) is None:
            raise ValidationError(_("CVR-nummeret er ikke gyldigt. Det skal have 8 cifre."))
        return number

    def clean_employer_postcode(self):
        return clean_postcode(self.cleaned_data["employer_postcode"])

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.is_shown("citizen_cpr"):
            self._clean_citizen(data)
        else:
            data["citizen_name_source"] = NameSource.NO_CPR
        if self.is_shown("custody_cpr") and data.get("custody_cpr") and self.lookup:
            answer = lookups.person(data["custody_cpr"])
            if answer.status == lookups.NOT_FOUND:
                self.add_error("custody_cpr", _("CPR-nummeret findes ikke i CPR. Ret nummeret, og prøv igen."))
            elif answer.status == lookups.FOUND and answer.hit is not None:
                self._derive(data, "custody_name", answer.hit.name)
                self.errors.pop("custody_name", None)
                if not data.get("custody_address"):
                    self._derive(data, "custody_address", answer.hit.address_line)
        return data

    def _derive(self, data: dict[str, Any], name: str, value: str) -> None:
        """Use a value the register gave: in the answers, on the page shown again, and in what is stored."""
        data[name] = value
        self.derived[name] = value
        shown = cast(MultiValueDict[str, Any], self.data).copy()
        shown[self.add_prefix(name)] = value
        self.data = shown

    def _clean_citizen(self, data: dict[str, Any]) -> None:
        cpr = data.get("citizen_cpr")
        if not cpr or "citizen_cpr" in self.errors:
            return
        if numbers.is_under_18(cpr) and data.get("is_child") == YesNo.NO:
            self.add_error(
                "is_child",
                _(
                    "Ifølge CPR-nummeret er borgeren under 18 år. Svar Ja, og skriv "
                    "forældremyndighedsindehaverens oplysninger."
                ),
            )
        if not self.lookup:
            return
        answer = lookups.person(cpr)
        if answer.status == lookups.FOUND and answer.hit is not None:
            self._derive(data, "citizen_name", answer.hit.name)
            self._derive(data, "citizen_name_source", NameSource.REGISTER)
            self.errors.pop("citizen_name", None)
        elif answer.status == lookups.NOT_FOUND:
            self._derive(data, "citizen_name", "")
            self._derive(data, "citizen_name_source", "")
            self.add_error("citizen_cpr", _("CPR-nummeret findes ikke i CPR. Ret nummeret, og prøv igen."))
        elif answer.status == lookups.UNAVAILABLE:
            self._derive(data, "citizen_name_source", NameSource.TYPED)

    def full_clean(self) -> None:
        super().full_clean()
        if "citizen_name" not in self.errors or not self.is_shown("citizen_cpr"):
            return
        if self.cleaned_data.get("citizen_name_source") == NameSource.TYPED:
            self.fields["citizen_name"].widget.attrs.pop("readonly", None)
            self.errors["citizen_name"] = self.error_class(
                [str(_("CPR-registret svarer ikke lige nu. Skriv borgerens fulde navn."))]
            )
        elif self.lookup:
            # The name comes from the register once the CPR number is right; the error belongs at the number.
            self.errors.pop("citizen_name")


def clean_postcode(value: str) -> str:
    value = (value or "").strip()
    if value and not re.fullmatch(r"\d{4}", value):
        raise ValidationError(_("Postnummeret skal have 4 cifre."))
    return value


class PartyForm(PageForm):
    """One further party (AS-23) and, for a representative, the power of attorney (AS-25)."""

    role = forms.ChoiceField(
        label=_("Kontaktpersonens rolle"),
        choices=[("", _("Vælg rolle")), *ContactRole.choices],
        help_text=_("Vælg fx, om det er en partsrepræsentant, en værge, en forælder eller en virksomhed."),
    )
    search = forms.CharField(
        label=_("Søg på CPR-nr., virksomhedens navn eller CVR-nr."),
        max_length=200,
        required=False,
        help_text=_("Når du har valgt den rigtige, udfyldes Navn, Adresse, Postnummer og By."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "data-party-search": ""}),
    )
    number = forms.CharField(
        label=_("CPR- eller CVR-nummer"),
        max_length=11,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "data-fill": "number"}),
    )
    name = forms.CharField(
        label=_("Navn"),
        max_length=200,
        help_text=_("Ved stillingsfuldmagt skriver du fx advokat + navn."),
        widget=forms.TextInput(attrs={"data-fill": "name"}),
    )
    address = forms.CharField(
        label=_("Adresse"), max_length=300, required=False, widget=forms.TextInput(attrs={"data-fill": "address"})
    )
    postcode = forms.CharField(
        label=_("Postnummer"),
        max_length=4,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "data-fill": "postcode"}),
    )
    city = forms.CharField(
        label=_("By"), max_length=100, required=False, widget=forms.TextInput(attrs={"data-fill": "city"})
    )
    phone = forms.CharField(label=_("Telefonnummer"), max_length=20, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    power_of_attorney = _radio(
        _("Er der en fuldmagt?"), YesNo.choices, help_text=_("En fuldmagt skal vedlægges på side 6.")
    )
    standing_power = forms.BooleanField(
        label=_("Stillingsfuldmagt"),
        required=False,
        help_text=_(
            "Advokater, revisorer og organisationer, der arbejder under ansvar af en advokat, har typisk en "
            "stillingsfuldmagt. Så behøver der ikke at være en skriftlig fuldmagt."
        ),
    )

    show_when = {
        "power_of_attorney": (("role", (ContactRole.REPRESENTATIVE,)),),
        "standing_power": (("role", (ContactRole.REPRESENTATIVE,)),),
    }
    hits: lookups.Answer | None = None
    """A search's answer shown under the row (without JavaScript)."""
    notices = {
        "no_power_of_attorney": (
            ("role", (ContactRole.REPRESENTATIVE,)),
            ("power_of_attorney", (YesNo.NO,)),
            ("standing_power", ("",)),
        ),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].error_messages["required"] = _("Vælg kontaktpersonens rolle.")
        self.fields["name"].error_messages["required"] = _("Skriv navnet, eller søg personen eller virksomheden frem.")
        self.fields["power_of_attorney"].error_messages["required"] = _("Svar på, om der er en fuldmagt.")

    def clean_number(self):
        number = numbers.digits(self.cleaned_data["number"])
        if not number:
            return ""
        if len(number) == 8 and numbers.clean_cvr(number):
            return number
        if len(number) == 10 and numbers.clean_cpr(number):
            return number
        raise ValidationError(_("Skriv et CPR-nummer med 10 cifre eller et CVR-nummer med 8 cifre."))

    def clean_postcode(self):
        return clean_postcode(self.cleaned_data["postcode"])

    def clean_phone(self):
        return clean_phone(self.cleaned_data["phone"])

    def warning(self) -> bool:
        """AS-25: a representative with neither a power of attorney nor a standing one (a warning, not a block)."""
        return self.notice_shown("no_power_of_attorney")


# --- Page 3 ------------------------------------------------------------------------------------------


def law_catalogue() -> list[dict]:
    """Laws with their areas, sorted by paragraph and the catch-all last, for the selects and the script."""
    from klageportal.catalog.selectors import laws_with_areas

    return [
        {
            "id": str(law.pk),
            "slug": law.slug,
            "name": law.name,
            "areas": [{"id": str(area.pk), "name": area.name, "follow_up": area.follow_up} for area in law.areas.all()],
        }
        for law in laws_with_areas()
    ]


class AreaForm(PageForm):
    """One law area: "Lov", then "Sagsområde", and where configured the paragraph it was decided under (AS-30)."""

    law = forms.ChoiceField(label=_("Lov"), widget=forms.Select(attrs={"data-law-select": ""}))
    area = forms.ChoiceField(label=_("Sagsområde"), widget=forms.Select(attrs={"data-area-select": ""}))
    paragraph = forms.CharField(
        label=_("Hvilken paragraf er afgørelsen truffet efter?"),
        max_length=200,
        help_text=_("Angiv den præcise paragraf inden for det valgte sagsområde."),
    )

    def __init__(self, *args, catalogue: list[dict], **kwargs):
        self.catalogue = catalogue
        super().__init__(*args, **kwargs)
        law_field = cast(forms.ChoiceField, self.fields["law"])
        law_field.choices = [("", _("Vælg lov")), *((law["id"], law["name"]) for law in catalogue)]
        self.fields["law"].error_messages["required"] = _("Vælg loven, afgørelsen er truffet efter.")
        self.fields["area"].error_messages["required"] = _("Vælg sagsområdet.")
        self.fields["paragraph"].error_messages["required"] = _("Skriv, hvilken paragraf afgørelsen er truffet efter.")
        chosen = self.value_of("law")
        laws = [law for law in catalogue if law["id"] == chosen] or catalogue
        if len(laws) == 1:
            area_choices = [(area["id"], area["name"]) for area in laws[0]["areas"]]
        else:
            area_choices = [(law["name"], [(area["id"], area["name"]) for area in law["areas"]]) for law in laws]
        cast(forms.ChoiceField, self.fields["area"]).choices = [("", _("Vælg sagsområde")), *area_choices]
        follow_up = tuple(area["id"] for law in catalogue for area in law["areas"] if area["follow_up"])
        self.show_when["paragraph"] = (("area", follow_up),)
        if self.is_bound and not self.is_shown("paragraph"):
            self.fields["paragraph"].required = False

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        area_id = data.get("area")
        if not area_id:
            return data
        owner = next((law for law in self.catalogue if any(a["id"] == area_id for a in law["areas"])), None)
        if owner is None:
            self.add_error("area", _("Vælg sagsområdet."))
        elif data.get("law") and data["law"] != owner["id"]:
            self.add_error("area", _("Sagsområdet hører ikke under den valgte lov. Vælg sagsområdet igen."))
        elif not data.get("law"):
            # Without the page's script, an area may be chosen straight from the list grouped by law.
            data["law"] = owner["id"]
            self.errors.pop("law", None)
        return data


def areas_distinct(rows: list[PageForm]) -> list[str]:
    """The same law area chosen twice is an error of the page, not of either row."""
    chosen = [form.cleaned_data.get("area") for form in rows if form.is_valid()]
    if any(area and chosen.count(area) > 1 for area in chosen):
        return [gettext("Det samme sagsområde er valgt flere gange. Fjern det ene.")]
    return []


# --- Page 4 ------------------------------------------------------------------------------------------

EXCEEDED_NO = ("deadline_exceeded", (YesNo.NO,))
EXCEEDED_YES = ("deadline_exceeded", (YesNo.YES,))
PARTLY = ("outcome", (Outcome.PARTLY_UPHELD,))


class ReasonForm(PageForm):
    """AS-31..33, AS-35: dates, the complaint deadline, the reassessment and what the citizen was told."""

    decision_date = forms.DateField(
        label=_("Afgørelsesdato"),
        widget=_date_widget(),
        help_text=_(
            "Den dato, hvor kommunen har sendt afgørelsen, som borgeren har klaget over, og som afgørelsen er "
            "dateret med. Det kan også være den dato, hvor kommunen mundtligt har meddelt afgørelsen til borgeren."
        ),
    )
    decision_channel = _radio(_("Hvordan fik borgeren afgørelsen?"), DecisionChannel.choices)
    complaint_date = forms.DateField(
        label=_("Klagedato"),
        widget=_date_widget(),
        help_text=_(
            "Den dato, hvor kommunen har modtaget klagen fra borger (uanset klagebrevets datering). "
            "Datoen kan ikke være før afgørelsesdatoen."
        ),
    )
    complaint_channel = _radio(_("Hvordan er klagen modtaget?"), ComplaintChannel.choices)
    deadline_exceeded = _radio(
        _("Vurderer kommunen, at klagefristen er overskredet?"),
        YesNo.choices,
        help_text=_(
            "Kommunen skal ikke genvurdere afgørelsen, hvis klagefristen ikke er overholdt, men straks sende sagen "
            "til Ankestyrelsen. Ankestyrelsen afgør, om der er klaget rettidigt."
        ),
    )
    reassessment_date = forms.DateField(
        label=_("Genvurderingsdato"),
        widget=_date_widget(),
        help_text=_(
            "Den dato, hvor kommunen har sendt meddelelse om genvurdering til borgeren. "
            "Datoen kan ikke være før afgørelsesdatoen."
        ),
    )
    outcome = _radio(_("Resultatet af genvurderingen"), Outcome.choices)
    new_decision_date = forms.DateField(
        label=_("Dato for den nye afgørelse"),
        widget=_date_widget(),
        help_text=_("Den dato, hvor kommunen sendte den nye afgørelse, der giver klageren delvist medhold."),
    )
    maintained_date = forms.DateField(
        label=_("Dato hvor klageren meddelte, at klagen fastholdes"),
        widget=_date_widget(),
        help_text=_(
            "Klageren skal inden 4 uger meddele, om klagen fastholdes. Sagen skal derefter sendes til "
            "Ankestyrelsen inden 14 dage."
        ),
    )
    citizen_informed = _radio(
        _("Har kommunen underrettet borgeren om genvurderingen, og at sagen sendes til Ankestyrelsen?"),
        YesNo.choices,
    )
    citizen_informed_forwarded = _radio(
        _("Har kommunen underrettet borgeren om, at sagen er videresendt til Ankestyrelsen?"), YesNo.choices
    )
    citizen_informed_date = forms.DateField(label=_("Dato for underretningen af borgeren"), widget=_date_widget())

    show_when = {
        "reassessment_date": (EXCEEDED_NO,),
        "outcome": (EXCEEDED_NO,),
        "new_decision_date": (EXCEEDED_NO, PARTLY),
        "maintained_date": (EXCEEDED_NO, PARTLY),
        "citizen_informed": (EXCEEDED_NO,),
        "citizen_informed_forwarded": (EXCEEDED_YES,),
    }
    show_when_any = {
        "citizen_informed_date": (
            (EXCEEDED_NO, ("citizen_informed", (YesNo.YES,))),
            (EXCEEDED_YES, ("citizen_informed_forwarded", (YesNo.YES,))),
        )
    }
    notices = {
        "exceeded": (EXCEEDED_YES,),
        "informed_no": (EXCEEDED_NO, ("citizen_informed", (YesNo.NO,))),
        "informed_forwarded_no": (EXCEEDED_YES, ("citizen_informed_forwarded", (YesNo.NO,))),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        messages = {
            "decision_date": _("Skriv afgørelsesdatoen."),
            "decision_channel": _("Vælg, hvordan borgeren fik afgørelsen."),
            "complaint_date": _("Skriv klagedatoen."),
            "complaint_channel": _("Vælg, hvordan klagen er modtaget."),
            "deadline_exceeded": _("Svar på, om kommunen vurderer, at klagefristen er overskredet."),
            "reassessment_date": _("Skriv genvurderingsdatoen."),
            "outcome": _("Vælg resultatet af genvurderingen."),
            "new_decision_date": _("Skriv datoen for den nye afgørelse."),
            "maintained_date": _("Skriv datoen, hvor klageren meddelte, at klagen fastholdes."),
            "citizen_informed": _("Svar på, om kommunen har underrettet borgeren."),
            "citizen_informed_forwarded": _("Svar på, om kommunen har underrettet borgeren."),
            "citizen_informed_date": _("Skriv datoen for underretningen af borgeren."),
        }
        for name, message in messages.items():
            self.fields[name].error_messages["required"] = message
            if isinstance(self.fields[name], forms.DateField):
                self.fields[name].error_messages["invalid"] = _("Skriv datoen som dd-mm-åååå.")

    def clean_decision_date(self):
        return not_in_future(self.cleaned_data["decision_date"])

    def clean_complaint_date(self):
        return not_in_future(self.cleaned_data["complaint_date"])

    def clean_reassessment_date(self):
        return not_in_future(self.cleaned_data["reassessment_date"])

    def clean_new_decision_date(self):
        return not_in_future(self.cleaned_data["new_decision_date"])

    def clean_maintained_date(self):
        return not_in_future(self.cleaned_data["maintained_date"])

    def clean_citizen_informed_date(self):
        return not_in_future(self.cleaned_data["citizen_informed_date"])

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        decided = data.get("decision_date")
        if decided:
            for name, message in (
                ("complaint_date", _("Klagedatoen kan ikke være før afgørelsesdatoen.")),
                ("reassessment_date", _("Genvurderingsdatoen kan ikke være før afgørelsesdatoen.")),
                ("new_decision_date", _("Datoen for den nye afgørelse kan ikke være før afgørelsesdatoen.")),
                ("citizen_informed_date", _("Datoen for underretningen kan ikke være før afgørelsesdatoen.")),
            ):
                if self.is_shown(name) and data.get(name) and data[name] < decided:
                    self.add_error(name, message)
        new_decision, maintained = data.get("new_decision_date"), data.get("maintained_date")
        if self.is_shown("maintained_date") and new_decision and maintained and maintained < new_decision:
            self.add_error(
                "maintained_date", _("Klageren kan ikke have fastholdt klagen før datoen for den nye afgørelse.")
            )
        return data


def partly_upheld_reply_late(new_decision: date | None, maintained: date | None) -> bool:
    """The complainant's answer came more than 4 weeks after the new decision (AS-33)."""
    return bool(new_decision and maintained and maintained - new_decision > timedelta(weeks=4))


# --- Page 5 ------------------------------------------------------------------------------------------


class RemarksForm(PageForm):
    """AS-34: free text and the "Principiel problemstilling" flag with an optional reason."""

    remarks = forms.CharField(
        label=_("Bemærkninger"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Skriv for eksempel, hvis klagen haster, hvis der er oplysninger om fremadskridende lidelser eller "
            "andet, Ankestyrelsen skal være opmærksom på."
        ),
    )
    principled = forms.BooleanField(
        label=_("Principiel problemstilling"),
        required=False,
        help_text=_(
            "Sæt flueben, hvis sagen efter kommunens opfattelse indeholder principielle spørgsmål, for eksempel "
            "fortolkning af nye regler eller betydningen af ændrede forhold i samfundet."
        ),
    )
    principled_reason = forms.CharField(
        label=_("Begrundelse for, at der er tale om en principiel problemstilling"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    show_when = {"principled_reason": (("principled", (CHECKED,)),)}

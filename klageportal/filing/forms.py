"""Forms of the filing flow. Each field carries its own message; nothing typed is lost on an error."""

from datetime import date
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext_lazy as _

from klageportal.cases.models import PartyKind
from klageportal.catalog.models import Authority, Channel, ComplaintType
from klageportal.core.forms import DateGroupField, DkfdsForm
from klageportal.filing.models import Capacity, Represented
from klageportal.registers import answers as registers
from klageportal.registers.numbers import clean_cpr, clean_cvr, digits


def complaint_type_choices():
    """Complaint types grouped by board, for a select that works without JavaScript."""
    groups: dict[str, list] = {}
    for complaint_type in (
        ComplaintType.objects.filter(is_active=True).select_related("board").order_by("board__name", "position", "name")
    ):
        if complaint_type.board.body.slug == "ankestyrelsen":
            continue
        groups.setdefault(complaint_type.board.name, []).append((str(complaint_type.pk), complaint_type.label))
    return [("", _("Vælg klagetype")), *groups.items()]


class ComplaintTypeForm(DkfdsForm):
    complaint_type = forms.ChoiceField(
        label=_("Klagenævn og klagetype"),
        help_text=_("Vælg det klagenævn og den type afgørelse, du vil klage over."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["complaint_type"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = complaint_type_choices()

    def clean_complaint_type(self):
        complaint_type = (
            ComplaintType.objects.select_related("board").filter(pk=self.cleaned_data["complaint_type"]).first()
        )
        if complaint_type is None:
            raise ValidationError(_("Vælg en klagetype."))
        version = complaint_type.version_at()
        if version is None:
            raise ValidationError(_("Klagetypen kan ikke vælges endnu."))
        if version.channel != Channel.FILING:
            raise ValidationError(
                _("Denne klagetype kan ikke indgives i klageportalen. %(where)s")
                % {"where": version.outside_text or _("Kontakt klagenævnet.")}
            )
        return complaint_type


class CapacityForm(DkfdsForm):
    capacity = forms.ChoiceField(
        label=_("Hvem klager?"),
        # The exempt citizen's capacity is a municipality's only (KP-2): ExemptCapacityForm.
        choices=[(c.value, c.label) for c in (Capacity.OWN, Capacity.REPRESENT)],
        widget=forms.RadioSelect,
        help_text=_('Har du en personligt ejet virksomhed uden eget MitID, vælger du "Jeg klager på egne vegne".'),
    )
    represented = forms.ChoiceField(
        label=_("Hvem repræsenterer du?"),
        choices=Represented.choices,
        widget=forms.RadioSelect,
        required=False,
        help_text=_("Besvares kun, hvis du klager på vegne af andre."),
    )
    association_name = forms.CharField(
        label=_("Foreningens navn"),
        max_length=200,
        required=False,
        help_text=_("Kun for en forening eller lignende uden CVR-nr."),
    )
    association_confirmed = forms.BooleanField(
        label=_("Jeg bekræfter, at foreningens tegningsregler giver mig ret til at klage på foreningens vegne"),
        required=False,
    )

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if data.get("capacity") == Capacity.REPRESENT:
            if not data.get("represented"):
                self.add_error("represented", _("Vælg, hvem du repræsenterer."))
            elif data["represented"] == Represented.ASSOCIATION:
                if not (data.get("association_name") or "").strip():
                    self.add_error("association_name", _("Skriv foreningens navn."))
                if not data.get("association_confirmed"):
                    self.add_error(
                        "association_confirmed",
                        _("Du skal bekræfte, at foreningens tegningsregler giver dig ret til at klage på dens vegne."),
                    )
        return data


class ContactForm(DkfdsForm):
    name = forms.CharField(label=_("Navn"), max_length=200)
    email = forms.EmailField(
        label=_("E-mail"), help_text=_("Vi sender besked til denne adresse, når der er nyt i sagen.")
    )
    phone = forms.CharField(label=_("Telefon"), max_length=20, required=False, help_text=_("8 cifre"))
    address = forms.CharField(label=_("Adresse"), max_length=300, help_text=_("Vej, husnummer, postnummer og by"))

    def __init__(self, *args, name_editable: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not name_editable:
            # AUTH-2: the name comes from the login and is not typed.
            self.fields["name"].disabled = True
            self.fields["name"].help_text = _("Navnet kommer fra dit login.")
        else:
            self.fields["name"].help_text = _('Skriv "formand for foreningen <navn>, <dit fornavn og efternavn>".')
            # Wide enough to show the whole "formand for foreningen …" line.
            self.fields["name"].widget.attrs["class"] = "form-input input-width-xl"

    def clean_phone(self):
        phone = digits(self.cleaned_data["phone"]).removeprefix("+45")
        if phone and (not phone.isdigit() or len(phone) != 8):
            raise ValidationError(_("Telefonnummeret skal have 8 cifre."))
        return phone


def same_name(first: str, second: str) -> bool:
    """Two spellings of one name: case and spacing do not count."""
    return " ".join(first.split()).casefold() == " ".join(second.split()).casefold()


class ComplainantForm(DkfdsForm):
    """A represented complainant. The number is looked up in the CPR or CVR register and the register's name
    is used; a number the register does not know is refused at the field, and a typed name that differs from
    the register's is pointed out before anything is added. When the register does not answer, the typed name
    is used (`register_unavailable` tells the page to say so)."""

    kind = forms.ChoiceField(
        label=_("Klageren er"),
        choices=[
            (PartyKind.PERSON, _("En privatperson (CPR-nummer)")),
            (PartyKind.COMPANY, _("En virksomhed (CVR-nummer)")),
        ],
        widget=forms.RadioSelect,
    )
    number = forms.CharField(
        label=_("CPR- eller CVR-nummer"),
        max_length=20,
        help_text=_("CPR-nummer med 10 cifre eller CVR-nummer med 8 cifre. Navnet hentes i CPR- eller CVR-registret."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )
    name = forms.CharField(
        label=_("Navn"),
        max_length=200,
        required=False,
        help_text=_("Hentes i registret, når du har skrevet nummeret. Svarer registret ikke, skriver du navnet."),
    )
    email = forms.EmailField(
        label=_("E-mail"), help_text=_("Klageren får en e-mail med besked om at godkende, at du repræsenterer dem.")
    )

    def __init__(self, *args, lookup: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.lookup = lookup
        self.register_unavailable = False
        self.fields["name"].widget.attrs["autocomplete"] = "off"

    def has_typed(self) -> bool:
        """Whether anything was typed in the fields (the kind alone is a choice, not typing)."""
        return any((self.data.get(self.add_prefix(name)) or "").strip() for name in ("number", "name", "email"))

    def clean(self):
        super().clean()
        data = self.cleaned_data
        kind, number = data.get("kind"), digits(data.get("number", ""))
        if not kind or not number:
            return data
        if kind == PartyKind.PERSON:
            cleaned = clean_cpr(number)
            if cleaned is None:
                self.add_error("number", _("CPR-nummeret skal have 10 cifre og begynde med en gyldig fødselsdato."))
                return data
        else:
            cleaned = clean_cvr(number)
            if cleaned is None:
                self.add_error("number", _("CVR-nummeret er ikke gyldigt. Det skal have 8 cifre."))
                return data
        number = cleaned
        data["number"] = number
        if self.lookup:
            self._look_up(data, kind, number)
        if not data.get("name") and "name" not in self.errors and "number" not in self.errors:
            self.add_error("name", _("Skriv klagerens fulde navn."))
        return data

    def _look_up(self, data, kind: str, number: str) -> None:
        person = kind == PartyKind.PERSON
        answer = registers.person(number) if person else registers.company(number)
        if answer.status == registers.NOT_FOUND:
            self.add_error(
                "number",
                _("CPR-nummeret findes ikke i CPR. Ret nummeret, og prøv igen.")
                if person
                else _("CVR-nummeret findes ikke i CVR. Ret nummeret, og prøv igen."),
            )
        elif answer.status == registers.UNAVAILABLE:
            self.register_unavailable = True
            if not data.get("name"):
                self.add_error(
                    "name",
                    _("CPR-registret svarer ikke lige nu. Skriv klagerens fulde navn.")
                    if person
                    else _("CVR-registret svarer ikke lige nu. Skriv virksomhedens navn."),
                )
        elif answer.status == registers.FOUND and answer.hit is not None:
            typed, found = data.get("name", ""), answer.hit.name
            self._show(data, "name", found)
            if typed and not same_name(typed, found):
                self.add_error(
                    "name",
                    (
                        _(
                            "I CPR-registret hedder personen med dette CPR-nummer %(found)s, ikke %(typed)s. "
                            "Er nummeret rigtigt? Ret det, eller tryk Tilføj klager for at tilføje %(found)s."
                        )
                        if person
                        else _(
                            "I CVR-registret hedder virksomheden med dette CVR-nummer %(found)s, ikke %(typed)s. "
                            "Er nummeret rigtigt? Ret det, eller tryk Tilføj klager for at tilføje %(found)s."
                        )
                    )
                    % {"found": found, "typed": typed},
                )

    def _show(self, data, name: str, value: str) -> None:
        """Use the register's value: in the answers and on the page if it is shown again."""
        data[name] = value
        shown = cast(MultiValueDict[str, Any], self.data).copy()
        shown[self.add_prefix(name)] = value
        self.data = shown


class DecisionForm(DkfdsForm):
    authority = forms.ModelChoiceField(
        label=_("Myndighed, der har truffet afgørelsen"),
        queryset=Authority.objects.order_by("name"),
        empty_label=_("Vælg myndighed"),
        help_text=_("Som regel kommunen."),
        widget=forms.Select(attrs={"data-searchable": ""}),
    )
    decision_date = DateGroupField(
        label=_("Afgørelsens dato"),
        help_text=_("Datoen står i afgørelsen. Fx 27 3 2026."),
    )
    reference = forms.CharField(
        label=_("Afgørelsens journalnummer eller reference"),
        max_length=200,
        required=False,
        help_text=_("Hvis afgørelsen har et."),
    )
    complaint_text = forms.CharField(
        label=_("Din klage"),
        widget=forms.Textarea(attrs={"rows": 10, "class": "form-input input-width-xl"}),
        help_text=_("Skriv, hvad du klager over, og hvorfor du mener, afgørelsen er forkert."),
        max_length=20000,
    )
    address = forms.CharField(
        label=_("Adresse, klagen handler om"),
        max_length=300,
        required=False,
        help_text=_("Fx ejendommen eller området, afgørelsen gælder."),
    )
    lat = forms.DecimalField(
        label=_("Breddegrad"),
        required=False,
        max_digits=9,
        decimal_places=6,
        help_text=_("Valgfrit: et punkt, fx 56.451234"),
    )
    lon = forms.DecimalField(
        label=_("Længdegrad"),
        required=False,
        max_digits=9,
        decimal_places=6,
        help_text=_("Valgfrit: et punkt, fx 9.402345"),
    )

    def clean_decision_date(self):
        value: date = self.cleaned_data["decision_date"]
        if value > timezone.localdate():
            raise ValidationError(_("Afgørelsens dato kan ikke ligge i fremtiden."))
        if value.year < 1900:
            raise ValidationError(_("Datoen kan ikke ligge før år 1900."))
        return value

    def clean(self):
        super().clean()
        data = self.cleaned_data
        lat, lon = data.get("lat"), data.get("lon")
        if (lat is None) != (lon is None) and "lat" not in self.errors and "lon" not in self.errors:
            self.add_error(
                "lon" if lon is None else "lat", _("Udfyld både breddegrad og længdegrad, eller ingen af dem.")
            )
        elif lat is not None and lon is not None:
            if not Decimal("54.5") <= lat <= Decimal("57.9"):
                self.add_error("lat", _("Breddegraden skal ligge i Danmark (mellem 54,5 og 57,9)."))
            if not Decimal("8.0") <= lon <= Decimal("15.3"):
                self.add_error("lon", _("Længdegraden skal ligge i Danmark (mellem 8,0 og 15,3)."))
        return data


class ExemptCapacityForm(DkfdsForm):
    """KP-2/KP-3 screen 1 for a municipality's staff: "Klager" (the one capacity they file in), "Repræsenterer"
    (the citizen's CPR, looked up in the CPR register) and the granted exemption (KP-8)."""

    capacity = forms.ChoiceField(
        label=_("Klager"),
        choices=[(Capacity.EXEMPT.value, Capacity.EXEMPT.label)],
        initial=Capacity.EXEMPT.value,
        widget=forms.RadioSelect,
    )
    cpr = forms.CharField(
        label=_("Repræsenterer"),
        max_length=20,
        help_text=_("Borgerens CPR-nummer med 10 cifre. Navnet hentes i CPR-registret."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
        error_messages={"required": _("Skriv borgerens CPR-nummer.")},
    )
    exemption_reference = forms.CharField(
        label=_("Reference til fritagelsen"),
        max_length=200,
        help_text=_(
            "Journalnummer eller dato på afgørelsen om, at borgeren er fritaget for digital selvbetjening, "
            "også når en anden myndighed har truffet den."
        ),
        error_messages={"required": _("Skriv en reference til afgørelsen om fritagelse.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.register_unavailable = False

    def clean_cpr(self) -> str:
        cpr = clean_cpr(digits(self.cleaned_data["cpr"]))
        if cpr is None:
            raise ValidationError(_("CPR-nummeret skal have 10 cifre og begynde med en gyldig fødselsdato."))
        answer = registers.person(cpr)
        if answer.status == registers.NOT_FOUND:
            raise ValidationError(_("CPR-nummeret findes ikke i CPR. Ret nummeret, og prøv igen."))
        self.register_unavailable = answer.status == registers.UNAVAILABLE
        return cpr


class ExemptContactForm(DkfdsForm):
    """KP-3 step 2 for a municipality: the exempt citizen's contact details. The name is the CPR register's;
    when the register does not answer, it is typed. E-mail is optional: without it the citizen gets letters."""

    name = forms.CharField(label=_("Navn"), max_length=200, error_messages={"required": _("Skriv borgerens navn.")})
    address = forms.CharField(
        label=_("Adresse"),
        max_length=300,
        help_text=_("Vej, husnummer, postnummer og by. Breve til borgeren sendes hertil."),
        error_messages={"required": _("Skriv borgerens adresse.")},
    )
    phone = forms.CharField(label=_("Telefon"), max_length=20, required=False, help_text=_("8 cifre"))
    email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        help_text=_("Valgfri. Har borgeren ingen e-mail, lader du feltet stå tomt, så skriver nævnet med post."),
    )
    digital_post_exempt = forms.BooleanField(label=_("Borgeren er fritaget for Digital Post"), required=False)

    def __init__(self, *args, register_name: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["autocomplete"] = "off"
        if register_name:
            # The register's name is used, as for a represented complainant; it is not typed.
            self.fields["name"].disabled = True
            self.fields["name"].initial = register_name
            self.fields["name"].help_text = _("Navnet kommer fra CPR-registret.")
        else:
            self.fields["name"].help_text = _("CPR-registret svarer ikke lige nu. Skriv borgerens fulde navn.")

    def clean_phone(self):
        phone = digits(self.cleaned_data["phone"]).removeprefix("+45")
        if phone and (not phone.isdigit() or len(phone) != 8):
            raise ValidationError(_("Telefonnummeret skal have 8 cifre."))
        return phone

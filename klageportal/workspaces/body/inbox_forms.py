"""The appeals body's inbox (BD-1, BD-9): its filters (a GET form) and its search (POSTed, so that a CPR number
never reaches a URL), on the same page flow as the first instance's (klageportal/workspaces/inbox.py)."""

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from klageportal.cases.inbox import BODY_STATUSES, Assignment, DateField, InboxFilters
from klageportal.catalog.models import Board, Channel, ComplaintType
from klageportal.core.forms import DateGroupField, DkfdsForm
from klageportal.identity.models import User
from klageportal.workspaces.first_instance.inbox_forms import ComplaintTypeChoice, InboxSearchForm
from klageportal.workspaces.inbox import LaidOut


class BoardChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Board) -> str:
        if obj.expected_processing_days:
            return str(
                _("%(board)s (forventet sagsbehandlingstid %(days)s dage)")
                % {"board": obj.name, "days": obj.expected_processing_days}
            )
        return obj.name


class BodyInboxFilterForm(LaidOut, DkfdsForm):
    """The filters, read from the address (GET): the body's own statuses, the caseworker's boards, the
    channel, the complaint type, the received date, overdue, the municipality's principled flag, assignment."""

    layout = (
        (("sagsbehandler", 4), ("status", 4), ("naevn", 4)),
        (("kanal", 4), ("klagetype", 8)),
        (("fra", 6), ("til", 6)),
        (("overskredet", 6), ("principiel", 6)),
    )

    sagsbehandler = forms.ChoiceField(
        label=_("Sagsbehandler"),
        required=False,
        choices=[
            ("", _("Alle sager")),
            (Assignment.MINE.value, _("Mine sager")),
            (Assignment.NONE.value, _("Sager uden sagsbehandler")),
        ],
    )
    status = forms.ChoiceField(label=_("Status"), required=False)
    naevn = BoardChoice(
        label=_("Klagenævn"),
        required=False,
        queryset=Board.objects.none(),
        to_field_name="slug",
        empty_label=_("Alle mine klagenævn"),
    )
    kanal = forms.ChoiceField(
        label=_("Kanal"),
        required=False,
        choices=[
            ("", _("Alle kanaler")),
            (Channel.FILING.value, _("Klageportalen")),
            (Channel.FORWARDING.value, _("Web-ankeskema")),
        ],
    )
    klagetype = ComplaintTypeChoice(
        label=_("Klagetype"), required=False, queryset=ComplaintType.objects.none(), empty_label=_("Alle klagetyper")
    )
    fra = DateGroupField(label=_("Modtaget fra og med"), required=False)
    til = DateGroupField(label=_("Modtaget til og med"), required=False)
    overskredet = forms.BooleanField(
        label=_("Kun sager over forventet sagsbehandlingstid"),
        required=False,
        help_text=_("Modtaget for længere siden end klagenævnets forventede sagsbehandlingstid og ikke afsluttet."),
    )
    principiel = forms.BooleanField(
        label=_("Kun sager, hvor kommunen har angivet en principiel problemstilling"), required=False
    )

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        boards: QuerySet[Board] = user.boards.order_by("name")
        self.fields["naevn"].queryset = boards  # type: ignore[attr-defined]
        self.fields["klagetype"].queryset = (  # type: ignore[attr-defined]
            ComplaintType.objects.filter(board__in=boards).select_related("board").order_by("board__name", "position")
        )
        self.fields["status"].choices = [  # type: ignore[attr-defined]
            ("", _("Alle statusser")),
            *((status.value, status.label) for status in BODY_STATUSES),
        ]
        days = sorted({b.expected_processing_days for b in boards if b.expected_processing_days})
        if days:
            self.fields["overskredet"].help_text = _(
                "Modtaget for længere siden end klagenævnets forventede sagsbehandlingstid (%(days)s dage) og "
                "ikke afsluttet."
            ) % {"days": ", ".join(str(d) for d in days)}

    def clean(self):
        data = super().clean() or {}
        start, end = data.get("fra"), data.get("til")
        if start and end and start > end:
            self.add_error("til", _("Til-datoen ligger før fra-datoen. Ret en af dem."))
        return data


class BodyInboxSearchForm(InboxSearchForm):
    """The search: case number, the web appeal form's løbenummer, complainant's name, CPR/CVR number (exact)."""

    layout = ((("sagsnummer", 6), ("lobenummer", 6)), (("navn", 6), ("nummer", 6)))

    sag = None  # type: ignore[assignment]
    lobenummer = forms.CharField(
        label=_("Løbenummer"),
        required=False,
        max_length=20,
        help_text=_("Web-ankeskemaets løbenummer (Blanket ID), fx 2026-000123."),
    )


def body_filters_from(filter_data: dict, search: dict[str, str], *, user: User) -> InboxFilters:
    """The selector's filters from the body's filter form's cleaned data and a stored search."""
    board = filter_data.get("naevn")
    complaint_type = filter_data.get("klagetype")
    number = search.get("nummer", "")
    return InboxFilters(
        statuses=(filter_data["status"],) if filter_data.get("status") else (),
        board_id=board.pk if board else None,
        complaint_type_id=complaint_type.pk if complaint_type else None,
        date_field=DateField.FORWARDED,
        date_from=filter_data.get("fra"),
        date_to=filter_data.get("til"),
        number=search.get("sagsnummer", ""),
        lobenummer=search.get("lobenummer", ""),
        name=search.get("navn", ""),
        cpr=number if len(number) == 10 else "",
        cvr=number if len(number) == 8 else "",
        channel=filter_data.get("kanal") or "",
        overdue=bool(filter_data.get("overskredet")),
        principled=bool(filter_data.get("principiel")),
        assignment=filter_data.get("sagsbehandler") or "",
        assignee_id=user.pk,
    )

"""The web appeal form's pages, in one table (SPEC §8, AS-10..42).

Each page says what it is called, which template shows it, which forms hold its answers (a main form and/or
repeated rows), how its answers read in the summary and on the receipt, what the caseworker is warned about
once it is complete, and what else its template needs. The views, the summary, the receipt, the checklist
and the services read the pages from here, never by a number of their own.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from klageportal.catalog.models import Authority
from klageportal.forwarding.form import forms, guidance, lookups, rows
from klageportal.forwarding.form.answers import Answers, PageNumber

if TYPE_CHECKING:
    from klageportal.forwarding.form.pages import PageForms

SummaryRows = Callable[["PageForms", Answers, Authority], list[rows.Row]]
PageContext = Callable[["PageForms", Authority | None], dict[str, Any]]


@dataclass(frozen=True)
class PageSpec:
    number: PageNumber
    title: Promise
    template: str
    form_class: type[forms.PageForm] | None = None
    """The page's main form."""
    form_options: tuple[str, ...] = ()
    """What the main form is given besides the answers: "authority", "lookup", "catalogue"."""
    row_form_class: type[forms.PageForm] | None = None
    """The form of each repeated row."""
    row_options: tuple[str, ...] = ()
    rows_key: str = ""
    """Where the rows are stored in the page's answers."""
    row_prefix: str = ""
    """The rows' field prefix in the browser ("party-0-name") and in the add/remove buttons' actions."""
    rows_shown_by: str = ""
    """The main form's box that shows the rows; without one, the rows are the page."""
    rows_check: Callable[[list[forms.PageForm]], list[str]] | None = None
    """Errors of the rows together (not of one field)."""
    summary_rows: SummaryRows | None = None
    after_valid: Callable[["PageForms"], list[str]] | None = None
    """Warnings (not errors) shown when the page has been completed."""
    context: PageContext | None = None
    """What the page's template needs besides the forms."""
    lookup: Callable[[dict[str, Any], str], lookups.LookupResult] | None = None
    """The register buttons of the page without JavaScript."""

    @property
    def has_answers(self) -> bool:
        return self.form_class is not None or self.row_form_class is not None


def representative_warnings(page: "PageForms") -> list[str]:
    """AS-25: a representative with neither a power of attorney nor a standing one (a warning, not a block)."""
    if any(isinstance(form, forms.PartyForm) and form.warning() for form in page.shown_rows):
        return [
            gettext(
                "En partsrepræsentant har hverken fuldmagt eller stillingsfuldmagt. Der skal som hovedregel være en "
                "fuldmagt, når klagen kommer fra andre end personer med stillingsfuldmagt, fx advokater."
            )
        ]
    return []


def dates_guidance(page: "PageForms", authority: Authority | None) -> list[guidance.Guidance]:
    """Page 4's deadlines for the dates as they stand (AS-32, AS-33)."""
    values = page.main.raw_values() if page.main is not None else {}
    return guidance.page4_guidance(values, authority=authority)


def _law_areas_context(page: "PageForms", authority: Authority | None) -> dict[str, Any]:
    return {"catalogue": forms.law_catalogue()}


def _dates_context(page: "PageForms", authority: Authority | None) -> dict[str, Any]:
    return {"guidance": dates_guidance(page, authority)}


PAGES: dict[int, PageSpec] = {
    spec.number: spec
    for spec in (
        PageSpec(
            PageNumber.MUNICIPALITY,
            _("Kommunens kontaktoplysninger"),
            "forwarding/page_1.html",
            form_class=forms.MunicipalityForm,
            form_options=("authority",),
            summary_rows=rows.plain_rows,
        ),
        PageSpec(
            PageNumber.CITIZEN,
            _("Borgeren, eventuel partsrepræsentant, værge eller anden klager"),
            "forwarding/page_2.html",
            form_class=forms.CitizenForm,
            form_options=("lookup",),
            row_form_class=forms.PartyForm,
            rows_key="parties",
            row_prefix="party",
            rows_shown_by="has_parties",
            summary_rows=rows.citizen_rows,
            after_valid=representative_warnings,
            lookup=lookups.page2_lookup,
        ),
        PageSpec(
            PageNumber.LAW_AREAS,
            _("Sagsområder"),
            "forwarding/page_3.html",
            row_form_class=forms.AreaForm,
            row_options=("catalogue",),
            rows_key="areas",
            row_prefix="area",
            rows_check=forms.areas_distinct,
            summary_rows=rows.law_area_rows,
            context=_law_areas_context,
        ),
        PageSpec(
            PageNumber.DATES,
            _("Hvorfor sender kommunen klagen?"),
            "forwarding/page_4.html",
            form_class=forms.ReasonForm,
            summary_rows=rows.dates_rows,
            context=_dates_context,
        ),
        PageSpec(
            PageNumber.REMARKS,
            _("Eventuelle bemærkninger"),
            "forwarding/page_5.html",
            form_class=forms.RemarksForm,
            summary_rows=rows.plain_rows,
        ),
        PageSpec(
            PageNumber.DOCUMENTS,
            _("Akterne i sagen"),
            "forwarding/page_6.html",
            summary_rows=rows.documents_rows,
        ),
        PageSpec(PageNumber.SUMMARY, _("Opsummering"), "forwarding/page_7.html"),
    )
}

"""A retention report as lines to read, for the command and the administration's dry run alike."""

from collections.abc import Mapping

from django.utils.translation import gettext_lazy as _

from klageportal.retention.selectors import ANONYMISE

CATEGORY_LABELS = {
    "closed_cases": _("Afsluttede sager ud over fristen"),
    "closed_cases_held": _("Afsluttede sager, der gemmes efter bogføringsloven"),
    "filing_drafts": _("Kladder til klager"),
    "ankeskema_drafts": _("Kladder til web-ankeskemaer"),
    "exemption_requests": _("Anmodninger om fritagelse uden sag"),
    "documents": _("Dokumenter"),
    "files": _("Filer fjernet fra lageret"),
}


def action_label(action: str) -> str:
    return str(_("anonymiseres") if action == ANONYMISE else _("slettes"))


def category_lines(counts: Mapping[str, int]) -> list[tuple[str, int]]:
    """(label, count) for every category, in a fixed order."""
    return [(str(label), int(counts.get(key, 0))) for key, label in CATEGORY_LABELS.items()]


def period_lines(periods: Mapping[str, int]) -> list[tuple[str, int]]:
    labels = {
        "closed_case_days": _("Afsluttede sager (dage efter afslutning)"),
        "filing_draft_days": _("Kladder til klager (dage uden aktivitet)"),
        "ankeskema_draft_days": _("Kladder til web-ankeskemaer (dage siden sidst gemt)"),
        "bookkeeping_years": _("Betalinger (regnskabsår efter betalingen)"),
    }
    return [(str(label), int(periods.get(key, 0))) for key, label in labels.items()]

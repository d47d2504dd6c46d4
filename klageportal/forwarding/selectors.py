"""Reads of the web appeal form."""

from django.db.models import QuerySet

from klageportal.catalog.models import AppealsBody
from klageportal.forwarding.models import AnkeskemaDraft, AnkeskemaSubmission

APPEALS_BODY = "ankestyrelsen"


def open_draft(*, owner) -> AnkeskemaDraft | None:
    """The caseworker's latest open draft: the only one ever offered (AS-3)."""
    return (
        AnkeskemaDraft.objects.filter(owner=owner, state=AnkeskemaDraft.State.OPEN).select_related("authority").first()
    )


def submissions_for_authority(*, authority) -> QuerySet[AnkeskemaSubmission]:
    """The municipality's sent forms, newest first, ready for the list page."""
    return (
        AnkeskemaSubmission.objects.filter(authority=authority)
        .select_related("sent_by", "case")
        .order_by("-sent_at", "-pk")
    )


def submission_for_authority(*, lobenummer: str, authority) -> AnkeskemaSubmission | None:
    """A sent form by its løbenummer, only when it is this municipality's."""
    if authority is None:
        return None
    return (
        AnkeskemaSubmission.objects.filter(lobenummer=lobenummer, authority=authority)
        .select_related("case", "sent_by", "authority")
        .first()
    )


def appeals_body() -> AppealsBody | None:
    """Ankestyrelsen's contact details, as configured in the catalogue (AS-5)."""
    return AppealsBody.objects.filter(slug=APPEALS_BODY).first()

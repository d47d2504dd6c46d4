"""What the case's pages show about hearings (BD-8) and the appeals body's work on parties and documents (BD-5,
X-6): "Du er i høring" for a party asked to comment, and for the board's caseworker the actions on the Parter and
Dokumenter tabs and the panel's summary. Each tag asks the policies and costs a fixed number of queries, none for
a person it has nothing to show."""

from datetime import date
from typing import Any

from django import template
from django.db.models import Prefetch

from klageportal.cases import policies
from klageportal.cases.models import Case, Party
from klageportal.casework.models import Hearing
from klageportal.casework.services.hearings import today
from klageportal.documents.models import CaseDocument

register = template.Library()


def _user(context: template.Context) -> Any:
    request = context.get("request")
    return getattr(request, "user", None)


def _open(case: Case, on: date) -> Any:
    return Hearing.objects.filter(case=case, closed_at__isnull=True, deadline__gte=on)


@register.inclusion_tag("workspaces/case/_hearings_box.html", takes_context=True)
def case_hearings(context: template.Context, case: Case) -> dict[str, Any]:
    """BD-8: the open hearings this person's party is asked to comment in, each with the documents they see."""
    user = _user(context)
    if user is None or not user.is_authenticated:
        return {"hearings": []}
    open_hearings = _open(case, today())
    # Most cases have no open hearing: one indexed query, before the policies build their conditions.
    if not open_hearings.exists() or policies.is_board_caseworker(user, case):
        return {"hearings": []}
    own = Party.objects.filter(policies.own_parties_q(user, case))
    visible = CaseDocument.objects.filter(policies.documents_visible_to(user, case, case_checked=True))
    hearings = list(
        open_hearings.filter(parties__in=own)
        .distinct()
        .order_by("deadline", "pk")
        .prefetch_related(
            Prefetch(
                "documents",
                queryset=visible.select_related("document").order_by("added_at", "pk"),
                to_attr="shown_documents",
            )
        )
    )
    return {"hearings": hearings, "case": case}


@register.simple_tag(takes_context=True)
def body_parties(context: template.Context, case: Case, parties: list[Party]) -> dict[str, Any]:
    """BD-5, BD-8: on the Parter tab, what the board's caseworker may do with each party and the case."""
    user = _user(context)
    if user is None or not policies.is_board_caseworker(user, case) or not policies.can_act_as_body(user, case):
        return {"acts": False}
    return {
        "acts": True,
        "confirmable": {party.pk for party in parties if party.awaits_confirmation},
        "removable": {party.pk for party in parties if party.removed_at is None and party.role == "other"},
        "can_add": policies.can_add_party_as_body(user, case),
    }


@register.simple_tag(takes_context=True)
def body_documents(context: template.Context, case: Case) -> dict[str, Any]:
    """X-6, BD-8: on the Dokumenter tab, which documents are restricted (and why) for the board's caseworker, and
    whether it may restrict them and send them in a hearing."""
    user = _user(context)
    if user is None or not policies.is_board_caseworker(user, case):
        return {"staff": False}
    return {
        "staff": True,
        "acts": policies.can_act_as_body(user, case),
        "restricted": dict(case.documents.filter(restricted=True).values_list("pk", "restricted_reason")),
    }


@register.inclusion_tag("workspaces/body/_panel_hearings.html", takes_context=True)
def body_hearing_panel(context: template.Context, case: Case) -> dict[str, Any]:
    """BD-8: the panel's part on parties and hearings: proposed parties to decide on, and open hearings."""
    user = _user(context)
    if user is None or not policies.is_board_caseworker(user, case):
        return {"show": False}
    on = today()
    return {
        "show": True,
        "case": case,
        "acts": policies.can_act_as_body(user, case),
        "awaiting": list(case.parties.filter(policies.ACTIVE, proposed=True, confirmed_at__isnull=True).order_by("pk")),
        "hearings": list(
            Hearing.objects.filter(case=case, closed_at__isnull=True)
            .order_by("deadline", "pk")
            .prefetch_related(Prefetch("parties", queryset=Party.objects.order_by("pk")))
        ),
        "today": on,
    }


@register.filter
def reason_of(restricted: dict[int, str], pk: int) -> str:
    """The reason a document (by its link's pk) is restricted, from body_documents' `restricted`."""
    return restricted.get(pk, "")

"""Writes of the appeals body: receiving a forwarded case, asking for documents, deciding and closing it,
confirming the parties the first instance proposed (SPEC §6, BD-8). Each action on the case is one function
here, named `case_<verb>` (`party_<verb>` for a party), going through `cases.workflow` for a status change."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from klageportal.cases import policies
from klageportal.cases.models import CaseEvent, Party, PartyRole
from klageportal.cases.services.events import case_event_add
from klageportal.core.phrases import label_phrase, phrase
from klageportal.identity.models import User


def party_confirm(*, party: Party, by: User) -> Party:
    """BD-8: the board's caseworker confirms a party the first instance proposed; from now on it sees the case.

    Raises PermissionDenied unless `by` may confirm this party (policies.can_confirm_party).
    """
    with transaction.atomic():
        party = Party.objects.select_for_update().select_related("case").get(pk=party.pk)
        policies.require(policies.can_confirm_party(by, party))
        party.confirmed_at = timezone.now()
        party.confirmed_by = by
        party.save(update_fields=["confirmed_at", "confirmed_by"])
        case_event_add(
            case=party.case,
            kind=CaseEvent.Kind.PARTY,
            text=phrase(
                gettext_noop("%(role)s bekræftet som part: %(name)s"),
                role=label_phrase(PartyRole(party.role).label),
                name=party.name,
            ),
            actor=by,
            data={"party": party.pk, "role": party.role, "confirmed": True},
        )
    return party

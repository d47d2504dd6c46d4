"""Writes on the parties of a case."""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext_noop

from klageportal.cases.models import Case, CaseEvent, Party, PartyRole
from klageportal.cases.services.events import case_event_add
from klageportal.core.phrases import label_phrase, phrase
from klageportal.identity.models import User


def party_add(*, case: Case, by: User | None, **fields: Any) -> Party:
    """Add a party to the case, with a history line; `by` is None where the portal acts."""
    with transaction.atomic():
        party = Party.objects.create(case=case, **fields)
        case_event_add(
            case=case,
            kind=CaseEvent.Kind.PARTY,
            text=phrase(
                gettext_noop("%(role)s tilføjet: %(name)s"),
                role=label_phrase(PartyRole(party.role).label),
                name=party.name,
            ),
            actor=by,
            data={"party": party.pk, "role": party.role},
        )
    return party

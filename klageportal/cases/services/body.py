"""Writes of the appeals body: receiving a forwarded case, asking for documents, deciding and closing it,
confirming the parties the first instance proposed or removing them with a reason, and adding parties of its own
(SPEC §7, BD-5, BD-8). Each action on the case is one function
here, named `case_<verb>` (`party_<verb>` for a party), going through `cases.workflow` for a status change."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from klageportal.cases import policies
from klageportal.cases.models import Case, CaseEvent, Party, PartyKind, PartyRole
from klageportal.cases.services.events import case_event_add
from klageportal.cases.services.parties import party_add
from klageportal.core.phrases import label_phrase, phrase
from klageportal.identity.models import User


def party_confirm(*, party: Party, by: User) -> Party:
    """BD-8: the board's caseworker confirms a party the first instance proposed; from now on it sees the case.

    Raises PermissionDenied unless `by` may confirm this party (policies.can_confirm_party).
    """
    with transaction.atomic():
        party = Party.objects.select_for_update().select_related("case").get(pk=party.pk)
        # A party the body has removed stays removed: confirming it would not bring it back (BD-8).
        policies.require(policies.can_confirm_party(by, party) and party.removed_at is None)
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


def party_remove(*, party: Party, reason: str, by: User) -> Party:
    """BD-8: the board's caseworker takes a party off the case (a proposed party it does not confirm, or another
    party that has no party status after all), with a reason in the history. A removed party sees nothing of the
    case (policies.ACTIVE), also when it was confirmed before.

    Raises PermissionDenied unless `by` may remove this party (policies.can_remove_party); ValueError without a
    reason.
    """
    reason = reason.strip()
    if not reason:
        raise ValueError("A party is removed with a reason (BD-8).")
    with transaction.atomic():
        party = Party.objects.select_for_update().select_related("case").get(pk=party.pk)
        policies.require(policies.can_remove_party(by, party))
        party.removed_at = timezone.now()
        party.save(update_fields=["removed_at"])
        case_event_add(
            case=party.case,
            kind=CaseEvent.Kind.PARTY,
            text=phrase(
                gettext_noop("%(role)s fjernet som part: %(name)s. Begrundelse: %(reason)s"),
                role=label_phrase(PartyRole(party.role).label),
                name=party.name,
                reason=reason,
            ),
            actor=by,
            data={"party": party.pk, "role": party.role, "removed": True, "reason": reason},
        )
    return party


def party_add_as_body(
    *,
    case: Case,
    by: User,
    name: str,
    kind: str,
    cpr: str = "",
    cvr: str = "",
    email: str = "",
    address: str = "",
    no_email: bool = False,
    digital_post_exempt: bool = False,
) -> Party:
    """BD-5: the board's caseworker adds a party to a case the body has. The body decides party status (BD-8),
    so the party is not proposed: with its CPR or CVR number it sees the case at once. A party without e-mail is
    written to by post (its address kept).

    Raises PermissionDenied unless `by` may add parties as the body (policies.can_add_party_as_body).
    """
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        policies.require(policies.can_add_party_as_body(by, case))
        return party_add(
            case=case,
            by=by,
            role=PartyRole.OTHER,
            kind=kind,
            name=name.strip(),
            cpr=cpr if kind == PartyKind.PERSON else "",
            cvr=cvr if kind == PartyKind.COMPANY else "",
            email="" if no_email else email.strip(),
            address=address.strip(),
            no_email=no_email,
            digital_post_exempt=digital_post_exempt,
        )

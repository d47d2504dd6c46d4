"""Writes on the parties of a case: adding one, the first instance's proposed parties (FI-5), the complainant's
representative (CW-4) and a party's e-mail for the case (CW-5)."""

from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from klageportal.cases import policies
from klageportal.cases.models import Case, CaseEvent, Party, PartyKind, PartyRole
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


def _locked(case: Case) -> Case:
    return Case.objects.select_for_update().get(pk=case.pk)


def party_propose(
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
    """FI-5: the first instance adds a party to a case it may act on. The party is proposed: it sees nothing of
    the case until the appeals body confirms it (BD-8). A party without e-mail gets the first instance's
    address and the flag, so that the appeals body writes to it by post.

    Raises PermissionDenied unless `by` may add parties to the case (policies.can_add_party).
    """
    with transaction.atomic():
        case = _locked(case)
        policies.require(policies.can_add_party(by, case))
        if no_email:
            email = case.authority.email if case.authority else ""
        return party_add(
            case=case,
            by=by,
            role=PartyRole.OTHER,
            kind=kind,
            name=name.strip(),
            cpr=cpr if kind == PartyKind.PERSON else "",
            cvr=cvr if kind == PartyKind.COMPANY else "",
            email=email.strip(),
            address=address.strip(),
            no_email=no_email,
            digital_post_exempt=digital_post_exempt,
            proposed=True,
        )


def _representatives_remove(case: Case, by: User, now: datetime) -> list[Party]:
    removed = list(case.parties.select_for_update().filter(policies.ACTIVE, role=PartyRole.REPRESENTATIVE))
    for party in removed:
        party.removed_at = now
        party.save(update_fields=["removed_at"])
        case_event_add(
            case=case,
            kind=CaseEvent.Kind.PARTY,
            text=phrase(gettext_noop("Repræsentant fjernet: %(name)s"), name=party.name),
            actor=by,
            data={"party": party.pk, "role": party.role, "removed": True},
        )
    return removed


def representative_remove(*, case: Case, by: User) -> list[Party]:
    """CW-4: a complainant takes the representative off a case that is Indsendt; the representative loses access
    to the case at once (policies.ACTIVE). Returns the parties removed.

    Raises PermissionDenied unless `by` may change the representative (policies.can_change_representative), or
    when the case has no representative to remove.
    """
    with transaction.atomic():
        case = _locked(case)
        policies.require(policies.can_change_representative(by, case))
        removed = _representatives_remove(case, by, timezone.now())
        policies.require(bool(removed))
    return removed


def representative_replace(
    *, case: Case, by: User, name: str, kind: str, cpr: str = "", cvr: str = "", email: str
) -> tuple[Party, list[Party]]:
    """CW-4: a complainant names a new representative for a case that is Indsendt (or a first one).

    The former representative loses access; the new one sees the case as soon as they log in with the CPR number
    named, or as the company with the CVR number named (policies.own_party_q). The complainant names them, so
    no approval is asked (unlike KP-7, where a representative names the complainant). Returns the new party and
    the parties removed.

    Raises PermissionDenied unless `by` may change the representative (policies.can_change_representative).
    """
    with transaction.atomic():
        case = _locked(case)
        policies.require(policies.can_change_representative(by, case))
        removed = _representatives_remove(case, by, timezone.now())
        party = party_add(
            case=case,
            by=by,
            role=PartyRole.REPRESENTATIVE,
            kind=kind,
            name=name.strip(),
            cpr=cpr if kind == PartyKind.PERSON else "",
            cvr=cvr if kind == PartyKind.COMPANY else "",
            email=email.strip(),
        )
    return party, removed


def party_email_set(*, party: Party, by: User, email: str) -> tuple[Party, bool]:
    """CW-5: a party changes the e-mail address used for it on this case; later e-mails about the case go there.

    Returns the party and whether anything changed: an unchanged address writes no history.
    Raises PermissionDenied unless `by` may change this party's e-mail (policies.can_change_party_email).
    """
    with transaction.atomic():
        case = _locked(party.case)
        party = (
            Party.objects.select_for_update(of=("self", "case"))
            .select_related("case", "case__authority")
            .get(pk=party.pk)
        )
        party.case = case
        policies.require(policies.can_change_party_email(by, party))
        email = email.strip()
        if email.casefold() == party.email.casefold() and not party.no_email:
            return party, False
        party.email = email
        party.no_email = False
        party.save(update_fields=["email", "no_email"])
        case_event_add(
            case=case,
            kind=CaseEvent.Kind.PARTY,
            text=phrase(gettext_noop("E-mail ændret for %(name)s"), name=party.name),
            actor=by,
            data={"party": party.pk, "role": party.role, "email_changed": True},
        )
    return party, True

"""Who at the appeals body has a case (BD-1): assigning it to a caseworker, and releasing it."""

from django.db import transaction
from django.utils.translation import gettext_noop

from klageportal.cases import policies
from klageportal.cases.models import Case, CaseEvent
from klageportal.cases.services.events import case_event_add
from klageportal.core.phrases import phrase
from klageportal.identity.models import User


def case_assign(*, case: Case, to: User | None, by: User) -> Case:
    """Give the case to `to`, a caseworker of the board the case is at, or to nobody (None: release it).

    Raises PermissionDenied unless `by` may assign the case and `to` may have it (policies.can_assign_case).
    Assigning it to whom already has it changes nothing and writes no history line.
    """
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        policies.require(policies.can_assign_case(by, case, to=to))
        if case.assigned_to_id == (to.pk if to else None):
            return case
        before = case.assigned_to
        case.assigned_to = to
        case.save(update_fields=["assigned_to"])
        if to is None:
            text = phrase(gettext_noop("%(name)s har ikke længere sagen"), name=before.full_name if before else "")
        elif to.pk == by.pk:
            text = phrase(gettext_noop("%(name)s har taget sagen"), name=to.full_name)
        else:
            text = phrase(gettext_noop("Sagen er tildelt %(name)s"), name=to.full_name)
        case_event_add(
            case=case,
            kind=CaseEvent.Kind.NOTE,
            text=text,
            actor=by,
            data={"action": "assigned", "to": to.pk if to else None, "from": before.pk if before else None},
        )
    return case

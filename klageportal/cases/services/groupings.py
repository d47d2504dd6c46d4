"""Groupings of complaints that the first instance handles together (FI-8): create one from case numbers, add
further cases, take a case out, delete the grouping. Each change is one transaction with the cases locked, and a
line in the history of every case it touches, written in one statement whatever the number of cases."""

import re
from dataclasses import dataclass
from typing import cast

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from klageportal.cases import policies
from klageportal.cases.models import Case, CaseEvent, Grouping, Status
from klageportal.core.phrases import phrase
from klageportal.identity.models import User

MAX_NUMBERS = 1000
"""Case numbers taken in one request (a grouping may grow beyond it by adding more)."""
GROUPABLE = Status.INDSENDT
"""FI-8: only complaints with status Indsendt join a grouping."""


class GroupingRefused(Exception):
    """The case numbers cannot be grouped; `problems` has one message per problem, each naming the number."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


def case_numbers_parse(text: str) -> list[str]:
    """The case numbers in what was typed: one a line or separated by commas, semicolons or spaces; each once."""
    numbers = (part.strip().upper() for part in re.split(r"[\s,;]+", text or ""))
    return list(dict.fromkeys(number for number in numbers if number))


@dataclass(frozen=True)
class _Checked:
    cases: list[Case]
    complaint_type_id: int


def _cases_check(*, by: User, numbers: list[str], grouping: Grouping | None) -> _Checked:
    """Lock and check the cases named by `numbers`; raise GroupingRefused naming every number that cannot join."""
    if not numbers:
        raise GroupingRefused([_("Skriv mindst ét sagsnummer.")])
    if len(numbers) > MAX_NUMBERS:
        raise GroupingRefused([_("Skriv højst %(limit)d sagsnumre ad gangen.") % {"limit": MAX_NUMBERS}])
    found = {
        case.number: case
        for case in Case.objects.select_for_update(of=("self",))
        .select_related("complaint_type", "grouping")
        .filter(number__in=numbers, authority=by.authority)
        .exclude(status=Status.KLADDE)
    }
    problems: list[str] = []
    expected = grouping.complaint_type if grouping is not None else None
    for number in numbers:
        case = found.get(number)
        if case is None:
            # Another authority's case, or a draft, is told apart from no case at all by nobody.
            problems.append(_("Sag %(number)s findes ikke blandt jeres sager.") % {"number": number})
            continue
        if grouping is not None and case.grouping_id == grouping.pk:
            problems.append(_("Sag %(number)s er allerede i grupperingen.") % {"number": number})
            continue
        if case.grouping is not None:
            problems.append(
                _("Sag %(number)s er allerede i grupperingen „%(name)s“. Tag den ud af den først.")
                % {"number": number, "name": case.grouping.name}
            )
            continue
        if case.status != GROUPABLE:
            problems.append(
                _("Sag %(number)s har status „%(status)s“. Kun sager med status „Indsendt“ kan grupperes.")
                % {"number": number, "status": case.get_status_display()}
            )
            continue
        if expected is None:
            expected = case.complaint_type
        if case.complaint_type_id != getattr(expected, "pk", None):
            problems.append(
                _("Sag %(number)s er af klagetypen „%(type)s“; grupperingen er for „%(expected)s“.")
                % {
                    "number": number,
                    "type": case.complaint_type.label if case.complaint_type else "–",
                    "expected": expected.label if expected else "–",
                }
            )
    if problems:
        raise GroupingRefused(problems)
    assert expected is not None  # at least one number, every one found
    return _Checked(cases=[found[number] for number in numbers], complaint_type_id=expected.pk)


def _join(*, grouping: Grouping, cases: list[Case], by: User) -> None:
    pks = [case.pk for case in cases]
    Case.objects.filter(pk__in=pks).update(grouping=grouping)
    CaseEvent.record_many(
        cases=Case.objects.filter(pk__in=pks),
        kind=CaseEvent.Kind.NOTE,
        text=phrase(gettext_noop("Sagen er lagt i grupperingen „%(name)s“."), name=grouping.name),
        actor=by,
        data={"grouping": grouping.pk},
    )
    for case in cases:
        case.grouping = grouping


def grouping_create(*, by: User, name: str, numbers: list[str]) -> Grouping:
    """FI-8 "Opret gruppering": complaints of the authority, all Indsendt and of one complaint type."""
    policies.require(policies.can_manage_groupings(by))
    with transaction.atomic():
        checked = _cases_check(by=by, numbers=numbers, grouping=None)
        grouping = Grouping.objects.create(
            authority_id=cast(int, by.authority_id),
            complaint_type_id=checked.complaint_type_id,
            name=name.strip(),
            created_by=by,
        )
        _join(grouping=grouping, cases=checked.cases, by=by)
    return grouping


def grouping_cases_add(*, grouping: Grouping, by: User, numbers: list[str]) -> list[Case]:
    """FI-8: further complaints with status Indsendt, of the grouping's complaint type, join it."""
    policies.require(policies.can_manage_grouping(by, grouping))
    with transaction.atomic():
        grouping = Grouping.objects.select_for_update().select_related("complaint_type").get(pk=grouping.pk)
        checked = _cases_check(by=by, numbers=numbers, grouping=grouping)
        _join(grouping=grouping, cases=checked.cases, by=by)
    return checked.cases


def grouping_case_remove(*, grouping: Grouping, case: Case, by: User) -> None:
    """FI-8: a case leaves the grouping; what was added to it through the grouping stays on it."""
    policies.require(policies.can_manage_grouping(by, grouping))
    with transaction.atomic():
        grouping = Grouping.objects.select_for_update().get(pk=grouping.pk)
        locked = Case.objects.select_for_update().filter(pk=case.pk, grouping=grouping).first()
        policies.require(locked is not None)
        Case.objects.filter(pk=case.pk).update(grouping=None)
        CaseEvent.record(
            case=case,
            kind=CaseEvent.Kind.NOTE,
            text=phrase(gettext_noop("Sagen er taget ud af grupperingen „%(name)s“."), name=grouping.name),
            actor=by,
            data={"grouping": grouping.pk},
        )
    case.grouping = None


def grouping_delete(*, grouping: Grouping, by: User) -> int:
    """FI-8: the grouping goes; its cases stay, with everything added to them. Returns the cases it had."""
    policies.require(policies.can_manage_grouping(by, grouping))
    with transaction.atomic():
        grouping = Grouping.objects.select_for_update().get(pk=grouping.pk)
        members = Case.objects.filter(grouping=grouping)
        list(members.select_for_update().values_list("pk", flat=True))
        written = CaseEvent.record_many(
            cases=members,
            kind=CaseEvent.Kind.NOTE,
            text=phrase(
                gettext_noop("Grupperingen „%(name)s“ er slettet; sagen er ikke længere i en gruppering."),
                name=grouping.name,
            ),
            actor=by,
            data={"grouping": grouping.pk},
        )
        members.update(grouping=None)
        grouping.delete()
    return written

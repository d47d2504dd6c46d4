"""Groupings (FI-8): created from case numbers of the authority's complaints in Indsendt, of one type; cases
added and taken out; the grouping deleted while its cases stay. Every refusal names the number and changes
nothing."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from klageportal.cases.models import Case, CaseEvent, Grouping, Status
from klageportal.cases.services.groupings import (
    GroupingRefused,
    case_numbers_parse,
    grouping_case_remove,
    grouping_cases_add,
    grouping_create,
    grouping_delete,
)
from tests.factories import CaseFactory, ComplaintTypeFactory

pytestmark = pytest.mark.django_db


def case_of_another_type(authority):
    other = ComplaintTypeFactory()
    return CaseFactory(status=Status.INDSENDT, complaint_type=other, authority=authority)


def snapshot():
    return (
        list(Grouping.objects.values_list("pk", "name")),
        list(Case.objects.order_by("pk").values_list("pk", "grouping_id")),
        CaseEvent.objects.count(),
    )


def test_case_numbers_are_read_from_lines_commas_and_spaces_each_once():
    text = "nh-2026-000001\nNH-2026-000002, NH-2026-000003;  NH-2026-000001\n\n"
    assert case_numbers_parse(text) == ["NH-2026-000001", "NH-2026-000002", "NH-2026-000003"]


def test_a_grouping_is_created_from_the_authoritys_submitted_complaints_with_a_history_line_each(make_case, fi_staff):
    cases = [make_case(Status.INDSENDT) for _ in range(3)]
    grouping = grouping_create(by=fi_staff, name=" Lokalplan 123 ", numbers=[c.number for c in cases])

    assert grouping.name == "Lokalplan 123"
    assert grouping.authority == fi_staff.authority and grouping.created_by == fi_staff
    assert grouping.complaint_type == cases[0].complaint_type
    assert set(grouping.cases.values_list("pk", flat=True)) == {c.pk for c in cases}
    for case in cases:
        line = CaseEvent.objects.filter(case=case).last()
        assert line.display_text == "Sagen er lagt i grupperingen „Lokalplan 123“."
        assert line.actor == fi_staff and line.data["grouping"] == grouping.pk


def test_every_number_that_cannot_join_is_named_and_nothing_changes(make_case, fi_staff, other_authority):
    ok = make_case(Status.INDSENDT)
    udfyldt = make_case(Status.UDFYLDT)
    draft = make_case(Status.KLADDE)
    other_type = case_of_another_type(fi_staff.authority)
    foreign = CaseFactory(status=Status.INDSENDT, authority=other_authority)
    taken = make_case(Status.INDSENDT)
    grouping_create(by=fi_staff, name="Anden", numbers=[taken.number])
    before = snapshot()

    numbers = [ok.number, udfyldt.number, draft.number, other_type.number, foreign.number, taken.number, "XX-1"]
    with pytest.raises(GroupingRefused) as refused:
        grouping_create(by=fi_staff, name="Lokalplan", numbers=numbers)

    problems = refused.value.problems
    assert len(problems) == 6
    assert f"Sag {udfyldt.number} har status „Udfyldt“" in problems[0]
    assert problems[1] == f"Sag {draft.number} findes ikke blandt jeres sager."  # a draft is nobody's but the filer's
    assert f"Sag {other_type.number} er af klagetypen" in problems[2]
    assert problems[3] == f"Sag {foreign.number} findes ikke blandt jeres sager."  # not "another authority's"
    assert f"Sag {taken.number} er allerede i grupperingen „Anden“" in problems[4]
    assert problems[5] == "Sag XX-1 findes ikke blandt jeres sager."
    assert snapshot() == before


def test_no_numbers_is_refused(fi_staff):
    with pytest.raises(GroupingRefused) as refused:
        grouping_create(by=fi_staff, name="Tom", numbers=[])
    assert refused.value.problems == ["Skriv mindst ét sagsnummer."]
    assert not Grouping.objects.exists()


def test_further_submitted_cases_of_the_same_type_are_added(make_case, fi_staff):
    first, later = make_case(Status.INDSENDT), make_case(Status.INDSENDT)
    grouping = grouping_create(by=fi_staff, name="Lokalplan", numbers=[first.number])
    grouping_cases_add(grouping=grouping, by=fi_staff, numbers=[later.number])
    assert set(grouping.cases.values_list("pk", flat=True)) == {first.pk, later.pk}


def test_a_case_of_another_type_or_already_in_it_is_not_added(make_case, fi_staff):
    first = make_case(Status.INDSENDT)
    other_type = case_of_another_type(fi_staff.authority)
    grouping = grouping_create(by=fi_staff, name="Lokalplan", numbers=[first.number])
    before = snapshot()
    with pytest.raises(GroupingRefused) as refused:
        grouping_cases_add(grouping=grouping, by=fi_staff, numbers=[first.number, other_type.number])
    assert refused.value.problems[0] == f"Sag {first.number} er allerede i grupperingen."
    assert f"Sag {other_type.number} er af klagetypen" in refused.value.problems[1]
    assert snapshot() == before


def test_a_case_is_taken_out_and_keeps_its_documents_and_history(make_case, fi_staff):
    one, two = make_case(Status.INDSENDT), make_case(Status.INDSENDT)
    grouping = grouping_create(by=fi_staff, name="Lokalplan", numbers=[one.number, two.number])
    grouping_case_remove(grouping=grouping, case=one, by=fi_staff)
    one.refresh_from_db()
    assert one.grouping is None and list(grouping.cases.all()) == [two]
    assert CaseEvent.objects.filter(case=one).last().display_text == "Sagen er taget ud af grupperingen „Lokalplan“."


def test_deleting_a_grouping_keeps_its_cases(make_case, fi_staff):
    cases = [make_case(Status.INDSENDT) for _ in range(2)]
    grouping = grouping_create(by=fi_staff, name="Lokalplan", numbers=[c.number for c in cases])
    assert grouping_delete(grouping=grouping, by=fi_staff) == 2
    assert not Grouping.objects.exists()
    assert Case.objects.filter(pk__in=[c.pk for c in cases], grouping__isnull=True).count() == 2
    for case in cases:
        assert "er slettet" in CaseEvent.objects.filter(case=case).last().display_text


@pytest.fixture
def outsiders(other_fi_staff, complainant, caseworker):
    return {
        "other_authority": other_fi_staff,
        "complainant": complainant,
        "caseworker": caseworker,
        "anonymous": AnonymousUser(),
    }


@pytest.mark.parametrize("who", ["other_authority", "complainant", "caseworker", "anonymous"])
def test_no_one_but_the_authoritys_staff_groups_adds_removes_or_deletes(who, outsiders, make_case, fi_staff):
    person = outsiders[who]
    one, two = make_case(Status.INDSENDT), make_case(Status.INDSENDT)
    grouping = grouping_create(by=fi_staff, name="Lokalplan", numbers=[one.number])
    before = snapshot()
    for attempt in (
        lambda: grouping_create(by=person, name="Min", numbers=[two.number]),
        lambda: grouping_cases_add(grouping=grouping, by=person, numbers=[two.number]),
        lambda: grouping_case_remove(grouping=grouping, case=one, by=person),
        lambda: grouping_delete(grouping=grouping, by=person),
    ):
        with pytest.raises((PermissionDenied, GroupingRefused)):
            attempt()
    assert snapshot() == before

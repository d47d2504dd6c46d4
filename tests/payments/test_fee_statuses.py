"""`fee_statuses`: the fee of many cases in two queries, the same answer as `fee_status` case by case."""

import pytest

from klageportal.cases.models import PartyKind, Status
from klageportal.catalog.models import FeeDue
from klageportal.payments.fees import fee_status, fee_statuses
from klageportal.payments.models import Payment

pytestmark = pytest.mark.django_db


def test_many_cases_get_the_answer_each_gets_alone_in_two_queries(make_case, django_assert_num_queries):
    private = make_case()
    company = make_case(complainant_kinds=(PartyKind.PERSON, PartyKind.COMPANY))
    paid = make_case()
    Payment.objects.create(case=paid, amount_ore=90_000, gateway="testgateway", state=Payment.State.PAID)
    draft = make_case(Status.KLADDE)
    later = make_case(Status.INDSENDT)
    later.type_version.fee_due = FeeDue.AT_FORWARDING
    later.type_version.save()
    cases = [private, company, paid, draft, later]
    for case in cases:
        case.refresh_from_db()
    with django_assert_num_queries(2 + len(cases)):  # the type version of each case is not loaded here
        statuses = fee_statuses(cases)
    assert statuses == {case.pk: fee_status(case) for case in cases}
    assert statuses[company.pk].amount == 1800
    assert statuses[paid.pk].is_paid
    assert statuses[later.pk].due_at_forwarding and not statuses[later.pk].payable_now

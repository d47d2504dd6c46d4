"""Mine klager says beside the status when a fee is unpaid, and when a fee due at forwarding will be asked for
(PAY-6); a paid fee and a draft say nothing."""

import pytest
from django.urls import reverse

from klageportal.cases.models import PartyRole, Status
from klageportal.catalog.models import FeeDue
from klageportal.payments.models import Payment
from tests.factories import CaseFactory, ComplaintTypeVersionFactory

pytestmark = pytest.mark.django_db

URL = reverse("workspaces:my_cases")


def _case(filer, status, *, fee_due=FeeDue.AT_FILING):
    version = ComplaintTypeVersionFactory(fee_private=900, fee_company=1800, fee_due=fee_due)
    return CaseFactory(
        created_by=filer,
        status=status,
        complaint_type=version.complaint_type,
        type_version=version,
        filer__role=PartyRole.COMPLAINANT,
    )


def _row(page: str, number: str) -> str:
    return page.split(number, 1)[1].split("</tr>", 1)[0]


def test_the_list_says_when_each_fee_is_asked_for(client, filer):
    unpaid = _case(filer, Status.UDFYLDT)
    later = _case(filer, Status.INDSENDT, fee_due=FeeDue.AT_FORWARDING)
    now = _case(filer, Status.VIDERESENDT, fee_due=FeeDue.AT_FORWARDING)
    paid = _case(filer, Status.INDSENDT)
    Payment.objects.create(case=paid, amount_ore=90_000, gateway="testgateway", state=Payment.State.PAID)
    draft = _case(filer, Status.KLADDE)
    client.force_login(filer)
    page = client.get(URL).content.decode()
    assert 'data-fee-state="due">ikke betalt' in _row(page, unpaid.number)
    assert "betales, når myndigheden sender sagen videre til nævnet" in _row(page, later.number)
    assert "skal betales nu, da sagen er sendt videre til nævnet" in _row(page, now.number)
    assert "data-list-fee" not in _row(page, paid.number)
    assert "data-list-fee" not in _row(page, draft.number)

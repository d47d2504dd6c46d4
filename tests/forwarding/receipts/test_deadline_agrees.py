"""One complaint deadline (SPEC §12, AS-32): page 4, the summary on page 7 and the receipt state the same day."""

import pytest
from django.urls import reverse

from klageportal.forwarding import services
from klageportal.forwarding.models import AnkeskemaDraft
from klageportal.forwarding.receipts import pdf as receipt
from tests.forwarding.conftest import complete_answers, fill_all

pytestmark = pytest.mark.django_db

DEADLINE_LABEL = "Klagefrist efter de oplyste datoer"


def test_page_4_summary_and_receipt_count_the_authoritys_letter_receipt_days(as_birgitte, birgitte):
    """A letter dated 5 January counts as received 3 days later, so the deadline is 5 February, not 2 February."""
    birgitte.authority.letter_receipt_days = 3
    birgitte.authority.save(update_fields=["letter_receipt_days"])
    answers = complete_answers()
    answers["4"]["decision_channel"] = "letter"
    as_birgitte.get(reverse("forwarding:start"))
    fill_all(as_birgitte, answers)

    page4 = as_birgitte.get(reverse("forwarding:page", kwargs={"number": 4}))
    guidance = {item.key: item.text for item in page4.context["guidance"]}
    assert "5. februar 2026" in guidance["complaint_deadline"]

    page7 = as_birgitte.get(reverse("forwarding:page", kwargs={"number": 7}))
    summary = {section.page: dict(section.rows) for section in page7.context["sections"]}
    assert summary[4][DEADLINE_LABEL] == "5. februar 2026"

    submission = services.ankeskema_send(draft=AnkeskemaDraft.objects.get(owner=birgitte), by=birgitte)
    sent = {section.page: dict(section.rows) for section in receipt.receipt_context(submission)["sections"]}
    assert sent[4][DEADLINE_LABEL] == "5. februar 2026"
    assert "5. februar 2026" in receipt.receipt_html(submission)

"""The filing flow's one step table: order, the steps each capacity gets, and the pages that follow it."""

import pytest
from django.urls import resolve, reverse

from klageportal.filing import views
from klageportal.filing.models import Capacity, FilingDraft, Represented
from klageportal.filing.steps import FIRST_STEP, STEPS, Step, step_after, step_before, step_from_slug, steps_for

ALL = [Step.CAPACITY, Step.CONTACT, Step.COMPLAINANTS, Step.DECISION, Step.DOCUMENTS, Step.SUMMARY]
"""The steps of a draft whose complaint type asks no fee at filing."""
WITHOUT_COMPLAINANTS = [step for step in ALL if step != Step.COMPLAINANTS]


def draft(capacity: str = "", represented: str = "") -> FilingDraft:
    return FilingDraft(capacity=capacity, represented=represented)


def test_the_table_holds_every_step_once_in_the_flows_order():
    assert [spec.step for spec in STEPS] == [*ALL, Step.PAYMENT]
    assert FIRST_STEP == Step.CAPACITY
    assert FilingDraft._meta.get_field("step").default == FIRST_STEP


def test_every_step_in_the_table_has_a_page_handler():
    """The steps of a draft, each by the step view; the payment step comes after "Indsend", by a view of its own."""
    assert set(views.STEP_HANDLERS) == set(Step) - {Step.PAYMENT}
    assert resolve("/klage/MFK-2026-000001/trin/betaling/").func is views.payment


@pytest.mark.parametrize(
    ("capacity", "represented", "steps"),
    [
        ("", "", WITHOUT_COMPLAINANTS),
        (Capacity.OWN, "", WITHOUT_COMPLAINANTS),
        (Capacity.REPRESENT, Represented.ASSOCIATION, WITHOUT_COMPLAINANTS),
        (Capacity.REPRESENT, Represented.PERSONS_COMPANIES, ALL),
    ],
)
def test_only_who_represents_persons_or_companies_names_complainants(capacity, represented, steps):
    """KP-2, KP-3"""
    assert steps_for(draft(capacity, represented)) == steps


def test_the_step_after_contact_depends_on_the_capacity():
    representing = draft(Capacity.REPRESENT, Represented.PERSONS_COMPANIES)
    assert step_after(representing, Step.CONTACT) == Step.COMPLAINANTS
    assert step_after(draft(Capacity.OWN), Step.CONTACT) == Step.DECISION
    assert step_before(draft(Capacity.OWN), Step.DECISION) == Step.CONTACT
    assert step_before(representing, Step.DECISION) == Step.COMPLAINANTS


def test_the_first_step_has_none_before_and_the_last_is_followed_by_itself():
    assert step_before(draft(), Step.CAPACITY) is None
    assert step_after(draft(), Step.SUMMARY) == Step.SUMMARY


def test_an_address_names_a_step_only_if_it_is_in_the_drafts_flow():
    assert step_from_slug(draft(), "afgoerelse") == Step.DECISION
    assert step_from_slug(draft(Capacity.OWN), "klagere") is None
    assert step_from_slug(draft(), "ukendt") is None


@pytest.mark.django_db
def test_summary_links_each_step_to_change_it_by_its_address(client, filing_world, person):
    client.force_login(person("mette"))
    client.post(reverse("filing:start"), {"complaint_type": filing_world["type"].pk})
    case = FilingDraft.objects.order_by("-pk").first().case
    page = client.get(reverse("filing:step", kwargs={"number": case.number, "step": "opsummering"})).content.decode()
    for slug in ("klager", "kontakt", "afgoerelse", "dokumenter"):
        assert f'href="/klage/{case.number}/trin/{slug}/"' in page

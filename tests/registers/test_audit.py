"""The audit of look-ups: who looked up which number, when, and what the register answered (X-4)."""

import logging

import pytest
from django.urls import reverse

from klageportal.registers import answers
from klageportal.registers.audit import lookups_by
from klageportal.registers.models import RegisterLookup
from tests.factories import AuthorityUserFactory, CitizenFactory

pytestmark = pytest.mark.django_db

CPR = "1203781234"


def test_a_cpr_look_up_is_kept_with_who_asked_their_organisation_and_the_answer():
    caseworker = AuthorityUserFactory()

    with lookups_by(caseworker):
        answers.person(CPR)

    record = RegisterLookup.objects.get()
    assert (record.user, record.kind, record.number, record.result) == (
        caseworker,
        RegisterLookup.Kind.CPR,
        CPR,
        RegisterLookup.Result.FOUND,
    )
    assert caseworker.organisation_name in record.organisation
    assert record.at is not None


def test_not_found_unavailable_company_and_search_look_ups_are_kept(settings):
    with lookups_by(CitizenFactory()):
        answers.person("0101011234")
        answers.company("38025694")
        answers.search("advokatfirmaet lind")
        settings.REGISTER_LOCAL_UNAVAILABLE = True
        answers.person(CPR)

    assert list(RegisterLookup.objects.order_by("pk").values_list("kind", "number", "result")) == [
        ("cpr", "0101011234", "not_found"),
        ("cvr", "38025694", "found"),
        ("search", "advokatfirmaet lind", "found"),
        ("cpr", CPR, "unavailable"),
    ]


def test_an_invalid_number_never_reaches_the_register_nor_the_audit():
    answers.person("1234")

    assert not RegisterLookup.objects.exists()


def test_the_number_looked_up_is_never_logged(caplog):
    with caplog.at_level(logging.DEBUG), lookups_by(CitizenFactory()):
        answers.person(CPR)
        answers.person("0101011234")

    assert CPR not in caplog.text
    assert "0101011234" not in caplog.text
    assert "Register look-up cpr" in caplog.text  # the look-up itself is logged, at INFO


def test_administrators_read_the_audit_in_the_admin_but_cannot_add_change_or_delete(client, admin_user):
    with lookups_by(admin_user):
        answers.person(CPR)
    record = RegisterLookup.objects.get()
    client.force_login(admin_user)

    listing = client.get(reverse("admin:registers_registerlookup_changelist"))
    detail = client.get(reverse("admin:registers_registerlookup_change", args=[record.pk]))

    assert listing.status_code == 200
    assert CPR in listing.content.decode()
    assert detail.status_code == 200  # shown read-only
    assert client.get(reverse("admin:registers_registerlookup_add")).status_code == 403
    assert (
        client.post(reverse("admin:registers_registerlookup_change", args=[record.pk]), {"number": "x"}).status_code
        == 403
    )
    assert (
        client.post(reverse("admin:registers_registerlookup_delete", args=[record.pk]), {"post": "yes"}).status_code
        == 403
    )
    assert RegisterLookup.objects.get().number == CPR

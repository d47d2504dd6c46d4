"""Complaint types in English: every seeded type has an English name, shown when English is the language; the
migration gives the names to a catalogue loaded before the field existed."""

from importlib import import_module

import pytest
from django.apps import apps
from django.utils import translation

from klageportal.catalog.models import ComplaintType
from tests.factories import ComplaintTypeFactory

fill_english_names = import_module("klageportal.catalog.migrations.0002_complainttype_name_en").fill_english_names


def test_every_seeded_type_has_an_english_name_shown_in_english(catalogue):
    for complaint_type in ComplaintType.objects.all():
        assert complaint_type.name_en, complaint_type.slug
    local_plan = ComplaintType.objects.get(slug="lokalplan")
    with translation.override("en"):
        assert local_plan.label == "Local plan"
    with translation.override("da"):
        assert local_plan.label == "Lokalplan"


@pytest.mark.django_db
def test_a_type_without_an_english_name_keeps_its_danish_one_in_english():
    complaint_type = ComplaintTypeFactory(name="Særlig klage", name_en="")
    with translation.override("en"):
        assert complaint_type.label == "Særlig klage"


def test_the_migration_fills_only_missing_english_names(catalogue):
    ComplaintType.objects.filter(slug="lokalplan").update(name_en="")
    ComplaintType.objects.filter(slug="byggesag").update(name_en="Building case (edited)")
    fill_english_names(apps, None)
    assert ComplaintType.objects.get(slug="lokalplan").name_en == "Local plan"
    assert ComplaintType.objects.get(slug="byggesag").name_en == "Building case (edited)"


def test_the_start_page_lists_the_types_in_the_language_chosen(client, catalogue):
    from django.conf import settings

    from tests.factories import CitizenFactory

    client.force_login(CitizenFactory())
    assert ">Lokalplan</option>" in client.get("/klage/ny/").content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # as the language switch sets it
    english = client.get("/klage/ny/").content.decode()
    assert ">Local plan</option>" in english and ">Lokalplan</option>" not in english

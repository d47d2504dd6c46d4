"""The date_time filter writes what Django's date:"DATETIME_FORMAT" writes (klageportal/core/formats), in the local
time zone and language: "3. februar 2026 14:05" in Danish, "3 February 2026 14:05" in English."""

from datetime import UTC, datetime

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from klageportal.core.templatetags.portal_dates import date_time, iso_datetime

MOMENTS = [
    datetime(2026, 2, 3, 13, 5, tzinfo=UTC),
    datetime(2026, 7, 31, 22, 30, tzinfo=UTC),  # the next day in Copenhagen (summer time)
    datetime(2026, 12, 24, 8, 0, tzinfo=UTC),
]


@pytest.mark.parametrize("language", ["da", "en"])
@pytest.mark.parametrize("moment", MOMENTS, ids=str)
def test_same_text_as_djangos_date_filter(language, moment):
    with translation.override(language), timezone.override("Europe/Copenhagen"):
        django_text = Template('{{ moment|date:"DATETIME_FORMAT" }}').render(Context({"moment": moment}))
        assert date_time(moment) == django_text


def test_danish_month_names_and_local_time():
    with translation.override("da"), timezone.override("Europe/Copenhagen"):
        assert date_time(datetime(2026, 7, 31, 22, 30, tzinfo=UTC)) == "1. august 2026 00:30"


def test_english_has_no_danish_ordinal_dot_and_a_capital_month():
    with translation.override("en"), timezone.override("Europe/Copenhagen"):
        assert date_time(datetime(2026, 12, 3, 13, 5, tzinfo=UTC)) == "3 December 2026 14:05"
        assert Template("{{ day|date }}").render(Context({"day": datetime(2026, 12, 3).date()})) == "3 December 2026"
    with translation.override("da"):
        assert Template("{{ day|date }}").render(Context({"day": datetime(2026, 12, 3).date()})) == "3. december 2026"


def test_nothing_for_no_moment():
    assert date_time(None) == ""


@pytest.mark.parametrize("moment", MOMENTS, ids=str)
def test_iso_datetime_is_djangos_c_format_in_local_time(moment):
    with timezone.override("Europe/Copenhagen"):
        django_text = Template("{{ moment|date:'c' }}").render(Context({"moment": moment}))
        assert iso_datetime(moment) == django_text

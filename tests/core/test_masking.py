"""X-4, AS-12: CPR numbers are shown masked and kept out of logs."""

import logging

import pytest
from django.conf import settings

from klageportal.core.logging import MaskCprFilter
from klageportal.core.masking import mask_cpr, mask_cpr_in_text


@pytest.mark.parametrize(
    ("cpr", "masked"),
    [
        ("1203781234", "120378-xxxx"),
        ("120378-1234", "120378-xxxx"),
        ("120378 1234", "120378-xxxx"),
        (" 120378-1234 ", "120378-xxxx"),
    ],
)
def test_mask_cpr_hides_the_last_four_digits(cpr, masked):
    """X-4"""
    assert mask_cpr(cpr) == masked


@pytest.mark.parametrize("cpr", ["", None])
def test_mask_cpr_of_nothing_is_empty(cpr):
    assert mask_cpr(cpr) == ""


@pytest.mark.parametrize("cpr", ["12037812", "12037812345", "abc123"])
def test_mask_cpr_of_a_malformed_number_reveals_no_digit(cpr):
    """X-4: a number that is not ten digits is masked entirely."""
    masked = mask_cpr(cpr)
    assert masked == "******-****"
    assert not any(ch.isdigit() for ch in masked)


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("Sag 1203781234 er modtaget", "Sag 120378-xxxx er modtaget"),
        ("Journalnr. 120378-1234", "Journalnr. 120378-xxxx"),
        ("CPR 120378 1234.", "CPR 120378-xxxx."),
        ("To: 1203781234, 0507651237", "To: 120378-xxxx, 050765-xxxx"),
        ("1203781234", "120378-xxxx"),
    ],
)
def test_mask_cpr_in_text_masks_every_cpr_like_number(text, masked):
    """AS-12: a journal number may be the citizen's CPR number."""
    assert mask_cpr_in_text(text) == masked


@pytest.mark.parametrize(
    "text",
    ["Sag NH-2026-000123", "CVR 37042374", "Telefon 72405600", "Beløb 12345678901 kr.", "ref 12037812345"],
)
def test_mask_cpr_in_text_leaves_other_numbers_alone(text):
    """Case numbers, CVR and phone numbers are not CPR numbers; nor are longer runs of digits."""
    assert mask_cpr_in_text(text) == text


def _record(msg, *args) -> logging.LogRecord:
    return logging.LogRecord("klageportal.test", logging.INFO, __file__, 1, msg, args or None, None)


def test_log_filter_masks_cpr_in_the_message():
    """X-4: never in logs."""
    record = _record("Opslag på 1203781234 fejlede")
    assert MaskCprFilter().filter(record) is True
    assert record.getMessage() == "Opslag på 120378-xxxx fejlede"


def test_log_filter_masks_cpr_passed_as_an_argument():
    """X-4: the number may arrive as a %-argument rather than in the format string."""
    record = _record("Opslag på %s fejlede (journalnr. %s)", "120378-1234", "0507651237")
    MaskCprFilter().filter(record)
    assert record.getMessage() == "Opslag på 120378-xxxx fejlede (journalnr. 050765-xxxx)"
    assert "1234" not in record.getMessage()


def test_log_filter_leaves_other_records_untouched():
    record = _record("E-mail %s failed (attempt %s)", 17, 2)
    MaskCprFilter().filter(record)
    assert (record.msg, record.args) == ("E-mail %s failed (attempt %s)", (17, 2))


def test_console_log_handler_masks_cpr():
    """X-4: the configured handler carries the filter, so a CPR number never reaches the log output."""
    assert "mask_cpr" in settings.LOGGING["handlers"]["console"]["filters"]
    handler = next(h for h in logging.getLogger().handlers if any(isinstance(f, MaskCprFilter) for f in h.filters))
    record = _record("Borger %s ringede", "1203781234")
    assert handler.filter(record)
    assert "1203781234" not in handler.format(record)
    assert "120378-xxxx" in handler.format(record)


def test_tracebacks_are_masked_by_the_formatter():
    """X-4: an exception text carrying a CPR number is masked in the formatted log line."""
    import logging
    import sys

    from klageportal.core.logging import MaskCprFormatter

    try:
        raise ValueError("opslag fejlede for 1203781234")
    except ValueError:
        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "fejl", None, sys.exc_info())
    text = MaskCprFormatter("%(message)s").format(record)
    assert "1203781234" not in text and "120378-xxxx" in text

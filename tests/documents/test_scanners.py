"""The scanner is chosen by KP_DOCUMENT_SCANNER among the folders under documents/contrib/ (DOC-3)."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from klageportal.documents.contrib.clamd.scanner import ClamdScanner
from klageportal.documents.contrib.eicar.scanner import EICAR, EicarScanner
from klageportal.documents.interfaces import StreamingScanner
from klageportal.documents.scanners import get_scanner, registry


def test_the_embedded_and_the_clamav_scanner_are_the_choices():
    assert registry.names() == ["clamd", "eicar"]


@pytest.mark.parametrize(("name", "cls"), [("eicar", EicarScanner), ("clamd", ClamdScanner)])
def test_the_setting_chooses_the_scanner(settings, name, cls):
    settings.DOCUMENT_SCANNER = name

    assert isinstance(get_scanner(), cls)


def test_an_unknown_scanner_is_a_configuration_error_not_an_unscanned_file(settings):
    settings.DOCUMENT_SCANNER = "nosuchscanner"

    with pytest.raises(ImproperlyConfigured, match="KP_DOCUMENT_SCANNER='nosuchscanner'.*clamd, eicar"):
        get_scanner()


def test_only_the_embedded_scanner_scans_while_the_file_is_uploaded():
    assert isinstance(EicarScanner(), StreamingScanner)
    assert not isinstance(ClamdScanner(), StreamingScanner)


def test_the_eicar_session_fed_in_chunks_finds_the_test_file():
    session = EicarScanner().session()
    for start in range(0, len(EICAR), 10):
        session.feed(EICAR[start : start + 10])

    assert session.result().signature == "Eicar-Test-Signature"

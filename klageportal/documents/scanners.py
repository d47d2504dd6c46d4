"""Malware scanning behind one interface; the scanner is chosen by setting (DOC-3).

Embedded default: `eicar`, which recognises the EICAR test file and nothing else, so the refusal path can
be tried on one machine. Production: `clamd`, which streams the file to a ClamAV daemon.
"""

from dataclasses import dataclass
from typing import BinaryIO, Protocol

from django.conf import settings
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class ScanResult:
    clean: bool
    signature: str = ""


class ScannerUnavailable(RuntimeError):
    """The scanner could not give an answer; the file is not accepted unscanned."""


class Scanner(Protocol):
    def scan(self, stream: BinaryIO) -> ScanResult: ...


SCANNERS = {
    "eicar": "klageportal.documents.contrib.eicar.scanner.EicarScanner",
    "clamd": "klageportal.documents.contrib.clamd.scanner.ClamdScanner",
}


def get_scanner() -> Scanner:
    path = SCANNERS.get(settings.DOCUMENT_SCANNER, settings.DOCUMENT_SCANNER)
    return import_string(path)()

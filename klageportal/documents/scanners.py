"""Malware scanning behind one interface; the scanner is chosen by setting (KP_DOCUMENT_SCANNER, DOC-3).

Embedded default: `eicar`, which recognises the EICAR test file and nothing else, so the refusal path can
be tried on one machine. Production: `clamd`, which streams the file to a ClamAV daemon. Each is a folder
under `contrib/`; see `interfaces.py`.
"""

from django.conf import settings

from klageportal.core.plugins import Registry
from klageportal.documents.interfaces import Scanner, ScannerUnavailable, ScanResult

__all__ = ["ScanResult", "Scanner", "ScannerUnavailable", "get_scanner", "registry"]

registry = Registry[Scanner](
    "document scanner", package="klageportal.documents.contrib", module="scanner", setting="KP_DOCUMENT_SCANNER"
)


def get_scanner() -> Scanner:
    """Return the configured scanner."""
    return registry.get(settings.DOCUMENT_SCANNER)()

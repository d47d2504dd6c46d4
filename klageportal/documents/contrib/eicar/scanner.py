from typing import BinaryIO

from klageportal.documents import validation
from klageportal.documents.interfaces import ScanResult
from klageportal.documents.scanners import registry

EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
HEAD = 128
"""The EICAR test file is the 68-character string at the start of a file of at most 128 bytes."""
TAIL = 22 + 0xFFFF
"""A ZIP archive ends with its directory's last record, at most this many bytes from the end."""
FOUND = ScanResult(clean=False, signature="Eicar-Test-Signature")
LIMITS_EXCEEDED = ScanResult(clean=False, signature="Heuristics.Limits.Exceeded")
"""An archive beyond the limits is not looked into; like ClamAV with AlertExceedsMax, it is reported."""


class EicarSession:
    """Looks at a file's first bytes as they arrive, and keeps its last bytes to tell whether it is an archive.

    An archive's members can only be found once the whole file is there: for one, the session gives no verdict,
    and the complete file is scanned.
    """

    def __init__(self) -> None:
        self.head = b""
        self.tail = b""

    def feed(self, chunk: bytes) -> None:
        if len(self.head) < HEAD:
            self.head += chunk[: HEAD - len(self.head)]
        self.tail = chunk[-TAIL:] if len(chunk) >= TAIL else (self.tail + chunk)[-TAIL:]

    def result(self) -> ScanResult | None:
        if EICAR in self.head:
            return FOUND
        if b"PK\x05\x06" in self.tail:
            return None
        return ScanResult(clean=True)


@registry.register("eicar")
class EicarScanner:
    """Recognises the EICAR anti-virus test file, as real scanners do, so the refusal path can be tried.

    It looks at the start of the file and, in a ZIP archive (the office formats are ones), at the start of each
    member, within the archive limits (KP_ARCHIVE_*). It finds nothing else: it is the embedded default for
    development, not protection (use clamd).
    """

    def session(self) -> EicarSession:
        return EicarSession()

    def scan(self, stream: BinaryIO) -> ScanResult:
        stream.seek(0)
        if EICAR in stream.read(HEAD):
            return FOUND
        try:
            with validation.open_archive(stream) as archive:
                if archive is None:
                    return ScanResult(clean=True)
                for member in archive.infolist():
                    if not member.is_dir() and EICAR in validation.read_head(archive, member, HEAD):
                        return FOUND
        except validation.FileRefused:
            return LIMITS_EXCEEDED
        finally:
            stream.seek(0)
        return ScanResult(clean=True)

from typing import BinaryIO

from klageportal.documents.interfaces import ScanResult
from klageportal.documents.scanners import registry

EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
HEAD = 128
"""The EICAR test file is the 68-character string at the start of a file of at most 128 bytes."""


class EicarSession:
    """Looks at a file's first bytes as they arrive; the rest of the file costs nothing."""

    def __init__(self) -> None:
        self.head = b""

    def feed(self, chunk: bytes) -> None:
        if len(self.head) < HEAD:
            self.head += chunk[: HEAD - len(self.head)]

    def result(self) -> ScanResult:
        if EICAR in self.head:
            return ScanResult(clean=False, signature="Eicar-Test-Signature")
        return ScanResult(clean=True)


@registry.register("eicar")
class EicarScanner:
    """Recognises the EICAR anti-virus test file, as real scanners do, so the refusal path can be tried.

    It finds nothing else: it is the embedded default for development, not protection (use clamd).
    """

    def session(self) -> EicarSession:
        return EicarSession()

    def scan(self, stream: BinaryIO) -> ScanResult:
        stream.seek(0)
        session = self.session()
        session.feed(stream.read(HEAD))
        return session.result()

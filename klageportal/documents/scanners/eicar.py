from typing import BinaryIO

from klageportal.documents.scanners import ScanResult

EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
CHUNK = 1024 * 1024


class EicarScanner:
    """Finds the EICAR anti-virus test string anywhere in the file, reading it in chunks."""

    def scan(self, stream: BinaryIO) -> ScanResult:
        stream.seek(0)
        tail = b""
        while chunk := stream.read(CHUNK):
            if EICAR in tail + chunk:
                return ScanResult(clean=False, signature="Eicar-Test-Signature")
            tail = chunk[-(len(EICAR) - 1) :]
        return ScanResult(clean=True)

"""What the portal needs from a malware scanner (DOC-3).

A scanner is a folder `documents/contrib/<name>/` whose `scanner.py` registers a class implementing
`Scanner` with `@scanners.registry.register("<name>")`; KP_DOCUMENT_SCANNER chooses one. A scanner that can
look at a file while it is being uploaded implements `StreamingScanner` too: its session is fed the upload's
chunks as they arrive and gives its verdict when the file is complete, so the file is not read again (unless
the session cannot tell, as for an archive).
"""

from dataclasses import dataclass
from typing import BinaryIO, Protocol, runtime_checkable


@dataclass(frozen=True)
class ScanResult:
    clean: bool
    signature: str = ""


class ScannerUnavailable(RuntimeError):
    """The scanner could not give an answer; the file is not accepted unscanned."""


class Scanner(Protocol):
    def scan(self, stream: BinaryIO) -> ScanResult:
        """Scan a whole file from its start; raise ScannerUnavailable if no answer can be had."""
        ...


class ScanSession(Protocol):
    """One file being scanned while it is uploaded."""

    def feed(self, chunk: bytes) -> None:
        """Take the next chunk of the file."""
        ...

    def result(self) -> ScanResult | None:
        """The verdict on the chunks fed so far (the whole file, once the upload is complete).

        None when the file must be scanned whole after all (an archive, whose members the chunks do not show).
        """
        ...


@runtime_checkable
class StreamingScanner(Scanner, Protocol):
    def session(self) -> ScanSession:
        """Start scanning one file that arrives in chunks."""
        ...

"""Large uploads for the benchmarks: a file written to disk, a multipart body streamed from it (never whole
in memory), and the server's memory watched from /proc while it takes the upload (Linux)."""

from __future__ import annotations

import http.client
import json
import os
import secrets
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

CHUNK = 1024 * 1024
PDF_HEADER = b"%PDF-1.7\n"
NONCE_BYTES = 32


def pdf_write(path: Path, size: int) -> None:
    """A file that passes as a PDF ("%PDF-" at the start), then random bytes that do not compress."""
    with open(path, "wb") as out:
        out.write(PDF_HEADER)
        left = size - len(PDF_HEADER)
        while left > 0:
            out.write(os.urandom(min(CHUNK, left)))
            left -= CHUNK


def pdf_renew(path: Path) -> None:
    """New random bytes right after the header: other content, so the server cannot store it once for all."""
    with open(path, "r+b") as out:
        out.seek(len(PDF_HEADER))
        out.write(os.urandom(NONCE_BYTES))


class MultipartFile:
    """A multipart/form-data body with one file field, read from disk in chunks as it is sent."""

    def __init__(self, path: Path, *, field: str = "files", filename: str | None = None, content_type: str = ""):
        self.path = path
        self.boundary = f"kp-bench-{secrets.token_hex(16)}"
        filename = filename or path.name
        self.head = (
            f"--{self.boundary}\r\n"
            f'Content-Disposition: form-data; name="{field}"; filename="{filename}"\r\n'
            f"Content-Type: {content_type or 'application/octet-stream'}\r\n\r\n"
        ).encode()
        self.tail = f"\r\n--{self.boundary}--\r\n".encode()
        self.size = path.stat().st_size

    @property
    def content_type(self) -> str:
        return f"multipart/form-data; boundary={self.boundary}"

    def __len__(self) -> int:
        return len(self.head) + self.size + len(self.tail)

    def __iter__(self) -> Iterator[bytes]:
        yield self.head
        sent = 0
        with open(self.path, "rb") as source:
            while chunk := source.read(CHUNK):
                sent += len(chunk)
                yield chunk
        if sent != self.size:
            raise RuntimeError(f"{self.path} changed while it was sent ({sent} bytes, not {self.size})")
        yield self.tail


@dataclass(frozen=True)
class UploadAnswer:
    status: int
    body: bytes
    seconds: float

    def json(self) -> dict:
        return json.loads(self.body)


def upload_post(
    host: str, port: int, path: str, body: MultipartFile, *, headers: dict[str, str], timeout: float = 600
) -> UploadAnswer:
    """POST the body, streamed with a Content-Length (no chunked encoding); the time until the whole answer."""
    connection = http.client.HTTPConnection(host, port, timeout=timeout, blocksize=CHUNK)
    try:
        started = time.perf_counter()
        connection.request(
            "POST",
            path,
            body=iter(body),
            headers={
                **headers,
                "Content-Type": body.content_type,
                "Content-Length": str(len(body)),
                "Accept": "application/json",
                "Accept-Encoding": "identity",
            },
        )
        response = connection.getresponse()
        data = response.read()
        return UploadAnswer(response.status, data, time.perf_counter() - started)
    finally:
        connection.close()


def _status_kb(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"no {field} in /proc/{pid}/status")


def rss_kb(pid: int) -> int:
    return _status_kb(pid, "VmRSS")


class PeakMemory:
    """The peak resident memory of a process while the block runs, and how far it rose above the start.

    The kernel's high-water mark (VmHWM) is exact, but counts from the start of the process: writing 5 to
    /proc/<pid>/clear_refs resets it to the present RSS. Where that is not allowed, a thread samples VmRSS
    every few milliseconds instead (a peak shorter than that could be missed).
    """

    def __init__(self, pid: int, *, interval: float = 0.003):
        self.pid = pid
        self.interval = interval
        self.before_kb = 0
        self.peak_kb = 0
        self.method = ""
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._sampled_kb = 0

    def _reset_high_water_mark(self) -> bool:
        try:
            Path(f"/proc/{self.pid}/clear_refs").write_text("5")
        except OSError:
            return False
        # Older kernels take the write but not the 5: then the mark stays above the present RSS.
        return _status_kb(self.pid, "VmHWM") <= rss_kb(self.pid) + 256

    def _sample(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                self._sampled_kb = max(self._sampled_kb, rss_kb(self.pid))
            except (OSError, RuntimeError):
                return

    def __enter__(self) -> PeakMemory:
        self.before_kb = rss_kb(self.pid)
        self._sampled_kb = self.before_kb
        if self._reset_high_water_mark():
            self.method = "VmHWM after clear_refs"
        else:
            self.method = f"VmRSS sampled every {self.interval * 1000:g} ms"
            self._thread = threading.Thread(target=self._sample, daemon=True, name="rss-sampler")
            self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
            self.peak_kb = max(self._sampled_kb, rss_kb(self.pid))
        else:
            self.peak_kb = _status_kb(self.pid, "VmHWM")

    @property
    def growth_mb(self) -> float:
        """MiB the peak lay above the resident memory before the block."""
        return max(self.peak_kb - self.before_kb, 0) / 1024

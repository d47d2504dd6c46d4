"""Large uploads for the benchmarks: a file written to disk, a multipart body streamed from it (never whole
in memory, at full speed or throttled), the server's memory watched from /proc while it takes the upload
(Linux), and the floor to compare the portal with: a bare loopback socket receiver that hashes (SHA-256) and
writes the body, in a process of its own (`python bench/uploads.py floor`)."""

from __future__ import annotations

import argparse
import hashlib
import http.client
import json
import os
import secrets
import socket
import subprocess
import sys
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

    def __init__(
        self,
        path: Path,
        *,
        field: str = "files",
        filename: str | None = None,
        content_type: str = "",
        start: bytes = b"",
        rate: float | None = None,
        chunk: int = CHUNK,
    ):
        """`start` replaces the file's first bytes as sent (other content from one file on disk); `rate` throttles
        the body to that many bytes per second, sent in `chunk`-sized pieces."""
        self.path = path
        self.start = start
        self.rate = rate
        self.chunk = chunk
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
        began = time.perf_counter()
        with open(self.path, "rb") as source:
            while chunk := source.read(self.chunk):
                if sent == 0 and self.start:
                    chunk = self.start + chunk[len(self.start) :]
                sent += len(chunk)
                yield chunk
                if self.rate:
                    ahead = sent / self.rate - (time.perf_counter() - began)
                    if ahead > 0:
                        time.sleep(ahead)
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


# ---------------------------------------------------------------------------------------------
# The floor: what receiving, hashing and writing the body costs on this machine, without the portal
# ---------------------------------------------------------------------------------------------


def _floor_handle(connection: socket.socket, directory: Path) -> None:
    """Read one HTTP request, hash and write its body as it arrives, answer with the SHA-256."""
    buffer = bytearray()
    while b"\r\n\r\n" not in buffer:
        data = connection.recv(65536)
        if not data:
            return
        buffer += data
    head, _, body_start = bytes(buffer).partition(b"\r\n\r\n")
    length = next(
        int(line.split(b":", 1)[1]) for line in head.split(b"\r\n") if line.lower().startswith(b"content-length:")
    )
    digest = hashlib.sha256()
    received = 0
    path = directory / f"floor-{secrets.token_hex(8)}"
    view = memoryview(bytearray(CHUNK))
    with open(path, "wb", buffering=0) as out:
        digest.update(body_start)
        out.write(body_start)
        received = len(body_start)
        while received < length:
            count = connection.recv_into(view, min(CHUNK, length - received))
            if not count:
                break
            digest.update(view[:count])
            out.write(view[:count])
            received += count
    path.unlink()
    answer = json.dumps({"files": [{"ok": received == length, "sha256": digest.hexdigest()}]}).encode()
    connection.sendall(
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n"
        + f"Content-Length: {len(answer)}\r\n\r\n".encode()
        + answer
    )


def floor_serve(port: int, directory: Path) -> None:
    """Serve requests one at a time on 127.0.0.1:port until killed; 'ready' on stdout once listening."""
    with socket.create_server(("127.0.0.1", port)) as server:
        print("ready", flush=True)
        while True:
            connection, _ = server.accept()
            with connection:
                _floor_handle(connection, directory)


class FloorReceiver:
    """The floor receiver in a subprocess of its own (so the harness's threads do not share its interpreter)."""

    def __init__(self, directory: Path):
        self.directory = directory
        self.port = 0
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> FloorReceiver:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.process = subprocess.Popen(
            [sys.executable, __file__, "floor", "--port", str(self.port), "--dir", str(self.directory)],
            stdout=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
        )
        assert self.process.stdout is not None
        if self.process.stdout.readline().strip() != b"ready":
            raise RuntimeError("the floor receiver did not start")
        return self

    def __exit__(self, *exc) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(10)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="The floor receiver of the upload benchmarks.")
    parser.add_argument("command", choices=["floor"])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--dir", type=Path, required=True)
    arguments = parser.parse_args()
    floor_serve(arguments.port, arguments.dir)

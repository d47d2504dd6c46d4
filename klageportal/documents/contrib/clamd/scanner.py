import socket
import struct
from typing import BinaryIO

from django.conf import settings

from klageportal.documents.interfaces import ScannerUnavailable, ScanResult
from klageportal.documents.scanners import registry

CHUNK = 256 * 1024


@registry.register("clamd")
class ClamdScanner:
    """Streams the file to clamd with INSTREAM (KP_CLAMD_ADDRESS: "host:port" or a unix socket path)."""

    def _connect(self) -> socket.socket:
        address = settings.CLAMD_ADDRESS
        try:
            if ":" in address and not address.startswith("/"):
                host, port = address.rsplit(":", 1)
                return socket.create_connection((host, int(port)), timeout=settings.CLAMD_TIMEOUT)
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            sock.settimeout(settings.CLAMD_TIMEOUT)
            sock.connect(address)
            return sock
        except OSError as exc:
            raise ScannerUnavailable(f"clamd unreachable: {exc}") from exc

    def scan(self, stream: BinaryIO) -> ScanResult:
        stream.seek(0)
        try:
            with self._connect() as sock:
                sock.sendall(b"zINSTREAM\0")
                while chunk := stream.read(CHUNK):
                    sock.sendall(struct.pack("!L", len(chunk)) + chunk)
                sock.sendall(struct.pack("!L", 0))
                reply = b""
                while not reply.endswith(b"\0"):
                    data = sock.recv(4096)
                    if not data:
                        break
                    reply += data
        except OSError as exc:
            raise ScannerUnavailable(f"clamd failed: {exc}") from exc
        answer = reply.rstrip(b"\0").decode("utf-8", "replace")
        if answer.endswith("OK"):
            return ScanResult(clean=True)
        if answer.endswith("FOUND"):
            return ScanResult(clean=False, signature=answer.split(":", 1)[-1].removesuffix("FOUND").strip())
        raise ScannerUnavailable(f"clamd answered: {answer}")

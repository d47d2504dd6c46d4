"""The clamd scanner speaks INSTREAM to a ClamAV daemon; here a small local stand-in answers."""

import io
import socket
import struct
import threading

import pytest

from klageportal.documents.contrib.eicar.scanner import EICAR
from klageportal.documents.scanners import ScannerUnavailable, get_scanner


class FakeClamd(threading.Thread):
    """Reads one INSTREAM request and answers FOUND when the EICAR string is in it."""

    def __init__(self):
        super().__init__(daemon=True)
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.received = b""

    def run(self):
        connection, _ = self.server.accept()
        with connection:
            command = b""
            while not command.endswith(b"\0"):
                command += connection.recv(1)
            assert command == b"zINSTREAM\0"
            while True:
                size = struct.unpack("!L", self._read(connection, 4))[0]
                if size == 0:
                    break
                self.received += self._read(connection, size)
            answer = b"stream: Eicar-Signature FOUND\0" if EICAR in self.received else b"stream: OK\0"
            connection.sendall(answer)
        self.server.close()

    @staticmethod
    def _read(connection, size):
        data = b""
        while len(data) < size:
            data += connection.recv(size - len(data))
        return data


@pytest.fixture
def clamd(settings):
    server = FakeClamd()
    server.start()
    settings.DOCUMENT_SCANNER = "clamd"
    settings.CLAMD_ADDRESS = f"127.0.0.1:{server.port}"
    yield server
    server.join(timeout=5)


def test_clean_file_passes_and_is_streamed_whole(clamd):
    data = b"%PDF-1.4 " + b"x" * 600_000
    assert get_scanner().scan(io.BytesIO(data)).clean
    assert clamd.received == data


def test_infected_file_is_reported_with_its_signature(clamd):
    result = get_scanner().scan(io.BytesIO(b"prefix " + EICAR))
    assert not result.clean and result.signature == "Eicar-Signature"


def test_unreachable_daemon_refuses_rather_than_passes(settings):
    probe = socket.create_server(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    settings.DOCUMENT_SCANNER = "clamd"
    settings.CLAMD_ADDRESS = f"127.0.0.1:{port}"
    with pytest.raises(ScannerUnavailable):
        get_scanner().scan(io.BytesIO(b"data"))

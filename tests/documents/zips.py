"""ZIP archives built in the test, including ones that inflate far beyond their size ("zip bombs").

A run of zero bytes is deflated once per mebibyte and the compressed block repeated (each block ends in a full
flush, so the repeats form one valid stream): a 1 GB entry costs about 1 MB to build and no memory to speak of.
"""

import io
import struct
import zipfile
import zlib
from dataclasses import dataclass

MIB = 1024 * 1024


@dataclass(frozen=True)
class Zeros:
    """An entry of `size` zero bytes (a multiple of 1 MiB)."""

    size: int


def _deflate_zeros(size: int) -> tuple[bytes, int]:
    block = b"\0" * MIB
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    repeated = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    for _ in range(size // MIB):
        crc = zlib.crc32(block, crc)
    return repeated * (size // MIB) + compressor.flush(), crc


def _deflate(data: bytes) -> tuple[bytes, int]:
    compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush(), zlib.crc32(data)


def build_zip(entries: list[tuple[str, bytes | Zeros]]) -> bytes:
    """A ZIP archive of the entries in this order, each deflated (no ZIP64: every entry stays under 4 GB)."""
    out = io.BytesIO()
    central = io.BytesIO()
    for name, content in entries:
        if isinstance(content, Zeros):
            assert content.size % MIB == 0
            data, crc = _deflate_zeros(content.size)
            size = content.size
        else:
            data, crc = _deflate(content)
            size = len(content)
        encoded = name.encode()
        offset = out.tell()
        out.write(struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, 8, 0, 0x21, crc, len(data), size, len(encoded), 0))
        out.write(encoded)
        out.write(data)
        central.write(
            struct.pack(
                "<4s6H3L5H2L",
                b"PK\x01\x02",
                20,
                20,
                0,
                8,
                0,
                0x21,
                crc,
                len(data),
                size,
                len(encoded),
                0,
                0,
                0,
                0,
                0,
                offset,
            )
        )
        central.write(encoded)
    start = out.tell()
    directory = central.getvalue()
    out.write(directory)
    out.write(struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(entries), len(entries), len(directory), start, 0))
    return out.getvalue()


def docx(*extra: tuple[str, bytes | Zeros]) -> bytes:
    return build_zip([("[Content_Types].xml", b"<Types/>"), ("word/document.xml", b"<w:document/>"), *extra])


ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"


def odt(mimetype: bytes | Zeros = ODT_MIMETYPE, *extra: tuple[str, bytes | Zeros]) -> bytes:
    return build_zip([("mimetype", mimetype), ("content.xml", b"<office:document-content/>"), *extra])


def names(data: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.namelist()

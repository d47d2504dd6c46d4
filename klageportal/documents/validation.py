"""What a file must be to be accepted (DOC-1..3): an allowed type, content that matches its name, a sane
name and size. Each refusal carries its own message for the person who chose the file."""

import io
import re
import struct
import unicodedata
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import PurePath
from typing import BinaryIO

import puremagic
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

ALLOWED_EXTENSIONS = [
    "pdf",
    "doc",
    "xls",
    "ppt",
    "vsd",
    "mpp",
    "one",
    "msg",
    "docx",
    "xlsx",
    "pptx",
    "vsdx",
    "odt",
    "ods",
    "odg",
    "odp",
    "tif",
    "tiff",
    "jpg",
    "jpeg",
    "gif",
    "png",
    "mp3",
    "dwg",
    "eml",
    "rtf",
    "txt",
    "xml",
]
"""DOC-1: exactly the sources' list, plus .jpeg as another spelling of .jpg."""

VIDEO_EXTENSIONS = frozenset(
    [
        "mpeg",
        "mpg",
        "mp4",
        "m4v",
        "mov",
        "avi",
        "wmv",
        "mkv",
        "webm",
        "flv",
        "3gp",
        "3g2",
        "mts",
        "m2ts",
        "vob",
        "ogv",
        "asf",
        "qt",
    ]
)

ODF_MIMETYPES = {
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "odg": "application/vnd.oasis.opendocument.graphics",
    "odp": "application/vnd.oasis.opendocument.presentation",
}
OOXML_PARTS = {"docx": "word/", "xlsx": "xl/", "pptx": "ppt/", "vsdx": "visio/"}
ZIP_MIMETYPE = "application/zip"
OLE2_MIMETYPE = "application/x-ole-storage"
"""Word, Excel, PowerPoint, Visio, Project and Outlook files of the older kind share one container (OLE2)."""
SNIFFED_AS: dict[str, set[str]] = {
    "pdf": {"application/pdf"},
    **{ext: {OLE2_MIMETYPE} for ext in ("doc", "xls", "ppt", "vsd", "mpp", "msg")},
    "one": {".one"},  # the library knows OneNote by its extension only
    "tif": {"image/tiff"},
    "tiff": {"image/tiff"},
    "jpg": {"image/jpeg"},
    "jpeg": {"image/jpeg"},
    "gif": {"image/gif"},
    "png": {"image/png"},
    "mp3": {"audio/mpeg"},
    "dwg": {"image/x-dwg"},
    "rtf": {"application/rtf"},
}
"""What puremagic must recognise a file of each binary type as (its MIME types, or its extensions)."""
TEXT_EXTENSIONS = frozenset({"txt", "xml", "eml"})
MAIL_HEADER = re.compile(rb"^(?:[A-Za-z][A-Za-z0-9-]*):", re.MULTILINE)
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "doc": "application/msword",
    "xls": "application/vnd.ms-excel",
    "ppt": "application/vnd.ms-powerpoint",
    "vsd": "application/vnd.visio",
    "mpp": "application/vnd.ms-project",
    "one": "application/onenote",
    "msg": "application/vnd.ms-outlook",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "vsdx": "application/vnd.ms-visio.drawing",
    **ODF_MIMETYPES,
    "tif": "image/tiff",
    "tiff": "image/tiff",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "gif": "image/gif",
    "png": "image/png",
    "mp3": "audio/mpeg",
    "dwg": "image/vnd.dwg",
    "eml": "message/rfc822",
    "rtf": "application/rtf",
    "txt": "text/plain",
    "xml": "application/xml",
}
HEAD_BYTES = 8192


class FileRefused(ValueError):
    """A file that cannot be accepted, with the message to show at the file."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Limits:
    max_bytes: int
    max_name_length: int = 260


NAME_COLUMN_LENGTH = 260
"""Document.original_name holds this many characters; a longer configured limit is held to it."""


def filing_limits() -> Limits:
    return Limits(
        max_bytes=settings.DOCUMENT_MAX_BYTES,
        max_name_length=min(settings.DOCUMENT_MAX_NAME_LENGTH, NAME_COLUMN_LENGTH),
    )


def extension_of(name: str) -> str:
    return PurePath(name).suffix.lower().lstrip(".")


NAME_SEPARATORS = str.maketrans({"/": "_", "\\": "_"})


def clean_name(name: str) -> str:
    """The name a file is stored under: without control and other invisible characters, path separators as
    underscores, no spaces around it, letters composed (NFC, as macOS sends them decomposed)."""
    composed = unicodedata.normalize("NFC", name)
    spaced = "".join(" " if unicodedata.category(c) == "Zs" else c for c in composed)
    return "".join(c for c in spaced if c.isprintable()).translate(NAME_SEPARATORS).strip()


def renamed_note(given: str, stored: str) -> str:
    """What to tell the person whose file is stored under another name than the one it was sent with."""
    if unicodedata.normalize("NFC", given) == stored:
        return ""
    return _("Filnavnet indeholdt tegn, der ikke kan bruges i et filnavn. Filen er gemt som »%(name)s«.") % {
        "name": stored
    }


def check_name_and_size(name: str, size: int, limits: Limits) -> str:
    """Refuse by name and size before any byte is read; return the extension."""
    if not name or not name.strip():
        raise FileRefused("name", _("Filen har intet navn."))
    max_name_length = min(limits.max_name_length, NAME_COLUMN_LENGTH)
    if len(name) > max_name_length:
        raise FileRefused(
            "name_too_long",
            _("Filnavnet må højst være %(max)s tegn langt. Omdøb filen, og prøv igen.") % {"max": max_name_length},
        )
    extension = extension_of(name)
    if extension in VIDEO_EXTENSIONS:
        raise FileRefused(
            "video",
            _(
                "Du kan ikke uploade video i klageportalen. Send videoen på en USB-nøgle med posten til "
                "Nævnenes Hus, Toldboden 2, 8800 Viborg, og skriv sagsnummeret på."
            ),
        )
    if extension not in ALLOWED_EXTENSIONS:
        raise FileRefused(
            "type",
            _("Filtypen .%(ext)s kan ikke uploades. Tilladte filtyper: %(allowed)s.")
            % {"ext": extension or "?", "allowed": ", ".join(f".{e}" for e in ALLOWED_EXTENSIONS)},
        )
    if size == 0:
        raise FileRefused("empty", _("Filen er tom."))
    if size > limits.max_bytes:
        raise FileRefused(
            "too_large",
            _("Filen er for stor. En fil må højst fylde %(max)s.") % {"max": filesizeformat(limits.max_bytes)},
        )
    return extension


def _is_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A multi-byte character cut at the end of the sample is still text.
        if exc.start < len(head) - 3:
            try:
                head.decode("cp1252")
            except UnicodeDecodeError:
                return False
    return True


@dataclass(frozen=True)
class ArchiveLimits:
    """How far an archive (the office formats are ZIP archives) is looked into before it is refused."""

    max_entries: int
    max_uncompressed_bytes: int
    max_ratio: int
    ratio_from_bytes: int = 1024 * 1024
    """Parts that inflate to less than this are not held to the ratio: short XML compresses far better."""


def archive_limits() -> ArchiveLimits:
    return ArchiveLimits(
        max_entries=settings.ARCHIVE_MAX_ENTRIES,
        max_uncompressed_bytes=settings.ARCHIVE_MAX_UNCOMPRESSED_BYTES,
        max_ratio=settings.ARCHIVE_MAX_RATIO,
    )


END_OF_DIRECTORY = struct.Struct("<4s4H2LH")
ZIP64_LOCATOR = struct.Struct("<4sLQL")
ZIP64_END_OF_DIRECTORY = struct.Struct("<4sQ2H2L4Q")
INFLATED_WITHIN_BOUNDS = frozenset({zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED})
"""The methods office files use; Python's zipfile inflates the others (bzip2, LZMA) without a bound."""
DIRECTORY_BYTES_PER_ENTRY = 512
"""An entry of the central directory is 46 bytes and its name; a directory larger than this per allowed entry is
refused before Python's zipfile reads it into memory."""


def _directory_size(stream: BinaryIO) -> tuple[int, int] | None:
    """The number of entries and the size of the central directory, from the archive's last bytes only.

    None unless the end record points at a central directory: four bytes that happen to spell its signature
    in the last kilobytes of a PDF or an image do not make the file an archive.
    """
    stream.seek(0, io.SEEK_END)
    size = stream.tell()
    tail_start = max(0, size - END_OF_DIRECTORY.size - 0xFFFF)
    stream.seek(tail_start)
    tail = stream.read()
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) - at < END_OF_DIRECTORY.size:
        return None
    _sig, _disk, _start_disk, _here, entries, directory_size, _offset, _comment = END_OF_DIRECTORY.unpack_from(tail, at)
    directory_end = tail_start + at
    if entries == 0xFFFF or directory_size == 0xFFFFFFFF:
        locator_at = at - ZIP64_LOCATOR.size
        if locator_at >= 0 and tail[locator_at : locator_at + 4] == b"PK\x06\x07":
            _sig, _disk, end64_offset, _disks = ZIP64_LOCATOR.unpack_from(tail, locator_at)
            stream.seek(end64_offset)
            record = stream.read(ZIP64_END_OF_DIRECTORY.size)
            if len(record) == ZIP64_END_OF_DIRECTORY.size and record[:4] == b"PK\x06\x06":
                fields = ZIP64_END_OF_DIRECTORY.unpack(record)
                entries, directory_size, directory_end = fields[7], fields[8], end64_offset
    if entries:
        if directory_size > directory_end:
            return None
        stream.seek(directory_end - directory_size)
        if stream.read(4) != b"PK\x01\x02":
            return None
    return entries, directory_size


def _archive_refused(code: str, message: str) -> FileRefused:
    return FileRefused(code, message + " " + _("Filen er ikke gemt."))


def _check_archive(archive: zipfile.ZipFile, limits: ArchiveLimits) -> None:
    """Refuse by what the archive declares before anything is inflated; reading never exceeds what is declared."""
    members = archive.infolist()
    if len(members) > limits.max_entries:
        raise _too_many_entries(len(members), limits)
    total = 0
    for member in members:
        if member.compress_type not in INFLATED_WITHIN_BOUNDS:
            raise _archive_refused(
                "archive_method",
                _(
                    "Filen er pakket på en måde, som Word, Excel og LibreOffice ikke bruger. Gem den igen i "
                    "programmet, og prøv igen."
                ),
            )
        if member.file_size >= limits.ratio_from_bytes and member.file_size > limits.max_ratio * max(
            member.compress_size, 1
        ):
            raise _archive_refused(
                "archive_ratio",
                _(
                    "En del af filen fylder %(ratio)s gange så meget, når den pakkes ud; højst %(max)s gange er "
                    "tilladt. Filen ligner en såkaldt zip-bombe."
                )
                % {"ratio": member.file_size // max(member.compress_size, 1), "max": limits.max_ratio},
            )
        total += member.file_size
        if total > limits.max_uncompressed_bytes:
            raise _archive_refused(
                "archive_too_large",
                _("Filen er en pakket fil, der fylder mere end %(max)s, når den pakkes ud. Det er for meget.")
                % {"max": filesizeformat(limits.max_uncompressed_bytes)},
            )


def _too_many_entries(count: int, limits: ArchiveLimits) -> FileRefused:
    return _archive_refused(
        "archive_entries",
        _("Filen er en pakket fil med %(count)s dele; højst %(max)s dele er tilladt.")
        % {"count": count, "max": limits.max_entries},
    )


@contextmanager
def open_archive(stream: BinaryIO, limits: ArchiveLimits | None = None) -> Iterator[zipfile.ZipFile | None]:
    """Open a ZIP archive for bounded inspection, or give None if the stream is not one.

    Raises FileRefused for an archive beyond the limits (entries, size inflated, compression ratio), judged by
    its directory before any part is inflated. Read its parts with `read_head`.
    """
    limits = limits or archive_limits()
    declared = _directory_size(stream)
    if declared is None:
        stream.seek(0)
        yield None
        return
    entries, directory_size = declared
    if entries > limits.max_entries or directory_size > limits.max_entries * DIRECTORY_BYTES_PER_ENTRY:
        raise _too_many_entries(max(entries, directory_size // 46), limits)  # 46 bytes: the smallest entry
    stream.seek(0)
    try:
        archive = zipfile.ZipFile(stream)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        stream.seek(0)
        yield None
        return
    with archive:
        _check_archive(archive, limits)
        yield archive
    stream.seek(0)


def read_head(archive: zipfile.ZipFile, member: zipfile.ZipInfo | str, size: int) -> bytes:
    """The first `size` bytes of a part, inflating no more of it than that (b"" if it cannot be read)."""
    try:
        info = member if isinstance(member, zipfile.ZipInfo) else archive.getinfo(member)
        if info.compress_type not in INFLATED_WITHIN_BOUNDS:
            return b""
        with archive.open(info) as part:
            return part.read(size)
    except (zipfile.BadZipFile, OSError, KeyError, NotImplementedError, RuntimeError, EOFError, zlib.error):
        return b""


def _zip_names(stream: BinaryIO) -> tuple[list[str], bytes]:
    with open_archive(stream) as archive:
        if archive is None:
            return [], b""
        names = archive.namelist()
        mimetype = read_head(archive, "mimetype", 100) if "mimetype" in names else b""
    return names, mimetype


def _sniffed(stream: BinaryIO) -> set[str]:
    """What puremagic recognises the content as: the MIME types and extensions of every match."""
    stream.seek(0)
    try:
        matches = puremagic.magic_stream(stream)
    except puremagic.PureError:  # nothing it knows
        return set()
    finally:
        stream.seek(0)
    return {match.mime_type for match in matches if match.mime_type} | {match.extension for match in matches}


def _pdf_header_within_first_kilobyte(head: bytes) -> bool:
    # PDF readers accept the header anywhere in the first 1024 bytes; the library looks at the first bytes only.
    return b"%PDF-" in head[:1024]


def _mpeg_audio_frame(head: bytes) -> bool:
    # An MP3 without an ID3 tag starts with a frame sync (11 bits set). The library knows only MPEG-1 frames
    # without CRC; MPEG-2 frames (e.g. voice recordings at low bit rates) and frames with CRC are MP3s too.
    return len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0


def content_matches(extension: str, stream: BinaryIO) -> bool:
    """Does the content look like what its extension promises? The content decides, not the name.

    Binary formats are recognised by puremagic; the office containers are then opened to see which
    application's document they hold. Plain text, XML and e-mail have no signature, so they are checked for
    being text of the right shape.
    """
    stream.seek(0)
    head = stream.read(HEAD_BYTES)
    if extension in TEXT_EXTENSIONS:
        return _text_matches(extension, head)
    sniffed = _sniffed(stream)
    if extension in OOXML_PARTS:
        if ZIP_MIMETYPE not in sniffed:
            return False
        names, _mimetype = _zip_names(stream)
        return "[Content_Types].xml" in names and any(n.startswith(OOXML_PARTS[extension]) for n in names)
    if extension in ODF_MIMETYPES:
        if ZIP_MIMETYPE not in sniffed:
            return False
        _names, mimetype = _zip_names(stream)
        return mimetype.decode("ascii", "replace").strip().startswith(ODF_MIMETYPES[extension])
    if sniffed & SNIFFED_AS.get(extension, set()):
        return True
    if extension == "pdf":
        return _pdf_header_within_first_kilobyte(head)
    if extension == "mp3":
        return _mpeg_audio_frame(head)
    return False


def _text_matches(extension: str, head: bytes) -> bool:
    if extension == "eml":
        return _is_text(head) and bool(MAIL_HEADER.match(head.lstrip(b"\xef\xbb\xbf\r\n ")))
    if extension == "xml":
        return _is_text(head) and head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<")
    return _is_text(head)


def check_content(extension: str, stream: BinaryIO) -> None:
    if not content_matches(extension, stream):
        raise FileRefused(
            "content_mismatch",
            _(
                "Filens indhold passer ikke til filtypen .%(ext)s. Filen kan være beskadiget eller have fået "
                "et forkert navn. Gem den igen i det rigtige format, og prøv igen."
            )
            % {"ext": extension},
        )


def guess_content_type(extension: str) -> str:
    return CONTENT_TYPES.get(extension, "application/octet-stream")


def as_stream(data: bytes) -> BinaryIO:
    return io.BytesIO(data)

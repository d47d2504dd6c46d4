"""DOC-1..3: exactly the allowed types, content matching the extension, name and size limits."""

import io
import zipfile

import pytest

from klageportal.documents import validation
from klageportal.documents.validation import ALLOWED_EXTENSIONS, FileRefused, Limits

LIMITS = Limits(max_bytes=1000, max_name_length=260)


def _zip(entries: dict[str, bytes], first: str | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        if first:
            archive.writestr(first, entries.pop(first))
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


OLE2 = bytes.fromhex("d0cf11e0a1b11ae1")
ONENOTE = bytes.fromhex("e4525c7b8cd8a74daeb15378d02996d3")

SAMPLES = {
    "pdf": b"%PDF-1.7\n%...",
    "doc": OLE2 + b"\x00" * 20,
    "xls": OLE2 + b"\x00" * 20,
    "ppt": OLE2 + b"\x00" * 20,
    "vsd": OLE2 + b"\x00" * 20,
    "mpp": OLE2 + b"\x00" * 20,
    "msg": OLE2 + b"\x00" * 20,
    "one": ONENOTE + b"\x00" * 20,
    "docx": _zip({"[Content_Types].xml": b"<x/>", "word/document.xml": b"<w/>"}),
    "xlsx": _zip({"[Content_Types].xml": b"<x/>", "xl/workbook.xml": b"<w/>"}),
    "pptx": _zip({"[Content_Types].xml": b"<x/>", "ppt/presentation.xml": b"<w/>"}),
    "vsdx": _zip({"[Content_Types].xml": b"<x/>", "visio/document.xml": b"<w/>"}),
    "odt": _zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"}, first="mimetype"),
    "ods": _zip({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet"}, first="mimetype"),
    "odg": _zip({"mimetype": b"application/vnd.oasis.opendocument.graphics"}, first="mimetype"),
    "odp": _zip({"mimetype": b"application/vnd.oasis.opendocument.presentation"}, first="mimetype"),
    "tif": b"II*\x00" + b"\x00" * 10,
    "tiff": b"MM\x00*" + b"\x00" * 10,
    "jpg": b"\xff\xd8\xff\xe0" + b"\x00" * 10,
    "jpeg": b"\xff\xd8\xff\xe1" + b"\x00" * 10,
    "gif": b"GIF89a" + b"\x00" * 10,
    "png": b"\x89PNG\r\n\x1a\n" + b"\x00" * 10,
    "mp3": b"ID3\x03\x00" + b"\x00" * 10,
    "dwg": b"AC1032" + b"\x00" * 10,
    "eml": b"Received: from x\r\nSubject: Klage\r\n\r\nTekst",
    "rtf": b"{\\rtf1\\ansi Klage}",
    "txt": "Klage over afgørelsen – æøå".encode(),
    "xml": b'<?xml version="1.0"?><klage/>',
}


def test_every_allowed_extension_has_a_matching_sample():
    assert set(SAMPLES) == set(ALLOWED_EXTENSIONS)


@pytest.mark.parametrize("extension", sorted(SAMPLES))
def test_content_matching_its_extension_is_accepted(extension):
    validation.check_content(extension, io.BytesIO(SAMPLES[extension]))


@pytest.mark.parametrize("extension", sorted(SAMPLES))
def test_content_of_another_type_is_refused(extension):
    """DOC-3: a renamed file is refused by its signature, not its name."""
    other = SAMPLES["png"] if extension != "png" else SAMPLES["pdf"]
    with pytest.raises(FileRefused) as refusal:
        validation.check_content(extension, io.BytesIO(other))
    assert refusal.value.code == "content_mismatch"


@pytest.mark.parametrize("name", ["film.mp4", "film.MOV", "film.mpeg", "film.mpg", "film.avi", "film.wmv", "film.mkv"])
def test_video_is_refused_with_the_usb_stick_text(name):
    with pytest.raises(FileRefused) as refusal:
        validation.check_name_and_size(name, 10, LIMITS)
    assert refusal.value.code == "video"
    assert "Toldboden 2, 8800 Viborg" in refusal.value.message


@pytest.mark.parametrize("name", ["program.exe", "arkiv.zip", "side.html", "uden-endelse", "billede.bmp"])
def test_types_outside_the_list_are_refused(name):
    with pytest.raises(FileRefused) as refusal:
        validation.check_name_and_size(name, 10, LIMITS)
    assert refusal.value.code == "type"


def test_name_of_261_characters_is_refused_and_260_accepted():
    ok = "a" * 256 + ".pdf"
    assert validation.check_name_and_size(ok, 10, LIMITS) == "pdf"
    with pytest.raises(FileRefused) as refusal:
        validation.check_name_and_size("a" + ok, 10, LIMITS)
    assert refusal.value.code == "name_too_long"


def test_file_over_the_limit_and_empty_file_are_refused():
    with pytest.raises(FileRefused) as too_large:
        validation.check_name_and_size("a.pdf", 1001, LIMITS)
    assert too_large.value.code == "too_large"
    with pytest.raises(FileRefused) as empty:
        validation.check_name_and_size("a.pdf", 0, LIMITS)
    assert empty.value.code == "empty"


def test_jpeg_is_an_alias_of_jpg():
    assert validation.check_name_and_size("foto.JPEG", 10, LIMITS) == "jpeg"


@pytest.mark.parametrize(
    ("extension", "content"),
    [
        ("pdf", b"\r\n%PDF-1.4\n"),
        ("pdf", b"%!PS-Adobe preamble\n" * 10 + b"%PDF-1.4\n"),
        ("mp3", b"\xff\xfb\x90\x00" + b"\x00" * 10),  # MPEG-1 Layer 3 frame, no ID3 tag
        ("mp3", b"\xff\xf3\x64\xc4" + b"\x00" * 10),  # MPEG-2 frame (low bit-rate speech)
        ("mp3", b"\xff\xfa\x90\x00" + b"\x00" * 10),  # MPEG-1 frame with CRC
        ("jpg", b"\xff\xd8\xff\xdb" + b"\x00" * 10),  # JPEG without JFIF/Exif segment
        ("gif", b"GIF87a" + b"\x00" * 10),
        ("dwg", b"AC1015" + b"\x00" * 10),
        ("xml", b"\xef\xbb\xbf  <klage/>"),
        ("eml", b"MIME-Version: 1.0\r\nSubject: Klage\r\n\r\nTekst"),
        ("txt", "Klage i Windows-1252: æøå".encode("cp1252")),
    ],
)
def test_variants_of_the_allowed_types_are_accepted(extension, content):
    validation.check_content(extension, io.BytesIO(content))


@pytest.mark.parametrize(
    ("extension", "content"),
    [
        ("pdf", b"x" * 1024 + b"%PDF-1.4\n"),  # no reader looks that far for the header
        ("txt", b"binary\x00data"),
        ("xml", b"klage uden tags"),
        ("eml", "Kære nævn, jeg klager.".encode()),
        ("docx", _zip({"[Content_Types].xml": b"<x/>", "xl/workbook.xml": b"<w/>"})),  # a workbook named .docx
        ("odt", _zip({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet"}, first="mimetype")),
        ("docx", b"PK\x03\x04 but no archive"),
        ("tif", b"II+\x00" + b"\x00" * 10),  # BigTIFF is not TIFF to the sources' list
    ],
)
def test_lookalikes_are_refused(extension, content):
    with pytest.raises(FileRefused) as refusal:
        validation.check_content(extension, io.BytesIO(content))
    assert refusal.value.code == "content_mismatch"


@pytest.mark.parametrize(
    ("extension", "content"),
    [
        ("rtf", b"  {\\rtf1\\ansi Klage}"),  # was accepted; RTF writers put the header first
        ("dwg", b"AC1.50" + b"\x00" * 10),  # was accepted; drawings from before AutoCAD R10 (1988)
    ],
)
def test_content_the_file_type_library_does_not_recognise_is_refused(extension, content):
    """The library decides these differently from the portal's former signatures: they are refused now."""
    with pytest.raises(FileRefused):
        validation.check_content(extension, io.BytesIO(content))


def test_an_ole2_file_is_accepted_under_every_older_office_extension():
    """The container does not tell Word from Excel, Visio, Project or Outlook; any OLE2 file passes as each."""
    for extension in ["doc", "xls", "ppt", "vsd", "mpp", "msg"]:
        validation.check_content(extension, io.BytesIO(OLE2 + b"\x00" * 500))

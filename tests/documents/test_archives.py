"""Office files are ZIP archives: they are inspected streaming and within limits, and bombs are refused (DOC-3)."""

import io
import random
import time
import tracemalloc
import zipfile

import pytest
from django.urls import reverse
from django.utils import translation

from klageportal.documents import validation
from klageportal.documents.contrib.eicar.scanner import EICAR, EicarScanner
from klageportal.documents.models import Document
from klageportal.documents.services import document_store
from klageportal.documents.validation import FileRefused
from tests.documents.zips import MIB, Zeros, build_zip, docx, odt
from tests.factories import CaseFactory

GIB = 1024 * MIB


def _check(extension: str, data: bytes) -> None:
    validation.check_content(extension, io.BytesIO(data))


def _refusal(extension: str, data: bytes) -> FileRefused:
    with pytest.raises(FileRefused) as refusal:
        _check(extension, data)
    return refusal.value


def test_odt_whose_mimetype_entry_inflates_to_a_gigabyte_is_refused_without_inflating_it():
    """The 1 MB .odt that took 2 GB of memory: refused by its compression ratio, in little time and memory."""
    bomb = odt(Zeros(GIB))
    assert len(bomb) < 2 * MIB
    tracemalloc.start()
    started = time.monotonic()
    try:
        refusal = _refusal("odt", bomb)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert refusal.code == "archive_ratio"
    assert peak < 16 * MIB
    assert time.monotonic() - started < 2


def test_docx_that_inflates_to_300_mb_is_refused_naming_the_limit(settings):
    settings.ARCHIVE_MAX_RATIO = 10_000  # the total alone refuses it
    settings.ARCHIVE_MAX_UNCOMPRESSED_BYTES = 200 * MIB
    bomb = docx(("word/media/image1.png", Zeros(300 * MIB)))
    with translation.override("da"):
        refusal = _refusal("docx", bomb)
    assert refusal.code == "archive_too_large"
    assert "200,0 MB" in refusal.message.replace("\xa0", " ")


def test_docx_that_inflates_to_300_mb_is_refused_by_the_default_limits():
    refusal = _refusal("docx", docx(("word/media/image1.png", Zeros(300 * MIB))))
    assert refusal.code in {"archive_ratio", "archive_too_large"}


def test_archive_with_more_entries_than_allowed_is_refused_before_they_are_read(settings):
    settings.ARCHIVE_MAX_ENTRIES = 50
    many = docx(*[(f"word/part{n}.xml", b"<x/>") for n in range(60)])
    with translation.override("da"):
        refusal = _refusal("docx", many)
    assert refusal.code == "archive_entries"
    assert "50" in refusal.message


def test_entry_compressed_far_beyond_the_allowed_ratio_is_refused_in_danish_and_english(settings):
    settings.ARCHIVE_MAX_RATIO = 100
    bomb = docx(("word/media/image1.png", Zeros(8 * MIB)))
    with translation.override("da"):
        danish = _refusal("docx", bomb).message
    with translation.override("en"):
        english = _refusal("docx", bomb).message
    assert "100" in danish and "100" in english
    assert danish != english


@pytest.mark.parametrize("method", [zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA], ids=["bzip2", "lzma"])
def test_parts_packed_with_methods_office_programs_do_not_use_are_refused(method):
    """Python's zipfile inflates bzip2 and LZMA without a bound: a few kilobytes could become gigabytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        archive.writestr("word/document.xml", b"<w:document/>", compress_type=method)
    refusal = _refusal("docx", buffer.getvalue())
    assert refusal.code == "archive_method"
    assert not EicarScanner().scan(io.BytesIO(buffer.getvalue())).clean


def test_a_pdf_whose_last_bytes_happen_to_spell_the_end_of_an_archive_is_not_taken_for_one():
    """Compressed PDF streams are random bytes; the ZIP end signature in them, with a wild entry count, is noise."""
    pdf = b"%PDF-1.4\n" + random.Random(2).randbytes(100_000) + b"PK\x05\x06\0\0\0\0\xff\xfe\xff\xfe" + bytes(20)
    _check("pdf", pdf)
    assert EicarScanner().scan(io.BytesIO(pdf)).clean


def test_small_well_compressed_parts_and_ordinary_office_files_pass(settings):
    """A short XML part compresses far better than 100:1; only parts over a mebibyte are held to the ratio."""
    _check("docx", docx(("word/styles.xml", b"\0" * 500_000)))
    _check("odt", odt())
    _check("docx", docx(("word/media/image1.png", random.Random(1).randbytes(2 * MIB))))


def test_the_embedded_scanner_finds_the_eicar_test_file_inside_a_docx():
    infected = docx(("word/embeddings/eicar.com", EICAR))
    assert not EicarScanner().scan(io.BytesIO(infected)).clean


@pytest.mark.parametrize(
    "container",
    [
        docx(("word/embeddings/eicar.com", EICAR)),
        odt(b"application/vnd.oasis.opendocument.text", ("Pictures/eicar.txt", EICAR + b"\r\n")),
    ],
    ids=["docx", "odt"],
)
@pytest.mark.django_db
def test_office_file_holding_the_eicar_test_file_is_refused_as_malware_and_not_stored(container):
    extension = "docx" if b"word/document.xml" in container else "odt"
    with pytest.raises(FileRefused) as refusal:
        document_store(name=f"bilag.{extension}", size=len(container), stream=io.BytesIO(container), by=None)
    assert refusal.value.code == "malware"
    assert not Document.objects.exists()


def test_the_embedded_scanner_sees_the_members_when_it_scans_an_upload_on_the_way_in():
    """A session fed the chunks of an archive cannot see its members; it leaves the verdict to a whole scan."""
    infected = docx(("word/embeddings/eicar.com", EICAR))
    session = EicarScanner().session()
    for start in range(0, len(infected), 100):
        session.feed(infected[start : start + 100])
    result = session.result()
    assert result is None or not result.clean


def test_the_embedded_scanner_reports_an_archive_beyond_the_limits_without_looking_into_it():
    bomb = build_zip([("a.txt", b"tekst"), ("b.bin", Zeros(GIB))])
    assert EicarScanner().scan(io.BytesIO(bomb)).signature == "Heuristics.Limits.Exceeded"


def test_the_embedded_scanner_reads_only_the_first_bytes_of_each_member(settings):
    """Even with the limits lifted, scanning a gigabyte member costs its first bytes, not its size."""
    settings.ARCHIVE_MAX_RATIO = 10_000
    settings.ARCHIVE_MAX_UNCOMPRESSED_BYTES = 2 * GIB
    archive = build_zip([("a.txt", b"tekst"), ("b.bin", Zeros(GIB)), ("c.com", EICAR)])
    tracemalloc.start()
    started = time.monotonic()
    try:
        result = EicarScanner().scan(io.BytesIO(archive))
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result.signature == "Eicar-Test-Signature"
    assert peak < 16 * MIB
    assert time.monotonic() - started < 2


@pytest.mark.django_db
def test_a_docx_holding_the_eicar_test_file_is_refused_on_the_case_page(client):
    """Through the upload handler, whose scan on the way in cannot see an archive's members."""
    case = CaseFactory()
    client.force_login(case.created_by)
    upload = io.BytesIO(docx(("word/embeddings/oleObject1.bin", EICAR)))
    upload.name = "bilag.docx"
    response = client.post(
        reverse("workspaces:case_documents", kwargs={"number": case.number}),
        {"files": upload},
        HTTP_ACCEPT="application/json",
    )
    assert response.json()["files"][0]["code"] == "malware"
    assert not Document.objects.exists()

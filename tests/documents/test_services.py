"""Documents are scanned, stored once by content, streamed in chunks and linked with history (DOC-3, DOC-6)."""

import io

import pytest

from klageportal.cases.models import CaseEvent, PartyRole
from klageportal.documents.contrib.eicar.scanner import EICAR, EicarScanner
from klageportal.documents.models import Document
from klageportal.documents.services import case_document_add, document_store
from klageportal.documents.uploads import uploads_accept
from klageportal.documents.validation import FileRefused
from tests.factories import CaseFactory


class Upload(io.BytesIO):
    def __init__(self, name, data):
        super().__init__(data)
        self.name, self.size, self.file = name, len(data), self


def test_eicar_test_file_is_recognised_at_the_start_of_the_file():
    """The EICAR test file starts with its 68-character string; a large file is not read beyond its head."""
    assert not EicarScanner().scan(io.BytesIO(EICAR + b"\r\n")).clean
    session = EicarScanner().session()
    for piece in (EICAR[:10], EICAR[10:40], EICAR[40:]):
        session.feed(piece)
    assert not session.result().clean
    assert EicarScanner().scan(io.BytesIO(b"x" * 3_000_000)).clean


@pytest.mark.django_db
def test_eicar_file_is_refused_and_not_stored():
    with pytest.raises(FileRefused) as refusal:
        document_store(name="virus.txt", size=len(EICAR), stream=io.BytesIO(EICAR), by=None)
    assert refusal.value.code == "malware"
    assert not Document.objects.exists()


@pytest.mark.django_db
def test_same_content_is_stored_once_and_linked_to_several_cases():
    one, two = CaseFactory(), CaseFactory()
    data = b"%PDF-1.4 samme indhold"
    first = document_store(name="a.pdf", size=len(data), stream=io.BytesIO(data), by=one.created_by)
    second = document_store(name="b.pdf", size=len(data), stream=io.BytesIO(data), by=two.created_by)
    assert first.file.name == second.file.name
    case_document_add(case=one, document=first, by=one.created_by, role=PartyRole.COMPLAINANT)
    case_document_add(case=two, document=first, by=two.created_by, role=PartyRole.COMPLAINANT)
    assert first.case_links.count() == 2
    assert CaseEvent.objects.filter(case=one, kind=CaseEvent.Kind.DOCUMENT).count() == 1


@pytest.mark.django_db
def test_each_refused_file_gets_its_own_message_and_good_files_are_kept():
    """DOC-3/DOC-4: a wrong type, the EICAR file and a video are refused; the good file in the same drop is kept."""
    case = CaseFactory()
    files = [
        Upload("god.pdf", b"%PDF-1.4 god"),
        Upload("forkert.pdf", b"not a pdf at all"),
        Upload("eicar.txt", EICAR),
        Upload("film.mp4", b"\x00\x00\x00\x18ftypmp42"),
    ]
    results = uploads_accept(files=files, case=case, by=case.created_by, role=PartyRole.COMPLAINANT)
    assert [(r.name, r.ok, r.code) for r in results] == [
        ("god.pdf", True, ""),
        ("forkert.pdf", False, "content_mismatch"),
        ("eicar.txt", False, "malware"),
        ("film.mp4", False, "video"),
    ]
    assert list(case.documents.values_list("document__original_name", flat=True)) == ["god.pdf"]

"""One upload path for every page: each file on its own, the caller's rule first, the limits in force shown."""

import io

import pytest
from django.template import Context, Template
from django.test import override_settings
from django.utils import translation

from klageportal.documents import validation
from klageportal.documents.models import Document
from klageportal.documents.uploads import uploads_store
from tests.factories import CaseFactory, CitizenFactory


class Upload(io.BytesIO):
    def __init__(self, name, data):
        super().__init__(data)
        self.name, self.size, self.file = name, len(data), self


def _refuse_big(upload):
    if upload.size > 10:
        raise validation.FileRefused("total_too_large", "For meget i alt.")


@pytest.mark.django_db
def test_a_file_the_callers_rule_refuses_is_not_stored_and_the_others_are():
    """DOC-3/AS-41: the caller's own rule (a draft's total) refuses one file; the next is still stored."""
    attached = []
    results = uploads_store(
        files=[Upload("stor.txt", b"x" * 11), Upload("lille.txt", b"kort")],
        by=CitizenFactory(),
        limits=validation.filing_limits(),
        attach=attached.append,
        admit=_refuse_big,
    )
    assert [(r.name, r.ok, r.code) for r in results] == [
        ("stor.txt", False, "total_too_large"),
        ("lille.txt", True, ""),
    ]
    assert results[0].message == "For meget i alt."
    assert list(Document.objects.values_list("original_name", flat=True)) == ["lille.txt"]
    assert [document.original_name for document in attached] == ["lille.txt"]


@pytest.mark.django_db
def test_a_file_refused_while_attaching_leaves_no_document_behind():
    """The file's transaction covers storing and attaching: a refusal in `attach` keeps nothing."""
    case = CaseFactory()

    def attach(document):
        raise validation.FileRefused("item", "Vælg, hvilken akt filen er.")

    results = uploads_store(
        files=[Upload("bilag.txt", b"tekst")], by=case.created_by, limits=validation.filing_limits(), attach=attach
    )
    assert not results[0].ok and results[0].code == "item"
    assert not Document.objects.exists()
    assert not case.documents.exists()


def _render(snippet: str, **context) -> str:
    with translation.override("da"):
        return Template("{% load uploads %}" + snippet).render(Context(context)).replace("\xa0", " ")


@override_settings(DOCUMENT_MAX_BYTES=5 * 1024 * 1024, DOCUMENT_MAX_NAME_LENGTH=120)
def test_upload_hint_states_the_filing_limits_in_force():
    """DOC-2: the limits are configuration, and the hint shows the configured figures, not fixed ones."""
    html = _render('{% upload_form action="/sag/" assets=False %}')
    assert "Højst 5,0 MB pr. fil og 120 tegn i filnavnet." in html
    assert "100 MB" not in html and "260 tegn" not in html
    assert "Video kan ikke uploades" in html


def test_upload_form_for_one_checklist_item_has_its_own_field_and_total():
    """AS-41: several forms on one page each have their own field; the hint gives the file and total limits."""
    limits = validation.Limits(max_bytes=25 * 1024 * 1024)
    html = _render(
        '{% upload_form action="/a/" limits=limits max_total_bytes=total key="afgorelse" label="Afgørelsen" '
        "pdf_hint=True video_note=False assets=False %}",
        limits=limits,
        total=200 * 1024 * 1024,
    )
    assert 'id="id_files_afgorelse"' in html and 'aria-describedby="id_files_afgorelse_hint"' in html
    assert "Gerne én pdf-fil med yngste først." in html
    assert "Højst 25,0 MB pr. fil og 200,0 MB i alt." in html
    assert "Vælg filer: Afgørelsen" in html
    assert "Video kan ikke uploades" not in html

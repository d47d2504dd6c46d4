"""The stored answers read by name, and the page table every part of the form reads."""

from django.template.loader import get_template

from klageportal.forwarding.form.answers import PAGE_COUNT, Answers, PageNumber
from klageportal.forwarding.form.table import PAGES

STORED = {
    "1": {"caseworker_email": "a@viborg.example"},
    "2": {"citizen_name": "Mette Hansen", "parties": [{"name": "advokat Lind"}]},
    "3": {"areas": [{"area": "7"}]},
    "4": {"decision_date": "2026-01-05"},
    "5": {"remarks": "Haster."},
    "6": {"documents": []},
    "done": [1, 2],
}


def test_answers_are_read_by_what_the_page_holds():
    answers = Answers(STORED)
    assert answers.municipality["caseworker_email"] == "a@viborg.example"
    assert answers.citizen["citizen_name"] == "Mette Hansen"
    assert answers.parties == [{"name": "advokat Lind"}]
    assert answers.law_areas == [{"area": "7"}]
    assert answers.dates["decision_date"] == "2026-01-05"
    assert answers.remarks["remarks"] == "Haster."
    assert answers.documents == {"documents": []}
    assert answers.done == [1, 2]


def test_a_page_never_saved_reads_as_empty():
    answers = Answers(None)
    assert (answers.citizen, answers.parties, answers.law_areas, answers.done) == ({}, [], [], [])


def test_replacing_a_page_leaves_the_stored_answers_unchanged():
    replaced = Answers(STORED).with_page(PageNumber.REMARKS, {"remarks": "Ny."})
    assert replaced["5"] == {"remarks": "Ny."}
    assert STORED["5"] == {"remarks": "Haster."}
    assert "done" not in Answers(replaced).without_progress()


def test_the_page_table_has_every_page_in_order_with_its_template():
    assert list(PAGES) == list(range(1, PAGE_COUNT + 1))
    for number, spec in PAGES.items():
        assert spec.number == number
        assert get_template(spec.template)
    assert [spec.number for spec in PAGES.values() if spec.has_answers] == [1, 2, 3, 4, 5]

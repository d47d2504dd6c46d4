"""Law areas for authority forwarding, sorted by paragraph number (CAT-4, AS-30)."""

import pytest

from klageportal.catalog.models import Law, LawArea, paragraph_sort_key
from klageportal.catalog.selectors import laws_with_areas

pytestmark = pytest.mark.django_db

CATCH_ALL = "Øvrige bestemmelser"


def _areas(slug: str) -> list[LawArea]:
    return list(laws_with_areas().get(slug=slug).areas.all())


# --- paragraph_sort_key --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("smaller", "larger"),
    [
        ("§ 9", "§ 41"),
        ("§ 41", "§ 112"),
        ("§ 99", "§ 100"),
        ("§ 14", "§ 14 a"),
        ("§ 14 a", "§ 14 b"),
        ("§ 14 z", "§ 14 æ"),
        ("§ 14 æ", "§ 14 ø"),
        ("§ 14 ø", "§ 14 å"),
        ("§ 14 å", "§ 15"),
        ("§§ 66-79", "§ 81"),
        ("§ 41 stk. 9", "§ 41 a"),
        ("§ 118", ""),
    ],
)
def test_paragraphs_sort_as_a_lawyer_would(smaller, larger):
    """CAT-4"""
    assert paragraph_sort_key(smaller) < paragraph_sort_key(larger)


@pytest.mark.parametrize(
    ("same", "as_"),
    [
        ("§ 70 a", "§ 70a"),
        ("§ 70 A", "§ 70 a"),
        ("§ 41, stk. 2", "§ 41"),
        ("§ 41 stk. 2", "§ 41"),
        ("§ 112 og § 116", "§ 112"),
        ("§§ 116-118", "§ 116"),
        ("Ansættelse med løntilskud - §§ 66-79 og 81", "§ 66"),
    ],
)
def test_paragraph_details_after_the_number_do_not_change_its_place(same, as_):
    """CAT-4: "stk." or "og" after a number is no letter suffix."""
    assert paragraph_sort_key(same) == paragraph_sort_key(as_)


@pytest.mark.parametrize("text", ["", None, "Øvrige bestemmelser", "Socialtilsyn"])
def test_text_without_a_number_sorts_last(text):
    assert paragraph_sort_key(text) == 999_999
    assert paragraph_sort_key(text) > paragraph_sort_key("§ 9999")


def test_sort_key_is_kept_up_to_date_on_save(catalogue):
    area = LawArea.objects.get(law__slug="serviceloven", paragraph="§ 112")
    area.paragraph = "§ 9"
    area.save()
    assert area.sort_key == paragraph_sort_key("§ 9")


# --- Seeded laws ---------------------------------------------------------------------------------


def test_areas_are_sorted_by_paragraph_number(catalogue):
    """CAT-4: § 9 before § 41 before § 112, whatever order they were added in."""
    law = Law.objects.get(slug="serviceloven")
    LawArea.objects.create(law=law, name="Rådgivning - § 9", paragraph="§ 9")
    names = [area.name for area in _areas("serviceloven")]
    assert names.index("Rådgivning - § 9") < names.index("Tabt arbejdsfortjeneste - § 42")
    positions = [names.index(n) for n in names if n != CATCH_ALL]
    assert positions == sorted(positions)
    keys = [area.sort_key for area in _areas("serviceloven") if not area.catch_all]
    assert keys == sorted(keys)
    assert (
        keys.index(paragraph_sort_key("§ 9"))
        < keys.index(paragraph_sort_key("§ 41"))
        < keys.index(paragraph_sort_key("§ 112"))
    )


def test_letter_suffixes_sort_after_their_paragraph(catalogue):
    """CAT-4: § 14, § 14 a, § 16 in Lov om social pension."""
    paragraphs = [area.paragraph for area in _areas("pensionsloven") if not area.catch_all]
    assert paragraphs == ["§ 14", "§ 14 a", "§ 16"]


def test_every_law_ends_with_the_catch_all_except_socialtilsyn(catalogue):
    """CAT-4: "Øvrige bestemmelser" last; Lov om socialtilsyn is one item as a whole."""
    for law in laws_with_areas():
        areas = list(law.areas.all())
        if law.slug == "socialtilsynsloven":
            continue
        assert areas[-1].name == CATCH_ALL and areas[-1].catch_all, law.name
        assert sum(area.catch_all for area in areas) == 1, law.name


def test_catch_all_stays_last_when_an_area_is_added(catalogue):
    law = Law.objects.get(slug="aktivloven")
    LawArea.objects.create(law=law, name="Noget helt nyt", paragraph="")
    LawArea.objects.create(law=law, name="Høj paragraf - § 999", paragraph="§ 999")
    assert _areas("aktivloven")[-1].name == CATCH_ALL


def test_lov_om_socialtilsyn_is_a_single_item(catalogue):
    """CAT-4"""
    law = Law.objects.get(name="Lov om socialtilsyn")
    assert law.single_item
    assert [area.name for area in law.areas.all()] == ["Socialtilsyn"]


def test_lab_area_for_wage_subsidy_asks_for_the_paragraph(catalogue):
    """CAT-4: the source's example reveals "Hvilken paragraf er afgørelsen truffet efter?"."""
    area = LawArea.objects.get(name="Ansættelse med løntilskud - §§ 66-79 og 81")
    assert area.law.short_name == "LAB-loven"
    assert area.follow_up


def test_catch_all_asks_for_the_paragraph(catalogue):
    """CAT-4, AS-30: a missing paragraph goes under "Øvrige bestemmelser", which asks which one."""
    assert not LawArea.objects.filter(catch_all=True, follow_up=False).exists()


@pytest.mark.parametrize("paragraph", ["§ 41", "§ 42", "§ 83", "§ 85", "§ 96", "§ 100", "§ 112", "§ 116"])
def test_serviceloven_has_the_required_paragraphs(catalogue, paragraph):
    """CAT-4, AS-30"""
    assert LawArea.objects.filter(law__slug="serviceloven", paragraph=paragraph).exists()


def test_serviceloven_is_the_law_of_social_service(catalogue):
    assert Law.objects.get(slug="serviceloven").name == "Lov om social service"


def test_areas_list_their_required_documents(catalogue):
    """AS-40"""
    area = LawArea.objects.get(law__slug="serviceloven", paragraph="§ 112")
    assert area.required_documents and all(isinstance(doc, str) and doc for doc in area.required_documents)


def test_laws_with_areas_needs_two_queries(catalogue, django_assert_num_queries):
    with django_assert_num_queries(2):
        total = sum(len(law.areas.all()) for law in laws_with_areas())
    assert total == LawArea.objects.count()

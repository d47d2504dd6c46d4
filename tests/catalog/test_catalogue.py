"""The seeded catalogue (CAT-1 … CAT-5, SPEC §12) and loading it again without losing edits (CAT-6)."""

import pytest

from klageportal.catalog import seed_data
from klageportal.catalog.models import (
    AppealsBody,
    Authority,
    Board,
    Channel,
    ComplaintType,
    ComplaintTypeVersion,
    DocumentCategory,
    Law,
    LawArea,
)
from klageportal.catalog.selectors import boards_for_start_page
from klageportal.catalog.services import catalog_load_defaults

pytestmark = pytest.mark.django_db

NAEVNENES_HUS_BOARDS = {
    "Miljø- og Fødevareklagenævnet",
    "Planklagenævnet",
    "Energiklagenævnet",
    "Forbrugerklagenævnet",
    "Disciplinærnævnet for Ejendomsmæglere",
}
MODELS = (AppealsBody, Board, ComplaintType, ComplaintTypeVersion, Authority, Law, LawArea, DocumentCategory)


def _counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


# --- Loading -------------------------------------------------------------------------------------


def test_first_load_reports_what_it_created(db):
    created = catalog_load_defaults()
    assert created["authorities"] == 98
    assert sum(created.values()) == sum(_counts().values())


def test_second_load_creates_nothing(catalogue):
    """CAT-6: loading the defaults again is harmless."""
    before = _counts()
    created = catalog_load_defaults()
    assert sum(created.values()) == 0
    assert _counts() == before


def test_second_load_keeps_an_administrators_fee(catalogue):
    """CAT-6: edits made by administrators survive the next deployment."""
    version = ComplaintType.objects.get(board__slug="pkn", slug="lokalplan").version_at()
    version.fee_private, version.fee_company = 925, 1850
    version.save()
    catalog_load_defaults()
    version.refresh_from_db()
    assert (version.fee_private, version.fee_company) == (925, 1850)


def test_second_load_keeps_an_administrators_authority_email(catalogue):
    """CAT-3, CAT-6"""
    Authority.objects.filter(municipality_code="791").update(email="ny-klagepostkasse@viborg.example")
    catalog_load_defaults()
    assert Authority.objects.get(municipality_code="791").email == "ny-klagepostkasse@viborg.example"


def test_second_load_keeps_an_administrators_board_and_area_texts(catalogue):
    """CAT-6"""
    Board.objects.filter(slug="mfkn").update(email="ny@naevneneshus.example")
    area = LawArea.objects.get(law__slug="lab-loven", name="Ansættelse med løntilskud - §§ 66-79 og 81")
    area.follow_up = False
    area.save()
    catalog_load_defaults()
    assert Board.objects.get(slug="mfkn").email == "ny@naevneneshus.example"
    area.refresh_from_db()
    assert area.follow_up is False


# --- Bodies, boards and authorities (CAT-1, CAT-3) ------------------------------------------------


def test_the_boards_of_the_spec_exist(catalogue):
    """CAT-1"""
    names = set(Board.objects.values_list("name", flat=True))
    assert NAEVNENES_HUS_BOARDS | {"Ankestyrelsen"} <= names
    assert set(Board.objects.filter(body__slug="naevneneshus").values_list("name", flat=True)) == NAEVNENES_HUS_BOARDS
    assert Board.objects.get(name="Ankestyrelsen").body.name == "Ankestyrelsen"


def test_every_board_has_complaint_types(catalogue):
    """CAT-1"""
    assert not Board.objects.filter(complaint_types__isnull=True).exists()


def test_exactly_98_municipalities_with_unique_three_digit_codes(catalogue):
    """CAT-3"""
    codes = list(Authority.objects.filter(kind=Authority.Kind.MUNICIPALITY).values_list("municipality_code", flat=True))
    assert len(codes) == 98
    assert len(set(codes)) == 98
    assert all(len(code) == 3 and code.isdigit() for code in codes)
    assert "411" not in codes  # Christiansø is not a municipality


def test_municipality_names_are_unique(catalogue):
    names = [name for _, name in seed_data.MUNICIPALITIES]
    assert len(names) == len(set(names)) == 98


def test_seeded_cvr_numbers_pass_the_mod11_check(catalogue):
    """SPEC §12: fictitious CVR numbers must pass mod-11."""
    cvrs = [
        *AppealsBody.objects.values_list("cvr", flat=True),
        *Authority.objects.exclude(cvr="").values_list("cvr", flat=True),
    ]
    assert cvrs
    for cvr in cvrs:
        assert len(cvr) == 8 and sum(int(d) * w for d, w in zip(cvr, (2, 7, 6, 5, 4, 3, 2, 1), strict=True)) % 11 == 0


def test_start_page_lists_bodies_with_their_boards_in_two_queries(catalogue, django_assert_num_queries):
    with django_assert_num_queries(2):
        listing = {body.name: [board.name for board in body.boards.all()] for body in boards_for_start_page()}
    assert listing["Ankestyrelsen"] == ["Ankestyrelsen"]
    assert set(listing["Nævnenes Hus"]) == NAEVNENES_HUS_BOARDS


# --- Fees and channels (CAT-2, SPEC §12) ---------------------------------------------------------


@pytest.mark.parametrize(
    ("board", "private", "company"),
    [("mfkn", 900, 1800), ("pkn", 900, 1800), ("fkn", 400, 400), ("dne", 250, 250), ("ast", 0, 0)],
)
def test_fees_follow_the_published_figures(seeded_types, board, private, company):
    """SPEC §12"""
    fees = {
        (version.fee_private, version.fee_company)
        for (board_slug, _), version in seeded_types.items()
        if board_slug == board and version.channel != Channel.OUTSIDE
    }
    assert fees == {(private, company)}


def test_every_type_has_a_version_in_force(seeded_types):
    """CAT-6"""
    assert all(version is not None for version in seeded_types.values())


def test_types_with_a_fee_state_a_refund_rule(seeded_types):
    """CAT-2"""
    for key, version in seeded_types.items():
        if version.has_fee:
            assert version.refund_rule.strip(), key


def test_ankestyrelsen_types_are_forwarded_by_the_municipality(seeded_types):
    """AS-1, SPEC §12: no fee."""
    ast = {key: version for key, version in seeded_types.items() if key[0] == "ast"}
    assert ast
    assert all(v.channel == Channel.FORWARDING and not v.has_fee for v in ast.values())


@pytest.mark.parametrize("board", ["mfkn", "pkn", "ekn", "fkn", "dne"])
def test_each_naevnenes_hus_board_has_a_type_filed_outside_the_portal(seeded_types, board):
    """CAT-2, KP-1: the person is told where to go instead."""
    outside = [v for (b, _), v in seeded_types.items() if b == board and v.channel == Channel.OUTSIDE]
    assert len(outside) == 1
    assert outside[0].outside_text.strip()
    assert not outside[0].has_fee


def test_only_types_filed_outside_carry_an_outside_text(seeded_types):
    for key, version in seeded_types.items():
        assert bool(version.outside_text.strip()) == (version.channel == Channel.OUTSIDE), key


def test_a_type_with_the_fee_due_at_forwarding_exists(seeded_types):
    """PAY-6"""
    assert any(version.fee_due == "forwarding" for version in seeded_types.values())


def test_document_categories_include_the_labels_of_the_spec(catalogue):
    """CAT-5, FI-3"""
    slugs = set(DocumentCategory.objects.values_list("slug", flat=True))
    assert {"afgoerelse", "klage", "aktliste", "hoeringssvar", "svarskema"} <= slugs

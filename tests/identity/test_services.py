"""Deriving the role and workplace from the login, and keeping the user up to date (AUTH-2, AUTH-4)."""

import pytest

from klageportal.identity.claims import Identity, claim_names, identity_from_claims
from klageportal.identity.models import Role, User
from klageportal.identity.oidc import PortalOIDCBackend
from klageportal.identity.services import role_for, user_sync_from_identity
from tests.factories import AppealsBodyFactory, AuthorityFactory, BoardFactory, UserFactory

BODY_CVR = "12345674"
MUNICIPALITY_CVR = "31415926"
COMPANY_CVR = "37042374"


@pytest.fixture
def body(db):
    return AppealsBodyFactory(slug="naevneneshus", cvr=BODY_CVR)


@pytest.fixture
def boards(body):
    return {
        "mfkn": BoardFactory(body=body, slug="mfkn"),
        "pkn": BoardFactory(body=body, slug="pkn"),
    }


@pytest.fixture
def municipality(db):
    return AuthorityFactory(name="Viborg Kommune", cvr=MUNICIPALITY_CVR)


def identity(**values) -> Identity:
    return Identity(**{"sub": "sub-1", "name": "Test Person", **values})


def test_administrator_right_gives_admin_role_whatever_the_organisation(boards):
    role, authority, body, found = role_for(identity(cvr=BODY_CVR, rights=["administrator", "sagsbehandler:mfkn"]))

    assert (role, authority, body, found) == (Role.ADMIN, None, None, [])


def test_appeals_body_cvr_with_caseworker_right_gives_body_staff_with_those_boards(body, boards):
    role, authority, found_body, found = role_for(
        identity(cvr=BODY_CVR, rights=["sagsbehandler:mfkn", "sagsbehandler:pkn"])
    )

    assert role == Role.BODY_STAFF
    assert found_body == body
    assert authority is None
    assert sorted(board.slug for board in found) == ["mfkn", "pkn"]


def test_caseworker_right_for_a_board_of_another_body_gives_no_board(boards):
    other = AppealsBodyFactory(slug="ankestyrelsen", cvr="24681351")
    BoardFactory(body=other, slug="ast")

    role, _, found_body, found = role_for(identity(cvr=BODY_CVR, rights=["sagsbehandler:ast"]))

    assert role == Role.COMPANY
    assert found_body is None
    assert found == []


def test_appeals_body_employee_without_caseworker_right_is_not_body_staff(boards):
    role, _, found_body, found = role_for(identity(cvr=BODY_CVR, rights=["tegningsret"]))

    assert role == Role.COMPANY
    assert found_body is None
    assert found == []


def test_caseworker_right_without_the_body_cvr_is_not_body_staff(boards):
    role, *_ = role_for(identity(cvr=COMPANY_CVR, rights=["sagsbehandler:mfkn"]))

    assert role == Role.COMPANY


def test_municipality_cvr_gives_authority_role_with_that_authority(municipality):
    role, authority, body, found = role_for(identity(cvr=MUNICIPALITY_CVR, rights=["ankeskema"]))

    assert (role, authority, body, found) == (Role.AUTHORITY, municipality, None, [])


def test_other_cvr_gives_company_role(municipality, boards):
    role, authority, body, found = role_for(identity(cvr=COMPANY_CVR, rights=["tegningsret"]))

    assert (role, authority, body, found) == (Role.COMPANY, None, None, [])


def test_cpr_only_gives_citizen_role(municipality, boards):
    role, authority, body, found = role_for(identity(cpr="1203781234"))

    assert (role, authority, body, found) == (Role.CITIZEN, None, None, [])


def test_sync_creates_a_user_without_a_usable_password(municipality):
    """AUTH-2: nobody logs in to the portal with a password."""
    user = user_sync_from_identity(identity=identity(sub="s-7", cvr=MUNICIPALITY_CVR, organisation_name="Viborg"))

    user.refresh_from_db()
    assert user.oidc_sub == "s-7"
    assert user.role == Role.AUTHORITY
    assert user.authority == municipality
    assert user.organisation_name == "Viborg"
    assert not user.has_usable_password()


def test_sync_gives_staff_access_to_the_admin_role_only(boards):
    admin = user_sync_from_identity(identity=identity(sub="a", cvr=BODY_CVR, rights=["administrator"]))
    caseworker = user_sync_from_identity(identity=identity(sub="b", cvr=BODY_CVR, rights=["sagsbehandler:mfkn"]))

    assert admin.is_staff and admin.is_superuser
    assert not caseworker.is_staff and not caseworker.is_superuser


def test_sync_of_a_changed_login_updates_the_user_in_place(boards):
    """AUTH-4: a right removed at the provider is gone after the next login, and so is its board."""
    user = user_sync_from_identity(
        identity=identity(sub="s-1", cvr=BODY_CVR, rights=["sagsbehandler:mfkn", "sagsbehandler:pkn"])
    )

    again = user_sync_from_identity(
        identity=identity(sub="s-1", name="Renamed Person", cvr=BODY_CVR, rights=["sagsbehandler:pkn"]), user=user
    )

    again.refresh_from_db()
    assert again.pk == user.pk
    assert User.objects.count() == 1
    assert again.full_name == "Renamed Person"
    assert again.rights == ["sagsbehandler:pkn"]
    assert list(again.boards.values_list("slug", flat=True)) == ["pkn"]


def test_sync_clears_the_workplace_when_the_person_becomes_a_citizen(municipality):
    user = user_sync_from_identity(identity=identity(sub="s-2", cvr=MUNICIPALITY_CVR, rights=["ankeskema"]))

    again = user_sync_from_identity(identity=identity(sub="s-2", cpr="1203781234"), user=user)

    again.refresh_from_db()
    assert again.role == Role.CITIZEN
    assert again.authority is None
    assert again.cvr == ""
    assert again.cpr == "1203781234"
    assert again.rights == []


def test_backend_finds_the_user_by_subject_not_by_name(db):
    """AUTH-2: the token's subject identifies the person; a shared name never does."""
    UserFactory(oidc_sub="other", full_name="Mette Hansen")
    mette = UserFactory(oidc_sub="devidp-mette", full_name="Mette Hansen")

    found = PortalOIDCBackend().filter_users_by_claims({"sub": "devidp-mette", "name": "Mette Hansen"})

    assert list(found) == [mette]


@pytest.mark.parametrize(
    ("rights", "opens"),
    [(["tegningsret"], True), (["klagesager"], True), (["ankeskema"], False), ([], False)],
    ids=["tegningsret", "klagesager", "other-right", "none"],
)
def test_company_cases_open_to_an_employee_only_with_tegningsret_or_the_klagesager_right(db, rights, opens):
    """X-3, docs/identity.md: the complaint-cases right comes from the login's rights claim."""
    names = claim_names()
    claims = {"sub": f"medarbejder-{'-'.join(rights)}", names["name"]: "Medarbejder", names["cvr"]: "37042374"}
    claims[names["rights"]] = rights
    user = user_sync_from_identity(identity=identity_from_claims(claims))
    assert user.role == Role.COMPANY
    assert user.acts_on_company_cases is opens


@pytest.mark.django_db
def test_a_first_login_finds_the_user_another_request_made_meanwhile(monkeypatch):
    """Two first logins of one person at once make one user, and neither fails (a double click, 50 logins)."""
    made_by_the_other_request = user_sync_from_identity(identity=identity(sub="s-9", cpr="1203781234", name="Mette"))
    look_ups = []
    real_first = type(User.objects.all()).first

    def first_misses_once(queryset):
        look_ups.append(1)
        return None if len(look_ups) == 1 else real_first(queryset)

    monkeypatch.setattr(type(User.objects.all()), "first", first_misses_once)
    user = user_sync_from_identity(identity=identity(sub="s-9", cpr="1203781234", name="Mette Hansen"))

    assert user.pk == made_by_the_other_request.pk
    assert User.objects.filter(oidc_sub="s-9").count() == 1
    user.refresh_from_db()
    assert user.full_name == "Mette Hansen"

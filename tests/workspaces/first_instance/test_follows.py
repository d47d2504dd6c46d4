"""Following a case (FI-9): "Følg sagen" on the case for the first instance's staff and the board's caseworkers,
the notification e-mail in the profile, and the list of followed cases. No one else follows."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from klageportal.cases.models import Follow, Status
from klageportal.cases.services.follows import case_follow, digest_address, notification_email_set
from tests.factories import AuthorityUserFactory, BodyStaffFactory, CaseFactory, CitizenFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(authority):
    return CaseFactory(status=Status.INDSENDT, authority=authority)


@pytest.fixture
def staff(authority):
    return AuthorityUserFactory(authority=authority, email="birgitte@viborg.example")


def follow_url(case):
    return reverse("workspaces:case_follow", kwargs={"number": case.number})


def test_staff_follow_and_unfollow_from_the_case_header(client, case, staff):
    client.force_login(staff)
    page = client.get(case.get_absolute_url()).content.decode()
    assert "Følg sagen" in page
    response = client.post(follow_url(case), {"action": "follow", "next": case.get_absolute_url()})
    assert response.status_code == 302 and response["Location"] == case.get_absolute_url()
    assert Follow.objects.filter(user=staff, case=case).count() == 1
    page = client.get(case.get_absolute_url()).content.decode()
    assert "Følg ikke længere" in page
    assert "din e-mail fra login, birgitte@viborg.example" in page
    assert reverse("workspaces:staff_profile") in page

    client.post(follow_url(case), {"action": "follow"})  # twice is once
    assert Follow.objects.filter(user=staff, case=case).count() == 1
    client.post(follow_url(case), {"action": "unfollow"})
    assert not Follow.objects.exists()


def test_the_boards_caseworker_follows_a_forwarded_case(client):
    forwarded = CaseFactory(status=Status.VIDERESENDT)
    caseworker = BodyStaffFactory(boards=[forwarded.board])
    client.force_login(caseworker)
    assert client.post(follow_url(forwarded)).status_code == 302
    assert Follow.objects.filter(user=caseworker, case=forwarded).exists()


def test_the_profile_sets_the_notification_email_and_lists_followed_cases(client, case, staff):
    case_follow(case=case, by=staff)
    client.force_login(staff)
    url = reverse("workspaces:staff_profile")
    page = client.get(url).content.decode()
    assert case.number in page and "birgitte@viborg.example" in page

    response = client.post(url, {"notification_email": "ikke-en-adresse"})
    assert response.status_code == 200
    assert "Skriv en gyldig e-mailadresse" in response.content.decode()
    assert 'value="ikke-en-adresse"' in response.content.decode()
    staff.refresh_from_db()
    assert staff.notification_email == ""

    assert client.post(url, {"notification_email": "byggesag@viborg.example"}).status_code == 302
    staff.refresh_from_db()
    assert staff.notification_email == "byggesag@viborg.example"
    assert digest_address(staff) == "byggesag@viborg.example"


@pytest.mark.parametrize("who", ["other_authority", "complainant", "other_caseworker", "anonymous"])
def test_others_cannot_follow(who, client, case):
    person = {
        "other_authority": lambda: AuthorityUserFactory(),
        "complainant": lambda: CitizenFactory(),
        "other_caseworker": lambda: BodyStaffFactory(boards=[case.board]),  # not forwarded: not the board's yet
        "anonymous": lambda: None,
    }[who]()
    if person is not None:
        client.force_login(person)
    response = client.post(follow_url(case))
    assert response.status_code in (302, 403, 404)
    if response.status_code == 302:
        assert "/oidc/" in response["Location"]
    assert not Follow.objects.exists()
    with pytest.raises(PermissionDenied):
        case_follow(case=case, by=person or AnonymousUser())
    assert not Follow.objects.exists()


def test_citizens_have_no_staff_profile(client):
    client.force_login(CitizenFactory())
    assert client.get(reverse("workspaces:staff_profile")).status_code == 403
    with pytest.raises(PermissionDenied):
        notification_email_set(by=CitizenFactory(), email="a@b.dk")

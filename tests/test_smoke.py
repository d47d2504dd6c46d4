from django.urls import reverse

from tests.factories import CaseFactory, PartyFactory


def test_start_page_is_danish_with_login(client, catalogue):
    response = client.get(reverse("start"))
    assert response.status_code == 200
    assert b'<html lang="da">' in response.content
    assert b"Log ind" in response.content


def test_factories_build_a_case_with_its_filer(db):
    case = CaseFactory()
    PartyFactory(case=case)
    assert case.parties.count() == 2
    assert case.parties.filter(is_filer=True, user=case.created_by).exists()

"""The filing flow through the browser's requests (KP-1..6), without JavaScript."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from klageportal.cases.models import ApprovalState, Case, PartyKind, PartyRole, Status
from klageportal.notifications.models import OutboxEmail


def _step(case, step):
    return reverse("filing:step", kwargs={"number": case.number, "step": step})


def _start(client, complaint_type):
    response = client.post(reverse("filing:start"), {"complaint_type": complaint_type.pk})
    assert response.status_code == 302
    return Case.objects.order_by("-pk").first()


def _decision(client, case, authority, **extra):
    data = {
        "authority": authority.pk,
        "decision_date": "2026-10-01",
        "reference": "MIL-1",
        "complaint_text": "Afgørelsen er forkert.",
        "address": "Skovvej 4, 8800 Viborg",
        "lat": "",
        "lon": "",
        **extra,
    }
    return client.post(_step(case, "afgoerelse"), data)


@pytest.mark.django_db
def test_citizen_files_on_own_behalf_and_waits_for_payment(
    client, filing_world, person, django_capture_on_commit_callbacks
):
    """KP-1..6: own behalf, every step saved, submitted into Udfyldt with the fee missing."""
    mette = person("mette")
    client.force_login(mette)
    case = _start(client, filing_world["type"])
    assert case.status == Status.KLADDE
    assert client.post(_step(case, "klager"), {"capacity": "own"}).status_code == 302
    response = client.post(
        _step(case, "kontakt"),
        {
            "name": "Forsøg på andet navn",
            "email": "mette@example.dk",
            "phone": "12345678",
            "address": "Skovvej 4, 8800 Viborg",
        },
    )
    assert response["Location"] == _step(case, "afgoerelse")
    assert _decision(client, case, filing_world["authority"])["Location"] == _step(case, "dokumenter")
    pdf = SimpleUploadedFile("afgoerelse.pdf", b"%PDF-1.4 afgoerelse", content_type="application/pdf")
    client.post(_step(case, "dokumenter"), {"action": "upload", "files": [pdf]})
    client.post(_step(case, "dokumenter"), {"action": "next"})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_step(case, "opsummering"), {"action": "submit"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Status.UDFYLDT
    filer = case.parties.get(is_filer=True)
    assert filer.name == mette.full_name  # AUTH-2: the login's name, not what was typed
    assert filer.role == PartyRole.COMPLAINANT and filer.cpr == mette.cpr
    assert case.documents.count() == 1
    assert not OutboxEmail.objects.filter(reason=OutboxEmail.Reason.NEW_COMPLAINT).exists()


@pytest.mark.django_db
def test_bad_input_is_marked_at_the_field_and_kept(client, filing_world, person):
    client.force_login(person("mette"))
    case = _start(client, filing_world["type"])
    client.post(_step(case, "klager"), {"capacity": "own"})
    response = client.post(_step(case, "kontakt"), {"email": "ikke-en-adresse", "phone": "123", "address": "Skovvej 4"})
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="error-summary"' in body and 'href="#id_email"' in body
    assert "Telefonnummeret skal have 8 cifre." in body
    assert 'value="Skovvej 4"' in body


@pytest.mark.django_db
def test_outside_type_says_where_to_go_instead(client, filing_world, person):
    from klageportal.catalog.models import Channel, ComplaintTypeVersion

    client.force_login(person("mette"))
    version = ComplaintTypeVersion.objects.filter(channel=Channel.OUTSIDE, complaint_type__board__slug="mfkn").first()
    response = client.post(reverse("filing:start"), {"complaint_type": version.complaint_type_id})
    assert response.status_code == 200
    assert version.outside_text in response.content.decode()
    assert not Case.objects.exists()


@pytest.mark.django_db
def test_representative_adds_complainants_and_sees_the_whole_number_on_the_draft(
    client, filing_world, person, django_capture_on_commit_callbacks
):
    """KP-3/KP-7: each represented complainant gets an approval e-mail. On the draft, which only the filer sees,
    the number they typed is shown whole so that they can check it against their own papers."""
    peter, jens = person("peter"), person("jens")
    client.force_login(peter)
    case = _start(client, filing_world["type"])
    client.post(_step(case, "klager"), {"capacity": "represent", "represented": "persons_companies"})
    client.post(
        _step(case, "kontakt"), {"email": "peter@example.dk", "phone": "", "address": "Havnegade 1, 8000 Aarhus"}
    )
    bad = client.post(
        _step(case, "klagere"),
        {"action": "add", "kind": "person", "number": "3213781234", "name": "X", "email": "x@example.dk"},
    )
    assert "gyldig fødselsdato" in bad.content.decode()
    client.post(
        _step(case, "klagere"),
        {"action": "add", "kind": "person", "number": jens.cpr, "name": "Jens Nielsen", "email": "jens@example.dk"},
    )
    client.post(
        _step(case, "klagere"),
        {
            "action": "add",
            "kind": "company",
            "number": "37042374",
            "name": "Byggefirmaet Nord ApS",
            "email": "post@nord.example",
        },
    )
    page = client.get(_step(case, "klagere")).content.decode()
    assert f"CPR {jens.cpr[:6]}-{jens.cpr[6:]}" in page and "CVR 37042374" in page
    client.post(_step(case, "klagere"), {"action": "next"})
    _decision(client, case, filing_world["authority"])
    client.post(_step(case, "dokumenter"), {"action": "next"})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_step(case, "opsummering"), {"action": "submit"})
    case.refresh_from_db()
    assert case.status == Status.UDFYLDT
    assert set(case.parties.filter(is_filer=False).values_list("approval", flat=True)) == {ApprovalState.PENDING}
    assert case.parties.get(is_filer=True).role == PartyRole.REPRESENTATIVE
    assert OutboxEmail.objects.filter(reason=OutboxEmail.Reason.APPROVAL_REQUEST).count() == 2


@pytest.mark.django_db
def test_association_chair_needs_no_approval_and_pays_company_rate(
    client, filing_world, person, django_capture_on_commit_callbacks
):
    """KP-2/KP-6: an association without CVR filed by its chair needs only the fee."""
    karen = person("karen")
    client.force_login(karen)
    case = _start(client, filing_world["type"])
    missing = client.post(_step(case, "klager"), {"capacity": "represent", "represented": "association"})
    assert "Skriv foreningens navn." in missing.content.decode()
    client.post(
        _step(case, "klager"),
        {
            "capacity": "represent",
            "represented": "association",
            "association_name": "Grundejerforeningen Skovbrynet",
            "association_confirmed": "on",
        },
    )
    page = client.get(_step(case, "kontakt")).content.decode()
    assert "formand for foreningen Grundejerforeningen Skovbrynet, Karen Sørensen" in page
    client.post(
        _step(case, "kontakt"),
        {
            "name": "formand for foreningen Grundejerforeningen Skovbrynet, Karen Sørensen",
            "email": "karen@example.dk",
            "phone": "",
            "address": "Skovbrynet 1, 8800 Viborg",
        },
    )
    _decision(client, case, filing_world["authority"])
    client.post(_step(case, "dokumenter"), {"action": "next"})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_step(case, "opsummering"), {"action": "submit"})
    case.refresh_from_db()
    filer = case.parties.get(is_filer=True)
    assert filer.kind == PartyKind.ASSOCIATION and filer.approval == ApprovalState.NOT_NEEDED
    assert case.association_signing_confirmed
    from klageportal.payments.fees import fee_status

    assert fee_status(case).amount == 1800


@pytest.mark.django_db
def test_draft_is_resumed_where_the_person_left_off(client, filing_world, person):
    """KP-1: leaving midway and coming back, even after logging out, continues at the same step."""
    mette = person("mette")
    client.force_login(mette)
    case = _start(client, filing_world["type"])
    client.post(_step(case, "klager"), {"capacity": "own"})
    client.post(reverse("logout"))
    client.force_login(mette)
    response = client.get(reverse("filing:resume", kwargs={"number": case.number}))
    assert response["Location"] == _step(case, "kontakt")


@pytest.mark.django_db
def test_nobody_but_the_filer_can_open_the_draft(client, filing_world, person):
    client.force_login(person("mette"))
    case = _start(client, filing_world["type"])
    for other in ("jens", "peter", "birgitte", "anders"):
        client.force_login(person(other))
        assert client.get(_step(case, "klager")).status_code in (403, 404), other
        assert client.post(_step(case, "klager"), {"capacity": "own"}).status_code in (403, 404), other


@pytest.mark.django_db
def test_decision_date_in_the_future_is_refused_at_the_field(client, filing_world, person):
    client.force_login(person("mette"))
    case = _start(client, filing_world["type"])
    client.post(_step(case, "klager"), {"capacity": "own"})
    future = date.today().replace(year=date.today().year + 1).isoformat()
    response = _decision(client, case, filing_world["authority"], decision_date=future)
    assert "kan ikke ligge i fremtiden" in response.content.decode()


@pytest.mark.django_db
def test_map_is_the_outline_of_denmark_or_tiles_when_set(client, filing_world, person, settings):
    """KP-4: the map is always offered: drawn from the bundled outline of Denmark, or from a tile server when
    one is set; the coordinates stay as the fallback under "Angiv koordinater"."""
    client.force_login(person("mette"))
    case = _start(client, filing_world["type"])
    client.post(_step(case, "klager"), {"capacity": "own"})
    settings.MAP_TILE_URL = ""
    page = client.get(_step(case, "afgoerelse")).content.decode()
    assert 'id="location-map"' in page and 'data-tiles=""' in page and "maps/denmark.geojson" in page
    coordinates = page[page.index("<details") : page.index("</details>")]
    assert "Angiv koordinater" in coordinates and 'id="id_lat"' in coordinates and 'id="id_lon"' in coordinates
    settings.MAP_TILE_URL = "https://tiles.example/{z}/{x}/{y}.png"
    page = client.get(_step(case, "afgoerelse")).content.decode()
    assert 'id="location-map"' in page and "tiles.example" in page

"""Pages everyone can reach, the language switch, and what a person may not see (X-1, X-3)."""

from playwright.sync_api import expect

from e2e.flows import log_in


def test_public_pages(page):
    page.goto("/", shot="start")
    expect(page.locator("h1")).to_have_text("Klag over en afgørelse fra en offentlig myndighed")
    expect(page.get_by_role("banner").get_by_role("link", name="Log ind")).to_be_visible()
    expect(page.locator(".solution-heading")).to_have_text("Klageportal")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Gå til sidens indhold")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()

    page.click(
        page.get_by_role("contentinfo").get_by_role("link", name="Tilgængelighedserklæring"), shot="accessibility"
    )
    assert page.path == "/tilgaengelighed/"
    expect(page.locator("h1")).to_have_text("Tilgængelighedserklæring")

    page.goto("/session-udloebet/", shot="session-expired")
    expect(page.locator("h1")).to_have_text("Du er logget ud")

    page.goto("/logget-ud/")
    page.goto("/side-der-ikke-findes/", status=404, shot="not-found")
    expect(page.locator("h1")).to_have_text("Siden findes ikke")


def test_developer_mailbox(page):
    from klageportal.notifications.models import CaughtEmail

    CaughtEmail.objects.create(
        to="mette@example.dk",
        from_email="Klageportal <noreply@klageportal.example>",
        subject="Din klage er modtaget",
        body="Hej Mette\n\nSe sagen på http://127.0.0.1:8000/sag/NH-2026-000001/\n",
    )
    page.goto("/")
    page.click(page.get_by_role("contentinfo").get_by_role("link", name="Udviklerpostkasse"), shot="dev-mailbox")
    assert page.path == "/dev/mail/"
    expect(page.locator("h1")).to_have_text("Udviklerpostkasse")
    page.click(page.get_by_role("link", name="Din klage er modtaget"), url="**/dev/mail/*/", shot="dev-mail")
    expect(page.locator("h1")).to_have_text("Din klage er modtaget")


def test_language_switch_to_english_and_back(page):
    """X-1: Danish first, English second; the choice holds from page to page."""
    page.goto("/")
    assert page.lang == "da"
    page.click(page.locator(".additional-info button[lang='en']"), shot="start-en")
    assert page.lang == "en"
    assert page.path == "/"
    page.click(page.locator("footer a[href='/tilgaengelighed/']"))
    assert page.lang == "en"
    switch_back = page.locator(".additional-info button[lang='da']")
    expect(switch_back).to_have_text("Dansk")
    page.click(switch_back)
    assert page.lang == "da"
    assert page.path == "/tilgaengelighed/"


def test_citizen_sees_her_own_case_and_not_someone_elses(page):
    """X-3: a case number of someone else's case is not found (and does not reveal that it exists)."""
    from klageportal.identity.models import User

    log_in(page, "mette")
    mette = User.objects.get(oidc_sub="devidp-mette")
    own = _case_filed_by(mette)
    other = _case_filed_by(User.objects.create(username="e2e-jens", full_name="Jens Nielsen", cpr="0507651237"))

    page.goto("/mine-klager/", shot="my-cases")
    table = page.get_by_role("table")
    expect(table).to_contain_text(own.number)
    expect(table).not_to_contain_text(other.number)

    page.click(table.get_by_role("link", name=own.number), shot="case")
    expect(page.locator("h1")).to_have_text(f"Sag {own.number}")
    page.click(page.get_by_role("link", name="Parter"), shot="case-parties")
    expect(page.get_by_role("main")).to_contain_text("Mette Hansen")
    page.click(page.get_by_role("link", name="Historik"), shot="case-history")
    page.click(page.get_by_role("link", name="Dokumenter"), shot="case-documents")

    page.goto(other.get_absolute_url(), status=404)
    expect(page.locator("h1")).to_have_text("Siden findes ikke")
    expect(page.get_by_role("main")).not_to_contain_text("Jens Nielsen")


def test_a_workspace_of_another_role_is_forbidden(page):
    log_in(page, "mette")
    page.goto("/myndighed/", status=403, shot="forbidden")
    expect(page.locator("h1")).to_have_text("Du har ikke adgang til siden")
    expect(page.locator(".portal-user .user")).to_contain_text("Mette Hansen")


def _case_filed_by(user):
    from klageportal.cases.models import PartyKind, PartyRole
    from klageportal.cases.services.create import case_create
    from klageportal.cases.services.parties import party_add
    from klageportal.catalog.models import Authority, Channel, ComplaintType

    complaint_type = next(
        ct
        for ct in ComplaintType.objects.select_related("board__body").order_by("pk")
        if (version := ct.version_at()) is not None and version.channel == Channel.FILING
    )
    case = case_create(
        channel=Channel.FILING,
        board=complaint_type.board,
        complaint_type=complaint_type,
        authority=Authority.objects.order_by("name").first(),
        created_by=user,
        event_text="Klagen er oprettet",
    )
    party_add(
        case=case,
        by=user,
        role=PartyRole.COMPLAINANT,
        kind=PartyKind.PERSON,
        user=user,
        is_filer=True,
        name=user.full_name,
        cpr=user.cpr,
    )
    return case

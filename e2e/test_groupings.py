"""Groupings and following (FI-8, FI-9) as a municipality's caseworker uses them: three complaints about one
local plan grouped by their numbers (a wrong number is named at the field and nothing typed is lost), one
document added to all three with a label, seen by each complainant in their own browser once the cases are
forwarded, and in each case's history; "Følg sagen" and the notification e-mail in the profile. On a phone
the pages fit the screen."""

from django.utils import timezone
from playwright.sync_api import expect

from e2e.flows import log_in
from e2e.test_phone import HEIGHT, WIDTH, PhonePage
from klageportal.identity.devidp.identities import BY_KEY

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
COMPLAINANTS = ("mette", "jens", "karen")


def _complaints() -> list[str]:
    """Three complaints in Indsendt against Viborg Kommune's local plan, one by each citizen."""
    from klageportal.cases.models import Case, PartyKind, PartyRole, Status
    from klageportal.cases.services.create import case_create
    from klageportal.cases.services.parties import party_add
    from klageportal.catalog.models import Authority, Channel, ComplaintType
    from klageportal.identity.models import Role, User

    complaint_type = ComplaintType.objects.select_related("board").get(name="Lokalplan")
    viborg = Authority.objects.get(name="Viborg Kommune")
    numbers = []
    for key in COMPLAINANTS:
        identity = BY_KEY[key]
        filer, _ = User.objects.get_or_create(
            username=f"e2e-{key}", defaults={"role": Role.CITIZEN, "full_name": identity.name, "cpr": identity.cpr}
        )
        case = case_create(
            channel=Channel.FILING,
            board=complaint_type.board,
            complaint_type=complaint_type,
            authority=viborg,
            created_by=filer,
            event_text="Klagen er oprettet",
        )
        party_add(
            case=case,
            by=filer,
            role=PartyRole.COMPLAINANT,
            kind=PartyKind.PERSON,
            is_filer=True,
            name=identity.name,
            cpr=identity.cpr,
        )
        Case.objects.filter(pk=case.pk).update(status=Status.INDSENDT, submitted_at=timezone.now())
        numbers.append(case.number)
    return numbers


def _forwarded(numbers: list[str]) -> None:
    """The municipality answers and forwards the three to the board through its services (the pages for that have
    their own browser tests): the response form stays per case (FI-8)."""
    from klageportal.cases.models import Case
    from klageportal.casework.services.first_instance import case_forward, response_form_attach, response_form_save
    from klageportal.site.demo import demo_user

    staff = demo_user("birgitte")
    answers = {
        "maintains_decision": True,
        "comments": "Lokalplanen er lovlig.",
        "principled": False,
        "contact_name": staff.display_name,
    }
    for case in Case.objects.filter(number__in=numbers):
        response_form_save(case=case, by=staff, answers=answers)
        response_form_attach(case=case, by=staff)
        case_forward(case=case, by=staff, maintains_decision=True)


def test_a_caseworker_groups_three_complaints_and_one_document_reaches_all_three(page, visitor, tmp_path):
    numbers = _complaints()
    log_in(page, "birgitte")
    page.click(page.get_by_role("banner").get_by_role("link", name="Mine grupperinger"), shot="groupings-list-empty")
    page.click(page.get_by_role("main").get_by_role("link", name="Opret gruppering"), shot="grouping-create")
    expect(page.get_by_role("main")).to_contain_text("Opret grupperingen, før I tilføjer dokumenter")

    # A wrong number: named at the field, with what was typed still there.
    typed = f"{numbers[0]}, {numbers[1]}\nNH-2020-999999"
    page.get_by_label("Navn på grupperingen").fill("Lokalplan 123, Viborg Midtby")
    page.get_by_label("Sagsnumre").fill(typed)
    page.click(page.get_by_role("button", name="Opret gruppering"), shot="grouping-create-error")
    assert page.title().startswith("Fejl:")
    expect(page.locator("#id_numbers_error")).to_contain_text("Sag NH-2020-999999 findes ikke blandt jeres sager.")
    expect(page.get_by_label("Sagsnumre")).to_have_value(typed)
    expect(page.get_by_label("Navn på grupperingen")).to_have_value("Lokalplan 123, Viborg Midtby")

    page.get_by_label("Sagsnumre").fill("\n".join(numbers))
    page.click(page.get_by_role("button", name="Opret gruppering"), url="**/grupperinger/*/", shot="grouping-detail")
    main = page.get_by_role("main")
    expect(main).to_contain_text("Grupperingen „Lokalplan 123, Viborg Midtby“ er oprettet med 3 sager.")
    table = page.get_by_role("table", name="Sager i grupperingen")
    for number in numbers:
        expect(table).to_contain_text(number)
    expect(main).to_contain_text("Svarskemaet udfyldes på hver sag for sig")
    expect(main).to_contain_text("bliver synlige for alle klagere i dem")

    # One document, labelled, to all three.
    source = tmp_path / "svar-lokalplan-123.pdf"
    source.write_bytes(PDF)
    page.get_by_label("Vælg filer").set_input_files(str(source))
    page.get_by_label("Afgørelse", exact=True).check()
    page.get_by_label("Jeg ved, at dokumenterne tilføjes til alle grupperingens sager").check()
    page.click(page.get_by_role("button", name="Tilføj dokumenter til alle sager"), shot="grouping-document-added")
    expect(main).to_contain_text("svar-lokalplan-123.pdf er uploadet.")
    expect(main).to_contain_text("Dokumenterne er tilføjet til alle 3 sager i grupperingen.")
    added = page.get_by_role("table", name="Dokumenter tilføjet i grupperingen")
    expect(added).to_contain_text("svar-lokalplan-123.pdf")

    # The case says it is in the grouping; follow it, then choose where the digest goes.
    page.click(table.get_by_role("link", name=numbers[0]), shot="grouped-case")
    expect(main).to_contain_text("Sagen er i grupperingen Lokalplan 123, Viborg Midtby.")
    page.click(main.get_by_role("button", name="Følg sagen"), shot="case-followed")
    expect(main.get_by_role("button", name="Følg ikke længere")).to_be_visible()
    page.click(main.get_by_role("link", name="Vælg e-mail til underretninger i din profil"), shot="profile")
    expect(page.get_by_role("table", name="Sager, du følger")).to_contain_text(numbers[0])
    field = page.get_by_label("E-mail til underretninger")
    field.fill("byggesager@viborg")
    page.click(page.get_by_role("button", name="Gem e-mail"), shot="profile-error")
    expect(page.locator("#id_notification_email_error")).to_contain_text("Skriv en gyldig e-mailadresse")
    expect(field).to_have_value("byggesager@viborg")
    field.fill("byggesager@viborg.example")
    with page.expect_navigation():
        field.press("Enter")
    page.check()
    expect(page.get_by_role("main")).to_contain_text("Underretninger sendes nu til byggesager@viborg.example.")
    page.goto(f"/sag/{numbers[0]}/")
    expect(page.get_by_role("main")).to_contain_text("sendes en gang dagligt til byggesager@viborg.example")

    # Each complainant sees the document once the cases are forwarded, and its line in the history.
    _forwarded(numbers)
    for key, number in zip(COMPLAINANTS, numbers, strict=True):
        citizen = visitor()
        log_in(citizen, key)
        citizen.goto(f"/sag/{number}/dokumenter/", shot=f"grouped-document-{key}")
        expect(citizen.get_by_role("table", name="Sagens dokumenter")).to_contain_text("svar-lokalplan-123.pdf")
        expect(citizen.get_by_role("table", name="Sagens dokumenter")).to_contain_text("Afgørelse")
        citizen.goto(f"/sag/{number}/historik/")
        expect(citizen.get_by_role("main")).to_contain_text("Dokument tilføjet: svar-lokalplan-123.pdf")
        expect(citizen.get_by_role("main")).not_to_contain_text("Følg sagen")


def test_deleting_a_grouping_asks_first_and_keeps_the_cases(page):
    numbers = _complaints()
    log_in(page, "thomas")
    page.goto("/grupperinger/ny/")
    page.get_by_label("Navn på grupperingen").fill("Midlertidig")
    page.get_by_label("Sagsnumre").fill(", ".join(numbers[:2]))
    page.click(page.get_by_role("button", name="Opret gruppering"), url="**/grupperinger/*/")
    table = page.get_by_role("table", name="Sager i grupperingen")
    page.click(table.get_by_role("button", name=f"Tag ud sag {numbers[0]} af grupperingen"))
    expect(page.get_by_role("main")).to_contain_text(f"Sag {numbers[0]} er taget ud af grupperingen.")
    expect(table).not_to_contain_text(numbers[0])
    page.get_by_label("Sagsnumre på sager, der skal med i grupperingen").fill(numbers[2])
    page.click(page.get_by_role("button", name="Tilføj sager"))
    expect(table).to_contain_text(numbers[2])
    page.click(page.get_by_role("main").get_by_role("link", name="Slet grupperingen"), shot="grouping-delete")
    expect(page.get_by_role("main")).to_contain_text("Grupperingens 2 sager bliver ikke slettet")
    page.click(page.get_by_role("button", name="Slet grupperingen"), url="**/grupperinger/")
    expect(page.get_by_role("main")).to_contain_text("Grupperingen „Midlertidig“ er slettet. Sagerne er ikke slettet.")
    page.goto(f"/sag/{numbers[1]}/historik/")
    expect(page.get_by_role("main")).to_contain_text("Grupperingen „Midlertidig“ er slettet")


def test_the_grouping_pages_fit_a_phone(visitor, tmp_path):
    numbers = _complaints()
    phone = visitor(page_class=PhonePage, viewport={"width": WIDTH, "height": HEIGHT})
    log_in(phone, "birgitte")
    # The header's links are in the menu on a phone.
    phone.get_by_role("button", name="Menu").click()
    phone.click(phone.get_by_role("dialog").get_by_role("link", name="Mine grupperinger"), url="**/grupperinger/")
    phone.goto("/grupperinger/ny/", shot="phone-grouping-create")
    phone.get_by_label("Navn på grupperingen").fill("Lokalplan 123 for området ved Søndersøparken og Vestre Ringvej")
    phone.get_by_label("Sagsnumre").fill("\n".join(numbers))
    phone.click(phone.get_by_role("button", name="Opret gruppering"), url="**/grupperinger/*/", shot="phone-grouping")
    phone.goto("/grupperinger/", shot="phone-groupings")
    phone.goto(f"/sag/{numbers[0]}/", shot="phone-grouped-case")
    phone.click(phone.get_by_role("main").get_by_role("button", name="Følg sagen"))
    phone.get_by_role("button", name="Menu").click()
    phone.click(
        phone.get_by_role("dialog").get_by_role("link", name="Min profil"), url="**/profil/", shot="phone-profile"
    )

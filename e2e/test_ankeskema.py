"""The web appeal form end to end (SPEC §8, AS-1..53) in Chromium; every page is checked with axe-core."""

import io
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from e2e.flows import log_in

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _mail_catcher(settings):
    """E-mails land in the development mailbox (/dev/mail/), as in the demo."""
    settings.EMAIL_BACKEND = "klageportal.notifications.backends.CatcherBackend"


def pdf(name: str) -> dict:
    return {"name": name, "mimeType": "application/pdf", "buffer": PDF}


def days_ago(days: int) -> str:
    return (timezone.localdate() - timedelta(days=days)).isoformat()


def label(text: str) -> re.Pattern:
    """A field's label exactly, with or without the mark of a required field."""
    return re.compile("^" + re.escape(text) + r"( \(skal udfyldes\))? ?\*?$")


def group(page, legend: str):
    """A fieldset (radio buttons) by its legend."""
    return page.get_by_role("group", name=legend)


def next_page(page, *, shot: str | None = None, expect_page: int | None = None) -> None:
    nav = page.get_by_role("navigation", name="Navigation mellem trin")
    page.click(nav.get_by_role("button", name="Næste"), shot=shot)
    if expect_page is not None:
        assert page.path == f"/ankeskema/side/{expect_page}/", page.path


def open_form(page, *, shot: str | None = None) -> None:
    """From the authority's workspace: "Web-ankeskema"; a caseworker without a draft starts at page 1."""
    page.click(page.get_by_role("main").get_by_role("link", name="Web-ankeskema", exact=True), shot=shot)


def log_out(page) -> None:
    page.click(page.get_by_role("banner").get_by_role("button", name="Log af"), url="**/logget-ud/")


# --- the pages, one helper each ---------------------------------------------------------------------------


def fill_page_1(page, *, shot: str | None = None) -> None:
    expect(page.locator("h1")).to_have_text("Kommunens kontaktoplysninger")
    expect(page.get_by_label(label("Kommune"))).to_have_value("Viborg Kommune")
    expect(page.get_by_label(label("Sagsbehandler"))).to_have_value("Birgitte Andersen")
    page.get_by_label(label("Afdeling")).fill("Ydelseskontoret")
    page.get_by_label("Sagsbehandlerens telefonnummer").fill("86 87 12 34")
    page.get_by_label("Sagsbehandlerens e-mail").fill("birgitte.andersen@viborg.example")
    group(page, "Er genvurdering foretaget af ovenstående afdeling?").get_by_label("Nej").check()
    page.get_by_label("Afdeling der har genvurderet sagen").fill("Handicapteamet")
    page.get_by_label("Klagesagens sagsid/journalnummer i kommunens systemer").fill("27.12.08-P20-4-26")
    page.get_by_label("Træffetid (den ansvarlige afdeling)").fill("Mandag–torsdag 9–12")
    if shot:
        page.screenshot(shot)
    next_page(page, expect_page=2)


def lookup_citizen(page, cpr: str) -> None:
    page.get_by_label("Borgerens CPR-nummer").fill(cpr)
    page.get_by_label("Borgerens CPR-nummer").press("Tab")


def fill_page_2_child_with_representative(page, *, shot: str | None = None) -> None:
    """A child's case (AS-21) and a law firm found by its CVR number (AS-23) with a power of attorney (AS-25)."""
    expect(page.locator("h1")).to_have_text("Borgeren, eventuel partsrepræsentant, værge eller anden klager")
    lookup_citizen(page, "210612-4536")
    expect(page.get_by_label("Borgerens navn")).to_have_value("Emma Kristensen")
    child = group(page, "Handler sagen om et barn eller en ung under 18 år?")
    expect(child.get_by_label("Ja")).to_be_checked()
    custody = page.get_by_label("Forældremyndighedsindehaverens CPR-nummer")
    expect(custody).to_be_visible()
    custody.fill("1702843190")
    custody.press("Tab")
    expect(page.get_by_label("Forældremyndighedsindehaverens navn")).to_have_value("Anne Kristensen")
    page.get_by_label("Der er en partsrepræsentant, værge eller anden klager").check()
    row = page.locator("#party-0")
    row.get_by_label("Kontaktpersonens rolle").select_option(label="Partsrepræsentant")
    row.get_by_label("Søg på CPR-nr., virksomhedens navn eller CVR-nr.").fill("38025694")
    row.get_by_role("button", name="Søg").click()
    row.get_by_role("button", name="Vælg Advokatfirmaet Lind & Co").click()
    expect(row.get_by_label(label("Navn"))).to_have_value("Advokatfirmaet Lind & Co")
    expect(row.get_by_label("Postnummer")).to_have_value("8000")
    expect(row.get_by_label(label("By"))).to_have_value("Aarhus C")
    fuldmagt = group(page, "Er der en fuldmagt?")
    fuldmagt.get_by_label("Nej").check()
    expect(row.get_by_text("Der skal som hovedregel være en fuldmagt")).to_be_visible()
    fuldmagt.get_by_label("Ja").check()
    expect(row.get_by_text("Der skal som hovedregel være en fuldmagt")).to_be_hidden()
    if shot:
        page.screenshot(shot)
    next_page(page, expect_page=3)


def choose_area(page, index: int, law: str, area: str) -> None:
    row = page.locator(f"#area-{index}")
    row.get_by_label(label("Lov")).select_option(label=law)
    row.get_by_label(label("Sagsområde")).select_option(label=area)


def fill_page_3_two_areas(page, *, shot: str | None = None) -> None:
    """AS-30: Lov om social service § 112 and § 116, one row each."""
    choose_area(page, 0, "Lov om social service", "Hjælpemidler - § 112")
    page.click(page.get_by_role("button", name="Tilføj", exact=True))
    choose_area(page, 1, "Lov om social service", "Boligindretning - § 116")
    expect(page.locator("#area-1").get_by_label("Hvilken paragraf er afgørelsen truffet efter?")).to_be_hidden()
    if shot:
        page.screenshot(shot)
    next_page(page, expect_page=4)


def fill_dates(page, *, decided: int = 40, complained: int = 30) -> None:
    page.get_by_label("Afgørelsesdato").fill(days_ago(decided))
    group(page, "Hvordan fik borgeren afgørelsen?").get_by_label("Digitalt").check()
    page.get_by_label("Klagedato").fill(days_ago(complained))
    group(page, "Hvordan er klagen modtaget?").get_by_label("Med post").check()


def fill_page_4_maintained(page, *, shot: str | None = None) -> None:
    fill_dates(page)
    expect(page.locator('[data-guidance-key="complaint_deadline"]')).to_contain_text("Klagefristen er 4 uger")
    group(page, "Vurderer kommunen, at klagefristen er overskredet?").get_by_label("Nej").check()
    page.get_by_label("Genvurderingsdato").fill(days_ago(10))
    group(page, "Resultatet af genvurderingen").get_by_label("Kommunen fastholder afgørelsen").check()
    informed = "Har kommunen underrettet borgeren om genvurderingen, og at sagen sendes til Ankestyrelsen?"
    group(page, informed).get_by_label("Ja").check()
    page.get_by_label("Dato for underretningen af borgeren").fill(days_ago(9))
    expect(page.locator('[data-guidance-key="reassessment_deadline"]')).to_contain_text("senest den")
    if shot:
        page.screenshot(shot)
    next_page(page, expect_page=5)


def fill_page_5(page, *, shot: str | None = None) -> None:
    page.get_by_label("Bemærkninger").fill("Borgerens tilstand forværres; sagen haster.")
    reason = page.get_by_label("Begrundelse for, at der er tale om en principiel problemstilling")
    expect(reason).to_be_hidden()
    page.get_by_label(label("Principiel problemstilling")).check()
    reason.fill("Fortolkning af reglerne om boligindretning for børn.")
    next_page(page, shot=shot, expect_page=6)


def upload_every_checklist_item(page) -> list[str]:
    """AS-40/41: one PDF per item of "Nødvendige akter", each sent by the page's uploader with progress."""
    items = page.locator("[data-checklist-item]")
    keys = [items.nth(i).get_attribute("data-checklist-item") for i in range(items.count())]
    for key in keys:
        card = page.locator(f'[data-checklist-item="{key}"]')
        card.locator("input[type=file]").set_input_files([pdf(f"{key}.pdf")])
        card.get_by_role("button", name=re.compile("^Upload filer")).click()
        expect(card.locator(".upload-ok")).to_have_count(1)
    page.goto("/ankeskema/side/6/")
    return keys


def fill_page_6(page, *, shot: str | None = None) -> list[str]:
    expect(page.locator("h1")).to_have_text("Akterne i sagen")
    checklist = page.locator("#checklist ~ ul")
    for label in ("Kommunens afgørelse", "Kommunens genvurdering", "Fuldmagt", "Tegninger og tilbud på boligændringen"):
        expect(checklist).to_contain_text(label)
    expect(page.get_by_role("main")).to_contain_text("yngste først")
    keys = upload_every_checklist_item(page)
    expect(page.locator("[data-missing]")).to_contain_text("Der er vedlagt filer til alle nødvendige akter.")
    if shot:
        page.screenshot(shot)
    next_page(page, expect_page=7)
    return keys


def send(page, *, shot: str | None = None) -> str:
    """Page 7's "Send"; returns the løbenummer shown on the receipt."""
    nav = page.get_by_role("navigation", name="Navigation mellem trin")
    page.click(nav.get_by_role("button", name="Send", exact=True), url="**/ankeskema/kvittering/**", shot=shot)
    lobenummer = page.locator("[data-lobenummer]").inner_text().strip()
    assert re.fullmatch(r"\d{4}-\d{6}", lobenummer), lobenummer
    return lobenummer


def receipt_steps(page, lobenummer: str) -> None:
    """AS-51/AS-52: the receipt PDF downloads as PDF/A, and a supplement reaches the same form."""
    expect(page.locator("[data-receipt-pdf]")).to_have_attribute("href", f"/ankeskema/kvittering/{lobenummer}/pdf/")
    expect(page.locator("[data-supplement-link]")).to_have_attribute(
        "href", f"/ankeskema/supplerende-oplysninger/?lobenummer={lobenummer}"
    )
    with page.page.expect_download() as download_info:
        page.locator("[data-receipt-pdf]").click()
    download = download_info.value
    assert download.suggested_filename == f"ankeskema-{lobenummer}.pdf"
    pdf = Path(download.path()).read_bytes()
    from pypdf import PdfReader

    metadata = PdfReader(io.BytesIO(pdf)).trailer["/Root"]["/Metadata"].get_object().get_data()
    assert b"pdfaid:part" in metadata

    page.click(page.locator("[data-supplement-link]"), shot="ankeskema-supplement")
    expect(page.get_by_label("Løbenummer (Blanket ID)")).to_have_value(lobenummer)
    page.page.get_by_label("Supplerende oplysninger").fill("Borgeren har sendt en ny lægeerklæring.")
    page.click(page.get_by_role("button", name="Send"), shot="ankeskema-supplement-receipt")
    expect(page.locator("[data-supplement-receipt] [data-lobenummer]")).to_have_text(lobenummer)


# --- the tests --------------------------------------------------------------------------------------------


def test_caseworker_fills_all_seven_pages_and_sends(page):
    """AS-1..53: a child's case with a law firm as representative and two areas, a file per checklist item,
    "Send", the receipt with the løbenummer; a case at Ankestyrelsen with every party and file."""
    from klageportal.forwarding.models import AnkeskemaSubmission
    from klageportal.notifications.models import OutboxEmail

    log_in(page, "birgitte", shot="ankeskema-workspace")
    open_form(page)
    assert page.path == "/ankeskema/side/1/"
    next_page(page, shot="ankeskema-page-1-errors")
    assert page.path == "/ankeskema/side/1/"
    summary = page.locator("#error-summary")
    expect(summary).to_contain_text("Udfyld feltet „Sagsbehandlerens telefonnummer“.")
    expect(page.locator("#group-id_caseworker_phone")).to_have_class(re.compile("form-error"))
    fill_page_1(page, shot="ankeskema-page-1")
    fill_page_2_child_with_representative(page, shot="ankeskema-page-2")
    fill_page_3_two_areas(page, shot="ankeskema-page-3")
    fill_page_4_maintained(page, shot="ankeskema-page-4")
    fill_page_5(page)
    keys = fill_page_6(page, shot="ankeskema-page-6")

    main = page.get_by_role("main")
    for text in ("Emma Kristensen", "Anne Kristensen", "Advokatfirmaet Lind & Co", "Boligindretning - § 116"):
        expect(main).to_contain_text(text)
    expect(page.locator("[data-invalid-pages]")).to_have_count(0)
    page.screenshot("ankeskema-page-7")
    page.click(page.locator('[data-summary-page="3"]').get_by_role("link", name=re.compile("^Ret")))
    assert page.path == "/ankeskema/side/3/"
    page.goto("/ankeskema/side/7/")

    lobenummer = send(page, shot="ankeskema-receipt")
    expect(page.locator("h1")).to_have_text("Kvittering")

    submission = AnkeskemaSubmission.objects.get(lobenummer=lobenummer)
    case = submission.case
    assert case.status == "videresendt" and case.board.slug == "ast"
    assert {p.name for p in case.parties.all()} >= {"Emma Kristensen", "Anne Kristensen", "Advokatfirmaet Lind & Co"}
    assert sorted(link.document.original_name for link in case.documents.all()) == sorted(f"{k}.pdf" for k in keys)
    assert OutboxEmail.objects.filter(reason=OutboxEmail.Reason.RECEIPT, subject__contains=lobenummer).exists()

    page.click(page.get_by_role("link", name="Sendte ankeskemaer"), shot="ankeskema-sent-list")
    row = page.locator(f'tr[data-lobenummer="{lobenummer}"]')
    expect(row).to_contain_text("27.12.08-P20-4-26")
    expect(row).to_contain_text("Emma Kristensen")

    page.goto(f"/ankeskema/kvittering/{lobenummer}/")
    receipt_steps(page, lobenummer)
    assert case.documents.filter(document__original_name__startswith="supplerende-oplysninger-").exists()


def test_draft_survives_logout_and_is_continued(page):
    """AS-3: log out midway; at the next login "Fortsæt seneste kladde" brings back every answer."""
    log_in(page, "birgitte")
    open_form(page)
    fill_page_1(page)
    lookup_citizen(page, "1203781234")
    expect(page.get_by_label("Borgerens navn")).to_have_value("Mette Hansen")
    log_out(page)

    log_in(page, "birgitte")
    open_form(page, shot="ankeskema-start-draft")
    assert page.path == "/ankeskema/"
    expect(page.get_by_role("button", name="Start ny")).to_be_visible()
    page.click(page.get_by_role("button", name="Fortsæt seneste kladde"))
    assert page.path == "/ankeskema/side/2/"
    expect(page.get_by_label("Borgerens CPR-nummer")).to_have_value("1203781234")
    expect(page.get_by_label("Borgerens navn")).to_have_value("Mette Hansen")
    page.click(
        page.get_by_role("navigation", name="Sider i ankeskemaet").get_by_role("link", name=re.compile("Kommunens"))
    )
    expect(page.get_by_label(label("Afdeling"))).to_have_value("Ydelseskontoret")
    expect(page.get_by_label("Træffetid (den ansvarlige afdeling)")).to_have_value("Mandag–torsdag 9–12")


def test_input_typed_when_the_session_ran_out_is_saved_after_the_next_login(page, settings):
    """AS-3, AUTH-3: autosave finds the session gone, keeps the input in the browser and saves it later."""
    settings.ANKESKEMA_AUTOSAVE_SECONDS = 1
    log_in(page, "birgitte")
    open_form(page)
    page.context.clear_cookies()
    page.get_by_label(label("Afdeling")).fill("Jobcentret")
    expect(page.locator("[data-expired-notice]")).to_be_visible(timeout=10_000)
    page.screenshot("ankeskema-session-expired")

    log_in(page, "birgitte")
    open_form(page)
    # The page saves what the browser kept and loads again: check it once it has.
    page.get_by_role("button", name="Fortsæt seneste kladde").click()
    expect(page.locator("[data-restored-notice]")).to_be_visible(timeout=10_000)
    page.check(shot="ankeskema-restored")
    expect(page.get_by_label(label("Afdeling"))).to_have_value("Jobcentret")


def test_register_down_lets_the_caseworker_type_the_name(page, settings):
    """AS-20: the CPR register does not answer; the name is typed, and the form records that it was."""
    from klageportal.forwarding.models import AnkeskemaDraft

    settings.REGISTER_LOCAL_UNAVAILABLE = True
    log_in(page, "birgitte")
    open_form(page)
    page.goto("/ankeskema/side/2/")
    lookup_citizen(page, "1203781234")
    expect(page.locator('[data-lookup-message="citizen"]')).to_contain_text("CPR-registret svarer ikke")
    name = page.get_by_label("Borgerens navn")
    expect(name).to_be_editable()
    name.fill("Mette Hansen")
    group(page, "Handler sagen om et barn eller en ung under 18 år?").get_by_label("Nej").check()
    page.screenshot("ankeskema-register-down")
    next_page(page, expect_page=3)
    answers = AnkeskemaDraft.objects.get(owner__full_name="Birgitte Andersen").data["2"]
    assert (answers["citizen_name"], answers["citizen_name_source"]) == ("Mette Hansen", "typed")


def test_deadline_exceeded_removes_the_reassessment(page):
    """AS-32: "Ja" hides the reassessment fields, which are then not required; the checklist asks for proof."""
    log_in(page, "birgitte")
    open_form(page)
    page.goto("/ankeskema/side/4/")
    fill_dates(page, decided=90, complained=20)
    expect(page.locator('[data-guidance-key="complaint_deadline"]')).to_be_visible()
    exceeded = group(page, "Vurderer kommunen, at klagefristen er overskredet?")
    exceeded.get_by_label("Nej").check()
    expect(page.get_by_label("Genvurderingsdato")).to_be_visible()
    expect(page.locator('[data-guidance-key="disagree"]')).to_contain_text("efter klagefristen")
    exceeded.get_by_label("Ja").check()
    expect(page.get_by_label("Genvurderingsdato")).to_be_hidden()
    expect(page.get_by_role("group", name="Resultatet af genvurderingen")).to_be_hidden()
    expect(page.locator('[data-guidance-key="disagree"]')).to_have_count(0)
    group(page, "Har kommunen underrettet borgeren om, at sagen er videresendt til Ankestyrelsen?").get_by_label(
        "Ja"
    ).check()
    page.get_by_label("Dato for underretningen af borgeren").fill(days_ago(2))
    page.screenshot("ankeskema-deadline-exceeded")
    next_page(page, expect_page=5)
    page.goto("/ankeskema/side/6/")
    checklist = page.locator("#checklist ~ ul")
    expect(checklist).to_contain_text("Dokumentation for datoen for kommunens modtagelse af klagen")
    expect(checklist).to_contain_text("Forsendelseslog")
    expect(checklist).not_to_contain_text("Kommunens genvurdering")


def test_partly_upheld_shows_the_14_day_forwarding_deadline(page):
    """AS-33: delvis medhold asks for the new decision and the reply; the 14-day deadline is shown and flagged."""
    log_in(page, "birgitte")
    open_form(page)
    page.goto("/ankeskema/side/4/")
    fill_dates(page, decided=60, complained=50)
    group(page, "Vurderer kommunen, at klagefristen er overskredet?").get_by_label("Nej").check()
    page.get_by_label("Genvurderingsdato").fill(days_ago(40))
    group(page, "Resultatet af genvurderingen").get_by_label("Kommunen giver klageren delvist medhold").check()
    page.get_by_label("Dato for den nye afgørelse").fill(days_ago(40))
    page.get_by_label("Dato hvor klageren meddelte, at klagen fastholdes").fill(days_ago(30))
    deadline = page.locator('[data-guidance-key="forwarding_deadline"]')
    expect(deadline).to_contain_text("inden 14 dage")
    expect(page.locator('[data-guidance-key="forwarding_late"]')).to_contain_text("overskredet")
    page.screenshot("ankeskema-partly-upheld")


def test_caseworker_without_the_right_is_sent_to_the_local_administrator(page):
    """AUTH-4: Thomas has no right to the form: no button, and the form itself says whom to ask."""
    log_in(page, "thomas")
    expect(page.get_by_role("main").get_by_role("link", name="Web-ankeskema", exact=True)).to_have_count(0)
    page.goto("/ankeskema/", status=403, shot="ankeskema-no-access")
    expect(page.locator("h1")).to_have_text("Du har ikke adgang til web-ankeskemaet")
    expect(page.get_by_role("main")).to_contain_text("Kontakt din lokale administrator")
    page.goto("/ankeskema/vejledning/", shot="ankeskema-guidance")
    expect(page.locator("h1")).to_have_text("Vejledning til ankeskemaet")


EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


def test_page_6_shows_an_uploaded_file_at_once_and_a_refused_one_as_failed(page):
    """Issue 12, item 3: after an upload the item, the warning and the total are up to date without reloading;
    a refused file shows the error state with its reason, not a full bar; a file chosen and not uploaded goes
    with "Næste"."""
    from django.template.defaultfilters import filesizeformat
    from django.utils import translation

    from klageportal.forwarding.models import AnkeskemaDraft

    log_in(page, "birgitte")
    open_form(page)
    page.goto("/ankeskema/side/6/")
    items = page.locator("[data-checklist-item]")
    first = items.first
    listed_as_missing = page.locator("[data-missing]").locator(f'a[href="#{first.get_attribute("id")}"]')
    expect(first.locator("h3")).to_contain_text("Mangler")
    expect(listed_as_missing).to_have_count(1)
    main = page.get_by_role("main")
    expect(main).to_contain_text("Uploadet i alt: 0 bytes")

    first.locator("input[type=file]").set_input_files([pdf("afgoerelse.pdf")])
    first.get_by_role("button", name=re.compile("^Upload filer")).click()
    expect(first.locator(".upload-ok")).to_have_count(1)
    expect(first.locator(".upload-ok progress")).to_have_attribute("value", "100")
    expect(first.locator("h3")).to_contain_text("Vedlagt")
    expect(first.locator("h3")).not_to_contain_text("Mangler")
    with translation.override("da"):
        size = filesizeformat(len(PDF)).replace("\xa0", " ")
    expect(first).to_contain_text(f"afgoerelse.pdf ({size})")
    expect(listed_as_missing).to_have_count(0)
    expect(main).to_contain_text(f"Uploadet i alt: {size}")

    second = items.nth(1)
    virus = {"name": "eicar.pdf", "mimeType": "application/pdf", "buffer": EICAR}
    second.locator("input[type=file]").set_input_files([virus])
    second.get_by_role("button", name=re.compile("^Upload filer")).click()
    refused = second.locator("li.upload-error")
    expect(refused).to_have_count(1)
    expect(refused).to_have_class(re.compile(r"\bform-error\b"))
    expect(refused).to_contain_text("eicar.pdf")
    expect(refused.locator(".form-error-message")).to_contain_text("Fejl: Filens indhold passer ikke til filtypen .pdf")
    expect(refused.locator("progress")).to_have_count(0)
    expect(second.locator(".upload-ok")).to_have_count(0)
    page.assert_accessible()
    page.screenshot("ankeskema-page-6-uploaded-and-refused")

    second.locator("input[type=file]").set_input_files([pdf("genvurdering.pdf")])
    next_page(page, expect_page=7)
    draft = AnkeskemaDraft.objects.get(state=AnkeskemaDraft.State.OPEN)
    names = sorted(draft.documents.values_list("document__original_name", flat=True))
    assert names == ["afgoerelse.pdf", "genvurdering.pdf"]

"""Exemption from digital self-service (KP-8, BD-4, KP-2): a lawyer asks Planklagenævnet twice for a citizen;
Viborg Kommune hears each time that a complaint is on its way. The board refuses one request with a deadline,
which the lawyer sees in the portal, and grants the other; Viborg Kommune then files the complaint for the
citizen from its list, prefilled from the request, and the request is linked to the complaint."""

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from e2e import flows
from e2e.flows import log_in, log_out

VIBORG = "klagesager@viborg.example"
REQUEST_LINK = "Anmod om fritagelse for digital selvbetjening"


def _request(page, *, reference: str, shot: str | None = None) -> None:
    page.get_by_label("Borgerens navn").fill("Inger Poulsen")
    page.get_by_label("Borgerens CPR-nummer").fill("090141-0432")
    page.get_by_label("Borgerens adresse").fill("Solvænget 3, 8850 Bjerringbro")
    page.get_by_label("Klagenævn og klagetype").select_option(label="Lokalplan")
    flows.choose_authority(page, "Viborg Kommune")
    flows.fill_date(page, "Afgørelsens dato", timezone.localdate() - timedelta(days=5))
    page.get_by_label("Afgørelsens journalnummer eller reference").fill(reference)
    page.get_by_label("Begrundelse").fill("Borgeren har demens og kan ikke bruge MitID.")
    page.get_by_label("Borgeren er også fritaget for Digital Post").check()
    page.click(page.get_by_role("button", name="Send anmodning"), url="**/mine-klager/fritagelse/", shot=shot)
    expect(page.get_by_role("main")).to_contain_text("Viborg Kommune har fået besked om, at en klage er på vej.")


def _fits_a_phone(page) -> None:
    page.set_viewport_size({"width": 375, "height": 812})
    assert page.evaluate("document.documentElement.scrollWidth") <= 375, page.path
    page.set_viewport_size({"width": 1280, "height": 900})


def _open_request(page, number: str, *, shot: str | None = None) -> None:
    page.goto("/klageinstans/")
    page.click(page.get_by_role("main").get_by_role("link", name="Anmodninger om fritagelse for digital selvbetjening"))
    page.click(page.get_by_role("main").get_by_role("link", name=number), shot=shot)
    expect(page.locator("[data-exemption-details]")).to_contain_text("Inger Poulsen")


def test_a_refused_request_gets_a_deadline_and_a_granted_one_is_filed_by_the_municipality(page):
    from klageportal.cases.models import Case, ExemptionRequest
    from klageportal.notifications.models import OutboxEmail

    # The lawyer asks, from Mine klager; wrong input first.
    log_in(page, "peter")
    page.click(page.get_by_role("main").get_by_role("link", name=REQUEST_LINK), shot="exemption-request")
    page.get_by_label("Borgerens CPR-nummer").fill("3213411234")
    page.click(page.get_by_role("button", name="Send anmodning"), shot="exemption-request-errors")
    expect(page.locator("#error-summary")).to_be_visible()
    expect(page.locator("#id_citizen_cpr_error")).to_contain_text("gyldig fødselsdato")
    expect(page.locator("#id_citizen_name_error")).to_contain_text("Skriv borgerens fulde navn.")
    expect(page.get_by_label("Borgerens CPR-nummer")).to_have_value("3213411234")
    _request(page, reference="LP-2026-17", shot="exemption-request-sent")
    _request(page, reference="LP-2026-18")
    first, second = ExemptionRequest.objects.order_by("pk")
    assert OutboxEmail.objects.filter(to=VIBORG).count() == 2
    table = page.locator("[data-exemption-requests]")
    expect(table).to_contain_text(first.number)
    expect(table).to_contain_text("Afventer afgørelse")
    _fits_a_phone(page)
    log_out(page)

    # Planklagenævnet's caseworker refuses the first (the deadline suggested) and grants the second.
    log_in(page, "rikke")
    _open_request(page, first.number, shot="exemption-decide")
    _fits_a_phone(page)
    page.get_by_label("Afslå anmodningen").check()
    page.click(page.get_by_role("button", name="Gem afgørelsen"), shot="exemption-decide-errors")
    expect(page.locator("#id_decision_reason_error")).to_contain_text("Skriv begrundelsen for afslaget.")
    page.get_by_label("Begrundelse").fill("Borgeren kan få hjælp af sin søn til at klage digitalt.")
    page.click(page.get_by_role("button", name="Gem afgørelsen"), url="**/klageinstans/fritagelser/")
    first.refresh_from_db()
    assert first.state == ExemptionRequest.State.REFUSED and first.file_deadline > timezone.localdate()
    _open_request(page, second.number)
    page.get_by_label("Imødekom anmodningen").check()
    page.click(page.get_by_role("button", name="Gem afgørelsen"), url="**/klageinstans/fritagelser/")
    second.refresh_from_db()
    assert second.state == ExemptionRequest.State.GRANTED
    log_out(page)

    # The lawyer sees the refusal with its deadline, and the grant.
    log_in(page, "peter")
    page.click(page.get_by_role("main").get_by_role("link", name=REQUEST_LINK), shot="exemption-decided")
    table = page.locator("[data-exemption-requests]")
    expect(table.locator("[data-file-deadline]")).to_contain_text(
        f"Klag i klageportalen senest {first.file_deadline.day}."
    )
    expect(table).to_contain_text("Imødekommet")
    log_out(page)

    # Viborg Kommune is told at its official address and files for the citizen from its list, prefilled.
    granted_mail = OutboxEmail.objects.filter(to=VIBORG, subject__contains=second.number).order_by("pk").last()
    assert "Opret klage for borgeren" in granted_mail.body and "0901410432" not in granted_mail.body
    log_in(page, "birgitte")
    page.goto(flows.mail_path(granted_mail.body, "/myndighed/fritagelser/"), shot="exemption-municipality")
    listed = page.locator("[data-granted-exemptions]")
    expect(listed).to_contain_text(second.number)
    expect(listed).not_to_contain_text(first.number)
    _fits_a_phone(page)
    page.click(listed.get_by_role("button", name="Opret klage for borgeren"), url="**/trin/kontakt/")
    number = flows.case_number_from_path(page.path)
    expect(page.locator("#id_name")).to_have_value("Inger Poulsen")
    expect(page.get_by_label("Adresse")).to_have_value("Solvænget 3, 8850 Bjerringbro")
    expect(page.get_by_label("Borgeren er fritaget for Digital Post")).to_be_checked()
    flows.next_step(page)
    assert page.path.endswith("/trin/afgoerelse/"), page.path
    expect(page.get_by_label("Afgørelsens journalnummer eller reference")).to_have_value("LP-2026-18")
    page.get_by_label("Borgerens klage").fill("Lokalplanen tillader byggeri tæt på borgerens bolig.")
    flows.next_step(page)
    flows.next_step(page)
    expect(page.locator("[data-summary-citizen]")).to_contain_text(second.number)
    flows.submit(page, to_case=False)
    case = Case.objects.get(number=number)
    second.refresh_from_db()
    assert case.status == "udfyldt" and case.filed_for_exempt_citizen and second.case == case
    page.goto("/myndighed/fritagelser/")
    expect(page.locator("[data-granted-exemptions]")).to_contain_text(number)

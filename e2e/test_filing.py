"""Filing a complaint end to end (KP-1..7, KP-9), paying its fee (PAY-1, PAY-2) and its documents (DOC-1..4)."""

import re

import pytest
from playwright.sync_api import expect

from e2e import flows
from e2e.flows import log_in

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _mail_catcher(settings):
    """E-mails land in the development mailbox (/dev/mail/), as in the demo, not in Django's test outbox."""
    settings.EMAIL_BACKEND = "klageportal.notifications.backends.CatcherBackend"


def pdf(name: str = "afgoerelse.pdf") -> dict:
    return {"name": name, "mimeType": "application/pdf", "buffer": PDF}


def test_citizen_files_on_own_behalf_and_pays_by_card(page):
    """KP-1..6, PAY-1: Mette files against Viborg Kommune, pays at the test gateway; the case is Indsendt and
    Viborg Kommune is told at its official address."""
    from klageportal.catalog.models import Authority
    from klageportal.notifications.models import OutboxEmail

    log_in(page, "mette")
    number = flows.file_complaint(page, email="mette@example.dk", documents=(pdf(),))
    assert page.path == f"/sag/{number}/"
    assert flows.case_status(page) == "Udfyldt"
    box = page.locator("[data-missing]")
    expect(box).to_be_visible()
    expect(box.locator("[data-missing-fee]")).to_contain_text("Klagegebyret på 900 kr. er ikke betalt")
    expect(box.locator("[data-missing-approval]")).to_have_count(0)
    page.screenshot("filing-case-udfyldt")

    flows.pay_by_card(page, shot="payment-result-paid")
    expect(page.locator("[data-payment-state]")).to_have_attribute("data-payment-state", "paid")
    page.click(page.get_by_role("link", name="Tilbage til sagen"), shot="filing-case-indsendt")
    assert flows.case_status(page) == "Indsendt"
    expect(page.locator("[data-missing]")).to_have_count(0)

    # CW-3: documents can still be added on the case page.
    page.click(page.get_by_role("link", name="Tilføj dokumenter"), url=f"**/sag/{number}/dokumenter/**")
    flows.upload(page, [pdf("supplerende-bilag.pdf")], javascript=True)
    progress = page.locator("[data-progress]")
    expect(progress.locator(".upload-ok")).to_have_count(1)
    # The list on the page is brought up to date without reloading it.
    expect(progress).to_contain_text("Listen over dokumenter er opdateret.")
    documents = page.get_by_role("table", name="Sagens dokumenter")
    expect(documents).to_contain_text("afgoerelse.pdf")
    expect(documents).to_contain_text("supplerende-bilag.pdf")
    page.assert_accessible()
    page.screenshot("case-documents-added")

    viborg = Authority.objects.get(name="Viborg Kommune")
    assert viborg.email == "klagesager@viborg.example"  # the official address from the catalogue
    to_viborg = OutboxEmail.objects.filter(case__number=number, to=viborg.email)
    assert list(to_viborg.values_list("reason", flat=True)) == [OutboxEmail.Reason.NEW_COMPLAINT]
    page.goto("/dev/mail/")
    expect(page.get_by_role("main")).to_contain_text(viborg.email)
    page.click(page.get_by_role("link", name=f"Ny klage i klageportalen: {number}"))
    expect(page.get_by_role("main")).to_contain_text(f"/sag/{number}/")


# --- several people, each in a browser of their own ----------------------------------------------------


JENS = {"kind": "person", "number": "050765-1237", "name": "Jens Nielsen", "email": "jens@example.dk"}
NORD = {"kind": "company", "number": "37042374", "name": "Byggefirmaet Nord ApS", "email": "post@nord.example.dk"}


def _status(number: str) -> str:
    from klageportal.cases.models import Case

    return Case.objects.get(number=number).status


def _mail(number: str, to: str, reason: str):
    from klageportal.notifications.models import OutboxEmail

    emails = list(OutboxEmail.objects.filter(case__number=number, to=to, reason=reason))
    assert len(emails) == 1, f"expected one {reason} e-mail to {to}, found {len(emails)}"
    return emails[0]


def _approve_from_email(other, number: str, key: str, email: str, *, answer: str, shot: str | None = None) -> None:
    """The complainant follows the link in the approval e-mail, logs in and answers."""
    link = flows.mail_path(_mail(number, email, "approval_request").body, "/godkend/")
    assert link == f"/klage/{number}/godkend/"
    other.goto(link)
    flows.choose_identity(other, key, url=f"**{link}")
    expect(other.locator("h1")).to_have_text("Godkend repræsentation")
    other.click(other.get_by_role("button", name=answer), url=f"**{link}", shot=shot)


def test_lawyer_files_for_a_citizen_and_a_company_and_a_third_person_pays(page, visitor):
    """KP-3, KP-6, KP-7, PAY-2: the case becomes Indsendt only when Jens and the company (by a signatory)
    have approved and the payer has paid through the link; an employee without signing right is refused."""
    from klageportal.cases.models import PartyRole
    from klageportal.catalog.models import Authority

    log_in(page, "peter")
    number = flows.start_complaint(page, shot="filing-start")
    flows.capacity_represent(page, shot="filing-contact")
    name = page.get_by_label("Navn")
    expect(name).to_have_value("Peter Lind")
    expect(name).to_be_disabled()
    flows.contact(page, email="peter@example.dk", phone="12 34 56 78", address="Havnegade 1, 8000 Aarhus C")
    assert page.path == f"/klage/{number}/trin/klagere/"
    page.screenshot("filing-complainants-empty")
    flows.next_step(page)  # none added yet: refused with a message, nothing lost
    expect(page.get_by_role("alert")).to_contain_text("Tilføj mindst én klager, som du repræsenterer.")
    flows.add_complainant(page, **JENS)
    flows.add_complainant(page, **NORD, shot="filing-complainants")
    rows = page.get_by_role("table", name="Klagere")
    expect(rows).to_contain_text("CPR 050765-1237")  # whole on the draft, which only the filer sees
    expect(rows).to_contain_text("CVR 37042374")
    flows.next_step(page, shot="filing-decision")
    flows.decision(page, shot="filing-documents")
    flows.next_step(page, shot="filing-summary")
    summary = page.get_by_role("main")
    expect(summary).to_contain_text("Jens Nielsen")
    expect(summary).to_contain_text("Byggefirmaet Nord ApS")
    expect(summary).to_contain_text("1.800 kr.")  # a company among the complainants: the company rate
    flows.submit(page)
    assert flows.case_status(page) == "Udfyldt"

    box = page.locator("[data-missing]")
    expect(box.locator("[data-missing-approval]")).to_have_count(2)
    expect(box).to_contain_text("Jens Nielsen har ikke godkendt repræsentationen")
    expect(box).to_contain_text("Byggefirmaet Nord ApS har ikke godkendt repræsentationen")
    expect(box.locator("[data-missing-fee]")).to_contain_text("Klagegebyret på 1.800 kr. er ikke betalt")
    page.screenshot("filing-case-missing-approvals")

    # PAY-2: the lawyer sends a payment link to a third person, registered as payer.
    page.click(box.get_by_role("link", name="Send betalingslink"), shot="payment-send-link")
    page.get_by_label("Modtagerens e-mailadresse").fill("ole@example.dk")
    page.get_by_label("Registrér modtageren som betaler").check()
    page.click(page.get_by_role("main").get_by_role("button", name="Send betalingslink"), url=f"**/sag/{number}/")
    expect(page.get_by_role("status").first).to_contain_text("Betalingslinket er sendt til ole@example.dk.")
    assert _status(number) == "udfyldt"

    # KP-7: Jens approves through the link in his e-mail.
    jens = visitor()
    _approve_from_email(jens, number, "jens", "jens@example.dk", answer="Godkend repræsentationen", shot="approve-done")
    expect(jens.get_by_role("main")).to_contain_text("Tak. Du har godkendt repræsentationen.")
    expect(jens.get_by_role("main")).to_contain_text("Jens Nielsen: Godkendt")
    assert _status(number) == "udfyldt"

    # An employee of the company without signing right is refused, with what it takes; the answer is the
    # one any person not entitled gets (404), so that the link tells nobody whether the case exists.
    sofie = visitor()
    sofie.goto(f"/klage/{number}/godkend/")
    with sofie.expect_response(lambda r: r.url.endswith(f"/klage/{number}/godkend/")) as refused:
        flows.choose_identity(sofie, "sofie", url=f"**/klage/{number}/godkend/")
    assert refused.value.status == 404
    sofie.screenshot("approve-refused")
    refusal = sofie.get_by_role("alert")
    expect(refusal).to_contain_text("Du kan ikke godkende denne repræsentation")
    expect(refusal).to_contain_text("tegningsret")
    expect(sofie.get_by_role("button", name="Godkend repræsentationen")).to_have_count(0)
    assert _status(number) == "udfyldt"

    # A signatory approves for the company (MitID Erhverv with tegningsret).
    lars = visitor()
    _approve_from_email(lars, number, "lars", NORD["email"], answer="Godkend repræsentationen")
    expect(lars.get_by_role("main")).to_contain_text("Byggefirmaet Nord ApS: Godkendt")
    assert _status(number) == "udfyldt"

    page.goto(f"/sag/{number}/")
    assert flows.case_status(page) == "Udfyldt"
    expect(box.locator("[data-missing-approval]")).to_have_count(0)
    expect(box.locator("[data-missing-fee]")).to_be_visible()

    # The payer opens the link from the e-mail, without logging in; name and address first.
    payer = visitor()
    payer.goto("/dev/mail/")
    payer.click(payer.get_by_role("link", name=f"Betalingslink: klagegebyr for sag {number}"))
    expect(payer.get_by_role("main")).to_contain_text("ole@example.dk")
    link = flows.mail_path(payer.locator(".mail-body").inner_text(), "/betal/")
    payer.goto(link, shot="payment-link")
    expect(payer.get_by_role("main")).to_contain_text("Du bliver registreret som betaler")
    payer.click(payer.get_by_role("button", name="Gå til betaling"), shot="payment-link-errors")
    expect(payer.locator("#error-summary")).to_be_visible()
    expect(payer.locator("#id_name_error")).to_contain_text("Indtast dit fulde navn.")
    expect(payer.locator("#id_address_error")).to_contain_text("Indtast din adresse.")
    expect(payer.get_by_label("Dit fulde navn")).to_have_attribute("aria-invalid", "true")
    assert _status(number) == "udfyldt"
    payer.get_by_label("Dit fulde navn").fill("Ole Pedersen")
    payer.get_by_label("Din adresse").fill("Søndergade 3, 8800 Viborg")
    payer.click(payer.get_by_role("button", name="Gå til betaling"), url="**/testbetaling/**", shot="testgateway")
    expect(payer.get_by_role("main")).to_contain_text("1.800 kr.")
    flows.pay_at_gateway(payer)
    expect(payer.locator("[data-payment-state]")).to_have_attribute("data-payment-state", "paid")
    expect(payer.get_by_role("main")).to_contain_text("Tak. Du kan nu lukke vinduet.")

    assert _status(number) == "indsendt"
    page.goto(f"/sag/{number}/")
    assert flows.case_status(page) == "Indsendt"
    expect(page.locator("[data-missing]")).to_have_count(0)
    page.click(page.get_by_role("link", name="Parter"), shot="case-parties-payer")
    parties = page.get_by_role("table", name="Sagens parter")
    expect(parties.get_by_role("row").filter(has_text="Betaler")).to_contain_text("Ole Pedersen")

    from klageportal.cases.models import Case

    case = Case.objects.get(number=number)
    payers = list(case.parties.filter(role=PartyRole.PAYER))
    assert [(p.name, p.email, p.address) for p in payers] == [
        ("Ole Pedersen", "ole@example.dk", "Søndergade 3, 8800 Viborg")
    ]
    assert case.payments.get(state="paid").payer == payers[0]
    _mail(number, Authority.objects.get(name="Viborg Kommune").email, "new_complaint")


def test_complainant_declines_and_the_filer_is_told(page, visitor):
    """KP-7: Jens declines; the orange box says so and the lawyer hears of it in the daily digest."""
    log_in(page, "peter")
    number = flows.file_complaint(page, capacity="represent", email="peter@example.dk", complainants=(JENS,))
    jens = visitor()
    _approve_from_email(jens, number, "jens", "jens@example.dk", answer="Afvis repræsentationen")
    expect(jens.get_by_role("main")).to_contain_text("Du har afvist repræsentationen.")
    expect(jens.get_by_role("main")).to_contain_text("Jens Nielsen: Afvist")

    page.goto(f"/sag/{number}/", shot="filing-case-declined")
    assert flows.case_status(page) == "Udfyldt"
    box = page.locator("[data-missing]")
    expect(box.locator("[data-missing-declined]")).to_have_text("Jens Nielsen har afvist repræsentationen")
    expect(box.locator("[data-missing-approval]")).to_have_count(0)
    # NT-2: the lawyer hears of it in the daily digest, which names the case and not what happened.
    from django.utils import timezone

    from klageportal.casework.digest import digest_send
    from klageportal.notifications.models import OutboxEmail

    assert not OutboxEmail.objects.filter(case__number=number, reason="approval_answer").exists()
    digest_send(now=timezone.now(), enqueue=False)
    (digest,) = OutboxEmail.objects.filter(reason="digest", to="peter@example.dk")
    assert number in digest.body and "afvist" not in digest.body
    assert _status(number) == "udfyldt"

    # The lawyer is offered to take Jens off the complaint; as its only complainant he cannot be.
    page.click(box.get_by_role("link", name="Fjern Jens Nielsen fra klagen"), shot="filing-remove-declined-last")
    expect(page.get_by_role("main")).to_contain_text("Klagen skal have mindst én klager")
    expect(page.get_by_role("button", name="Fjern Jens Nielsen fra klagen")).to_have_count(0)
    assert _status(number) == "udfyldt"


def test_association_chair_files_without_approval_and_pays_the_company_rate(page):
    """KP-2, KP-3, KP-6: Karen files as chair of an association without CVR: her name reads "formand for
    foreningen …", no complainant step and no approval; the company rate (1800 kr.) is paid → Indsendt."""
    log_in(page, "karen")
    number = flows.start_complaint(page)
    flows.capacity_association(page, "Grundejerforeningen Skovbrynet", shot="filing-contact-association")
    name = page.get_by_label("Navn")
    expect(name).to_have_value("formand for foreningen Grundejerforeningen Skovbrynet, Karen Sørensen")
    expect(name).to_be_editable()
    steps = page.get_by_role("navigation", name="Trin i klagen")
    expect(steps).not_to_contain_text("Klagere")
    flows.contact(page, email="skovbrynet@example.dk", address="Skovbrynet 1, 8800 Viborg")
    assert page.path == f"/klage/{number}/trin/afgoerelse/"
    flows.decision(page)
    flows.next_step(page)
    expect(page.get_by_role("main")).to_contain_text("Grundejerforeningen Skovbrynet")
    expect(page.get_by_role("main")).to_contain_text("1.800 kr.")
    flows.submit(page)
    assert flows.case_status(page) == "Udfyldt"
    box = page.locator("[data-missing]")
    expect(box.locator("li")).to_have_count(1)
    expect(box.locator("[data-missing-fee]")).to_contain_text("Klagegebyret på 1.800 kr. er ikke betalt")

    # A declined card changes nothing; "Prøv igen" opens a new payment.
    flows.pay_by_card(page, choice="Afvis", shot="payment-result-declined")
    expect(page.locator("[data-payment-state]")).to_have_attribute("data-payment-state", "declined")
    assert _status(number) == "udfyldt"
    page.click(page.get_by_role("link", name="Prøv igen"), url=f"**/sag/{number}/betaling/", shot="payment-pay")
    page.click(page.get_by_role("main").get_by_role("button", name="Betal med kort"), url="**/testbetaling/**")
    flows.pay_at_gateway(page)
    page.click(page.get_by_role("link", name="Tilbage til sagen"))
    assert flows.case_status(page) == "Indsendt"
    expect(page.locator("[data-missing]")).to_have_count(0)

    from klageportal.cases.models import Case

    case = Case.objects.get(number=number)
    assert case.association_name == "Grundejerforeningen Skovbrynet"
    assert case.association_signing_confirmed
    filer = case.parties.get(is_filer=True)
    assert filer.name == "formand for foreningen Grundejerforeningen Skovbrynet, Karen Sørensen"
    assert case.payments.get(state="paid").amount_ore == 180_000


def test_leaving_midway_and_continuing_from_my_cases(page):
    """KP-1: nothing is lost when the person leaves after the contact step and comes back after a new login."""
    log_in(page, "mette")
    number = flows.start_complaint(page)
    flows.capacity_own(page)
    flows.contact(page, email="mette@example.dk", phone="87654321", address="Skovvej 4, 8800 Viborg")
    assert page.path == f"/klage/{number}/trin/afgoerelse/"
    flows.log_out(page)

    log_in(page, "mette")
    table = page.get_by_role("table", name="Dine klager")
    row = table.get_by_role("row").filter(has_text=number)
    expect(row).to_contain_text("Kladde")
    page.click(row.get_by_role("link", name=number), shot="filing-case-draft")
    expect(page.get_by_role("main")).to_contain_text("Klagen er en kladde")
    expect(page.locator("[data-missing]")).to_have_count(0)
    page.click(page.get_by_role("link", name="Fortsæt klagen"), url=f"**/klage/{number}/trin/afgoerelse/")
    expect(page.locator("h1")).to_have_text("Afgørelsen")
    steps = page.get_by_role("navigation", name="Trin i klagen")
    expect(steps.locator("[aria-current=step]")).to_contain_text("Afgørelsen")
    expect(steps.locator("li.completed")).to_have_count(2)

    page.click(steps.get_by_role("link", name="Klagers kontaktoplysninger"))
    expect(page.get_by_label("E-mail")).to_have_value("mette@example.dk")
    expect(page.get_by_label("Telefon")).to_have_value("87654321")
    expect(page.get_by_label("Adresse")).to_have_value("Skovvej 4, 8800 Viborg")
    page.click(page.get_by_role("link", name="Tilbage"))
    expect(page.get_by_label(flows.OWN_BEHALF, exact=True)).to_be_checked()


EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


def _mixed_drop() -> list[dict]:
    """One selection: a good PDF, a "PDF" that is text, the EICAR test file and a video."""
    assert len(EICAR) == 68
    return [
        pdf("klage-bilag.pdf"),
        {"name": "afgoerelse.pdf", "mimeType": "application/pdf", "buffer": b"Dette er ikke en PDF, men tekst.\n"},
        {"name": "eicar.txt", "mimeType": "text/plain", "buffer": EICAR},
        {"name": "optagelse.mp4", "mimeType": "video/mp4", "buffer": b"\x00\x00\x00\x18ftypmp42" + bytes(64)},
    ]


REFUSED = {
    "afgoerelse.pdf": "Filens indhold passer ikke til filtypen .pdf",
    "eicar.txt": "Filen indeholder virus eller anden skadelig kode og er afvist",
    "optagelse.mp4": "Du kan ikke uploade video i klageportalen",
}


def _to_documents_step(page) -> str:
    number = flows.start_complaint(page)
    flows.capacity_own(page)
    flows.contact(page, email="mette@example.dk")
    flows.decision(page)
    return number


def test_several_files_at_once_each_refusal_has_its_own_message(page):
    """DOC-1, DOC-3, DOC-4: in one selection, each file is checked on its own; the good PDF is kept."""
    log_in(page, "mette")
    number = _to_documents_step(page)
    page.screenshot("filing-documents-empty")
    flows.upload(page, _mixed_drop(), javascript=True)
    progress = page.locator("[data-progress]")
    expect(progress.locator(".upload-ok")).to_have_count(1)
    expect(progress.locator(".upload-error")).to_have_count(3)
    # Only the accepted file's bar stays, full; a refused file's row shows the error state instead.
    expect(progress.locator("li:has(progress)")).to_have_count(1)
    expect(progress.locator(".upload-ok progress")).to_have_attribute("value", "100")
    expect(progress.locator(".upload-error.form-error .form-error-message")).to_have_count(3)
    expect(progress.locator("li").filter(has_text="klage-bilag.pdf")).to_contain_text("Uploadet")
    for name, message in REFUSED.items():
        expect(progress.locator("li.upload-error").filter(has_text=name)).to_contain_text(message)
    expect(progress.locator("li").filter(has_text="optagelse.mp4")).to_contain_text("Toldboden 2, 8800 Viborg")
    listed = page.get_by_role("table", name="Uploadede dokumenter")
    expect(listed.locator("tbody tr")).to_have_count(1)
    expect(listed).to_contain_text("klage-bilag.pdf")
    page.assert_accessible()
    page.screenshot("filing-documents-js-results")

    page.goto(page.path, shot="filing-documents")  # the same list when the page is loaded again
    expect(listed.locator("tbody tr")).to_have_count(1)
    _assert_only_the_good_pdf_is_stored(number)


def test_several_files_at_once_without_javascript(visitor):
    """DOC-3, DOC-4 without JavaScript: the form posts every file at once, the page has a message per file."""
    page = visitor(java_script_enabled=False)
    log_in(page, "mette")
    number = _to_documents_step(page)
    flows.upload(page, _mixed_drop(), shot="filing-documents-nojs-results")
    assert page.path == f"/klage/{number}/trin/dokumenter/"
    expect(page.get_by_role("status").filter(has_text="klage-bilag.pdf er uploadet.")).to_have_count(1)
    errors = page.get_by_role("alert")
    expect(errors).to_have_count(3)
    for name, message in REFUSED.items():
        expect(errors.filter(has_text=name)).to_contain_text(message)
    listed = page.get_by_role("table", name="Uploadede dokumenter")
    expect(listed.locator("tbody tr")).to_have_count(1)
    expect(listed).to_contain_text("klage-bilag.pdf")
    _assert_only_the_good_pdf_is_stored(number)

    # Nothing else of the draft is lost: on to the summary and "Indsend".
    flows.next_step(page)
    expect(page.get_by_role("main")).to_contain_text("klage-bilag.pdf")
    flows.submit(page)
    assert flows.case_status(page) == "Udfyldt"


def _stored(number: str) -> list[str]:
    from klageportal.documents.models import CaseDocument

    return sorted(CaseDocument.objects.filter(case__number=number).values_list("document__original_name", flat=True))


def _summary_lists(page, number: str, name: str) -> None:
    page.goto(f"/klage/{number}/trin/opsummering/")
    documents = page.get_by_role("heading", name="Dokumenter").locator("xpath=following-sibling::ul[1]")
    expect(documents).to_contain_text(name)
    expect(documents).not_to_contain_text("Ingen dokumenter")


def test_a_file_chosen_but_not_uploaded_goes_with_next(page):
    """Issue 12, item 3: a file chosen and not uploaded before "Næste" is uploaded first, with progress."""
    log_in(page, "mette")
    number = _to_documents_step(page)
    page.locator("#id_files").set_input_files([pdf("valgt-bilag.pdf")])
    flows.next_step(page)
    assert not page.path.endswith("/trin/dokumenter/"), page.path
    assert _stored(number) == ["valgt-bilag.pdf"]
    _summary_lists(page, number, "valgt-bilag.pdf")


def test_a_file_chosen_but_not_uploaded_goes_with_next_without_javascript(visitor):
    page = visitor(java_script_enabled=False)
    log_in(page, "mette")
    number = _to_documents_step(page)
    page.locator("#id_files").set_input_files([pdf("valgt-bilag.pdf")])
    flows.next_step(page)
    assert not page.path.endswith("/trin/dokumenter/"), page.path
    assert _stored(number) == ["valgt-bilag.pdf"]
    _summary_lists(page, number, "valgt-bilag.pdf")


def test_a_refused_file_chosen_before_next_stops_the_step_at_the_field(page):
    """The uploader sends the chosen files; one is refused: the step stays, the field is in its error state, the
    refused file's row shows the reason and no full bar, and the accepted file is in the list."""
    log_in(page, "mette")
    number = _to_documents_step(page)
    page.locator("#id_files").set_input_files([pdf("klage-bilag.pdf"), _mixed_drop()[2]])
    navigation = page.get_by_role("navigation", name="Navigation mellem trin")
    navigation.get_by_role("button", name="Næste").click()
    progress = page.locator("[data-progress]")
    expect(progress.locator(".upload-ok")).to_have_count(1)
    refused = progress.locator("li.upload-error").filter(has_text="eicar.txt")
    expect(refused).to_have_class(re.compile(r"\bform-error\b"))
    expect(refused.locator(".form-error-message")).to_contain_text(REFUSED["eicar.txt"])
    expect(refused.locator("progress")).to_have_count(0)
    field = page.locator("#id_files")
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(field).to_have_attribute("aria-describedby", re.compile(r"\bid_files-error\b"))
    expect(page.locator("#id_files-error")).to_contain_text("Ikke alle valgte filer blev uploadet")
    expect(field).to_be_focused()
    expect(page.get_by_role("table", name="Uploadede dokumenter")).to_contain_text("klage-bilag.pdf")
    assert page.path == f"/klage/{number}/trin/dokumenter/"
    page.assert_accessible()
    page.screenshot("filing-documents-next-refused")
    _assert_only_the_good_pdf_is_stored(number)


def test_a_refused_file_sent_with_next_without_javascript_is_named_at_the_field(visitor):
    page = visitor(java_script_enabled=False)
    log_in(page, "mette")
    number = _to_documents_step(page)
    page.locator("#id_files").set_input_files([pdf("klage-bilag.pdf"), _mixed_drop()[2]])
    flows.next_step(page, shot="filing-documents-next-refused-nojs")
    assert page.path == f"/klage/{number}/trin/dokumenter/"
    assert page.title().startswith("Fejl:")
    expect(page.locator("#id_files-error")).to_contain_text(f"eicar.txt: {REFUSED['eicar.txt']}")
    expect(page.locator("#id_files")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_role("table", name="Uploadede dokumenter")).to_contain_text("klage-bilag.pdf")
    _assert_only_the_good_pdf_is_stored(number)


def _assert_only_the_good_pdf_is_stored(number: str) -> None:
    from klageportal.documents.models import CaseDocument, Document

    names = list(CaseDocument.objects.filter(case__number=number).values_list("document__original_name", flat=True))
    assert names == ["klage-bilag.pdf"]
    assert not Document.objects.exclude(original_name="klage-bilag.pdf").exists()


def test_exemption_page_from_the_start_page_and_the_complainants_step(page):
    """KP-9: "Fritagelse fra klageportalen" is linked from the start page and from step 3."""
    page.goto("/")
    page.click(page.get_by_role("main").get_by_role("link", name="Fritagelse fra klageportalen"), shot="exemption")
    assert page.path == "/fritagelse-fra-klageportalen/"
    expect(page.locator("h1")).to_have_text("Fritagelse fra klageportalen")
    expect(page.get_by_role("main")).to_contain_text("demens")

    log_in(page, "peter")
    flows.start_complaint(page)
    flows.capacity_represent(page)
    flows.contact(page, email="peter@example.dk")
    page.click(page.get_by_role("main").get_by_role("link", name="fritagelse fra klageportalen"))
    assert page.path == "/fritagelse-fra-klageportalen/"
    expect(page.locator("h1")).to_have_text("Fritagelse fra klageportalen")

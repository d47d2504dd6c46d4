"""Steps several tests share."""

import re
from datetime import timedelta
from urllib.parse import urlsplit

from django.utils import timezone
from playwright.sync_api import expect

from klageportal.identity.devidp.identities import BY_KEY

WORKSPACE_PATH = {
    "citizen": "/mine-klager/",
    "company": "/mine-klager/",
    "authority": "/myndighed/",
    "body": "/klageinstans/",
    "admin": "/admin/",
}

OWN_BEHALF = "Jeg klager på egne vegne"
REPRESENT = "Jeg klager på vegne af en eller flere privatpersoner og/eller virksomheder"
PERSONS_COMPANIES = "Privatpersoner og/eller virksomheder (CPR- eller CVR-nummer)"
ASSOCIATION = "En forening eller lignende, som ikke har CVR-nr."


def log_in(page, key: str, *, shot: str | None = None, login_shot: str | None = None) -> str:
    """From the start page through the development identity provider; returns the workspace's path."""
    expected = WORKSPACE_PATH[BY_KEY[key].group]
    page.goto("/")
    page.click(page.get_by_role("main").get_by_role("link", name="Log ind"), url="**/devidp/login/**", shot=login_shot)
    page.click(f'[data-identity="{key}"]', url=f"**{expected}", shot=shot)
    assert page.path == expected
    return expected


def log_out(page) -> None:
    page.click(page.get_by_role("banner").get_by_role("button", name="Log af"), url="**/logget-ud/")


def choose_identity(page, key: str, *, url="**") -> None:
    """On the development identity provider's page (reached by a page that needs a login), pick who you are."""
    assert page.path.startswith("/devidp/login/"), page.path
    page.click(f'[data-identity="{key}"]', url=url)


def next_step(page, *, shot: str | None = None, label: str = "Næste") -> None:
    navigation = page.get_by_role("navigation", name="Navigation mellem trin")
    page.click(navigation.get_by_role("button", name=label), shot=shot)


def case_number_from_path(path: str) -> str:
    return path.split("/")[2]


# --- the filing flow, step by step ------------------------------------------------------------------


def start_complaint(page, complaint_type: str = "Lokalplan", *, shot: str | None = None) -> str:
    """From "Mine klager": "Opret klage", the board and complaint type, "Næste"; returns the draft's number."""
    page.goto("/mine-klager/")
    page.click(page.get_by_role("main").get_by_role("link", name="Opret klage"), url="**/klage/ny/", shot=shot)
    page.get_by_label("Klagenævn og klagetype").select_option(label=complaint_type)
    page.click(page.get_by_role("button", name="Næste"), url="**/trin/klager/")
    return case_number_from_path(page.path)


def capacity_own(page, *, shot: str | None = None) -> None:
    page.get_by_label(OWN_BEHALF, exact=True).check()
    next_step(page, shot=shot)
    assert page.path.endswith("/trin/kontakt/"), page.path


def capacity_represent(page, *, shot: str | None = None) -> None:
    page.get_by_label(REPRESENT, exact=True).check()
    page.get_by_label(PERSONS_COMPANIES, exact=True).check()
    next_step(page, shot=shot)
    assert page.path.endswith("/trin/kontakt/"), page.path


def capacity_association(page, name: str, *, shot: str | None = None) -> None:
    page.get_by_label(REPRESENT, exact=True).check()
    page.get_by_label(ASSOCIATION, exact=True).check()
    page.get_by_label("Foreningens navn").fill(name)
    page.get_by_label("Jeg bekræfter, at foreningens tegningsregler").check()
    next_step(page, shot=shot)
    assert page.path.endswith("/trin/kontakt/"), page.path


def contact(page, *, email: str, phone: str = "", address: str = "Skovvej 4, 8800 Viborg", shot=None) -> None:
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Telefon").fill(phone)
    page.get_by_label("Adresse").fill(address)
    next_step(page, shot=shot)


def add_complainant(page, *, kind: str, number: str, name: str, email: str, shot: str | None = None) -> None:
    """Step 3: one complainant at a time ("Tilføj klager")."""
    page.get_by_label("En privatperson (CPR-nummer)" if kind == "person" else "En virksomhed (CVR-nummer)").check()
    page.get_by_label("CPR- eller CVR-nummer").fill(number)
    page.locator("#id_name").fill(name)
    page.locator("#id_email").fill(email)
    page.click(page.get_by_role("main").get_by_role("button", name="Tilføj klager"), shot=shot)
    expect(page.get_by_role("table")).to_contain_text(name)


def fill_date(page, legend: str, day) -> None:
    """A DKFDS date field: Dag, Måned and År in the fieldset named by its legend."""
    group = page.get_by_role("group", name=re.compile("^" + re.escape(legend)))
    group.get_by_label("Dag", exact=True).fill(str(day.day))
    group.get_by_label("Måned", exact=True).fill(str(day.month))
    group.get_by_label("År", exact=True).fill(str(day.year))


def choose_authority(page, name: str) -> None:
    """The authority: a text field with suggestions when the page's script runs, the select without it."""
    field = page.get_by_label("Myndighed, der har truffet afgørelsen")
    if field.evaluate("(element) => element.tagName") == "SELECT":
        field.select_option(label=name)
    else:
        field.fill(name)


def decision(
    page,
    *,
    authority: str = "Viborg Kommune",
    text: str = "Lokalplanen tillader byggeri, der skygger for min grund.",
    reference: str = "LP-2026-17",
    address: str = "Skovvej 4, 8800 Viborg",
    shot: str | None = None,
) -> None:
    choose_authority(page, authority)
    fill_date(page, "Afgørelsens dato", timezone.localdate() - timedelta(days=10))
    page.get_by_label("Afgørelsens journalnummer eller reference").fill(reference)
    page.get_by_label("Din klage").fill(text)
    page.get_by_label("Adresse, klagen handler om").fill(address)
    next_step(page, shot=shot)
    assert page.path.endswith("/trin/dokumenter/"), page.path


def upload(page, files: list[dict], *, javascript: bool = False, shot: str | None = None) -> None:
    """Choose files in ONE selection and press "Upload filer". Without the page's script the form posts them
    all at once and a new page shows a message per file; with it each file is sent on its own in place."""
    page.locator("#id_files").set_input_files(files)
    button = page.get_by_role("button", name="Upload filer")
    if javascript:
        button.click()
    else:
        page.click(button, shot=shot)


def submit(page, *, shot: str | None = None, to_case: bool = True) -> None:
    """The summary's "Indsend": the complaint goes to Udfyldt; where the fee is due at filing the flow's payment
    step opens (from which `to_case` goes on to the case page without paying), else the case page."""
    assert page.path.endswith("/trin/opsummering/"), page.path
    next_step(page, label="Indsend", shot=shot)
    if to_case and page.path.endswith("/trin/betaling/"):
        page.click(
            page.get_by_role("navigation", name="Navigation mellem trin").get_by_role("link", name="Gå til sagen")
        )
    assert page.path.startswith("/sag/") or not to_case, page.path


def pay_in_flow(page, *, choice: str = "Godkend betaling", shot: str | None = None) -> None:
    """On the flow's payment step: "Betal med kort", the test gateway's hosted page, and back to the step."""
    assert page.path.endswith("/trin/betaling/"), page.path
    page.click(page.get_by_role("main").get_by_role("button", name="Betal med kort"), url="**/testbetaling/**")
    pay_at_gateway(page, choice=choice)
    label = "Prøv igen" if choice != "Godkend betaling" else "Fortsæt"
    page.click(page.get_by_role("main").get_by_role("link", name=label), url="**/trin/betaling/", shot=shot)


def file_complaint(
    page,
    *,
    complaint_type: str = "Lokalplan",
    capacity: str = "own",
    association: str = "",
    email: str,
    complainants: tuple[dict, ...] = (),
    authority: str = "Viborg Kommune",
    documents: tuple[dict, ...] = (),
    reference: str = "LP-2026-17",
) -> str:
    """The whole flow from "Mine klager" to "Indsend"; returns the case number."""
    number = start_complaint(page, complaint_type)
    if capacity == "own":
        capacity_own(page)
    elif capacity == "association":
        capacity_association(page, association)
    else:
        capacity_represent(page)
    contact(page, email=email)
    if capacity == "represent":
        for complainant in complainants:
            add_complainant(page, **complainant)
        next_step(page)
    decision(page, authority=authority, reference=reference)
    if documents:
        upload(page, list(documents), javascript=True)
        progress = page.locator("[data-progress]")
        expect(progress.locator(".upload-ok")).to_have_count(len(documents))
        expect(progress).to_contain_text("Listen over dokumenter er opdateret.")
        for document in documents:
            expect(page.get_by_role("table", name="Uploadede dokumenter")).to_contain_text(document["name"])
    next_step(page)
    submit(page)
    return number


# --- case page, payment, mail ------------------------------------------------------------------------


def case_status(page) -> str:
    """The status on the case page's overview, as shown."""
    return page.locator("td[data-status]").inner_text().strip()


def pay_by_card(page, *, choice: str = "Godkend betaling", shot: str | None = None) -> None:
    """From the case page's orange box: "Betal med kort", the test gateway's hosted page, and back."""
    page.click(page.locator("[data-missing]").get_by_role("button", name="Betal med kort"), url="**/testbetaling/**")
    pay_at_gateway(page, choice=choice, shot=shot)


def pay_at_gateway(page, *, choice: str = "Godkend betaling", shot: str | None = None) -> None:
    expect(page.locator("h1")).to_have_text("Betal med kort")
    page.click(page.get_by_role("button", name=choice), url="**/betaling/retur/**", shot=shot)


def mail_path(body: str, marker: str) -> str:
    """The portal path of the first link in an e-mail body that contains `marker` (links are absolute)."""
    for word in body.split():
        if marker in word and word.startswith("http"):
            return urlsplit(word).path
    raise AssertionError(f"no link with {marker!r} in the e-mail:\n{body}")


# --- cases made in the data, for pages that begin where another flow ends ---------------------------------------


def fee_paid_by_card(case, *, reference: str, amount_ore: int, by) -> None:
    """The case's fee paid by card at the test gateway, settled as the gateway's callback would settle it."""
    from klageportal.payments.contrib.testgateway.models import HostedCheckout
    from klageportal.payments.models import Payment
    from klageportal.payments.services import payment_settle

    HostedCheckout.objects.create(
        reference=reference,
        order_id="1",
        amount_ore=amount_ore,
        description="Klagegebyr",
        return_url="http://testserver/r/",
        callback_url="http://testserver/c/",
        chosen="paid",
        status="paid",
    )
    Payment.objects.create(
        case=case,
        amount_ore=amount_ore,
        gateway="testgateway",
        gateway_reference=reference,
        payer=case.parties.get(is_filer=True),
        created_by=by,
    )
    payment_settle(gateway="testgateway", reference=reference, status="paid")


def complaint_submitted(
    filer: str, *, reference: str, email: str, text: str = "Lokalplanen tillader byggeri tæt på mit hus."
):
    """A local plan complaint the test identity `filer` made on its own behalf against Viborg Kommune's decision,
    made in the data and Indsendt (filing itself is the filing tests' work)."""
    from django.utils.translation import gettext_noop

    from klageportal.cases import workflow
    from klageportal.cases.models import PartyKind, PartyRole, Status
    from klageportal.cases.services.create import case_create
    from klageportal.cases.services.parties import party_add
    from klageportal.catalog.models import Authority, Channel, ComplaintType
    from klageportal.core.phrases import phrase
    from klageportal.site.demo import demo_user

    person = demo_user(filer)
    complaint_type = ComplaintType.objects.select_related("board").get(slug="lokalplan")
    case = case_create(
        channel=Channel.FILING,
        board=complaint_type.board,
        complaint_type=complaint_type,
        authority=Authority.objects.get(municipality_code="791"),
        created_by=person,
        event_text=phrase(gettext_noop("Klagen er påbegyndt")),
        decision_reference=reference,
        complaint_text=text,
    )
    party_add(
        case=case,
        by=person,
        role=PartyRole.COMPLAINANT,
        kind=PartyKind.PERSON,
        user=person,
        is_filer=True,
        name=person.full_name,
        cpr=person.cpr,
        email=email,
    )
    workflow.transition(case, to=Status.UDFYLDT, actor=workflow.Actor.FILER, by=person)
    workflow.transition(case, to=Status.INDSENDT, actor=workflow.Actor.SYSTEM, reason="")
    return case


def forwarded(case, *, by: str) -> None:
    """The case forwarded to its board by the test identity `by` of the first instance."""
    from klageportal.cases import workflow
    from klageportal.cases.models import Status
    from klageportal.site.demo import demo_user

    workflow.transition(case, to=Status.VIDERESENDT, actor=workflow.Actor.FIRST_INSTANCE, by=demo_user(by))

"""Every URL of the portal × every kind of person × their own case and someone else's (X-3, X-6, BD-8).

Each view declares beside itself who gets past its gate (`klageportal.core.access`, `@access(...)`); views
that are not the portal's own (libraries: the OpenID Connect client and provider, i18n, the admin) are
declared in OUTSIDE below. The matrix resolves the whole URL configuration, asks GET and POST (with an
empty body) as each person, and fails where the answer differs from the declaration, where a refused POST
changed anything, or where a URL has no declaration at all.

A person is refused by 401, 403, 404, 405 or a redirect to a login; any other answer (a page, a redirect
elsewhere, 400 for input the page cannot use) means they got past the gate.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, path, reverse
from django.urls.converters import IntConverter
from django.utils import timezone

from klageportal.cases.models import (
    ApprovalState,
    Case,
    CaseEvent,
    ExemptionRequest,
    Follow,
    Grouping,
    Message,
    Party,
    PartyKind,
    PartyRole,
    Status,
)
from klageportal.catalog.models import Channel
from klageportal.core.access import (
    ADMINS,
    EVERYONE,
    NOBODY,
    Access,
    Who,
    access,
)
from klageportal.documents.models import CaseDocument, Document
from klageportal.filing.models import Capacity, FilingDraft, Represented
from klageportal.filing.services import complaint_start
from klageportal.filing.steps import FIRST_STEP
from klageportal.forwarding.models import AnkeskemaDraft, AnkeskemaSubmission, AnkeskemaSupplement
from klageportal.identity.models import Right
from klageportal.notifications.models import CaughtEmail, OutboxEmail
from klageportal.payments.models import Payment, PaymentLink, Refund
from klageportal.payments.services import payment_link_send, payment_start
from tests.factories import (
    AdminFactory,
    AuthorityFactory,
    AuthorityUserFactory,
    BodyStaffFactory,
    CaseDocumentFactory,
    CaseFactory,
    CitizenFactory,
    CompanyUserFactory,
    ComplaintTypeFactory,
    DocumentFactory,
    PartyFactory,
)

pytestmark = pytest.mark.django_db

COMPANY_CVR = "37042374"
LAWYER_CVR = "38025694"
OUTSIDE: dict[str, Access] = {
    # The OpenID Connect client (mozilla-django-oidc and identity/oidc.py): login, its callback, logout.
    "oidc_authentication_init": Access(EVERYONE),
    "oidc_authentication_callback": Access(EVERYONE),
    "oidc_logout": Access(EVERYONE, method="POST"),
    # Django's language switch and translation catalogue.
    "set_language": Access(EVERYONE, method="POST"),
    "javascript-catalog": Access(EVERYONE),
    "admin:logout": Access(EVERYONE, method="POST"),
    # The development identity provider's OpenID Connect endpoints (django-oauth-toolkit).
    "oauth2_provider:authorize": Access(NOBODY),  # first the provider's own login, /devidp/login/
    "oauth2_provider:token": Access(EVERYONE, method="POST"),
    "oauth2_provider:user-info": Access(NOBODY),  # a bearer token, never a session
    "oauth2_provider:oidc-connect-discovery-info": Access(EVERYONE),
    "oauth2_provider:jwks-info": Access(EVERYONE),
}
ADMIN_SAMPLE = (Who.ANONYMOUS, Who.OTHER_CITIZEN, Who.CASEWORKER)
OUTSIDE_NAMESPACES: dict[str, Access] = {
    "admin": Access(ADMINS),  # every page of Django's administration: is_staff, given by the administrator right
}


@dataclass(frozen=True)
class Route:
    path: str
    """The route as written, prefixes joined (for messages)."""
    name: str
    pattern: URLPattern
    namespace: str


def routes(resolver: URLResolver | None = None, prefix: str = "", namespace: str = "") -> Iterator[Route]:
    """Every URL pattern of the configuration, through every include."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from routes(entry, prefix + str(entry.pattern), inner)
        else:
            yield Route(prefix + str(entry.pattern), f"{namespace}{entry.name or ''}", entry, namespace)


def declaration(route: Route) -> Access | None:
    declared = getattr(route.pattern.callback, "access", None)
    if isinstance(declared, Access):
        return declared
    if route.name in OUTSIDE:
        return OUTSIDE[route.name]
    return OUTSIDE_NAMESPACES.get(route.namespace.split(":")[0])


@dataclass
class World:
    people: dict[Who, object]
    own: dict[str, Case]
    others: dict[str, Case]
    values: dict[str, dict[str, object]]
    """For each case (by number), the URL parameters that name things on it."""
    common: dict[str, object]


def build_world() -> World:
    authority, other_authority, foreign_authority = AuthorityFactory(), AuthorityFactory(), AuthorityFactory()
    complaint_type, other_type, foreign_type = ComplaintTypeFactory(), ComplaintTypeFactory(), ComplaintTypeFactory()
    people: dict[Who, object] = {
        Who.COMPLAINANT: CitizenFactory(full_name="Mette Klager"),
        Who.OTHER_CITIZEN: CitizenFactory(full_name="Anden Borger"),
        Who.SIGNER: CompanyUserFactory(cvr=COMPANY_CVR, rights=[Right.SIGNING.value]),
        Who.EMPLOYEE: CompanyUserFactory(cvr=COMPANY_CVR, rights=[]),
        Who.EMPLOYEE_WITH_RIGHT: CompanyUserFactory(cvr=COMPANY_CVR, rights=[Right.COMPLAINT_CASES.value]),
        Who.REPRESENTATIVE: CompanyUserFactory(
            cvr=LAWYER_CVR, organisation_name="Advokatfirmaet Lind", rights=[Right.SIGNING.value]
        ),
        Who.FIRST_INSTANCE: AuthorityUserFactory(authority=authority, rights=[Right.ANKESKEMA.value]),
        Who.OTHER_FIRST_INSTANCE: AuthorityUserFactory(authority=other_authority, rights=[Right.ANKESKEMA.value]),
        Who.CASEWORKER: BodyStaffFactory(boards=[complaint_type.board]),
        Who.OTHER_CASEWORKER: BodyStaffFactory(boards=[other_type.board]),
        Who.ADMIN: AdminFactory(),
        Who.PROPOSED_PARTY: CitizenFactory(full_name="Foreslået Forælder"),
        Who.CONFIRMED_PARTY: CitizenFactory(full_name="Bekræftet Forælder"),
    }
    stranger = CitizenFactory(full_name="Fremmed Borger")
    stranger_firm = CompanyUserFactory(cvr="29876541", rights=[Right.SIGNING.value])
    foreign_staff = AuthorityUserFactory(authority=foreign_authority, rights=[Right.ANKESKEMA.value])
    values: dict[str, dict[str, object]] = {}

    def forwarded(*, complainant, parent, confirmed, company, lawyer, type_, staff) -> Case:
        """A social case a municipality forwarded with the web appeal form (AS-23)."""
        case = CaseFactory(
            number=f"AST-2026-{len(values) + 1:06d}",
            status=Status.VIDERESENDT,
            channel=Channel.FORWARDING,
            complaint_type=type_,
            authority=staff.authority,
            created_by=staff,
            submitted_at=timezone.now(),
            filer=None,
        )
        own_party = PartyFactory(case=case, role=PartyRole.COMPLAINANT, cpr=complainant.cpr, name=complainant.full_name)
        PartyFactory(case=case, role=PartyRole.REPRESENTATIVE, kind=PartyKind.COMPANY, cvr=lawyer)
        PartyFactory(case=case, role=PartyRole.OTHER, cpr=parent.cpr, proposed=True)
        PartyFactory(case=case, role=PartyRole.OTHER, cpr=confirmed.cpr, proposed=True, confirmed_at=timezone.now())
        PartyFactory(
            case=case,
            role=PartyRole.OTHER,
            kind=PartyKind.COMPANY,
            cvr=company,
            proposed=True,
            confirmed_at=timezone.now(),
        )
        link = CaseDocumentFactory(case=case, added_by=staff, added_by_role=PartyRole.FIRST_INSTANCE)
        draft = AnkeskemaDraft.objects.create(owner=staff, authority=staff.authority, state=AnkeskemaDraft.State.SENT)
        submission = AnkeskemaSubmission.objects.create(
            draft=draft,
            lobenummer=f"2026-{case.pk:06d}",
            year=2026,
            sequence=case.pk,
            sent_at=timezone.now(),
            sent_by=staff,
            authority=staff.authority,
            case=case,
        )
        message = Message.objects.create(case=case, author=None, author_name=own_party.name, party=own_party, text="?")
        values[case.number] = {
            "pk": link.pk,
            "lobenummer": submission.lobenummer,
            "party": own_party.pk,
            "message": message.pk,
        }
        return case

    def draft(filer) -> Case:
        case = complaint_start(by=filer, complaint_type=complaint_type)
        values[case.number] = {"step": str(FIRST_STEP)}
        return case

    def udfyldt(*, filer, complainant, type_, staff_authority) -> Case:
        """A complaint a representative filed, waiting for the complainant's approval and the fee (KP-7)."""
        case = CaseFactory(
            number=f"MAT-2026-{len(values) + 1:06d}",
            status=Status.UDFYLDT,
            complaint_type=type_,
            authority=staff_authority,
            created_by=filer,
            filer__role=PartyRole.REPRESENTATIVE,
            filer__kind=PartyKind.COMPANY,
            filer__cvr=filer.cvr,
            filer__cpr="",
        )
        PartyFactory(case=case, role=PartyRole.COMPLAINANT, cpr=complainant.cpr, approval=ApprovalState.PENDING)
        declined = PartyFactory(case=case, role=PartyRole.COMPLAINANT, approval=ApprovalState.DECLINED)
        FilingDraft.objects.create(case=case, capacity=Capacity.REPRESENT, represented=Represented.PERSONS_COMPANIES)
        values[case.number] = {"party_id": declined.pk}
        return case

    def indsendt(*, complainant, type_, staff_authority) -> Case:
        """A complaint the first instance is preparing (X-6: it may act), with the complainant's document (FI-3)."""
        case = CaseFactory(
            number=f"PKN-2026-{len(values) + 1:06d}",
            status=Status.INDSENDT,
            complaint_type=type_,
            authority=staff_authority,
            created_by=complainant,
            submitted_at=timezone.now(),
        )
        link = CaseDocumentFactory(case=case, added_by=complainant, added_by_role=PartyRole.COMPLAINANT)
        values[case.number] = {"pk": link.pk}
        return case

    p = people
    own = {
        "forwarded": forwarded(
            complainant=p[Who.COMPLAINANT],
            parent=p[Who.PROPOSED_PARTY],
            confirmed=p[Who.CONFIRMED_PARTY],
            company=COMPANY_CVR,
            lawyer=LAWYER_CVR,
            type_=complaint_type,
            staff=p[Who.FIRST_INSTANCE],
        ),
        "draft": draft(p[Who.COMPLAINANT]),
        "udfyldt": udfyldt(
            filer=p[Who.REPRESENTATIVE], complainant=p[Who.COMPLAINANT], type_=complaint_type, staff_authority=authority
        ),
        "indsendt": indsendt(complainant=p[Who.COMPLAINANT], type_=complaint_type, staff_authority=authority),
    }
    others = {
        "forwarded": forwarded(
            complainant=stranger,
            parent=CitizenFactory(),
            confirmed=CitizenFactory(),
            company="29876541",
            lawyer="29876541",
            type_=foreign_type,
            staff=foreign_staff,
        ),
        "draft": draft(stranger),
        "udfyldt": udfyldt(
            filer=stranger_firm, complainant=stranger, type_=foreign_type, staff_authority=foreign_authority
        ),
        "indsendt": indsendt(complainant=stranger, type_=foreign_type, staff_authority=foreign_authority),
    }
    payment_case = own["udfyldt"]
    link = payment_link_send(
        case=payment_case, by=p[Who.REPRESENTATIVE], email="betaler@example.dk", register_as_payer=False
    )
    payment_start(
        case=payment_case,
        by=p[Who.REPRESENTATIVE],
        return_url="http://testserver/betaling/retur/testgateway/",
        callback_url="http://testserver/betaling/notifikation/testgateway/",
    )
    payment = Payment.objects.get(case=payment_case)
    # FI-8: a grouping of the first instance's authority, with a complaint of its own in it.
    grouped = CaseFactory(
        number="NH-2026-900001", status=Status.INDSENDT, complaint_type=complaint_type, authority=authority
    )
    grouping = Grouping.objects.create(
        authority=authority, complaint_type=complaint_type, name="Lokalplan 1", created_by=p[Who.FIRST_INSTANCE]
    )
    Case.objects.filter(pk=grouped.pk).update(grouping=grouping)
    # KP-8, BD-4: a request for exemption the caseworker's board granted, naming the first instance's authority.
    exemption = ExemptionRequest.objects.create(
        number="FR-2026-900001",
        board=complaint_type.board,
        complaint_type=complaint_type,
        authority=authority,
        citizen_name="Inger Poulsen",
        citizen_cpr="0901410432",
        reason="Demens",
        requested_by=p[Who.REPRESENTATIVE],
        state=ExemptionRequest.State.GRANTED,
    )
    # AS-52: the caseworker's board receives the web appeal form; a supplement no form matched waits for it.
    ComplaintTypeFactory(board=complaint_type.board, version__channel=Channel.FORWARDING)
    supplement = AnkeskemaSupplement.objects.create(
        authority=authority, sent_by=p[Who.FIRST_INSTANCE], citizen_cpr="0101801234", journal_number="J-1", text="x"
    )
    supplement_file = DocumentFactory()
    supplement.documents.add(supplement_file)
    mail = CaughtEmail.objects.create(to="a@example.dk", from_email="portal@example.dk", subject="Hej", body="Hej")
    common = {
        "token": link.token,
        "reference": payment.gateway_reference,
        "gateway": payment.gateway,
        "item": "afgoerelse",
        "app_label": "catalog",
        "mail_pk": mail.pk,
        "grouping": grouping.pk,
        "exemption": exemption.number,
        "supplement": supplement.pk,
        "document": supplement_file.pk,
    }
    return World(people=people, own=own, others=others, values=values, common=common)


COUNTED = (
    Case,
    Party,
    CaseEvent,
    CaseDocument,
    Document,
    Payment,
    PaymentLink,
    FilingDraft,
    AnkeskemaDraft,
    AnkeskemaSubmission,
    OutboxEmail,
    Grouping,
    Follow,
    ExemptionRequest,
    Message,
    Refund,
    AnkeskemaSupplement,
)


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in COUNTED}


def url_for(route: Route, world: World, case: Case | None) -> str:
    if not route.name.rsplit(":", 1)[-1]:  # an unnamed pattern (the admin's catch-all): the route, groups filled
        return "/" + re.sub(r"\(\?P<\w+>[^)]*\)", "1", route.path).replace("^", "").replace("$", "")
    kwargs: dict[str, object] = {}
    on_case = world.values.get(case.number, {}) if case is not None else {}
    names = getattr(route.pattern.pattern, "converters", None) or dict.fromkeys(route.pattern.pattern.regex.groupindex)
    for name, converter in names.items():
        if name == "number" and isinstance(converter, IntConverter):
            kwargs[name] = 1
        elif name == "number":
            assert case is not None, f"{route.path}: a case URL needs `case=` in its declaration"
            kwargs[name] = case.number
        elif name == "pk" and route.name == "dev_mail_detail":
            kwargs[name] = world.common["mail_pk"]
        elif name in on_case:
            kwargs[name] = on_case[name]
        elif name in world.common:
            kwargs[name] = world.common[name]
        else:
            kwargs[name] = "1"
    url = reverse(route.name, kwargs=kwargs)
    if route.name == "payments:return":
        url += f"?reference={world.common['reference']}"
    return url


LOGIN_PATHS = ("/oidc/authenticate/", "/admin/login/", "/devidp/login/")


def refused(response) -> bool:
    if response.status_code in (401, 403, 404, 405):
        return True
    if response.status_code in (301, 302, 303, 307, 308):
        location = response["Location"]
        return any(location.startswith(path) for path in (settings.LOGIN_URL, *LOGIN_PATHS))
    return False


class Sessions:
    """One logged-in client per person, logged in again only when a request has ended its session."""

    def __init__(self, people: dict[Who, object]):
        self.people = people
        self.clients: dict[Who, Client] = {}

    def ask(self, who: Who, method: str, url: str):
        client = self.clients.get(who)
        person = self.people.get(who)
        if client is None or (person is not None and "_auth_user_id" not in client.session):
            client = self.clients[who] = Client()
            if person is not None:
                client.force_login(person)
        return client.get(url) if method == "GET" else client.post(url, {})


def test_every_url_answers_exactly_the_people_its_declaration_names(catalogue):
    """X-3, X-6, BD-8: the whole URL configuration against every kind of person, their case and another's."""
    world = build_world()
    sessions = Sessions(world.people)
    problems: list[str] = []
    all_routes = list(routes())
    assert len(all_routes) > 100
    for route in all_routes:
        declared = declaration(route)
        if declared is None:
            problems.append(f"{route.path} ({route.name or 'no name'}): no access declaration")
            continue
        in_admin = route.namespace.startswith("admin:")
        tries = (
            [(world.own[declared.case], True), (world.others[declared.case], False)]
            if declared.case
            else [(None, True)]
        )
        for case, own in tries:
            url = url_for(route, world, case)
            where = " on their own case" if case is not None and own else " on another's case" if case else ""
            allowed = {who for who in Who if own and who in declared.who}
            refused_people = [who for who in Who if who not in allowed]
            if in_admin:  # the admin site's one gate (is_staff) answers every one of them alike
                refused_people = [who for who in refused_people if who in ADMIN_SAMPLE]
            before = counts()
            for who in refused_people:
                for method in ("GET", "POST"):
                    response = sessions.ask(who, method, url)
                    if response.status_code >= 500 or not refused(response):
                        problems.append(f"{method} {url} as {who}{where}: let through ({response.status_code})")
            if (after := counts()) != before:
                changed = {k: (before[k], v) for k, v in after.items() if v != before[k]}
                problems.append(f"{url}: refused requests changed {changed}")
            for who in allowed:
                response = sessions.ask(who, declared.method, url)
                if response.status_code >= 500:
                    problems.append(f"{declared.method} {url} as {who}{where}: {response.status_code}")
                elif refused(response) and not (in_admin and route.name != "admin:index"):
                    # In the administration a model's own permissions may still refuse an add or delete page.
                    problems.append(f"{declared.method} {url} as {who}{where}: refused ({response.status_code})")
    assert not problems, "\n".join(problems)


def test_a_url_without_a_declaration_has_none_and_is_reported():
    """A new view without `@access(...)` fails the matrix above."""

    def new_view(request):
        raise AssertionError("never called")

    route = Route("nyt/", "nyt", path("nyt/", new_view, name="nyt"), "")
    assert declaration(route) is None
    declared_view = access(EVERYONE)(new_view)
    assert declaration(Route("nyt/", "nyt", path("nyt/", declared_view, name="nyt"), "")) == Access(EVERYONE)

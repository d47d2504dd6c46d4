"""Input never makes the portal answer 5xx: far dates, deep JSON, refused gateways, and generated values."""

import html
import json
import re
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

import pytest
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from klageportal.cases.models import Status as CaseStatus
from klageportal.catalog.models import Authority, ComplaintType
from klageportal.filing.steps import Step
from klageportal.forwarding.form.guidance import computed_complaint_deadline, page4_guidance
from klageportal.forwarding.models import AnkeskemaDraft
from klageportal.payments.contrib.testgateway.gateway import SIGNATURE_HEADER, signature
from klageportal.payments.services import payment_link_send, payment_start
from klageportal.site.demo import demo_user
from tests.factories import AnkeskemaDraftFactory, CaseDocumentFactory, CaseFactory
from tests.forwarding.conftest import complete_answers, post_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def birgitte(catalogue):
    """A caseworker with the form right, as the development login makes her."""
    return demo_user("birgitte")


FAR = "9999-12-31"


def _far_dates(answers: dict) -> dict:
    answers["4"] = {
        **answers["4"],
        "decision_date": "9999-12-20",
        "complaint_date": FAR,
        "reassessment_date": FAR,
    }
    return answers


def test_guidance_for_dates_at_the_end_of_the_calendar_says_it_cannot_compute():
    answers = {
        "decision_date": FAR,
        "decision_channel": "digital",
        "complaint_date": FAR,
        "deadline_exceeded": "nej",
        "outcome": "fastholdt",
    }
    assert computed_complaint_deadline(answers, authority=None) is None
    items = page4_guidance(answers, authority=None)
    assert [item.key for item in items] == ["out_of_range"]


@pytest.mark.parametrize("number", [4, 7])
def test_a_draft_holding_year_9999_dates_renders_its_pages(client, birgitte, number):
    AnkeskemaDraftFactory(owner=birgitte, data=_far_dates(complete_answers()))
    client.force_login(birgitte)
    response = client.get(reverse("forwarding:page", kwargs={"number": number}))
    assert response.status_code == 200


def test_deadline_guidance_endpoint_answers_for_year_9999(client, birgitte):
    AnkeskemaDraftFactory(owner=birgitte, data=complete_answers())
    client.force_login(birgitte)
    response = client.post(
        reverse("forwarding:deadlines"),
        {
            "decision_date": FAR,
            "decision_channel": "digital",
            "complaint_date": FAR,
            "deadline_exceeded": "nej",
            "outcome": "fastholdt",
        },
    )
    assert response.status_code == 200
    assert [item["key"] for item in response.json()["guidance"]] == ["out_of_range"]


def test_a_far_date_on_page_4_is_a_field_error(client, birgitte):
    AnkeskemaDraftFactory(owner=birgitte, data=complete_answers())
    client.force_login(birgitte)
    response = post_page(client, 4, _far_dates(complete_answers())["4"])
    assert response.status_code == 200
    assert "decision_date" in response.context["page"].main.errors


@pytest.mark.parametrize("number", ["99999999999999999999", "²", "１"])
def test_ids_typed_beyond_the_database_or_in_other_digits_are_ignored(client, birgitte, number):
    draft = AnkeskemaDraftFactory(owner=birgitte, data=complete_answers())
    client.force_login(birgitte)
    page_6 = reverse("forwarding:page", kwargs={"number": 6})
    assert client.post(page_6, {"action": f"remove-doc-{number}"}).status_code == 302
    assert client.post(reverse("forwarding:autosave"), {"page": number}).status_code == 400
    page_2 = reverse("forwarding:page", kwargs={"number": 2})
    assert client.post(page_2, {"action": f"search-party-{number}"}).status_code < 500
    answers = complete_answers(p3={"areas": [{"law": "1", "area": number, "paragraph": ""}]})
    AnkeskemaDraft.objects.filter(pk=draft.pk).update(data=answers)
    assert client.get(page_6).status_code == 200


def test_a_date_before_1900_on_page_4_is_a_field_error(client, birgitte):
    AnkeskemaDraftFactory(owner=birgitte, data=complete_answers())
    client.force_login(birgitte)
    response = post_page(client, 4, {**complete_answers()["4"], "decision_date": "0001-01-01"})
    assert response.status_code == 200
    assert response.context["page"].main.errors["decision_date"] == ["Datoen kan ikke ligge før år 1900."]


def test_a_complaints_decision_date_before_1900_is_a_field_error(db):
    from klageportal.filing.forms import DecisionForm

    form = DecisionForm({"decision_date": "0001-01-01"})
    assert not form.is_valid()
    assert form.errors["decision_date"] == ["Datoen kan ikke ligge før år 1900."]


def test_a_deeply_nested_signed_notification_is_refused_with_400(client):
    body = ("[" * 100_000 + "]" * 100_000).encode()
    response = client.post(
        reverse("payments:callback", kwargs={"gateway": "testgateway"}),
        data=body,
        content_type="application/json",
        headers={SIGNATURE_HEADER: signature(body)},
    )
    assert response.status_code == 400


@override_settings(IS_PRODUCTION=True)
def test_in_production_a_notification_for_the_refused_test_gateway_is_not_found(client):
    response = client.post(
        reverse("payments:callback", kwargs={"gateway": "testgateway"}), data=b"{}", content_type="application/json"
    )
    assert response.status_code == 404


@override_settings(IS_PRODUCTION=True)
def test_in_production_a_return_to_the_refused_test_gateway_is_not_found(client):
    response = client.get(reverse("payments:return", kwargs={"gateway": "testgateway"}), {"reference": "x"})
    assert response.status_code == 404


# --- Generated input to every URL that takes a POST ------------------------------------------------------

ANONYMOUS, CITIZEN, CASEWORKER = "anonymous", "citizen", "caseworker"
FIELD_NAME = re.compile(r'<(?:input|select|textarea|button)\b[^>]*\bname="([^"]+)"(?:[^>]*\bvalue="([^"]*)")?', re.I)
EXTRA_NAMES = ("action", "page", "draft", "kind", "query", "choice", "next", "language", "file", "csrfmiddlewaretoken")
MAX_EXAMPLES = 8

far_dates = st.sampled_from(
    ["9999-12-31", "9999-12-20", "0001-01-01", "1900-02-29", "2026-02-30", "31-12-9999", "99999-01-01", "2026-13-01"]
)
huge_numbers = st.one_of(
    st.integers().map(str),
    st.just("9" * 400),
    st.sampled_from(["1e309", "-0", "NaN", "Infinity", "0x10", "١٢٣", "12 345,67", "-1"]),
)
texts = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=200, max_size=2000),
    st.sampled_from(["", " ", "\x00", "\u202e", "<script>", "' OR 1=1 --", "../../etc/passwd", "﷽" * 50]),
)
values = st.one_of(texts, huge_numbers, far_dates, st.dates().map(date.isoformat))
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=10),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=25,
)


@dataclass(frozen=True)
class Target:
    role: str
    name: str
    kwargs: tuple[tuple[str, str], ...] = ()


def _targets() -> list[Target]:
    """Every URL pattern that might take a POST, with the role that reaches its form (and anonymously)."""
    own = {
        "filing:start": CITIZEN,
        "filing:change_type": CITIZEN,
        "filing:resume": CITIZEN,
        "filing:approve": CITIZEN,
        "filing:remove_declined": CITIZEN,
        "payments:pay": CITIZEN,
        "payments:send_link": CITIZEN,
        "set_language": CITIZEN,
    }
    targets = []
    for name in sorted(_pattern_names()):
        if name.startswith(("admin:", "oauth2_provider:")) or name in {"logout", "oidc_logout", "devidp:logout"}:
            continue
        role = own.get(name, CASEWORKER if name.startswith("forwarding:") else ANONYMOUS)
        if name == "filing:step":
            targets += [Target(CITIZEN, name, (("step", step.value),)) for step in Step]
        elif name == "forwarding:page":
            targets += [Target(CASEWORKER, name, (("number", str(number)),)) for number in range(1, 8)]
        else:
            targets.append(Target(role, name))
        if role != ANONYMOUS:
            targets += [Target(ANONYMOUS, name, target.kwargs) for target in targets if target.name == name]
    return targets


def _pattern_names(resolver: URLResolver | None = None, namespace: str = "") -> set[str]:
    resolver = resolver or get_resolver()
    names = set()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            names |= _pattern_names(entry, namespace + (f"{entry.namespace}:" if entry.namespace else ""))
        elif isinstance(entry, URLPattern) and entry.name:
            names.add(namespace + entry.name)
    return names


@pytest.fixture
def world(client, catalogue, birgitte):
    """A citizen with a complaint being filed and one waiting for its fee, a caseworker with a form draft."""
    mette = demo_user("mette")
    client.force_login(mette)
    started = client.post(reverse("filing:start"), {"complaint_type": ComplaintType.objects.get(slug="husdyrbrug").pk})
    filing_number = started["Location"].split("/")[2]
    waiting = CaseFactory(
        number="NH-2026-900001", status=CaseStatus.UDFYLDT, created_by=mette, authority=Authority.objects.first()
    )
    document = CaseDocumentFactory(case=waiting)
    link = payment_link_send(case=waiting, by=mette, email="ole@example.dk", register_as_payer=False)
    checkout = payment_start(case=waiting, by=mette, return_url="/retur/", callback_url="/notifikation/")
    AnkeskemaDraftFactory(owner=birgitte, data=complete_answers())
    client.logout()
    return {
        CITIZEN: mette,
        CASEWORKER: birgitte,
        "number": filing_number,
        "paid_number": waiting.number,
        "pk": str(document.pk),
        "party_id": "1",
        "token": link.token,
        "reference": checkout.rstrip("/").rsplit("/", 1)[-1],
        "gateway": "testgateway",
        "lobenummer": "AS-2026-000001",
        "item": "afgoerelse",
    }


def _url(target: Target, world: dict) -> str:
    pattern_kwargs = _pattern_kwargs(target.name)
    given = dict(target.kwargs)
    kwargs = {}
    for key in pattern_kwargs:
        if key in given:
            kwargs[key] = given[key]
        elif key == "number" and target.name.startswith("payments:"):
            kwargs[key] = world["paid_number"]
        else:
            kwargs[key] = world.get(key, "1")
    return reverse(target.name, kwargs=kwargs)


def _pattern_kwargs(name: str) -> list[str]:
    namespace, _, view = name.rpartition(":")
    resolver = get_resolver()
    for part in filter(None, namespace.split(":")):
        resolver = resolver.namespace_dict[part][1]
    possibilities = resolver.reverse_dict.getlist(view)
    return list(possibilities[0][0][0][1]) if possibilities else []


def _fields(client, url: str) -> list[tuple[str, str]]:
    response = client.get(url)
    if response.status_code != 200 or not response.get("Content-Type", "").startswith("text/html"):
        return []
    return [(name, html.unescape(value)) for name, value in FIELD_NAME.findall(response.content.decode())]


def _post(client, url: str, encoding: str, data: dict, body: str, sign: bool):
    if encoding == "form":
        return client.post(url, urlencode(data), content_type="application/x-www-form-urlencoded")
    if encoding == "multipart":
        return client.post(url, data)
    raw = body.encode() if encoding in {"json", "deep-json"} else body.encode("utf-8", "surrogatepass")
    content_type = {"json": "application/json", "deep-json": "application/json"}.get(encoding, "text/plain")
    headers = {SIGNATURE_HEADER: signature(raw)} if sign else {}
    return client.post(url, data=raw, content_type=content_type, headers=headers)


@pytest.mark.parametrize("role", [ANONYMOUS, CITIZEN, CASEWORKER])
def test_generated_input_never_answers_5xx(client, world, role):
    """Each URL gets generated values in every encoding; a failure names the URL and what was posted."""
    failures: list[str] = []
    for target in [target for target in _targets() if target.role == role]:
        try:
            _fuzz(client, world, target)
        except AssertionError as failure:
            failures.append(f"{target.name} {dict(target.kwargs)}: {failure}")
    assert failures == []


def _fuzz(client, world: dict, target: Target) -> None:
    url = _url(target, world)
    if target.role != ANONYMOUS:
        client.force_login(world[target.role])
    observed = _fields(client, url) or [(name, "") for name in EXTRA_NAMES]
    names = sorted({name for name, _ in observed} | set(EXTRA_NAMES))

    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        database=None,
        phases=[Phase.generate],  # no shrinking: the suite's time stays bounded, the message shows the input
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(
        encoding=st.sampled_from(["form", "form", "multipart", "json", "deep-json", "text"]),
        known=st.lists(st.sampled_from(observed), max_size=len(observed)),
        generated=st.dictionaries(st.sampled_from(names), values, max_size=8),
        body=st.one_of(json_values.map(json.dumps), st.text(max_size=200)),
        depth=st.integers(min_value=500, max_value=200_000),
        sign=st.booleans(),
    )
    def check(encoding, known, generated, body, depth, sign):
        if target.role != ANONYMOUS:
            client.force_login(world[target.role])
        data = {**dict(known), **generated}
        if encoding == "json":
            body = json.dumps(data) if sign else body
        elif encoding == "deep-json":
            body = "[" * depth + "]" * depth
        response = _post(client, url, encoding, data, body, sign)
        assert response.status_code < 500, f"{url} {encoding} {data!r:.500} {body:.200}"

    check()

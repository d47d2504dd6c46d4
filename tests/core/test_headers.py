"""Response headers: a Content-Security-Policy without inline code, no caching of personal data, HEAD as GET."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from klageportal.cases.models import Status
from tests.factories import CaseDocumentFactory, CaseFactory, CitizenFactory

pytestmark = pytest.mark.django_db

TEMPLATES = Path(settings.BASE_DIR) / "templates"
PDF_ONLY = {"forwarding/receipt_pdf.html", "casework/response_form_pdf.html", "casework/contact_details_pdf.html"}
"""Rendered into a PDF by WeasyPrint, never sent to a browser: its stylesheet is inline on purpose."""
INLINE = {
    "inline script": re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I),
    "style element": re.compile(r"<style\b", re.I),
    "style attribute": re.compile(r"\sstyle\s*=", re.I),
    "event handler attribute": re.compile(r"\son[a-z]+\s*=", re.I),
    "javascript: address": re.compile(r"javascript:", re.I),
}


def _policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


def test_every_page_has_a_content_security_policy_without_inline_script_or_style(client):
    for response in (client.get(reverse("start")), client.get("/no-such-page/")):
        policy = _policy(response)
        assert policy["script-src"] == ["'self'"]
        assert policy["style-src"] == ["'self'"]
        assert policy["object-src"] == ["'none'"]
        assert policy["frame-ancestors"] == ["'none'"]
        assert "'unsafe-inline'" not in response["Content-Security-Policy"]
        assert "'unsafe-eval'" not in response["Content-Security-Policy"]


def test_no_template_holds_inline_script_style_or_event_handlers():
    found = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        name = path.relative_to(TEMPLATES).as_posix()
        if name in PDF_ONLY:
            continue
        text = path.read_text()
        found += [f"{name}: {kind}" for kind, pattern in INLINE.items() if pattern.search(text)]
    assert found == []


def test_the_public_start_page_may_be_cached(client):
    response = client.get(reverse("start"))
    assert "no-store" not in response.get("Cache-Control", "")


def test_every_page_for_a_logged_in_person_is_not_stored(client):
    client.force_login(CitizenFactory())
    for url in (reverse("start"), reverse("workspace_home")):
        response = client.get(url)
        assert "no-store" in response["Cache-Control"], url


def test_a_document_download_is_not_stored(client):
    link = CaseDocumentFactory(case=CaseFactory(status=Status.INDSENDT))
    client.force_login(link.case.created_by)
    url = reverse("workspaces:case_document_download", kwargs={"number": link.case.number, "pk": link.pk})
    response = client.get(url)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def _get_urls(resolver: URLResolver | None = None, prefix: str = "") -> list[str]:
    """Every URL pattern, parameters filled with a value of their kind (most of those then answer 404)."""
    resolver = resolver or get_resolver()
    urls = []
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            urls += _get_urls(entry, route)
        elif isinstance(entry, URLPattern):
            route = re.sub(r"<int:\w+>", "1", route)
            route = re.sub(r"<(?:str|slug|path|uuid):?\w*>", "x", route)
            if "^" in route or "(?P" in route or "\\" in route:
                continue  # the admin's regular expressions
            urls.append("/" + route)
    return urls


def test_every_url_answers_head_with_the_same_status_as_get(client):
    client.force_login(CitizenFactory())
    differ = []
    for url in _get_urls():
        if url.startswith("/admin/"):
            continue
        get = client.get(url)
        head = client.head(url)
        if head.status_code != get.status_code:
            differ.append(f"{url}: GET {get.status_code}, HEAD {head.status_code}")
        assert head.content == b""
    assert differ == []


def test_head_keeps_the_headers_of_get(client):
    response = client.head(reverse("start"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert int(response["Content-Length"]) > 0

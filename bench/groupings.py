"""Benchmark of a grouping's documents (FI-8, DOC-6): the SQL queries of the one request that adds a document
to a grouping of 500 complaints, against a grouping of 5. Equal counts mean no query per case; the file is
stored once (one Document row) however many cases it goes to.

Registered in run.py as `grouping_add_document_queries`; run it alone with
`.venv/bin/python bench/run.py --only grouping_500_add_document_queries`.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bench.run import Bench

FIGURES = (
    "grouping_500_add_document_queries",
    "grouping_5_add_document_queries",
    "grouping_500_add_document_links",
    "grouping_500_add_document_stored",
)
PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def grouping_create(size: int, *, staff, tag: str):
    """A grouping of `size` complaints in Indsendt of one complaint type, against the staff's authority."""
    from django.utils import timezone

    from klageportal.cases.models import Case, Grouping, Status
    from klageportal.catalog.models import Channel, ComplaintType
    from klageportal.identity.models import Role, User

    complaint_type = ComplaintType.objects.select_related("board").order_by("pk").first()
    filer = User.objects.create(
        username=f"bench-grouping-filer-{tag}",
        oidc_sub=f"bench-grouping-filer-{tag}",
        role=Role.CITIZEN,
        full_name="Bench Klager",
    )
    grouping = Grouping.objects.create(
        authority=staff.authority, complaint_type=complaint_type, name=f"Bench {size}", created_by=staff
    )
    now = timezone.now()
    Case.objects.bulk_create(
        (
            Case(
                number=f"BENCH-G{tag}-{index:06d}",
                channel=Channel.FILING,
                status=Status.INDSENDT,
                board=complaint_type.board,
                complaint_type=complaint_type,
                authority=staff.authority,
                created_by=filer,
                submitted_at=now,
                grouping=grouping,
            )
            for index in range(size)
        ),
        batch_size=500,
    )
    return grouping


def add_document_queries(bench: Bench) -> Iterator[tuple[str, object]]:
    """SQL queries of one request adding a document to a grouping of 500 cases and of 5 (they must be equal)."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connection, connections
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from klageportal.catalog.models import Authority, DocumentCategory
    from klageportal.documents.models import CaseDocument, Document
    from klageportal.identity.models import Role, User

    authority = Authority.objects.order_by("pk").first()
    staff = User.objects.create(
        username="bench-grouping-staff",
        oidc_sub="bench-grouping-staff",
        role=Role.AUTHORITY,
        full_name="Bench Sagsbehandler",
        authority=authority,
    )
    category = DocumentCategory.objects.order_by("position").first()
    client = Client()
    client.force_login(staff)
    counts: dict[int, int] = {}
    try:
        for index, size in enumerate((5, 5, 500)):  # the first request warms the caches and the session
            grouping = grouping_create(size, staff=staff, tag=f"{index}")
            url = reverse("workspaces:grouping_documents", kwargs={"grouping": grouping.pk})
            upload = SimpleUploadedFile(f"svar-{index}.pdf", PDF + str(index).encode(), content_type="application/pdf")
            data = {"dokumenter-uploads": upload, "dokumenter-understood": "on"}
            if category is not None:
                data["dokumenter-categories"] = [category.pk]
            with CaptureQueriesContext(connection) as captured:
                response = client.post(url, data)
            if response.status_code != 302:
                raise RuntimeError(f"{url} answered {response.status_code}: {response.content[:500]!r}")
            counts[size] = len(captured.captured_queries)
            if size == 500:
                stored = Document.objects.filter(case_links__case__grouping=grouping).distinct()
                links = CaseDocument.objects.filter(case__grouping=grouping).count()
                log(f"  {size} cases: {counts[size]} queries, {links} links, {stored.count()} stored document(s)")
                yield "grouping_500_add_document_queries", counts[500]
                yield "grouping_5_add_document_queries", counts[5]
                yield "grouping_500_add_document_links", links
                yield "grouping_500_add_document_stored", stored.count()
    finally:
        connections.close_all()

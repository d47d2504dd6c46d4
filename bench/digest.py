"""Benchmark of the daily digest (NT-2): the time per recipient at 100,000 recipients against 1,000.

In the harness's database (with its generated cases, whose history lies before the run), the benchmark writes
forwarded cases with news in the digest's window: each case has its filer and a representative (each with an
address of its own, CW-5), two history lines (a note, and a document added by the filer, which the filer is not
told of) and, one case in twenty, a caseworker of a pool of a hundred; the first instances' official addresses
hear of their cases too (NT-4). It then times `casework.digest.digest_send` — the window's lines, who may see
which, one e-mail per address, the outbox rows and the (address, day) records, all bulk-created — without
handing the e-mails to the task queue (the SMTP conversation is per e-mail whatever the scale, and not measured).

Each size is timed a few times, each time rolled back, and the fastest is taken. Figures: `digest_100k_vs_1k`
(seconds per recipient at 100k ÷ at 1k; goal ≤ 1.2), `digest_1k_ms` and `digest_100k_s` (the fastest runs),
`digest_100k_recipients` and `digest_100k_us_per_recipient`, and `digest_queries_1k` / `digest_queries_100k`
(SQL statements other than the bulk inserts: must be equal).

    .venv/bin/python bench/run.py --only digest_100k_vs_1k
    .venv/bin/python bench/run.py --only digest_100k_vs_1k --quick      # 10k instead of 100k
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from datetime import timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bench.run import Bench

FIGURES = (
    "digest_100k_vs_1k",
    "digest_1k_ms",
    "digest_100k_s",
    "digest_100k_recipients",
    "digest_100k_us_per_recipient",
    "digest_queries_1k",
    "digest_queries_100k",
)
SMALL, LARGE = 1_000, 100_000
BATCH = 2_000


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def news_write(recipients: int, *, tag: str, staff: list) -> int:
    """Forwarded cases with news for about `recipients` addresses (two parties a case); returns the cases."""
    from django.db import transaction
    from django.utils import timezone

    from klageportal.cases.models import Case, CaseEvent, Party, PartyRole, Status
    from klageportal.catalog.models import Authority, Channel, ComplaintType
    from klageportal.documents.models import CaseDocument, Document
    from klageportal.identity.models import Role, User

    complaint_type = ComplaintType.objects.select_related("board").order_by("pk").first()
    if complaint_type is None:
        raise RuntimeError("the catalogue has no complaint type")
    authorities = list(Authority.objects.exclude(email="").order_by("pk")[:50])
    filer = User.objects.create(
        username=f"bench-digest-{tag}", oidc_sub=f"bench-digest-{tag}", role=Role.CITIZEN, full_name="Bench Klager"
    )
    cases = recipients // 2
    now = timezone.now()
    for start in range(0, cases, BATCH):
        stop = min(start + BATCH, cases)
        with transaction.atomic():
            made = Case.objects.bulk_create(
                [
                    Case(
                        number=f"BENCH-D{tag}-{index:06d}",
                        channel=Channel.FILING,
                        status=Status.VIDERESENDT,
                        board=complaint_type.board,
                        complaint_type=complaint_type,
                        authority=authorities[index % len(authorities)] if authorities else None,
                        created_by=filer,
                        submitted_at=now,
                        forwarded_at=now,
                        assigned_to=staff[index % len(staff)] if index % 20 == 0 else None,
                    )
                    for index in range(start, stop)
                ],
                batch_size=500,
            )
            Party.objects.bulk_create(
                [
                    Party(case=case, role=role, name=f"{role} {case.number}", email=f"{role}.{case.number}@bench.dk")
                    for case in made
                    for role in (PartyRole.COMPLAINANT, PartyRole.REPRESENTATIVE)
                ],
                batch_size=500,
            )
            documents = Document.objects.bulk_create(
                [
                    Document(file=f"bench/{case.number}.pdf", original_name="bilag.pdf", size=10, sha256="0" * 64)
                    for case in made
                ],
                batch_size=500,
            )
            CaseDocument.objects.bulk_create(
                [
                    CaseDocument(case=case, document=document, added_by=filer, added_by_role=PartyRole.COMPLAINANT)
                    for case, document in zip(made, documents, strict=True)
                ],
                batch_size=500,
            )
            CaseEvent.objects.bulk_create(
                [
                    event
                    for case, document in zip(made, documents, strict=True)
                    for event in (
                        CaseEvent(case=case, kind=CaseEvent.Kind.NOTE, text="Nævnet har skrevet et notat", data={}),
                        CaseEvent(
                            case=case,
                            kind=CaseEvent.Kind.DOCUMENT,
                            text="Dokument tilføjet: bilag.pdf",
                            actor=filer,
                            actor_name=filer.full_name,
                            data={"document": document.pk},
                        ),
                    )
                ],
                batch_size=500,
            )
    return cases


def timed(*, now, repeat: int) -> tuple[float, int, int]:
    """The fastest of `repeat` digests at `now` (each rolled back): seconds, e-mails, non-insert queries."""
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from klageportal.casework.digest import digest_send

    best, sent, queries = float("inf"), 0, 0
    for _ in range(repeat):
        with transaction.atomic():
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                sent = digest_send(now=now, enqueue=False)
                best = min(best, time.perf_counter() - started)
            queries = sum(1 for q in captured.captured_queries if not q["sql"].lstrip().upper().startswith("INSERT"))
            transaction.set_rollback(True)
    return best, sent, queries


def scale(bench: Bench) -> Iterator[tuple[str, object]]:
    """The daily digest's time per recipient at 100k recipients ÷ at 1k, and its SQL statements."""
    from django.db import connections
    from django.utils import timezone

    from klageportal.identity.models import Role, User
    from klageportal.notifications.models import DigestRun

    large = 10_000 if bench.options.quick else LARGE
    staff = [
        User.objects.create(
            username=f"bench-digest-sb{i}",
            oidc_sub=f"bench-digest-sb{i}",
            role=Role.BODY_STAFF,
            full_name=f"Sagsbehandler {i}",
            email=f"sb{i}@naevn.bench.dk",
        )
        for i in range(100)
    ]
    start = timezone.now()
    # A digest "ten days ago" that ended now: the window starts after the generated cases' history.
    DigestRun.objects.create(day=timezone.localdate(start) - timedelta(days=10), since=start, until=start)

    step = time.perf_counter()
    news_write(SMALL, tag="S", staff=staff)
    log(f"  {SMALL} recipients' news written in {time.perf_counter() - step:.1f} s")
    small_at = timezone.now()
    small_s, small_sent, small_queries = timed(now=small_at, repeat=3 if bench.options.quick else 7)
    log(f"  {small_sent} e-mails in {small_s * 1000:.0f} ms")
    # The small day's digest is kept, so that the large one's window starts after it.
    DigestRun.objects.create(day=timezone.localdate(small_at) - timedelta(days=5), since=start, until=small_at)

    step = time.perf_counter()
    news_write(large, tag="L", staff=staff)
    log(f"  {large} recipients' news written in {time.perf_counter() - step:.1f} s")
    large_s, large_sent, large_queries = timed(now=timezone.now(), repeat=2 if bench.options.quick else 3)
    log(f"  {large_sent} e-mails in {large_s:.1f} s")
    connections.close_all()

    per_small, per_large = small_s / small_sent, large_s / large_sent
    yield "digest_100k_vs_1k", per_large / per_small
    yield "digest_1k_ms", small_s * 1000
    yield "digest_100k_s", large_s
    yield "digest_100k_recipients", large_sent
    yield "digest_100k_us_per_recipient", per_large * 1e6
    yield "digest_queries_1k", small_queries
    yield "digest_queries_100k", large_queries

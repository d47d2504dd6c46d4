"""Benchmark of the web appeal form: 50 caseworkers pressing "Send" at the same moment (AS-50).

Fifty caseworkers of one municipality each have a complete draft (every page answered, a file for every
required checklist item). Fifty threads, each with a database connection of its own, wait at a barrier and
then call the real `forwarding.services.ankeskema_send` together. The figures: the wall time until the last
send has committed, the number of løbenumre given twice (must be 0) and the number of gaps in the year's
series (must be 0), counted from the database after the run.

It needs PostgreSQL: SQLite takes one writer at a time, so "at once" would mean nothing there. When the
harness runs on PostgreSQL, the benchmark uses the harness's database. When it runs on SQLite, a temporary
database (`kp_bench_ankeskema`) is made on the PostgreSQL server of KP_BENCH_POSTGRES_URL (default
postgres://postgres@127.0.0.1:5432/postgres), migrated and measured in a process of its own
(`python -m bench.ankeskema`), and dropped afterwards. Without a reachable server the figures read
"unavailable" and the reason goes to stderr.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bench.run import Bench

REPO_DIR = Path(__file__).resolve().parent.parent
SENDS = 50
TEMPORARY_DATABASE = "kp_bench_ankeskema"
POSTGRES_URL = os.environ.get("KP_BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
FIGURES = ("ankeskema_50_concurrent_sends_s", "ankeskema_duplicate_lobenumre", "ankeskema_lobenummer_gaps")
PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


@dataclass
class SendsResult:
    sends: int
    seconds: float
    sent: int
    failed: int
    duplicates: int
    gaps: int
    first_error: str = ""
    lobenumre: list[str] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------
# The drafts
# ---------------------------------------------------------------------------------------------


def draft_answers(index: int, *, authority, area) -> dict:
    """Every page of a complete form, as the pages store their answers; dates a few weeks back."""
    from django.utils import timezone

    today = timezone.localdate()
    day = lambda days: (today - timedelta(days=days)).isoformat()  # noqa: E731
    # Born in the 1960s and 70s; a first digit 0–3 of the last four puts the year in the 1900s.
    cpr = f"{index % 28 + 1:02d}{index % 12 + 1:02d}{60 + index % 20:02d}{index % 4000:04d}"
    return {
        "1": {
            "municipality": authority.name,
            "municipality_cvr": authority.cvr,
            "department": "Ydelseskontoret",
            "caseworker": f"Sagsbehandler {index + 1}",
            "caseworker_phone": f"{86000000 + index}",
            "caseworker_email": f"sagsbehandler{index + 1}@kommune.example",
            "same_department": "ja",
            "journal_number": f"27.12.08-P20-{index + 1}-24",
            "office_hours": "Mandag–fredag 9–12",
        },
        "2": {"citizen_cpr": cpr, "citizen_name": f"Borger {index + 1}", "is_child": "nej", "parties": []},
        "3": {"areas": [{"law": str(area.law_id), "area": str(area.pk), "paragraph": "§ 1"}]},
        "4": {
            "decision_date": day(60),
            "decision_channel": "letter",
            "complaint_date": day(45),
            "complaint_channel": "digital",
            "deadline_exceeded": "nej",
            "reassessment_date": day(20),
            "outcome": "fastholdt",
            "citizen_informed": "ja",
            "citizen_informed_date": day(19),
        },
        "5": {"remarks": "Sagen haster.", "principled": ""},
    }


def drafts_prepare(count: int) -> list:
    """`count` caseworkers with the form right, each with a complete open draft and its files."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from django.db import transaction

    from klageportal.catalog.models import Authority, LawArea
    from klageportal.documents.models import Document
    from klageportal.forwarding.form.checklist import checklist_items
    from klageportal.forwarding.models import AnkeskemaDocument, AnkeskemaDraft
    from klageportal.identity.models import Right, Role, User

    authority = Authority.objects.filter(kind=Authority.Kind.MUNICIPALITY).order_by("pk").first()
    area = LawArea.objects.filter(catch_all=False).select_related("law").order_by("pk").first()
    if authority is None or area is None:
        raise RuntimeError("the catalogue has no municipality or no law area")
    run = uuid.uuid4().hex[:8]
    stored = default_storage.save(f"documents/bench/ankeskema-{run}.pdf", ContentFile(PDF))
    pairs = []
    with transaction.atomic():
        for index in range(count):
            user = User.objects.create(
                username=f"bench-ankeskema-{run}-{index}",
                full_name=f"Sagsbehandler {index + 1}",
                role=Role.AUTHORITY,
                authority=authority,
                cvr=authority.cvr,
                organisation_name=authority.name,
                rights=[Right.ANKESKEMA.value],
                email=f"sagsbehandler{index + 1}@kommune.example",
            )
            data = draft_answers(index, authority=authority, area=area)
            draft = AnkeskemaDraft.objects.create(owner=user, authority=authority, data=data, page=7)
            for item in checklist_items(data):
                if not item.required:
                    continue
                document = Document.objects.create(
                    file=stored,
                    original_name=f"{item.key}.pdf",
                    size=len(PDF),
                    sha256=f"bench-{run}",
                    content_type="application/pdf",
                    uploaded_by=user,
                )
                AnkeskemaDocument.objects.create(draft=draft, checklist_item=item.key, document=document)
            pairs.append((draft, user))
    return pairs


# ---------------------------------------------------------------------------------------------
# The measurement
# ---------------------------------------------------------------------------------------------


def _series_gaps(year: int) -> tuple[int, int]:
    """(duplicates, gaps) of the year's løbenumre: every number from 1 to the counter's value used once."""
    from django.db.models import Count

    from klageportal.cases.models import CaseNumberSequence
    from klageportal.forwarding.constants import LOBENUMMER_SERIES
    from klageportal.forwarding.models import AnkeskemaSubmission

    submissions = AnkeskemaSubmission.objects.filter(year=year)
    duplicates = sum(row["n"] - 1 for row in submissions.values("lobenummer").annotate(n=Count("pk")).filter(n__gt=1))
    last = CaseNumberSequence.objects.filter(series=LOBENUMMER_SERIES, year=year).values_list("last_value", flat=True)
    used = set(submissions.values_list("sequence", flat=True))
    top = max([*last, *used, 0])
    return duplicates, len(set(range(1, top + 1)) - used)


def measure(sends: int = SENDS) -> SendsResult:
    """Send `sends` complete drafts from as many threads at once; Django must be set up on PostgreSQL."""
    from django.db import connection, connections
    from django.utils import timezone

    from klageportal.catalog.services import catalog_load_defaults
    from klageportal.forwarding.services import ankeskema_send

    if connection.vendor != "postgresql":
        raise RuntimeError(f"concurrent sends need PostgreSQL, not {connection.vendor}")
    catalog_load_defaults()
    step = time.perf_counter()
    pairs = drafts_prepare(sends)
    log(f"  {sends} caseworkers with complete drafts made in {time.perf_counter() - step:.1f} s")
    connections.close_all()

    barrier = threading.Barrier(sends + 1)
    numbers: list[str | None] = [None] * sends
    errors: list[str] = []
    finished: list[float] = [0.0] * sends

    def send(index: int, draft, user) -> None:
        try:
            barrier.wait()
            numbers[index] = ankeskema_send(draft=draft, by=user).lobenummer
        except threading.BrokenBarrierError:
            errors.append("the barrier broke")
        except Exception as exc:  # every failure counts; the first is reported
            errors.append(f"{type(exc).__name__}: {exc}")
        finally:
            finished[index] = time.perf_counter()
            connections.close_all()  # this thread's own connection

    threads = [
        threading.Thread(target=send, args=(i, draft, user), name=f"send-{i}", daemon=True)
        for i, (draft, user) in enumerate(pairs)
    ]
    for thread in threads:
        thread.start()
    try:
        barrier.wait(timeout=60)
        started = time.perf_counter()
    except threading.BrokenBarrierError:
        barrier.abort()
        raise RuntimeError("not every sender reached the barrier") from None
    for thread in threads:
        thread.join(timeout=300)
    if any(thread.is_alive() for thread in threads):
        raise RuntimeError("a send did not finish within 5 minutes")
    seconds = max(finished) - started
    sent = [number for number in numbers if number]
    duplicates, gaps = _series_gaps(timezone.localdate().year)
    duplicates = max(duplicates, len(sent) - len(set(sent)))
    return SendsResult(
        sends=sends,
        seconds=seconds,
        sent=len(sent),
        failed=len(errors),
        duplicates=duplicates,
        gaps=gaps,
        first_error=errors[0] if errors else "",
        lobenumre=sorted(sent),
    )


# ---------------------------------------------------------------------------------------------
# A temporary PostgreSQL database when the harness runs on SQLite
# ---------------------------------------------------------------------------------------------


def _in_temporary_postgres(bench: Bench, sends: int) -> SendsResult | None:
    """Create the temporary database, measure in a process of its own on it, and drop it again."""
    database = type(bench.database)(var_dir=bench.var_dir, source_url=POSTGRES_URL, name=TEMPORARY_DATABASE)
    if database.postgres is None:
        log(f"  KP_BENCH_POSTGRES_URL does not name a PostgreSQL server: {POSTGRES_URL}")
        return None
    try:
        database.create()
    except Exception as exc:  # no server, no rights: the figures read "unavailable"
        log(f"  PostgreSQL is not available for the concurrent sends ({type(exc).__name__}: {exc})")
        return None
    try:
        log(f"  temporary database {database.label}")
        env = {**os.environ, "DATABASE_URL": database.url}
        process = subprocess.run(
            [sys.executable, "-m", "bench.ankeskema", "--sends", str(sends)],
            cwd=REPO_DIR,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            text=True,
            timeout=900,
        )
        if process.returncode != 0:
            raise RuntimeError(f"the measuring process failed with exit code {process.returncode}")
        return SendsResult(**json.loads(process.stdout.strip().splitlines()[-1]))
    finally:
        if not bench.options.keep:
            database.drop()


def concurrent_sends(bench: Bench) -> Iterator[tuple[str, object]]:
    """50 web appeal forms sent at the same moment on PostgreSQL: seconds, duplicate løbenumre, gaps."""
    on_postgres = bench.database.postgres is not None
    result = measure(SENDS) if on_postgres else _in_temporary_postgres(bench, SENDS)
    if result is None:
        for name in FIGURES:
            yield name, "unavailable"
        return
    log(
        f"  {result.sent} of {result.sends} sent, {result.failed} failed; løbenumre "
        f"{result.lobenumre[0] if result.lobenumre else '–'} … {result.lobenumre[-1] if result.lobenumre else '–'}"
    )
    yield "ankeskema_50_concurrent_sends_s", result.seconds
    yield "ankeskema_duplicate_lobenumre", result.duplicates
    yield "ankeskema_lobenummer_gaps", result.gaps
    if result.failed:
        raise RuntimeError(f"{result.failed} of {result.sends} sends failed, the first: {result.first_error}")


def main(argv: list[str] | None = None) -> int:
    """The measuring process: Django on the database of DATABASE_URL, migrated here; the result as JSON."""
    parser = argparse.ArgumentParser(description="Send complete web appeal forms at once; prints JSON.")
    parser.add_argument("--sends", type=int, default=SENDS)
    args = parser.parse_args(argv)
    if str(REPO_DIR) not in sys.path:
        sys.path.insert(0, str(REPO_DIR))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "klageportal.settings")
    import django
    from django.core.management import call_command

    django.setup()
    step = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    log(f"  migrated in {time.perf_counter() - step:.1f} s")
    print(json.dumps(asdict(measure(args.sends))), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

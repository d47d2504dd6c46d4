"""Benchmark of the first instance's inbox (FI-1): its first page at a thousand and at a million cases.

A database of its own (`kp_bench_inbox` on the harness's PostgreSQL server, or a SQLite file in the run's
directory when the harness runs on SQLite) is migrated and given the catalogue in a process of its own
(`python -m bench.inbox`), which then:

1. writes 1,000 cases (with 1–3 complainants each) spread over the municipalities, a twentieth of them against
   the measured authority, plus one known target case of that authority (Indsendt, a week old, with a
   decision reference, an address, a complainant's CPR and a rare name);
2. times the inbox's first page for a caseworker of that authority (`django.test.Client` in the process, the
   whole request: session, user, forms, the three queries of cases/inbox.py, the template): unfiltered,
   filtered by status, and filtered and searched by CPR, by the decision's reference, by part of an
   address and by part of a name; each the fastest of several requests, in rounds after two warm-up rounds;
3. adds cases until there are 1,000,000 (COPY on PostgreSQL, executemany on SQLite; VACUUM ANALYZE after)
   and times the same requests again.

On PostgreSQL the process waits after each phase (`--pause`) while the harness sends the same requests over HTTP
to the production shape (bench/production.py: two gunicorn servers with production settings, the TLS proxy's
headers, Redis as cache and session cache) as the same caseworkers, with sessions minted for those servers:
`inbox_http_1m_vs_1k`, `inbox_http_1m_vs_1k_vs_baseline`, `inbox_http_1m_vs_1k_worst`, `inbox_http_1m_ms`,
`inbox_http_1k_ms`, and the same with `body_inbox_http_` for the appeals body's inbox. On SQLite they read
`unavailable`.

Figures: `inbox_1m_vs_1k` (the sum of the fastest times at 1M ÷ at 1k), `inbox_1m_vs_1k_vs_baseline` (the same
divided by how much slower the baseline, the page of an authority without cases, got meanwhile: the machine's
load taken out), `inbox_1m_vs_1k_worst` (the largest of
the per-request ratios), `inbox_1m_ms` and `inbox_1k_ms` (the sums), `inbox_queries` (SQL queries of the filtered
and searched page at 1M; goal ≤ 10) and `inbox_queries_1k` (the same page at 1k: must be equal) and
`inbox_generate_1m_s` (seconds to write the cases).

    .venv/bin/python bench/run.py --only inbox_1m_vs_1k
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/run.py --only inbox_1m_vs_1k
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import subprocess
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from random import Random
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bench.run import Bench

REPO_DIR = Path(__file__).resolve().parent.parent
DATABASE = "kp_bench_inbox"
FIGURES = (
    "inbox_1m_vs_1k",
    "inbox_1m_vs_1k_vs_baseline",
    "inbox_1m_vs_1k_worst",
    "inbox_1m_ms",
    "inbox_1k_ms",
    "inbox_queries",
    "inbox_queries_1k",
    "inbox_generate_1m_s",
    "inbox_http_1m_vs_1k",
    "inbox_http_1m_vs_1k_vs_baseline",
    "inbox_http_1m_vs_1k_worst",
    "inbox_http_1m_ms",
    "inbox_http_1k_ms",
    "body_inbox_1m_vs_1k",
    "body_inbox_1m_vs_1k_vs_baseline",
    "body_inbox_1m_vs_1k_worst",
    "body_inbox_1m_ms",
    "body_inbox_1k_ms",
    "body_inbox_queries",
    "body_inbox_queries_1k",
    "body_inbox_http_1m_vs_1k",
    "body_inbox_http_1m_vs_1k_vs_baseline",
    "body_inbox_http_1m_vs_1k_worst",
    "body_inbox_http_1m_ms",
    "body_inbox_http_1k_ms",
)
SMALL, LARGE = 1_000, 1_000_000
FORWARDED = ("videresendt", "under_behandling", "afventer_naevn", "afgjort", "afvist")
"""Statuses a case reaches only by being forwarded to its board (it has a received date)."""
SHARE = 0.05
"""The measured authority's share of all cases: a big municipality's."""
TARGET_CPR = "0203781234"
TARGET_REFERENCE = "BYG-2026-004711"
TARGET_ADDRESS = "Søndre Bench Allé 17, 8800 Viborg"
TARGET_NAME = "Ingeborg Quistgaard-Benchsen"

FIRST = ["Anne", "Mette", "Hanne", "Lars", "Jens", "Peter", "Maria", "Søren", "Karen", "Henrik", "Line", "Ole"]
LAST = ["Jensen", "Nielsen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen", "Sørensen", "Rasmussen"]
STREETS = ["Vestergade", "Østergade", "Nørregade", "Søndergade", "Kirkevej", "Skovvej", "Algade", "Torvet"]
STATUSES = (  # (status, weight): most cases are long past the first instance
    ("kladde", 3),
    ("udfyldt", 3),
    ("indsendt", 6),
    ("genoptaget", 2),
    ("videresendt", 10),
    ("under_behandling", 20),
    ("afventer_naevn", 10),
    ("afgjort", 36),
    ("afvist", 5),
    ("tilbagekaldt", 3),
    ("afsluttet", 2),
)


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


@dataclass
class InboxResult:
    small_ms: dict[str, float] = field(default_factory=dict)
    large_ms: dict[str, float] = field(default_factory=dict)
    small_baseline_ms: float = 0.0
    large_baseline_ms: float = 0.0
    queries_small: int = 0
    queries_large: int = 0
    generate_seconds: float = 0.0
    cases: int = 0
    body_small_ms: dict[str, float] = field(default_factory=dict)
    body_large_ms: dict[str, float] = field(default_factory=dict)
    body_small_baseline_ms: float = 0.0
    body_large_baseline_ms: float = 0.0
    body_queries_small: int = 0
    body_queries_large: int = 0
    http: dict[str, dict] = field(default_factory=dict)
    """Over HTTP against the production servers (measured by the harness while the process waits): per phase
    ("1k", "1m"), per inbox ("authority", "body"), the fastest times by request ("ms") and the baseline's."""


# ---------------------------------------------------------------------------------------------
# Writing cases fast
# ---------------------------------------------------------------------------------------------


class Writer:
    """Rows for cases_case and cases_party, written in bulk with explicit ids (COPY or executemany)."""

    def __init__(
        self, *, seed: int, authority_id: int, user_id: int, assignees: dict[int, tuple[int, ...]] | None = None
    ):
        from klageportal.cases.models import Case, Party
        from klageportal.catalog.models import Authority, ComplaintType

        self.rng = Random(seed)
        self.authority_id = authority_id
        self.user_id = user_id
        self.others = list(Authority.objects.exclude(pk=authority_id).values_list("pk", flat=True))
        self.types = list(ComplaintType.objects.values_list("pk", "board_id"))
        self.statuses = [s for s, w in STATUSES for _ in range(w)]
        self.case_columns, self.case_defaults = self._columns(Case)
        self.party_columns, self.party_defaults = self._columns(Party)
        self.now = datetime.now(UTC)
        self.assignees = assignees or {}
        """Per board, the body's caseworkers who have some of its forwarded cases."""
        self.forwarding_boards = set(
            ComplaintType.objects.filter(board__body__slug="ankestyrelsen").values_list("board_id", flat=True)
        )

    @staticmethod
    def _columns(model) -> tuple[list[str], dict[str, object]]:
        from django.db.models import NOT_PROVIDED

        columns, defaults = [], {}
        for f in model._meta.concrete_fields:
            columns.append(f.column)
            if f.default is not NOT_PROVIDED:
                defaults[f.column] = f.get_default()
            elif f.null:
                defaults[f.column] = None
            else:
                defaults[f.column] = ""
        return columns, defaults

    def _next_id(self, table: str) -> int:
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")
            return cursor.fetchone()[0] + 1

    def rows(self, count: int, *, first_case: int, first_party: int, number_start: int):
        """(case rows, party rows) for `count` cases, newest spread over five years."""
        rng = self.rng
        cases, parties = [], []
        party_id = first_party
        for i in range(count):
            case_id = first_case + i
            type_id, board_id = rng.choice(self.types)
            status = rng.choice(self.statuses)
            created = self.now - timedelta(seconds=rng.randrange(5 * 365 * 86400))
            submitted = created + timedelta(hours=rng.randrange(1, 72)) if status not in ("kladde", "udfyldt") else None
            authority = self.authority_id if rng.random() < SHARE else rng.choice(self.others)
            forwarded = None
            if status in FORWARDED or (status in ("tilbagekaldt", "afsluttet") and rng.random() < 0.5):
                forwarded = min(submitted or created, self.now) + timedelta(days=rng.randrange(1, 60))
                forwarded = min(forwarded, self.now)
            channel = "forwarding" if board_id in self.forwarding_boards else "filing"
            assigned = None
            if forwarded is not None and board_id in self.assignees and rng.random() < 0.6:
                assigned = rng.choice(self.assignees[board_id])
            values = {
                **self.case_defaults,
                "id": case_id,
                "number": f"INB-{number_start + i:07d}",
                "channel": channel,
                "status": status,
                "board_id": board_id,
                "complaint_type_id": type_id,
                "authority_id": authority,
                "created_by_id": self.user_id,
                "created_at": created,
                "submitted_at": submitted,
                "forwarded_at": forwarded,
                "assigned_to_id": assigned,
                "decision_reference": f"REF-{authority}-{rng.randrange(10**6):06d}",
                "location_address": f"{rng.choice(STREETS)} {rng.randrange(1, 200)}, {rng.randrange(1000, 9990)} By",
                "complaint_text": "",
            }
            cases.append([values[c] for c in self.case_columns])
            for n in range(rng.choice((1, 1, 2, 2, 3))):
                company = rng.random() < 0.1
                party = {
                    **self.party_defaults,
                    "id": party_id,
                    "case_id": case_id,
                    "role": "complainant",
                    "kind": "company" if company else "person",
                    "is_filer": n == 0,
                    "name": (f"{rng.choice(LAST)} ApS" if company else f"{rng.choice(FIRST)} {rng.choice(LAST)}"),
                    "cpr": ""
                    if company
                    else f"{rng.randrange(1, 29):02d}{rng.randrange(1, 13):02d}"
                    f"{rng.randrange(40, 100):02d}{rng.randrange(10000):04d}",
                    "cvr": f"{rng.randrange(10**7, 10**8)}" if company else "",
                    "email": f"part{party_id}@example.dk",
                    "approval": "not_needed",
                    "created_at": created,
                }
                parties.append([party[c] for c in self.party_columns])
                party_id += 1
        return cases, parties

    def write(self, count: int, *, batch: int = 50_000) -> None:
        """Write `count` cases; on PostgreSQL a big load drops the tables' secondary indexes and builds them again
        afterwards (one build is many times faster than keeping them up to date row by row)."""
        with indexes_rebuilt(("cases_case", "cases_party"), enabled=count >= 100_000):
            self._write(count, batch=batch)

    def _write(self, count: int, *, batch: int) -> None:
        from django.db import connection, transaction

        first_case, first_party = self._next_id("cases_case"), self._next_id("cases_party")
        number_start = first_case
        done = 0
        while done < count:
            n = min(batch, count - done)
            cases, parties = self.rows(
                n, first_case=first_case + done, first_party=first_party, number_start=number_start + done
            )
            first_party += len(parties)
            with transaction.atomic():
                self._insert("cases_case", self.case_columns, cases)
                self._insert("cases_party", self.party_columns, parties)
            done += n
            if done % 200_000 == 0 or done == count:
                log(f"    {done} cases written")
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                for table in ("cases_case", "cases_party"):
                    cursor.execute(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))"
                    )

    @staticmethod
    def _insert(table: str, columns: list[str], rows: list[list]) -> None:
        from django.db import connection

        names = ", ".join(f'"{c}"' for c in columns)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        marks = ", ".join("%s" for _ in columns)
        with connection.cursor() as cursor:
            cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)


@contextlib.contextmanager
def indexes_rebuilt(tables: tuple[str, ...], *, enabled: bool = True) -> Iterator[None]:
    """On PostgreSQL, drop the tables' secondary indexes (not those of constraints) for a bulk load and build
    them again afterwards: one build is many times faster than keeping a dozen indexes up to date row by row."""
    from django.db import connection

    if connection.vendor != "postgresql" or not enabled:
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename = ANY(%s)"
            " AND i.indexname NOT IN (SELECT conname FROM pg_constraint)",
            [list(tables)],
        )
        indexes = cursor.fetchall()
        for name, _definition in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
    yield
    step = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '256MB'")
        for _name, definition in indexes:
            cursor.execute(definition)
    log(f"    {len(indexes)} indexes of {', '.join(tables)} built again in {time.perf_counter() - step:.1f} s")


def analyze() -> None:
    """Statistics for the planner; on PostgreSQL also the visibility map, as autovacuum keeps it in a live
    database (without it an index-only scan reads the table for every row)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


# ---------------------------------------------------------------------------------------------
# Measuring
# ---------------------------------------------------------------------------------------------


def _target(authority, user) -> None:
    """The case the searches look for: the measured authority's, Indsendt, a week old."""
    from django.utils import timezone

    from klageportal.cases.models import Case, Party, Status
    from klageportal.catalog.models import ComplaintType

    complaint_type = ComplaintType.objects.select_related("board").order_by("pk").first()
    case = Case.objects.create(
        number="INB-TARGET",
        channel="filing",
        status=Status.INDSENDT,
        board=complaint_type.board,
        complaint_type=complaint_type,
        authority=authority,
        created_by=user,
        submitted_at=timezone.now() - timedelta(days=7),
        decision_reference=TARGET_REFERENCE,
        location_address=TARGET_ADDRESS,
    )
    Case.objects.filter(pk=case.pk).update(created_at=timezone.now() - timedelta(days=7))
    Party.objects.create(case=case, role="complainant", is_filer=True, name=TARGET_NAME, cpr=TARGET_CPR)


def _requests(client) -> dict[str, str]:
    """The addresses of the pages timed: name → path (searches posted once for their token)."""
    from django.urls import reverse

    url = reverse("workspaces:authority_inbox")

    def searched(data: dict[str, str]) -> str:
        response = client.post(f"{url}?status=indsendt", data)
        if response.status_code != 302:
            raise RuntimeError(f"the search {sorted(data)} answered {response.status_code}")
        location = response["Location"]
        if TARGET_CPR in location:
            raise RuntimeError("the CPR number reached the address")
        return location

    return {
        "first_page": url,
        "status": f"{url}?status=indsendt",
        "cpr": searched({"nummer": TARGET_CPR}),
        "reference": searched({"sag": TARGET_REFERENCE.lower()}),
        "address": searched({"sag": "bench allé 17"}),
        "name": searched({"navn": "quistgaard"}),
    }


SEARCHES = ("cpr", "reference", "address", "name", "lobenummer")
"""The timed requests that must find their inbox's target case."""


def _check(client, name: str, path: str, target: bytes = b"INB-TARGET") -> None:
    response = client.get(path)
    if response.status_code != 200:
        raise RuntimeError(f"{path} answered {response.status_code}")
    if name in SEARCHES and target not in response.content:
        raise RuntimeError(f"{name}: {path} did not find the target case")


BODY_BOARD = "mfkn"
"""The measured board: Miljø- og Fødevareklagenævnet, the one with the most complaint types (a fifth of the
cases)."""
BODY_TARGET = "INB-BODY-TARGET"
BODY_TARGET_LOBENUMMER = "2026-947110"


def _body_target(board, user, staff, authority) -> None:
    """The case the body's searches look for: at the measured board, received a week ago, the caseworker's,
    with a web appeal form's løbenummer, a complainant's CPR number and the rare name."""
    from django.utils import timezone

    from klageportal.cases.models import Case, Party, Status
    from klageportal.catalog.models import ComplaintType
    from klageportal.forwarding.models import AnkeskemaDraft, AnkeskemaSubmission

    complaint_type = ComplaintType.objects.filter(board=board).order_by("pk").first()
    week_ago = timezone.now() - timedelta(days=7)
    case = Case.objects.create(
        number=BODY_TARGET,
        channel="filing",
        status=Status.VIDERESENDT,
        board=board,
        complaint_type=complaint_type,
        created_by=user,
        submitted_at=week_ago,
        forwarded_at=week_ago,
        assigned_to=staff,
    )
    Party.objects.create(case=case, role="complainant", is_filer=True, name=TARGET_NAME, cpr=TARGET_CPR)
    draft = AnkeskemaDraft.objects.create(owner=user, authority=authority, state=AnkeskemaDraft.State.SENT)
    year, sequence = BODY_TARGET_LOBENUMMER.split("-")
    AnkeskemaSubmission.objects.create(
        draft=draft,
        lobenummer=BODY_TARGET_LOBENUMMER,
        year=int(year),
        sequence=int(sequence),
        sent_at=week_ago,
        sent_by=user,
        authority=authority,
        case=case,
    )


def _body_requests(client) -> dict[str, str]:
    """The appeals body's inbox (BD-1): name → path (searches posted once for their token)."""
    from django.urls import reverse

    url = reverse("workspaces:body_inbox")

    def searched(data: dict[str, str]) -> str:
        response = client.post(url, data)
        if response.status_code != 302:
            raise RuntimeError(f"the search {sorted(data)} answered {response.status_code}")
        location = response["Location"]
        if TARGET_CPR in location:
            raise RuntimeError("the CPR number reached the address")
        return location

    return {
        "first_page": url,
        "status": f"{url}?status=under_behandling",
        "mine": f"{url}?sagsbehandler=mine",
        "unassigned": f"{url}?sagsbehandler=none&kanal=filing",
        "overdue": f"{url}?overskredet=on",
        "cpr": searched({"nummer": TARGET_CPR}),
        "lobenummer": searched({"lobenummer": BODY_TARGET_LOBENUMMER}),
        "name": searched({"navn": "quistgaard"}),
    }


def _queries(client, path: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(path)
    with CaptureQueriesContext(connection) as captured:
        client.get(path)
    return len(captured.captured_queries)


def _measure_all(
    client, baseline, *, repeat: int, requests=None, target: bytes = b"INB-TARGET"
) -> tuple[dict[str, float], float]:
    """Per request, the fastest of `repeat` timings (the work is the same each time; a slower one is the
    machine's other load), taken in rounds that visit every request once, after two untimed rounds. Each
    round also times the baseline: the same page for an authority without cases (the same session, forms and
    template; queries that find nothing), which moves with the machine's load but not with the data."""
    requests = requests or _requests
    paths = requests(client)
    empty = requests(baseline)["first_page"]
    for _ in range(2):  # the templates, the translations, the database's caches
        for name, path in paths.items():
            _check(client, name, path, target)
        _check(baseline, "first_page", empty, target)
    seconds: dict[str, list[float]] = {name: [] for name in paths}
    base: list[float] = []
    for _ in range(repeat):
        for name, path in paths.items():
            start = time.perf_counter()
            client.get(path)
            seconds[name].append(time.perf_counter() - start)
        start = time.perf_counter()
        baseline.get(empty)
        base.append(time.perf_counter() - start)
    result = {}
    for name, values in seconds.items():
        result[name] = min(values) * 1000
        log(f"    {name}: fastest {result[name]:.1f} ms, median {statistics.median(values) * 1000:.1f} ms")
    log(f"    baseline (no cases): fastest {min(base) * 1000:.1f} ms, median {statistics.median(base) * 1000:.1f} ms")
    return result, min(base) * 1000


def _pause(phase: str) -> None:
    """Tell the harness that the cases of this phase are written and measured, and wait until it has measured them
    over HTTP (a line on stdin)."""
    print(json.dumps({"pause": phase}), flush=True)
    sys.stdin.readline()


def measure(*, large: int, repeat: int, seed: int, pause: bool = False) -> InboxResult:
    from django.test import Client

    from klageportal.catalog.models import Authority, Board
    from klageportal.catalog.services import catalog_load_defaults
    from klageportal.identity.models import Role, User

    catalog_load_defaults()
    authority = Authority.objects.filter(kind=Authority.Kind.MUNICIPALITY).order_by("pk").first()
    citizen = User.objects.create(username="inbox-bench-citizen", oidc_sub="inbox-bench-citizen", cpr=TARGET_CPR)
    staff = User.objects.create(
        username="inbox-bench-staff",
        oidc_sub="inbox-bench-staff",
        role=Role.AUTHORITY,
        authority=authority,
        cvr=authority.cvr,
        full_name="Sagsbehandler Bench",
    )
    board = Board.objects.get(slug=BODY_BOARD)
    caseworker = User.objects.create(
        username="inbox-bench-caseworker",
        oidc_sub="inbox-bench-caseworker",
        role=Role.BODY_STAFF,
        full_name="Nævnets Sagsbehandler",
    )
    colleague = User.objects.create(
        username="inbox-bench-colleague", oidc_sub="inbox-bench-colleague", role=Role.BODY_STAFF, full_name="Kollega"
    )
    for person in (caseworker, colleague):
        person.boards.add(board)
    quiet = Board.objects.create(body=board.body, slug="bench-uden-sager", name="Nævn uden sager")
    quiet_caseworker = User.objects.create(
        username="inbox-bench-quiet", oidc_sub="inbox-bench-quiet", role=Role.BODY_STAFF
    )
    quiet_caseworker.boards.add(quiet)
    body_baseline = Client()
    body_baseline.force_login(quiet_caseworker)
    writer = Writer(
        seed=seed, authority_id=authority.pk, user_id=citizen.pk, assignees={board.pk: (caseworker.pk, colleague.pk)}
    )
    result = InboxResult()
    writer.write(SMALL - 2)
    _target(authority, citizen)
    _body_target(board, citizen, caseworker, authority)
    analyze()
    body_client = Client()
    body_client.force_login(caseworker)
    client = Client()
    client.force_login(staff)
    nobody = Authority.objects.create(name="Myndighed uden klager", kind=Authority.Kind.AGENCY)
    baseline = Client()
    baseline.force_login(
        User.objects.create(
            username="inbox-bench-empty", oidc_sub="inbox-bench-empty", role=Role.AUTHORITY, authority=nobody
        )
    )
    log(f"  {SMALL} cases; {authority.name} is the measured authority (about {SHARE:.0%} of the cases)")
    result.small_ms, result.small_baseline_ms = _measure_all(client, baseline, repeat=repeat)
    result.queries_small = _queries(client, _requests(client)["cpr"])
    log(f"  the appeals body's inbox: a caseworker of {board.name}")
    result.body_small_ms, result.body_small_baseline_ms = _measure_all(
        body_client, body_baseline, repeat=repeat, requests=_body_requests, target=BODY_TARGET.encode()
    )
    result.body_queries_small = _queries(body_client, _body_requests(body_client)["cpr"])
    if pause:
        _pause("1k")
    step = time.perf_counter()
    writer.write(large - SMALL)
    analyze()
    result.generate_seconds = time.perf_counter() - step
    result.cases = large
    log(f"  {large} cases, written in {result.generate_seconds:.1f} s")
    result.large_ms, result.large_baseline_ms = _measure_all(client, baseline, repeat=repeat)
    result.queries_large = _queries(client, _requests(client)["cpr"])
    log(f"  the appeals body's inbox: a caseworker of {board.name}")
    result.body_large_ms, result.body_large_baseline_ms = _measure_all(
        body_client, body_baseline, repeat=repeat, requests=_body_requests, target=BODY_TARGET.encode()
    )
    result.body_queries_large = _queries(body_client, _body_requests(body_client)["cpr"])
    if pause:
        _pause("1m")
    return result


# ---------------------------------------------------------------------------------------------
# In the harness
# ---------------------------------------------------------------------------------------------


def json_from_process(
    module: str, arguments: list[str], *, env: dict[str, str], on_pause: Callable[[str], None] | None = None
) -> dict:
    """Run `python -m module arguments` (a benchmark's process of its own) and give the JSON of its last line.

    With `on_pause`, a line `{"pause": NAME}` on the process's stdout calls on_pause(NAME) while the process
    waits, and a line on its stdin then lets it go on (bench.inbox --pause)."""
    process = subprocess.Popen(
        [sys.executable, "-m", module, *arguments],
        cwd=REPO_DIR,
        env=env,
        stdin=subprocess.PIPE if on_pause else subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        text=True,
    )
    watchdog = threading.Timer(3600, process.kill)
    watchdog.start()
    last = ""
    try:
        assert process.stdout is not None
        for line in process.stdout:
            if on_pause and process.stdin and line.startswith('{"pause": '):
                on_pause(json.loads(line)["pause"])
                process.stdin.write("\n")
                process.stdin.flush()
            elif line.strip():
                last = line
        returncode = process.wait()
    except BaseException:
        process.kill()
        process.wait()
        raise
    finally:
        watchdog.cancel()
    if returncode != 0:
        raise RuntimeError(f"{module} failed with exit code {returncode}")
    return json.loads(last)


HTTP_USERS = {
    "authority": ("inbox-bench-staff", "inbox-bench-empty"),
    "body": ("inbox-bench-caseworker", "inbox-bench-quiet"),
}
"""Per inbox, the measured caseworker (of the municipality with the most cases; of the board with the most) and the
baseline's (an authority, a board, without cases): the users of the in-process measurement."""


def over_http(bench: Bench, database, phase: str, *, repeat: int) -> dict[str, dict]:
    """The same requests as in the process, over HTTP against two production servers started for this phase (and
    stopped after it) on the inbox's database: per inbox, the fastest times by request and the baseline's."""
    from bench.production import REDIS_URL, HttpClient, production_env, redis_cache, servers_running, sessions_minted

    started = time.perf_counter()
    env = production_env(database.url, cache_url=redis_cache(REDIS_URL))
    if env["KP_CACHE_URL"]:
        bench.stack.callback(redis_cache, env["KP_CACHE_URL"])  # the sessions and cache entries go with the run
    headers = sessions_minted(env, [name for pair in HTTP_USERS.values() for name in pair])
    measured: dict[str, dict] = {}
    log_dir = bench.var_dir / "inbox" / phase
    with servers_running(env, count=2, log_dir=log_dir, stack=bench.stack) as servers:
        cache = f"Redis {env['KP_CACHE_URL']}" if env["KP_CACHE_URL"] else "none"
        log(f"  over HTTP at {phase}: 2 production servers x 1 worker x 8 threads (gunicorn), cache {cache}")
        for inbox, (user, empty) in HTTP_USERS.items():
            client, baseline = HttpClient(servers, headers[user]), HttpClient(servers, headers[empty])
            try:
                log(f"  {inbox} inbox over HTTP")
                if inbox == "body":
                    ms, base = _measure_all(
                        client, baseline, repeat=repeat, requests=_body_requests, target=BODY_TARGET.encode()
                    )
                else:
                    ms, base = _measure_all(client, baseline, repeat=repeat)
            finally:
                client.close()
                baseline.close()
            measured[inbox] = {"ms": ms, "baseline_ms": base}
    log(f"  over HTTP at {phase}: {time.perf_counter() - started:.1f} s with starting and stopping the servers")
    return measured


def scale(bench: Bench) -> Iterator[tuple[str, object]]:
    """The inboxes' first pages, filtered and searched, at 1M ÷ 1k cases (in-process and over HTTP), their queries.

    Over HTTP only on PostgreSQL: after each phase the measuring process waits while the harness starts the
    production servers on its database and sends the same requests through them (over_http)."""
    on_postgres = bench.database.postgres is not None  # its own database on the same server, or a SQLite file
    database = type(bench.database)(
        var_dir=bench.var_dir, source_url=bench.database.url if on_postgres else None, name=DATABASE
    )
    database.create()
    http: dict[str, dict] = {}
    http_failed: list[str] = []
    try:
        log(f"  database {database.label}")
        large = 20_000 if bench.options.quick else LARGE
        env = {**os.environ, "DATABASE_URL": database.url}
        repeat = 5 if bench.options.quick else 15
        arguments = ["--large", str(large), "--repeat", str(repeat), "--seed", str(bench.options.seed)]

        def at_pause(phase: str) -> None:
            try:
                http[phase] = over_http(bench, database, phase, repeat=repeat)
            except Exception:  # the in-process figures are still measured and printed
                http_failed.append(phase)
                log(f"  over HTTP at {phase} failed:\n{traceback.format_exc()}")

        if on_postgres:
            arguments.append("--pause")
        else:
            log("  over HTTP: not measured on SQLite (the production shape is PostgreSQL)")
        result = InboxResult(
            **json_from_process("bench.inbox", arguments, env=env, on_pause=at_pause if on_postgres else None)
        )
        result.http = http
        if on_postgres and bench.will_run("mixed_load"):
            # The mixed load (bench/mixed.py) runs on a million cases too: it takes these instead of writing its own.
            if not bench.options.keep:
                bench.stack.callback(database.drop)  # at the end of the run
            bench.shared["million_database"], database = database, None
    finally:
        if database is not None and not bench.options.keep:
            database.drop()
    yield from figures(result)
    if http_failed:
        raise RuntimeError(f"the inboxes over HTTP failed at {', '.join(http_failed)} (see above)")


def _scale_lines(
    prefix: str, small: dict[str, float], large: dict[str, float], small_baseline: float, large_baseline: float
) -> Iterator[tuple[str, object]]:
    """The sums of the fastest times at 1M ÷ at 1k, the same ÷ the baseline's ratio, the worst request's ratio,
    and the sums."""
    small_sum, large_sum = sum(small.values()), sum(large.values())
    yield f"{prefix}_1m_vs_1k", large_sum / small_sum
    if small_baseline and large_baseline:
        yield f"{prefix}_1m_vs_1k_vs_baseline", (large_sum / small_sum) / (large_baseline / small_baseline)
    yield f"{prefix}_1m_vs_1k_worst", max(large[name] / small[name] for name in small)
    yield f"{prefix}_1m_ms", large_sum
    yield f"{prefix}_1k_ms", small_sum


def _http_lines(prefix: str, http: dict[str, dict], inbox: str) -> Iterator[tuple[str, object]]:
    small, large = http.get("1k", {}).get(inbox), http.get("1m", {}).get(inbox)
    if not small or not large:
        yield f"{prefix}_1m_vs_1k", "unavailable"
        return
    yield from _scale_lines(prefix, small["ms"], large["ms"], small["baseline_ms"], large["baseline_ms"])


def figures(result: InboxResult) -> Iterator[tuple[str, object]]:
    yield from _scale_lines(
        "inbox", result.small_ms, result.large_ms, result.small_baseline_ms, result.large_baseline_ms
    )
    yield "inbox_queries", result.queries_large
    yield "inbox_queries_1k", result.queries_small
    yield "inbox_generate_1m_s", result.generate_seconds
    yield from _http_lines("inbox_http", result.http, "authority")
    if result.body_small_ms:
        yield from _scale_lines(
            "body_inbox",
            result.body_small_ms,
            result.body_large_ms,
            result.body_small_baseline_ms,
            result.body_large_baseline_ms,
        )
        yield "body_inbox_queries", result.body_queries_large
        yield "body_inbox_queries_1k", result.body_queries_small
        yield from _http_lines("body_inbox_http", result.http, "body")


def django_migrated() -> None:
    """In a benchmark's process of its own: Django set up on the database of DATABASE_URL, migrated."""
    if str(REPO_DIR) not in sys.path:
        sys.path.insert(0, str(REPO_DIR))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "klageportal.settings")
    import django
    from django.core.management import call_command

    django.setup()
    step = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    log(f"  migrated in {time.perf_counter() - step:.1f} s")


def main(argv: list[str] | None = None) -> int:
    """The measuring process: Django on the (empty) database of DATABASE_URL, migrated here; JSON on stdout."""
    parser = argparse.ArgumentParser(description="Time the first instance's inbox at 1k and 1M cases; prints JSON.")
    parser.add_argument("--large", type=int, default=LARGE)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--pause", action="store_true", help='after each phase print {"pause": "1k"|"1m"} and wait for a line on stdin'
    )
    args = parser.parse_args(argv)
    django_migrated()
    result = measure(large=args.large, repeat=args.repeat, seed=args.seed, pause=args.pause)
    print(json.dumps(asdict(result)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The mixed load at national scale: the production server shape under locust, on a million cases.

On PostgreSQL (the harness's server, or KP_BENCH_POSTGRES_URL when the harness runs on SQLite) a database of a
million cases — the one the inbox benchmark has just measured, when both run in one go, else `kp_bench_mixed`,
filled the same way — gets documents, document links with categories, status changes and history lines for
every case (COPY), and logged-in visitors: citizens who are parties of cases, first instances' caseworkers and
appeals bodies' caseworkers, each with a session minted here (`python -m bench.mixed`, a process of its own with
the servers' settings). Then two gunicorn servers (gunicorn.conf.py, gthread) start on loopback ports with
production settings (KP_ENVIRONMENT=production, 127.0.0.1 the trusted TLS proxy, Redis db 12 of 127.0.0.1:6379
as the shared cache and session cache), and locust (bench/locustfile.py, a process of its own) sends:

- the mix: 70 % case pages (overview and documents tab), 20 % inboxes (first instance's and appeals body's),
  10 % document downloads and the start page, each request to the next server in turn;
- the baseline: the minimal view (/bench/minimal/<board>/, one primary-key query) with the same users, in runs
  next to the mix's (minimal, mix, mix, minimal);
- each kind of the mix alone, briefly, for the servers' CPU time per request of each page type.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/run.py --only mixed_load
    KP_BENCH_MIXED_WORKERS=2 KP_BENCH_MIXED_THREADS=4 .venv/bin/python bench/run.py --only mixed_load

KP_BENCH_MIXED_USERS (16), KP_BENCH_MIXED_WORKERS (1 per server), KP_BENCH_MIXED_THREADS (8),
KP_BENCH_MIXED_SECONDS (30 per run; --quick 10), KP_BENCH_MIXED_MAX_REQUESTS (gunicorn's KP_WEB_MAX_REQUESTS,
1000 as in production), KP_BENCH_MIXED_KINDS (0: not each kind alone), KP_BENCH_REDIS_URL
(redis://127.0.0.1:6379/12; only that db is flushed), KP_BENCH_MIXED_DATABASE and KP_BENCH_MIXED_REUSE=1 (a kept
database of a million cases used as it is, and left: `--keep` keeps one).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import secrets
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from random import Random
from typing import TYPE_CHECKING

from bench.production import REDIS_URL, Gunicorn, production_env, redis_cache, servers_running, stat

if TYPE_CHECKING:
    from bench.run import Bench

REPO_DIR = Path(__file__).resolve().parent.parent
DATABASE = os.environ.get("KP_BENCH_MIXED_DATABASE", "kp_bench_mixed")
REUSE = os.environ.get("KP_BENCH_MIXED_REUSE", "") == "1"
"""Use DATABASE as it is when it exists (kept by --keep from an earlier run): no million cases written again."""
POSTGRES_URL = os.environ.get("KP_BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
LARGE = 1_000_000
KINDS = ("case", "documents", "authority_inbox", "body_inbox", "download", "start")
FIGURES = (
    "mixed_rps",
    "mixed_p95_ms",
    "mixed_vs_minimal",
    "mixed_failures",
    "mixed_minimal_rps",
    "mixed_minimal_p95_ms",
    "mixed_server_cpu_ms",
    "mixed_minimal_server_cpu_ms",
    "mixed_postgres_cpu_ms",
    "mixed_locust_cpu_ms",
    "mixed_machine_busy",
    "mixed_others_cpu_share",
    *(f"mixed_{kind}_p95_ms" for kind in KINDS),
    *(f"mixed_{kind}_{figure}" for kind in KINDS for figure in ("cpu_ms", "postgres_cpu_ms")),
    "mixed_cases",
    "mixed_shape",
)


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------
# The data: details for every case, visitors with sessions (in a process of its own)
# ---------------------------------------------------------------------------------------------

DOCUMENT_NAMES = ("afgørelse", "foto", "brev", "kort", "høringssvar", "tegning", "klage", "partsindlæg")
EVENTS = (
    ("document", "Dokument tilføjet: Bilag.pdf"),
    ("message", "Besked sendt til klageren"),
    ("note", "Notat om sagens behandling"),
    ("status", "Status er ændret"),
    ("party", "Part tilføjet"),
)
COURSE = ("kladde", "udfyldt", "indsendt", "videresendt", "under_behandling", "afgjort", "afsluttet")
DETAIL_TABLES = (
    "documents_document",
    "documents_casedocument",
    "documents_casedocument_categories",
    "cases_statuschange",
    "cases_caseevent",
)
DETAILS_SQL = """
CREATE TEMPORARY TABLE bench_documents AS
SELECT (%(base)s + row_number() OVER (ORDER BY c.id, g))::bigint AS id, c.id AS case_id, g AS n,
       COALESCE(c.submitted_at, c.created_at)
       + make_interval(hours => 1 + ((c.id * 7919 + g * 104729) %% 720)::int) AS at
FROM cases_case c CROSS JOIN LATERAL generate_series(1, ((c.id * 2654435761) %% 10)::int / 3) g
WHERE c.status <> 'kladde';

INSERT INTO documents_document (id, file, original_name, size, sha256, content_type, uploaded_at, uploaded_by_id)
SELECT id, 'documents/bulk/' || id || '.pdf',
       'Bilag ' || lpad(n::text, 2, '0') || ' – ' || (%(names)s::text[])[1 + id %% %(name_count)s] || '.pdf',
       20000 + (id * 7919) %% 4000000, lpad(to_hex(id), 64, '0'), 'application/pdf', at, NULL
FROM bench_documents;

INSERT INTO documents_casedocument (id, case_id, document_id, added_by_id, added_by_role, added_at, restricted,
                                    restricted_reason)
SELECT id, case_id, id, NULL, CASE WHEN id %% 5 = 0 THEN 'first_instance' ELSE 'complainant' END, at, false, ''
FROM bench_documents;

INSERT INTO documents_casedocument_categories (casedocument_id, documentcategory_id)
SELECT id, (%(categories)s::bigint[])[1 + id %% %(category_count)s] FROM bench_documents WHERE id %% 5 < 3;

WITH course(n, status) AS (SELECT n, status FROM unnest(%(course)s::text[]) WITH ORDINALITY AS u(status, n))
INSERT INTO cases_statuschange (case_id, from_status, to_status, at, by_id, reason)
SELECT c.id, COALESCE(before.status, ''), step.status, c.created_at + make_interval(days => (step.n - 1)::int * 7),
       NULL, ''
FROM cases_case c
JOIN course last ON last.status = c.status
JOIN course step ON step.n <= last.n
LEFT JOIN course before ON before.n = step.n - 1;

WITH course(n, status) AS (SELECT n, status FROM unnest(%(course)s::text[]) WITH ORDINALITY AS u(status, n))
INSERT INTO cases_statuschange (case_id, from_status, to_status, at, by_id, reason)
SELECT c.id, COALESCE(before.status, ''), CASE WHEN step.n = 4 THEN c.status ELSE step.status END,
       c.created_at + make_interval(days => (step.n - 1)::int * 7), NULL, ''
FROM cases_case c
JOIN course step ON step.n <= 4
LEFT JOIN course before ON before.n = step.n - 1
WHERE c.status <> ALL(%(course)s::text[]);

INSERT INTO cases_caseevent (case_id, kind, at, actor_id, actor_name, text, data)
SELECT c.id, (%(kinds)s::text[])[1 + (c.id + g) %% %(event_count)s],
       c.created_at + make_interval(hours => g * 30 + ((c.id * 31 + g) %% 24)::int), NULL,
       CASE WHEN g %% 2 = 1 THEN 'Borger' ELSE 'Kommunen' END, (%(texts)s::text[])[1 + (c.id + g) %% %(event_count)s],
       jsonb_build_object('n', g)
FROM cases_case c CROSS JOIN LATERAL generate_series(1, 2 + ((c.id * 40503) %% 5)::int) g;
"""


def _details_fill() -> dict[str, int]:
    """Documents (0–3 a case after its draft, a fifth added by the first instance), their links (three in five
    with a category), status changes along the case's course and 2–6 history lines, for every case: written by
    PostgreSQL itself (INSERT … SELECT), with the tables' secondary indexes dropped and built again."""
    from django.db import connection, transaction

    from bench.inbox import indexes_rebuilt
    from klageportal.catalog.models import DocumentCategory

    categories = list(DocumentCategory.objects.order_by("pk").values_list("pk", flat=True)) or [None]
    base = max(_next_id("documents_document"), _next_id("documents_casedocument")) - 1
    with indexes_rebuilt(DETAIL_TABLES), transaction.atomic(), connection.cursor() as cursor:
        for statement in DETAILS_SQL.split(";\n"):
            if statement.strip():
                cursor.execute(
                    statement,
                    {
                        "base": base,
                        "names": list(DOCUMENT_NAMES),
                        "name_count": len(DOCUMENT_NAMES),
                        "categories": categories,
                        "category_count": len(categories),
                        "course": list(COURSE),
                        "kinds": [kind for kind, _ in EVENTS],
                        "texts": [text for _, text in EVENTS],
                        "event_count": len(EVENTS),
                    },
                )
        cursor.execute("DROP TABLE bench_documents")
    counts = {}
    with connection.cursor() as cursor:
        for table in DETAIL_TABLES:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT COALESCE(MAX(id), 1) FROM {table}))"
            )
            cursor.execute(f"SELECT COUNT(*) FROM {table}")  # noqa: S608
            counts[table] = cursor.fetchone()[0]
    return counts


def _next_id(table: str) -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")
        return cursor.fetchone()[0] + 1


@dataclass
class Plan:
    visitors: list[dict] = field(default_factory=list)
    minimal: str = ""
    cases: int = 0
    details: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    generated: int = 0


def _random_cases(where: str, params: list, count: int, rng: Random) -> list[tuple[int, str]]:
    """`count` cases matching `where`, spread over the table (random ids, then the next match from each)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT MIN(id), MAX(id) FROM cases_case")
        low, high = cursor.fetchone()
        found: dict[int, str] = {}
        for _ in range(count * 3):
            if len(found) >= count:
                break
            cursor.execute(
                f"SELECT id, number FROM cases_case WHERE id >= %s AND {where} ORDER BY id LIMIT 1",  # noqa: S608
                [rng.randint(low, high), *params],
            )
            row = cursor.fetchone()
            if row:
                found[row[0]] = row[1]
    return list(found.items())


def _downloads(case_ids: list[int], media: Path) -> dict[int, list[str]]:
    """Per case, the download paths of its documents the complainant's side sees (not the first instance's);
    their files are written into the media storage (the bulk rows have none)."""
    from django.urls import reverse

    from klageportal.documents.models import CaseDocument

    paths: dict[int, list[str]] = {}
    for link in CaseDocument.objects.filter(case_id__in=case_ids, added_by_role="complainant").select_related(
        "document", "case"
    ):
        target = media / link.document.file.name
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists():
            name = link.document.original_name.encode()
            target.write_bytes(b"%PDF-1.7\n% " + name + b"\n" + b"0" * 40_000 + b"\n%%EOF\n")
        paths.setdefault(link.case_id, []).append(
            reverse("workspaces:case_document_download", kwargs={"number": link.case.number, "pk": link.pk})
        )
    return paths


def prepare(*, large: int, seed: int, citizens: int, staff: int, cases_each: int) -> Plan:
    """Cases up to `large` (as the inbox benchmark writes them), details for all, visitors and their sessions."""
    from django.conf import settings
    from django.db import connection

    from bench.inbox import Writer, analyze
    from bench.scenarios import login_headers
    from klageportal.cases.models import Case, Party
    from klageportal.catalog.models import Authority, Board
    from klageportal.catalog.services import catalog_load_defaults
    from klageportal.documents.models import CaseDocument
    from klageportal.identity.models import Role, User

    started = time.perf_counter()
    rng = Random(seed)
    tag = secrets.token_hex(3)  # the visitors of this run, apart from those of a run before it in a kept database
    plan = Plan()
    catalog_load_defaults()
    filer, _ = User.objects.get_or_create(username="mixed-bench-filer", defaults={"oidc_sub": "mixed-bench-filer"})
    count = Case.objects.count()
    if count < large:
        authority = Authority.objects.filter(kind=Authority.Kind.MUNICIPALITY).order_by("pk").first()
        step = time.perf_counter()
        Writer(seed=seed, authority_id=authority.pk, user_id=filer.pk).write(large - count)
        plan.generated = large - count
        log(f"  {large - count} cases written in {time.perf_counter() - step:.1f} s")
    if not CaseDocument.objects.exists():
        step = time.perf_counter()
        plan.details = _details_fill()
        log(f"  details written in {time.perf_counter() - step:.1f} s: {plan.details}")
        analyze()
        log(f"  VACUUM ANALYZE done at {time.perf_counter() - started:.1f} s")
    plan.cases = Case.objects.count()
    media = Path(settings.MEDIA_ROOT)

    def visitor(user, kind: str, cases: list[tuple[int, str]], inbox: str | None) -> dict:
        return {
            "kind": kind,
            "cookie": login_headers(user)["Cookie"],
            "cases": [f"/sag/{number}/" for _, number in cases],
            "case_ids": [case_id for case_id, _ in cases],
            "inbox": inbox,
        }

    visitors = []
    # Citizens: the filer of a case after its draft, known by CPR number as the MitID login gives it.
    for index, (case_id, number) in enumerate(_random_cases("status <> 'kladde'", [], citizens, rng)):
        party = Party.objects.filter(case_id=case_id, is_filer=True, kind="person").exclude(cpr="").first()
        if party is None:
            continue
        user = User.objects.create(
            username=f"mixed-{tag}-citizen-{index}",
            oidc_sub=f"mixed-{tag}-citizen-{index}",
            role=Role.CITIZEN,
            cpr=party.cpr,
        )
        Party.objects.filter(pk=party.pk).update(user=user)
        visitors.append(visitor(user, "citizen", [(case_id, number)], None))
    # First instances: the municipality the inbox benchmark measures (a big one) and three more.
    first = Authority.objects.filter(kind=Authority.Kind.MUNICIPALITY).order_by("pk").first()
    others = list(Authority.objects.exclude(pk=first.pk).order_by("pk").values_list("pk", flat=True))
    for authority_id in [first.pk, *rng.sample(others, 3)]:
        authority = Authority.objects.get(pk=authority_id)
        for index in range(staff):
            user = User.objects.create(
                username=f"mixed-{tag}-authority-{authority_id}-{index}",
                oidc_sub=f"mixed-{tag}-authority-{authority_id}-{index}",
                role=Role.AUTHORITY,
                authority=authority,
                cvr=authority.cvr,
                full_name=f"Sagsbehandler {index + 1}",
            )
            cases = _random_cases("authority_id = %s AND status <> 'kladde'", [authority_id], cases_each, rng)
            visitors.append(visitor(user, "authority", cases, "/myndighed/"))
    # Appeals bodies: caseworkers of four boards, on their boards' forwarded cases.
    for board in Board.objects.filter(slug__in=("mfkn", "pkn", "fkn", "ast")).order_by("pk"):
        for index in range(staff):
            user = User.objects.create(
                username=f"mixed-{tag}-body-{board.slug}-{index}",
                oidc_sub=f"mixed-{tag}-body-{board.slug}-{index}",
                role=Role.BODY_STAFF,
                full_name=f"Nævnets sagsbehandler {index + 1}",
            )
            user.boards.add(board)
            cases = _random_cases("board_id = %s AND forwarded_at IS NOT NULL", [board.pk], cases_each, rng)
            visitors.append(visitor(user, "body", cases, "/klageinstans/"))
    downloads = _downloads([case_id for v in visitors for case_id in v["case_ids"]], media)
    for item in visitors:
        item["downloads"] = [path for case_id in item.pop("case_ids") for path in downloads.get(case_id, [])]
    plan.visitors = visitors
    plan.minimal = f"/bench/minimal/{Board.objects.order_by('pk').values_list('pk', flat=True).first()}/"
    plan.seconds = time.perf_counter() - started
    connection.close()
    return plan


def main(argv: list[str] | None = None) -> int:
    """The preparing process: Django with the servers' settings on the database of DATABASE_URL; JSON on stdout."""
    parser = argparse.ArgumentParser(description="Fill the mixed load's database and mint its visitors' sessions.")
    parser.add_argument("--large", type=int, default=LARGE)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--citizens", type=int, default=300)
    parser.add_argument("--staff", type=int, default=5, help="caseworkers per authority and per board")
    parser.add_argument("--cases-each", type=int, default=25)
    args = parser.parse_args(argv)
    if str(REPO_DIR) not in sys.path:
        sys.path.insert(0, str(REPO_DIR))
    from bench.inbox import django_migrated

    django_migrated()
    plan = prepare(
        large=args.large, seed=args.seed, citizens=args.citizens, staff=args.staff, cases_each=args.cases_each
    )
    print(json.dumps(asdict(plan)), flush=True)
    return 0


# ---------------------------------------------------------------------------------------------
# The servers and the load (in the harness)
# ---------------------------------------------------------------------------------------------


def _process_cpu(pid: int) -> float:
    """User and system CPU seconds of one process, 0 when it is gone."""
    try:
        fields = stat(pid)
    except (OSError, IndexError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class PostgresCpu:
    """CPU seconds of the PostgreSQL backends serving one database (their pids from pg_stat_activity; /proc needs
    the same user or root, else the figure is 0)."""

    def __init__(self, database):
        self.database = database

    def sample(self) -> dict[int, float]:
        try:
            with self.database._maintenance() as connection:
                pids = connection.execute(
                    "SELECT pid FROM pg_stat_activity WHERE datname = %s", [self.database.name]
                ).fetchall()
        except Exception:  # the figure is left out, not the benchmark
            return {}
        return {pid: _process_cpu(pid) for (pid,) in pids}

    @staticmethod
    def spent(before: dict[int, float], after: dict[int, float]) -> float:
        """CPU between two samples: backends that ended in between are missed (connections live 60 s here)."""
        return sum(cpu - before.get(pid, 0.0) for pid, cpu in after.items())


def _machine_busy() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine so far (/proc/stat)."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    ticks = os.sysconf("SC_CLK_TCK")
    total = sum(values[:8])
    idle = values[3] + values[4]
    return (total - idle) / ticks, total / ticks


@dataclass
class Run:
    mode: str
    requests: int
    failures: int
    seconds: float
    p95_ms: float
    server_cpu: float
    postgres_cpu: float
    locust_cpu: float
    machine_busy: float
    machine_total: float
    per_name_p95: dict[str, float]

    @property
    def rps(self) -> float:
        return (self.requests - self.failures) / self.seconds if self.seconds else 0.0


def _locust(
    mode: str,
    *,
    plan_path: Path,
    servers: list[Gunicorn],
    postgres: PostgresCpu,
    users: int,
    seconds: float,
    work: Path,
    label: str,
) -> Run:
    """locust in a process of its own for `seconds`; its figures from its CSV, its CPU from wait4."""
    prefix = work / f"locust-{label}"
    env = {
        **os.environ,
        "KP_LOAD_PLAN": str(plan_path),
        "KP_LOAD_SERVERS": ",".join(server.url for server in servers),
        "KP_LOAD_MODE": mode,
    }
    command = [
        str(Path(sys.executable).with_name("locust")),
        "-f",
        str(REPO_DIR / "bench" / "locustfile.py"),
        "--headless",
        "-u",
        str(users),
        "-r",
        str(users),
        "-t",
        f"{seconds:g}s",
        "--host",
        servers[0].url,
        "--csv",
        str(prefix),
        "--only-summary",
        "--loglevel",
        "WARNING",
    ]
    cpu_before = sum(server.cpu_seconds() for server in servers)
    postgres_before = postgres.sample()
    busy_before, total_before = _machine_busy()
    with open(work / "locust.log", "ab") as locust_log:
        process = subprocess.Popen(command, cwd=REPO_DIR, env=env, stdout=locust_log, stderr=subprocess.STDOUT)
        try:
            _, status, usage = os.wait4(process.pid, 0)
        except BaseException:
            process.kill()
            process.wait()
            raise
        process.returncode = os.waitstatus_to_exitcode(status)
    busy_after, total_after = _machine_busy()
    server_cpu = sum(server.cpu_seconds() for server in servers) - cpu_before
    postgres_cpu = PostgresCpu.spent(postgres_before, postgres.sample())
    with open(f"{prefix}_stats.csv", newline="", encoding="utf-8") as stats_file:
        rows = list(csv.DictReader(stats_file))
    total = next(row for row in rows if row["Name"] == "Aggregated")
    requests, failures = int(total["Request Count"]), int(total["Failure Count"])
    rps = float(total["Requests/s"])
    run = Run(
        mode=mode,
        requests=requests,
        failures=failures,
        seconds=requests / rps if rps else seconds,
        p95_ms=float(total["95%"] or 0),
        server_cpu=server_cpu,
        postgres_cpu=postgres_cpu,
        locust_cpu=usage.ru_utime + usage.ru_stime,
        machine_busy=busy_after - busy_before,
        machine_total=total_after - total_before,
        per_name_p95={row["Name"]: float(row["95%"] or 0) for row in rows if row["Name"] != "Aggregated"},
    )
    if failures:
        failures_csv = Path(f"{prefix}_failures.csv")
        log(f"  {failures} failed requests: {failures_csv.read_text()[:600] if failures_csv.exists() else ''}")
    busy = run.machine_busy / max(run.machine_total, 1e-9)
    log(
        f"  {label}: {run.rps:.1f} req/s, p95 {run.p95_ms:.0f} ms, {failures} failed; server CPU "
        f"{1000 * server_cpu / max(requests, 1):.2f} ms/request, PostgreSQL "
        f"{1000 * postgres_cpu / max(requests, 1):.2f}, locust "
        f"{1000 * run.locust_cpu / max(requests, 1):.2f} ms/request; machine {busy:.0%} busy"
    )
    return run


def _database(bench: Bench):
    """The million cases' database: the inbox benchmark's, handed over; or one of its own on PostgreSQL."""
    handed = bench.shared.pop("million_database", None)
    if handed is not None:
        log(f"  the inbox benchmark's database {handed.label}, its cases kept for this")
        return handed
    source = bench.database.url if bench.database.postgres is not None else POSTGRES_URL
    database = type(bench.database)(var_dir=bench.var_dir, source_url=source, name=DATABASE)
    if database.postgres is None:
        log(f"  KP_BENCH_POSTGRES_URL does not name a PostgreSQL server: {source}")
        return None
    if bench.database.postgres is None:
        log(f"  the harness runs on SQLite; the mixed load runs on PostgreSQL of KP_BENCH_POSTGRES_URL ({source})")
    try:
        with database._maintenance() as connection:
            exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database.name]).fetchone()
        if REUSE and exists:
            log(f"  KP_BENCH_MIXED_REUSE=1: {database.label} as it is (and left there)")
            return database
        database.create()
    except Exception as exc:
        log(f"  PostgreSQL is not available for the mixed load ({type(exc).__name__}: {exc})")
        return None
    if not bench.options.keep:
        bench.stack.callback(database.drop)
    return database


def _env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, "") or default)


def _check(servers: list[Gunicorn], plan: Plan) -> None:
    """Every kind of page answers 200 on both servers for a visitor who may see it, before anything is timed."""
    sample = {kind: next(v for v in plan.visitors if v["kind"] == kind) for kind in ("citizen", "authority", "body")}
    for server in servers:
        for kind, item in sample.items():
            path = item["cases"][0]
            status, body = server.get(path, item["cookie"])
            number = path.strip("/").split("/")[-1]
            if status != 200 or f"Sag {number}".encode() not in body:
                raise RuntimeError(f"{kind}: {path} answered {status} on port {server.port}")
            for page in (path + "dokumenter/", item["inbox"], *(item["downloads"][:1])):
                if page and (status := server.get(page, item["cookie"])[0]) != 200:
                    raise RuntimeError(f"{kind}: {page} answered {status} on port {server.port}")
        for page in ("/", plan.minimal):
            if (status := server.get(page)[0]) != 200:
                raise RuntimeError(f"{page} answered {status} on port {server.port}")


def mixed_load(bench: Bench) -> Iterator[tuple[str, object]]:
    """The mix of case pages, inboxes and downloads on a million cases against two gunicorn servers (locust)."""
    database = _database(bench)
    if database is None:
        for name in FIGURES:
            yield name, "unavailable"
        return
    quick = bench.options.quick
    users = _env_int("KP_BENCH_MIXED_USERS", 16)
    workers = _env_int("KP_BENCH_MIXED_WORKERS", 1)
    threads = _env_int("KP_BENCH_MIXED_THREADS", 8)
    seconds = _env_int("KP_BENCH_MIXED_SECONDS", 10 if quick else 30)
    work = bench.var_dir / "mixed"
    work.mkdir(exist_ok=True)
    env = production_env(
        database.url,
        cache_url=redis_cache(REDIS_URL),  # flushed again when the run ends (below)
        workers=workers,
        threads=threads,
        max_requests=os.environ.get("KP_BENCH_MIXED_MAX_REQUESTS", "1000"),
    )
    if env["KP_CACHE_URL"]:
        bench.stack.callback(redis_cache, env["KP_CACHE_URL"])  # the sessions and cache entries go with the run
    step = time.perf_counter()
    from bench.inbox import json_from_process

    arguments = ["--large", str(20_000 if quick else LARGE), "--seed", str(bench.options.seed)]
    plan = Plan(**json_from_process("bench.mixed", arguments, env=env))
    plan_path = work / "plan.json"
    plan_path.write_text(json.dumps(asdict(plan)))
    kinds = {kind: sum(1 for v in plan.visitors if v["kind"] == kind) for kind in ("citizen", "authority", "body")}
    log(
        f"  {plan.cases} cases, visitors {kinds}, {sum(len(v['downloads']) for v in plan.visitors)} downloads; "
        f"prepared in {time.perf_counter() - step:.0f} s"
    )
    with servers_running(env, count=2, log_dir=work, stack=bench.stack, ready=plan.minimal) as servers:
        _check(servers, plan)
        shape = f"2 servers x {workers} workers x {threads} threads, {users} locust users"
        cache = f"Redis {env['KP_CACHE_URL']}" if env["KP_CACHE_URL"] else "none"
        log(f"  {shape}, runs of {seconds} s; cache {cache}")

        def run(mode: str, label: str, length: float = seconds) -> Run:
            return _locust(
                mode,
                plan_path=plan_path,
                servers=servers,
                postgres=PostgresCpu(database),
                users=users,
                seconds=length,
                work=work,
                label=label,
            )

        run("mix", "warm-up", 5 if quick else 10)
        pairs = 1 if quick else 2
        mixes, minimals = [], []
        for index in range(pairs):
            order = ("minimal", "mix") if index % 2 == 0 else ("mix", "minimal")
            for mode in order:
                (mixes if mode == "mix" else minimals).append(run(mode, f"{mode}-{index + 1}"))
        # Each kind alone (its CPU per request); KP_BENCH_MIXED_KINDS=0 leaves this out, e.g. when trying shapes.
        alone = os.environ.get("KP_BENCH_MIXED_KINDS", "1") != "0"
        per_kind = {kind: run(kind, kind, 5 if quick else 10) for kind in KINDS} if alone else {}
    requests = sum(r.requests for r in mixes)
    failures = sum(r.failures for r in mixes)
    mix_rps = sum(r.rps * r.seconds for r in mixes) / sum(r.seconds for r in mixes)
    minimal_rps = sum(r.rps * r.seconds for r in minimals) / sum(r.seconds for r in minimals)
    yield "mixed_rps", f"{mix_rps:.1f}"
    yield "mixed_p95_ms", max(r.p95_ms for r in mixes)
    yield "mixed_vs_minimal", mix_rps / minimal_rps
    yield "mixed_failures", failures + sum(r.failures for r in minimals)
    yield "mixed_minimal_rps", f"{minimal_rps:.1f}"
    yield "mixed_minimal_p95_ms", max(r.p95_ms for r in minimals)
    yield "mixed_server_cpu_ms", 1000 * sum(r.server_cpu for r in mixes) / requests
    yield "mixed_minimal_server_cpu_ms", 1000 * sum(r.server_cpu for r in minimals) / sum(r.requests for r in minimals)
    yield "mixed_postgres_cpu_ms", 1000 * sum(r.postgres_cpu for r in mixes) / requests
    yield "mixed_locust_cpu_ms", 1000 * sum(r.locust_cpu for r in mixes) / requests
    yield "mixed_machine_busy", sum(r.machine_busy for r in mixes) / sum(r.machine_total for r in mixes)
    ours = sum(r.server_cpu + r.postgres_cpu + r.locust_cpu for r in mixes)
    yield (
        "mixed_others_cpu_share",
        max(sum(r.machine_busy for r in mixes) - ours, 0) / sum(r.machine_total for r in mixes),
    )
    for kind in KINDS:
        yield f"mixed_{kind}_p95_ms", max(r.per_name_p95.get(kind, 0.0) for r in mixes)
    for kind, result in per_kind.items():
        yield f"mixed_{kind}_cpu_ms", 1000 * result.server_cpu / max(result.requests, 1)
        yield f"mixed_{kind}_postgres_cpu_ms", 1000 * result.postgres_cpu / max(result.requests, 1)
    yield "mixed_cases", plan.cases
    yield "mixed_shape", shape.replace(" ", "_").replace(",", "")
    if failures or any(r.failures for r in [*minimals, *per_kind.values()]):
        raise RuntimeError("some requests of the mixed load failed (see above)")


if __name__ == "__main__":
    sys.exit(main())

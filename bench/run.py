"""Benchmarks of Klageportal, run by `make bench`: `name: value` lines on stdout, progress on stderr.

The harness prepares a database of its own (a SQLite file in a temporary KP_VAR_DIR, or, when
DATABASE_URL names a PostgreSQL server, a separate database `kp_bench` on it that is dropped
afterwards), migrates it, loads the catalogue, generates some cases, and starts the real server
(`manage.py serve`, with the benchmark views) on a free loopback port when a benchmark asks for it.

A benchmark is a function registered with @benchmark that takes the Bench context and yields
(name, value) pairs; `figures` names the lines it prints, which `--only` takes as well:

    @benchmark("parties_page", figures=("parties_page_rps",))
    def parties_page(bench):
        "Requests per second of a case's parties tab."
        case = bench.case(parties=5, documents=0, events=10)  # bench/scenarios.py
        path = case.url("workspaces:case_parties")
        with bench.load() as load:
            result = load.run(path, seconds=bench.options.round_seconds, headers=login_headers(case.user))
            yield "parties_page_rps", result.rps

    python bench/run.py                 # everything, about three minutes
    python bench/run.py --quick         # a smoke run of a few seconds per benchmark
    python bench/run.py --only start_page_vs_minimal --rounds 10
    python bench/run.py --only upload_100mb_vs_cp    # a figure's name runs the benchmark that prints it
    python bench/run.py --list
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import itertools
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

REPO_DIR = Path(__file__).resolve().parent.parent
if str(REPO_DIR) not in sys.path:
    sys.path.insert(0, str(REPO_DIR))

HOST = "127.0.0.1"
"""The load goes to this machine's loopback interface only."""


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------
# Registry
# ---------------------------------------------------------------------------------------------

Result = Iterator[tuple[str, object]]


@dataclass(frozen=True)
class Benchmark:
    name: str
    func: Callable[[Bench], Result]
    description: str
    figures: tuple[str, ...] = ()
    """Names of the lines it prints that `--only` also takes for it (the whole benchmark runs)."""


REGISTRY: dict[str, Benchmark] = {}


def benchmark(
    name: str, *, figures: tuple[str, ...] = ()
) -> Callable[[Callable[[Bench], Result]], Callable[[Bench], Result]]:
    """Register a benchmark; it runs in registration order and yields (name, value) pairs."""

    def register(func: Callable[[Bench], Result]) -> Callable[[Bench], Result]:
        taken = {n for item in REGISTRY.values() for n in (item.name, *item.figures)}
        if name in REGISTRY or taken & {*figures} - {name}:
            raise ValueError(f"benchmark {name!r} or one of its figures is registered twice")
        description = (func.__doc__ or "").strip().splitlines()[0] if func.__doc__ else ""
        REGISTRY[name] = Benchmark(name, func, description, tuple(figures))
        return func

    return register


def benchmark_named(name: str) -> Benchmark | None:
    """The benchmark of this name, or the one printing a figure of this name."""
    return REGISTRY.get(name) or next((item for item in REGISTRY.values() if name in item.figures), None)


def format_value(value: object) -> str:
    """Floats get three decimals; a benchmark that wants another form yields a string."""
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


# ---------------------------------------------------------------------------------------------
# The benchmarks' own database
# ---------------------------------------------------------------------------------------------


class BenchDatabase:
    """A database only the benchmarks use: never the one DATABASE_URL points to."""

    def __init__(self, *, var_dir: Path, source_url: str | None, name: str):
        import dj_database_url

        self.var_dir = var_dir
        self.name = name
        self.postgres: dict | None = None
        if not source_url:
            self.url = f"sqlite:///{var_dir / f'{name}.sqlite3'}"
            return
        config = dj_database_url.parse(source_url)
        engine = config["ENGINE"]
        if engine == "django.db.backends.sqlite3":
            self.url = f"sqlite:///{var_dir / f'{name}.sqlite3'}"
        elif engine == "django.db.backends.postgresql":
            if config["NAME"] == name:
                raise SystemExit(f"DATABASE_URL already names {name!r}; give the benchmarks another --db-name")
            self.postgres = config
            parts = urlsplit(source_url)
            self.url = urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, parts.fragment))
        else:
            raise SystemExit(f"the benchmarks support SQLite and PostgreSQL, not {engine}")

    @property
    def label(self) -> str:
        if self.postgres:
            return (
                f"PostgreSQL {self.postgres.get('HOST') or 'localhost'}:{self.postgres.get('PORT') or 5432}/{self.name}"
            )
        return f"SQLite {self.url.removeprefix('sqlite:///')}"

    def _maintenance(self):
        import psycopg

        config = self.postgres
        return psycopg.connect(
            dbname="postgres",
            host=config.get("HOST") or None,
            port=config.get("PORT") or None,
            user=config.get("USER") or None,
            password=config.get("PASSWORD") or None,
            autocommit=True,
            **{key: str(value) for key, value in (config.get("OPTIONS") or {}).items() if key in {"sslmode"}},
        )

    def _drop(self, connection) -> None:
        import psycopg
        from psycopg import sql

        try:
            connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(self.name)))
        except psycopg.errors.SyntaxError:  # before PostgreSQL 13
            connection.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(self.name)))

    def create(self) -> None:
        if self.postgres is None:
            return
        from psycopg import sql

        with self._maintenance() as connection:
            self._drop(connection)
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(self.name)))

    def drop(self) -> None:
        if self.postgres is None:
            return  # the SQLite file goes with the temporary directory
        from django.db import connections

        connections.close_all()
        with self._maintenance() as connection:
            self._drop(connection)


# ---------------------------------------------------------------------------------------------
# The server under test
# ---------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def _die_with_parent() -> None:
    """In the server process: get SIGTERM if the harness dies without cleaning up (Linux only)."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


class Server:
    """`manage.py serve` in a subprocess of its own session, stopped (with its group) by stop()."""

    def __init__(self, *, threads: int, log_path: Path, tmp_dir: Path | None = None):
        self.threads = threads
        self.log_path = log_path
        self.tmp_dir = tmp_dir
        """TMPDIR of the server: its temporary files (uploads on their way in) go where the run cleans up."""
        self.process: subprocess.Popen | None = None
        self.port = 0

    def start(self, ready_path: str, *, timeout: float = 90.0) -> None:
        for attempt in range(3):
            self.port = free_port()
            with open(self.log_path, "ab") as server_log:
                self.process = subprocess.Popen(
                    [
                        sys.executable,
                        "manage.py",
                        "serve",
                        "--host",
                        HOST,
                        "--port",
                        str(self.port),
                        "--threads",
                        str(self.threads),
                    ],
                    cwd=REPO_DIR,
                    env={**os.environ, **({"TMPDIR": str(self.tmp_dir)} if self.tmp_dir else {})},
                    stdin=subprocess.DEVNULL,
                    stdout=server_log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                    preexec_fn=_die_with_parent if sys.platform == "linux" else None,
                )
            if self._wait_ready(ready_path, timeout):
                log(f"Server pid {self.process.pid} answers on http://{HOST}:{self.port}/")
                return
            self.stop()
            log(f"The server did not start (attempt {attempt + 1}); its log:\n{self.log_tail()}")
        raise RuntimeError("the server did not start")

    def _wait_ready(self, path: str, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                return False
            try:
                connection = http.client.HTTPConnection(HOST, self.port, timeout=5)
                connection.request("GET", path)
                response = connection.getresponse()
                response.read()
                connection.close()
                if response.status == 200:
                    return True
            except (OSError, http.client.HTTPException):
                pass
            time.sleep(0.2)
        return False

    def cpu_seconds(self) -> float | None:
        """User and system CPU time of the server process so far (Linux /proc), else None."""
        try:
            fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, AttributeError, IndexError):
            return None
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def stop(self) -> None:
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        for sig, wait in ((signal.SIGTERM, 10), (signal.SIGKILL, 5)):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, sig)  # the group of the session we started for it
            try:
                process.wait(wait)
                return
            except subprocess.TimeoutExpired:
                continue


# ---------------------------------------------------------------------------------------------
# Load generator
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Round:
    path: str
    requests: int
    errors: int
    seconds: float
    first_error: str = ""
    cpu_seconds: float | None = None
    """CPU time the server used during the round, when it can be read (Linux)."""

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def cpu_ms(self) -> float | None:
        """Server CPU milliseconds per request: what other processes on the machine hardly change."""
        return 1000 * self.cpu_seconds / self.requests if self.cpu_seconds is not None and self.requests else None


Headers = dict[str, str] | Sequence[dict[str, str]] | None
"""Request headers: the same for every client, one dict per client (e.g. a session each), or none."""


def _per_client(headers: Headers, clients: int) -> list[dict[str, str]]:
    if not headers:
        return [{}] * clients
    if isinstance(headers, dict):
        return [headers] * clients
    if len(headers) < clients:
        raise ValueError(f"headers for {len(headers)} clients, but there are {clients}")
    return list(headers)


class LoadGenerator:
    """A fixed number of keep-alive HTTP/1.1 clients, one thread and one connection each, to 127.0.0.1."""

    def __init__(
        self, port: int, *, clients: int, timeout: float = 10.0, cpu: Callable[[], float | None] | None = None
    ):
        self.port = port
        self.cpu = cpu or (lambda: None)
        self.connections = [http.client.HTTPConnection(HOST, port, timeout=timeout) for _ in range(clients)]

    def close(self) -> None:
        for connection in self.connections:
            connection.close()

    def __enter__(self) -> LoadGenerator:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def run(self, path: str, *, seconds: float, max_requests: int = 1_000_000, headers: Headers = None) -> Round:
        """GET `path` from every client until `seconds` have passed or `max_requests` were sent."""
        client_headers = [{"Accept-Encoding": "identity", **h} for h in _per_client(headers, len(self.connections))]
        tickets = itertools.count()
        counts = [(0, 0, "")] * len(self.connections)
        ready = threading.Barrier(len(self.connections) + 1)
        stop = threading.Event()
        deadline = [0.0]

        def client(index: int, connection: http.client.HTTPConnection) -> None:
            done = errors = 0
            first_error = ""
            try:
                ready.wait()
            except threading.BrokenBarrierError:
                return
            while not stop.is_set() and next(tickets) < max_requests and time.perf_counter() < deadline[0]:
                try:
                    connection.request("GET", path, headers=client_headers[index])
                    response = connection.getresponse()
                    response.read()
                    if response.status == 200:
                        done += 1
                    else:
                        errors += 1
                        first_error = first_error or f"HTTP {response.status}"
                    if response.will_close:
                        connection.close()  # reopened by the next request
                except Exception as exc:  # a broken connection, or the run being stopped under it
                    if stop.is_set():
                        return
                    errors += 1
                    first_error = first_error or repr(exc)
                    connection.close()
            counts[index] = (done, errors, first_error)

        threads = [
            threading.Thread(target=client, args=(i, c), daemon=True, name=f"client-{i}")
            for i, c in enumerate(self.connections)
        ]
        try:
            for thread in threads:
                thread.start()
            cpu_before = self.cpu()
            deadline[0] = time.perf_counter() + seconds
            started = time.perf_counter()
            ready.wait()
            for thread in threads:
                thread.join()
            elapsed = time.perf_counter() - started
            cpu_after = self.cpu()
        finally:  # interrupted (Ctrl+C, SIGTERM): let the clients go before their connections are closed
            stop.set()
            ready.abort()
            for thread in threads:
                if thread.is_alive():
                    thread.join(timeout=1)
        return Round(
            path=path,
            requests=sum(c[0] for c in counts),
            errors=sum(c[1] for c in counts),
            seconds=elapsed,
            first_error=next((c[2] for c in counts if c[2]), ""),
            cpu_seconds=cpu_after - cpu_before if cpu_before is not None and cpu_after is not None else None,
        )


def interleaved(
    load: LoadGenerator,
    paths: dict[str, str],
    *,
    rounds: int,
    seconds: float,
    warmup: float,
    max_requests: int = 100_000,
    headers: dict[str, Headers] | None = None,
) -> dict[str, list[Round]]:
    """Measure several paths in alternating rounds (A B, B A, A B, …) so drift and noise hit all alike.

    `headers` gives, by name, the headers of a path's requests (see LoadGenerator.run)."""
    names = list(paths)
    headers = headers or {}
    for name in names:
        load.run(paths[name], seconds=warmup, max_requests=max_requests, headers=headers.get(name))
    results: dict[str, list[Round]] = {name: [] for name in names}
    for index in range(rounds):
        order = names if index % 2 == 0 else names[::-1]
        for name in order:
            result = load.run(paths[name], seconds=seconds, max_requests=max_requests, headers=headers.get(name))
            if result.errors:
                raise RuntimeError(f"{paths[name]}: {result.errors} failed requests, first: {result.first_error}")
            results[name].append(result)
        log(f"  round {index + 1}/{rounds}: " + ", ".join(_describe(name, results[name][-1]) for name in names))
    return results


def _describe(name: str, result: Round) -> str:
    cpu = f" ({result.cpu_ms:.2f} ms CPU each)" if result.cpu_ms is not None else ""
    return f"{name} {result.rps:.0f}/s{cpu}"


def total_rps(rounds: list[Round]) -> float:
    return sum(r.requests for r in rounds) / sum(r.seconds for r in rounds)


def cpu_ms(rounds: list[Round]) -> float | None:
    """Server CPU milliseconds per request over all rounds, or None where it cannot be read."""
    if any(r.cpu_seconds is None for r in rounds) or not sum(r.requests for r in rounds):
        return None
    return 1000 * sum(r.cpu_seconds for r in rounds) / sum(r.requests for r in rounds)


# ---------------------------------------------------------------------------------------------
# Context
# ---------------------------------------------------------------------------------------------


@dataclass
class Options:
    only: list[str]
    quick: bool
    cases: int
    clients: int
    threads: int
    rounds: int
    round_seconds: float
    warmup: float
    db_name: str
    keep: bool
    seed: int


class Bench:
    """What a benchmark gets: the options, the prepared database and, on request, the running server."""

    def __init__(self, options: Options, stack: contextlib.ExitStack):
        self.options = options
        self.stack = stack
        self._server: Server | None = None
        self._cases: dict[tuple[int, int, int], object] = {}
        self.shared: dict[str, object] = {}
        """What one benchmark leaves for a later one in the same run (the inbox's million cases for the mixed load)."""
        self.var_dir = Path(tempfile.mkdtemp(prefix="kp-bench-"))
        if options.keep:
            log(f"Keeping {self.var_dir}")
        else:
            stack.callback(shutil.rmtree, self.var_dir, ignore_errors=True)
        self.database = BenchDatabase(
            var_dir=self.var_dir, source_url=os.environ.get("DATABASE_URL"), name=options.db_name
        )

    def prepare(self) -> None:
        """Environment, database, migrations, static files, catalogue and some cases."""
        os.environ.update(
            {
                "DJANGO_SETTINGS_MODULE": "klageportal.settings",
                "DATABASE_URL": self.database.url,
                "KP_VAR_DIR": str(self.var_dir),
                "KP_STATIC_ROOT": str(self.var_dir / "staticfiles"),
                # The hashed names the pages link to, without the gzip and Brotli copies next to them: making
                # those takes a minute, and the benchmarks ask for no static file and no compression.
                "KP_STATICFILES_STORAGE": os.environ.get(
                    "KP_STATICFILES_STORAGE", "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"
                ),
                "KP_MEDIA_ROOT": str(self.var_dir / "media"),
                "KP_DEVIDP_KEY_FILE": str(self.var_dir / "devidp-signing-key.pem"),
                "KP_BENCH_VIEWS": "1",
                "DJANGO_DEBUG": "0",
                "KP_LOG_LEVEL": "WARNING",
            }
        )
        step = time.perf_counter()
        log(f"Database: {self.database.label}")
        self.database.create()
        if not self.options.keep:
            self.stack.callback(self.database.drop)

        import django
        from django.core.management import call_command

        django.setup()
        call_command("migrate", interactive=False, verbosity=0)
        log(f"  migrated in {time.perf_counter() - step:.1f} s")
        step = time.perf_counter()
        call_command("collectstatic", interactive=False, verbosity=0)
        log(f"  static files collected in {time.perf_counter() - step:.1f} s")

        from bench.generate import generate_cases

        result = generate_cases(self.options.cases, seed=self.options.seed)
        log(f"  {result.cases} cases generated in {result.seconds:.1f} s ({result.cases_per_second:.0f} cases/s)")
        from django.db import connections

        connections.close_all()

    def server(self) -> Server:
        """The server, started on first use and stopped when the run ends."""
        if self._server is None:
            tmp_dir = self.var_dir / "tmp"  # a server stopped in the middle of an upload leaves its files here
            tmp_dir.mkdir(exist_ok=True)
            server = Server(threads=self.options.threads, log_path=self.var_dir / "server.log", tmp_dir=tmp_dir)
            self.stack.callback(server.stop)
            server.start(f"/bench/minimal/{self.board_pk()}/")
            self._server = server
        return self._server

    def server_log_tail(self) -> str:
        return self._server.log_tail() if self._server else ""

    def load(self, clients: int | None = None) -> LoadGenerator:
        server = self.server()
        load = LoadGenerator(server.port, clients=clients or self.options.clients, cpu=server.cpu_seconds)
        self.stack.callback(load.close)
        return load

    def get(self, path: str, headers: dict[str, str] | None = None) -> tuple[int, bytes]:
        connection = http.client.HTTPConnection(HOST, self.server().port, timeout=10)
        try:
            connection.request("GET", path, headers=headers or {})
            response = connection.getresponse()
            return response.status, response.read()
        finally:
            connection.close()

    def case(self, *, parties: int, documents: int, events: int):
        """A case of this size filed by a citizen of its own (bench/scenarios.py), made once per run."""
        key = (parties, documents, events)
        if key not in self._cases:
            from bench.scenarios import case_create

            step = time.perf_counter()
            self._cases[key] = case_create(parties=parties, documents=documents, events=events, seed=self.options.seed)
            log(
                f"  case {self._cases[key].number} (parties/documents/events {parties}/{documents}/{events}) "
                f"made in {time.perf_counter() - step:.2f} s"
            )
        return self._cases[key]

    def will_run(self, name: str) -> bool:
        """The benchmark of this name runs in this run (all do, unless --only names others)."""
        return not self.options.only or name in self.options.only

    def board_pk(self) -> int:
        from klageportal.catalog.models import Board

        return Board.objects.order_by("pk").values_list("pk", flat=True).first()


# ---------------------------------------------------------------------------------------------
# Benchmarks
# ---------------------------------------------------------------------------------------------


@benchmark("start_page_vs_minimal")
def start_page_vs_minimal(bench: Bench) -> Result:
    """Requests per second of the start page against the minimal view (one query, a tiny response)."""
    from klageportal.catalog.models import Board

    pk = bench.board_pk()
    paths = {"start_page": "/", "minimal": f"/bench/minimal/{pk}/"}
    status, body = bench.get(paths["start_page"])
    if status != 200 or b'<html lang="da">' not in body:
        raise RuntimeError(f"the start page answered {status}")
    status, body = bench.get(paths["minimal"])
    if status != 200 or body.decode() != Board.objects.get(pk=pk).name:
        raise RuntimeError(f"the minimal view answered {status}: {body[:80]!r}")
    options = bench.options
    log(f"  {options.clients} clients, {options.rounds} rounds of {options.round_seconds:g} s per page")
    with bench.load() as load:
        rounds = interleaved(load, paths, rounds=options.rounds, seconds=options.round_seconds, warmup=options.warmup)
    start_rps, minimal_rps = total_rps(rounds["start_page"]), total_rps(rounds["minimal"])
    # Each start-page round sits next to a minimal round: the median of their quotients cancels the load
    # other processes put on the machine, which moves both alike, better than the quotient of the totals.
    pair_ratios = [a.rps / b.rps for a, b in zip(rounds["start_page"], rounds["minimal"], strict=True)]
    yield "start_page_rps", f"{start_rps:.1f}"
    yield "minimal_rps", f"{minimal_rps:.1f}"
    yield "start_page_vs_minimal", statistics.median(pair_ratios)
    if len(pair_ratios) > 1:
        yield "start_page_vs_minimal_stdev", statistics.stdev(pair_ratios)
    # The same comparison by the server's CPU time per request, which other load on the machine hardly moves.
    start_cpu, minimal_cpu = cpu_ms(rounds["start_page"]), cpu_ms(rounds["minimal"])
    if start_cpu and minimal_cpu:
        yield "start_page_cpu_ms", start_cpu
        yield "minimal_cpu_ms", minimal_cpu
        yield "start_page_vs_minimal_cpu", minimal_cpu / start_cpu


BIG_CASE = {"parties": 5, "documents": 50, "events": 200}
SMALL_CASE = {"parties": 1, "documents": 0, "events": 2}
CASE_TABS = {"case_page": "workspaces:case_detail", "case_documents_page": "workspaces:case_documents"}
DOWNLOAD_LINK = re.compile(rb'href="/sag/[^"/]+/dokumenter/\d+/"')


def _compared(name: str, rounds: list[Round], baseline: list[Round]) -> Result:
    """The figures of one page against the baseline measured in the rounds next to it."""
    pair_ratios = [a.rps / b.rps for a, b in zip(rounds, baseline, strict=True)]
    yield f"{name}_rps", f"{total_rps(rounds):.1f}"
    yield f"{name}_vs_minimal", statistics.median(pair_ratios)
    if len(pair_ratios) > 1:
        yield f"{name}_vs_minimal_stdev", statistics.stdev(pair_ratios)
    page_cpu, minimal_cpu = cpu_ms(rounds), cpu_ms(baseline)
    if page_cpu and minimal_cpu:
        yield f"{name}_cpu_ms", page_cpu
        yield f"{name}_vs_minimal_cpu", minimal_cpu / page_cpu


@benchmark(
    "case_page_vs_minimal",
    figures=tuple(
        f"{page}{figure}"
        for page in CASE_TABS
        for figure in ("_rps", "_vs_minimal", "_vs_minimal_stdev", "_cpu_ms", "_vs_minimal_cpu")
    ),
)
def case_page_vs_minimal(bench: Bench) -> Result:
    """Requests per second of a big case's overview and documents tab, logged in, against the minimal view."""
    from bench.scenarios import login_headers

    scenario = bench.case(**BIG_CASE)
    options = bench.options
    # Every client is a browser of its own: a session each, all logged in as the citizen who filed the case.
    sessions = [login_headers(scenario.user) for _ in range(options.clients)]
    paths = {name: scenario.url(tab) for name, tab in CASE_TABS.items()}
    paths["minimal"] = f"/bench/minimal/{bench.board_pk()}/"
    for name, path in paths.items():
        status, body = bench.get(path, headers=sessions[0] if name != "minimal" else None)
        if status != 200:
            raise RuntimeError(f"{path} answered {status} (not logged in?)")
        if name != "minimal" and f"Sag {scenario.number}".encode() not in body:
            raise RuntimeError(f"{path} is not the page of case {scenario.number}")
    status, body = bench.get(paths["case_documents_page"], headers=sessions[0])
    if len(DOWNLOAD_LINK.findall(body)) != scenario.documents:
        raise RuntimeError(f"the documents tab lists {len(DOWNLOAD_LINK.findall(body))} documents, not 50")
    log(f"  {options.clients} clients, {options.rounds} rounds of {options.round_seconds:g} s per page")
    with bench.load() as load:
        rounds = interleaved(
            load,
            paths,
            rounds=options.rounds,
            seconds=options.round_seconds,
            warmup=options.warmup,
            headers=dict.fromkeys(CASE_TABS, sessions),
        )
    for name in CASE_TABS:
        yield from _compared(name, rounds[name], rounds["minimal"])


def _count_queries(client, path: str) -> tuple[int, list[str]]:
    """SQL queries of one request, after one request before it has warmed caches and the session."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    if (status := client.get(path).status_code) != 200:
        raise RuntimeError(f"{path} answered {status}")
    with CaptureQueriesContext(connection) as captured:
        status = client.get(path).status_code
    if status != 200:
        raise RuntimeError(f"{path} answered {status}")
    return len(captured.captured_queries), [q["sql"] for q in captured.captured_queries]


def _sql_shape(sql: str) -> str:
    """A query with its values left out, to tell which queries one page makes and another does not."""
    return re.sub(r"'[^']*'|\b\d+\b", "?", sql)


@benchmark(
    "case_page_queries",
    figures=(
        "case_page_queries",
        "case_page_queries_small",
        "case_documents_queries",
        "case_documents_queries_small",
        "case_documents_queries_one_document",
    ),
)
def case_page_queries(bench: Bench) -> Result:
    """SQL queries of the overview and documents tab for a big and a small case: equal, or a query per row."""
    from collections import Counter

    from django.db import connections
    from django.test import Client

    cases = {
        "": bench.case(**BIG_CASE),
        "_small": bench.case(**SMALL_CASE),
        "_one_document": bench.case(**{**SMALL_CASE, "documents": 1}),
    }
    log(f"  big: {BIG_CASE}, small: {SMALL_CASE}; one request each in this process (django.test.Client)")
    try:
        for figure, tab, sizes in (
            ("case_page_queries", "workspaces:case_detail", ("", "_small")),
            ("case_documents_queries", "workspaces:case_documents", ("", "_small", "_one_document")),
        ):
            counts = {}
            for size in sizes:
                client = Client()
                client.force_login(cases[size].user)
                counts[size] = _count_queries(client, cases[size].url(tab))
                yield f"{figure}{size}", counts[size][0]
            for size in sizes[1:]:
                if counts[size][0] == counts[""][0]:
                    continue
                big, other = Counter(map(_sql_shape, counts[""][1])), Counter(map(_sql_shape, counts[size][1]))
                log(f"  {figure}: {counts[''][0]} queries for the big case, {counts[size][0]} for {size[1:]}:")
                for sql in (big - other).elements():
                    log(f"    only for the big case: {sql[:300]}")
                for sql in (other - big).elements():
                    log(f"    only for {size[1:]}: {sql[:300]}")
                if all("documents_casedocument_categories" in sql for sql in (big - other) + (other - big)):
                    log("    (the categories: one query for all rows, left out when there are no rows)")
    finally:
        connections.close_all()


UPLOAD_BYTES = 100 * 1024 * 1024


@benchmark("upload_100mb", figures=("upload_100mb_rss_growth_mb", "upload_100mb_vs_cp", "upload_100mb_vs_floor"))
def upload_100mb(bench: Bench) -> Result:
    """A 100 MB upload to a case's documents tab: the server's peak memory growth, its speed against cp, floor.

    The floor is a bare loopback socket receiver that hashes (SHA-256) and writes the same body."""
    import hashlib

    from django.conf import settings
    from django.core.files.storage import default_storage

    from bench.scenarios import case_create, login_headers
    from bench.uploads import FloorReceiver, MultipartFile, PeakMemory, pdf_renew, pdf_write, upload_post
    from klageportal.documents.models import Document

    scenario = case_create(parties=1, documents=0, events=2, seed=bench.options.seed)  # its own: it gets documents
    server = bench.server()
    path = scenario.url("workspaces:case_documents")
    headers = login_headers(scenario.user, csrf=True)
    media = Path(settings.MEDIA_ROOT)
    media.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="upload-", dir=bench.var_dir))
    copies: list[Path] = []
    receivers = contextlib.ExitStack()

    def upload(source: Path, name: str):
        answer = upload_post(HOST, server.port, path, MultipartFile(source, filename=name), headers=headers)
        try:
            files = answer.json()["files"]
        except (ValueError, KeyError):
            raise RuntimeError(f"the upload of {name} answered {answer.status}: {answer.body[:300]!r}") from None
        if answer.status != 200 or len(files) != 1 or not files[0]["ok"]:
            raise RuntimeError(f"the upload of {name} was refused ({answer.status}): {files}")
        return answer

    def stored_check(source: Path, name: str) -> None:
        """The document is linked to the case, and its stored file has the size and content sent; then it goes."""
        document = Document.objects.filter(original_name=name, case_links__case=scenario.case).get()
        size = source.stat().st_size
        with open(source, "rb") as data:
            sha256 = hashlib.file_digest(data, "sha256").hexdigest()
        if (document.size, default_storage.size(document.file.name), document.sha256) != (size, size, sha256):
            raise RuntimeError(f"{name} was stored as {document.size} bytes, sha256 {document.sha256}")
        default_storage.delete(document.file.name)  # the row stays; the disk need not fill up

    try:
        source = work / "bilag.pdf"
        step = time.perf_counter()
        pdf_write(source, UPLOAD_BYTES)
        log(f"  {UPLOAD_BYTES / 2**20:.0f} MiB of random bytes written in {time.perf_counter() - step:.1f} s")
        warmup = work / "lille.pdf"
        pdf_write(warmup, 2 * 1024 * 1024)  # over the memory limits of waitress and Django: the same code path
        upload(warmup, "opvarmning.pdf")
        stored_check(warmup, "opvarmning.pdf")

        uploads: list[float] = []
        cps: list[float] = []
        floors: list[float] = []
        growth: list[float] = []
        rounds = 2 if bench.options.quick else 3
        floor = receivers.enter_context(FloorReceiver(work))
        for index in range(rounds):
            for step_name in ("upload", "cp", "floor") if index % 2 == 0 else ("floor", "cp", "upload"):
                if step_name == "upload":
                    pdf_renew(source)  # other content each time: no round finds it stored already
                    name = f"bilag-{index + 1}.pdf"
                    with PeakMemory(server.process.pid) as memory:
                        answer = upload(source, name)
                    stored_check(source, name)
                    uploads.append(answer.seconds)
                    growth.append(memory.growth_mb)
                elif step_name == "floor":
                    pdf_renew(source)
                    body = MultipartFile(source, filename="floor.pdf")
                    answer = upload_post(HOST, floor.port, path, body, headers={})
                    sent = hashlib.sha256()
                    for piece in body:
                        sent.update(piece)
                    if answer.json()["files"][0]["sha256"] != sent.hexdigest():
                        raise RuntimeError("the floor receiver hashed other bytes than were sent")
                    floors.append(answer.seconds)
                else:
                    copy = media / f"cp-{index + 1}.pdf"
                    copies.append(copy)
                    started = time.perf_counter()
                    subprocess.run(["cp", str(source), str(copy)], check=True)
                    cps.append(time.perf_counter() - started)
                    copy.unlink()
            log(
                f"  round {index + 1}/{rounds}: upload {UPLOAD_BYTES / 2**20 / uploads[-1]:.0f} MiB/s, "
                f"cp {UPLOAD_BYTES / 2**20 / cps[-1]:.0f} MiB/s, floor {UPLOAD_BYTES / 2**20 / floors[-1]:.0f} MiB/s; "
                f"server RSS {memory.before_kb / 1024:.0f} MiB "
                f"before, {memory.growth_mb:.1f} MiB more at its peak ({memory.method})"
            )
        yield "upload_100mb_rss_growth_mb", max(growth)
        # Throughput is bytes ÷ time, so the upload's throughput ÷ cp's is cp's time ÷ the upload's.
        yield "upload_100mb_vs_cp", statistics.median(cp / up for cp, up in zip(cps, uploads, strict=True))
        yield "upload_100mb_vs_floor", statistics.median(fl / up for fl, up in zip(floors, uploads, strict=True))
    finally:
        receivers.close()
        shutil.rmtree(work, ignore_errors=True)
        for copy in copies:
            copy.unlink(missing_ok=True)


UPLOAD_CLIENTS = 10
UPLOAD_RATE = 10_000_000
"""Bytes per second each of the uploading clients sends (10 MB/s): a fast line, not the loopback's speed."""


def _latencies(path: str, port: int, headers: dict[str, str], until: Callable[[], bool]) -> list[float]:
    """Seconds of each GET of `path`, one after the other on one keep-alive connection, until `until()`."""
    connection = http.client.HTTPConnection(HOST, port, timeout=60)
    seconds = []
    try:
        while not until():
            started = time.perf_counter()
            connection.request("GET", path, headers={"Accept-Encoding": "identity", **headers})
            response = connection.getresponse()
            response.read()
            if response.status != 200:
                raise RuntimeError(f"{path} answered {response.status}")
            seconds.append(time.perf_counter() - started)
            if response.will_close:
                connection.close()
    finally:
        connection.close()
    return seconds


def _p95(seconds: list[float]) -> float:
    return statistics.quantiles(seconds, n=20, method="inclusive")[18]


@benchmark(
    "case_page_during_uploads",
    figures=(
        "case_page_p95_idle_ms",
        "case_page_p95_during_uploads_ms",
        "case_page_p95_during_uploads_vs_idle",
        "case_page_p95_during_uploads_rss_growth_mb",
    ),
)
def case_page_during_uploads(bench: Bench) -> Result:
    """A big case's overview: its p95 while 10 clients upload 100 MB each at 10 MB/s, against its p95 idle."""
    import secrets as token_source

    from django.core.files.storage import default_storage

    from bench.scenarios import case_create, login_headers
    from bench.uploads import PDF_HEADER, MultipartFile, PeakMemory, pdf_write, upload_post
    from klageportal.documents.models import Document

    scenario = bench.case(**BIG_CASE)
    server = bench.server()
    path = scenario.url("workspaces:case_detail")
    viewer = login_headers(scenario.user)
    # Ten citizens, each uploading to a case of their own (each within the quotas of one person and one case).
    uploaders = [
        case_create(parties=1, documents=0, events=2, seed=bench.options.seed + 100 + index)
        for index in range(UPLOAD_CLIENTS)
    ]
    upload_headers = [login_headers(uploader.user, csrf=True) for uploader in uploaders]
    work = Path(tempfile.mkdtemp(prefix="uploads-", dir=bench.var_dir))
    try:
        source = work / "bilag.pdf"
        pdf_write(source, UPLOAD_BYTES)
        idle_seconds = 3.0 if bench.options.quick else 8.0
        warm = time.perf_counter() + 1.0  # warm-up, not counted
        _latencies(path, server.port, viewer, lambda: time.perf_counter() > warm)
        idle_end = time.perf_counter() + idle_seconds
        idle = _latencies(path, server.port, viewer, lambda: time.perf_counter() > idle_end)

        answers: list[object] = [None] * UPLOAD_CLIENTS

        def send(index: int) -> None:
            body = MultipartFile(
                source,
                filename=f"stor-{index + 1}.pdf",
                start=PDF_HEADER + token_source.token_bytes(32),  # content of its own: each is stored
                rate=UPLOAD_RATE,
                chunk=64 * 1024,
            )
            try:
                answers[index] = upload_post(
                    HOST,
                    server.port,
                    uploaders[index].url("workspaces:case_documents"),
                    body,
                    headers=upload_headers[index],
                )
            except Exception as exc:  # reported below
                answers[index] = exc

        threads = [threading.Thread(target=send, args=(i,), daemon=True) for i in range(UPLOAD_CLIENTS)]
        with PeakMemory(server.process.pid) as memory:
            started = time.perf_counter()
            for thread in threads:
                thread.start()
            during = _latencies(path, server.port, viewer, lambda: not any(t.is_alive() for t in threads))
            for thread in threads:
                thread.join()
            elapsed = time.perf_counter() - started
        for index, answer in enumerate(answers):
            files = answer.json()["files"] if hasattr(answer, "json") and answer.status in (200, 422) else None
            if not files or not files[0]["ok"]:
                raise RuntimeError(f"upload {index + 1} failed: {answer!r} {getattr(answer, 'body', b'')[:300]!r}")
        log(
            f"  {UPLOAD_CLIENTS} uploads of {UPLOAD_BYTES / 2**20:.0f} MiB at {UPLOAD_RATE / 1e6:g} MB/s each took "
            f"{elapsed:.1f} s; case page: {len(idle)} requests idle (p95 {_p95(idle) * 1000:.1f} ms, max "
            f"{max(idle) * 1000:.0f} ms), {len(during)} during (p95 {_p95(during) * 1000:.1f} ms, max "
            f"{max(during) * 1000:.0f} ms); server RSS {memory.before_kb / 1024:.0f} MiB before ({memory.method})"
        )
        yield "case_page_p95_idle_ms", _p95(idle) * 1000
        yield "case_page_p95_during_uploads_ms", _p95(during) * 1000
        yield "case_page_p95_during_uploads_vs_idle", _p95(during) / _p95(idle)
        yield "case_page_p95_during_uploads_rss_growth_mb", memory.growth_mb
    finally:
        shutil.rmtree(work, ignore_errors=True)
        for document in Document.objects.filter(case_links__case__in=[u.case for u in uploaders]):
            default_storage.delete(document.file.name)


@benchmark("generator")
def generator(bench: Bench) -> Result:
    """Cases per second the benchmark data generator writes (bench/generate.py)."""
    from bench.generate import generate_cases

    count = 300 if bench.options.quick else 2000
    result = generate_cases(count, seed=bench.options.seed + 1)
    yield "generate_cases_per_s", f"{result.cases_per_second:.0f}"


from bench import ankeskema  # noqa: E402  (needs REPO_DIR on sys.path, set above)

benchmark("ankeskema_concurrent_sends", figures=ankeskema.FIGURES)(ankeskema.concurrent_sends)

from bench import groupings  # noqa: E402

benchmark("grouping_add_document_queries", figures=groupings.FIGURES)(groupings.add_document_queries)

from bench import inbox  # noqa: E402

benchmark("inbox_scale", figures=inbox.FIGURES)(inbox.scale)

from bench import digest  # noqa: E402

benchmark("digest_100k_vs_1k", figures=digest.FIGURES)(digest.scale)

from bench import mixed  # noqa: E402

benchmark("mixed_load", figures=mixed.FIGURES)(mixed.mixed_load)


# ---------------------------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------------------------


def parse_options(argv: list[str] | None) -> Options | None:
    parser = argparse.ArgumentParser(description="Run Klageportal's benchmarks; results go to stdout.")
    parser.add_argument(
        "--only",
        action="append",
        default=[],
        metavar="NAME",
        help="run only this benchmark (or the one printing this figure)",
    )
    parser.add_argument("--list", action="store_true", help="list the benchmarks and exit")
    parser.add_argument("--quick", action="store_true", help="few and short rounds, for a smoke test")
    parser.add_argument("--cases", type=int, help="cases generated before the benchmarks (2000; quick 200)")
    parser.add_argument("--clients", type=int, default=8, help="concurrent HTTP clients (8)")
    parser.add_argument("--threads", type=int, default=8, help="server threads (8)")
    parser.add_argument("--rounds", type=int, help="measuring rounds per page (16; quick 4)")
    parser.add_argument("--round-seconds", type=float, help="seconds per round (1.5; quick 0.5)")
    parser.add_argument("--db-name", default="kp_bench", help="name of the benchmark database (kp_bench)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory and database")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    if args.list:
        for item in REGISTRY.values():
            print(f"{item.name}: {item.description}")
            if item.figures:
                print(f"    prints {', '.join(item.figures)}")
        return None
    only = [name for value in args.only for name in value.split(",") if name]
    unknown = [name for name in only if benchmark_named(name) is None]
    if unknown:
        parser.error(f"unknown benchmark {', '.join(unknown)}; there are {', '.join(REGISTRY)}")
    only = list(dict.fromkeys(benchmark_named(name).name for name in only))
    return Options(
        only=only,
        quick=args.quick,
        cases=args.cases if args.cases is not None else (200 if args.quick else 2000),
        clients=args.clients,
        threads=args.threads,
        rounds=args.rounds or (4 if args.quick else 16),
        round_seconds=args.round_seconds or (0.5 if args.quick else 1.5),
        warmup=0.5 if args.quick else 1.5,
        db_name=args.db_name,
        keep=args.keep,
        seed=args.seed,
    )


def _exit_on_signal(signum, frame) -> None:
    raise SystemExit(128 + signum)  # so that the cleanup below runs


def main(argv: list[str] | None = None) -> int:
    options = parse_options(argv)
    if options is None:
        return 0
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, _exit_on_signal)
    started = time.perf_counter()
    failed = []
    with contextlib.ExitStack() as stack:
        bench = Bench(options, stack)
        bench.prepare()
        for item in REGISTRY.values():
            if options.only and item.name not in options.only:
                continue
            log(f"{item.name}: {item.description}")
            try:
                for name, value in item.func(bench):
                    print(f"{name}: {format_value(value)}", flush=True)
            except Exception:
                failed.append(item.name)
                log(traceback.format_exc())
                if bench.server_log_tail():
                    log(f"Server log:\n{bench.server_log_tail()}")
        log("Cleaning up")
    log(
        f"Benchmarks done in {time.perf_counter() - started:.0f} s"
        + (f"; failed: {', '.join(failed)}" if failed else "")
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

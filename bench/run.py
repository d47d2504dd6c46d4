"""Benchmarks of Klageportal, run by `make bench`: `name: value` lines on stdout, progress on stderr.

The harness prepares a database of its own (a SQLite file in a temporary KP_VAR_DIR, or, when
DATABASE_URL names a PostgreSQL server, a separate database `kp_bench` on it that is dropped
afterwards), migrates it, loads the catalogue, generates some cases, and starts the real server
(`manage.py serve`, with the benchmark views) on a free loopback port when a benchmark asks for it.

A benchmark is a function registered with @benchmark that takes the Bench context and yields
(name, value) pairs; add new ones (uploads, case pages, concurrent sends) the same way:

    @benchmark("case_page")
    def case_page(bench):
        "Requests per second of a case page."
        path = Case.objects.first().get_absolute_url()
        with bench.load() as load:
            yield "case_page_rps", load.run(path, seconds=bench.options.round_seconds).rps

    python bench/run.py                 # everything, well under two minutes
    python bench/run.py --quick         # a smoke run of a few seconds per benchmark
    python bench/run.py --only start_page_vs_minimal --rounds 10
    python bench/run.py --list
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import itertools
import os
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
from collections.abc import Callable, Iterator
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


REGISTRY: dict[str, Benchmark] = {}


def benchmark(name: str) -> Callable[[Callable[[Bench], Result]], Callable[[Bench], Result]]:
    """Register a benchmark; it runs in registration order and yields (name, value) pairs."""

    def register(func: Callable[[Bench], Result]) -> Callable[[Bench], Result]:
        if name in REGISTRY:
            raise ValueError(f"benchmark {name!r} is registered twice")
        REGISTRY[name] = Benchmark(name, func, (func.__doc__ or "").strip().splitlines()[0] if func.__doc__ else "")
        return func

    return register


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

    def __init__(self, *, threads: int, log_path: Path):
        self.threads = threads
        self.log_path = log_path
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
                    env=os.environ.copy(),
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

    def run(self, path: str, *, seconds: float, max_requests: int = 1_000_000) -> Round:
        """GET `path` from every client until `seconds` have passed or `max_requests` were sent."""
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
                    connection.request("GET", path, headers={"Accept-Encoding": "identity"})
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
) -> dict[str, list[Round]]:
    """Measure several paths in alternating rounds (A B, B A, A B, …) so drift and noise hit all alike."""
    names = list(paths)
    for name in names:
        load.run(paths[name], seconds=warmup, max_requests=max_requests)
    results: dict[str, list[Round]] = {name: [] for name in names}
    for index in range(rounds):
        order = names if index % 2 == 0 else names[::-1]
        for name in order:
            result = load.run(paths[name], seconds=seconds, max_requests=max_requests)
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
            server = Server(threads=self.options.threads, log_path=self.var_dir / "server.log")
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

    def get(self, path: str) -> tuple[int, bytes]:
        connection = http.client.HTTPConnection(HOST, self.server().port, timeout=10)
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            return response.status, response.read()
        finally:
            connection.close()

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


@benchmark("generator")
def generator(bench: Bench) -> Result:
    """Cases per second the benchmark data generator writes (bench/generate.py)."""
    from bench.generate import generate_cases

    count = 300 if bench.options.quick else 2000
    result = generate_cases(count, seed=bench.options.seed + 1)
    yield "generate_cases_per_s", f"{result.cases_per_second:.0f}"


# ---------------------------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------------------------


def parse_options(argv: list[str] | None) -> Options | None:
    parser = argparse.ArgumentParser(description="Run Klageportal's benchmarks; results go to stdout.")
    parser.add_argument("--only", action="append", default=[], metavar="NAME", help="run only this benchmark")
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
        return None
    only = [name for value in args.only for name in value.split(",") if name]
    unknown = [name for name in only if name not in REGISTRY]
    if unknown:
        parser.error(f"unknown benchmark {', '.join(unknown)}; there are {', '.join(REGISTRY)}")
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

"""The database goes away under load and comes back; the same server processes carry on (issue 15, item 5).

A private PostgreSQL cluster (initdb + pg_ctl in a temporary directory, on a free port; as the `postgres`
user when run as root, which PostgreSQL refuses), migrated and set up with `manage.py setup_portal`, and the
production WSGI server (Gunicorn with gunicorn.conf.py: 2 processes of 4 threads) against it. The portal runs
in development mode because the write under load is the simplest real one behind a login: the development
identity provider logs citizens in, and "Opret klage" creates a draft — case, history entry, filer and filing
record in one transaction. Production mode differs in its settings (HTTPS, NemLog-in), not in how a request
meets the database.

Threads ask /healthz, /readyz, the start page, "Mine klager" and create drafts while the database is stopped
and started again. While it is down every answer comes quickly and cleanly — the portal's error page (500) or
/readyz's 503 naming the database — and never a dropped connection; nothing is half-written; once it is back
every path answers at the first try from the same processes (persistent connections are health-checked,
CONN_HEALTH_CHECKS, so a connection the restart cut is replaced instead of failing a request).

Run by .ci/run with KP_TEST_FAULTS=1; skipped otherwise. With KP_TEST_FAULTS=1 a missing PostgreSQL fails.
"""

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from tests.processes import free_port, gunicorn_start, portal_environment

pytestmark = [
    pytest.mark.faults,
    pytest.mark.skipif(
        os.environ.get("KP_TEST_FAULTS") != "1", reason="fault test against real services: set KP_TEST_FAULTS=1"
    ),
]

ROOT = Path(__file__).resolve().parents[2]
PG_BIN = Path(os.environ.get("KP_TEST_PG_BIN", "/usr/lib/postgresql/15/bin"))
BOUND = 30.0
"""Seconds any one step may take (a request, the database stopping or starting, the load reaching a state):
far more than each needs, so that the test only fails on a hang."""
CITIZENS = ["mette", "jens", "karen", "ole"]
CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')
ERROR_PAGE = "Der er sket en fejl"
NO_LOGIN: dict[str, str] = {}


class PrivatePostgres:
    """A cluster of its own in a temporary directory; the machine's PostgreSQL is never touched."""

    def __init__(self) -> None:
        if not (PG_BIN / "pg_ctl").exists():
            pytest.fail(f"PostgreSQL's pg_ctl is missing in {PG_BIN} (KP_TEST_PG_BIN)")
        self.dir = Path(tempfile.mkdtemp(prefix="kp-faults-pg-"))
        self.data = self.dir / "data"
        self.log = self.dir / "postgresql.log"
        self.port = free_port()
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/kp"
        self._as = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self._as:
            shutil.chown(self.dir, user="postgres")

    def _run(self, *command: str) -> None:
        subprocess.run([*self._as, *command], check=True, capture_output=True, timeout=BOUND * 2)

    def init(self) -> None:
        self._run(str(PG_BIN / "initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "-N")
        self.start()
        self.execute("CREATE DATABASE kp", database="postgres")

    def start(self) -> None:
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=50"
        self._run(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-w", "-o", options, "start")

    def stop(self) -> None:
        """Fast shutdown: open connections are cut, as in a failover or a restart for an upgrade."""
        self._run(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-w", "-m", "fast", "stop")

    def execute(self, sql: str, database: str = "kp") -> list[tuple]:
        import psycopg

        with psycopg.connect(f"host=127.0.0.1 port={self.port} user=postgres dbname={database}", autocommit=True) as db:
            cursor = db.execute(sql)
            return cursor.fetchall() if cursor.description else []

    def remove(self, *, keep_log: Path) -> None:
        """Stop and delete the cluster; its log is kept (where .ci/run's scan for CPR numbers reads it)."""
        if (self.data / "postmaster.pid").exists():
            self.stop()
        if self.log.exists():
            shutil.copyfile(self.log, keep_log)
        shutil.rmtree(self.dir, ignore_errors=True)


@pytest.fixture
def postgres(tmp_path) -> Iterator[PrivatePostgres]:
    cluster = PrivatePostgres()
    try:
        cluster.init()
        yield cluster
    finally:
        cluster.remove(keep_log=tmp_path / "postgresql.log")


@dataclass
class Server:
    base: str
    process: subprocess.Popen
    log: Path

    def workers(self) -> set[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text()
        return {int(pid) for pid in children.split()}


@pytest.fixture
def server(postgres, tmp_path) -> Iterator[Server]:
    port = free_port()
    environment = portal_environment(
        DATABASE_URL=postgres.url,
        KP_VAR_DIR=str(tmp_path),
        KP_BASE_URL=f"http://127.0.0.1:{port}",
        KP_STATICFILES_STORAGE="django.contrib.staticfiles.storage.StaticFilesStorage",
        KP_BIND=f"127.0.0.1:{port}",
        KP_WEB_WORKERS="2",
        KP_WEB_THREADS="4",
        KP_WEB_GRACEFUL_TIMEOUT="5",
        KP_WEB_MAX_REQUESTS="0",  # no worker is replaced on a count: the same processes before and after
        KP_LOG_LEVEL="WARNING",
    )
    prepare = (  # `manage.py migrate` and `manage.py setup_portal --no-demo`, in one process: Django starts once
        "import django; from django.core.management import call_command; django.setup();"
        " call_command('migrate', interactive=False, verbosity=0); call_command('setup_portal', no_demo=True)"
    )
    subprocess.run([sys.executable, "-c", prepare], cwd=ROOT, env=environment, check=True, capture_output=True)
    log = tmp_path / "gunicorn.log"
    process = gunicorn_start(environment, log)
    started = Server(base=f"http://127.0.0.1:{port}", process=process, log=log)
    try:
        _wait_for(lambda: _answers(f"{started.base}/healthz") or process.poll() is not None, "the server to start")
        assert process.poll() is None, log.read_text()
        yield started
    finally:
        process.terminate()
        process.wait(timeout=BOUND)


def _answers(url: str) -> bool:
    try:
        return requests.get(url, timeout=BOUND).status_code == 200
    except requests.ConnectionError:
        return False


def _wait_for(condition, what: str, load: "Load | None" = None) -> None:
    deadline = time.monotonic() + BOUND
    while not condition():
        assert time.monotonic() < deadline, f"waited {BOUND} s for {what}; answers: {load and load.summary()}"
        time.sleep(0.05)


def _log_in(base: str, key: str) -> requests.Session:
    """Through the development identity provider, as a browser would; the session stays logged in."""
    browser = requests.Session()
    page = browser.get(f"{base}/oidc/authenticate/", timeout=BOUND)
    assert urlsplit(page.url).path == "/devidp/login/", (page.status_code, page.url)
    csrf = CSRF.search(page.content)
    assert csrf
    landing = browser.post(
        f"{base}/devidp/login/",
        data={
            "csrfmiddlewaretoken": csrf.group(1).decode(),
            "identity": key,
            "next": parse_qs(urlsplit(page.url).query)["next"][0],
        },
        headers={"Referer": page.url},
        timeout=BOUND,
    )
    assert (landing.status_code, urlsplit(landing.url).path) == (200, "/mine-klager/"), landing.url
    return browser


def _complaint_type(browser: requests.Session, base: str) -> str:
    """The value of "Lokalplan" in the start of a complaint, the type the browser tests file."""
    page = browser.get(f"{base}/klage/ny/", timeout=BOUND)
    found = re.search(rb'<option value="(\d+)"[^>]*>\s*Lokalplan\s*</option>', page.content)
    assert found, page.text
    return found.group(1).decode()


@contextmanager
def _silent_listener(port: int) -> Iterator[None]:
    """A socket on the port that takes connections (the kernel does, up to its backlog) and never answers."""
    with socket.socket() as listener:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", port))
        listener.listen(64)
        yield


@dataclass
class Answer:
    sent: str
    answered: str
    name: str
    status: int | None
    seconds: float
    text: str = ""
    error: str = ""


@dataclass
class Load:
    """One thread per logged-in citizen, round after round of every request, each answer noted with the phase
    of the outage in which it was sent and in which it came back."""

    base: str
    browsers: list[requests.Session]
    complaint_type: str
    phase: str = "before"
    answers: list[Answer] = field(default_factory=list)
    stopping: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def round(self, browser: requests.Session) -> list[tuple[str, str, str, dict]]:
        start = f"{self.base}/klage/ny/"
        draft = {"csrfmiddlewaretoken": browser.cookies["csrftoken"], "complaint_type": self.complaint_type}
        return [  # the probes and the start page as a load balancer and a visitor ask them: without a login
            ("healthz", "GET", f"{self.base}/healthz", {"cookies": NO_LOGIN}),
            ("readyz", "GET", f"{self.base}/readyz", {"cookies": NO_LOGIN}),
            ("start page", "GET", f"{self.base}/", {"cookies": NO_LOGIN}),
            ("my complaints", "GET", f"{self.base}/mine-klager/", {}),
            ("new draft", "POST", start, {"data": draft, "headers": {"Referer": start}, "allow_redirects": False}),
        ]

    def _run(self, browser: requests.Session) -> None:
        anonymous = requests.Session()
        while not self.stopping.is_set():
            for name, method, url, options in self.round(browser):
                sent, started = self.phase, time.monotonic()
                client = anonymous if options.pop("cookies", None) is NO_LOGIN else browser
                try:
                    response = client.request(method, url, timeout=BOUND, **options)
                    answer = Answer(sent, self.phase, name, response.status_code, 0, response.text, "")
                    if response.status_code == 302:
                        answer.text = response.headers["Location"]
                except requests.RequestException as exc:
                    answer = Answer(sent, self.phase, name, None, 0, "", f"{type(exc).__name__}: {exc}")
                answer.seconds = time.monotonic() - started
                with self.lock:
                    self.answers.append(answer)

    def __enter__(self) -> "Load":
        self.threads = [threading.Thread(target=self._run, args=(browser,), daemon=True) for browser in self.browsers]
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self.stopping.set()
        for thread in self.threads:
            thread.join(BOUND)

    def summary(self) -> dict[tuple[str, str, str, int | str | None], int]:
        """How many answers of each kind: (sent in, answered in, request, status or error)."""
        with self.lock:
            kinds = [(a.sent, a.answered, a.name, a.status or a.error[:60]) for a in self.answers]
        return {kind: kinds.count(kind) for kind in sorted(set(kinds), key=str)}

    def seen(self, phase: str, name: str, status: int, count: int = 1) -> bool:
        with self.lock:
            wanted = (phase, phase, name, status)
            matching = [a for a in self.answers if (a.sent, a.answered, a.name, a.status) == wanted]
        return len(matching) >= count


def _answer(phase: str, name: str, response: requests.Response) -> Answer:
    return Answer(phase, phase, name, response.status_code, response.elapsed.total_seconds(), response.text)


SUCCESS = {"healthz": 200, "readyz": 200, "start page": 200, "my complaints": 200, "new draft": 302}


def _clean_failure(answer: Answer) -> bool:
    """The portal's own error page, or /readyz's 503 naming the database."""
    if answer.name == "readyz":
        return answer.status == 503 and '"database"' in answer.text and '"failed"' in answer.text
    return answer.status == 500 and ERROR_PAGE in answer.text


def test_a_database_restart_under_load_fails_requests_cleanly_and_the_same_server_recovers(postgres, server):
    browsers = [_log_in(server.base, key) for key in CITIZENS]
    load = Load(server.base, browsers, _complaint_type(browsers[0], server.base))
    workers = server.workers()

    with load:
        _wait_for(lambda: all(load.seen("before", name, status) for name, status in SUCCESS.items()), "the load", load)
        load.phase = "stopping"
        postgres.stop()
        load.phase = "down"
        _wait_for(
            lambda: load.seen("down", "readyz", 503) and load.seen("down", "new draft", 500, count=len(CITIZENS)),
            "a refused write and /readyz's 503 while the database is down",
            load,
        )
        load.phase = "starting"
        postgres.start()
        load.phase = "after"
        _wait_for(
            lambda: all(load.seen("after", name, status, count=2 * len(CITIZENS)) for name, status in SUCCESS.items()),
            "every path to answer again",
            load,
        )
    # Between requests the database stops, and something on its port takes connections but never answers (a hung
    # server, a network fault): a request fails after the connection timeout (KP_DB_CONNECT_TIMEOUT_SECONDS)
    # instead of holding its thread until Gunicorn restarts the process. Then the database starts again: every
    # connection the server kept open was cut while it was idle.
    postgres.stop()
    with _silent_listener(postgres.port):
        hung = [
            _answer("hung", "readyz", requests.get(f"{server.base}/readyz", timeout=BOUND)),
            _answer("hung", "my complaints", browsers[0].get(f"{server.base}/mine-klager/", timeout=BOUND)),
        ]
    postgres.start()
    with Load(server.base, browsers, load.complaint_type, phase="again") as again:
        _wait_for(
            lambda: all(again.seen("again", name, status, count=len(CITIZENS)) for name, status in SUCCESS.items()),
            "every path to answer after a restart between requests",
            again,
        )

    answers = load.answers + again.answers
    assert [a for a in hung if not _clean_failure(a)] == []
    assert all(not answer.error for answer in answers), [a for a in answers if a.error][:5]
    assert max(answer.seconds for answer in answers) < BOUND
    # Before the stop and after the start: every request succeeds, the first after the start included.
    steady = [a for a in answers if a.sent == a.answered == "before" or a.sent in {"after", "again"}]
    assert [a for a in steady if a.status != SUCCESS[a.name]] == []
    # While the database is down: /healthz still answers, every other request fails cleanly (the start page for
    # an anonymous visitor needs no database, so it may answer too).
    down = [a for a in answers if a.sent == "down"]
    assert all(a.status == 200 for a in down if a.name == "healthz")
    assert [a for a in down if a.name in {"readyz", "my complaints", "new draft"} and not _clean_failure(a)] == []
    assert [a for a in down if a.name == "start page" and a.status != 200 and not _clean_failure(a)] == []
    # Around the stop and the start, a request may go either way, but only cleanly.
    around = [a for a in answers if a not in steady and a.sent != "down"]
    assert [a for a in around if a.status != SUCCESS[a.name] and not _clean_failure(a)] == []

    # The same processes answered throughout: none was restarted or replaced.
    assert server.process.poll() is None
    assert server.workers() == workers

    # Nothing half-written: each draft has its filing record, its filer and its history; each acknowledged draft
    # (the redirect to its first step) is there.
    drafts = postgres.execute(
        "SELECT c.number,"
        " (SELECT count(*) FROM filing_filingdraft d WHERE d.case_id = c.id),"
        " (SELECT count(*) FROM cases_party p WHERE p.case_id = c.id AND p.is_filer),"
        " (SELECT count(*) FROM cases_caseevent e WHERE e.case_id = c.id)"
        " FROM cases_case c"
    )
    assert drafts
    assert [row for row in drafts if row[1:] != (1, 1, 1)] == []
    acknowledged = {a.text.split("/")[2] for a in answers if a.name == "new draft" and a.status == 302}
    assert acknowledged <= {row[0] for row in drafts}

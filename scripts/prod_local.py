#!/usr/bin/env python3
"""The production shape on this machine: `make prod-local` / `make prod-local-stop`.

    scripts/prod_local.py start     # start everything, wait until /readyz answers through nginx
    scripts/prod_local.py stop      # stop everything that `start` started, and nothing else
    scripts/prod_local.py status    # what runs, by pid

From Debian's and PyPI's packages: nginx terminating TLS (a self-signed certificate made with openssl) and
balancing round-robin over two Gunicorn servers (gunicorn.conf.py), a Celery worker and beat, a private
redis-server (cache, sessions, broker), moto's S3-compatible server (documents and generated files), clamd
(scripts/clamd_for_tests.sh: a signature database that knows the EICAR test file only) and a database of its own
on the machine's PostgreSQL. The portal runs with KP_ENVIRONMENT=staging: production's security settings, with the
development identity provider's test identities, the test payment gateway and the e-mail catcher.

Everything lives in one run directory (KP_PROD_LOCAL_DIR, default var/prod-local): pids, logs, certificate,
nginx.conf, the secret key. Ports (all on 127.0.0.1): KP_PROD_LOCAL_PORT (nginx, 8443); the others follow it
unless set: KP_PROD_LOCAL_WEB_PORTS (two, comma-separated: PORT+1,PORT+2), KP_PROD_LOCAL_REDIS_PORT (PORT+3),
KP_PROD_LOCAL_S3_PORT (PORT+4), KP_PROD_LOCAL_CLAMD_PORT (PORT+5). The database: KP_PROD_LOCAL_DB (kp_prod_local)
on KP_PROD_LOCAL_POSTGRES (postgres://postgres@127.0.0.1:5432), created when missing.
"""

import json
import os
import secrets
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
PYTHON = VENV_BIN / "python"
DEBIAN_PACKAGES = {"nginx": "nginx", "redis-server": "redis-server", "clamd": "clamav-daemon", "openssl": "openssl"}
S3_BUCKET = "klageportal"
S3_KEY, S3_SECRET, S3_REGION = "prodlocal", "prodlocal-secret", "us-east-1"  # noqa: S105 (moto accepts any)
STOP_SECONDS = 30
PARTS = ["nginx", "web-1", "web-2", "celery-beat", "celery-worker", "moto", "clamd", "redis"]
"""What `start` starts, in the order `stop` stops it: the front first."""
READY_SECONDS = 180


@dataclass(frozen=True)
class Shape:
    run: Path
    port: int
    web_ports: tuple[int, int]
    redis_port: int
    s3_port: int
    clamd_port: int
    database_url: str

    @classmethod
    def from_environment(cls) -> "Shape":
        env = os.environ
        port = int(env.get("KP_PROD_LOCAL_PORT") or 8443)
        web = [int(p) for p in (env.get("KP_PROD_LOCAL_WEB_PORTS") or f"{port + 1},{port + 2}").split(",")]
        if len(web) != 2:
            raise SystemExit("KP_PROD_LOCAL_WEB_PORTS names two ports")
        postgres = (env.get("KP_PROD_LOCAL_POSTGRES") or "postgres://postgres@127.0.0.1:5432").rstrip("/")
        return cls(
            run=Path(env.get("KP_PROD_LOCAL_DIR") or ROOT / "var" / "prod-local").resolve(),
            port=port,
            web_ports=(web[0], web[1]),
            redis_port=int(env.get("KP_PROD_LOCAL_REDIS_PORT") or port + 3),
            s3_port=int(env.get("KP_PROD_LOCAL_S3_PORT") or port + 4),
            clamd_port=int(env.get("KP_PROD_LOCAL_CLAMD_PORT") or port + 5),
            database_url=f"{postgres}/{env.get('KP_PROD_LOCAL_DB') or 'kp_prod_local'}",
        )

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self.port}"

    @property
    def logs(self) -> Path:
        return self.run / "logs"

    @property
    def pids(self) -> Path:
        return self.run / "pids"

    def portal_environment(self) -> dict[str, str]:
        """The environment of every portal process (web servers, worker, beat, manage.py)."""
        secret_file = self.run / "secret-key"
        if not secret_file.exists():
            secret_file.write_text(secrets.token_urlsafe(50))
            secret_file.chmod(0o600)
        redis = f"redis://127.0.0.1:{self.redis_port}"
        return {
            **os.environ,
            "KP_ENVIRONMENT": "staging",
            "KP_DEV_TOOLS": "1",
            "DJANGO_SECRET_KEY": secret_file.read_text().strip(),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DJANGO_CSRF_TRUSTED_ORIGINS": self.url,
            "KP_TRUSTED_PROXIES": "127.0.0.1",
            "KP_BASE_URL": self.url,
            "KP_VAR_DIR": str(self.run),
            "DATABASE_URL": self.database_url,
            "KP_CACHE_URL": f"{redis}/0",
            "KP_CELERY_BROKER_URL": f"{redis}/1",
            "KP_S3_BUCKET": S3_BUCKET,
            "KP_S3_ENDPOINT_URL": f"http://127.0.0.1:{self.s3_port}",
            "KP_S3_ACCESS_KEY_ID": S3_KEY,
            "KP_S3_SECRET_ACCESS_KEY": S3_SECRET,
            "KP_S3_REGION": S3_REGION,
            "KP_S3_ADDRESSING_STYLE": "path",
            "KP_DOCUMENT_SCANNER": "clamd",
            "KP_CLAMD_ADDRESS": f"127.0.0.1:{self.clamd_port}",
            "KP_WEB_WORKERS": os.environ.get("KP_WEB_WORKERS", "1"),
            "KP_WEB_THREADS": os.environ.get("KP_WEB_THREADS", "4"),
            "REQUESTS_CA_BUNDLE": str(self.run / "certs" / "ca-bundle.pem"),
            "PYTHONUNBUFFERED": "1",
        }


# --- processes ---------------------------------------------------------------------------------------------


def _start_time(pid: int) -> str | None:
    """The process's start time (clock ticks since boot): with the pid it names one process, never a later one.
    None when it has ended (a child of this script that has ended stays a zombie until the script exits)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return None if fields[0] == "Z" else fields[19]


def _record(shape: Shape, name: str, pid: int, *, group: bool) -> None:
    shape.pids.mkdir(parents=True, exist_ok=True)
    (shape.pids / f"{name}.pid").write_text(json.dumps({"pid": pid, "start": _start_time(pid), "group": group}))


def _recorded(shape: Shape) -> dict[str, dict]:
    """The processes this run directory started that still run (a pid reused by another process is not ours)."""
    alive = {}
    for path in sorted(shape.pids.glob("*.pid")) if shape.pids.exists() else []:
        entry = json.loads(path.read_text())
        if entry["start"] is not None and _start_time(entry["pid"]) == entry["start"]:
            alive[path.stem] = entry
        else:
            path.unlink()
    return alive


def _spawn(shape: Shape, name: str, command: list[str], env: dict[str, str] | None = None) -> subprocess.Popen:
    """Start a process in a session of its own (stopped as a group), its output in logs/NAME.log."""
    shape.logs.mkdir(parents=True, exist_ok=True)
    with open(shape.logs / f"{name}.log", "ab") as log:
        process = subprocess.Popen(  # noqa: S603
            command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            start_new_session=True,
        )  # fmt: skip
    _record(shape, name, process.pid, group=True)
    return process


def _signal(entry: dict, sig: int) -> None:
    try:
        if entry["group"]:
            os.killpg(entry["pid"], sig)
        else:
            os.kill(entry["pid"], sig)
    except ProcessLookupError:
        pass


def stop(shape: Shape) -> None:
    """Stop what this run directory's pid files name, the front first (nginx, web, beat, worker, …)."""
    running = _recorded(shape)
    names = sorted(running, key=lambda name: PARTS.index(name) if name in PARTS else len(PARTS))
    for name in names:
        print(f"stopping {name} (pid {running[name]['pid']})")
        _signal(running[name], signal.SIGTERM)
        deadline = time.monotonic() + STOP_SECONDS
        while _start_time(running[name]["pid"]) == running[name]["start"] and time.monotonic() < deadline:
            time.sleep(0.2)
        if _start_time(running[name]["pid"]) == running[name]["start"]:
            print(f"{name} did not stop in {STOP_SECONDS} s: killed")
            _signal(running[name], signal.SIGKILL)
    _recorded(shape)  # forget the pid files of what has stopped


def _wait_for_port(port: int, name: str, process: subprocess.Popen | None = None, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{name} stopped (exit {process.returncode}); see its log")
        with socket.socket() as probe:
            probe.settimeout(1)
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise RuntimeError(f"{name} does not listen on 127.0.0.1:{port} after {seconds} s")


def _ensure_port_free(port: int) -> None:
    with socket.socket() as probe:
        probe.settimeout(1)
        if probe.connect_ex(("127.0.0.1", port)) == 0:
            raise RuntimeError(f"127.0.0.1:{port} is taken by another program (see KP_PROD_LOCAL_* ports)")


# --- the parts ---------------------------------------------------------------------------------------------


def ensure_packages() -> None:
    """nginx, redis-server, clamd and openssl from Debian's packages, installed when missing."""
    path = os.environ.get("PATH", "") + ":/usr/sbin:/sbin"
    missing = sorted({pkg for program, pkg in DEBIAN_PACKAGES.items() if not shutil.which(program, path=path)})
    if not missing:
        return
    if os.geteuid() != 0:
        raise RuntimeError(f"missing Debian packages (install them as root): apt-get install {' '.join(missing)}")
    print(f"installing {' '.join(missing)}")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)  # noqa: S607
    subprocess.run(["apt-get", "install", "-y", "-qq", *missing], check=True, env=env)  # noqa: S603, S607


def _program(name: str) -> str:
    found = shutil.which(name, path=os.environ.get("PATH", "") + ":/usr/sbin:/sbin")
    if not found:
        raise RuntimeError(f"{name} is not installed")
    return found


def make_certificate(shape: Shape) -> tuple[Path, Path]:
    certs = shape.run / "certs"
    cert, key = certs / "cert.pem", certs / "key.pem"
    if not cert.exists() or not key.exists():
        certs.mkdir(parents=True, exist_ok=True)
        subprocess.run(  # noqa: S603
            [_program("openssl"), "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "365",
             "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
             "-keyout", str(key), "-out", str(cert)],
            check=True, capture_output=True,
        )  # fmt: skip
        key.chmod(0o600)
    import certifi

    # The portal's own calls to its public address (the test gateway's notifications) go through nginx too, so
    # its processes trust this certificate besides the usual authorities.
    (certs / "ca-bundle.pem").write_text(Path(certifi.where()).read_text() + cert.read_text())
    return cert, key


def start_redis(shape: Shape) -> None:
    data = shape.run / "redis"
    data.mkdir(parents=True, exist_ok=True)
    process = _spawn(
        shape,
        "redis",
        [_program("redis-server"), "--bind", "127.0.0.1", "--port", str(shape.redis_port), "--dir", str(data),
         "--save", "", "--appendonly", "no", "--daemonize", "no"],
    )  # fmt: skip
    _wait_for_port(shape.redis_port, "redis-server", process)


def start_s3(shape: Shape) -> None:
    process = _spawn(shape, "moto", [str(VENV_BIN / "moto_server"), "-H", "127.0.0.1", "-p", str(shape.s3_port)])
    _wait_for_port(shape.s3_port, "moto_server", process)
    import boto3

    client = boto3.client(
        "s3",
        endpoint_url=f"http://127.0.0.1:{shape.s3_port}",
        aws_access_key_id=S3_KEY,
        aws_secret_access_key=S3_SECRET,
        region_name=S3_REGION,
    )
    if S3_BUCKET not in {bucket["Name"] for bucket in client.list_buckets().get("Buckets", [])}:
        client.create_bucket(Bucket=S3_BUCKET)


def start_clamd(shape: Shape) -> None:
    directory = shape.run / "clamd"
    with open(shape.logs / "clamd-start.log", "ab") as log:
        subprocess.run(  # noqa: S603
            [str(ROOT / "scripts" / "clamd_for_tests.sh"), str(directory), str(shape.clamd_port)],
            check=True, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
    # clamd puts itself in the background; its own pid file names it.
    _record(shape, "clamd", int((directory / "clamd.pid").read_text().strip()), group=False)


def ensure_database(shape: Shape) -> None:
    import psycopg
    from psycopg import sql

    server, name = shape.database_url.rsplit("/", 1)
    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            print(f"database {name} created")


def manage(shape: Shape, *args: str) -> str:
    result = subprocess.run(  # noqa: S603
        [str(PYTHON), "manage.py", *args], cwd=ROOT, env=shape.portal_environment(), check=False,
        capture_output=True, text=True,
    )  # fmt: skip
    with open(shape.logs / "manage.log", "a") as log:
        log.write(f"$ manage.py {' '.join(args)}\n{result.stdout}{result.stderr}\n")
    if result.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stderr[-3000:]}")
    return result.stdout


def prepare_portal(shape: Shape) -> int:
    """Migrations, the catalogue, the development login's client and demo data, static files; returns the
    largest request body the portal takes (an upload), for nginx's client_max_body_size."""
    manage(shape, "migrate", "--noinput", "-v0")
    manage(shape, "setup_portal")
    manage(shape, "collectstatic", "--noinput", "-v0")
    limit = manage(
        shape, "shell", "-c", "from django.conf import settings; print(settings.REQUEST_MAX_UPLOAD_BODY_BYTES)"
    )
    return int(limit.strip().splitlines()[-1])


NGINX_CONF = """\
# Written by scripts/prod_local.py; every path is in the run directory.
worker_processes 1;
daemon off;
pid {run}/nginx/nginx.pid;
error_log {logs}/nginx-error.log warn;

events {{
    worker_connections 512;
}}

http {{
    log_format portal '$remote_addr [$time_local] "$request_method $uri" $status $body_bytes_sent '
                      'upstream=$upstream_addr request_id=$request_id $request_time s';
    access_log {logs}/nginx-access.log portal;
    client_body_temp_path {run}/nginx/client_body;
    proxy_temp_path {run}/nginx/proxy;
    fastcgi_temp_path {run}/nginx/fastcgi;
    uwsgi_temp_path {run}/nginx/uwsgi;
    scgi_temp_path {run}/nginx/scgi;
    server_tokens off;

    # Round-robin (nginx's default) over the two application servers.
    upstream klageportal {{
        server 127.0.0.1:{web1};
        server 127.0.0.1:{web2};
        keepalive 8;
    }}

    server {{
        listen 127.0.0.1:{port} ssl;
        server_name 127.0.0.1 localhost;
        ssl_certificate {cert};
        ssl_certificate_key {key};
        ssl_protocols TLSv1.2 TLSv1.3;

        # The portal's largest request (one uploaded file and its form); uploads stream to the servers as they
        # arrive rather than being gathered here first.
        client_max_body_size {max_body};
        proxy_request_buffering off;

        location / {{
            proxy_pass http://klageportal;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_set_header X-Forwarded-Host $http_host;
            proxy_set_header X-Request-ID $request_id;
            proxy_read_timeout 120s;
            proxy_send_timeout 120s;
            # Which application server answered: the shape's test checks that both serve one session.
            add_header X-Upstream $upstream_addr always;
        }}
    }}
}}
"""


def start_nginx(shape: Shape, max_body: int) -> None:
    cert, key = shape.run / "certs" / "cert.pem", shape.run / "certs" / "key.pem"
    for part in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (shape.run / "nginx" / part).mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            # Started as root, nginx's workers run as "nobody": their buffers for bodies must be theirs.
            shutil.chown(shape.run / "nginx" / part, user="nobody")
    conf = shape.run / "nginx.conf"
    conf.write_text(
        NGINX_CONF.format(
            run=shape.run,
            logs=shape.logs,
            port=shape.port,
            web1=shape.web_ports[0],
            web2=shape.web_ports[1],
            cert=cert,
            key=key,
            max_body=max_body,
        )
    )
    nginx = _program("nginx")
    command = [nginx, "-p", str(shape.run / "nginx"), "-e", str(shape.logs / "nginx-error.log"), "-c", str(conf)]
    subprocess.run([*command, "-t", "-q"], check=True)  # noqa: S603
    _wait_for_port(shape.port, "nginx", _spawn(shape, "nginx", command))


def start_portal(shape: Shape) -> None:
    env = shape.portal_environment()
    celery = str(VENV_BIN / "celery")
    for number, port in enumerate(shape.web_ports, start=1):
        web_env = {**env, "KP_BIND": f"127.0.0.1:{port}"}
        command = [str(PYTHON), "-m", "gunicorn", "-c", "gunicorn.conf.py", "klageportal.wsgi"]
        _spawn(shape, f"web-{number}", command, web_env)
    _spawn(
        shape,
        "celery-worker",
        [celery, "-A", "klageportal", "worker", "--loglevel", "INFO", "--concurrency", "2",
         "--hostname", f"prodlocal-{shape.port}@%h"],
        env,
    )  # fmt: skip
    _spawn(
        shape,
        "celery-beat",
        [celery, "-A", "klageportal", "beat", "--loglevel", "INFO",
         "--schedule", str(shape.run / "celerybeat-schedule")],
        env,
    )  # fmt: skip


def wait_until_ready(shape: Shape) -> None:
    """/readyz through nginx answers 200 from both application servers."""
    context = ssl.create_default_context(cafile=str(shape.run / "certs" / "cert.pem"))
    ready: set[str] = set()
    last = ""
    deadline = time.monotonic() + READY_SECONDS
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{shape.url}/readyz", context=context, timeout=10) as response:  # noqa: S310
                ready.add(response.headers.get("X-Upstream", ""))
        except urllib.error.HTTPError as error:
            last = f"{error.code} from {error.headers.get('X-Upstream')}: {error.read()[:300]!r}"
        except OSError as error:
            last = str(error)
        if {f"127.0.0.1:{port}" for port in shape.web_ports} <= ready:
            return
        for name in ("web-1", "web-2", "celery-worker", "celery-beat", "nginx"):
            if name not in _recorded(shape):
                raise RuntimeError(f"{name} stopped; see {shape.logs / (name + '.log')}")
        time.sleep(0.5)
    raise RuntimeError(f"{shape.url}/readyz did not answer 200 from both servers in {READY_SECONDS} s: {last}")


def start(shape: Shape) -> None:
    running = _recorded(shape)
    if set(running) == set(PARTS):
        print(f"Klageportal (staging shape) already runs at {shape.url}/ (make prod-local-stop stops it)")
        return
    if running:
        raise SystemExit(
            f"partly running from {shape.run} ({', '.join(running)}): stop it first (make prod-local-stop)"
        )
    ensure_packages()
    shape.logs.mkdir(parents=True, exist_ok=True)
    for port in (shape.port, *shape.web_ports, shape.redis_port, shape.s3_port, shape.clamd_port):
        _ensure_port_free(port)
    try:
        make_certificate(shape)
        ensure_database(shape)
        start_redis(shape)
        start_s3(shape)
        start_clamd(shape)
        max_body = prepare_portal(shape)
        start_portal(shape)
        start_nginx(shape, max_body)
        wait_until_ready(shape)
    except BaseException as error:
        print(f"prod-local did not start: {error}", file=sys.stderr)
        print(f"logs: {shape.logs}", file=sys.stderr)
        stop(shape)
        raise SystemExit(1) from error
    print(f"\nKlageportal (staging shape) is ready at {shape.url}/")
    print("  test identities: Log ind → the development identity provider (mette, jens, karen, ole, …)")
    print(f"  e-mails: {shape.url}/dev/mail/   logs: {shape.logs}")
    print("  stop it with: make prod-local-stop")


def status(shape: Shape) -> None:
    running = _recorded(shape)
    for name, entry in running.items():
        print(f"{name}: pid {entry['pid']}")
    if not running:
        print("nothing runs")


def main() -> None:
    if Path(sys.prefix).resolve() != (ROOT / ".venv").resolve() and PYTHON.exists():
        os.execv(PYTHON, [str(PYTHON), __file__, *sys.argv[1:]])  # noqa: S606 (boto3, psycopg: the project's)
    action = sys.argv[1] if len(sys.argv) > 1 else "start"
    shape = Shape.from_environment()
    if action == "start":
        start(shape)
    elif action == "stop":
        stop(shape)
    elif action == "status":
        status(shape)
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main()

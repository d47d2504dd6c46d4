"""The production shape (`make prod-local`) in a browser: a citizen files a complaint through nginx, which balances
over two application servers, and neither the session, the upload, the payment nor the download cares which server
answers; the worker sends the filing's e-mails and the document is an object in the S3 bucket.

Skipped unless KP_TEST_PROD_LOCAL=1; then a shape that does not start fails. The shape runs from a run directory
of its own, on free ports and its own database (kp_prod_local_test), and is stopped whatever the outcome.
"""

import os
import re
import socket
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import expect

from e2e import flows
from e2e.browser import PortalPage

ENV = "KP_TEST_PROD_LOCAL"
ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "prod_local.py"
DATABASE = "kp_prod_local_test"
POSTGRES = os.environ.get("KP_PROD_LOCAL_POSTGRES", "postgres://postgres@127.0.0.1:5432")
CHROMIUM = os.environ.get("KP_E2E_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"]
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n% prod-local\n"

pytestmark = [
    pytest.mark.prod_local,
    pytest.mark.skipif(not os.environ.get(ENV), reason=f"the production shape is not wanted: set {ENV}=1"),
]


@dataclass(frozen=True)
class Shape:
    url: str
    web: tuple[str, str]
    s3_port: int
    run: Path


def _free_ports(count: int) -> int:
    """The first of `count` consecutive free ports on 127.0.0.1 (nginx, two servers, Redis, S3, clamd)."""
    for base in range(24_000, 40_000, 97):
        taken = False
        for port in range(base, base + count):
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    taken = True
                    break
        if not taken:
            return base
    raise RuntimeError("no free ports")


def _drop_database() -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(DATABASE)))


@pytest.fixture(scope="module")
def shape(tmp_path_factory):
    port = _free_ports(6)
    run = tmp_path_factory.mktemp("prod-local")
    env = {
        **os.environ,
        "KP_PROD_LOCAL_DIR": str(run),
        "KP_PROD_LOCAL_PORT": str(port),
        "KP_PROD_LOCAL_DB": DATABASE,
        "KP_PROD_LOCAL_POSTGRES": POSTGRES,
    }
    _drop_database()
    try:
        started = subprocess.run(  # noqa: S603
            [sys.executable, str(SCRIPT), "start"], env=env, capture_output=True, text=True, timeout=900, check=False
        )
        if started.returncode != 0:
            pytest.fail(f"make prod-local did not start:\n{started.stdout}\n{started.stderr}")
        yield Shape(
            url=f"https://127.0.0.1:{port}",
            web=(f"127.0.0.1:{port + 1}", f"127.0.0.1:{port + 2}"),
            s3_port=port + 4,
            run=run,
        )
    finally:
        subprocess.run([sys.executable, str(SCRIPT), "stop"], env=env, check=False, timeout=300)  # noqa: S603
        _drop_database()


@pytest.fixture
def browser_page(shape, tmp_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            context = browser.new_context(
                ignore_https_errors=True, viewport={"width": 1280, "height": 900}, locale="da-DK"
            )
            context.set_default_timeout(30_000)
            page = PortalPage(context.new_page(), base_url=shape.url, screenshots=tmp_path / "screenshots")
            yield page
            page.assert_every_page_checked()
        finally:
            browser.close()


def _query(sql: str, *params):
    import psycopg

    with psycopg.connect(f"{POSTGRES}/{DATABASE}") as connection:
        return connection.execute(sql, params).fetchall()


def test_a_complaint_filed_through_nginx_is_served_by_both_servers_alike(shape, browser_page):
    page = browser_page
    served: list[tuple[str, str, str]] = []  # (method, path, upstream) of every response of the session
    page.context.on(
        "response",
        lambda response: served.append(
            (response.request.method, response.url.removeprefix(shape.url), response.headers.get("x-upstream", ""))
        ),
    )

    flows.log_in(page, "mette")
    number = flows.start_complaint(page, "Lokalplan")
    flows.capacity_own(page)
    flows.contact(page, email="mette@example.dk")
    flows.decision(page)
    flows.upload(page, [{"name": "afgoerelse.pdf", "mimeType": "application/pdf", "buffer": PDF}], javascript=True)
    expect(page.locator("[data-progress] .upload-ok")).to_have_count(1)
    expect(page.get_by_role("table", name="Uploadede dokumenter")).to_contain_text("afgoerelse.pdf")
    uploads = [upstream for method, path, upstream in served if method == "POST" and "/trin/dokumenter/" in path]
    assert uploads, served
    flows.next_step(page)
    flows.submit(page, to_case=False)
    flows.pay_in_flow(page)
    expect(page.locator("[data-sent]")).to_contain_text("Den har status Indsendt.")
    page.click(page.get_by_role("link", name="Gå til sagen"), url=f"**/sag/{number}/")
    assert flows.case_status(page) == "Indsendt"

    # Every response came from one of the two servers, and both served this one session (login, upload, payment).
    upstreams = {upstream for _method, _path, upstream in served}
    assert upstreams == set(shape.web), served

    # The document uploaded through one server is downloaded, whole, through the other.
    page.goto(f"/sag/{number}/dokumenter/")
    href = page.get_by_role("link", name="afgoerelse.pdf").get_attribute("href")
    other = next(server for server in shape.web if server != uploads[-1])
    answered = []
    for _attempt in range(20):
        download = page.request.get(shape.url + href)
        assert download.status == 200
        answered.append(download.headers["x-upstream"])
        if answered[-1] == other:
            assert download.body() == PDF
            break
    else:
        raise AssertionError(f"the other server ({other}) never answered the download: {answered}")

    # The worker sent the filing's e-mails (the outbox rows of the case are sent), and the file is in the bucket.
    states = _query(
        "SELECT e.reason, e.state FROM notifications_outboxemail e JOIN cases_case c ON c.id = e.case_id "
        "WHERE c.number = %s",
        number,
    )
    assert {"new_complaint", "submitted"} <= {reason for reason, _state in states}, states
    _wait_until(
        lambda: all(
            state == "sent"
            for (state,) in _query(
                "SELECT e.state FROM notifications_outboxemail e JOIN cases_case c ON c.id = e.case_id "
                "WHERE c.number = %s",
                number,
            )
        ),
        "the worker to send the filing's e-mails",
    )
    worker_log = (shape.run / "logs" / "celery-worker.log").read_text()
    assert re.search(r"klageportal\.notifications\.tasks\.outbox_send\[[^\]]+\] succeeded", worker_log), worker_log
    ((key,),) = _query(
        "SELECT d.file FROM documents_document d JOIN documents_casedocument l ON l.document_id = d.id "
        "JOIN cases_case c ON c.id = l.case_id WHERE c.number = %s AND d.original_name = 'afgoerelse.pdf'",
        number,
    )
    stored = _bucket(shape).get_object(Bucket="klageportal", Key=key)["Body"].read()
    assert stored == PDF


def _wait_until(condition, what: str, *, attempts: int = 240) -> None:
    """Ask again (every quarter of a second, a minute at most) until the background work is done."""
    import time

    for _attempt in range(attempts):
        if condition():
            return
        time.sleep(0.25)
    raise AssertionError(f"waited in vain for {what}")


def _bucket(shape: Shape):
    import boto3

    script = _script()
    return boto3.client(
        "s3",
        endpoint_url=f"http://127.0.0.1:{shape.s3_port}",
        aws_access_key_id=script.S3_KEY,
        aws_secret_access_key=script.S3_SECRET,
        region_name=script.S3_REGION,
    )


def _script():
    import importlib.util

    spec = importlib.util.spec_from_file_location("prod_local", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module

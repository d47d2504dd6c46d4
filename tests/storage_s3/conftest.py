"""Documents on S3-compatible storage, against a real moto server process (moto[server]).

The tests carry the `s3` marker and are skipped unless KP_TEST_S3=1; when it is set (in `.ci/run`), a moto server
that cannot be started fails them. Each test gets a bucket of its own, and the default storage is switched to the
portal's S3 backend for it (Django's setting_changed signal resets `storages` and `default_storage`).
"""

import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import boto3
import pytest

from klageportal.documents.storage import storage_bucket_ensure
from tests.cases.conftest import complaint_type, make_case  # noqa: F401 (fixtures)
from tests.filing.conftest import filing_world, person  # noqa: F401 (fixtures)
from tests.filing.test_documents_step import draft  # noqa: F401 (Mette's draft up to "Dokumenter", she logged in)
from tests.processes import free_port

S3_ENV = "KP_TEST_S3"
REGION = "eu-north-1"
KEYS = {"access_key": "testing", "secret_key": "testing"}
START_SECONDS = 60


def _answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


@pytest.fixture(scope="session")
def moto_endpoint(tmp_path_factory) -> Iterator[str]:
    """A moto server of its own on a free port, for the whole run; its URL."""
    if os.environ.get(S3_ENV) != "1":
        pytest.skip(f"needs a moto S3 server: set {S3_ENV}=1 (moto[server] is in requirements/dev.txt)")
    port = free_port()
    log = Path(tmp_path_factory.mktemp("moto")) / "moto.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + START_SECONDS
        while not _answers(port):
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"{S3_ENV} is set but the moto server did not start: {log.read_text()[-2000:]}")
            time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)


def storage_settings(*, bucket: str, endpoint: str, **options: Any) -> dict[str, Any]:
    """STORAGES["default"] as settings.py makes it from KP_S3_*, for a bucket at an endpoint."""
    return {
        "BACKEND": "klageportal.documents.storage.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": endpoint,
            "region_name": REGION,
            **KEYS,
            "default_acl": None,
            "querystring_auth": True,
            "querystring_expire": 60,
            "file_overwrite": False,
            "max_memory_size": 5 * 1024 * 1024,
            "signature_version": "s3v4",
            "addressing_style": "path",
            "connect_timeout": 2,
            "max_attempts": 1,
            **options,
        },
    }


@dataclass
class Bucket:
    name: str
    endpoint: str
    client: Any

    def objects(self) -> list[str]:
        """Every object's key in the bucket."""
        return [item["Key"] for item in self.client.list_objects_v2(Bucket=self.name).get("Contents", [])]

    def read(self, key: str) -> bytes:
        return self.client.get_object(Bucket=self.name, Key=key)["Body"].read()


@pytest.fixture
def s3(settings, moto_endpoint) -> Bucket:
    """The default storage is a fresh bucket on the moto server, created as `s3_bucket_create` creates it."""
    name = f"kp-test-{uuid.uuid4().hex[:12]}"
    settings.S3_BUCKET = name
    settings.STORAGES = {**settings.STORAGES, "default": storage_settings(bucket=name, endpoint=moto_endpoint)}
    assert storage_bucket_ensure() is True
    client = boto3.client(
        "s3",
        endpoint_url=moto_endpoint,
        region_name=REGION,
        aws_access_key_id=KEYS["access_key"],
        aws_secret_access_key=KEYS["secret_key"],
    )
    return Bucket(name=name, endpoint=moto_endpoint, client=client)

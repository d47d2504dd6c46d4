"""Sessions in a shared Redis cache (KP_CACHE_URL): what one server process writes, another reads, and a
logout is seen by all. Selected with `-m celery_redis` and run only when KP_TEST_REDIS_URL is set."""

import os
import uuid

import pytest
import redis
from django.core.cache import caches
from django.urls import reverse

from tests.factories import CitizenFactory

pytestmark = [pytest.mark.celery_redis, pytest.mark.django_db]


@pytest.fixture
def redis_cache(settings):
    url = os.environ.get("KP_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    prefix = f"kp-test-{uuid.uuid4().hex[:12]}"
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url, "KEY_PREFIX": prefix}
    }
    assert type(caches["default"]).__name__ == "RedisCache"  # Django re-reads CACHES when the setting changes
    client = redis.Redis.from_url(url)
    yield client, prefix
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)


def _session_keys(client, prefix):
    return [key for key in client.scan_iter(f"{prefix}:*") if b"django.contrib.sessions" in key]


def test_a_session_lives_in_redis_and_a_logout_removes_it(client, redis_cache):
    redis_client, prefix = redis_cache
    user = CitizenFactory()
    client.force_login(user)
    assert client.get(reverse("workspaces:my_cases")).status_code == 200
    assert len(_session_keys(redis_client, prefix)) == 1

    client.post(reverse("logout"))
    assert _session_keys(redis_client, prefix) == []
    assert client.get(reverse("workspaces:my_cases")).status_code == 302

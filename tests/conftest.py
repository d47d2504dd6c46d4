import os

import pytest

from tests.factories import AuthorityFactory, CitizenFactory

REDIS_ENV = "KP_TEST_REDIS_URL"


def pytest_collection_modifyitems(config, items):
    """Skip `celery_redis` tests unless KP_TEST_REDIS_URL names a broker; when it does, a broker that is down fails."""
    if os.environ.get(REDIS_ENV):
        return
    skip = pytest.mark.skip(reason=f"needs a Redis broker: set {REDIS_ENV} (e.g. redis://127.0.0.1:6379/15)")
    for item in items:
        if "celery_redis" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _danish_after_each_test():
    """A request in English (the language cookie) leaves English active in the thread once it has been answered,
    as Django's locale middleware does not switch back; the next test must not inherit it."""
    from django.utils import translation

    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters (and anything else cached) start from nothing in every test."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def catalogue(db):
    """The seeded catalogue, as `make run` loads it."""
    from klageportal.catalog.services import catalog_load_defaults

    catalog_load_defaults()


@pytest.fixture
def authority(db):
    return AuthorityFactory()


@pytest.fixture
def filer(db):
    """A citizen who files for others: the representative on cases the tests build."""
    return CitizenFactory(full_name="Rita Repræsentant")


@pytest.fixture
def complainant(db):
    """A citizen named on a case by CPR only; the case is tied to her through her login's CPR."""
    return CitizenFactory(full_name="Karla Klager")


@pytest.fixture
def stranger(db):
    return CitizenFactory(full_name="Uvedkommende Borger")

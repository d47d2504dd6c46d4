import pytest

from tests.factories import AuthorityFactory, CitizenFactory


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


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

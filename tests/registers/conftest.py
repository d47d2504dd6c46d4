import pytest


@pytest.fixture(autouse=True)
def _local_register(settings):
    """Every test starts from the embedded register, answering, whatever the environment says."""
    settings.REGISTER_BACKEND = "local"
    settings.REGISTER_LOCAL_UNAVAILABLE = False

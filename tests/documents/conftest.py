import os

import pytest

CLAMD_ENV = "KP_CLAMD_ADDRESS"
REQUIRE_CLAMD_ENV = "KP_TEST_REQUIRE_CLAMD"


@pytest.fixture
def clamav(settings):
    """The ClamAV daemon at KP_CLAMD_ADDRESS (`.ci/run` starts one with scripts/clamd_for_tests.sh).

    Without an address the test is skipped; where KP_TEST_REQUIRE_CLAMD is set (in `.ci/run`), it fails instead.
    """
    address = os.environ.get(CLAMD_ENV, "")
    if not address:
        reason = f"needs a ClamAV daemon: set {CLAMD_ENV} (scripts/clamd_for_tests.sh starts one)"
        if os.environ.get(REQUIRE_CLAMD_ENV):
            pytest.fail(f"{REQUIRE_CLAMD_ENV} is set but no daemon is: {reason}")
        pytest.skip(reason)
    settings.DOCUMENT_SCANNER = "clamd"
    settings.CLAMD_ADDRESS = address
    return address

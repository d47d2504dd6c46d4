"""The Indsendt complaint of the casework tests, for the first instance's pages on it."""

from tests.casework.conftest import case, complainant_user, outsiders, staff  # noqa: F401 (fixtures)

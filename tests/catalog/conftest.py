import pytest

from klageportal.catalog.models import ComplaintType


@pytest.fixture
def seeded_types(catalogue):
    """Every seeded complaint type with the version in force today."""
    return {
        (t.board.slug, t.slug): t.version_at()
        for t in ComplaintType.objects.select_related("board").prefetch_related("versions")
    }

"""Reads on the catalogue."""

from django.db.models import Prefetch, QuerySet

from klageportal.catalog.models import AppealsBody, Board, Law, LawArea


def boards_for_start_page() -> QuerySet[AppealsBody]:
    return AppealsBody.objects.prefetch_related(Prefetch("boards", queryset=Board.objects.order_by("name")))


def laws_with_areas() -> QuerySet[Law]:
    """Laws in order, each with its areas sorted by paragraph number and the catch-all last (CAT-4)."""
    return Law.objects.prefetch_related(
        Prefetch("areas", queryset=LawArea.objects.order_by("catch_all", "sort_key", "name"))
    )

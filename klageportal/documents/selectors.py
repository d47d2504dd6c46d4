"""Reads on documents, each ready for the page that uses it."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q

from klageportal.cases.models import PartyRole
from klageportal.documents.models import CaseDocument


@dataclass(frozen=True, slots=True)
class DocumentRow:
    """A line of a case's document list: plain values, no model instances."""

    pk: int
    name: str
    size: int
    added_at: datetime
    role: str
    role_label: str
    categories: tuple[str, ...]


def document_rows(*, case, visible: Q) -> list[DocumentRow]:
    """The case's documents that `visible` lets through (policies.documents_visible_to), oldest first,
    with their categories: two queries, whatever the number of documents."""
    links = list(
        CaseDocument.objects.filter(visible, case=case)
        .order_by("added_at", "pk")
        .values_list("pk", "document__original_name", "document__size", "added_at", "added_by_role")
    )
    categories: dict[int, list[str]] = defaultdict(list)
    if links:
        Through = CaseDocument.categories.through
        for link_id, name in (
            Through.objects.filter(casedocument_id__in=[link[0] for link in links])
            .order_by("documentcategory__position", "documentcategory__name")
            .values_list("casedocument_id", "documentcategory__name")
        ):
            categories[link_id].append(name)
    role_labels = {value: str(label) for value, label in PartyRole.choices}
    return [
        DocumentRow(
            pk=pk,
            name=name,
            size=size,
            added_at=added_at,
            role=role,
            role_label=role_labels.get(role, role),
            categories=tuple(categories.get(pk, ())),
        )
        for pk, name, size, added_at, role in links
    ]

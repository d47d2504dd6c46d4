"""Reads on documents, each ready for the page that uses it."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import cast

from django.db import models
from django.db.models import ForeignObjectRel, ManyToManyRel, Q, QuerySet

from klageportal.cases.models import PartyRole
from klageportal.catalog.models import DocumentCategory
from klageportal.documents.models import CaseDocument, Document


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
    labels: tuple[tuple[str, str], ...] = ()
    """(slug, name) of each category, in the order of `categories` (FI-3: the label's cross names its slug)."""


def document_rows(*, case, visible: Q) -> list[DocumentRow]:
    """The case's documents that `visible` lets through (policies.documents_visible_to), oldest first,
    with their categories: two queries, whatever the number of documents."""
    links = list(
        CaseDocument.objects.filter(visible, case=case)
        .order_by("added_at", "pk")
        .values_list("pk", "document__original_name", "document__size", "added_at", "added_by_role")
    )
    categories: dict[int, list[tuple[str, str]]] = defaultdict(list)
    if links:
        Through = CaseDocument.categories.through
        for link_id, slug, name in (
            Through.objects.filter(casedocument_id__in=[link[0] for link in links])
            .order_by("documentcategory__position", "documentcategory__name")
            .values_list("casedocument_id", "documentcategory__slug", "documentcategory__name")
        ):
            categories[link_id].append((slug, name))
    role_labels = {value: str(label) for value, label in PartyRole.choices}
    return [
        DocumentRow(
            pk=pk,
            name=name,
            size=size,
            added_at=added_at,
            role=role,
            role_label=role_labels.get(role, role),
            categories=tuple(name for _slug, name in categories.get(pk, ())),
            labels=tuple(categories.get(pk, ())),
        )
        for pk, name, size, added_at, role in links
    ]


def document_links() -> list[tuple[type[models.Model], str]]:
    """Every (model, column) that points at a document, found from the relations Django knows, the hidden
    ones (related_name="+") and the tables behind many-to-many fields included: a new link counts by itself."""
    links: set[tuple[type[models.Model], str]] = set()
    for relation in Document._meta.get_fields(include_hidden=True):
        if not (relation.auto_created and not relation.concrete and relation.is_relation):
            continue
        rel = cast(ForeignObjectRel, relation)
        if isinstance(rel, ManyToManyRel):
            through = cast(type[models.Model], rel.through)
            for field in through._meta.get_fields():
                if isinstance(field, models.ForeignKey) and field.remote_field.model is Document:
                    links.add((through, field.attname))
        else:
            links.add((rel.related_model, rel.field.attname))
    return sorted(links, key=lambda link: (link[0]._meta.label, link[1]))


def documents_unlinked(*, uploaded_before: datetime) -> QuerySet[Document]:
    """Documents uploaded before the time that no case, draft, supplement or other row links."""
    unlinked = Document.objects.filter(uploaded_at__lt=uploaded_before)
    for model, column in document_links():
        unlinked = unlinked.exclude(pk__in=model._default_manager.values(column))
    return unlinked.order_by("pk")


def document_is_linked(document_pk: int) -> bool:
    return any(model._default_manager.filter(**{column: document_pk}).exists() for model, column in document_links())


def document_file_shared(document: Document) -> bool:
    """Whether another document row uses the same stored file (content is stored once, DOC-6)."""
    return Document.objects.filter(file=document.file.name).exclude(pk=document.pk).exists()


COMPLAINT_CATEGORY = "klage"
"""FI-3: the label the complaint and its attachments must carry before the case is forwarded."""


def complaint_documents_unlabelled(*, case) -> QuerySet[CaseDocument]:
    """FI-3, FI-7: the complaint's documents (added by the complainant's side, not by the first instance) that
    do not yet carry the label "klage"; the case cannot be forwarded while there is one."""
    return (
        CaseDocument.objects.filter(case=case)
        .exclude(added_by_role=PartyRole.FIRST_INSTANCE)
        .exclude(categories__slug=COMPLAINT_CATEGORY)
        .select_related("document")
        .order_by("added_at", "pk")
    )


def label_choices() -> QuerySet[DocumentCategory]:
    """FI-3: the categories a document can be labelled with, in the catalogue's order."""
    return DocumentCategory.objects.order_by("position", "name")

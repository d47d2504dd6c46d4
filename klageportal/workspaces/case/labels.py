"""FI-3: the first instance labels the case's documents: on upload, with the pencil's form, the label's cross and
the "Markér som Klage" shortcut. Each page works without JavaScript; every change is a line in the history."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from klageportal.cases import policies
from klageportal.catalog.models import DocumentCategory
from klageportal.core.access import Who, access
from klageportal.documents.models import CaseDocument
from klageportal.documents.services import (
    case_document_label_remove,
    case_document_labels_add,
    case_document_labels_set,
)
from klageportal.identity.models import User
from klageportal.workspaces.case.forms import DocumentLabelsForm
from klageportal.workspaces.case.views import _case_context, _case_or_404

LABELLERS = frozenset({Who.FIRST_INSTANCE})
"""FI-3: the staff of the authority whose decision is appealed, while the case is Indsendt."""


def _documents_tab(number: str) -> str:
    return reverse("workspaces:case_documents", kwargs={"number": number})


def _link_for_labelling(request: HttpRequest, number: str, pk: int) -> CaseDocument:
    """The case's document, if this person sees it (404 otherwise) and may label it (403 otherwise)."""
    case = _case_or_404(request, number)
    link = CaseDocument.objects.select_related("document", "case").filter(case=case, pk=pk).first()
    if link is None or not policies.can_view_document(request.user, link):
        raise Http404
    if not policies.can_label_document(request.user, link) or not isinstance(request.user, User):
        raise PermissionDenied
    return link


def _chosen_category(request: HttpRequest) -> DocumentCategory | None:
    slug = request.POST.get("category", "")
    return DocumentCategory.objects.filter(slug=slug).first() if slug else None


@access(LABELLERS, case="indsendt")
@login_required
@require_http_methods(["GET", "POST"])
def case_document_labels(request: HttpRequest, number: str, pk: int) -> HttpResponse:
    """FI-3: the pencil: choose the document's categories."""
    link = _link_for_labelling(request, number, pk)
    name = link.document.original_name
    if request.method == "POST":
        form = DocumentLabelsForm(request.POST)
        if form.is_valid():
            assert isinstance(request.user, User)
            case_document_labels_set(link=link, categories=form.cleaned_data["categories"], by=request.user)
            messages.success(request, _("Kategorierne for %(name)s er gemt.") % {"name": name})
            return redirect(_documents_tab(link.case.number))
    else:
        form = DocumentLabelsForm(initial={"categories": list(link.categories.all())})
    return render(
        request,
        "documents/labels_edit.html",
        _case_context(request, link.case, "dokumenter", form=form, link=link, name=name),
    )


@access(LABELLERS, case="indsendt", method="POST")
@login_required
@require_POST
def case_document_label_remove_view(request: HttpRequest, number: str, pk: int) -> HttpResponse:
    """FI-3: the label's cross: take one category off the document."""
    link = _link_for_labelling(request, number, pk)
    category = _chosen_category(request)
    name = link.document.original_name
    if category is None:
        messages.error(request, _("Vælg den kategori, der skal fjernes fra %(name)s.") % {"name": name})
    else:
        assert isinstance(request.user, User)
        case_document_label_remove(link=link, category=category, by=request.user)
        messages.success(
            request, _("Kategorien %(category)s er fjernet fra %(name)s.") % {"category": category.name, "name": name}
        )
    return redirect(_documents_tab(link.case.number))


@access(LABELLERS, case="indsendt", method="POST")
@login_required
@require_POST
def case_document_label_add_view(request: HttpRequest, number: str, pk: int) -> HttpResponse:
    """FI-3: one category added to the document ("Markér som Klage")."""
    link = _link_for_labelling(request, number, pk)
    category = _chosen_category(request)
    name = link.document.original_name
    if category is None:
        messages.error(request, _("Vælg den kategori, %(name)s skal mærkes med.") % {"name": name})
    else:
        assert isinstance(request.user, User)
        case_document_labels_add(link=link, categories=[category], by=request.user)
        messages.success(
            request, _("%(name)s er mærket med kategorien %(category)s.") % {"category": category.name, "name": name}
        )
    return redirect(_documents_tab(link.case.number))

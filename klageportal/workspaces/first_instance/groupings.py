"""Groupings (FI-8): "Opret gruppering", "Mine grupperinger", a grouping's page with its cases and the actions
that apply to all of them, adding and removing cases, and deleting the grouping (cases stay)."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, IntegerField, Prefetch, Q, QuerySet, Subquery
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from klageportal.cases import policies
from klageportal.cases.models import Case, CaseEvent, Grouping, Party, PartyRole
from klageportal.cases.services import groupings as services
from klageportal.casework.services.groupings import grouping_documents_add, grouping_receiving_cases
from klageportal.core.access import AUTHORITY_STAFF, Who, access
from klageportal.core.ratelimits import is_upload, rate_limited
from klageportal.core.uploads import uploaded_announce
from klageportal.documents.models import Document
from klageportal.identity.models import User
from klageportal.workspaces.first_instance.forms import (
    GroupingCasesAddForm,
    GroupingCreateForm,
    GroupingDocumentsForm,
)

GROUPING_STAFF = frozenset({Who.FIRST_INSTANCE})
"""A grouping's own authority's staff (the matrix's grouping belongs to the first instance's authority)."""


def _staff(request: HttpRequest) -> User:
    user = request.user
    if not policies.can_manage_groupings(user):
        raise PermissionDenied
    return user


def _grouping_or_404(request: HttpRequest, pk: int) -> tuple[User, Grouping]:
    user = _staff(request)
    grouping = Grouping.objects.select_related("complaint_type", "created_by").filter(pk=pk).first()
    if grouping is None or not policies.can_manage_grouping(user, grouping):
        raise Http404  # another authority's grouping is nobody's business here
    return user, grouping


def _groupings_of(user: User) -> QuerySet[Grouping]:
    return (
        Grouping.objects.filter(authority=user.authority)
        .select_related("complaint_type", "created_by")
        .annotate(case_count=Count("cases"))
        .order_by("-created_at", "-pk")
    )


def _cases_of(grouping: Grouping) -> QuerySet[Case]:
    """The grouping's cases with their complainants, for one page: no query per row."""
    complainants = Party.objects.filter(role=PartyRole.COMPLAINANT, removed_at__isnull=True).order_by("pk")
    return (
        Case.objects.filter(grouping=grouping)
        .prefetch_related(Prefetch("parties", queryset=complainants, to_attr="complainants"))
        .order_by("number")
    )


def _documents_of(grouping: Grouping) -> QuerySet[Document]:
    """The documents added on the grouping's page, with the number of cases each is on (two joins, no per row)."""
    added = (
        CaseEvent.objects.filter(case__grouping=grouping, kind=CaseEvent.Kind.DOCUMENT, data__grouping=grouping.pk)
        .annotate(document_pk=Cast(KeyTextTransform("document", "data"), IntegerField()))
        .values("document_pk")
    )
    return (
        Document.objects.filter(pk__in=Subquery(added))
        .annotate(case_count=Count("case_links"))
        .order_by("-uploaded_at", "-pk")
    )


@access(AUTHORITY_STAFF)
@login_required
@require_GET
def grouping_list(request: HttpRequest) -> HttpResponse:
    """FI-8 "Mine grupperinger": the ones the person made, then the authority's others."""
    user = _staff(request)
    groupings = list(_groupings_of(user))
    return render(
        request,
        "workspaces/groupings/list.html",
        {
            "mine": [g for g in groupings if g.created_by_id == user.pk],
            "others": [g for g in groupings if g.created_by_id != user.pk],
        },
    )


@access(AUTHORITY_STAFF)
@login_required
@require_http_methods(["GET", "POST"])
def grouping_create(request: HttpRequest) -> HttpResponse:
    """FI-8 "Opret gruppering" from case numbers; each number that cannot join is named at the field."""
    user = _staff(request)
    form = GroupingCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            grouping = services.grouping_create(
                by=user,
                name=form.cleaned_data["name"],
                numbers=services.case_numbers_parse(form.cleaned_data["numbers"]),
            )
        except services.GroupingRefused as refused:
            for problem in refused.problems:
                form.add_error("numbers", problem)
        else:
            count = grouping.cases.count()
            messages.success(
                request,
                ngettext(
                    "Grupperingen „%(name)s“ er oprettet med %(count)d sag.",
                    "Grupperingen „%(name)s“ er oprettet med %(count)d sager.",
                    count,
                )
                % {"name": grouping.name, "count": count},
            )
            return redirect("workspaces:grouping_detail", grouping=grouping.pk)
    return render(request, "workspaces/groupings/create.html", {"form": form})


def _detail(
    request: HttpRequest,
    grouping: Grouping,
    *,
    add_form: GroupingCasesAddForm | None = None,
    documents_form: GroupingDocumentsForm | None = None,
    status: int = 200,
) -> HttpResponse:
    cases = list(_cases_of(grouping))
    receiving = grouping_receiving_cases(grouping=grouping).count()
    add_form = add_form or GroupingCasesAddForm()
    documents_form = documents_form or GroupingDocumentsForm()
    bound = next((form for form in (add_form, documents_form) if form.is_bound and form.errors), None)
    context: dict[str, Any] = {
        "grouping": grouping,
        "cases": cases,
        "documents": list(_documents_of(grouping)),
        "receiving": receiving,
        "not_receiving": len(cases) - receiving,
        "add_form": add_form,
        "documents_form": documents_form,
        "error_summary": bound.error_summary() if bound is not None else [],
    }
    return render(request, "workspaces/groupings/detail.html", context, status=status)


@access(GROUPING_STAFF)
@login_required
@require_http_methods(["GET", "POST"])
def grouping_detail(request: HttpRequest, grouping: int) -> HttpResponse:
    """FI-8: the grouping's cases, what applies to all of them, and "Tilføj sager" (POST)."""
    user, group = _grouping_or_404(request, grouping)
    if request.method != "POST":
        return _detail(request, group)
    form = GroupingCasesAddForm(request.POST)
    if form.is_valid():
        try:
            added = services.grouping_cases_add(
                grouping=group, by=user, numbers=services.case_numbers_parse(form.cleaned_data["numbers"])
            )
        except services.GroupingRefused as refused:
            for problem in refused.problems:
                form.add_error("numbers", problem)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)d sag er tilføjet grupperingen.", "%(count)d sager er tilføjet grupperingen.", len(added)
                )
                % {"count": len(added)},
            )
            return redirect("workspaces:grouping_detail", grouping=group.pk)
    return _detail(request, group, add_form=form)


@access(GROUPING_STAFF, method="POST")
@login_required
@require_POST
@rate_limited("upload", when=is_upload)
def grouping_documents(request: HttpRequest, grouping: int) -> HttpResponse:
    """FI-8, DOC-6 "Tilføj dokumenter" to every case of the grouping, with labels."""
    user, group = _grouping_or_404(request, grouping)
    form = GroupingDocumentsForm(request.POST, request.FILES)
    if not form.is_valid():
        return _detail(request, group, documents_form=form)
    results = grouping_documents_add(
        grouping=group, files=form.cleaned_data["uploads"], by=user, categories=list(form.cleaned_data["categories"])
    )
    refused = [result for result in results if not result.ok]
    if refused:
        for result in refused:
            form.add_error("uploads", f"{result.name}: {result.message}")
        uploaded_announce(request, results)
        return _detail(request, group, documents_form=form)
    uploaded_announce(request, results)
    count = grouping_receiving_cases(grouping=group).count()
    messages.success(
        request,
        ngettext(
            "Dokumenterne er tilføjet til %(count)d sag i grupperingen.",
            "Dokumenterne er tilføjet til alle %(count)d sager i grupperingen.",
            count,
        )
        % {"count": count},
    )
    return redirect(reverse("workspaces:grouping_detail", kwargs={"grouping": group.pk}) + "#dokumenter")


@access(GROUPING_STAFF, method="POST")
@login_required
@require_POST
def grouping_case_remove(request: HttpRequest, grouping: int) -> HttpResponse:
    """FI-8: take one case out of the grouping (the case and its documents stay as they are)."""
    user, group = _grouping_or_404(request, grouping)
    here = reverse("workspaces:grouping_detail", kwargs={"grouping": group.pk})
    number = (request.POST.get("sag") or "").strip()
    case = Case.objects.filter(Q(number=number), grouping=group).first() if number else None
    if case is None:
        messages.error(request, _("Sagen er ikke i grupperingen."))
        return redirect(here)
    services.grouping_case_remove(grouping=group, case=case, by=user)
    messages.success(request, _("Sag %(number)s er taget ud af grupperingen.") % {"number": case.number})
    return redirect(here)


@access(GROUPING_STAFF)
@login_required
@require_http_methods(["GET", "POST"])
def grouping_delete(request: HttpRequest, grouping: int) -> HttpResponse:
    """FI-8: delete the grouping after a confirmation page (no JavaScript needed); its cases stay."""
    user, group = _grouping_or_404(request, grouping)
    if request.method == "POST":
        name = group.name
        services.grouping_delete(grouping=group, by=user)
        messages.success(request, _("Grupperingen „%(name)s“ er slettet. Sagerne er ikke slettet.") % {"name": name})
        return redirect("workspaces:grouping_list")
    return render(
        request,
        "workspaces/groupings/delete.html",
        {"grouping": group, "case_count": group.cases.count()},
    )

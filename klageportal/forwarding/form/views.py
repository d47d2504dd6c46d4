"""The web appeal form in the browser (SPEC §8). Every page works without JavaScript: buttons post the page,
which is saved as typed and shown again; static/js/ankeskema.js adds look-ups, shown/hidden fields and
autosave on top."""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from klageportal.core.access import AUTHORITY_STAFF, EVERYONE, access
from klageportal.core.ids import as_id
from klageportal.core.ratelimits import is_upload, rate_limited
from klageportal.core.uploads import upload_response
from klageportal.forwarding import selectors, services
from klageportal.forwarding.access import ankeskema_required, base_context, json_login_required
from klageportal.forwarding.form import forms, lookups, pages
from klageportal.forwarding.form.answers import PAGE_COUNT, Answers, PageNumber
from klageportal.forwarding.form.checklist import OTHER, checklist_items, missing_items
from klageportal.forwarding.form.pages import PageForms
from klageportal.forwarding.form.summary import summary_sections
from klageportal.forwarding.form.table import PAGES, dates_guidance
from klageportal.forwarding.models import AnkeskemaDraft
from klageportal.identity.kept import input_take, keeps_input_after_expiry
from klageportal.registers import answers as registers
from klageportal.registers import numbers
from klageportal.registers.audit import audited

FIRST, DATES, DOCUMENTS, SUMMARY = PageNumber.MUNICIPALITY, PageNumber.DATES, PageNumber.DOCUMENTS, PageNumber.SUMMARY

# --- start, continue, start again ------------------------------------------------------------------------


@access(AUTHORITY_STAFF)
@ankeskema_required
@require_GET
def start(request):
    """AS-3: continue the latest draft or start a new form; without a draft, a new one starts at once."""
    draft = selectors.open_draft(owner=request.user)
    if draft is None:
        services.draft_start(by=request.user)
        return redirect("forwarding:page", number=FIRST)
    return render(request, "forwarding/start.html", base_context(request, draft=draft))


@access(AUTHORITY_STAFF, method="POST")
@ankeskema_required
@require_POST
def resume(request):
    draft = selectors.open_draft(owner=request.user)
    if draft is None:
        return redirect("forwarding:start")
    return redirect("forwarding:page", number=min(max(draft.page, FIRST), PAGE_COUNT))


@access(AUTHORITY_STAFF, method="POST")
@ankeskema_required
@require_POST
def start_new(request):
    services.draft_start(by=request.user)
    messages.info(request, _("Du er begyndt på et nyt ankeskema. Den tidligere kladde er slettet."))
    return redirect("forwarding:page", number=FIRST)


# --- the pages ----------------------------------------------------------------------------------------


def _steps(draft: AnkeskemaDraft, current: int) -> list[dict[str, Any]]:
    done = set(Answers(draft.data).done)
    reachable = max([current, *done, 0]) + 1
    return [
        {
            "number": spec.number,
            "title": spec.title,
            "url": reverse("forwarding:page", kwargs={"number": spec.number}),
            "current": spec.number == current,
            "done": spec.number in done,
            "link": spec.number != current and (spec.number in done or spec.number <= reachable),
        }
        for spec in PAGES.values()
    ]


def _page_context(
    request, draft: AnkeskemaDraft, number: int, page: PageForms | None = None, **extra: Any
) -> dict[str, Any]:
    spec = PAGES[number]
    context = base_context(
        request,
        draft=draft,
        number=number,
        page_spec=spec,
        title=spec.title,
        steps=_steps(draft, number),
        page=page,
        back_url=reverse("forwarding:page", kwargs={"number": number - 1}) if number > 1 else "",
        error_summary=page.error_summary() if page is not None else [],
        **extra,
    )
    if spec.context is not None and page is not None:
        context.update(spec.context(page, draft.authority))
    return context


def _render_page(request, draft: AnkeskemaDraft, page: PageForms, **extra: Any) -> HttpResponse:
    return render(request, page.spec.template, _page_context(request, draft, page.number, page, **extra))


def _citizen_page(request, number: int) -> bool:
    """The citizen page looks numbers up in the registers whenever it is posted."""
    return number == PageNumber.CITIZEN


@keeps_input_after_expiry
@access(AUTHORITY_STAFF)
@ankeskema_required
@require_http_methods(["GET", "POST"])
@rate_limited("lookup", when=_citizen_page)
@audited
def page(request, number: int):
    if number not in PAGES:
        raise Http404
    draft = selectors.open_draft(owner=request.user)
    if draft is None:
        messages.info(request, _("Du har ingen kladde. Et nyt ankeskema er startet."))
        return redirect("forwarding:start")
    try:
        if number == DOCUMENTS:
            return _documents_page(request, draft)
        if number == SUMMARY:
            return _summary_page(request, draft)
        if request.method == "GET":
            _take_kept_input(request, draft, number)
            services.draft_page_visit(draft=draft, page=number)
            shown = pages.build(number, Answers(draft.data).page(number), authority=draft.authority, bound=False)
            return _render_page(request, draft, shown)
        return _page_post(request, draft, number)
    except services.DraftNotOpen:
        # Sent or replaced in another window meanwhile.
        messages.error(request, _("Kladden er sendt eller erstattet af et nyt ankeskema."))
        return redirect("forwarding:start")


def _take_kept_input(request, draft: AnkeskemaDraft, number: int) -> None:
    """The page posted after the session ran out (AUTH-3) is saved in the draft as typed, once logged in again."""
    kept = input_take(user=request.user, path=request.path)
    if kept is None or not PAGES[number].has_answers:
        return
    services.draft_page_save(draft=draft, page=number, answers=pages.raw_from_post(number, kept))
    messages.info(request, _("Vi har gemt det, du skrev, før du blev logget ud. Kontrollér oplysningerne."))


def _here(number: int, anchor: str = "") -> str:
    return reverse("forwarding:page", kwargs={"number": number}) + (f"#{anchor}" if anchor else "")


def _page_post(request, draft: AnkeskemaDraft, number: int) -> HttpResponse:
    spec = PAGES[number]
    action = request.POST.get("action", "next")
    raw = pages.raw_from_post(number, request.POST)
    if action == "back":
        services.draft_page_save(draft=draft, page=number, answers=raw, current=max(number - 1, 1))
        return redirect("forwarding:page", number=max(number - 1, 1))
    if spec.rows_key and action == f"add-{spec.row_prefix}":
        raw[spec.rows_key] = [*raw.get(spec.rows_key, []), {}]
        if spec.rows_shown_by:
            raw[spec.rows_shown_by] = forms.CHECKED
        services.draft_page_save(draft=draft, page=number, answers=raw)
        return redirect(_here(number, f"{spec.row_prefix}-{len(raw[spec.rows_key]) - 1}"))
    if spec.rows_key and action.startswith(f"remove-{spec.row_prefix}-"):
        index = action.rsplit("-", 1)[1]
        rows = raw.get(spec.rows_key, [])
        row = as_id(index)
        if row is not None and row < len(rows):
            del rows[row]
        if spec.rows_shown_by and not rows:
            raw[spec.rows_shown_by] = ""
        services.draft_page_save(draft=draft, page=number, answers=raw)
        messages.info(request, _("Rækken er fjernet."))
        return redirect(_here(number, "rows"))
    if spec.lookup is not None and lookups.is_lookup(action):
        found = spec.lookup(raw, action)
        services.draft_page_save(draft=draft, page=number, answers=raw)
        shown = pages.build(number, raw, authority=draft.authority, bound=False)
        found.show_on(shown)
        return _render_page(request, draft, shown, lookup_notices=found.notices)
    if action == "refresh":
        services.draft_page_save(draft=draft, page=number, answers=raw)
        return redirect(_here(number, request.POST.get("anchor", "")))
    posted = pages.build(number, raw, authority=draft.authority, bound=True)
    valid = posted.is_valid()
    raw.update(posted.derived())
    services.draft_page_save(draft=draft, page=number, answers=raw, done=valid, current=number + 1 if valid else None)
    if valid:
        for warning in posted.warnings():
            messages.warning(request, warning)
        return redirect("forwarding:page", number=number + 1)
    return _render_page(request, draft, posted)


# --- page 6: the documents ---------------------------------------------------------------------------


def _documents_context(draft: AnkeskemaDraft) -> dict[str, Any]:
    items = checklist_items(Answers(draft.data))
    links = list(draft.documents.select_related("document").order_by("uploaded_at", "pk"))
    by_item = {item.key: [link for link in links if link.checklist_item == item.key] for item in items}
    orphans = [link for link in links if link.checklist_item not in by_item]
    total = sum(link.document.size for link in links)
    return {
        "items": [{"item": item, "links": by_item[item.key]} for item in items],
        "orphans": orphans,
        "missing": missing_items(items, {key for key, found in by_item.items() if found}),
        "total_bytes": total,
        "max_file": filesizeformat(settings.ANKESKEMA_MAX_FILE_BYTES),
        "max_total": filesizeformat(settings.ANKESKEMA_MAX_TOTAL_BYTES),
        "over_total": total >= settings.ANKESKEMA_MAX_TOTAL_BYTES,
        "total_message": services.total_message(),
        "upload_limits": services.ankeskema_limits(),
        "max_total_bytes": settings.ANKESKEMA_MAX_TOTAL_BYTES,
        "other_key": OTHER,
    }


def _documents_page(request, draft: AnkeskemaDraft) -> HttpResponse:
    if request.method == "POST":
        action = request.POST.get("action", "next")
        document_id = as_id(action.removeprefix("remove-doc-")) if action.startswith("remove-doc-") else None
        if document_id is not None:
            services.draft_document_remove(draft=draft, pk=document_id)
            messages.info(request, _("Filen er fjernet."))
            return redirect(_here(DOCUMENTS, "checklist"))
        to = DOCUMENTS - 1 if action == "back" else DOCUMENTS + 1
        services.draft_page_save(draft=draft, page=DOCUMENTS, answers={}, done=True, current=to)
        return redirect("forwarding:page", number=to)
    services.draft_page_visit(draft=draft, page=DOCUMENTS)
    return render(
        request,
        PAGES[DOCUMENTS].template,
        _page_context(request, draft, DOCUMENTS, **_documents_context(draft)),
    )


@access(AUTHORITY_STAFF, method="POST")
@ankeskema_required
@require_POST
@rate_limited("upload", when=is_upload)
def upload(request, item: str):
    """Files for one checklist item; with JavaScript one file per request, with a progress bar (DOC-4)."""
    draft = selectors.open_draft(owner=request.user)
    if draft is None:
        raise Http404
    here = _here(DOCUMENTS, f"item-{item}")
    files = request.FILES.getlist("files")
    if not files:
        messages.error(request, _("Vælg en eller flere filer."))
        return redirect(here)
    try:
        results = services.draft_documents_add(draft=draft, item=item, files=files, by=request.user)
    except services.DraftNotOpen:
        raise Http404
    return upload_response(request, results, redirect_url=here)


# --- page 7: summary and send ------------------------------------------------------------------------


def _summary_page(request, draft: AnkeskemaDraft) -> HttpResponse:
    if request.method == "POST":
        return redirect("forwarding:page", number=DOCUMENTS if request.POST.get("action") == "back" else SUMMARY)
    services.draft_page_visit(draft=draft, page=SUMMARY)
    data = Answers(services.draft_snapshot(draft))
    invalid = pages.invalid_pages(draft.data or {}, authority=draft.authority)
    items = checklist_items(data)
    covered = {f["item"] for f in data.documents["documents"]}
    # Every page's warnings that still hold, as when the page was completed.
    warnings = [
        warning
        for spec in PAGES.values()
        if spec.after_valid is not None
        for warning in pages.build(
            spec.number, data.page(spec.number), authority=draft.authority, bound=False
        ).warnings()
    ]
    return render(
        request,
        PAGES[SUMMARY].template,
        _page_context(
            request,
            draft,
            SUMMARY,
            sections=summary_sections(data.data, authority=draft.authority),
            invalid=[{"number": n, "title": PAGES[n].title} for n in invalid],
            missing=missing_items(items, covered),
            poa_warning=bool(warnings),
        ),
    )


@access(AUTHORITY_STAFF, method="POST")
@ankeskema_required
@require_POST
def send(request):
    draft = selectors.open_draft(owner=request.user)
    if draft is None:
        messages.error(request, _("Ankeskemaet er allerede sendt, eller kladden findes ikke længere."))
        return redirect("forwarding:sent_list")
    try:
        submission = services.ankeskema_send(draft=draft, by=request.user)
    except services.FormIncomplete as incomplete:
        messages.error(
            request,
            _("Ankeskemaet mangler oplysninger på side %(pages)s. Ret siderne, og send igen.")
            % {"pages": ", ".join(str(n) for n in incomplete.pages)},
        )
        return redirect("forwarding:page", number=SUMMARY)
    except services.DraftNotOpen:
        messages.error(request, _("Ankeskemaet er allerede sendt."))
        return redirect("forwarding:sent_list")
    return redirect("forwarding:receipt", lobenummer=submission.lobenummer)


@access(EVERYONE)
def guidance_page(request):
    """The form's guidance (AS-5), for everyone."""
    return render(
        request,
        "forwarding/guidance.html",
        base_context(
            request,
            max_file=filesizeformat(settings.ANKESKEMA_MAX_FILE_BYTES),
            max_total=filesizeformat(settings.ANKESKEMA_MAX_TOTAL_BYTES),
        ),
    )


# --- JSON endpoints for the page's script ------------------------------------------------------------


@access(AUTHORITY_STAFF, method="POST")
@json_login_required
@require_POST
def autosave(request):
    """AS-3: keep the page's answers as typed, at least once a minute while the caseworker works."""
    number = as_id(request.POST.get("page", ""))
    draft = selectors.open_draft(owner=request.user)
    if number is None or number not in PAGES or not PAGES[number].has_answers:
        return JsonResponse({"saved": False, "error": "page"}, status=400)
    if draft is None or str(draft.pk) != request.POST.get("draft", str(draft.pk)):
        return JsonResponse({"saved": False, "error": "draft"}, status=409)
    raw = pages.raw_from_post(number, request.POST)
    try:
        draft = services.draft_page_save(draft=draft, page=number, answers=raw)
    except services.DraftNotOpen:
        return JsonResponse({"saved": False, "error": "draft"}, status=409)
    saved_at = timezone.localtime(draft.saved_at)
    return JsonResponse({"saved": True, "saved_at": saved_at.isoformat(), "time": saved_at.strftime("%H.%M")})


@access(AUTHORITY_STAFF, method="POST")
@json_login_required
@require_POST
@rate_limited("lookup", json=True)
@audited
def lookup(request):
    """CPR look-up when leaving a field (AS-20), CVR look-up and party search (AS-23); numbers only ever posted."""
    kind, query = request.POST.get("kind", ""), request.POST.get("query", "")
    answer = registers.by_kind(kind, query)
    if answer is None:
        return JsonResponse({"status": "invalid", "hits": []}, status=400)
    result = answer.as_json()
    if kind == registers.PERSON:
        result["child"] = answer.status == registers.FOUND and numbers.is_under_18(query)
    result["message"] = str(LOOKUP_MESSAGES.get((kind, result["status"]), ""))
    return JsonResponse(result)


LOOKUP_MESSAGES = {
    ("person", registers.NOT_FOUND): gettext_lazy("CPR-nummeret findes ikke i CPR. Ret nummeret, og prøv igen."),
    ("person", registers.INVALID): gettext_lazy(
        "CPR-nummeret skal have 10 cifre og begynde med en gyldig fødselsdato (ddmmåå)."
    ),
    ("person", registers.UNAVAILABLE): gettext_lazy("CPR-registret svarer ikke lige nu. Skriv borgerens fulde navn."),
    ("company", registers.NOT_FOUND): gettext_lazy("CVR-nummeret findes ikke i CVR."),
    ("company", registers.INVALID): gettext_lazy("CVR-nummeret er ikke gyldigt. Det skal have 8 cifre."),
    ("company", registers.UNAVAILABLE): gettext_lazy("CVR-registret svarer ikke lige nu. Skriv oplysningerne selv."),
    ("search", registers.NOT_FOUND): gettext_lazy("Ingen personer eller virksomheder passer på søgningen."),
    ("search", registers.INVALID): gettext_lazy(
        "Skriv et CPR-nummer, et CVR-nummer eller mindst to bogstaver af et navn."
    ),
    ("search", registers.UNAVAILABLE): gettext_lazy("Registret svarer ikke lige nu. Skriv oplysningerne selv."),
}


@access(AUTHORITY_STAFF, method="POST")
@json_login_required
@require_POST
def deadlines(request):
    """Page 4's guidance for the dates as they stand, while the caseworker types (AS-32, AS-33)."""
    draft = selectors.open_draft(owner=request.user)
    shown = pages.build(DATES, pages.raw_from_post(DATES, request.POST), bound=False)
    items = dates_guidance(shown, draft.authority if draft else request.user.authority)
    return JsonResponse({"guidance": [item.as_json() for item in items]})

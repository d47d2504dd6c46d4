"""The web appeal form in the browser (SPEC §8). Every page works without JavaScript: buttons post the page,
which is saved as typed and shown again; static/js/ankeskema.js adds look-ups, shown/hidden fields and
autosave on top."""

from django.conf import settings
from django.contrib import messages
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from klageportal.core.uploads import upload_response
from klageportal.documents.validation import ALLOWED_EXTENSIONS
from klageportal.forwarding import selectors, services
from klageportal.forwarding.access import ankeskema_required, base_context, json_login_required
from klageportal.forwarding.constants import PAGE_COUNT, PAGE_TITLES
from klageportal.forwarding.form import forms, guidance, pages
from klageportal.forwarding.form.checklist import OTHER, checklist_items, missing_items
from klageportal.forwarding.form.summary import summary_sections
from klageportal.registers import answers as lookups
from klageportal.registers import numbers

ROW_ACTIONS = ("add-party", "add-area")


# --- start, continue, start again ------------------------------------------------------------------------


@ankeskema_required
@require_GET
def start(request):
    """AS-3: continue the latest draft or start a new form; without a draft, a new one starts at once."""
    draft = selectors.open_draft(owner=request.user)
    if draft is None:
        services.draft_start(by=request.user)
        return redirect("forwarding:page", number=1)
    return render(request, "forwarding/start.html", base_context(request, draft=draft))


@ankeskema_required
@require_POST
def resume(request):
    draft = selectors.open_draft(owner=request.user)
    if draft is None:
        return redirect("forwarding:start")
    return redirect("forwarding:page", number=min(max(draft.page, 1), PAGE_COUNT))


@ankeskema_required
@require_POST
def start_new(request):
    services.draft_start(by=request.user)
    messages.info(request, _("Du er begyndt på et nyt ankeskema. Den tidligere kladde er slettet."))
    return redirect("forwarding:page", number=1)


# --- the pages ----------------------------------------------------------------------------------------


def _steps(draft, current: int) -> list[dict]:
    done = set((draft.data or {}).get("done") or [])
    reachable = max([current, *done, 0]) + 1
    return [
        {
            "number": number,
            "title": PAGE_TITLES[number],
            "url": reverse("forwarding:page", kwargs={"number": number}),
            "current": number == current,
            "done": number in done,
            "link": number != current and (number in done or number <= reachable),
        }
        for number in range(1, PAGE_COUNT + 1)
    ]


def _page_context(request, draft, number: int, page=None, **extra) -> dict:
    context = base_context(
        request,
        draft=draft,
        number=number,
        title=PAGE_TITLES[number],
        steps=_steps(draft, number),
        page=page,
        back_url=reverse("forwarding:page", kwargs={"number": number - 1}) if number > 1 else "",
        errors=page.error_summary() if page is not None else [],
        **extra,
    )
    if number == 3:
        context["catalogue"] = forms.law_catalogue()
    if number == 4 and page is not None:
        context["guidance"] = guidance.page4_guidance(_page4_values(page), authority=draft.authority)
    return context


def _page4_values(page) -> dict:
    form = page.main
    return {name: form.value_of(name) for name in form.fields}


@ankeskema_required
@require_http_methods(["GET", "POST"])
def page(request, number: int):
    if not 1 <= number <= PAGE_COUNT:
        raise Http404
    draft = selectors.open_draft(owner=request.user)
    if draft is None:
        messages.info(request, _("Du har ingen kladde. Et nyt ankeskema er startet."))
        return redirect("forwarding:start")
    try:
        if number == 6:
            return _documents_page(request, draft)
        if number == 7:
            return _summary_page(request, draft)
        if request.method == "GET":
            services.draft_page_visit(draft=draft, page=number)
            shown = pages.build(number, draft.data.get(str(number)), authority=draft.authority, bound=False)
            return render(request, f"forwarding/page_{number}.html", _page_context(request, draft, number, shown))
        return _page_post(request, draft, number)
    except services.DraftNotOpen:
        # Sent or replaced in another window meanwhile.
        messages.error(request, _("Kladden er sendt eller erstattet af et nyt ankeskema."))
        return redirect("forwarding:start")


def _here(number: int, anchor: str = "") -> str:
    return reverse("forwarding:page", kwargs={"number": number}) + (f"#{anchor}" if anchor else "")


def _page_post(request, draft, number: int):
    action = request.POST.get("action", "next")
    raw = pages.raw_from_post(number, request.POST)
    rows_key = pages.ROWS.get(number)
    if action == "back":
        services.draft_page_save(draft=draft, page=number, answers=raw, current=max(number - 1, 1))
        return redirect("forwarding:page", number=max(number - 1, 1))
    if rows_key and action in ROW_ACTIONS:
        raw[rows_key] = [*raw.get(rows_key, []), {}]
        if number == 2:
            raw["has_parties"] = forms.CHECKED
        services.draft_page_save(draft=draft, page=number, answers=raw)
        return redirect(_here(number, f"{pages.ROW_PREFIX[rows_key]}-{len(raw[rows_key]) - 1}"))
    if rows_key and action.startswith(f"remove-{pages.ROW_PREFIX[rows_key]}-"):
        index = action.rsplit("-", 1)[1]
        rows = raw.get(rows_key, [])
        if index.isdigit() and int(index) < len(rows):
            del rows[int(index)]
        if number == 2 and not rows:
            raw["has_parties"] = ""
        services.draft_page_save(draft=draft, page=number, answers=raw)
        messages.info(request, _("Rækken er fjernet."))
        return redirect(_here(number, "rows"))
    if number == 2 and action.startswith(("lookup-", "search-party-", "pick-party-")):
        return _page2_lookup(request, draft, raw, action)
    if action == "refresh":
        services.draft_page_save(draft=draft, page=number, answers=raw)
        return redirect(_here(number, request.POST.get("anchor", "")))
    posted = pages.build(number, raw, authority=draft.authority, bound=True)
    valid = posted.is_valid()
    if number == 2:
        raw.update(posted.main.derived)
    services.draft_page_save(draft=draft, page=number, answers=raw, done=valid, current=number + 1 if valid else None)
    if valid:
        _warnings_after(request, posted)
        return redirect("forwarding:page", number=number + 1)
    return render(request, f"forwarding/page_{number}.html", _page_context(request, draft, number, posted))


def _warnings_after(request, posted) -> None:
    if posted.number == 2 and posted.rows_shown and any(form.warning() for form in posted.rows):
        messages.warning(
            request,
            _(
                "En partsrepræsentant har hverken fuldmagt eller stillingsfuldmagt. Der skal som hovedregel være en "
                "fuldmagt, når klagen kommer fra andre end personer med stillingsfuldmagt, fx advokater."
            ),
        )


def _page2_lookup(request, draft, raw: dict, action: str):
    """Without JavaScript: "Slå op" for a CPR or CVR number, "Søg" and "Vælg" for a further party."""
    hits: dict[int, lookups.Answer] = {}
    notices: dict[str, str] = {}
    citizen = None
    if action in ("lookup-citizen", "lookup-custody"):
        # The page's own validation looks the number up; only what concerns the number is shown.
        who = action.removeprefix("lookup-")
        citizen = forms.CitizenForm(pages.form_data(2, raw), initial=raw)
        citizen.is_valid()
        for name in list(citizen.errors):
            if name not in (f"{who}_cpr", f"{who}_name"):
                del citizen.errors[name]
        raw.update(citizen.derived)
        if citizen.derived.get("citizen_name_source") == forms.NameSource.TYPED:
            notices["citizen"] = lookups.UNAVAILABLE
    elif action == "lookup-employer":
        answer = lookups.company(raw.get("employer_cvr", ""))
        notices["employer"] = answer.status
        if answer.status == lookups.FOUND:
            hit = answer.hit
            raw.update(
                employer_name=hit.name,
                employer_address=hit.address,
                employer_postcode=hit.postcode,
                employer_city=hit.city,
            )
    else:
        parts = action.split("-")  # search-party-<i> or pick-party-<i>-<k>
        index = int(parts[2]) if len(parts) > 2 and parts[2].isdigit() else -1
        rows = raw.get("parties") or []
        if 0 <= index < len(rows):
            answer = lookups.search(rows[index].get("search", ""))
            if (
                action.startswith("pick-")
                and len(parts) == 4
                and parts[3].isdigit()
                and int(parts[3]) < len(answer.hits)
            ):
                hit = answer.hits[int(parts[3])]
                rows[index].update(
                    number=hit.number, name=hit.name, address=hit.address, postcode=hit.postcode, city=hit.city
                )
            else:
                hits[index] = answer
    services.draft_page_save(draft=draft, page=2, answers=raw)
    shown = pages.build(2, raw, authority=draft.authority, bound=False)
    if citizen is not None:
        shown.main = citizen
    for index, answer in hits.items():
        shown.rows[index].hits = answer
    return render(
        request,
        "forwarding/page_2.html",
        _page_context(request, draft, 2, shown, party_hits=hits, lookup_notices=notices),
    )


# --- page 6: the documents ---------------------------------------------------------------------------


def _documents_context(draft) -> dict:
    items = checklist_items(draft.data or {})
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
        "allowed": ", ".join(f".{e}" for e in ALLOWED_EXTENSIONS),
        "accept": ",".join(f".{e}" for e in ALLOWED_EXTENSIONS),
        "other_key": OTHER,
    }


def _documents_page(request, draft):
    if request.method == "POST":
        action = request.POST.get("action", "next")
        if action.startswith("remove-doc-") and action[11:].isdigit():
            services.draft_document_remove(draft=draft, pk=int(action[11:]))
            messages.info(request, _("Filen er fjernet."))
            return redirect(_here(6, "checklist"))
        services.draft_page_save(draft=draft, page=6, answers={}, done=True, current=5 if action == "back" else 7)
        if action == "back":
            return redirect("forwarding:page", number=5)
        return redirect("forwarding:page", number=7)
    services.draft_page_visit(draft=draft, page=6)
    return render(request, "forwarding/page_6.html", _page_context(request, draft, 6, **_documents_context(draft)))


@ankeskema_required
@require_POST
def upload(request, item: str):
    """Files for one checklist item; with JavaScript one file per request, with a progress bar (DOC-4)."""
    draft = selectors.open_draft(owner=request.user)
    if draft is None:
        raise Http404
    here = _here(6, f"item-{item}")
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


def _summary_page(request, draft):
    if request.method == "POST":
        return redirect("forwarding:page", number=6 if request.POST.get("action") == "back" else 7)
    services.draft_page_visit(draft=draft, page=7)
    data = services.draft_snapshot(draft)
    invalid = pages.invalid_pages(draft.data or {}, authority=draft.authority)
    items = checklist_items(data)
    covered = {f["item"] for f in data["6"]["documents"]}
    parties = pages.build(2, draft.data.get("2"), authority=draft.authority, bound=False)
    return render(
        request,
        "forwarding/page_7.html",
        _page_context(
            request,
            draft,
            7,
            sections=summary_sections(data, authority=draft.authority),
            invalid=[{"number": n, "title": PAGE_TITLES[n]} for n in invalid],
            missing=missing_items(items, covered),
            poa_warning=parties.rows_shown and any(form.warning() for form in parties.rows),
        ),
    )


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
        return redirect("forwarding:page", number=7)
    except services.DraftNotOpen:
        messages.error(request, _("Ankeskemaet er allerede sendt."))
        return redirect("forwarding:sent_list")
    return redirect("forwarding:receipt", lobenummer=submission.lobenummer)


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


@json_login_required
@require_POST
def autosave(request):
    """AS-3: keep the page's answers as typed, at least once a minute while the caseworker works."""
    number = request.POST.get("page", "")
    draft = selectors.open_draft(owner=request.user)
    if not number.isdigit() or not 1 <= int(number) <= 5:
        return JsonResponse({"saved": False, "error": "page"}, status=400)
    if draft is None or str(draft.pk) != request.POST.get("draft", str(draft.pk)):
        return JsonResponse({"saved": False, "error": "draft"}, status=409)
    raw = pages.raw_from_post(int(number), request.POST)
    try:
        draft = services.draft_page_save(draft=draft, page=int(number), answers=raw)
    except services.DraftNotOpen:
        return JsonResponse({"saved": False, "error": "draft"}, status=409)
    saved_at = timezone.localtime(draft.saved_at)
    return JsonResponse({"saved": True, "saved_at": saved_at.isoformat(), "time": saved_at.strftime("%H.%M")})


@json_login_required
@require_POST
def lookup(request):
    """CPR look-up when leaving a field (AS-20), CVR look-up and party search (AS-23); numbers only ever posted."""
    kind, query = request.POST.get("kind", ""), request.POST.get("query", "")
    if kind == "person":
        answer = lookups.person(query)
        result = answer.as_json()
        result["child"] = answer.status == lookups.FOUND and numbers.is_under_18(query)
    elif kind == "company":
        result = lookups.company(query).as_json()
    elif kind == "search":
        result = lookups.search(query).as_json()
    else:
        return JsonResponse({"status": "invalid", "hits": []}, status=400)
    result["message"] = str(LOOKUP_MESSAGES.get((kind, result["status"]), ""))
    return JsonResponse(result)


LOOKUP_MESSAGES = {
    ("person", lookups.NOT_FOUND): gettext_lazy("CPR-nummeret findes ikke i CPR. Ret nummeret, og prøv igen."),
    ("person", lookups.INVALID): gettext_lazy(
        "CPR-nummeret skal have 10 cifre og begynde med en gyldig fødselsdato (ddmmåå)."
    ),
    ("person", lookups.UNAVAILABLE): gettext_lazy("CPR-registret svarer ikke lige nu. Skriv borgerens fulde navn."),
    ("company", lookups.NOT_FOUND): gettext_lazy("CVR-nummeret findes ikke i CVR."),
    ("company", lookups.INVALID): gettext_lazy("CVR-nummeret er ikke gyldigt. Det skal have 8 cifre."),
    ("company", lookups.UNAVAILABLE): gettext_lazy("CVR-registret svarer ikke lige nu. Skriv oplysningerne selv."),
    ("search", lookups.NOT_FOUND): gettext_lazy("Ingen personer eller virksomheder passer på søgningen."),
    ("search", lookups.INVALID): gettext_lazy(
        "Skriv et CPR-nummer, et CVR-nummer eller mindst to bogstaver af et navn."
    ),
    ("search", lookups.UNAVAILABLE): gettext_lazy("Registret svarer ikke lige nu. Skriv oplysningerne selv."),
}


@json_login_required
@require_POST
def deadlines(request):
    """Page 4's guidance for the dates as they stand, while the caseworker types (AS-32, AS-33)."""
    draft = selectors.open_draft(owner=request.user)
    form = forms.ReasonForm(initial=pages.raw_from_post(4, request.POST))
    values = {name: form.value_of(name) for name in form.fields}
    items = guidance.page4_guidance(values, authority=draft.authority if draft else request.user.authority)
    return JsonResponse({"guidance": [item.as_json() for item in items]})

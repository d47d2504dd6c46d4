"""The complaint filing flow in the browser (KP-1..7). Every step saves; nothing needs JavaScript."""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from klageportal.cases import policies
from klageportal.cases.models import ApprovalState, Case, CaseEvent, ExemptionRequest, PartyKind, PartyRole, Status
from klageportal.cases.selectors import filer_party, submission_missing
from klageportal.cases.services.events import case_event_add
from klageportal.catalog.models import Channel, ComplaintType
from klageportal.core.access import AUTHORITY_STAFF, EVERYONE, FILER, PEOPLE_AND_COMPANIES, Who, access
from klageportal.core.phrases import phrase
from klageportal.core.ratelimits import is_upload, rate_limited
from klageportal.core.uploads import upload_response, uploaded_announce
from klageportal.documents.models import CaseDocument
from klageportal.documents.uploads import uploads_accept
from klageportal.filing import forms, services
from klageportal.filing.models import Capacity
from klageportal.filing.pending import show_typed
from klageportal.filing.steps import (
    FIRST_STEP,
    Step,
    step_after,
    step_before,
    step_from_slug,
    step_spec,
    step_title,
    steps_for,
)
from klageportal.identity.kept import input_take, keeps_input_after_expiry, posted_fields
from klageportal.payments.fees import fee_rule, fee_status
from klageportal.payments.policies import can_pay_fee
from klageportal.registers import answers as registers
from klageportal.registers.addresses import AddressServiceUnavailable, address_search
from klageportal.registers.audit import audited


def _draft(request, number: str) -> Case:
    case = Case.objects.select_related("board", "complaint_type", "filing", "authority").filter(number=number).first()
    if case is None or not policies.can_edit_draft(request.user, case) or not hasattr(case, "filing"):
        if case is not None and policies.can_view_case(request.user, case):
            raise PermissionDenied
        raise Http404
    return case


def _step_url(case: Case, step: Step) -> str:
    return reverse("filing:step", kwargs={"number": case.number, "step": step})


def _render_step(request: HttpRequest, case: Case, step: Step, **extra: Any) -> HttpResponse:
    """The step's page from the step table, with the step indicator and the way back."""
    steps = steps_for(case.filing)
    # Once submitted, the steps before can no longer be changed: they are done, and not links.
    editable = case.status == Status.KLADDE
    done = set(case.filing.steps_done) if editable else set(steps[: steps.index(step)])
    indicator = [
        {
            "key": key,
            "number": i + 1,
            "title": step_title(case.filing, key),
            "url": _step_url(case, key),
            "current": key == step,
            "done": key in done,
            "link": key in done and editable,
            "disabled": key not in done and key != step,
        }
        for i, key in enumerate(steps)
    ]
    previous = step_before(case.filing, step)
    if not editable:
        back = case.get_absolute_url()
    elif previous is not None:
        back = _step_url(case, previous)
    else:
        back = reverse("filing:change_type", kwargs={"number": case.number})
    typed = services.complaint_step_pending(case, step)
    form = extra.get("form")
    if typed and form is not None and not form.is_bound:
        show_typed(form, typed["fields"])
    context = {
        "case": case,
        "step": step,
        "Step": Step,
        "steps": indicator,
        "step_number": steps.index(step) + 1,
        "step_count": len(steps),
        "step_title": step_title(case.filing, step),
        "back_url": back,
        "autosave_url": reverse("filing:autosave", kwargs={"number": case.number, "step": step}),
        "autosave_seconds": min(settings.ANKESKEMA_AUTOSAVE_SECONDS, 60),
        "fee_rule": fee_rule(case.type_version),
        "payment_step_number": steps.index(Step.PAYMENT) + 1 if Step.PAYMENT in steps else None,
        "exempt_filer": policies.can_file_for_exempt_citizen(request.user),
        **extra,
    }
    return render(request, step_spec(step).template, context)


def _next(case: Case, step: Step) -> HttpResponse:
    return redirect(_step_url(case, step_after(case.filing, step)))


def outside_types():
    """Complaint types that are filed outside the portal, with where to go instead (KP-1)."""
    types = ComplaintType.objects.filter(is_active=True).select_related("board").order_by("board__name", "name")
    result = []
    for complaint_type in types:
        version = complaint_type.version_at()
        if version is not None and version.channel == Channel.OUTSIDE:
            result.append((complaint_type, version))
    return result


def type_fees():
    """Complaint types filed in the portal with their fee rule in force today, for the start page (CAT-2, PAY-6)."""
    types = ComplaintType.objects.filter(is_active=True).select_related("board").order_by("board__name", "name")
    result = []
    for complaint_type in types:
        version = complaint_type.version_at()
        if version is not None and version.channel == Channel.FILING:
            result.append((complaint_type, fee_rule(version)))
    return result


@access(PEOPLE_AND_COMPANIES | AUTHORITY_STAFF)  # authority staff: a municipality's, for an exempt citizen (KP-2)
@login_required
@require_http_methods(["GET", "POST"])
def start(request):
    """KP-1: what to have ready, then board and complaint type; the draft is created on "Næste"."""
    policies.require(policies.can_start_complaint(request.user))
    form = forms.ComplaintTypeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        case = services.complaint_start(by=request.user, complaint_type=form.cleaned_data["complaint_type"])
        return redirect(_step_url(case, FIRST_STEP))
    context = {"form": form, "outside": outside_types(), "fees": type_fees()}
    if policies.can_file_for_exempt_citizen(request.user):
        context["exempt_filer"] = True
        context["filed_for_citizens"] = _filed_for_citizens(request.user)
    return render(request, "filing/start.html", context)


@access(frozenset({Who.FIRST_INSTANCE}), method="POST")  # the municipality the granted request names (KP-8)
@login_required
@require_POST
def exempt_start(request, exemption):
    """KP-2, KP-8: "Opret klage for borgeren" on a granted request: the exempt filing, prefilled from it."""
    found = ExemptionRequest.objects.select_related("complaint_type").filter(number=exemption).first()
    if found is None or not policies.can_file_for_exemption_request(request.user, found):
        raise Http404
    try:
        case = services.complaint_start_for_exemption(by=request.user, exemption=found)
    except services.FilingError:
        messages.error(
            request, _("Anmodningen nævner ingen klagetype, der kan indgives i klageportalen. Vælg den her.")
        )
        return redirect("filing:start")
    if case.status != Status.KLADDE:
        return redirect(case.get_absolute_url())
    return redirect("filing:resume", number=case.number)


def _filed_for_citizens(user) -> list[dict[str, Any]]:
    """The complaints this staff member has begun or filed for exempt citizens, newest first, each with the page
    to go on from (the draft where it was left, else the case)."""
    cases = (
        Case.objects.filter(parties__is_filer=True, parties__user=user, filed_for_exempt_citizen=True)
        .select_related("board", "complaint_type")
        .prefetch_related("parties")
        .order_by("-created_at", "-pk")[:50]
    )
    rows = []
    for case in cases:
        citizen = next((p for p in case.parties.all() if not p.is_filer and p.role == PartyRole.COMPLAINANT), None)
        draft = case.status == Status.KLADDE
        rows.append(
            {
                "case": case,
                "citizen": citizen.name if citizen else "",
                "url": reverse("filing:resume", kwargs={"number": case.number}) if draft else case.get_absolute_url(),
            }
        )
    return rows


@access(FILER, case="draft")
@login_required
@require_http_methods(["GET", "POST"])
def change_type(request, number):
    case = _draft(request, number)
    form = forms.ComplaintTypeForm(request.POST or None, initial={"complaint_type": case.complaint_type_id})
    if request.method == "POST" and form.is_valid():
        services.complaint_set_type(case=case, by=request.user, complaint_type=form.cleaned_data["complaint_type"])
        return redirect(_step_url(case, FIRST_STEP))
    return render(
        request,
        "filing/start.html",
        {
            "form": form,
            "outside": outside_types(),
            "fees": type_fees(),
            "case": case,
            "back_url": _step_url(case, FIRST_STEP),
        },
    )


@access(FILER, case="draft")
@login_required
def resume(request, number):
    """Continue where the person left off, also after logging out (KP-1)."""
    case = _draft(request, number)
    return redirect(_step_url(case, step_from_slug(case.filing, case.filing.step) or FIRST_STEP))


def is_complainant_lookup(request: HttpRequest, *args: Any, **kwargs: Any) -> bool:
    """A post of the complainants step that looks a number up (adding a complainant, or "Næste" with one)."""
    if kwargs.get("step") != Step.COMPLAINANTS.value or request.POST.get("action") not in ("add", "next"):
        return False
    return bool(request.POST.get("number", "").strip())


@keeps_input_after_expiry
@access(FILER, case="draft")
@login_required
@require_http_methods(["GET", "POST"])
@rate_limited("upload", when=is_upload)
@rate_limited("lookup", when=is_complainant_lookup)
@audited
def step(request, number, step):
    case = _draft(request, number)
    current = step_from_slug(case.filing, step)
    if current is None:
        raise Http404
    if request.method == "GET":
        kept = input_take(user=request.user, path=request.path)
        if kept is not None:
            fields = posted_fields(kept)
            services.complaint_step_keep(case=case, by=request.user, step=current, fields=fields, kept=True)
            case.filing.refresh_from_db()
            messages.info(
                request,
                _("Vi har gemt det, du skrev, før du blev logget ud. Kontrollér det, og vælg “Næste”, når du er klar."),
            )
    response = STEP_HANDLERS[current](request, case)
    if request.method == "POST":
        if response.status_code == 302:
            services.complaint_step_forget(case=case, step=current)
        else:
            # Shown again (with messages): what was typed stays, also if the person leaves without sending.
            services.complaint_step_keep(case=case, by=request.user, step=current, fields=posted_fields(request.POST))
    return response


@access(FILER, case="draft", method="POST")
@login_required
@require_POST
def autosave(request, number, step):
    """Keep a step's fields as typed, while the person types and before leaving the page (like AS-3): not judged,
    the step is not done, and the case is unchanged until "Næste"."""
    case = Case.objects.select_related("filing").filter(number=number).first()
    if case is None or not hasattr(case, "filing") or not policies.can_edit_draft(request.user, case):
        gone = case is not None and policies.can_view_case(request.user, case)
        return JsonResponse({"saved": False, "error": "draft"}, status=409 if gone else 404)
    current = step_from_slug(case.filing, step)
    if current is None:
        return JsonResponse({"saved": False, "error": "step"}, status=400)
    services.complaint_step_keep(case=case, by=request.user, step=current, fields=posted_fields(request.POST))
    return JsonResponse({"saved": True, "time": timezone.localtime().strftime("%H.%M")})


def _step_capacity(request, case):
    if policies.can_file_for_exempt_citizen(request.user):
        return _step_exempt_citizen(request, case)
    draft = case.filing
    initial = {
        "capacity": draft.capacity,
        "represented": draft.represented,
        "association_name": case.association_name,
        "association_confirmed": case.association_signing_confirmed,
    }
    form = forms.CapacityForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.complaint_set_capacity(
            case=case,
            by=request.user,
            capacity=data["capacity"],
            represented=data.get("represented", ""),
            association_name=data.get("association_name", ""),
            association_confirmed=bool(data.get("association_confirmed")),
        )
        case.filing.refresh_from_db()
        return _next(case, Step.CAPACITY)
    return _render_step(request, case, Step.CAPACITY, form=form)


def _step_exempt_citizen(request, case):
    """KP-3 screen 1 for a municipality: "Klager", "Repræsenterer" (the citizen's CPR) and the exemption."""
    citizen = services.exempt_citizen(case=case)
    initial = {"cpr": citizen.cpr if citizen else "", "exemption_reference": case.filing.exemption_reference}
    form = forms.ExemptCapacityForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.complaint_set_exempt_citizen(
            case=case,
            by=request.user,
            cpr=form.cleaned_data["cpr"],
            exemption_reference=form.cleaned_data["exemption_reference"],
        )
        if form.register_unavailable:
            messages.warning(request, _("CPR-registret svarer ikke lige nu, så CPR-nummeret er ikke kontrolleret."))
        case.filing.refresh_from_db()
        return _next(case, Step.CAPACITY)
    return _render_step(request, case, Step.CAPACITY, form=form)


def _step_citizen_contact(request, case):
    """KP-3 step 2 for a municipality: the exempt citizen's contact details, the name and address from the CPR
    register (the name typed only when the register does not answer)."""
    citizen = services.exempt_citizen(case=case)
    if citizen is None:
        return redirect(_step_url(case, Step.CAPACITY))
    answer = registers.person(citizen.cpr)
    hit = answer.hit if answer.status == registers.FOUND else None
    register_name = hit.name if hit is not None else ""
    initial = {
        "name": register_name or citizen.name,
        "address": citizen.address or (hit.address_line if hit is not None else ""),
        "phone": citizen.phone,
        "email": citizen.email,
        "digital_post_exempt": citizen.digital_post_exempt,
    }
    form = forms.ExemptContactForm(request.POST or None, initial=initial, register_name=register_name)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.complaint_set_citizen_contact(
            case=case,
            by=request.user,
            name=register_name or data["name"],
            email=data["email"],
            phone=data["phone"],
            address=data["address"],
            digital_post_exempt=data["digital_post_exempt"],
        )
        return _next(case, Step.CONTACT)
    return _render_step(request, case, Step.CONTACT, form=form)


def _step_contact(request, case):
    if case.filing.is_exempt:
        return _step_citizen_contact(request, case)
    filer = filer_party(case=case)
    name_editable = case.filing.is_association
    default_name = services.default_contact_name(case=case, by=request.user)
    initial = {
        "name": filer.name if (filer and filer.email and name_editable) else default_name,
        "email": filer.email if filer else "",
        "phone": filer.phone if filer else "",
        "address": filer.address if filer else "",
    }
    form = forms.ContactForm(request.POST or None, initial=initial, name_editable=name_editable)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.complaint_set_contact(
            case=case,
            by=request.user,
            name=data["name"] if name_editable else default_name,
            email=data["email"],
            phone=data["phone"],
            address=data["address"],
        )
        return _next(case, Step.CONTACT)
    return _render_step(request, case, Step.CONTACT, form=form)


def _step_complainants(request, case):
    """KP-3 step 3. The form's first button is "Tilføj klager", so Enter in the fields adds what was typed;
    "Næste" adds it too before going on. Removing someone is a link to a page that asks first."""
    action = request.POST.get("action") if request.method == "POST" else None
    form = forms.ComplainantForm(request.POST if action in ("add", "next") else None)
    error = ""
    if action == "next" and not form.has_typed():
        try:
            services.complaint_complainants_done(case=case, by=request.user)
        except services.FilingError:
            error = _("Tilføj mindst én klager, som du repræsenterer.")
        else:
            return _next(case, Step.COMPLAINANTS)
        form = forms.ComplainantForm()
    elif action in ("add", "next") and form.is_valid():
        data = form.cleaned_data
        services.complaint_add_complainant(
            case=case,
            by=request.user,
            kind=data["kind"],
            number=data["number"],
            name=data["name"],
            email=data["email"],
        )
        messages.success(request, _("%(name)s er tilføjet som klager.") % {"name": data["name"]})
        if form.register_unavailable:
            messages.warning(request, _register_down_note(data["kind"], data["name"]))
        if action == "next":
            services.complaint_complainants_done(case=case, by=request.user)
            return _next(case, Step.COMPLAINANTS)
        return redirect(_step_url(case, Step.COMPLAINANTS))
    complainants = case.parties.filter(is_filer=False, role=PartyRole.COMPLAINANT)
    return _render_step(
        request,
        case,
        Step.COMPLAINANTS,
        form=form,
        complainants=complainants,
        list_error=error,
        lookup_url=reverse("filing:lookup", kwargs={"number": case.number}),
    )


def _register_down_note(kind: str, name: str) -> str:
    if kind == PartyKind.COMPANY:
        return _("CVR-registret svarede ikke, så navnet %(name)s er ikke kontrolleret. Kontrollér CVR-nummeret.") % {
            "name": name
        }
    return _("CPR-registret svarede ikke, så navnet %(name)s er ikke kontrolleret. Kontrollér CPR-nummeret.") % {
        "name": name
    }


@access(FILER, case="draft")
@login_required
@require_http_methods(["GET", "POST"])
def remove_complainant(request, number, party_id):
    """Remove a complainant from the draft after a page that asks "Vil du fjerne ...?" (works without script)."""
    case = _draft(request, number)
    here = _step_url(case, Step.COMPLAINANTS)
    party = case.parties.filter(pk=party_id, is_filer=False, role=PartyRole.COMPLAINANT).first()
    if party is None:
        messages.info(request, _("Klageren er allerede fjernet."))
        return redirect(here)
    if request.method == "POST":
        services.complaint_remove_complainant(case=case, by=request.user, party_id=party.pk)
        messages.success(request, _("%(name)s er fjernet som klager.") % {"name": party.name})
        return redirect(here)
    return render(request, "filing/remove_complainant.html", {"case": case, "party": party, "back_url": here})


@access(FILER, case="draft", method="POST")
@login_required
@require_POST
@rate_limited("lookup", json=True)
@audited
def lookup(request, number):
    """The complainants step's look-up when leaving the number field: the register's name for a CPR or CVR
    number, for the filer of this draft only; the number is only ever posted."""
    _draft(request, number)
    kind, query = request.POST.get("kind", ""), request.POST.get("query", "")
    if kind not in (registers.PERSON, registers.COMPANY):
        return JsonResponse({"status": registers.INVALID, "hits": []}, status=400)
    answer = registers.person(query) if kind == registers.PERSON else registers.company(query)
    # The filer is told the name to check their typing against, nothing more about the person.
    result = {"status": answer.status, "hits": [{"number": hit.number, "name": hit.name} for hit in answer.hits]}
    result["message"] = str(LOOKUP_MESSAGES.get((kind, answer.status), ""))
    return JsonResponse(result)


LOOKUP_MESSAGES = {
    (registers.PERSON, registers.NOT_FOUND): gettext_lazy(
        "CPR-nummeret findes ikke i CPR. Ret nummeret, og prøv igen."
    ),
    (registers.PERSON, registers.INVALID): gettext_lazy(
        "CPR-nummeret skal have 10 cifre og begynde med en gyldig fødselsdato."
    ),
    (registers.PERSON, registers.UNAVAILABLE): gettext_lazy(
        "CPR-registret svarer ikke lige nu. Skriv klagerens fulde navn."
    ),
    (registers.COMPANY, registers.NOT_FOUND): gettext_lazy(
        "CVR-nummeret findes ikke i CVR. Ret nummeret, og prøv igen."
    ),
    (registers.COMPANY, registers.INVALID): gettext_lazy("CVR-nummeret er ikke gyldigt. Det skal have 8 cifre."),
    (registers.COMPANY, registers.UNAVAILABLE): gettext_lazy(
        "CVR-registret svarer ikke lige nu. Skriv virksomhedens navn."
    ),
}


def _step_decision(request, case):
    initial = {
        "authority": case.authority_id,
        "decision_date": case.decision_date,
        "reference": case.decision_reference,
        "complaint_text": case.complaint_text,
        "address": case.location_address,
        "lat": case.location_lat,
        "lon": case.location_lon,
    }
    if case.filing.is_exempt:
        # The municipality writes the citizen's complaint; as a rule the decision is its own.
        initial["authority"] = case.authority_id or request.user.authority_id
    form = forms.DecisionForm(request.POST or None, initial=initial)
    if case.filing.is_exempt:
        form.fields["complaint_text"].label = _("Borgerens klage")
        form.fields["complaint_text"].help_text = _(
            "Skriv, hvad borgeren klager over, og hvorfor borgeren mener, afgørelsen er forkert."
        )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.complaint_set_decision(
            case=case,
            by=request.user,
            authority=data["authority"],
            decision_date=data["decision_date"],
            reference=data["reference"],
            complaint_text=data["complaint_text"],
            address=data["address"],
            lat=data["lat"],
            lon=data["lon"],
        )
        return _next(case, Step.DECISION)
    return _render_step(request, case, Step.DECISION, form=form)


def _step_documents(request, case):
    here = _step_url(case, Step.DOCUMENTS)
    if request.method == "POST":
        action = request.POST.get("action", "upload")
        if action == "upload":
            files = request.FILES.getlist("files")
            if not files:
                messages.error(request, _("Vælg en eller flere filer."))
                return redirect(here)
            results = uploads_accept(files=files, case=case, by=request.user, role=PartyRole.COMPLAINANT)
            return upload_response(request, results, redirect_url=here)
        if action.startswith("remove-"):
            with transaction.atomic():
                link = CaseDocument.objects.filter(case=case, pk=int(action.split("-", 1)[1])).first()
                if link is not None:
                    case_event_add(
                        case=case,
                        kind=CaseEvent.Kind.DOCUMENT,
                        actor=request.user,
                        text=phrase(gettext_noop("Dokument fjernet: %(name)s"), name=link.document.original_name),
                    )
                    link.delete()
            return redirect(here)
        # "Næste" sends the files still chosen in the field (the upload form is its form): they are uploaded
        # with the step, and a refused one stops it with the reason at the field; what was accepted stays.
        results = uploads_accept(
            files=request.FILES.getlist("files"), case=case, by=request.user, role=PartyRole.COMPLAINANT
        )
        refused = [result for result in results if not result.ok]
        uploaded_announce(request, results)
        if refused:
            errors = [f"{result.name}: {result.message}" for result in refused]
            return _render_step(
                request, case, Step.DOCUMENTS, documents=case.documents.select_related("document"), upload_errors=errors
            )
        services.complaint_documents_done(case=case, by=request.user)
        return _next(case, Step.DOCUMENTS)
    documents = case.documents.select_related("document")
    return _render_step(
        request,
        case,
        Step.DOCUMENTS,
        documents=documents,
    )


def _step_summary(request, case):
    incomplete = services.complaint_incomplete_steps(case)
    if request.method == "POST":
        if incomplete:
            messages.error(request, _("Klagen mangler oplysninger. Udfyld de trin, der er markeret."))
            return redirect(_step_url(case, Step.SUMMARY))
        services.complaint_submit(case=case, by=request.user)
        case.refresh_from_db()
        if Step.PAYMENT in steps_for(case.filing):
            return redirect(_step_url(case, Step.PAYMENT))  # the fee is paid in the flow's last step
        if case.status == Status.INDSENDT:
            messages.success(
                request,
                _("Din klage er sendt til %(board)s og har status Indsendt.") % {"board": case.board.name},
            )
        else:
            messages.info(
                request,
                _(
                    "Klagen er gemt, men den er ikke sendt endnu. Den bliver sendt, når alle klagere har godkendt "
                    "repræsentationen. Se nedenfor, hvem der mangler."
                ),
            )
        return redirect(case.get_absolute_url())
    return _render_step(
        request,
        case,
        Step.SUMMARY,
        filer=filer_party(case=case),
        complainants=case.parties.filter(is_filer=False, role=PartyRole.COMPLAINANT),
        documents=case.documents.select_related("document"),
        incomplete=incomplete,
        fee=fee_status(case),
        is_own=case.filing.capacity == Capacity.OWN,
        contact_title=(
            _("Repræsentantens kontaktoplysninger")
            if case.filing.represents_others
            else step_title(case.filing, Step.CONTACT)
        ),
        citizen=services.exempt_citizen(case=case) if case.filing.is_exempt else None,
    )


@access(frozenset({Who.REPRESENTATIVE}), case="udfyldt")
@login_required
@require_http_methods(["GET"])
def payment(request, number):
    """The flow's last step where the complaint type asks for the fee at filing (PAY-1, PAY-2, PAY-6): after
    "Indsend" the filer pays here by card or sends a payment link, and comes back here to see whether the
    complaint is sent or what it still waits for."""
    case = Case.objects.select_related("board", "complaint_type", "filing", "authority").filter(number=number).first()
    if case is None or not policies.can_view_case(request.user, case):
        raise Http404
    if not hasattr(case, "filing") or Step.PAYMENT not in steps_for(case.filing):
        raise Http404
    if not policies.is_filer(request.user, case):
        raise PermissionDenied
    if case.status == Status.KLADDE:
        messages.info(request, _("Klagegebyret betales, når du har indsendt klagen."))
        return redirect(_step_url(case, Step.SUMMARY))
    fee = fee_status(case)
    missing = submission_missing(case=case, fee=fee) if case.status == Status.UDFYLDT else None
    return _render_step(
        request,
        case,
        Step.PAYMENT,
        fee=fee,
        missing=missing,
        can_pay=can_pay_fee(request.user, case, fee=fee) and not (missing and missing.declined),
        here=_step_url(case, Step.PAYMENT),
    )


STEP_HANDLERS: dict[Step, Callable[[HttpRequest, Case], HttpResponse]] = {
    Step.CAPACITY: _step_capacity,
    Step.CONTACT: _step_contact,
    Step.COMPLAINANTS: _step_complainants,
    Step.DECISION: _step_decision,
    Step.DOCUMENTS: _step_documents,
    Step.SUMMARY: _step_summary,
}
"""What each step of the table does with its page; the payment step, after "Indsend", is `payment`'s."""


@access(frozenset({Who.COMPLAINANT}), case="udfyldt")
@login_required
@require_http_methods(["GET", "POST"])
def approve(request, number):
    """KP-7: the named complainant approves or declines; anyone else gets a clear refusal."""
    case = Case.objects.select_related("board", "authority").filter(number=number).first()
    if case is None:
        return _approval_refused(request)
    pending = [
        p
        for p in case.parties.filter(role=PartyRole.COMPLAINANT, approval=ApprovalState.PENDING)
        if policies.can_answer_representation(request.user, p)
    ]
    answered = case.parties.filter(approved_by=request.user)
    if not pending and not answered.exists():
        return _approval_refused(request)
    if request.method == "POST" and pending:
        approve_it = request.POST.get("answer") == "approve"
        services.representation_answer(case=case, by=request.user, approve=approve_it)
        messages.success(
            request,
            _("Tak. Du har godkendt repræsentationen.") if approve_it else _("Du har afvist repræsentationen."),
        )
        return redirect("filing:approve", number=case.number)
    filer = filer_party(case=case)
    return render(
        request,
        "filing/approve.html",
        {
            "case": case,
            "pending": pending,
            "answered": answered,
            "filer": filer,
            "can_view": policies.can_view_case(request.user, case),
            "is_closed": case.status != Status.UDFYLDT,
        },
    )


def _approval_refused(request: HttpRequest) -> HttpResponse:
    """The same answer for a case that does not exist and one the person may not answer for: the link
    tells someone not entitled nothing about the case, not even that it exists."""
    return render(request, "filing/approve.html", {"pending": [], "answered": []}, status=404)


@access(frozenset({Who.REPRESENTATIVE}), case="udfyldt")
@login_required
@require_http_methods(["GET", "POST"])
def remove_declined(request, number, party_id):
    """The filer takes a complainant who declined off the complaint, after a page that asks to confirm."""
    case = Case.objects.filter(number=number).first()
    if case is None or not policies.can_view_case(request.user, case):
        raise Http404
    policies.require(policies.can_remove_declined_complainant(request.user, case))
    party = services.declined_complainant(case, party_id)
    if party is None:
        raise Http404
    last = services.is_last_complainant(case, party)
    if request.method == "POST" and not last:
        services.complaint_remove_declined(case=case, by=request.user, party_id=party.pk)
        messages.success(request, _("%(name)s er fjernet fra klagen.") % {"name": party.name})
        return redirect(case.get_absolute_url())
    return render(request, "filing/remove_declined.html", {"case": case, "party": party, "last": last})


@access(frozenset({Who.REPRESENTATIVE}), case="udfyldt")
@login_required
@require_http_methods(["GET", "POST"])
@rate_limited("lookup")
@audited
def correct_complainant(request, number, party_id):
    """The filer corrects a named complainant's number, name or e-mail while the approval is awaited or was
    declined; the complainant is asked again by e-mail (KP-7)."""
    case = Case.objects.select_related("board").filter(number=number).first()
    if case is None or not policies.can_view_case(request.user, case):
        raise Http404
    policies.require(policies.can_correct_complainant(request.user, case))
    party = services.correctable_complainant(case, party_id)
    if party is None:
        raise Http404
    initial = {"kind": party.kind, "number": party.cpr or party.cvr, "name": party.name, "email": party.email}
    form = forms.ComplainantForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.complaint_correct_complainant(
            case=case,
            by=request.user,
            party_id=party.pk,
            kind=data["kind"],
            number=data["number"],
            name=data["name"],
            email=data["email"],
        )
        messages.success(
            request,
            _("%(name)s er rettet. Vi har sendt en ny anmodning om godkendelse til %(email)s.")
            % {"name": data["name"], "email": data["email"]},
        )
        if form.register_unavailable:
            messages.warning(request, _register_down_note(data["kind"], data["name"]))
        return redirect(case.get_absolute_url())
    return render(
        request,
        "filing/correct_complainant.html",
        {"case": case, "party": party, "form": form, "back_url": case.get_absolute_url()},
    )


@access(EVERYONE)
def exemption_info(request):
    """KP-9: "Fritagelse fra klageportalen"."""
    return render(request, "filing/exemption.html")


@access(PEOPLE_AND_COMPANIES | AUTHORITY_STAFF)  # as `start`
@login_required
@require_GET
@rate_limited("address", methods=("GET",), json=True)
def address_lookup(request):
    """KP-4: addresses matching the typed text, each with its point, for the decision step's address search
    (the configured address service: Danmarks Adresser in production). Answers JSON only; without JavaScript
    the address is typed and the point given as coordinates."""
    policies.require(policies.can_start_complaint(request.user))
    query = request.GET.get("q", "")
    try:
        found = address_search(query)
    except AddressServiceUnavailable:
        return JsonResponse(
            {
                "status": "unavailable",
                "hits": [],
                "message": _("Adressesøgningen svarer ikke lige nu. Skriv adressen, og markér stedet på kortet."),
            }
        )
    if not found:
        short = len(" ".join(query.split())) < 3
        message = _("Skriv mindst tre tegn af adressen.") if short else _("Ingen adresser passer på søgningen.")
        return JsonResponse({"status": "invalid" if short else "not_found", "hits": [], "message": message})
    hits = [{"text": a.text, "lat": f"{a.lat:.6f}", "lon": f"{a.lon:.6f}"} for a in found]
    return JsonResponse({"status": "found", "hits": hits, "message": ""})

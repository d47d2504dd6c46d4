"""Following cases (FI-9): "Følg sagen" on a case, and the staff member's profile with the e-mail their daily
digest goes to and the cases they follow."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from klageportal.cases import policies, selectors
from klageportal.cases.models import Case
from klageportal.cases.services import follows as services
from klageportal.core.access import AUTHORITY_STAFF, BODY_STAFF, Who, access
from klageportal.identity.models import User
from klageportal.workspaces.first_instance.forms import NotificationEmailForm

FOLLOWERS = frozenset({Who.FIRST_INSTANCE, Who.CASEWORKER})


@access(FOLLOWERS, case="forwarded", method="POST")
@login_required
@require_POST
def case_follow(request: HttpRequest, number: str) -> HttpResponse:
    """FI-9 "Følg sagen" / "Følg ikke længere"; back to the page the button was on."""
    user = request.user
    case = selectors.case_for_page(number=number)
    if case is None or not isinstance(user, User) or not policies.can_view_case(user, case):
        raise Http404
    if not policies.can_follow_case(user, case):
        raise PermissionDenied
    if request.POST.get("action") == "unfollow":
        services.case_unfollow(case=case, by=user)
        messages.success(request, _("Du følger ikke længere sag %(number)s.") % {"number": case.number})
    else:
        services.case_follow(case=case, by=user)
        address = services.digest_address(user)
        if address:
            text = _("Du følger nu sag %(number)s. Nyt i sagen sendes en gang dagligt til %(email)s.")
        else:
            text = _("Du følger nu sag %(number)s. Angiv en e-mail i din profil for at få den daglige oversigt.")
        messages.success(request, text % {"number": case.number, "email": address})
    back = request.POST.get("next") or ""
    if not back or not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = case.get_absolute_url()
    return redirect(back)


@access(AUTHORITY_STAFF | BODY_STAFF)
@login_required
@require_http_methods(["GET", "POST"])
def staff_profile(request: HttpRequest) -> HttpResponse:
    """FI-9 "Min profil": the e-mail for notifications, and the cases the person follows."""
    user = request.user
    if not policies.can_use_staff_profile(user):
        raise PermissionDenied
    form = NotificationEmailForm(request.POST or None, initial={"notification_email": user.notification_email})
    if request.method == "POST" and form.is_valid():
        services.notification_email_set(by=user, email=form.cleaned_data["notification_email"])
        address = services.digest_address(user)
        if user.notification_email:
            messages.success(request, _("Underretninger sendes nu til %(email)s.") % {"email": address})
        elif address:
            text = _("Underretninger sendes til din e-mail fra login, %(email)s.")
            messages.success(request, text % {"email": address})
        else:
            messages.success(request, _("Du har ingen e-mail til underretninger."))
        return redirect("workspaces:staff_profile")
    followed = (
        Case.objects.filter(follows__user=user)
        .filter(policies.cases_visible_to(user))
        .select_related("complaint_type", "board")
        .order_by("-follows__created_at", "-pk")
    )
    return render(
        request,
        "workspaces/profile.html",
        {"form": form, "followed": followed, "digest_address": services.digest_address(user)},
    )

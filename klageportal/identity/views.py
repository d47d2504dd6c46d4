"""Login entry points, log out, and the login failure page."""

from django.conf import settings
from django.contrib import auth
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from klageportal.core.access import EVERYONE, LOGGED_IN, access
from klageportal.identity.middleware import session_touch


def admin_login(request, extra_context=None):
    """The admin site logs in through the same identity provider as everyone else."""
    if request.user.is_authenticated:
        if request.user.is_staff:
            return redirect("admin:index")
        return render(request, "errors/403.html", status=403)
    next_url = request.GET.get("next", reverse("admin:index"))
    return redirect(f"{reverse('oidc_authentication_init')}?{urlencode({'next': next_url})}")


@access(EVERYONE)
def login_failed(request):
    return render(request, "identity/login_error.html", {"reason": "verification"}, status=400)


@access(EVERYONE, method="POST")
@require_POST
def logout(request):
    auth.logout(request)
    response = redirect("logged_out")
    if settings.DEVIDP_ENABLED:
        from klageportal.identity.devidp.middleware import COOKIE_NAME

        response.delete_cookie(COOKIE_NAME, path="/devidp/")
    return response


@access(LOGGED_IN, method="POST")
@login_required
@require_POST
def keep_alive(request):
    """ "Bliv logget ind" in the timeout warning, and typing in a form: the person is active (WCAG 2.2.1).
    A session that has already run out never gets here: the inactivity middleware sends it to the expiry page."""
    return JsonResponse({"remaining": session_touch(request)})

"""Pages of the development identity provider: choose a test identity, then the OIDC endpoints."""

from django import forms
from django.conf import settings
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods
from oauth2_provider import views as oauth_views

from klageportal.core.access import EVERYONE, access
from klageportal.identity.devidp.identities import GROUPS, IDENTITIES
from klageportal.identity.devidp.middleware import COOKIE_NAME, COOKIE_SALT


def _require_enabled():
    if not settings.DEVIDP_ENABLED:
        raise Http404


class ChooseIdentityForm(forms.Form):
    identity = forms.ChoiceField(choices=[(i.key, i.name) for i in IDENTITIES])
    next = forms.CharField(required=False)


@access(EVERYONE)
@require_http_methods(["GET", "POST"])
def login(request):
    """A stand-in for MitID: pick who you are."""
    _require_enabled()
    form = ChooseIdentityForm(request.POST or None, initial={"next": request.GET.get("next", "")})
    if request.method == "POST" and form.is_valid():
        next_url = form.cleaned_data["next"]
        if not (next_url.startswith("/devidp/") and url_has_allowed_host_and_scheme(next_url, None)):
            next_url = reverse_lazy("devidp:done")
        response = HttpResponseRedirect(next_url)
        response.set_signed_cookie(
            COOKIE_NAME,
            form.cleaned_data["identity"],
            salt=COOKIE_SALT,
            max_age=3600,
            httponly=True,
            samesite="Lax",
            path="/devidp/",
        )
        return response
    groups = [(label, [i for i in IDENTITIES if i.group == key]) for key, label in GROUPS.items()]
    return render(request, "devidp/login.html", {"groups": groups, "form": form, "next": form["next"].value()})


@access(EVERYONE)
def done(request):
    _require_enabled()
    return render(request, "devidp/done.html")


@access(EVERYONE)
def logout(request):
    _require_enabled()
    next_url = request.GET.get("next", "")
    if not (next_url.startswith("/") and url_has_allowed_host_and_scheme(next_url, allowed_hosts=None)):
        next_url = "/"  # only a path of this site: "//evil.example/" is another site
    response = HttpResponseRedirect(next_url)
    response.delete_cookie(COOKIE_NAME, path="/devidp/")
    return response


class AuthorizationView(oauth_views.AuthorizationView):
    login_url = reverse_lazy("devidp:login")

    def dispatch(self, request, *args, **kwargs):
        _require_enabled()
        return super().dispatch(request, *args, **kwargs)

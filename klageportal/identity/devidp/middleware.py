"""The development identity provider keeps its own login in its own cookie, apart from the portal's
session, exactly as an external provider would."""

from django.conf import settings
from django.core import signing

COOKIE_NAME = "kp_devidp"
COOKIE_SALT = "klageportal.devidp"
PATH_PREFIX = "/devidp/"


def read_identity_key(request) -> str | None:
    try:
        return request.get_signed_cookie(COOKIE_NAME, salt=COOKIE_SALT, max_age=3600)
    except (KeyError, signing.BadSignature):
        return None


class DevIdpSessionMiddleware:
    """Inside /devidp/, request.user is the provider's account of the chosen identity, or anonymous."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.DEVIDP_ENABLED and request.path.startswith(PATH_PREFIX):
            from django.contrib.auth.models import AnonymousUser

            from klageportal.identity.devidp.services import provider_account

            request.devidp_request = True
            key = read_identity_key(request)
            request.user = provider_account(key) if key else AnonymousUser()
        return self.get_response(request)

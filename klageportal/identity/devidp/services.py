"""The development identity provider's accounts and its registered client (the portal itself)."""

from django.conf import settings
from oauth2_provider.models import get_application_model

from klageportal.identity.devidp.identities import BY_KEY, TestIdentity
from klageportal.identity.models import User

ACCOUNT_PREFIX = "devidp-"


def provider_account(key: str) -> User | None:
    """The provider-side account of a test identity; it can never log in to the portal itself."""
    if key not in BY_KEY:
        return None
    user, created = User.objects.get_or_create(
        username=f"{ACCOUNT_PREFIX}{key}", defaults={"full_name": BY_KEY[key].name}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def identity_for_account(user: User) -> TestIdentity | None:
    if not user.username.startswith(ACCOUNT_PREFIX):
        return None
    return BY_KEY.get(user.username.removeprefix(ACCOUNT_PREFIX))


def redirect_uris() -> str:
    """Loopback callbacks on any port (RFC 8252), and the configured base address."""
    uris = [
        "http://127.0.0.1/oidc/callback/",
        "http://[::1]/oidc/callback/",
        "http://localhost/oidc/callback/",
        settings.PORTAL_BASE_URL.rstrip("/") + "/oidc/callback/",
    ]
    return " ".join(dict.fromkeys(uris))


def client_ensure():
    """Register the portal as a client of the development provider; running it again changes nothing."""
    Application = get_application_model()
    app = Application.objects.filter(client_id=settings.OIDC_RP_CLIENT_ID).first()
    if app is None:
        app = Application(client_id=settings.OIDC_RP_CLIENT_ID)
        app.client_secret = settings.OIDC_RP_CLIENT_SECRET
    elif app.redirect_uris == redirect_uris() and app.algorithm == Application.RS256_ALGORITHM:
        return app
    app.name = "Klageportal"
    app.client_type = Application.CLIENT_CONFIDENTIAL
    app.authorization_grant_type = Application.GRANT_AUTHORIZATION_CODE
    app.redirect_uris = redirect_uris()
    app.algorithm = Application.RS256_ALGORITHM
    app.skip_authorization = True
    app.save()
    return app

"""Settings for Klageportal, all read from the environment (12-factor).

The embedded defaults run the whole portal on one machine: SQLite under var/, files under var/media,
tasks in-process, the development identity provider, the test payment gateway and an e-mail catcher.
`KP_ENVIRONMENT=production` switches the development-only parts off and demands real configuration.
"""

import os
from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("KP_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


ENVIRONMENT = os.environ.get("KP_ENVIRONMENT", "development")
IS_PRODUCTION = ENVIRONMENT == "production"
IS_STAGING = ENVIRONMENT == "staging"
"""`KP_ENVIRONMENT=staging` is a production-shaped installation for trying the portal (`make prod-local`): every
security setting production has (a secret key of its own, HTTPS redirect, HSTS, secure cookies, the OAuth security
BCP on the identity provider, JSON logs), yet KP_DEV_TOOLS may be on there: the development identity provider with
its test identities, the test payment gateway and the e-mail catcher. Every page then says it is a test
installation. IS_PRODUCTION stays False, so nothing that refuses development parts in production is weakened."""
SECURED = IS_PRODUCTION or IS_STAGING
"""Production's security settings: in production and in staging."""
DEV_TOOLS = env_bool("KP_DEV_TOOLS", not IS_PRODUCTION)
"""Development identity provider, e-mail catcher and demo links; never on in production."""
if IS_PRODUCTION and DEV_TOOLS:
    raise RuntimeError("KP_DEV_TOOLS cannot be enabled when KP_ENVIRONMENT=production")

DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if SECURED:
        raise RuntimeError(f"DJANGO_SECRET_KEY must be set in {ENVIRONMENT}")
    SECRET_KEY = "development-only-secret-key-not-for-production"  # noqa: S105
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",
    "csp",
    "mozilla_django_oidc",
    "oauth2_provider",
    "klageportal.core",
    "klageportal.identity",
    "klageportal.identity.devidp",
    "klageportal.catalog",
    "klageportal.cases",
    "klageportal.documents",
    "klageportal.casework",
    "klageportal.notifications",
    "klageportal.payments",
    "klageportal.payments.contrib.testgateway",
    "klageportal.registers",
    "klageportal.filing",
    "klageportal.forwarding",
    "klageportal.workspaces",
    "klageportal.site",
    "klageportal.retention",
]

MIDDLEWARE = [
    "klageportal.core.middleware.RequestIdMiddleware",
    "klageportal.core.headers.TrustedProxyMiddleware",
    "klageportal.core.middleware.RequestBodyLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "klageportal.core.headers.HeadAsGetMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "klageportal.core.middleware.DanishFirstMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "klageportal.identity.devidp.middleware.DevIdpSessionMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "klageportal.core.headers.NoStoreMiddleware",
    "klageportal.identity.middleware.InactivityTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "klageportal.urls"
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
"""Form templates come from templates/forms/, in Det Fælles Designsystem's markup."""
WSGI_APPLICATION = "klageportal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "builtins": ["klageportal.core.templatetags.portal_icons", "klageportal.core.templatetags.portal_dates"],
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "klageportal.core.context_processors.portal",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'klageportal.sqlite3'}"),
        conn_max_age=int(os.environ.get("KP_DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Concurrent requests (the identity provider calls back into the same server) need WAL and a wait.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "identity.User"

# --- Language -----------------------------------------------------------------------------------
LANGUAGE_CODE = "da"
LANGUAGES = [("da", _("Dansk")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
# Dates as "3. december 2026" / "3 December 2026" (klageportal/core/formats).
FORMAT_MODULE_PATH = ["klageportal.core.formats"]
USE_TZ = True

# --- Static and uploaded files ------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("KP_STATIC_ROOT", VAR_DIR / "staticfiles"))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(os.environ.get("KP_MEDIA_ROOT", VAR_DIR / "media"))
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": os.environ.get("KP_STATICFILES_STORAGE", "whitenoise.storage.CompressedManifestStaticFilesStorage")
    },
}
S3_BUCKET = os.environ.get("KP_S3_BUCKET", "")
"""With a bucket, documents, receipts and generated files go to S3-compatible storage (django-storages);
without one they are local files under KP_MEDIA_ROOT (the embedded default). `manage.py s3_bucket_create` (and
`setup_portal`) creates the bucket."""
S3_SIGNED_DOWNLOADS = bool(S3_BUCKET) and os.environ.get("KP_S3_SIGNED_DOWNLOADS", "") == "1"
"""Answer a download (after the same access check) with a redirect to a signed URL valid KP_S3_SIGNED_URL_SECONDS,
instead of streaming the bytes through the portal."""
if S3_BUCKET:
    STORAGES["default"] = {
        # django-storages' S3Storage with uploads sent from their temporary file in parts, streamed downloads and
        # fast failure (klageportal/documents/storage.py).
        "BACKEND": "klageportal.documents.storage.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": os.environ.get("KP_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("KP_S3_REGION") or None,
            "access_key": os.environ.get("KP_S3_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("KP_S3_SECRET_ACCESS_KEY") or None,
            "location": os.environ.get("KP_S3_PREFIX", ""),
            "default_acl": None,
            "querystring_auth": True,
            "querystring_expire": int(os.environ.get("KP_S3_SIGNED_URL_SECONDS", "60")),
            "file_overwrite": False,
            # A file read whole (not a download: those stream) spills to a temporary file above this size.
            "max_memory_size": int(os.environ.get("KP_S3_SPOOL_BYTES", str(5 * 1024 * 1024))),
            "addressing_style": os.environ.get("KP_S3_ADDRESSING_STYLE") or None,
            "signature_version": "s3v4",
            # Files go up in parts of this size (a multipart upload above it), never whole in memory.
            "part_size": int(os.environ.get("KP_S3_PART_BYTES", str(8 * 1024 * 1024))),
            # An unreachable storage fails the request at once: the person is told to try again.
            "connect_timeout": float(os.environ.get("KP_S3_CONNECT_TIMEOUT_SECONDS", "5")),
            "read_timeout": float(os.environ.get("KP_S3_READ_TIMEOUT_SECONDS", "60")),
            "max_attempts": int(os.environ.get("KP_S3_MAX_ATTEMPTS", "3")),
        },
    }

# --- Sessions and security ----------------------------------------------------------------------
CACHE_URL = os.environ.get("KP_CACHE_URL", "")
"""A shared cache (redis://…) for servers of more than one process; without it each process has its own."""
CACHES: dict[str, dict[str, Any]]
if CACHE_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "klageportal",
            "OPTIONS": {"MAX_ENTRIES": 10_000},
        }
    }
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
"""Sessions are kept in the database and read from the cache: a logged-in page costs no session query."""
SESSION_INACTIVITY_TIMEOUT = int(os.environ.get("KP_SESSION_INACTIVITY_SECONDS", str(30 * 60)))
SESSION_TIMEOUT_WARNING_SECONDS = int(os.environ.get("KP_SESSION_TIMEOUT_WARNING_SECONDS", str(2 * 60)))
"""How long before the inactivity logout every logged-in page warns and offers to stay logged in (WCAG 2.2.1)."""
SESSION_KEPT_INPUT_SECONDS = int(os.environ.get("KP_SESSION_KEPT_INPUT_SECONDS", str(24 * 60 * 60)))
"""How long a form page posted after the session ran out is kept for its person to log in again and see it."""
SESSION_COOKIE_AGE = int(os.environ.get("KP_SESSION_MAX_AGE_SECONDS", str(12 * 60 * 60)))
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env_bool("KP_SECURE_COOKIES", SECURED)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

# --- Security headers and the reverse proxy -----------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
TRUSTED_PROXIES = env_list("KP_TRUSTED_PROXIES")
"""Addresses or networks (10.0.0.5, 10.0.0.0/24) of the reverse proxies that terminate TLS. Only from them are
X-Forwarded-Proto, -Host and -For believed (klageportal.core.headers.TrustedProxyMiddleware); from anyone
else they are removed, so a client cannot claim HTTPS or another host."""
if TRUSTED_PROXIES:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    USE_X_FORWARDED_HOST = True
if SECURED:
    SECURE_SSL_REDIRECT = env_bool("KP_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("KP_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("KP_HSTS_INCLUDE_SUBDOMAINS", True)
    """HSTS covers the portal's host name and the names under it (not its siblings)."""
    SECURE_HSTS_PRELOAD = env_bool("KP_HSTS_PRELOAD", False)
    if not SECURE_HSTS_PRELOAD:
        # Only a registrable domain's owner can submit it to the browsers' preload list; the portal answers
        # for its own host name only, so the missing preload directive is a decision, not an oversight.
        SILENCED_SYSTEM_CHECKS = ["security.W021"]


def _origin(url: str) -> str:
    """scheme://host[:port] of an address with placeholders ({z}/{x}/{y}, {s}.tiles…); "" for none."""
    from urllib.parse import urlsplit

    parts = urlsplit(url.replace("{s}.", ""))
    if not parts.scheme or not parts.netloc:
        return ""
    host = parts.netloc if "{s}" not in url else f"*.{parts.netloc}"
    return f"{parts.scheme}://{host}"


_MAP_TILE_ORIGIN = _origin(os.environ.get("KP_MAP_TILE_URL", ""))
CONTENT_SECURITY_POLICY = {
    # No inline script or style anywhere: every script and stylesheet is a file under /static/.
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", *([_MAP_TILE_ORIGIN] if _MAP_TILE_ORIGIN else [])],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
    },
}

# --- Login: OpenID Connect ----------------------------------------------------------------------
AUTHENTICATION_BACKENDS = ["klageportal.identity.oidc.PortalOIDCBackend"]
LOGIN_URL = "oidc_authentication_init"
LOGIN_REDIRECT_URL = "workspace_home"
LOGOUT_REDIRECT_URL = "start"
LOGIN_REDIRECT_URL_FAILURE = "login_failed"

# Relative endpoints mean "this server" (the development identity provider); absolute ones a broker.
OIDC_RP_CLIENT_ID = os.environ.get("KP_OIDC_CLIENT_ID", "klageportal-dev")
OIDC_RP_CLIENT_SECRET = os.environ.get("KP_OIDC_CLIENT_SECRET", "klageportal-dev-secret")
OIDC_RP_SIGN_ALGO = os.environ.get("KP_OIDC_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = os.environ.get("KP_OIDC_SCOPES", "openid profile")
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("KP_OIDC_AUTHORIZATION_ENDPOINT", "/devidp/o/authorize/")
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("KP_OIDC_TOKEN_ENDPOINT", "/devidp/o/token/")
OIDC_OP_USER_ENDPOINT = os.environ.get("KP_OIDC_USERINFO_ENDPOINT", "/devidp/o/userinfo/")
OIDC_OP_JWKS_ENDPOINT = os.environ.get("KP_OIDC_JWKS_ENDPOINT", "/devidp/o/.well-known/jwks.json")
OIDC_OP_LOGOUT_ENDPOINT = os.environ.get("KP_OIDC_LOGOUT_ENDPOINT", "")
OIDC_USE_PKCE = True
OIDC_USE_NONCE = True
OIDC_STORE_ID_TOKEN = True
OIDC_CREATE_USER = True
OIDC_AUTHENTICATE_CLASS = "klageportal.identity.oidc.PortalAuthenticationRequestView"
OIDC_CALLBACK_CLASS = "klageportal.identity.oidc.PortalCallbackView"
OIDC_CLOCK_LEEWAY_SECONDS = int(os.environ.get("KP_OIDC_CLOCK_LEEWAY_SECONDS", "30"))
"""Tolerated clock difference between the identity provider and this server when checking tokens."""
OIDC_TIMEOUT = int(os.environ.get("KP_OIDC_TIMEOUT_SECONDS", "10"))
OIDC_CLAIM_PREFIX = os.environ.get("KP_OIDC_CLAIM_PREFIX", "https://data.gov.dk/model/core/eid/")
"""Claims are read as <prefix>cprNumber, <prefix>professional/cvr, … (see docs/identity.md)."""

# --- Development identity provider (django-oauth-toolkit in OIDC mode) --------------------------
DEVIDP_ENABLED = DEV_TOOLS and env_bool("KP_DEVIDP", True)
DEVIDP_KEY_FILE = Path(os.environ.get("KP_DEVIDP_KEY_FILE", VAR_DIR / "devidp-signing-key.pem"))


def _devidp_signing_key() -> str:
    if not DEVIDP_ENABLED:
        return ""
    if not DEVIDP_KEY_FILE.exists():
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.asymmetric import rsa

        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        pem = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        DEVIDP_KEY_FILE.parent.mkdir(parents=True, exist_ok=True)
        tmp = DEVIDP_KEY_FILE.with_suffix(".tmp")
        tmp.write_bytes(pem)
        tmp.chmod(0o600)
        tmp.replace(DEVIDP_KEY_FILE)
    return DEVIDP_KEY_FILE.read_text()


OAUTH2_PROVIDER = {
    "OIDC_ENABLED": True,
    "OIDC_RSA_PRIVATE_KEY": _devidp_signing_key(),
    "PKCE_REQUIRED": True,
    "OAUTH2_VALIDATOR_CLASS": "klageportal.identity.devidp.validators.DevIdpValidator",
    "SCOPES": {"openid": "OpenID Connect", "profile": "Navn, CPR, CVR og rettigheder"},
    "ACCESS_TOKEN_EXPIRE_SECONDS": 300,
    "AUTHORIZATION_CODE_EXPIRE_SECONDS": 60,
    "ALLOWED_REDIRECT_URI_SCHEMES": ["http", "https"],
}
if SECURED:
    # The development identity provider is the only OAuth server here and is never on in production; should it
    # be mounted (it is in staging), it follows RFC 9700 (OAuth 2.0 Security BCP) in full and `check --deploy` says so.
    OAUTH2_PROVIDER |= {
        "ALLOWED_REDIRECT_URI_SCHEMES": ["https"],
        "REFRESH_TOKEN_REUSE_PROTECTION": True,
        "COMPLIANT_BCP_RFC9700_IMPLICIT_GRANT": True,
        "COMPLIANT_BCP_RFC9700_PASSWORD_GRANT": True,
        "COMPLIANT_BCP_RFC9700_PKCE_METHOD": True,
        "COMPLIANT_BCP_RFC9700_ACCESS_TOKEN_TRANSPORT": True,
        "COMPLIANT_BCP_RFC9700_AUTHZ_RESPONSE_ISS": True,
        "COMPLIANT_BCP_RFC9700_TOKEN_STORAGE": True,
        "COMPLIANT_BCP_RFC9700_REFRESH_TOKEN": True,
        "COMPLIANT_BCP_RFC9700_REDIRECT_URI_SCHEME": True,
        "COMPLIANT_BCP_RFC9700_REDIRECT_URI_MATCHING": True,
        "COMPLIANT_BCP_RFC9700_PKCE_REQUIRED": True,
    }

# --- Background tasks ---------------------------------------------------------------------------
CELERY_BROKER_URL = os.environ.get("KP_CELERY_BROKER_URL", "") or "memory://"
CELERY_RESULT_BACKEND = os.environ.get("KP_CELERY_RESULT_BACKEND", "") or None
CELERY_TASK_ALWAYS_EAGER = not os.environ.get("KP_CELERY_BROKER_URL")
"""Without a broker, tasks run in-process right after the transaction commits."""
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE: dict[str, dict[str, Any]] = {
    "outbox-retry-due": {
        "task": "klageportal.notifications.tasks.outbox_retry_due",
        "schedule": timedelta(seconds=int(os.environ.get("KP_OUTBOX_RETRY_INTERVAL_SECONDS", "60"))),
    },
}

# --- E-mail -------------------------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get(
    "KP_EMAIL_BACKEND",
    "klageportal.notifications.backends.CatcherBackend" if DEV_TOOLS else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("KP_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("KP_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("KP_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("KP_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("KP_EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = int(os.environ.get("KP_EMAIL_TIMEOUT_SECONDS", "20"))
DEFAULT_FROM_EMAIL = os.environ.get("KP_EMAIL_FROM", "Klageportal <noreply@klageportal.example>")
OUTBOX_MAX_ATTEMPTS = int(os.environ.get("KP_OUTBOX_MAX_ATTEMPTS", "8"))
OUTBOX_BACKOFF_SECONDS = int(os.environ.get("KP_OUTBOX_BACKOFF_SECONDS", "60"))
PORTAL_BASE_URL = os.environ.get("KP_BASE_URL") or f"http://127.0.0.1:{os.environ.get('PORT', '8000')}"
"""Absolute address used in e-mails and given to payment gateways (never the request's Host header).
Without KP_BASE_URL, `manage.py serve` / `make run` set it from the port they serve on."""

# --- Rate limits (django-ratelimit, counted in the cache `default`) ------------------------------
RATE_LIMITS = {
    # CPR/CVR look-ups and searches: each answer names a person or a company and their address.
    "lookup": {
        "user": os.environ.get("KP_RATE_LOOKUPS_USER", "30/m"),
        "ip": os.environ.get("KP_RATE_LOOKUPS_IP", "120/m"),
    },
    # Address searches on the decision step (each is a call to the address service).
    "address": {
        "user": os.environ.get("KP_RATE_ADDRESS_USER", "60/m"),
        "ip": os.environ.get("KP_RATE_ADDRESS_IP", "240/m"),
    },
    # Starting a login and returning from the identity provider, per address (no one is known yet).
    "login": {"ip": os.environ.get("KP_RATE_LOGINS_IP", "100/m")},
    # Opening a payment link (a token in the address): guessing is what this limits.
    "payment_link": {
        "user": os.environ.get("KP_RATE_PAYMENT_LINKS_USER", "20/m"),
        "ip": os.environ.get("KP_RATE_PAYMENT_LINKS_IP", "30/m"),
    },
    "upload": {
        "user": os.environ.get("KP_RATE_UPLOADS_USER", "60/m"),
        "ip": os.environ.get("KP_RATE_UPLOADS_IP", "240/m"),
    },
}

# --- Logging: never log CPR numbers (X-4) -------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"mask_cpr": {"()": "klageportal.core.logging.MaskCprFilter"}},
    "formatters": {
        "masked": {"()": "klageportal.core.logging.MaskCprFormatter", "format": "%(levelname)s %(name)s %(message)s"}
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["mask_cpr"], "formatter": "masked"},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("KP_LOG_LEVEL", "INFO")},
    "loggers": {"django.server": {"handlers": ["console"], "level": "INFO", "propagate": False}},
}

BENCH_VIEWS = env_bool("KP_BENCH_VIEWS", False)

# --- Documents (DOC-1..6) -----------------------------------------------------------------------
DOCUMENT_MAX_BYTES = int(os.environ.get("KP_DOCUMENT_MAX_BYTES", str(100 * 1024 * 1024)))
DOCUMENT_MAX_NAME_LENGTH = int(os.environ.get("KP_DOCUMENT_MAX_NAME_LENGTH", "260"))
DOCUMENT_SCANNER = os.environ.get("KP_DOCUMENT_SCANNER", "eicar")
CLAMD_ADDRESS = os.environ.get("KP_CLAMD_ADDRESS", "127.0.0.1:3310")
CLAMD_TIMEOUT = int(os.environ.get("KP_CLAMD_TIMEOUT_SECONDS", "60"))
ARCHIVE_MAX_ENTRIES = int(os.environ.get("KP_ARCHIVE_MAX_ENTRIES", "5000"))
ARCHIVE_MAX_UNCOMPRESSED_BYTES = int(os.environ.get("KP_ARCHIVE_MAX_UNCOMPRESSED_BYTES", str(200 * 1024 * 1024)))
ARCHIVE_MAX_RATIO = int(os.environ.get("KP_ARCHIVE_MAX_RATIO", "100"))
"""Office files are ZIP archives: more parts, more bytes inflated, or a part (over 1 MB) inflating more than this
many times its compressed size, and the file is refused as a possible zip bomb."""
FILE_UPLOAD_HANDLERS = ["klageportal.documents.upload_handlers.CheckingUploadHandler"]
FILE_UPLOAD_MAX_MEMORY_SIZE = 256 * 1024
"""Uploads larger than this go to a temporary file as they arrive, never whole into memory."""
DATA_UPLOAD_MAX_MEMORY_SIZE = int(os.environ.get("KP_REQUEST_MAX_BODY_BYTES", str(1024 * 1024)))
"""Form fields of a request (not its files) take at most this much; see REQUEST_MAX_BODY_BYTES."""

# --- Maps (KP-4) --------------------------------------------------------------------------------
MAP_TILE_URL = os.environ.get("KP_MAP_TILE_URL", "")
"""A tile server (e.g. https://tiles.example/{z}/{x}/{y}.png); without one the map is a simple outline of Denmark
(static/maps/denmark.geojson), drawn by the browser without any other server."""
MAP_ATTRIBUTION = os.environ.get("KP_MAP_ATTRIBUTION", "")

# Address search on the complaint's decision step (klageportal/registers/addresses): "local" (a built-in list
# for development) or "dawa" (Danmarks Adresser's web API, for production).
ADDRESS_BACKEND = os.environ.get("KP_ADDRESS", "local")
ADDRESS_DAWA_URL = os.environ.get("KP_ADDRESS_DAWA_URL", "https://api.dataforsyningen.dk")
ADDRESS_TIMEOUT_SECONDS = float(os.environ.get("KP_ADDRESS_TIMEOUT_SECONDS", "3"))
ADDRESS_LOCAL_UNAVAILABLE = env_bool("KP_ADDRESS_LOCAL_UNAVAILABLE", False)

# --- CPR and CVR registers (AS-20, AS-23) -------------------------------------------------------
REGISTER_BACKEND = os.environ.get("KP_REGISTER", "local")
"""`local`: the built-in register of fictitious people and companies; `http`: a register service."""
REGISTER_HTTP_URL = os.environ.get("KP_REGISTER_HTTP_URL", "")
REGISTER_TIMEOUT_SECONDS = float(os.environ.get("KP_REGISTER_TIMEOUT_SECONDS", "5"))
REGISTER_LOCAL_UNAVAILABLE = env_bool("KP_REGISTER_LOCAL_UNAVAILABLE", False)
"""Makes the local register fail every call, to try the paths for a register that does not answer."""

# --- Deadlines (SPEC §12) -----------------------------------------------------------------------
DEADLINES_SKIP_CLOSING_DAYS = env_bool("KP_DEADLINES_SKIP_CLOSING_DAYS", True)
"""Deadlines move past grundlovsdag, 24 and 31 December, when the authorities are closed."""

# --- Web appeal form (web-ankeskema, AS-41) -------------------------------------------------------
ANKESKEMA_MAX_FILE_BYTES = int(os.environ.get("KP_ANKESKEMA_MAX_FILE_BYTES", str(25 * 1024 * 1024)))
"""At most this much a file: the stricter of the guidance's two figures (25 and 50 MB)."""
ANKESKEMA_MAX_TOTAL_BYTES = int(os.environ.get("KP_ANKESKEMA_MAX_TOTAL_BYTES", str(200 * 1024 * 1024)))
"""At most this much for all files of one form; the rest goes with the supplementary form (AS-52)."""
ANKESKEMA_EMPLOYMENT_LAWS = env_list("KP_ANKESKEMA_EMPLOYMENT_LAWS", "sygedagpengeloven,lab-loven")
"""Laws (catalogue slugs) whose cases become Ankestyrelsen's employment cases; every other law is social."""
ANKESKEMA_AUTOSAVE_SECONDS = int(os.environ.get("KP_ANKESKEMA_AUTOSAVE_SECONDS", "30"))
"""How often the page saves what has changed; at most 60 (AS-3: at least once a minute)."""

# --- Payments (PAY-1..6) ------------------------------------------------------------------------
PAYMENT_GATEWAY = os.environ.get("KP_PAYMENT_GATEWAY", "testgateway")
PAYMENT_LINK_DAYS = int(os.environ.get("KP_PAYMENT_LINK_DAYS", "14"))
TESTGATEWAY_SECRET = os.environ.get("KP_TESTGATEWAY_SECRET", "")
"""Empty: the test gateway's development key."""
TESTGATEWAY_LATE_SECONDS = float(os.environ.get("KP_TESTGATEWAY_LATE_SECONDS", "3"))

# --- Upload quotas, unlinked files and request bodies ----------------------------------------------
QUOTA_CASE_BYTES = int(os.environ.get("KP_QUOTA_CASE_BYTES", str(1024 * 1024 * 1024)))
"""At most this much in the documents of one case, all parties together."""
QUOTA_USER_BYTES_PER_DAY = int(os.environ.get("KP_QUOTA_USER_BYTES_PER_DAY", str(2 * 1024 * 1024 * 1024)))
"""At most this much uploaded by one person in 24 hours (every page together; files stored before count too)."""
DOCUMENT_UNLINKED_GRACE_SECONDS = int(os.environ.get("KP_DOCUMENT_UNLINKED_GRACE_SECONDS", str(24 * 60 * 60)))
"""A document that nothing links is deleted with its file once it is this old (documents.tasks)."""
DOCUMENT_UNLINKED_INTERVAL_SECONDS = int(os.environ.get("KP_DOCUMENT_UNLINKED_INTERVAL_SECONDS", str(60 * 60)))
CELERY_BEAT_SCHEDULE["documents-unlinked-delete"] = {
    "task": "klageportal.documents.tasks.documents_unlinked_delete",
    "schedule": timedelta(seconds=DOCUMENT_UNLINKED_INTERVAL_SECONDS),
}
REQUEST_MAX_BODY_BYTES = DATA_UPLOAD_MAX_MEMORY_SIZE
"""A request to a page that takes no files is refused with 413 above this Content-Length, unread."""
REQUEST_MAX_UPLOAD_BODY_BYTES = int(
    os.environ.get(
        "KP_REQUEST_MAX_UPLOAD_BODY_BYTES", str(max(DOCUMENT_MAX_BYTES, ANKESKEMA_MAX_FILE_BYTES) + 1024 * 1024)
    )
)
"""A request to a page that takes files: the largest file and 1 MB for the form around it (the uploader sends
one file per request; without JavaScript several files of one request share this)."""
UPLOAD_URL_NAMES = [
    "workspaces:case_documents",
    "workspaces:grouping_documents",
    "filing:step",
    "forwarding:upload",
    "forwarding:supplement",
]
"""The pages that take files: only these get REQUEST_MAX_UPLOAD_BODY_BYTES."""

# --- Hearings of parties (BD-8) --------------------------------------------------------------------
HEARING_REMINDER_DAYS = int(os.environ.get("KP_HEARING_REMINDER_DAYS", "3"))
"""The parties of an open hearing are reminded once, this many days before its reply deadline."""
HEARING_REMINDER_INTERVAL_SECONDS = int(os.environ.get("KP_HEARING_REMINDER_INTERVAL_SECONDS", str(60 * 60)))
CELERY_BEAT_SCHEDULE["hearing-reminders-send"] = {
    "task": "klageportal.casework.tasks.hearing_reminders_send",
    "schedule": timedelta(seconds=HEARING_REMINDER_INTERVAL_SECONDS),
}

# --- Retention: closed cases and stale drafts are deleted or anonymised (klageportal.retention) ------
RETENTION_CLOSED_CASE_DAYS = int(os.environ.get("KP_RETENTION_CLOSED_CASE_DAYS", str(5 * 365 + 1)))
"""A closed case (Genoptaget, Afgjort, Afvist, Tilbagekaldt, Afsluttet) is deleted or anonymised this many days
after it was closed (its closed_at): five years by default. An open case is never touched, however old."""
RETENTION_CLOSED_CASE_ACTION = os.environ.get("KP_RETENTION_CLOSED_CASE_ACTION", "delete")
"""What happens to a closed case past its period: "delete" (the case and everything about it) or "anonymise"
(the case number, board, complaint type, dates and statuses stay; the personal data and the documents go)."""
if RETENTION_CLOSED_CASE_ACTION not in {"delete", "anonymise"}:
    raise RuntimeError('KP_RETENTION_CLOSED_CASE_ACTION must be "delete" or "anonymise"')
RETENTION_FILING_DRAFT_DAYS = int(os.environ.get("KP_RETENTION_FILING_DRAFT_DAYS", "90"))
"""A complaint never submitted (Kladde) is deleted this many days after anything last happened on it."""
RETENTION_ANKESKEMA_DRAFT_DAYS = int(os.environ.get("KP_RETENTION_ANKESKEMA_DRAFT_DAYS", "30"))
"""A web appeal form not sent (an open or replaced draft) is deleted this many days after it was last saved."""
RETENTION_BOOKKEEPING_YEARS = int(os.environ.get("KP_RETENTION_BOOKKEEPING_YEARS", "5"))
"""A case with a fee paid is left whole until this many financial (calendar) years have ended after the year of
the payment, as the Danish Bookkeeping Act asks of accounting records; 0 holds nothing back."""
RETENTION_CHUNK_SIZE = int(os.environ.get("KP_RETENTION_CHUNK_SIZE", "200"))
"""Rows handled in one transaction; a run of many takes many short transactions."""
RETENTION_INTERVAL_SECONDS = int(os.environ.get("KP_RETENTION_INTERVAL_SECONDS", str(24 * 60 * 60)))
CELERY_BEAT_SCHEDULE["retention-run"] = {
    "task": "klageportal.retention.tasks.retention_run_task",
    "schedule": timedelta(seconds=RETENTION_INTERVAL_SECONDS),
}

# --- Daily digest (NT-2) ------------------------------------------------------------------------
DIGEST_TIME = os.environ.get("KP_DIGEST_TIME", "06:00")
"""When the daily digest goes out, HH:MM in TIME_ZONE (Europe/Copenhagen)."""
_digest_hour, _digest_minute = (int(part) for part in DIGEST_TIME.split(":", 1))
CELERY_IMPORTS = ["klageportal.casework.digest_tasks"]
"""The digest's task lives outside a `tasks` module (autodiscovery finds those only)."""
CELERY_BEAT_SCHEDULE["digest-send-daily"] = {
    "task": "klageportal.casework.digest_tasks.digest_send_daily",
    "schedule": crontab(hour=_digest_hour, minute=_digest_minute),
}

# --- Health and logs ------------------------------------------------------------------------------
LOG_FORMAT = os.environ.get("KP_LOG_FORMAT", "json" if SECURED else "text")
"""`json`: one JSON object a line (time, level, logger, message, request_id, exception), for a log collector;
`text`: plain lines, for reading in a terminal. Both mask CPR numbers (X-4)."""
if LOG_FORMAT not in {"json", "text"}:
    raise RuntimeError('KP_LOG_FORMAT must be "json" or "text"')
LOGGING["filters"]["request_id"] = {"()": "klageportal.core.logging.RequestIdFilter"}  # type: ignore[index]
LOGGING["formatters"]["json"] = {"()": "klageportal.core.logging.JsonFormatter"}  # type: ignore[index]
LOGGING["handlers"]["console"]["filters"].append("request_id")  # type: ignore[index]
LOGGING["handlers"]["console"]["formatter"] = "json" if LOG_FORMAT == "json" else "masked"  # type: ignore[index]
HEALTH_CHECK_TIMEOUT_SECONDS = float(os.environ.get("KP_READYZ_TIMEOUT_SECONDS", "2"))
"""/readyz waits at most this long for its checks (database, cache, broker, storage, scanner) together."""
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
"""A load balancer's probes over plain HTTP are answered, not redirected to HTTPS."""

# --- Celery workers and beat (make worker, make beat) -------------------------------------------------------
# Every task may run twice (a worker lost mid-task, a message redelivered): each one has its effect once.
CELERY_TASK_REJECT_ON_WORKER_LOST = True
"""A task whose worker process died is handed back to the queue (with acks_late), not dropped."""
CELERY_VISIBILITY_TIMEOUT_SECONDS = int(os.environ.get("KP_CELERY_VISIBILITY_TIMEOUT_SECONDS", "3600"))
"""Redis gives a task that was taken but never acknowledged (its whole worker killed) to another worker after this
long. It must be longer than any task takes (an e-mail's send: EMAIL_TIMEOUT), else a slow task runs twice."""
CELERY_BROKER_CONNECT_TIMEOUT_SECONDS = float(os.environ.get("KP_CELERY_BROKER_CONNECT_TIMEOUT_SECONDS", "2"))
CELERY_BROKER_SOCKET_TIMEOUT_SECONDS = float(os.environ.get("KP_CELERY_BROKER_SOCKET_TIMEOUT_SECONDS", "5"))
"""A broker that accepts the connection and never answers fails a command after this long (else it hangs)."""
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": CELERY_VISIBILITY_TIMEOUT_SECONDS,
    "socket_connect_timeout": CELERY_BROKER_CONNECT_TIMEOUT_SECONDS,
    "socket_timeout": CELERY_BROKER_SOCKET_TIMEOUT_SECONDS,
}
CELERY_BROKER_CONNECTION_TIMEOUT = CELERY_BROKER_CONNECT_TIMEOUT_SECONDS
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
"""A worker started before Redis waits for it instead of exiting."""
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": int(os.environ.get("KP_CELERY_PUBLISH_MAX_RETRIES", "2")),
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 1,
}
"""A request that hands a task to a broker that is down gives up within a few seconds; the outbox row stays and the
retry sweep (beat) sends it once the broker is back."""
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
"""Worker and beat log through LOGGING (JSON lines with KP_LOG_FORMAT=json, each with the task's id)."""
CELERY_WORKER_CONCURRENCY = int(os.environ.get("KP_WORKER_CONCURRENCY", "2"))
CELERY_BEAT_SCHEDULE_FILENAME = os.environ.get("KP_CELERY_BEAT_SCHEDULE_FILE", str(VAR_DIR / "celerybeat-schedule"))
LOGGING["filters"]["task_id"] = {"()": "klageportal.core.logging.TaskIdFilter"}  # type: ignore[index]
LOGGING["handlers"]["console"]["filters"].append("task_id")  # type: ignore[index]

DATABASES["default"]["CONN_HEALTH_CHECKS"] = env_bool("KP_DB_CONN_HEALTH_CHECKS", True)
"""A connection kept open between requests (KP_DB_CONN_MAX_AGE) is checked before a request uses it again, and
replaced when the database has restarted or failed over meanwhile; without it that request fails."""
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", int(os.environ.get("KP_DB_CONNECT_TIMEOUT_SECONDS", "5"))
    )
"""A database that takes the connection but does not answer (hung, or lost on the network) fails a request after
this many seconds, instead of holding its thread until the server's own timeout restarts the process."""

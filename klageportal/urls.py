from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from klageportal.identity import views as identity_views
from klageportal.notifications import views as notification_views
from klageportal.site import health
from klageportal.site import views as site_views
from klageportal.workspaces import views as workspace_views

admin.site.site_header = "Klageportal – administration"
admin.site.site_title = "Klageportal"
# The admin logs in through the same identity provider as every other page.
admin.site.login = identity_views.admin_login  # type: ignore[method-assign]

urlpatterns = [
    path("", site_views.start, name="start"),
    path("tilgaengelighed/", site_views.accessibility, name="accessibility"),
    path("statusser/", site_views.status_overview, name="status_overview"),
    path("session-udloebet/", site_views.session_expired, name="session_expired"),
    path("logget-ud/", site_views.logged_out, name="logged_out"),
    path("log-ind/fejl/", identity_views.login_failed, name="login_failed"),
    path("log-ud/", identity_views.logout, name="logout"),
    path("session/forlaeng/", identity_views.keep_alive, name="session_keep_alive"),
    path("oidc/", include("mozilla_django_oidc.urls")),
    path("arbejdsrum/", workspace_views.home, name="workspace_home"),
    path("", include("klageportal.workspaces.urls")),
    path("", include("klageportal.payments.urls")),
    path("", include("klageportal.filing.urls")),
    path("ankeskema/", include("klageportal.forwarding.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("admin/", admin.site.urls),
]
urlpatterns += [path("healthz", health.healthz, name="healthz"), path("readyz", health.readyz, name="readyz")]

if settings.DEV_TOOLS:
    urlpatterns += [
        path("dev/mail/", notification_views.mailbox, name="dev_mailbox"),
        path("dev/mail/<int:pk>/", notification_views.mail_detail, name="dev_mail_detail"),
    ]
if settings.DEVIDP_ENABLED:
    urlpatterns += [
        path("devidp/", include("klageportal.identity.devidp.urls")),
        path("devidp/o/", include("klageportal.identity.devidp.oauth_urls")),
    ]
if settings.BENCH_VIEWS:
    urlpatterns += [path("bench/minimal/<int:pk>/", site_views.bench_minimal, name="bench_minimal")]

handler400 = "klageportal.site.views.error_400"
handler403 = "klageportal.site.views.error_403"
handler404 = "klageportal.site.views.error_404"
handler500 = "klageportal.site.views.error_500"

from importlib import import_module

from django.urls import URLPattern, URLResolver, include, path

from klageportal.payments import views
from klageportal.payments.gateways import plugin_modules

app_name = "payments"

urlpatterns: list[URLPattern | URLResolver] = [
    path("sag/<str:number>/betaling/", views.pay, name="pay"),
    path("sag/<str:number>/betaling/betalingslink/", views.send_link, name="send_link"),
    path("betal/<str:token>/", views.link_pay, name="link_pay"),
    path("betaling/retur/<slug:gateway>/", views.payment_return, name="return"),
    path("betaling/notifikation/<slug:gateway>/", views.callback, name="callback"),
]

# Gateway plugins with pages of their own (the test gateway's hosted page).
urlpatterns += [path("", include(import_module(module))) for module in plugin_modules("urls")]

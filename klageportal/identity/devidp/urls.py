from django.urls import path

from klageportal.identity.devidp import views

app_name = "devidp"

urlpatterns = [
    path("login/", views.login, name="login"),
    path("done/", views.done, name="done"),
    path("logout/", views.logout, name="logout"),
]

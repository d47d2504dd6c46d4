from django.urls import path

from klageportal.payments.contrib.testgateway import views

app_name = "testgateway"

urlpatterns = [
    path("testbetaling/<str:reference>/", views.page, name="page"),
]

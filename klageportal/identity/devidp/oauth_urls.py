"""The provider's OpenID Connect endpoints, under the names django-oauth-toolkit reverses."""

from django.urls import path
from oauth2_provider import views as oauth_views

from klageportal.identity.devidp import views

app_name = "oauth2_provider"

urlpatterns = [
    path("authorize/", views.AuthorizationView.as_view(), name="authorize"),
    path("token/", oauth_views.TokenView.as_view(), name="token"),
    path("userinfo/", oauth_views.UserInfoView.as_view(), name="user-info"),
    path(
        ".well-known/openid-configuration",
        oauth_views.ConnectDiscoveryInfoView.as_view(),
        name="oidc-connect-discovery-info",
    ),
    path(".well-known/jwks.json", oauth_views.JwksInfoView.as_view(), name="jwks-info"),
]

"""Endpoints of the OIDC provider simulator, mounted at /mo-phong/vneid/ when USE_OIDC_SIMULATOR is on."""

from django.urls import path

from . import views

app_name = "oidc_provider"
urlpatterns = [
    path("oauth2/token/.well-known/openid-configuration", views.discovery, name="discovery"),
    path("oauth2/authorize", views.authorize, name="authorize"),
    path("oauth2/token", views.token, name="token"),
    path("oauth2/userinfo", views.userinfo, name="userinfo"),
    path("oauth2/jwks", views.jwks, name="jwks"),
]

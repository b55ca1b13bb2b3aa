"""National e-ID sign-in (OpenID Connect relying party), mounted under /tai-khoan/."""

from django.urls import path

from . import views_oidc

app_name = "oidc"
urlpatterns = [
    path("vneid/", views_oidc.start, name="start"),
    path("vneid/ve/", views_oidc.callback, name="callback"),
]

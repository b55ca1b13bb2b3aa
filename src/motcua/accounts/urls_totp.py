"""Staff two-factor sign-in pages, mounted under /tai-khoan/."""

from django.urls import path

from . import views_totp

app_name = "totp"
urlpatterns = [
    path("xac-thuc-hai-buoc/", views_totp.security, name="security"),
    path("xac-thuc-hai-buoc/thiet-lap/", views_totp.setup, name="setup"),
    path("xac-thuc-hai-buoc/tat/", views_totp.disable, name="disable"),
    path("xac-thuc-hai-buoc/nhap-ma/", views_totp.verify, name="verify"),
]

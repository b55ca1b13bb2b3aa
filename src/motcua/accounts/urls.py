from django.contrib.auth import views as auth_views
from django.urls import path

from . import views, views_totp

app_name = "accounts"
urlpatterns = [
    path("dang-nhap/", views_totp.TwoFactorLoginView.as_view(), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("sau-dang-nhap/", views.after_login, name="after-login"),
]

from django.urls import path

from . import rating_views, verify_views, views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("thu-tuc/", views.procedure_list, name="procedures"),
    path("thu-tuc/<str:code>/", views.procedure_detail, name="procedure"),
    path("thu-tuc/<str:code>/nop-ho-so/", views.submit, name="submit"),
    path("tra-cuu/", views.lookup, name="lookup"),
    path("ho-so-cua-toi/", views.my_dossiers, name="my-dossiers"),
    path("ho-so-cua-toi/<str:code>/", views.my_dossier, name="my-dossier"),
    path("ho-so-cua-toi/<str:code>/danh-gia/", rating_views.rate_my_dossier, name="rate"),
    path("kiosk/danh-gia/", rating_views.kiosk, name="kiosk"),
    path("xac-thuc/", verify_views.verify_upload, name="verify"),
    path("xac-thuc/<str:code>/", verify_views.verify_code, name="verify-code"),
]

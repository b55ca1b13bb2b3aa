from django.urls import path

from . import data_store_views, payment_views, rating_views, verify_views, views

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
    path("ho-so-cua-toi/<str:code>/thanh-toan/", payment_views.pay, name="payment"),
    path("thanh-toan/vnpay/ket-qua/", payment_views.payment_return, name="payment-return"),
    path("thanh-toan/<str:txn_ref>/", payment_views.payment_detail, name="payment-detail"),
    path("thanh-toan/<str:txn_ref>/bien-nhan.pdf", payment_views.payment_receipt, name="payment-receipt"),
    path("kho-du-lieu/", data_store_views.data_store, name="data-store"),
    path("kho-du-lieu/<int:item_id>/tep/", data_store_views.data_store_file, name="data-store-file"),
    path("kiosk/danh-gia/", rating_views.kiosk, name="kiosk"),
    path("xac-thuc/", verify_views.verify_upload, name="verify"),
    path("xac-thuc/<str:code>/", verify_views.verify_code, name="verify-code"),
]

"""The sandbox gateway, mounted at /sandbox/vnpay/ only when settings.USE_VNPAY_SANDBOX is on."""

from django.urls import path

from . import views

app_name = "vnpay_sandbox"
urlpatterns = [
    # The same path as the real gateway's payment page (…/paymentv2/vpcpay.html).
    path("paymentv2/vpcpay.html", views.pay, name="pay"),
]

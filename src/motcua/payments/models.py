"""Payments of dossier fees and the append-only log of every message a gateway sent about them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .querysets import PaymentQuerySet


class Provider(models.TextChoices):
    VNPAY = "vnpay", _("VNPay")


class Payment(models.Model):
    """One attempt to pay a dossier's financial obligation online (one gateway order).

    The dossier is referred to by its code only: payments sit below dossiers in the layers. A new
    attempt (after a cancelled or expired one) is a new row with a new `txn_ref`, because the
    gateway refuses to reuse an order reference. The status changes only through
    `payments.services`, and only a verified server-to-server notification (IPN) makes it paid.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ thanh toán")
        PAID = "paid", _("Đã thanh toán")
        FAILED = "failed", _("Không thành công")
        EXPIRED = "expired", _("Hết thời gian thanh toán")

    txn_ref = models.CharField(_("mã giao dịch thanh toán"), max_length=40, unique=True)
    provider = models.CharField(_("cổng thanh toán"), max_length=20, choices=Provider.choices)
    dossier_code = models.CharField(_("mã hồ sơ"), max_length=60, db_index=True)
    obligation_ref = models.CharField(
        _("nghĩa vụ tài chính"),
        max_length=40,
        help_text=_("Số thứ tự sự kiện yêu cầu thực hiện nghĩa vụ tài chính trong lịch sử hồ sơ"),
    )
    province_code = models.CharField(max_length=4, db_index=True)
    payer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nộp tiền"),
        on_delete=models.PROTECT,
        related_name="payments",
    )
    payer_name = models.CharField(_("họ và tên người nộp tiền"), max_length=200)
    payee_name = models.CharField(_("cơ quan thu"), max_length=300)
    place = models.CharField(_("địa danh"), max_length=200, blank=True)
    procedure_name = models.CharField(_("thủ tục"), max_length=600, blank=True)
    description = models.CharField(_("nội dung nộp tiền"), max_length=500)
    amount = models.PositiveBigIntegerField(_("số tiền"))
    currency = models.CharField(_("loại tiền"), max_length=3, default="VND")
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    order_info = models.CharField(_("nội dung gửi cổng thanh toán"), max_length=255)
    client_ip = models.GenericIPAddressField(_("địa chỉ IP người nộp"))
    created_at = models.DateTimeField(_("tạo lúc"))
    expires_at = models.DateTimeField(_("hết hạn thanh toán lúc"))
    paid_at = models.DateTimeField(_("thanh toán lúc"), null=True, blank=True)
    confirmed_at = models.DateTimeField(
        _("cổng thanh toán xác nhận lúc"),
        null=True,
        blank=True,
        help_text=_("Khi nhận thông báo kết quả (IPN) hợp lệ đầu tiên"),
    )
    closed_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True)
    response_code = models.CharField(_("mã kết quả của cổng thanh toán"), max_length=4, blank=True)
    provider_transaction_no = models.CharField(
        _("mã giao dịch tại cổng thanh toán"), max_length=40, blank=True
    )
    bank_code = models.CharField(_("ngân hàng"), max_length=20, blank=True)
    bank_transaction_no = models.CharField(_("mã giao dịch tại ngân hàng"), max_length=60, blank=True)
    card_type = models.CharField(_("loại thẻ, tài khoản"), max_length=20, blank=True)
    budget_transfer_due_at = models.DateTimeField(
        _("hạn chuyển tiền vào ngân sách"),
        null=True,
        blank=True,
        help_text=_("8 giờ làm việc kể từ khi thanh toán (Nghị định 118/2025/NĐ-CP, Điều 24 khoản 3)"),
    )
    obligation_recorded_at = models.DateTimeField(
        _("ghi nhận vào hồ sơ lúc"),
        null=True,
        blank=True,
        help_text=_("Khi hồ sơ được ghi nhận đã thực hiện nghĩa vụ tài chính nhờ khoản thanh toán này"),
    )

    objects = PaymentQuerySet.as_manager()

    class Meta:
        verbose_name = _("thanh toán trực tuyến")
        verbose_name_plural = _("thanh toán trực tuyến")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["dossier_code", "-created_at"], name="payment_dossier_recent"),
            models.Index(fields=["status", "expires_at"], name="payment_status_expiry"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="payment_amount_positive"),
            models.CheckConstraint(
                condition=~models.Q(status="paid") | models.Q(paid_at__isnull=False),
                name="payment_paid_has_paid_at",
            ),
        ]

    def __str__(self) -> str:
        return self.txn_ref

    @property
    def is_paid(self) -> bool:
        return self.status == self.Status.PAID


class PaymentNotification(models.Model):
    """One message a gateway sent about a payment: the browser return or the server-to-server IPN.

    Append-only: the database refuses UPDATE and DELETE on this table (migration 0002). Every
    message is kept, verified or not, with the parameters as received (the secure hash included)
    and, for an IPN, the answer given, so any dispute with the gateway can be replayed.
    """

    class Kind(models.TextChoices):
        RETURN = "return", _("Chuyển hướng về (Return URL)")
        IPN = "ipn", _("Thông báo kết quả (IPN)")

    payment = models.ForeignKey(
        Payment,
        verbose_name=_("thanh toán"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="notifications",
    )
    provider = models.CharField(_("cổng thanh toán"), max_length=20, choices=Provider.choices)
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices)
    received_at = models.DateTimeField(_("nhận lúc"))
    txn_ref = models.CharField(_("mã giao dịch thanh toán (theo thông báo)"), max_length=100, blank=True)
    verified = models.BooleanField(_("chữ ký hợp lệ"))
    response_code = models.CharField(_("mã kết quả thanh toán"), max_length=4, blank=True)
    answer = models.CharField(
        _("mã trả lời cổng thanh toán"), max_length=4, blank=True, help_text=_("RspCode trả lời IPN")
    )
    params = models.JSONField(_("tham số nhận được"), default=dict)
    remote_addr = models.GenericIPAddressField(_("địa chỉ gửi"), null=True, blank=True)

    objects: models.Manager[PaymentNotification] = models.Manager()

    class Meta:
        verbose_name = _("thông báo của cổng thanh toán")
        verbose_name_plural = _("thông báo của cổng thanh toán")
        ordering = ["-received_at", "-pk"]
        indexes = [models.Index(fields=["txn_ref"], name="paymentnotif_txn_ref")]

    def __str__(self) -> str:
        return f"{self.Kind(self.kind).label} {self.txn_ref}"

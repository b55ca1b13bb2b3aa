"""Read-only views of payments and gateway messages for provincial administrators.

Payments change only through `payments.services` (design rule 1); the admin shows them, with a
filter for paid payments whose dossier obligation was not recorded (to reconcile or refund).
"""

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from .models import Payment, PaymentNotification


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class NotRecordedFilter(admin.SimpleListFilter):
    title = _("ghi nhận vào hồ sơ")
    parameter_name = "recorded"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("no", _("Đã thanh toán, chưa ghi nhận vào hồ sơ")), ("yes", _("Đã ghi nhận vào hồ sơ"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() == "no":
            return queryset.filter(status=Payment.Status.PAID, obligation_recorded_at__isnull=True)
        if self.value() == "yes":
            return queryset.filter(obligation_recorded_at__isnull=False)
        return queryset


class NotificationInline(admin.TabularInline):
    model = PaymentNotification
    extra = 0
    can_delete = False
    fields = ("received_at", "kind", "verified", "response_code", "answer", "remote_addr")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Payment)
class PaymentAdmin(ReadOnlyAdmin):
    list_display = (
        "txn_ref",
        "dossier_code",
        "payer_name",
        "amount",
        "status",
        "created_at",
        "paid_at",
        "obligation_recorded_at",
    )
    list_filter = ("status", "provider", NotRecordedFilter)
    search_fields = ("txn_ref", "dossier_code", "payer_name", "provider_transaction_no")
    date_hierarchy = "created_at"
    inlines = [NotificationInline]


@admin.register(PaymentNotification)
class PaymentNotificationAdmin(ReadOnlyAdmin):
    list_display = ("received_at", "kind", "txn_ref", "verified", "response_code", "answer", "remote_addr")
    list_filter = ("kind", "verified", "answer")
    search_fields = ("txn_ref",)
    date_hierarchy = "received_at"

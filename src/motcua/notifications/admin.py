from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import Delivery
from .tasks import resend_delivery_task


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ("updated_at", "channel", "status", "attempts", "recipient", "summary", "error_short")
    list_filter = ("status", "channel")
    search_fields = ("recipient", "subject", "body", "key")
    readonly_fields = [f.name for f in Delivery._meta.fields]
    actions = ["resend_failed"]

    @admin.display(description=_("nội dung"))
    def summary(self, obj: Delivery) -> str:
        return obj.subject or obj.body[:60]

    @admin.display(description=_("lỗi"))
    def error_short(self, obj: Delivery) -> str:
        return obj.error[:60]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description=_("Gửi lại các thông báo gửi lỗi đã chọn"))
    def resend_failed(self, request: HttpRequest, queryset: QuerySet[Delivery]) -> None:
        failed = list(queryset.filter(status=Delivery.Status.FAILED).values_list("pk", flat=True))
        for pk in failed:
            resend_delivery_task.enqueue(delivery_id=pk)
        self.message_user(
            request,
            ngettext(
                "Đã xếp %(count)d thông báo vào hàng đợi gửi lại.",
                "Đã xếp %(count)d thông báo vào hàng đợi gửi lại.",
                len(failed),
            )
            % {"count": len(failed)},
            messages.SUCCESS,
        )

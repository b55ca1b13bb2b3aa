from django.contrib import admin

from .models import Delivery


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ("recipient", "subject", "status", "attempts", "updated_at")
    list_filter = ("status", "channel")
    search_fields = ("recipient", "subject", "key")
    readonly_fields = [f.name for f in Delivery._meta.fields]

from django.contrib import admin

from .models import AdministrativeUnit, Agency, Position, ReceptionPoint, ServiceCentre


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "level", "division_type", "parent")
    list_filter = ("level", "division_type")
    search_fields = ("code", "name", "name_folded")
    list_select_related = ("parent",)


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ("name", "electronic_id", "level", "kind", "unit", "service_centre")
    list_filter = ("level", "kind")
    search_fields = ("name", "electronic_id")
    autocomplete_fields = ("unit", "parent")
    list_select_related = ("unit", "service_centre")


class ReceptionPointInline(admin.TabularInline):
    model = ReceptionPoint
    extra = 0


@admin.register(ServiceCentre)
class ServiceCentreAdmin(admin.ModelAdmin):
    list_display = ("name", "electronic_id", "level", "unit")
    inlines = [ReceptionPointInline]
    autocomplete_fields = ("unit",)


@admin.register(Position)
class PositionAdmin(admin.ModelAdmin):
    list_display = ("user", "role", "agency", "service_centre", "title")
    list_filter = ("role",)
    list_select_related = ("user", "agency", "service_centre")

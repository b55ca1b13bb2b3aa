from django.contrib import admin

from .models import Procedure, ProcedureVersion, Process, ProcessStep, RequiredPaper, Sector


@admin.register(Sector)
class SectorAdmin(admin.ModelAdmin):
    list_display = ("code", "name")
    search_fields = ("code", "name")


class ProcedureVersionInline(admin.TabularInline):
    model = ProcedureVersion
    extra = 0
    fields = (
        "number",
        "effective_from",
        "competent_agency",
        "time_limit",
        "time_unit",
        "fee_vnd",
        "online_level",
    )
    show_change_link = True


@admin.register(Procedure)
class ProcedureAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "sector", "level", "is_active")
    list_filter = ("level", "sector", "is_active")
    search_fields = ("code", "name", "name_folded")
    inlines = [ProcedureVersionInline]


class RequiredPaperInline(admin.TabularInline):
    model = RequiredPaper
    extra = 0


@admin.register(ProcedureVersion)
class ProcedureVersionAdmin(admin.ModelAdmin):
    list_display = ("procedure", "number", "effective_from", "competent_agency", "time_limit", "time_unit")
    list_select_related = ("procedure", "competent_agency")
    inlines = [RequiredPaperInline]


class ProcessStepInline(admin.TabularInline):
    model = ProcessStep
    extra = 0


@admin.register(Process)
class ProcessAdmin(admin.ModelAdmin):
    list_display = ("version", "decision")
    inlines = [ProcessStepInline]

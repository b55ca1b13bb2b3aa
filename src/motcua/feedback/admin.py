from django.contrib import admin

from .models import Rating


@admin.register(Rating)
class RatingAdmin(admin.ModelAdmin):
    list_display = ("dossier", "agency", "overall", "channel", "rated_at")
    list_filter = ("overall", "channel")
    readonly_fields = [f.name for f in Rating._meta.fields]

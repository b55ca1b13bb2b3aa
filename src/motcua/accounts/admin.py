from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import User


@admin.register(User)
class MotcuaUserAdmin(UserAdmin):
    list_display = ("username", "full_name", "kind", "personal_id", "is_staff", "is_active")
    list_filter = ("kind", "is_staff", "is_active")
    search_fields = ("username", "full_name", "personal_id", "email")
    fieldsets = (
        *(UserAdmin.fieldsets or ()),
        ("MộtCửa", {"fields": ("kind", "full_name", "personal_id", "phone", "address")}),
    )

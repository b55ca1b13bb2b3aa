"""Forms of the staff pages: parsing only."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class ExtensionForm(forms.Form):
    new_due_at = forms.DateTimeField(
        label=_("Ngày giờ hẹn trả mới"),
        input_formats=["%Y-%m-%dT%H:%M"],
        error_messages={
            "invalid": _("Ngày giờ hẹn mới không hợp lệ."),
            "required": _("Vui lòng chọn ngày hẹn mới."),
        },
    )
    reason = forms.CharField(
        label=_("Lý do gia hạn"),
        max_length=2000,
        error_messages={"required": _("Vui lòng nêu lý do gia hạn.")},
    )

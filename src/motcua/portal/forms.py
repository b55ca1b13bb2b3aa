"""Forms of the citizen pages: parsing and field checks only; rules live in the services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.accounts.identity import parse_personal_id
from motcua.core.errors import InvalidInput


class SubmissionForm(forms.Form):
    full_name = forms.CharField(label=_("Họ và tên người nộp"), max_length=200)
    personal_id = forms.CharField(label=_("Số định danh cá nhân (CCCD)"), max_length=12)
    phone = forms.RegexField(
        label=_("Số điện thoại"),
        regex=r"^0\d{9,10}$",
        max_length=11,
        error_messages={"invalid": _("Số điện thoại gồm 10–11 chữ số, bắt đầu bằng 0.")},
    )
    email = forms.EmailField(label=_("Thư điện tử (không bắt buộc)"), required=False)
    address = forms.CharField(label=_("Địa chỉ liên hệ"), max_length=300)
    request_summary = forms.CharField(
        label=_("Nội dung yêu cầu"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
    copies = forms.IntegerField(label=_("Số bản cần cấp"), min_value=1, max_value=50, initial=1)

    def clean_personal_id(self) -> str:
        try:
            return parse_personal_id(self.cleaned_data["personal_id"]).number
        except InvalidInput as exc:
            raise forms.ValidationError(str(exc.message)) from exc


class LookupForm(forms.Form):
    ma = forms.CharField(label=_("Mã hồ sơ"), max_length=60)
    phone_last4 = forms.RegexField(
        label=_("4 số cuối điện thoại người nộp (để xem thông tin cá nhân)"),
        regex=r"^\d{4}$",
        required=False,
        error_messages={"invalid": _("Nhập đúng 4 chữ số.")},
    )

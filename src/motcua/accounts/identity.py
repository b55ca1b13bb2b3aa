"""The 12-digit personal identification number (số định danh cá nhân / CCCD).

Structure (Circular 59/2021/TT-BCA Art 4; Decree 137/2015/NĐ-CP Art 13): digits 1–3 are the code of
the province where the birth was registered, from the table of the 63 provinces before the 2025
merger (numbers do not change with the merger); digit 4 encodes century and gender (1900s: 0 male,
1 female; 2000s: 2/3; 2100s: 4/5; 2200s: 6/7; 2300s: 8/9); digits 5–6 are the last two digits of the
birth year; digits 7–12 are random. There is no check digit.

When the birth year is known from elsewhere (a date of birth asserted by the national e-ID, a paper
checked at the desk), digit 4 and digits 5–6 must agree with it: a number that says "born in the
1900s" for someone born in 2003 is refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from motcua.core.errors import InvalidInput

BIRTH_PROVINCE_CODES: dict[str, str] = {
    "001": "Hà Nội",
    "002": "Hà Giang",
    "004": "Cao Bằng",
    "006": "Bắc Kạn",
    "008": "Tuyên Quang",
    "010": "Lào Cai",
    "011": "Điện Biên",
    "012": "Lai Châu",
    "014": "Sơn La",
    "015": "Yên Bái",
    "017": "Hòa Bình",
    "019": "Thái Nguyên",
    "020": "Lạng Sơn",
    "022": "Quảng Ninh",
    "024": "Bắc Giang",
    "025": "Phú Thọ",
    "026": "Vĩnh Phúc",
    "027": "Bắc Ninh",
    "030": "Hải Dương",
    "031": "Hải Phòng",
    "033": "Hưng Yên",
    "034": "Thái Bình",
    "035": "Hà Nam",
    "036": "Nam Định",
    "037": "Ninh Bình",
    "038": "Thanh Hóa",
    "040": "Nghệ An",
    "042": "Hà Tĩnh",
    "044": "Quảng Bình",
    "045": "Quảng Trị",
    "046": "Thừa Thiên Huế",
    "048": "Đà Nẵng",
    "049": "Quảng Nam",
    "051": "Quảng Ngãi",
    "052": "Bình Định",
    "054": "Phú Yên",
    "056": "Khánh Hòa",
    "058": "Ninh Thuận",
    "060": "Bình Thuận",
    "062": "Kon Tum",
    "064": "Gia Lai",
    "066": "Đắk Lắk",
    "067": "Đắk Nông",
    "068": "Lâm Đồng",
    "070": "Bình Phước",
    "072": "Tây Ninh",
    "074": "Bình Dương",
    "075": "Đồng Nai",
    "077": "Bà Rịa - Vũng Tàu",
    "079": "Thành phố Hồ Chí Minh",
    "080": "Long An",
    "082": "Tiền Giang",
    "083": "Bến Tre",
    "084": "Trà Vinh",
    "086": "Vĩnh Long",
    "087": "Đồng Tháp",
    "089": "An Giang",
    "091": "Kiên Giang",
    "092": "Cần Thơ",
    "093": "Hậu Giang",
    "094": "Sóc Trăng",
    "095": "Bạc Liêu",
    "096": "Cà Mau",
}

_DIGITS_12 = re.compile(r"^\d{12}$")


@dataclass(frozen=True)
class PersonalId:
    number: str
    birth_province: str
    birth_century_start: int
    is_female: bool
    birth_year_2: int

    @property
    def birth_year(self) -> int:
        """Return the full birth year encoded by digit 4 (century) and digits 5–6."""
        return self.birth_century_start + self.birth_year_2


def parse_personal_id(value: str, *, birth_year: int | None = None) -> PersonalId:
    """Validate a 12-digit personal number and return its parts (TT 59/2021/TT-BCA Art 4).

    With `birth_year`, also check the century digit and the two year digits against it.
    """
    number = "".join(value.split())
    if not _DIGITS_12.match(number):
        raise InvalidInput(_("Số định danh cá nhân phải gồm đúng 12 chữ số."), field="personal_id")
    province = BIRTH_PROVINCE_CODES.get(number[:3])
    if province is None:
        raise InvalidInput(
            _("Ba chữ số đầu của số định danh không phải mã tỉnh nơi đăng ký khai sinh."),
            field="personal_id",
        )
    century_digit = int(number[3])
    parsed = PersonalId(
        number=number,
        birth_province=province,
        birth_century_start=1900 + 100 * (century_digit // 2),
        is_female=century_digit % 2 == 1,
        birth_year_2=int(number[4:6]),
    )
    if birth_year is not None:
        if birth_year // 100 * 100 != parsed.birth_century_start:
            raise InvalidInput(
                _("Chữ số thứ tư của số định danh (thế kỷ sinh, giới tính) không khớp với năm sinh %(year)s.")
                % {"year": birth_year},
                field="personal_id",
            )
        if birth_year % 100 != parsed.birth_year_2:
            raise InvalidInput(
                _("Chữ số thứ năm và thứ sáu của số định danh không khớp với năm sinh %(year)s.")
                % {"year": birth_year},
                field="personal_id",
            )
    return parsed

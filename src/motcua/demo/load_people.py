"""People of the load-data generator (`load.py`): applicants, citizen accounts, officers.

Names are drawn from common Vietnamese family, middle and given names; personal numbers have the
12-digit structure (province of birth, century/gender digit, birth year, serial); addresses are
hamlets of the province's communes. Generated accounts have usernames starting with `load.` and
unusable passwords; officers are created only where an agency or centre has nobody in a role.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass

from motcua.accounts.models import User
from motcua.core.text import nfc
from motcua.organisations.models import AdministrativeUnit, Agency, Position, Role, ServiceCentre

from .load_bulk import copy_text

LOAD_PREFIX = "load."

FAMILY = (
    *("Nguyễn",) * 4,
    *("Trần", "Lê") * 2,
    *[
        "Phạm",
        "Hoàng",
        "Huỳnh",
        "Phan",
        "Vũ",
        "Võ",
        "Đặng",
        "Bùi",
        "Đỗ",
        "Hồ",
        "Ngô",
        "Dương",
        "Lý",
        "Đinh",
        "Cao",
        "Thái",
        "Hà",
        "Lương",
        "Chu",
        "Trịnh",
        "Mai",
        "Tạ",
    ],
)
MIDDLE_MALE = (
    *("Văn",) * 3,
    *["Hữu", "Đức", "Minh", "Quang", "Đình", "Công", "Xuân", "Thanh", "Ngọc", "Quốc", "Bá", "Trọng"],
)
MIDDLE_FEMALE = (*("Thị",) * 3, *["Thu", "Ngọc", "Thanh", "Hoài", "Minh", "Kim", "Bảo", "Diệu", "Phương"])
GIVEN_MALE = (
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Duy",
    "Đạt",
    "Giang",
    "Hải",
    "Hiếu",
    "Hòa",
    "Hùng",
    "Huy",
    "Khánh",
    "Khoa",
    "Kiên",
    "Lâm",
    "Long",
    "Lộc",
    "Mạnh",
    "Nam",
    "Nghĩa",
    "Phong",
    "Phúc",
    "Quân",
    "Sơn",
    "Tài",
    "Tâm",
    "Thắng",
    "Thành",
    "Tiến",
    "Toàn",
    "Trung",
    "Tuấn",
    "Tùng",
    "Việt",
    "Vinh",
    "Vũ",
)
GIVEN_FEMALE = (
    "Anh",
    "Ánh",
    "Chi",
    "Dung",
    "Duyên",
    "Giang",
    "Hà",
    "Hạnh",
    "Hằng",
    "Hiền",
    "Hoa",
    "Hồng",
    "Huệ",
    "Hương",
    "Lan",
    "Liên",
    "Linh",
    "Loan",
    "Mai",
    "My",
    "Nga",
    "Ngân",
    "Nhung",
    "Oanh",
    "Phương",
    "Quyên",
    "Sen",
    "Thảo",
    "Thơm",
    "Thu",
    "Thủy",
    "Trang",
    "Trinh",
    "Tuyết",
    "Vân",
    "Yến",
)
HAMLETS = ("Xóm", "Khối", "Thôn")


@dataclass(frozen=True)
class Person:
    """An applicant as the rows need it; `actor` is the account id (COPY text) or \\N."""

    name: str  # COPY-escaped
    personal_id: str
    phone: str
    email: str
    address: str  # COPY-escaped
    actor: str


@dataclass(frozen=True)
class Officer:
    """A staff member as the events need it: id (text) and name as `str(user)`, COPY-escaped."""

    id_str: str
    name: str


class People:
    def __init__(self, rng: random.Random, province: str) -> None:
        self.rng = rng
        self.province = province

    # -- generated on the fly --------------------------------------------------------------------

    def name(self) -> str:
        rnd = self.rng.random
        female = rnd() < 0.5
        middles, givens = (MIDDLE_FEMALE, GIVEN_FEMALE) if female else (MIDDLE_MALE, GIVEN_MALE)
        return (
            f"{FAMILY[int(rnd() * len(FAMILY))]} {middles[int(rnd() * len(middles))]} "
            f"{givens[int(rnd() * len(givens))]}"
        )

    def personal_id(self, serial: int) -> str:
        """A 12-digit personal number: province of birth, century/gender digit, birth year, serial."""
        rnd = self.rng.random
        year = 1950 + int(rnd() * 56)
        century = (0 if year < 2000 else 2) + int(rnd() * 2)
        return f"0{self.province:0>2}{century}{year % 100:02d}{serial % 1_000_000:06d}"

    def phone(self) -> str:
        rnd = self.rng.random
        return ("09", "03", "08", "07")[int(rnd() * 4)] + f"{int(rnd() * 100_000_000):08d}"

    def addresses(self) -> list[str]:
        """Return hamlet addresses in the province's communes (COPY-escaped)."""
        communes = list(
            AdministrativeUnit.objects.filter(parent__code=self.province).values_list("name", flat=True)
        ) or ["Phường Trung tâm"]
        province = (
            AdministrativeUnit.objects.filter(code=self.province).values_list("name", flat=True).first()
        )
        place = f", tỉnh {province}" if province else ""
        return [
            copy_text(nfc(f"{hamlet} {n}, {c[:1].lower()}{c[1:]}{place}"))
            for c in communes
            for hamlet in HAMLETS
            for n in (1, 3, 5, 7)
        ]

    def walk_ins(self, count: int, addresses: list[str]) -> list[tuple[str, str, str, str]]:
        """Return people who come to the desk without an account: (name, number, phone, address)."""
        rnd = self.rng.random
        return [
            (
                copy_text(self.name()),
                self.personal_id(k),
                self.phone(),
                addresses[int(rnd() * len(addresses))],
            )
            for k in range(count)
        ]

    # -- accounts -------------------------------------------------------------------------------

    def citizens(
        self, count: int, *, first_id: int, joined: str, addresses: list[str]
    ) -> tuple[list[Person], list[str]]:
        """Return `count` new citizen accounts and their rows for the user table (COPY text, in
        the order of `load.USER_COLUMNS`), ids from `first_id`, personal numbers not yet taken."""
        taken = set(
            User.objects.filter(personal_id__startswith=f"0{self.province:0>2}").values_list(
                "personal_id", flat=True
            )
        )
        rng = self.rng
        people: list[Person] = []
        lines: list[str] = []
        serial = int(rng.random() * 1_000_000)
        uid = first_id
        while len(people) < count:
            serial += 1
            pid = self.personal_id(serial)
            if pid in taken:
                continue
            taken.add(pid)
            name = copy_text(self.name())
            phone = self.phone()
            email = f"cd{pid}@example.vn" if rng.random() < 0.4 else ""
            address = addresses[int(rng.random() * len(addresses))]
            password = f"!{rng.getrandbits(160):040x}"  # unusable, as set_unusable_password() makes
            lines.append(
                f"{uid}\t{password}\tf\t{LOAD_PREFIX}{pid}\t\t\t{email}\tf\tt\t{joined}\tcitizen\t{name}\t"
                f"{pid}\t{phone}\t{address}"
            )
            people.append(Person(name, pid, phone, email, address, str(uid)))
            uid += 1
        return people, lines

    def officers(
        self, *, agency_roles: Iterable[tuple[int, str]], centres: Iterable[int]
    ) -> tuple[dict[tuple[int, str], list[Officer]], dict[int, list[Officer]], int]:
        """Return the staff by (agency, role) and desk officers by centre, creating two officers
        wherever a needed role has nobody; and how many were created."""
        by_agency: dict[tuple[int, str], list[Officer]] = {}
        by_centre: dict[int, list[Officer]] = {}
        for pos in Position.objects.select_related("user").filter(user__is_active=True):
            officer = Officer(str(pos.user_id), copy_text(str(pos.user)))
            if pos.role == Role.DESK_OFFICER and pos.service_centre_id:
                by_centre.setdefault(pos.service_centre_id, []).append(officer)
            elif pos.agency_id:
                by_agency.setdefault((pos.agency_id, pos.role), []).append(officer)
        needed = sorted(set(agency_roles))
        centre_ids = sorted(set(centres))
        agencies = {a.pk: a.electronic_id for a in Agency.objects.filter(pk__in={a for a, _r in needed})}
        centre_eids = {c.pk: c.electronic_id for c in ServiceCentre.objects.filter(pk__in=centre_ids)}
        created = 0
        for agency_id, role in needed:
            if by_agency.get((agency_id, role)):
                continue
            for k in (1, 2):
                user = self._new_officer(f"{LOAD_PREFIX}{agencies[agency_id]}.{role}.{k}")
                Position.objects.create(
                    user=user, role=role, agency_id=agency_id, title=f"{Role(role).label} (dữ liệu tải thử)"
                )
                by_agency.setdefault((agency_id, role), []).append(
                    Officer(str(user.pk), copy_text(str(user)))
                )
                created += 1
        for centre_id in centre_ids:
            if by_centre.get(centre_id):
                continue
            for k in (1, 2):
                user = self._new_officer(f"{LOAD_PREFIX}{centre_eids[centre_id]}.desk_officer.{k}")
                Position.objects.create(
                    user=user,
                    role=Role.DESK_OFFICER,
                    service_centre_id=centre_id,
                    title="Cán bộ tiếp nhận và trả kết quả (dữ liệu tải thử)",
                )
                by_centre.setdefault(centre_id, []).append(Officer(str(user.pk), copy_text(str(user))))
                created += 1
        return by_agency, by_centre, created

    def _new_officer(self, username: str) -> User:
        user = User(username=username, full_name=self.name(), kind=User.Kind.STAFF)
        user.set_unusable_password()
        user.save()
        return user

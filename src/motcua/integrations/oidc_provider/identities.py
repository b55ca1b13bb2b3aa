"""The people the simulator can sign in: the demo citizens and one person the demo does not know.

Subjects are opaque, stable identifiers, as OpenID Connect recommends (OIDC Core §8); the real
provider's subject format is not known (docs/identity.md). Personal numbers follow TT 59/2021/TT-BCA
Art 4 and agree with the birth dates (century/gender digit and year digits).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class DemoIdentity:
    subject: str
    full_name: str
    personal_id: str
    birthdate: str
    gender: str
    phone: str
    email: str
    level: str
    note: str = ""

    def claims(self) -> dict[str, Any]:
        """Return the userinfo claims of this person, with the simulator's claim names."""
        claims = {
            "sub": self.subject,
            "name": self.full_name,
            "so_dinh_danh": self.personal_id,
            "birthdate": self.birthdate,
            "gender": self.gender,
            "phone_number": self.phone,
            "email": self.email,
        }
        return {name: value for name, value in claims.items() if value}


DEMO_IDENTITIES: list[DemoIdentity] = [
    DemoIdentity(
        subject="b3f6c1e2-4a57-4e0b-9a51-0c8d6f1e2a01",
        full_name="Nguyễn Văn An",
        personal_id="040095001234",
        birthdate="1995-03-12",
        gender="male",
        phone="0912345678",
        email="congdan@example.vn",
        level="LoA2",
        note="congdan",
    ),
    DemoIdentity(
        subject="5d2a9e47-1c3b-4f6e-8d70-2b9c4e6a7f02",
        full_name="Trần Thị Bình",
        personal_id="040190005678",
        birthdate="1990-07-08",
        gender="female",
        phone="0987654321",
        email="",
        level="LoA2",
        note="congdan2",
    ),
    DemoIdentity(
        subject="9e8f7a6b-3d2c-4b1a-a0f9-8e7d6c5b4a03",
        full_name="Lê Hoàng Cường",
        personal_id="040203001122",
        birthdate="2003-11-20",
        gender="male",
        phone="0905123456",
        email="cuong.le@example.vn",
        level="LoA1",
    ),
]


def all_identities() -> list[DemoIdentity]:
    """Return the identities shown on the sign-in page (tests may replace the list)."""
    return list(DEMO_IDENTITIES)


def find(subject: str) -> DemoIdentity | None:
    """Return the identity with this subject, if any."""
    return next((identity for identity in DEMO_IDENTITIES if identity.subject == subject), None)

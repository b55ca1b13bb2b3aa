"""Administrative units after 1 July 2025: 34 provinces, 3,321 communes, loaded idempotently."""

import pytest

from motcua.organisations.models import AdministrativeUnit
from motcua.organisations.services import load_administrative_units

pytestmark = pytest.mark.django_db


def test_units_match_the_2025_reorganisation():
    # whether or not an earlier test left them in place, loading twice changes nothing the second time
    load_administrative_units()
    assert load_administrative_units() == (0, 0)
    assert AdministrativeUnit.objects.filter(level="province").count() == 34
    assert AdministrativeUnit.objects.filter(level="commune").count() == 3321
    nghe_an = AdministrativeUnit.objects.get(code="40")
    assert nghe_an.name == "Nghệ An"
    assert nghe_an.children.filter(name="Phường Trường Vinh").exists()


def test_no_district_level_exists():
    load_administrative_units()
    assert not AdministrativeUnit.objects.exclude(level__in=["province", "commune"]).exists()

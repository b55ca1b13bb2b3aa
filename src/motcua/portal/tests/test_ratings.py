"""Ratings on the Art 33 criteria: once per finished dossier, by its applicant or at the kiosk."""

from django.urls import reverse

import pytest

from conftest import vn
from motcua.dossiers import services
from motcua.feedback.models import Criterion, Rating
from motcua.feedback.services import overall_level

pytestmark = pytest.mark.django_db

ALL_SATISFIED = {c.value: "satisfied" for c in Criterion}


@pytest.fixture
def returned(demo, submit):
    d = services.receive_dossier(
        dossier=submit(at=vn(2026, 3, 2, 8)), actor=demo.tiepnhan, at=vn(2026, 3, 2, 9)
    )
    for user in (demo.chuyenvien, demo.lanhdao, demo.vanthu, demo.tiepnhan):
        d = services.complete_step(dossier=d, actor=user, at=vn(2026, 3, 2, 10))
    return d


def test_one_unsatisfied_criterion_makes_the_rating_unsatisfied():
    assert overall_level({**ALL_SATISFIED, "attitude": "unsatisfied"}) == "unsatisfied"
    assert overall_level({**ALL_SATISFIED, "time": "very_satisfied"}) == "satisfied"


def test_applicant_rates_once_online(client, demo, returned):
    client.force_login(demo.congdan)
    url = reverse("portal:rate", args=[returned.code])
    assert "Thái độ, tinh thần phục vụ của cán bộ" in client.get(url).content.decode()
    response = client.post(url, {**ALL_SATISFIED, "comment": "Nhanh, chu đáo"})
    assert response.status_code == 302
    rating = Rating.objects.get(dossier=returned)
    assert rating.overall == "satisfied"
    assert rating.channel == "portal"
    assert client.get(url).status_code == 302  # already rated


def test_incomplete_rating_is_refused_and_nothing_saved(client, demo, returned):
    client.force_login(demo.congdan)
    response = client.post(reverse("portal:rate", args=[returned.code]), {"time": "satisfied"})
    assert "Vui lòng đánh giá đủ các tiêu chí" in response.content.decode()
    assert not Rating.objects.exists()


def test_another_citizen_and_unfinished_dossiers_cannot_be_rated(client, demo, submit, returned):
    client.force_login(demo.congdan2)
    assert client.get(reverse("portal:rate", args=[returned.code])).status_code == 404
    pending = submit(at=vn(2026, 3, 3, 8))
    client.force_login(demo.congdan)
    assert client.get(reverse("portal:rate", args=[pending.code])).status_code == 404


def test_kiosk_rating_needs_the_phone_digits(client, returned):
    url = reverse("portal:kiosk")
    wrong = client.get(url, {"ma": returned.code, "phone_last4": "0000"})
    assert "Không tìm thấy hồ sơ đã có kết quả" in wrong.content.decode()
    client.post(url, {"ma": returned.code, "phone_last4": "5678", "overall_check": "1", **ALL_SATISFIED})
    assert Rating.objects.get(dossier=returned).channel == "kiosk"

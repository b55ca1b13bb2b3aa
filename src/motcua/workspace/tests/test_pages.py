"""Staff pages: login required, worklist by role, actions through the dossier page."""

from django.urls import reverse

import pytest

from conftest import vn
from motcua.dossiers.transitions import DossierStatus

pytestmark = pytest.mark.django_db


def test_workspace_without_login_redirects_to_login(client, demo):
    response = client.get(reverse("workspace:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_desk_officer_sees_new_online_dossier_in_worklist(client, demo, submit):
    dossier = submit(at=vn(2026, 3, 2, 8, 0))
    client.force_login(demo.tiepnhan)
    assert dossier.code in client.get(reverse("workspace:home")).content.decode()
    client.force_login(demo.chuyenvien)
    assert dossier.code not in client.get(reverse("workspace:home")).content.decode()


def test_receive_through_the_page_then_specialist_sees_it(client, demo, submit):
    dossier = submit(at=vn(2026, 3, 2, 8, 0))
    client.force_login(demo.tiepnhan)
    response = client.post(reverse("workspace:receive", args=[dossier.code]), {"version": dossier.version})
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.RECEIVED
    client.force_login(demo.chuyenvien)
    assert dossier.code in client.get(reverse("workspace:home")).content.decode()


def test_stale_form_shows_a_conflict_message_and_changes_nothing(client, demo, submit):
    dossier = submit(at=vn(2026, 3, 2, 8, 0))
    client.force_login(demo.tiepnhan)
    client.post(reverse("workspace:receive", args=[dossier.code]), {"version": dossier.version})
    response = client.post(
        reverse("workspace:refuse", args=[dossier.code]),
        {"version": dossier.version, "reason": "x"},
        follow=True,
    )
    assert "vừa được người khác cập nhật" in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.RECEIVED


def test_officer_of_another_agency_cannot_see_the_dossier(client, demo, submit, django_user_model):
    from motcua.organisations.models import Agency, Position

    dossier = submit(at=vn(2026, 3, 2, 8, 0))
    other = django_user_model.objects.create(username="yte", kind="staff")
    Position.objects.create(user=other, role="specialist", agency=Agency.objects.get(short_name="Sở Y tế"))
    client.force_login(other)
    assert client.get(reverse("workspace:dossier", args=[dossier.code])).status_code == 404


def test_worklist_query_count_is_pinned(client, demo, submit, django_assert_max_num_queries):
    for day in range(2, 7):
        submit(at=vn(2026, 3, day, 8, 0))
    client.force_login(demo.tiepnhan)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("workspace:home"))
    assert response.content.decode().count("mc-code") >= 5

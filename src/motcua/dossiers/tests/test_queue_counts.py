"""The count of every queue equals the number of dossiers the queue lists, for every kind of officer.

The counts read the view in parts (the agency's own work, then dossiers transferred away, consulted,
or of the officer's centres); a dossier in two parts or in none would show here.
"""

from __future__ import annotations

import pytest

from conftest import vn
from motcua.dossiers import worklists
from motcua.dossiers.services import consult_agencies, receive_dossier, transfer_dossier
from motcua.organisations.models import Agency, Position

pytestmark = pytest.mark.django_db

AT = vn(2026, 3, 20, 9)


@pytest.fixture
def spread(demo, submit, django_user_model):
    """Open dossiers of Sở Tư pháp: at the desk, in work, transferred to Sở Y tế, consulted with it."""
    health = Agency.objects.get(short_name="Sở Y tế")
    officer = django_user_model.objects.create(username="yte", kind="staff")
    Position.objects.create(user=officer, role="specialist", agency=health)
    Position.objects.create(user=officer, role="leader", agency=health)
    submit(at=vn(2026, 3, 2, 8))  # waits at the desk
    received = [
        receive_dossier(dossier=submit(at=vn(2026, 3, d, 8)), actor=demo.tiepnhan, at=vn(2026, 3, d, 9))
        for d in (3, 4, 5, 6)
    ]
    consult_agencies(
        dossier=received[1],
        actor=demo.chuyenvien,
        agencies=[health],
        question="Cho ý kiến",
        working_days=2,
        at=AT,
    )
    transfer_dossier(
        dossier=received[2], actor=demo.lanhdao, to_agency=health, task="Thẩm định", working_days=3, at=AT
    )
    return [demo.chuyenvien, demo.lanhdao, demo.truongphong, demo.tiepnhan, officer, demo.bancidao]


def test_every_queue_count_equals_its_list_for_every_kind_of_officer(spread):
    seen = 0
    for user in spread:
        counts = worklists.count_queues(user=user, at=AT)
        for queue in worklists.QUEUES:
            listed = worklists.list_queue(user=user, queue=queue, at=AT, limit=10_000)
            assert counts[queue] == len(listed), (user.username, queue)
            seen += counts[queue]
    assert seen > 10


def test_the_transferred_and_the_consulted_dossiers_are_counted_once(spread):
    health_officer = spread[4]
    counts = worklists.count_queues(user=health_officer, at=AT)
    # Sở Y tế sees the dossier transferred to it (working on it now) and the one it was consulted on
    assert counts["unit"] == 1
    assert len(worklists.list_queue(user=health_officer, queue="to_process", at=AT, limit=100)) == 1
    justice_leader = spread[1]
    leader_counts = worklists.count_queues(user=justice_leader, at=AT)
    # Sở Tư pháp still sees the transferred one among those waiting for another agency
    assert leader_counts["waiting"] == 2

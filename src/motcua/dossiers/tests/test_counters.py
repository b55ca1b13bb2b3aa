"""Counters move with every event and equal an independent recount from the event log."""

import random
from datetime import timedelta

from django.core.management import CommandError, call_command

import pytest

from conftest import vn
from motcua.core.errors import DomainError
from motcua.dossiers import services
from motcua.dossiers.models import DailyCounter, PendingCounter
from motcua.dossiers.reconcile import compare

pytestmark = pytest.mark.django_db


def _total(column):
    return sum(DailyCounter.objects.values_list(column, flat=True))


def test_receipt_resolution_and_refusal_are_counted_by_day_and_timeliness(demo, submit):
    a = services.receive_dossier(
        dossier=submit(at=vn(2026, 3, 2, 8)), actor=demo.tiepnhan, at=vn(2026, 3, 2, 9)
    )
    b = submit(at=vn(2026, 3, 2, 8, 30))
    services.refuse_dossier(dossier=b, actor=demo.tiepnhan, at=vn(2026, 3, 2, 9, 5), reason="Sai mẫu tờ khai")
    assert _total("received_online") == 1
    assert _total("refused") == 1
    assert sum(PendingCounter.objects.values_list("pending", flat=True)) == 1
    # the same-day dossier is resolved the next day: late
    for user in (demo.chuyenvien, demo.lanhdao, demo.vanthu):
        a = services.complete_step(dossier=a, actor=user, at=vn(2026, 3, 3, 10))
    assert _total("resolved_late") == 1
    assert sum(PendingCounter.objects.values_list("pending", flat=True)) == 0
    assert a.events.get(type="resolved").data["timeliness"] == "late"
    assert compare() == []


def test_random_lifecycles_keep_counters_equal_to_a_recount(demo, submit):
    rng = random.Random(20260302)
    # a 5-working-day procedure leaves room for extensions and supplements
    demo.version.time_limit, demo.version.time_unit = 5, "working_days"
    demo.version.save(update_fields=["time_limit", "time_unit"])
    staff = {
        "specialist": demo.chuyenvien,
        "leader": demo.lanhdao,
        "clerk": demo.vanthu,
        "desk_officer": demo.tiepnhan,
    }
    start = vn(2026, 3, 2, 8)
    for _ in range(25):
        at = start + timedelta(hours=rng.randrange(0, 300))
        dossier = submit(at=at)
        at += timedelta(minutes=30)
        if rng.random() < 0.15:
            services.refuse_dossier(dossier=dossier, actor=demo.tiepnhan, at=at, reason="Thiếu giấy tờ")
            continue
        dossier = services.receive_dossier(dossier=dossier, actor=demo.tiepnhan, at=at)
        for _ in range(rng.randrange(0, 5)):
            at += timedelta(hours=rng.choice([1, 5, 30]))
            choice = rng.random()
            try:
                if choice < 0.15:
                    dossier = services.request_supplement(
                        dossier=dossier,
                        actor=staff[dossier.current_step.role],
                        at=at,
                        missing="Bản sao giấy tờ",
                    )
                    at += timedelta(hours=rng.choice([2, 50]))
                    dossier = services.receive_supplement(dossier=dossier, actor=demo.tiepnhan, at=at)
                elif choice < 0.25:
                    dossier = services.extend_due_date(
                        dossier=dossier,
                        actor=demo.lanhdao,
                        at=at,
                        new_due_at=dossier.due_at + timedelta(days=3),
                        reason="Xác minh",
                    )
                elif dossier.current_step is not None:
                    dossier = services.complete_step(
                        dossier=dossier, actor=staff[dossier.current_step.role], at=at
                    )
            except DomainError:
                dossier.refresh_from_db()
    # the generated lifecycles cover resolutions, refusals, restarts and extensions
    from motcua.dossiers.models import DossierEvent

    kinds = set(DossierEvent.objects.values_list("type", flat=True))
    assert {"resolved", "refused", "supplement_received", "extended"} <= kinds
    assert compare() == []
    call_command("reconcile_counters")


def test_reconcile_command_fails_on_a_tampered_counter(demo, submit):
    services.receive_dossier(dossier=submit(at=vn(2026, 3, 2, 8)), actor=demo.tiepnhan, at=vn(2026, 3, 2, 9))
    DailyCounter.objects.update(received_online=5)
    with pytest.raises(CommandError, match="difference"):
        call_command("reconcile_counters")

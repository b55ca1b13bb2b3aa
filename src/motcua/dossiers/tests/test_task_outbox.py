"""core.outbox: a task queued with a batch's rows is the row Task.enqueue writes, run by db_worker."""

from typing import Any

from django.core.management import call_command
from django.db import connection

import pytest
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from motcua.core.outbox import enqueue_with, task_row
from motcua.core.rows import Batch

pytestmark = pytest.mark.django_db

RAN: list[dict[str, object]] = []


@task()
def remember_task(*, code: str, seq: int) -> None:
    RAN.append({"code": code, "seq": seq})


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    RAN.clear()


def _fields(row: DBTaskResult[Any, Any]) -> dict[str, Any]:
    skip = {"id", "enqueued_at"}
    return {
        f.attname: getattr(row, f.attname)
        for f in DBTaskResult._meta.concrete_fields
        if f.attname not in skip
    }


@pytest.mark.usefixtures("database_queue")
def test_the_batched_row_is_the_row_enqueue_writes():
    remember_task.enqueue(code="A-1", seq=1)
    written = DBTaskResult.objects.get()
    built = task_row(remember_task, code="A-1", seq=1)
    assert built is not None
    batch = Batch()
    batch.add(built)
    batch.write()
    assert _fields(DBTaskResult.objects.get(pk=built.pk)) == _fields(written)


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("database_queue", "reseed_demo_afterwards")
def test_a_task_queued_with_a_batch_is_run_by_the_worker(django_assert_num_queries):
    batch = Batch()
    enqueue_with(batch, remember_task, code="A-2", seq=3)
    with django_assert_num_queries(1 if connection.vendor == "postgresql" else 2):
        batch.write()
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0")
    assert RAN == [{"code": "A-2", "seq": 3}]
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_with_another_backend_the_task_is_enqueued_once_the_rows_are_written():
    RAN.clear()
    batch = Batch()
    enqueue_with(batch, remember_task, code="A-3", seq=1)  # the test settings' immediate backend
    assert RAN == []
    batch.write()
    assert RAN == [{"code": "A-3", "seq": 1}]

"""Queueing a task together with the rows of a `core.rows.Batch` (design rule 7: the task row is
written in the same transaction as the change that causes it).

With the database task backend (django-tasks-db, production and the demo) the task's row joins the
batch, built exactly as `Task.enqueue` builds it, so on PostgreSQL it is written in the batch's
one statement. With any other backend (the immediate backend of the test suite runs the task at
once) the task is enqueued as usual once the batch's rows are written.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django_tasks.base import Task
from django_tasks.signals import task_enqueued
from django_tasks.utils import normalize_json
from django_tasks_db.backend import DatabaseBackend

from .rows import Batch

if TYPE_CHECKING:
    from django_tasks_db.models import DBTaskResult


def task_row(task: Task[Any, Any], **kwargs: Any) -> DBTaskResult[Any, Any] | None:
    """Return the row `task.enqueue(**kwargs)` would write with the database backend, unwritten;
    None with another backend."""
    from django_tasks_db.models import DBTaskResult

    backend = task.get_backend()
    if not isinstance(backend, DatabaseBackend):
        return None
    backend.validate_task(task)
    return DBTaskResult(
        id=backend._get_id(),
        args_kwargs=normalize_json({"args": (), "kwargs": kwargs}),
        priority=task.priority,
        task_path=task.module_path,
        queue_name=task.queue_name,
        run_after=task.run_after,  # type: ignore[misc]  # None: the model's pre_save sets "never"
        backend_name=backend.alias,
    )


def enqueue_with(batch: Batch, task: Task[Any, Any], **kwargs: Any) -> None:
    """Queue `task(**kwargs)` with the batch's rows (see the module docstring)."""
    row = task_row(task, **kwargs)
    if row is None:

        def enqueue() -> None:
            task.enqueue(**kwargs)

        batch.then(enqueue)
        return
    backend = task.get_backend()
    batch.add(row)

    def announce() -> None:
        task_enqueued.send(type(backend), task_result=row.task_result)

    batch.then(announce)

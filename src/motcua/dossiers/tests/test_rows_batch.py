"""core.rows, with the documents models intake writes: new rows written with statements built once."""

from datetime import datetime

from django.db import DataError, IntegrityError, connection, transaction
from django.db.models.signals import post_save, pre_save

import pytest

from motcua.core.rows import Batch, insert
from motcua.core.timeutil import VN_TZ
from motcua.documents.models import DigitisedPaper, StoredFile
from motcua.organisations.models import AdministrativeUnit

pytestmark = pytest.mark.django_db

AT = datetime(2026, 3, 2, 9, 0, tzinfo=VN_TZ)


def _file(name="a.pdf"):
    return StoredFile(
        file=f"uploads/{name}",
        original_name=name,
        content_type="application/pdf",
        extension="pdf",
        size=10,
        sha256="0" * 64,
        uploaded_at=AT,
    )


def _paper(file, holder="Lê Thị Cúc"):
    return DigitisedPaper(file=file, holder_name=holder, title="Tờ khai", digitised_at=AT)


def test_insert_writes_the_row_as_save_would_and_sets_its_key():
    stored = insert(_file())
    assert stored.pk is not None
    assert not stored._state.adding
    row = StoredFile.objects.get(pk=stored.pk)
    assert (row.original_name, row.size, row.uploaded_at) == ("a.pdf", 10, AT)


def test_insert_sends_the_save_signals():
    seen = []

    def before(sender, instance, **kwargs):
        seen.append(("pre", instance.pk, kwargs["raw"]))

    def after(sender, instance, created, **kwargs):
        seen.append(("post", instance.pk, created))

    pre_save.connect(before, sender=StoredFile)
    post_save.connect(after, sender=StoredFile)
    try:
        stored = insert(_file())
    finally:
        pre_save.disconnect(before, sender=StoredFile)
        post_save.disconnect(after, sender=StoredFile)
    assert seen == [("pre", None, False), ("post", stored.pk, True)]


def test_a_batch_writes_rows_pointing_at_each_other_in_one_statement(django_assert_num_queries):
    batch = Batch()
    stored = batch.add(_file())
    paper = batch.add(_paper(stored))
    with django_assert_num_queries(1):
        batch.write()
    assert paper.file_id == stored.pk
    assert paper.file is stored  # the related object stays cached
    assert DigitisedPaper.objects.get(pk=paper.pk).file_id == stored.pk


def test_a_batch_runs_its_extra_statements_and_then_its_callbacks():
    table = connection.ops.quote_name(AdministrativeUnit._meta.db_table)
    unit = AdministrativeUnit.objects.order_by("pk").first()
    called = []
    batch = Batch()
    stored = batch.add(_file())
    batch.add_statement(
        f"UPDATE {table} SET name = %s WHERE id = %s",  # noqa: S608 - the table comes from model metadata
        ["Tên đã đổi", unit.pk],
        table=AdministrativeUnit._meta.db_table,
    )
    batch.then(lambda: called.append(StoredFile.objects.filter(pk=stored.pk).exists()))
    batch.write()
    unit.refresh_from_db()
    assert unit.name == "Tên đã đổi"
    assert called == [True]


def test_a_batch_refuses_two_statements_on_one_table_and_a_statement_on_a_row_table():
    batch = Batch()
    batch.add_statement("UPDATE x SET a = 1", [], table="x")
    with pytest.raises(ValueError, match="already changes"):
        batch.add_statement("UPDATE x SET a = 2", [], table="x")
    other = Batch()
    other.add(_file())
    other.add_statement("UPDATE documents_storedfile SET size = 1", [], table=StoredFile._meta.db_table)
    with pytest.raises(ValueError, match="table the batch"):
        other.write()
    assert not StoredFile.objects.exists()


def test_a_row_pointing_at_a_later_row_of_the_batch_is_refused():
    batch = Batch()
    stored = _file()
    batch.add(_paper(stored))
    batch.add(stored)
    with pytest.raises(ValueError, match="not written before it"):
        batch.write()


def test_a_failing_batch_writes_nothing():
    batch = Batch()
    stored = batch.add(_file())
    batch.add(_paper(stored, holder="x" * 300))  # longer than the column
    with pytest.raises(DataError), transaction.atomic():
        batch.write()
    assert not StoredFile.objects.exists()
    assert not DigitisedPaper.objects.exists()


def test_the_statement_of_a_batch_shape_is_built_once():
    from motcua.core import rows

    def write():
        batch = Batch()
        batch.add(_paper(batch.add(_file())))
        batch.write()

    write()
    built = len(rows._statements_sql)
    write()
    assert len(rows._statements_sql) == built


def test_unique_violations_surface_as_integrity_errors():
    from motcua.core.models import ReferenceRevision

    batch = Batch()
    batch.add(ReferenceRevision(id=1, token="x"))  # the row migrations created
    with pytest.raises(IntegrityError), transaction.atomic():
        batch.write()

"""The load ceiling of `make bench`: the generator's own rows loaded again by PostgreSQL alone."""

from __future__ import annotations

from django.db import connection

import psycopg
import pytest

from bench.bench_load import ceiling
from conftest import vn
from motcua.demo.load import generate_load_data
from motcua.dossiers.models import Dossier, DossierComponent, DossierEvent, DueDateChange

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("reseed_demo_afterwards")]

TABLES = ("dossiers_dossier", "dossiers_dossierevent", "dossiers_dossiercomponent", "dossiers_duedatechange")


def _conninfo() -> str:
    s = connection.settings_dict
    return psycopg.conninfo.make_conninfo(
        dbname=s["NAME"], user=s["USER"], password=s["PASSWORD"], host=s["HOST"], port=s["PORT"]
    )


def test_load_ceiling_reloads_exactly_the_newest_dossiers_rows_and_leaves_nothing_behind(demo):
    generate_load_data(dossiers=200, province="40", now=vn(2026, 3, 20, 11, 0), years=1, seed=5)
    newest = list(Dossier.objects.order_by("-id").values_list("id", flat=True)[:120])

    result = ceiling(_conninfo(), sample=120, workers=2)

    assert result.rows == {
        "dossiers_dossier": 120,
        "dossiers_dossierevent": DossierEvent.objects.filter(dossier_id__in=newest).count(),
        "dossiers_dossiercomponent": DossierComponent.objects.filter(dossier_id__in=newest).count(),
        "dossiers_duedatechange": DueDateChange.objects.filter(dossier_id__in=newest).count(),
    }
    assert result.rows["dossiers_dossierevent"] > 120
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_indexes WHERE tablename = ANY(%s)", [list(TABLES)])
        assert result.indexes == cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM pg_class WHERE relname LIKE 'bench_ceiling%%'")
        assert cursor.fetchone()[0] == 0
    assert result.dossiers_per_s == pytest.approx(120 / result.seconds)
    assert 0 < result.copy_s <= result.seconds
    assert 0 < result.index_s <= result.seconds

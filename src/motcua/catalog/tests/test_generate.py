"""The benchmark data generator writes what publication would write, and only tops the catalog up."""

import random

from django.core.management import call_command

import pytest

from motcua.catalog.management.commands import generate_catalog as gen
from motcua.catalog.models import Procedure, ProcedureVersion
from motcua.catalog.services import check_graph
from motcua.catalog.specs import spec_of
from motcua.organisations.models import Agency

pytestmark = pytest.mark.django_db


def test_generated_rows_are_those_of_the_spec_and_pass_validation(demo):
    call_command("generate_catalog", procedures=4)
    agencies = list(Agency.objects.exclude(kind="service_centre").order_by("electronic_id"))
    rng = random.Random(gen.SEED)
    for n in range(1, 5):
        spec = gen._spec(n, rng, agencies)
        version = (
            ProcedureVersion.objects.select_related("procedure__sector", "competent_agency")
            .prefetch_related("papers", "fees", "results", "legal_bases", "process__steps__moves")
            .get(code=spec.code)
        )
        assert spec_of(version).content_equals(spec)
        assert check_graph(version=version, graph=spec_of(version).process) == []
        assert version.procedure.search_folded.startswith(spec.code)


def test_running_again_only_tops_up(demo):
    call_command("generate_catalog", procedures=3)
    call_command("generate_catalog", procedures=3)
    assert Procedure.objects.filter(code__startswith="8.").count() == 3
    call_command("generate_catalog", procedures=5)
    assert Procedure.objects.filter(code__startswith="8.").count() == 5

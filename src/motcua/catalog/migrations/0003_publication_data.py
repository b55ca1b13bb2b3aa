"""Move the skeleton's free-text decisions and legal bases into rows; give each version its code.

Free-text decision names become `Decision` rows (one per distinct text, dated by the earliest
version that cites it), legal-basis lines become `LegalBasis` rows, every procedure gets its current
code in the code history, and the steps of existing processes get explicit `next` moves to the
following step (what the skeleton's order-based processing did implicitly).
"""

from django.db import migrations

from motcua.core.text import fold


def forward(apps, schema_editor):
    Decision = apps.get_model("catalog", "Decision")
    LegalBasis = apps.get_model("catalog", "LegalBasis")
    Procedure = apps.get_model("catalog", "Procedure")
    ProcedureCode = apps.get_model("catalog", "ProcedureCode")
    ProcedureVersion = apps.get_model("catalog", "ProcedureVersion")
    Process = apps.get_model("catalog", "Process")
    ProcessMove = apps.get_model("catalog", "ProcessMove")

    def decision_for(text, day, kind, cache):
        text = text.strip()
        if not text:
            return None
        if text not in cache:
            cache[text] = Decision.objects.get_or_create(
                number=text[:100],
                issued_on=day,
                defaults={"effective_from": day, "kind": kind, "title": text[:500]},
            )[0]
        return cache[text]

    publications, approvals = {}, {}
    versions = ProcedureVersion.objects.select_related("procedure__sector").order_by("effective_from", "pk")
    for version in versions:
        procedure = version.procedure
        version.code = version.code or procedure.code
        version.name = version.name or procedure.name
        version.decision = decision_for(version.legacy_decision, version.effective_from, "publication", publications)
        version.save(update_fields=["code", "name", "decision"])
        lines = [line.strip().rstrip(";").strip() for line in version.legacy_legal_basis.splitlines()]
        LegalBasis.objects.bulk_create(
            [LegalBasis(version=version, order=i, text=line[:500]) for i, line in enumerate(filter(None, lines), 1)]
        )
        ProcedureCode.objects.get_or_create(
            code=procedure.code, defaults={"procedure": procedure, "valid_from": version.effective_from}
        )
    for procedure in Procedure.objects.select_related("sector"):
        procedure.search_folded = fold(f"{procedure.code} {procedure.name} {procedure.sector.name}")
        procedure.save(update_fields=["search_folded"])
    for process in Process.objects.select_related("version"):
        process.agency_id = process.version.competent_agency_id
        process.approval = decision_for(
            process.legacy_decision, process.version.effective_from, "process_approval", approvals
        )
        process.save(update_fields=["agency", "approval"])
        steps = list(process.steps.order_by("order"))
        ProcessMove.objects.bulk_create(
            [ProcessMove(step=a, kind="next", to_step=b) for a, b in zip(steps, steps[1:], strict=False)]
        )


def backward(apps, schema_editor):
    ProcedureVersion = apps.get_model("catalog", "ProcedureVersion")
    Process = apps.get_model("catalog", "Process")
    for version in ProcedureVersion.objects.select_related("decision"):
        version.legacy_decision = version.decision.number if version.decision_id else ""
        version.legacy_legal_basis = ";\n".join(b.text for b in version.legal_bases.order_by("order"))
        version.save(update_fields=["legacy_decision", "legacy_legal_basis"])
    for process in Process.objects.select_related("approval"):
        process.legacy_decision = process.approval.number if process.approval_id else ""
        process.save(update_fields=["legacy_decision"])


class Migration(migrations.Migration):

    dependencies = [
        ("catalog", "0002_publication_schema"),
    ]

    operations = [migrations.RunPython(forward, backward)]

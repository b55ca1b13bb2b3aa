"""Writing a checked Excel import (`excel.read_workbook`) in one transaction."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

import structlog

from motcua.catalog.excel import ImportPlan
from motcua.catalog.models import Decision
from motcua.core.errors import InvalidInput

from .publication import abolish_procedure, find_procedure, publish_version, record_decision

logger = structlog.get_logger(__name__)


@transaction.atomic
def import_catalog(*, plan: ImportPlan, actor: Any, at: datetime) -> ImportPlan:
    """Write a plan without errors: decisions, new procedures and versions, abolitions.

    Decree 118/2025/NĐ-CP Art 38(1)(c). A plan with any rejected row is refused whole.
    """
    if plan.errors:
        raise InvalidInput(_("Tệp còn %(n)d dòng bị từ chối; không ghi gì.") % {"n": len(plan.errors)})
    recorded = {
        d.number: record_decision(
            number=d.number,
            issued_on=d.issued_on,
            effective_from=d.effective_from,
            kind=d.kind,
            issuer=d.issuer,
            title=d.title,
            actor=actor,
        )
        for d in plan.decisions
    }

    def decision(number: str) -> Decision | None:
        if not number:
            return None
        return recorded.get(number) or Decision.objects.get(number=number)

    for action in plan.actions:
        if action.action in ("create", "amend", "recode"):
            publish_version(
                spec=action.spec,
                decision=decision(action.decision),
                process_decision=decision(action.process_decision),
                previous_code=action.previous_code,
                actor=actor,
                at=at,
            )
        if action.abolished_from is not None and action.abolish_decision:
            procedure = find_procedure(action.code)
            abolishing = decision(action.abolish_decision)
            if procedure is not None and abolishing is not None and procedure.abolished_from is None:
                abolish_procedure(
                    procedure=procedure, decision=abolishing, on=action.abolished_from, actor=actor
                )
    logger.info(
        "catalog_imported",
        created=plan.count("create"),
        amended=plan.count("amend") + plan.count("recode"),
        unchanged=plan.count("unchanged"),
        decisions=len(plan.decisions),
    )
    return plan

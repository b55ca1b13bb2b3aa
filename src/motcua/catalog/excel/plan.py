"""What reading a workbook produces: rejected rows and, per procedure row, what importing it does."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _

from motcua.catalog.specs import VersionSpec


@dataclass(frozen=True)
class RowError:
    sheet: str
    row: int
    message: str

    def __str__(self) -> str:
        if not self.sheet:
            return self.message
        return _("Trang “%(sheet)s”, dòng %(row)d: %(message)s") % {
            "sheet": self.sheet,
            "row": self.row,
            "message": self.message,
        }


@dataclass(frozen=True)
class DecisionRow:
    row: int
    number: str
    issued_on: date
    effective_from: date
    kind: str
    issuer: str
    title: str


@dataclass
class ProcedureAction:
    """What importing one procedure row does."""

    row: int
    code: str
    action: str  # "create", "amend", "recode", "abolish", "unchanged"
    spec: VersionSpec
    decision: str = ""
    process_decision: str = ""
    previous_code: str = ""
    abolished_from: date | None = None
    abolish_decision: str = ""
    abolish_only: bool = False


@dataclass
class ImportPlan:
    decisions: list[DecisionRow] = field(default_factory=list)
    actions: list[ProcedureAction] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    def count(self, action: str) -> int:
        return sum(1 for a in self.actions if a.action == action)

    @property
    def summary(self) -> str:
        return _(
            "Thêm mới %(create)d thủ tục, công bố phiên bản mới %(amend)d thủ tục, "
            "bãi bỏ %(abolish)d thủ tục, "
            "không thay đổi %(unchanged)d thủ tục."
        ) % {
            "create": self.count("create"),
            "amend": self.count("amend") + self.count("recode"),
            "abolish": sum(1 for a in self.actions if a.abolished_from is not None and a.abolish_decision),
            "unchanged": self.count("unchanged"),
        }

"""Every write to the catalog: publication (decisions, versions, codes, abolition) and processes."""

from motcua.catalog.selectors import is_in_use

from .form_fields import set_form_fields
from .importing import import_catalog
from .processes import approve_process, check_graph, discard_process_draft, save_process_draft
from .publication import (
    abolish_procedure,
    find_procedure,
    publish_version,
    record_decision,
    record_former_code,
    refresh_search_text,
)
from .template_files import attach_template_file

__all__ = [
    "abolish_procedure",
    "approve_process",
    "attach_template_file",
    "check_graph",
    "discard_process_draft",
    "find_procedure",
    "import_catalog",
    "is_in_use",
    "publish_version",
    "record_decision",
    "record_former_code",
    "refresh_search_text",
    "save_process_draft",
    "set_form_fields",
]

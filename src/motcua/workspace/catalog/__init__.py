"""Staff pages for the provincial administrator: the catalog, its figures, and the process editor.

Mounted by the workspace URLconf under ``danh-muc/`` (namespace ``workspace:catalog``).
"""

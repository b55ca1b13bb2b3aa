"""MộtCửa: the provincial administrative-procedure information system."""

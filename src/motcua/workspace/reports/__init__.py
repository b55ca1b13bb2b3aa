"""Steering dashboards and statutory reports, mounted at /can-bo/bao-cao/ (namespace workspace:reports)."""

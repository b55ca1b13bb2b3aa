"""Steering dashboards, the Decision 766 index and the statutory reports (Biểu 06, II.06a, II.07b).

Every figure is read from the KPI counters that the dossier services keep in the same transaction
as each event (`dossiers.counters`), or, where no counter exists, from the dossiers and their
event log; every figure drills down to the dossiers behind it, within the viewer's scope.
"""

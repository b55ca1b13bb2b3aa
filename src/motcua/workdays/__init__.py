"""
Working calendar and deadline arithmetic (pure Python: no Django, no database).

* `motcua.workdays.calendar` — `WorkingCalendar`: working days (weekends, public holidays,
  announced days off and make-up days) and office hours, indexed so working-time arithmetic is
  constant-time.
* `motcua.workdays.deadlines` — the Decree 118/2025/NĐ-CP time-limit rules as pure functions over
  a calendar: clock start, due dates, supplements, extensions, pauses, timeliness.
* `motcua.workdays.official_days` — the announced day swaps for 2025–2026, as data.

The Django side of the app (models for the admin-edited overrides, selectors) wraps these modules;
nothing here imports Django or reads the clock.
"""

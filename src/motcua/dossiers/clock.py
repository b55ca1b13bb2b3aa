"""The bridge between a dossier and the deadline engine in `workdays`."""

from __future__ import annotations

from datetime import datetime, time
from decimal import Decimal

from motcua.catalog.models import ProcedureVersion, TimeUnit
from motcua.workdays import deadlines as dl
from motcua.workdays import selectors
from motcua.workdays.selectors import get_calendar

from .transitions import Channel

_CHANNELS = {
    Channel.COUNTER: dl.Channel.COUNTER,
    Channel.ONLINE: dl.Channel.ONLINE,
    Channel.POSTAL: dl.Channel.POSTAL,
}


def duration_of(version: ProcedureVersion) -> dl.Duration:
    """Return the legal time limit of a procedure version as an engine duration."""
    value = Decimal(version.time_limit)
    unit = TimeUnit(version.time_unit)
    if unit == TimeUnit.WORKING_DAYS:
        return dl.WorkingDays(value)
    if unit == TimeUnit.WORKING_HOURS:
        return dl.WorkingHours(value)
    if unit == TimeUnit.CALENDAR_DAYS:
        return dl.CalendarDays(int(value))
    return dl.SameDay()


def due_for(*, version: ProcedureVersion, received_at: datetime, channel: int) -> dl.DueDate:
    """Compute clock start and due instant for a dossier received now through a channel."""
    return dl.explain_due(
        get_calendar(),
        received_at=received_at,
        channel=_CHANNELS[Channel(channel)],
        duration=duration_of(version),
        counter_cutoff=counter_cutoff(),
    )


def counter_cutoff() -> time:
    """Return the configured desk cutoff time (Decree 118/2025/NĐ-CP Art 18(2); default 15:00)."""
    return selectors.counter_cutoff()


def step_due(*, started_at: datetime, allotted_hours: Decimal) -> datetime:
    """Return the due instant of a process step started at a given instant."""
    return dl.step_due(get_calendar(), step_started_at=started_at, allotted_working_hours=allotted_hours)


def online_acceptance_due(*, arrived_at: datetime) -> datetime:
    """Return the instant by which an online dossier must be accepted or returned (Art 17(2))."""
    return dl.online_acceptance_deadline(get_calendar(), arrived_at)


def supplement_request_deadline(*, received_at: datetime) -> datetime:
    """Return the last instant to ask for a supplement after appraisal (Decree 118 Art 19(5))."""
    return dl.supplement_request_deadline(get_calendar(), received_at, working_days=3)


def supplement_expiry(*, requested_at: datetime) -> datetime:
    """Return when an uncompleted supplement closes the dossier (Decree 118 Art 19(5), 15 days)."""
    return dl.supplement_expiry(get_calendar(), requested_at, days=15)


def restart_after_supplement(
    *, version: ProcedureVersion, resubmitted_at: datetime, channel: int
) -> dl.DueDate:
    """Return the new due date once the complete dossier is back (clock restarts, Art 19(5))."""
    return dl.restart_after_supplement(
        get_calendar(),
        resubmitted_at=resubmitted_at,
        channel=_CHANNELS[Channel(channel)],
        duration=duration_of(version),
        counter_cutoff=counter_cutoff(),
    )


def extension_check(*, due_at: datetime, at: datetime, extensions_so_far: int) -> dl.ExtensionCheck:
    """Return whether an extension may be asked now (once, ≥ 1 day before the due date, Art 19(6))."""
    return dl.extension_request_allowed(
        get_calendar(), due_at=due_at, at=at, extensions_so_far=extensions_so_far
    )


def resume_after_pause(*, due_at: datetime, paused_at: datetime, resumed_at: datetime) -> datetime:
    """Return the due instant moved by the working time spent waiting for the applicant."""
    return dl.resume_after_pause(get_calendar(), due_at=due_at, paused_at=paused_at, resumed_at=resumed_at)


def due_from_start(*, version: ProcedureVersion, start: datetime) -> datetime:
    """Return the due instant of a clock started at `start`, on the current calendar."""
    return dl.compute_due(get_calendar(), start=start, duration=duration_of(version))


def working_days_after(*, start: datetime, working_days: int) -> datetime:
    """Return the instant N working days after `start` (consultation and transfer deadlines)."""
    return dl.compute_due(get_calendar(), start=start, duration=dl.WorkingDays(working_days))


def correction_deadline(*, reported_at: datetime) -> datetime:
    """Return when an erroneous result must be corrected: 3 working days (Decree 118 Art 23(1))."""
    return dl.correction_deadline(get_calendar(), reported_at=reported_at, working_days=3)

"""Domain errors: raised by services, translated into messages by the interface layer."""

from __future__ import annotations

from django.utils.functional import Promise


class DomainError(Exception):
    """A rule refused an action; `message` is translated and safe to show to the user."""

    code = "domain_error"

    def __init__(self, message: str | Promise, *, code: str | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        if code is not None:
            self.code = code


class NotAllowed(DomainError):
    """The actor may not perform this action on this object now."""

    code = "not_allowed"


class Conflict(DomainError):
    """Someone else changed the object first; reload and try again."""

    code = "conflict"


class InvalidInput(DomainError):
    """The input is malformed; `field` names the offending input when known."""

    code = "invalid_input"

    def __init__(self, message: str | Promise, *, field: str | None = None, code: str | None = None) -> None:
        super().__init__(message, code=code)
        self.field = field

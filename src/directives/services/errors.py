"""Errors the services raise, each with a message fit to show the user."""


class ServiceError(Exception):
    """Base class: something the user asked for cannot be done."""


class PermissionDenied(ServiceError):
    """The acting user's role or unit does not allow this."""


class NotFound(ServiceError):
    """A referenced row does not exist."""


class InvalidInput(ServiceError):
    """A value is wrong; the message says which field and why."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message

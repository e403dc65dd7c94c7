"""Exceptions that name the bad value and where it came from."""

from __future__ import annotations


class RefnetError(Exception):
    """Base class of refnet's errors."""


class InputError(RefnetError):
    """A bad value in a user's input, with its origin (``file:line``)."""

    def __init__(self, message: str, *, value: object = None, origin: str = "") -> None:
        self.value = value
        self.origin = origin
        where = f"{origin}: " if origin else ""
        shown = f" (value: {value!r})" if value is not None else ""
        super().__init__(f"{where}{message}{shown}")


class ConfigError(RefnetError):
    """The review configuration does not validate."""

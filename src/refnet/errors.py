"""Exceptions that name the bad value and where it came from."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator


class RefnetError(Exception):
    """Base class of refnet's errors."""


class InputError(RefnetError):
    """A bad value in a user's input, with its origin (``file:line``)."""

    def __init__(self, message: str, *, value: object = None, origin: str = "") -> None:
        self.message = message
        self.value = value
        self.origin = origin
        where = f"{origin}: " if origin else ""
        shown = f" (value: {value!r})" if value is not None else ""
        super().__init__(f"{where}{message}{shown}")


class ConfigError(RefnetError):
    """The review configuration does not validate."""


class SourceError(RefnetError):
    """The online sources failed for most of the review (see sources.best_effort)."""


#: Environment variable that asks for tracebacks (set from review.yaml ``verbose``).
VERBOSE_ENV = "REFNET_VERBOSE"


def show_tracebacks(on: bool) -> None:
    """Ask this process and the stage scripts it starts for tracebacks of errors."""
    if on:
        os.environ[VERBOSE_ENV] = "1"


def verbose() -> bool:
    """Whether errors show their traceback (review.yaml ``verbose: true`` or REFNET_VERBOSE=1)."""
    return os.environ.get(VERBOSE_ENV, "") not in ("", "0", "false")


@contextlib.contextmanager
def stop_on_error(traceback: bool = False) -> Iterator[None]:
    """Turn a :class:`RefnetError` into one message on stderr and exit status 1.

    With ``traceback`` (or REFNET_VERBOSE=1) the error is raised with its traceback.
    """
    try:
        yield
    except RefnetError as exc:
        if traceback or verbose():
            raise
        print(f"refnet: {exc}", file=sys.stderr)
        raise SystemExit(1) from None

"""Python's cyclic garbage collector paused while a bulk step builds many small objects."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic collector off meanwhile, then back as it was.

    Reading, parsing and matching build hundreds of thousands of small tuples, dicts and
    lists but no reference cycles; each full collection would walk every object alive
    (about a tenth of their time). Reference counting still frees everything at once.
    Usable as a decorator: ``@collector_paused()``.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()

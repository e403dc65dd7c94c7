"""Text columns that Bokeh writes into the page without encoding each value.

Bokeh's serializer encodes a list value by value (a reference check and a type dispatch
per string): for the hundreds of thousands of strings of a large review's tables that is
most of the page's time. A :class:`Texts` list holding only ``str`` values is written as
it is, which is what that per-value encoding gives for strings; anything else in it goes
through Bokeh's own encoding, so the page's bytes are the same either way.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from bokeh.core.serialization import Serializer


class Texts(list):
    """A list of text values for a Bokeh data source."""


def texts(values: Iterable[Any]) -> Texts:
    """``values`` as a :class:`Texts` list."""
    return Texts(values)


def _encode(values: Texts, serializer: Serializer) -> list[Any]:
    if all(type(v) is str for v in values):
        return list(values)
    return [serializer.encode(v) for v in values]


Serializer.register(Texts, _encode)

"""Column-wise text building for the graph writers: escaping and joining Arrow strings.

Every function takes and returns whole columns (Arrow large strings), so a file of
millions of lines is built by a few C++ kernels per chunk, not by Python per row.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from refnet.errors import InputError
from refnet.formatting import TEXT, as_array, literal, text_bytes, value_text

# characters XML 1.0 forbids (control characters other than tab, newline, return)
_NOT_XML = "[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]"
_TEXT_ENTITIES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"))
_ATTR_ENTITIES = (
    *_TEXT_ENTITIES,
    ('"', "&quot;"),
    ("\n", "&#10;"),
    ("\r", "&#13;"),
    ("\t", "&#9;"),
)


def _replace_all(text: pa.Array, entities: tuple[tuple[str, str], ...]) -> pa.Array:
    """``text`` without XML-forbidden characters and with ``entities`` replaced."""
    counts = np.bincount(text_bytes(text), minlength=256)
    controls = np.r_[0:9, 11, 12, 14:32]
    if counts[controls].any() or counts[0xEF]:  # U+FFFE and U+FFFF start with 0xEF
        text = pc.replace_substring_regex(text, _NOT_XML, "")
    for char, entity in entities:
        if counts[ord(char)]:
            text = pc.replace_substring(text, char, entity)
    return text


def xml_text(values: pa.Array) -> pa.Array:
    """Strings escaped for XML element content (forbidden characters removed)."""
    return _replace_all(as_array(values).cast(TEXT), _TEXT_ENTITIES)


def xml_attribute(values: pa.Array) -> pa.Array:
    """Strings escaped for a double-quoted XML attribute value."""
    return _replace_all(as_array(values).cast(TEXT), _ATTR_ENTITIES)


def join(*parts: pa.Array | str) -> pa.Array:
    """Element-wise concatenation of text columns and literal strings (null reads as "")."""
    arrays = [literal(p) if isinstance(p, str) else pc.fill_null(p, literal("")) for p in parts]
    if len(arrays) == 1:
        return arrays[0]
    return pc.binary_join_element_wise(*arrays, literal(""))


def wrap(values: pa.Array, before: str, after: str) -> pa.Array:
    """``before + value + after`` where a value is present, "" where it is null."""
    joined = pc.binary_join_element_wise(literal(before), values, literal(after), literal(""))
    return pc.fill_null(joined, literal(""))


def attribute_values(column: pd.Series) -> pa.Array:
    """A node or edge attribute as XML-ready text: null where the value is missing or
    empty text."""
    text = value_text(pa.array(column, from_pandas=True), booleans=("true", "false"))
    return pc.if_else(pc.equal(text, literal("")), pa.scalar(None, TEXT), text)


def numbers(n: int, start: int = 0) -> pa.Array:
    """``start, start+1, ...`` as text."""
    return pc.cast(pa.array(np.arange(start, start + n, dtype=np.int64)), TEXT)


def positions_in(values: pd.Series, ids: pd.Series) -> np.ndarray:
    """The position of each value among ``ids`` (-1 when absent), hashed by Arrow."""
    found = pc.index_in(_strings(values), value_set=_strings(ids))
    return found.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int64)


def endpoint_numbers(nodes: pd.DataFrame, edges: pd.DataFrame) -> tuple[pa.Array, pa.Array]:
    """The 1-based positions in ``nodes`` of each edge's source and target, as text.

    Raises :class:`InputError` naming the first end that is not a node.
    """
    ends = []
    for end in ("source", "target"):
        positions = positions_in(edges[end], nodes["id"])
        if (positions < 0).any():
            missing = edges[end].iloc[int(np.flatnonzero(positions < 0)[0])]
            raise InputError("edge end is not in the node table", value=str(missing))
        ends.append(pc.cast(pa.array(positions + 1), TEXT))
    return ends[0], ends[1]


def _strings(column: pd.Series) -> pa.Array:
    return as_array(pa.array(column, type=pa.large_string(), from_pandas=True))

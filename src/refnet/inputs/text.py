"""The one way refnet reads the text of an input file.

Decoding policy: a byte-order mark decides (UTF-8 with BOM, UTF-16 LE/BE, UTF-32 LE/BE);
without one the bytes are read as UTF-8. Bytes that are not valid in that encoding become
U+FFFD and each line holding such bytes is reported (file, line, reason), so nothing is
lost silently and the rest of the file is still read.

Lines end at ``\\n``, ``\\r\\n`` or ``\\r`` only. Vertical tab, form feed, NEL, U+2028 and
U+2029 are characters inside a line (``str.splitlines`` would split there and shift
every later line number).
"""

from __future__ import annotations

import bisect
import codecs
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from refnet.model import PROBLEM_COLUMNS, frame

#: Byte-order marks and the codec each one selects (longest first: UTF-32 LE starts like UTF-16 LE).
BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_BYTE_LINE_BREAK = re.compile(rb"\r\n|\r|\n")
_SURROGATE = re.compile("[\ud800-\udfff]")
#: Lines with undecodable bytes listed one by one; past this, one row says how many more.
MAX_REPORTED_LINES = 20

_state = threading.local()


def _record(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    _state.bad.append(exc.start)
    return "\ufffd", exc.end


codecs.register_error("refnet-record", _record)


@dataclass
class Decoded:
    """The text of a file, the codec used and the lines (1-based) that had bad bytes."""

    text: str
    encoding: str
    bad_lines: list[int] = field(default_factory=list)


def split_lines(text: str) -> list[str]:
    """Lines of ``text`` split at ``\\n``, ``\\r\\n`` and ``\\r`` only (no final empty line)."""
    if not text:
        return []
    lines = _LINE_BREAK.split(text) if "\r" in text else text.split("\n")
    if lines[-1] == "":
        lines.pop()
    return lines


def decode(data: bytes) -> Decoded:
    """Text of ``data`` by the policy of this module."""
    encoding, start = "utf-8", 0
    for bom, codec in BOMS:
        if data.startswith(bom):
            encoding, start = codec, len(bom)
            break
    body = data[start:]
    _state.bad = []
    try:
        text = body.decode(encoding, errors="refnet-record")
        positions = _state.bad
    finally:
        _state.bad = []
    if not positions:
        return Decoded(text, encoding)
    if encoding == "utf-8":  # ASCII line breaks never occur inside a UTF-8 sequence
        breaks = [m.end() for m in _BYTE_LINE_BREAK.finditer(body)]
    else:  # rare (an odd byte or a lone surrogate in UTF-16/32): place them in the text
        breaks = [m.end() for m in _LINE_BREAK.finditer(text)]
        positions = [i for i, c in enumerate(text) if c == "\ufffd"]
    lines = {bisect.bisect_right(breaks, position) + 1 for position in positions}
    return Decoded(text, encoding, sorted(lines))


def decode_problems(decoded: Decoded, origin: str, stage: str) -> pd.DataFrame:
    """One problem row per line with undecodable bytes (at most :data:`MAX_REPORTED_LINES`)."""
    rows = [
        {
            "stage": stage,
            "origin": f"{origin}:{line}",
            "value": "",
            "reason": f"bytes that are not {decoded.encoding.upper()} replaced by U+FFFD",
        }
        for line in decoded.bad_lines[:MAX_REPORTED_LINES]
    ]
    rest = len(decoded.bad_lines) - MAX_REPORTED_LINES
    if rest > 0:
        rows.append(
            {
                "stage": stage,
                "origin": f"{origin}:{decoded.bad_lines[MAX_REPORTED_LINES]}",
                "value": "",
                "reason": f"{rest} more lines with bytes that are not {decoded.encoding.upper()}",
            }
        )
    return frame(rows, PROBLEM_COLUMNS)


def read_text(path: str | Path, origin: str, stage: str) -> tuple[str, pd.DataFrame]:
    """The text of the file ``path`` and the problem rows of its undecodable lines."""
    decoded = decode(Path(path).read_bytes())
    return decoded.text, decode_problems(decoded, origin, stage)


def replace_surrogates(text: str) -> tuple[str, bool]:
    """``text`` with lone surrogates (from YAML or JSON escapes) replaced by U+FFFD."""
    if not _SURROGATE.search(text):
        return text, False
    return _SURROGATE.sub("\ufffd", text), True
